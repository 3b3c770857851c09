"""DOCX loading: headings, paragraphs and tables in document order."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.loaders.archive import check_archive
from ingest.loaders.ocr import OcrOptions, OcrReport, image_as_png, looks_scanned, read_pages
from ingest.loaders.tables import rows_to_blocks
from ingest.model import Block

# A big image whose OCR finds fewer words than this is a figure (a chart's labels, a map's
# place names), left out; a scanned page of text has hundreds.
MIN_SCAN_WORDS = 20
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _heading_level(paragraph: Paragraph) -> int:
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(style)
    return int(match.group(1)) if match else 0


def _table_rows(table: Table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans: keep it once.
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(cell.text.strip())
        rows.append(cells)
    return rows


def _scans(document, paragraph: Paragraph) -> list[bytes]:
    """The images in ``paragraph`` as big as a scanned page, in order."""
    images = []
    for relation in paragraph._p.xpath(".//a:blip/@r:embed"):
        part = document.part.related_parts.get(relation)
        if part is not None and looks_scanned(part.blob):
            images.append(part.blob)
    return images


def load_docx(
    path: Path, data: bytes, ocr: OcrOptions | None = None
) -> tuple[list[Block], str, OcrReport]:
    """Blocks in document order; an image as big as a scanned page (a letter or notice pasted
    in) is read by OCR where it stands."""
    check_archive(data)
    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    scans: dict[int, tuple[int, bytes]] = {}  # image number -> (block position, image)
    table_number = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            for image in _scans(document, item):
                scans[len(scans) + 1] = (len(blocks), image)
                blocks.append(Block(kind="paragraph", text=""))  # filled in by OCR below
            text = item.text.strip()
            if not text:
                continue
            level = _heading_level(item)
            blocks.append(Block(kind="heading" if level else "paragraph", text=text, level=level))
        elif isinstance(item, Table):
            table_number += 1
            blocks.extend(rows_to_blocks(_table_rows(item), where=f"Table {table_number}"))
    found, report = read_pages(
        list(scans), lambda n: image_as_png(scans[n][1])[0], ocr or OcrOptions(), path.name
    )
    report.what = ("images", "image")
    for number, page in found.items():
        if len(page.text.split()) < MIN_SCAN_WORDS:  # a chart or a map, not a page of text
            del report.pages[number]
            continue
        position = scans[number][0]
        blocks[position] = Block(kind="paragraph", text=page.text, ocr_confidence=page.confidence)
    title = (document.core_properties.title or "").strip()
    return [b for b in blocks if b.text.strip()], title, report
