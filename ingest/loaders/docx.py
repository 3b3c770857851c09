"""DOCX loading: headings, paragraphs and tables in document order."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.loaders.archive import check_archive
from ingest.loaders.tables import rows_to_blocks
from ingest.model import Block

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


def load_docx(path: Path, data: bytes) -> tuple[list[Block], str]:
    check_archive(data)
    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    table_number = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            level = _heading_level(item)
            blocks.append(Block(kind="heading" if level else "paragraph", text=text, level=level))
        elif isinstance(item, Table):
            table_number += 1
            blocks.extend(rows_to_blocks(_table_rows(item), where=f"Table {table_number}"))
    title = (document.core_properties.title or "").strip()
    return blocks, title
