"""PDF loading with pypdf: one block per page, page numbers kept (1-based)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from ingest.loaders.errors import UnreadableFile
from ingest.loaders.furniture import strip_furniture
from ingest.model import Block

_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


def clean_page_text(text: str) -> str:
    """The page's lines trimmed, without the double spaces of justified text."""
    lines = text.replace("\r", "").split("\n")
    return "\n".join(_INNER_SPACES.sub(" ", line.strip()) for line in lines).strip()


def load_pdf(path: Path, data: bytes) -> tuple[list[Block], str]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:
            raise UnreadableFile("the PDF is encrypted and needs a password") from exc
        if not ok:
            raise UnreadableFile("the PDF is encrypted and needs a password")
    try:
        texts = [clean_page_text(page.extract_text() or "") for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise UnreadableFile("the PDF is encrypted and needs a password") from exc
    blocks = [
        Block(kind="page", text=text, page=number)
        for number, text in enumerate(strip_furniture(texts), start=1)
    ]
    title = ""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # broken metadata is no reason to lose the text
        title = ""
    return blocks, title
