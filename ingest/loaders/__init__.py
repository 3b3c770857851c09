"""File loaders: one module per format, each turning a file into a LoadedDocument."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from ingest.loaders.errors import UnreadableFile
from ingest.loaders.ocr import INSTALL_HINT, OcrOptions, OcrReport
from ingest.model import Block, LoadedDocument

# A Symbol or Wingdings font's glyphs, which a PDF or a Word file copied into another format
# gives at U+F020-U+F0FF when the font says nothing of what they are: on councils' papers they
# are list bullets, tick boxes and arrows ("\uf0b7 An example of…", "\uf0f0 Agree"), shown as
# empty boxes in a browser and pasted as such into a report.
_SYMBOL_FONT_GLYPH = re.compile("[\uf020-\uf0ff]")
_BULLET = "•"

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans, read by OCR
SUPPORTED_SUFFIXES = (
    *(".pdf", ".docx", ".xlsx", ".xlsm", ".html", ".htm", ".txt", ".md", ".csv"),
    *IMAGE_SUFFIXES,
)


def _loader_for(suffix: str, ocr: OcrOptions) -> Callable[[Path, bytes], tuple]:
    # Imported lazily so that loading one format never pays for the others' libraries.
    if suffix == ".pdf":
        from ingest.loaders.pdf import load_pdf

        return functools.partial(load_pdf, ocr=ocr)
    if suffix in IMAGE_SUFFIXES:
        from ingest.loaders.ocr import load_image

        return functools.partial(load_image, ocr=ocr)
    if suffix == ".docx":
        from ingest.loaders.docx import load_docx

        return functools.partial(load_docx, ocr=ocr)
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


def load_file(path: Path, max_bytes: int, ocr: OcrOptions | None = None) -> LoadedDocument:
    """Read one file into blocks, scans by OCR. Raises UnreadableFile with a reason a person
    can act on."""
    ocr = ocr or OcrOptions()
    suffix = path.suffix.lower()
    loader = _loader_for(suffix, ocr)
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
        blocks, declared_title, *read_by_ocr = loader(path, data)
    except UnreadableFile:
        raise
    except Exception as exc:  # a library failing on a malformed file: report, don't crash
        raise UnreadableFile(
            f"the {suffix.lstrip('.').upper()} file is damaged or not what its name says "
            f"({type(exc).__name__}: {str(exc)[:120]})"
        ) from exc
    ocr_report = read_by_ocr[0] if read_by_ocr else None
    blocks = [_symbols_as_bullets(b) for b in blocks]
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile(_no_text_reason(suffix, ocr_report))
    return LoadedDocument(
        source=display_name(path.name),
        path=str(path.resolve()),
        format=suffix.lstrip("."),
        blocks=blocks,
        sha256=hashlib.sha256(data).hexdigest(),
        declared_title=declared_title,
        ocr_note=ocr_report.summary(ocr.min_confidence) if ocr_report else "",
    )


def _symbols_as_bullets(block: Block) -> Block:
    """The block with a symbol font's private-use glyphs read as the bullets they stand for."""
    if not _SYMBOL_FONT_GLYPH.search(block.text + "".join(v for _, v in block.fields)):
        return block
    return dataclasses.replace(
        block,
        text=_SYMBOL_FONT_GLYPH.sub(_BULLET, block.text),
        fields=tuple((k, _SYMBOL_FONT_GLYPH.sub(_BULLET, v)) for k, v in block.fields),
    )


def display_name(name: str) -> str:
    """A file name as text on one line: bytes that are not UTF-8 (names from old file
    servers) and control characters such as newlines shown escaped, e.g. "r\\xe9sum\\xe9.txt"."""
    escaped = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in escaped)


def _no_text_reason(suffix: str, ocr: OcrReport | None) -> str:
    if ocr is not None and ocr.why_unread == INSTALL_HINT:
        return f"a scan with no text layer: {INSTALL_HINT}"
    if ocr is not None and (ocr.pages or suffix in IMAGE_SUFFIXES):
        return "no text found, even with OCR (a photograph or a blank page?)"
    if ocr is not None and ocr.unread:
        return f"a scan whose pages could not be read: {ocr.why_unread}"
    return "the file contains no text"


__all__ = ["SUPPORTED_SUFFIXES", "UnreadableFile", "display_name", "load_file"]
