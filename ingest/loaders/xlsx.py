"""XLSX loading with openpyxl: every sheet, merged cells resolved, long runs of empty rows cut."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl

from ingest.loaders.archive import check_archive
from ingest.loaders.errors import UnreadableFile
from ingest.loaders.tables import rows_to_blocks
from ingest.model import Block

MAX_EMPTY_RUN = 1000
MAX_CELLS = 2_000_000


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d %b %Y") if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_rows(sheet) -> list[list[str]]:
    if sheet.max_row * max(sheet.max_column, 1) > MAX_CELLS:
        raise UnreadableFile(
            f"sheet '{sheet.title}' claims {sheet.max_row:,} rows x {sheet.max_column:,} columns, "
            "too large to read safely"
        )
    # A value merged down several rows (one lead for a group of actions) belongs to each of
    # them; a value merged across columns (a title, a spanning header, a section row) stays in
    # its first cell, so it still reads as one title, header or section.
    merged = {}
    for cell_range in sheet.merged_cells.ranges:
        top_left = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for r in range(cell_range.min_row + 1, cell_range.max_row + 1):
            merged[(r, cell_range.min_col)] = top_left
    rows, empty_run = [], 0
    for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = [_cell_text(merged.get((r, c), v)) for c, v in enumerate(values, start=1)]
        if any(row):
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                break
        rows.append(row)
    return rows


def load_xlsx(path: Path, data: bytes) -> tuple[list[Block], str]:
    check_archive(data)
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        blocks.extend(rows_to_blocks(_sheet_rows(sheet), where=sheet.title))
    title = (workbook.properties.title or "").strip()
    return blocks, title
