"""PDF loading with pypdf: one block per page, page numbers kept (1-based), and the rows of
action tables without IDs, the fields of record tables and the rows of numbered tables of data
as row blocks (``pdf_tables.ruled_table_rows``)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from ingest.loaders.errors import UnreadableFile
from ingest.loaders.furniture import strip_furniture
from ingest.loaders.ocr import OcrOptions, OcrReport, pdf_page_image, read_pages
from ingest.loaders.pdf_tables import ruled_table_rows
from ingest.model import Block

_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


def clean_page_text(text: str) -> str:
    """The page's lines trimmed, without the double spaces of justified text."""
    lines = text.replace("\r", "").split("\n")
    return "\n".join(_INNER_SPACES.sub(" ", line.strip()) for line in lines).strip()


# A page with less text than this and an image on it is taken for a scan.
MIN_PAGE_CHARS = 20


def load_pdf(
    path: Path, data: bytes, ocr: OcrOptions | None = None
) -> tuple[list[Block], str, OcrReport]:
    """Pages as blocks; pages that are scans (an image, next to no text) are read by OCR."""
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
    scans = [n for n, page in enumerate(reader.pages, start=1) if _is_scan(page, texts[n - 1])]
    found, report = read_pages(scans, pdf_page_image(data), ocr or OcrOptions(), path.name)
    rows, without_tables = _table_rows(
        data, [t if n not in scans else "" for n, t in enumerate(texts, 1)]
    )
    for number, text in without_tables.items():
        texts[number - 1] = clean_page_text(text)
    for number, page in found.items():
        texts[number - 1] = clean_page_text(page.text)
    blocks = [
        Block(
            kind="page",
            text=text,
            page=number,
            ocr_confidence=found[number].confidence if number in found else None,
        )
        for number, text in enumerate(strip_furniture(texts), start=1)
    ] + rows
    title = ""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # broken metadata is no reason to lose the text
        title = ""
    return blocks, title, report


def _table_rows(data: bytes, texts: list[str]) -> tuple[list[Block], dict[int, str]]:
    """``ruled_table_rows``, or none when the tables cannot be read: the text has them."""
    try:
        return ruled_table_rows(data, texts)
    except Exception:  # a table pdfplumber cannot read is no reason to lose the document
        return [], {}


def _is_scan(page, text: str) -> bool:
    if len("".join(text.split())) >= MIN_PAGE_CHARS:
        return False
    try:
        return len(page.images) > 0
    except Exception:  # an image pypdf cannot list: render the page and see
        return True
