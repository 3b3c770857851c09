"""Action-plan columns recognised by the words in their headings ("LCC team leads" and "LCC
departmental leads" are both the lead), and the action ID a row's first cell holds (pure)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ingest.ids import fold_confusables, leading_action_id, normalise_action_id, numbered_in_runs
from ingest.model import Block

# field: words any of which in a column heading names it, tried in this order
_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("action_id", ("action id", "ref", "id")),
    ("note", ("update", "note", "progress", "comment")),
    ("rag", ("rag",)),
    ("stage", ("stage", "status")),
    ("start", ("start",)),
    ("end", ("end", "deadline", "due", "complete by", "target date", "by when")),
    ("partners", ("partner", "involved", "support")),
    ("lead", ("lead", "owner", "responsib", "who", "whom")),
    ("role", ("role",)),
    ("objective", ("objective", "outcome", "theme")),
    ("action", ("action", "description", "activity")),
]

# A whole cell under an identifier column may hold an ID in another scheme: "1.1", "T/04".
_CELL_ID = re.compile(r"^[A-Za-z]{0,4}[./-]?\d{1,3}(?:[./-]\d{1,3}){0,2}[a-z]?$")


def column_field(heading: str) -> str | None:
    """The record field a column heading names, or None."""
    words = " ".join(fold_confusables(heading).lower().split())
    for name, keys in _COLUMNS:
        if any(re.search(_key_pattern(key), words) for key in keys):
            return name
    return None


def _key_pattern(key: str) -> str:
    """Short keys ("id", "rag") as whole words; longer ones as word starts ("partner" in
    "Partners")."""
    return rf"\b{re.escape(key)}\b" if len(key) <= 3 else rf"\b{re.escape(key)}"


def cell_action_id(heading: str, value: str) -> str | None:
    """The action ID a table row's first cell holds, normalised, or None: any cell that starts
    with one ("T6 Review…"), or a whole cell under an identifier column ("Ref": "1.1")."""
    found = leading_action_id(value)
    if found or column_field(heading) != "action_id":
        return found
    cell = fold_confusables(value.strip())
    return normalise_action_id(cell) if _CELL_ID.match(cell) else None


_ID_PARTS = re.compile(r"^([A-Z]+)[.\-]?(\d+)")  # a normalised ID's letters and number


def is_action_table(lines: Sequence[tuple[int, str]]) -> bool:
    """Whether a PDF's lines, as (page, text), hold an action table whose rows open with IDs:
    three or more different IDs under a column heading line that names an ID column and
    another ("Action ID Objective Action Lead Status"); without such a line, IDs numbered in
    runs ("T1", "T2", "T3"), two or more to a page on average where they appear. A plan's
    policies headed "HO1 Housing mix", one to a page, and a glossary's "CO2 Carbon dioxide",
    "CH4 Methane" are not action tables."""
    ids = [(page, found) for page, text in lines if (found := leading_action_id(text))]
    distinct = {action_id for _, action_id in ids}
    if len(distinct) < 3:
        return False
    if any(_names_id_column(text) for _, text in lines):
        return True
    codes = [(m.group(1), int(m.group(2))) for i in distinct if (m := _ID_PARTS.match(i))]
    return len(ids) >= 2 * len({page for page, _ in ids}) and bool(numbered_in_runs(codes))


def _names_id_column(line: str) -> bool:
    words = line.split()
    if len(words) > 12 or column_field(line) != "action_id":
        return False
    return len({column_field(w) for w in words} - {None, "action_id"}) >= 1


def unnumbered_action_tables(rows: Sequence[Block]) -> set[str]:
    """The tables (by ``Block.where``) whose rows are actions without IDs: two rows or more,
    none opening with an action ID, under column headings that name the action and who leads
    it ("Action", "Lead officer")."""
    tables: dict[str, list[Block]] = defaultdict(list)
    for row in rows:
        if row.fields:
            tables[row.where].append(row)
    found = set()
    for where, members in tables.items():
        named = {column_field(heading) for row in members for heading, _ in row.fields}
        numbered = any(cell_action_id(*row.fields[0]) for row in members)
        if len(members) >= 2 and {"action", "lead"} <= named and not numbered:
            found.add(where)
    return found
