"""A PDF's ruled tables read cell by cell (pdfplumber): actions, records and tables of data.

Text extraction (pypdf) gives a row's cells run together; pdfplumber finds the table's ruling
lines and gives each cell. Not every table is ruled well enough: rows that come out with a
different number of cells from their table's headings are left out, and their records are read
from the text instead. An action table without IDs has no ID lines to find its rows by in the
text, so its rows are taken from the ruled table alone; so are a record table's fields and
the rows of a table of data that the page names by its number, or whose column headings the
document prints again at the top of each page (``ruled_table_rows``).
"""

from __future__ import annotations

import functools
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import takewhile
from pathlib import Path

from ingest.columns import column_field, unnumbered_action_tables
from ingest.ids import leading_action_id
from ingest.loaders.tables import rows_to_blocks
from ingest.model import Block

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


# A page is searched for such tables only when a short stretch of its text (a line, or up to
# three lines of twelve words or fewer in all, as a heading row's cells may come out) has words
# that ``ingest.columns`` reads as an action column's and a lead column's headings:
# pdfplumber takes about a tenth of a second a page.
HEADING_WORDS = 12


def may_hold_action_table(text: str) -> bool:
    """Whether a page's text has a short stretch that reads like an action table's headings."""
    lines = text.split("\n")
    return any(
        {"action", "lead"} <= _fields(words)
        for start in range(len(lines))
        for words in _word_runs(lines[start:])
    )


def _word_runs(lines: list[str]) -> Iterator[list[str]]:
    """The words of the first line, of the first two, of the first three, while they are
    ``HEADING_WORDS`` or fewer: where a heading row's cells may come out one to a line."""
    words: list[str] = []
    for line in lines[:3]:
        words = words + line.split()
        if len(words) > HEADING_WORDS:
            return
        yield words


def _fields(words: list[str]) -> set[str]:
    """The record fields that ``words`` name as column headings."""
    return {_heading_field(word) for word in words} - {None}


@functools.lru_cache(maxsize=8192)
def _heading_field(word: str) -> str | None:
    """``column_field`` of one word, kept: a page's words are mostly the document's words."""
    return column_field(word)


def ruled_table_rows(data: bytes, texts: list[str]) -> tuple[list[Block], dict[int, str]]:
    """The rows of ruled tables that the page text would scramble, as row blocks with their
    page, and for each page that holds one, its text without those tables, so that nothing is
    read twice:

    - tables of actions without IDs (``unnumbered_action_tables``: headings that name the
      action and who leads it, no row opening with an ID), numbered in order ("Action table
      2"); a table at the top of the next page with as many columns continues the table, its
      heading row repeated or not;
    - record tables (``record_fields``) on pages with column headings the document repeats;
    - tables of data (``data_table_rows``) on pages that name a table by its number ("Table
      1", "in Table 3 below"), each row under the table's caption, as a spreadsheet's rows
      are read; and on pages that open with the column headings of a table the document runs
      on from page to page (``tables_with_repeated_headings``), as a spreadsheet printed to
      PDF has them.
    """
    import pdfplumber  # imported here: only pages with such headings need it

    actions = {n for n, text in enumerate(texts, 1) if may_hold_action_table(text)}
    records = pages_with_repeated_headings(texts)
    numbered = {n for n, text in enumerate(texts, 1) if _NAMES_A_TABLE.search(text)}
    repeated = repeated_top_lines(texts)
    if not (actions or records or numbered or repeated):
        return [], {}
    tables: list[_ActionTable] = []
    others: list[Block] = []
    rest: dict[int, str] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        of_data = numbered | tables_with_repeated_headings(pdf.pages, repeated)
        wanted = actions | records | of_data
        for number in range(1, len(texts) + 1):
            last = tables[-1] if tables and tables[-1].page == number - 1 else None
            if number not in wanted and last is None:
                continue
            page = pdf.pages[number - 1]
            kept = []
            settings: dict[str, float] = {}
            for position, table in enumerate(page.find_tables()):
                cells = [[(c or "").strip() for c in row] for row in table.extract()]
                continues = position == 0 and last is not None and last.continued_by(cells, number)
                found = None if continues else _ActionTable.read(cells, number, len(tables) + 1)
                if found:
                    tables.append(found)
                own = []
                if not (continues or found):
                    own = _record_or_data_rows(
                        page, table, position + 1, number in records, number in of_data
                    )
                if own:
                    others += own
                    settings = _TIGHT_WORDS
                if continues or found or own:
                    kept.append(table)
            if kept:
                outside = functools.partial(_outside, boxes=[table.bbox for table in kept])
                rest[number] = page.filter(outside).extract_text(**settings)
            page.close()  # its layout is done with: a long table's pages need not all be held
    return [row for table in tables for row in table.rows] + others, rest


def _record_or_data_rows(
    page, table, position: int, repeats_headings: bool, holds_data: bool
) -> list[Block]:
    """A record table's block (on a page whose column headings the document repeats), or the
    rows of a table of data under its caption (on a page that names a table by its number, or
    opens with its column headings); none for another table."""
    cells = _cells(page, table)
    where = f"page {page.page_number}, table {position}"
    if repeats_headings and (fields := record_fields(cells)):
        text = "\n".join(f"{heading}: {value}" for heading, value in fields)
        return [
            Block(kind="row", text=text, page=page.page_number, fields=tuple(fields), where=where)
        ]
    if holds_data and (rows := data_table_rows(cells)):
        caption = _caption_above(page, table.bbox)
        return [replace(r, page=page.page_number, where=where, section=caption) for r in rows]
    return []


# Letters closer than this (in points) are one word in record tables and tables of data, and
# on their pages: pdfplumber's default, 3, runs together the words of tightly set text
# ("resilientsheltersby"), which pypdf reads apart.
_TIGHT_WORDS = {"x_tolerance": 1.5}

# A record table's column heading: a few words, no figures, no sentence's punctuation.
_RECORD_HEADING = re.compile(r"^[^\d.;:]{1,60}$")
RECORD_HEADING_WORDS = 5


def record_fields(cells: list[list[str]]) -> list[tuple[str, str]] | None:
    """The (heading, value) pairs of a table that holds one record, as plans often set each of
    their strategies or projects in a box of its own: a row of column headings ("Timeline",
    "Lead Agency", "Partner Agency") over one row of values, under rows of a label and its
    text ("Strategy", "Solar Emergency Shelters - …"). Read as text, the headings run
    together in one line and the values, cell by cell, in the lines after it, so no value
    stays with its heading. None for any other table."""
    rows = [[_cell_text(cell) for cell in row] for row in cells]
    if len(rows) < 2:
        return None
    headings, values = rows[-2], rows[-1]
    if len(headings) < 3 or len(values) != len(headings) or values == headings:
        return None
    if not all(_is_record_heading(h) for h in headings) or sum(map(bool, values)) < 2:
        return None
    labelled = []
    for row in rows[:-2]:
        filled = [cell for cell in row if cell]
        if len(filled) != 2 or row[0] != filled[0] or not _is_record_heading(row[0]):
            return None
        labelled.append((filled[0], filled[1]))
    return labelled + [(h, v) for h, v in zip(headings, values, strict=True) if v]


def _cells(page, table) -> list[list[str | None]]:
    """A table's cells, without the text of a line that overhangs its top edge (a title set
    just above the ruling, which pdfplumber would put in the first row's cells)."""
    from pdfplumber.table import Table  # imported here, as pdfplumber is

    top = table.bbox[1] - _OVERHANG
    inside = page.filter(lambda obj: obj.get("object_type") != "char" or obj["top"] >= top)
    return Table(inside, table.cells).extract(**_TIGHT_WORDS)


_OVERHANG = 1.0  # points: a letter whose top is higher than this above a table is not in it

# Where a table runs on from page to page, its column headings are printed again near the top
# of each page: in the first few lines, on one line or several (as a heading row's cells may
# come out one to a line), three words or more without figures, over three columns or more.
HEADING_REACH = 12
MIN_HEADING_WORDS = 3
MIN_HEADING_COLUMNS = 3


def repeated_top_lines(texts: list[str]) -> dict[str, list[int]]:
    """Runs of lines near the top of two pages or more, three words or more and without
    figures, with the pages they are on: a table's column headings printed again on each page
    ("COMMITTEE STRATEGY ACTIONS … CAPITAL COST RANGE"), or a running header."""
    pages: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(texts, 1):
        top = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
        top = top[:HEADING_REACH]
        runs = {
            " ".join(top[start:end])
            for start in range(len(top))
            for end in range(start + 1, len(top) + 1)
        }
        for run in runs:
            if len(run.split()) >= MIN_HEADING_WORDS and not re.search(r"\d", run):
                pages[run].append(number)
    return {run: found for run, found in pages.items() if len(found) >= 2}


def tables_with_repeated_headings(pages, repeated: dict[str, list[int]]) -> set[int]:
    """The pages of the ``repeated`` runs of lines that have the words of a ruled table's
    heading row, no more and no fewer, on pages that follow one another: a table running on
    from page to page. The first such page alone is read for each run, so a running header
    costs a page. A form printed once for each decision, pages apart ("(e) Exempt Information?
    | Open"), is no table of data."""
    headings = functools.cache(lambda number: _heading_words(pages[number - 1]))
    found: set[int] = set()
    for run, numbers in repeated.items():
        running_on = [n for n in numbers if n - 1 in numbers or n + 1 in numbers]
        if running_on and frozenset(run.split()) in headings(running_on[0]):
            found.update(running_on)
    return found


def _heading_words(page) -> set[frozenset[str]]:
    """The words of the heading row of each ruled table of three columns or more on a page;
    the page is closed after, as most pages read for this hold no such table."""
    grids = [_grid(_cells(page, table)) for table in page.find_tables()]
    page.close()
    return {
        frozenset(" ".join(rows[0]).split())
        for rows in grids
        if rows and len(rows[0]) >= MIN_HEADING_COLUMNS
    }


# "Table 1", "table 3.2": a page that names a table by its number may hold it
_NAMES_A_TABLE = re.compile(r"\bTable\s+\d", re.IGNORECASE)
COLUMN_HEADING_WORDS = 8


def data_table_rows(cells: list[list[str | None]]) -> list[Block] | None:
    """The rows of a ruled table of data, as a spreadsheet's or a DOCX table's are read: a row
    of column headings over two rows or more, none opening with an action ID (those are read
    from the text). None for a box of running text, a table without headings, or a record."""
    rows = _grid(cells)
    if len(rows) < 3 or len(rows[0]) < 2 or not all(map(_is_column_heading, rows[0])):
        return None
    if any(leading_action_id(r[0]) for r in rows[1:]):
        return None
    found = [b for b in rows_to_blocks(rows, "table") if b.kind == "row"]
    return found if len(found) >= 2 else None


# A table's caption sits in the few lines just above it: "Table 3.4:" / "Energy use and
# Emissions from Public Lighting", "Table 9 – B&NES Milestones revised".
_CAPTION = re.compile(r"^\s*Table\s+\d")
CAPTION_REACH = 60  # points above the table's top edge


def _caption_above(page, box: tuple[float, float, float, float]) -> str:
    """The caption just above a table ("Table 9 – B&NES Milestones revised"), or ""."""
    top = box[1]
    if top <= 0:
        return ""
    above = page.crop((0, max(0.0, top - CAPTION_REACH), page.width, top))
    lines = (above.extract_text(**_TIGHT_WORDS) or "").split("\n")
    for start in range(len(lines) - 1, -1, -1):
        if _CAPTION.match(lines[start]):
            return " ".join(" ".join(lines[start:]).split())
    return ""


def _grid(cells: list[list[str | None]]) -> list[list[str]]:
    """A table's cells as text, without its empty columns and rows, its heading row whole."""
    rows = [[_cell_text(cell) for cell in row] for row in cells]
    used = [j for j in range(max(map(len, rows), default=0)) if any(_at(r, j) for r in rows)]
    return _heading_joined([r for r in ([_at(r, j) for j in used] for r in rows) if any(r)])


def _heading_joined(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with a heading row that the ruling split in two made one again: two rows of
    short headings, each filling two columns or more, that together fill every column once
    ("", "SUBACTIONS", "CAPITAL COST RANGE" over "ACTIONS", "", "")."""
    if len(rows) < 2:
        return rows
    first, second = ({j for j, cell in enumerate(row) if cell} for row in rows[:2])
    headings = [cell for row in rows[:2] for cell in row if cell]
    if (
        len(first) >= 2
        and len(second) >= 2
        and not first & second
        and first | second == set(range(len(rows[0])))
        and len(rows[1]) == len(rows[0])
        and all(map(_is_column_heading, headings))
    ):
        return [[a or b for a, b in zip(rows[0], rows[1], strict=True)], *rows[2:]]
    return rows


def _at(row: list[str], j: int) -> str:
    return row[j] if j < len(row) else ""


def _is_column_heading(cell: str) -> bool:
    words = cell.split()
    return (
        0 < len(words) <= COLUMN_HEADING_WORDS
        and not cell.endswith(".")
        and any(c.isalpha() for c in cell)
    )


def _cell_text(cell: str) -> str:
    """A cell's lines as one: a word broken at a hyphen ("Short-" / "term") joined whole."""
    return " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", cell or "").split())


def _is_record_heading(cell: str) -> bool:
    return bool(_RECORD_HEADING.match(cell)) and len(cell.split()) <= RECORD_HEADING_WORDS


def pages_with_repeated_headings(texts: list[str]) -> set[int]:
    """The pages that hold column headings the document repeats, one set to a record
    ("Timeline Impact on GHG Secondary Benefits Lead Agency Partner Agency"): a line, or a few
    lines as a heading row's cells may come out, of twelve words or fewer in all, naming two
    fields of a record or more (``ingest.columns``), without figures or punctuation."""
    pages: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(texts, 1):
        lines = text.split("\n")
        for start in range(len(lines)):
            if found := _headings_from(lines[start:]):
                pages[found].append(number)
    return {n for found in pages.values() if len(found) >= 2 for n in found}


def _headings_from(lines: list[str]) -> str:
    """The shortest run of ``lines`` from the first, before any line with figures or
    punctuation, that reads as a row of column headings."""
    plain = list(takewhile(lambda line: not _FIGURES_OR_PUNCTUATION.search(line), lines))
    return next((" ".join(w) for w in _word_runs(plain) if len(_fields(w)) >= 2), "")


_FIGURES_OR_PUNCTUATION = re.compile(r"[\d.,;:]")


@dataclass
class _ActionTable:
    """An action table without IDs as read so far: its heading row, its rows and the page it
    last ran on."""

    where: str
    headings: list[str]
    rows: list[Block]
    page: int

    @classmethod
    def read(cls, cells: list[list[str]], page: int, number: int) -> _ActionTable | None:
        """The table of ``cells`` as the document's ``number``th action table, when it holds
        actions without IDs."""
        rows = rows_to_blocks(cells, "table")
        if "table" not in unnumbered_action_tables(rows):
            return None
        where = f"Action table {number}"
        headings = next(row for row in cells if sum(1 for cell in row if cell) >= 2)
        return cls(where, headings, [replace(r, page=page, where=where) for r in rows], page)

    def continued_by(self, cells: list[list[str]], page: int) -> bool:
        """Take the rows of ``cells`` as this table's when they have its columns and, read
        under its headings, hold actions without IDs."""
        if not cells or len(cells[0]) != len(self.headings):
            return False
        body = cells[1:] if cells[0] == self.headings else cells
        rows = rows_to_blocks([self.headings, *body], "table")
        before = [replace(r, where="table") for r in self.rows]
        if not rows or "table" not in unnumbered_action_tables(before + rows):
            return False
        offset = max(r.row or 0 for r in self.rows) - 1  # the first row after the headings is 2
        self.rows += [
            replace(r, page=page, where=self.where, row=(r.row or 0) + offset) for r in rows
        ]
        self.page = page
        return True


def _outside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a page object's centre lies outside every box (x0, top, x1, bottom): a line of
    text that touches a table's top edge, or overhangs it, is not in the table."""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return not any(
        x0 <= x <= x1 and top <= y <= bottom and obj["top"] >= top - _OVERHANG
        for x0, top, x1, bottom in boxes
    )
