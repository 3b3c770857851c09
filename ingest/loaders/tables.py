"""Turning a grid of cell strings into title, section and row blocks (pure logic).

Used by every loader that meets a table: spreadsheets, DOCX tables, HTML tables, CSV.
"""

from __future__ import annotations

from ingest.ids import MINUTE_NUMBER
from ingest.model import Block

_MAX_SECTION_CHARS = 80


def _filled(row: list[str]) -> list[int]:
    return [i for i, cell in enumerate(row) if cell.strip()]


def _is_subheader(row: list[str], header: list[str]) -> bool:
    """A second header row: it labels columns under a spanning header and holds no data."""
    filled = _filled(row)
    if len(filled) < 2 or filled[0] == 0:
        return False
    spanned = any(j < len(header) and not header[j].strip() for j in filled)
    return spanned and all(len(row[j]) <= 30 for j in filled)


def column_names(header: list[str], subheader: list[str] | None) -> list[str]:
    names, carried = [], ""
    for j, cell in enumerate(header):
        top = cell.strip()
        if top:
            carried = top
        sub = subheader[j].strip() if subheader and j < len(subheader) else ""
        if sub:
            names.append(f"{top or carried} {sub}".strip())
        else:
            names.append(top or f"Column {j + 1}")
    return names


def rows_to_blocks(rows: list[list[str]], where: str) -> list[Block]:
    """Find the header (and a second header row under spanning cells), section rows and data.

    Rows before the header with a single filled cell are titles; a row after the header whose
    only filled cell is a short first cell (for example "Transport") is a section that carries
    onto the rows below it. A table whose first row opens with an item's number ("25/01",
    minutes set out as a table) has no header: its columns are "Column 1", "Column 2", …
    """
    rows = [[(c or "").strip() for c in row] for row in rows]
    blocks: list[Block] = []
    start = 0
    while start < len(rows) and len(_filled(rows[start])) <= 1:
        if _filled(rows[start]):
            title = rows[start][_filled(rows[start])[0]]
            blocks.append(Block(kind="heading", text=title, level=1, where=where, row=start + 1))
        start += 1
    if start >= len(rows):
        return blocks
    header = rows[start]
    data_from = start + 1
    subheader = None
    width = max(len(r) for r in rows)
    if MINUTE_NUMBER.match(header[0]):
        header, data_from = [""] * width, start
    elif data_from < len(rows) and _is_subheader(rows[data_from], header):
        subheader = rows[data_from]
        data_from += 1
    names = column_names(header + [""] * (width - len(header)), subheader)
    section = ""
    for index in range(data_from, len(rows)):
        row = rows[index]
        filled = _filled(row)
        if not filled:
            continue
        if filled == [0] and len(row[0]) <= _MAX_SECTION_CHARS:
            section = row[0]
            continue
        fields = tuple((names[j], row[j]) for j in filled)
        text = "\n".join(f"{name}: {value}" for name, value in fields)
        blocks.append(
            Block(kind="row", text=text, fields=fields, where=where, row=index + 1, section=section)
        )
    return blocks
