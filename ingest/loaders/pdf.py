"""PDF loading with pypdf: one block per page, page numbers kept (1-based)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from ingest.loaders.errors import UnreadableFile
from ingest.model import Block

_PAGE_FOOTER = re.compile(r"^\s*Page\s+\d+\s*$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


def clean_page_text(text: str) -> str:
    """Drop bare page-number footers and the double spaces of justified text."""
    raw = text.replace("\r", "").split("\n")
    lines = []
    for i, line in enumerate(raw):
        at_edge = i == 0 or i == len(raw) - 1
        if _PAGE_FOOTER.match(line) or (at_edge and _BARE_NUMBER.match(line)):
            continue
        lines.append(_INNER_SPACES.sub(" ", line.strip()))
    return "\n".join(lines).strip()


def load_pdf(path: Path, data: bytes) -> tuple[list[Block], str]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:
            raise UnreadableFile("the PDF is encrypted and needs a password") from exc
        if not ok:
            raise UnreadableFile("the PDF is encrypted and needs a password")
    blocks = []
    try:
        for number, page in enumerate(reader.pages, start=1):
            text = clean_page_text(page.extract_text() or "")
            blocks.append(Block(kind="page", text=text, page=number))
    except FileNotDecryptedError as exc:
        raise UnreadableFile("the PDF is encrypted and needs a password") from exc
    title = ""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # broken metadata is no reason to lose the text
        title = ""
    return blocks, title
