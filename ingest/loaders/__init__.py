"""File loaders: one module per format, each turning a file into a LoadedDocument."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from ingest.loaders.errors import UnreadableFile
from ingest.model import LoadedDocument

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xlsm", ".html", ".htm", ".txt", ".md", ".csv")


def _loader_for(suffix: str) -> Callable[[Path, bytes], tuple[list, str]]:
    # Imported lazily so that loading one format never pays for the others' libraries.
    if suffix == ".pdf":
        from ingest.loaders.pdf import load_pdf

        return load_pdf
    if suffix == ".docx":
        from ingest.loaders.docx import load_docx

        return load_docx
    if suffix in (".xlsx", ".xlsm"):
        from ingest.loaders.xlsx import load_xlsx

        return load_xlsx
    if suffix in (".html", ".htm"):
        from ingest.loaders.html import load_html

        return load_html
    if suffix == ".csv":
        from ingest.loaders.text import load_csv

        return load_csv
    if suffix in (".txt", ".md"):
        from ingest.loaders.text import load_text

        return load_text
    raise UnreadableFile(
        f"unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}"
    )


def load_file(path: Path, max_bytes: int) -> LoadedDocument:
    """Read one file into blocks. Raises UnreadableFile with a reason a person can act on."""
    suffix = path.suffix.lower()
    loader = _loader_for(suffix)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(f"cannot open the file ({exc.strerror})") from exc
    if size == 0:
        raise UnreadableFile("the file is empty (0 bytes)")
    if size > max_bytes:
        raise UnreadableFile(
            f"the file is {size / 1e6:.3g} MB, over the {max_bytes / 1e6:.3g} MB limit"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file ({exc.strerror})") from exc
    try:
        blocks, declared_title = loader(path, data)
    except UnreadableFile:
        raise
    except Exception as exc:  # a library failing on a malformed file: report, don't crash
        raise UnreadableFile(
            f"the {suffix.lstrip('.').upper()} file is damaged or not what its name says "
            f"({type(exc).__name__}: {str(exc)[:120]})"
        ) from exc
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile(_no_text_reason(suffix))
    return LoadedDocument(
        source=display_name(path.name),
        path=str(path.resolve()),
        format=suffix.lstrip("."),
        blocks=blocks,
        sha256=hashlib.sha256(data).hexdigest(),
        declared_title=declared_title,
    )


def display_name(name: str) -> str:
    """A file name as text on one line: bytes that are not UTF-8 (names from old file
    servers) and control characters such as newlines shown escaped, e.g. "r\\xe9sum\\xe9.txt"."""
    escaped = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in escaped)


def _no_text_reason(suffix: str) -> str:
    if suffix == ".pdf":
        return "no extractable text (probably a scanned PDF without a text layer; OCR it first)"
    return "the file contains no text"


__all__ = ["SUPPORTED_SUFFIXES", "UnreadableFile", "display_name", "load_file"]
