"""A PDF's tables read cell by cell (pdfplumber), for action records with real columns.

Text extraction (pypdf) gives a row's cells run together; pdfplumber finds the table's ruling
lines and gives each cell. Not every table is ruled well enough: rows that come out with a
different number of cells from their table's headings are left out, and their records are read
from the text instead.
"""

from __future__ import annotations

from pathlib import Path

from ingest.ids import leading_action_id

Row = list[tuple[str, str]]


def read_table_rows(path: Path) -> list[Row]:
    """(column heading, value) pairs for each table row that starts with an action ID."""
    import pdfplumber  # imported here: only PDF action plans need it

    rows: list[Row] = []
    headings: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                for raw in table:
                    cells = [" ".join((cell or "").split()) for cell in raw]
                    if not cells or not cells[0]:
                        continue
                    if leading_action_id(cells[0]) is None:
                        if len(cells) >= 3 and all(cells[:3]):
                            headings = cells  # a heading row: the columns from here on
                        continue
                    row = align(headings, cells)
                    if row:
                        rows.append(row)
        return rows


def align(headings: list[str], cells: list[str]) -> Row | None:
    """Cells paired with their headings. A RAG column is a colour with no text, which the
    extractor often drops: a row one cell short of headings that have one is read without it."""
    if len(cells) == len(headings):
        return list(zip(headings, cells, strict=True))
    rag = [i for i, h in enumerate(headings) if "rag" in h.lower().split()]
    if len(cells) == len(headings) - 1 and len(rag) == 1:
        kept = [h for i, h in enumerate(headings) if i != rag[0]]
        return list(zip(kept, cells, strict=True))
    return None
