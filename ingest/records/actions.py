"""Action records from action-plan rows: who leads what, by when, and how it is going (pure).

A spreadsheet row arrives as "column: value" lines; a PDF table row as the table's cells when
the PDF's table could be read cell by cell, else as its text, which is split with the roles and
stages the other rows of the same table use. Columns are recognised by words in their
headings, so plans that name them differently ("LCC team leads", "LCC departmental leads")
fill the same field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.columns import column_field
from ingest.ids import leading_action_id
from ingest.model import Chunk

_MONTHS = {
    m: n
    for n, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})[\s\-/']*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(20\d\d)$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


@dataclass
class ActionRecord:
    doc_id: str
    source: str
    plan: str  # the plan's title
    plan_date: str | None  # when the plan or update was issued, ISO
    section: str
    action_id: str  # normalised: "T3"
    action_id_original: str  # as written: "ТЗ"
    action: str
    lead: str = ""
    role: str = ""
    partners: str = ""
    objective: str = ""
    start: str = ""  # as written: "Apr-25", "Ongoing"
    end: str = ""
    start_date: str | None = None  # understood: "2025-04"
    end_date: str | None = None
    stage: str = ""
    rag: str = ""
    note: str = ""
    page: int | None = None
    sheet: str = ""
    row: int | None = None
    locator: str = ""
    status: str = "complete"  # complete | partial
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "action", **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActionRecord:
        return cls(**{k: v for k, v in data.items() if k != "kind"})


def plan_date(text: str) -> str | None:
    """ "Apr-25" -> "2025-04", "March 2026" -> "2026-03", "2030" -> "2030"; "Ongoing", "TBC"
    and anything else -> None (the text is kept as written for display)."""
    value = text.strip()
    match = _MONTH_YEAR.match(value)
    if match and match.group(1).lower() in _MONTHS:
        year = int(match.group(2))
        year += 2000 if year < 100 else 0
        return f"{year:04d}-{_MONTHS[match.group(1).lower()]:02d}"
    match = _NUMERIC.match(value)
    if match and 1 <= int(match.group(2)) <= 12:
        year = int(match.group(3))
        year += 2000 if year < 100 else 0
        return f"{year:04d}-{int(match.group(2)):02d}"
    match = _YEAR.match(value)
    return match.group(1) if match else None


def record_from_fields(
    fields: Sequence[tuple[str, str]], chunk: Chunk, plan_date_iso: str | None
) -> ActionRecord | None:
    """A record from a row's (column heading, value) pairs; None when it has no action ID."""
    values: dict[str, str] = {}
    for heading, value in fields:
        name = column_field(heading)
        if name and value.strip() and name not in values:
            values[name] = " ".join(value.split())
    original = values.pop("action_id", "") or chunk.meta.get("action_id_original", "")
    action_id = leading_action_id(original) or chunk.meta.get("action_id")
    if not action_id:
        return None
    record = _base(chunk, action_id, original.split()[0] if original else action_id, plan_date_iso)
    for name, value in values.items():
        setattr(record, name, value)
    _finish(record)
    return record


def record_from_text(
    chunk: Chunk, plan_date_iso: str | None, vocabulary: RowVocabulary
) -> ActionRecord:
    """A record from a PDF row read as text ("T31 5, 6 Investigate ….\\nAsk Partners Discovery
    Note"): the first line holds the ID and the action, the rest the role, partners, stage and
    note, told apart by the roles and stages seen in the table's readable rows."""
    original = chunk.meta.get("action_id_original") or chunk.meta["action_id"]
    record = _base(chunk, chunk.meta["action_id"], original, plan_date_iso)
    first, _, rest = chunk.text.partition("\n")
    action = first.split(None, 1)[1] if len(first.split()) > 1 else ""
    objective = re.match(r"^((?:All|\d{1,2}(?:,\s*\d{1,2})*)\s+)", action)
    if objective:
        record.objective = objective.group(1).strip()
        action = action[objective.end() :]
    record.action = action.strip()
    words = rest.split()
    if words and words[0] in vocabulary.roles:
        record.role = words.pop(0)
    stage_at = next((i for i, w in enumerate(words) if w in vocabulary.stages), None)
    if stage_at is not None:
        record.partners = " ".join(words[:stage_at])
        record.stage = words[stage_at]
        record.note = " ".join(words[stage_at + 1 :])
    else:
        record.note = " ".join(words)
        record.problems.append("the row's columns could not be told apart in the PDF text")
    _finish(record)
    return record


@dataclass(frozen=True)
class RowVocabulary:
    """Values of the short columns (role, stage) in a table's readable rows."""

    roles: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()

    @classmethod
    def of(cls, records: Iterable[ActionRecord], texts: Iterable[str] = ()) -> RowVocabulary:
        """From the rows read cell by cell; a table read only as text still gives its roles,
        as the one-word values that open the second line of several rows ("Lead", "Ask")."""
        records = list(records)
        roles = {r.role for r in records if r.role and len(r.role.split()) == 1}
        stages = {r.stage for r in records if r.stage and len(r.stage.split()) == 1}
        openers = Counter(
            text.split("\n")[1].split()[0]
            for text in texts
            if len(text.split("\n")) > 1 and text.split("\n")[1].split()
        )
        roles |= {w for w, n in openers.items() if n >= 2 and w.isalpha() and w[0].isupper()}
        return cls(frozenset(roles), frozenset(stages))


def _base(chunk: Chunk, action_id: str, original: str, plan_date_iso: str | None) -> ActionRecord:
    return ActionRecord(
        doc_id=chunk.doc_id,
        source=chunk.source,
        plan=chunk.meta.get("plan") or chunk.title,
        plan_date=plan_date_iso,
        section=chunk.section,
        action_id=action_id,
        action_id_original=original,
        action="",
        page=chunk.page_start,
        sheet=chunk.meta.get("sheet", ""),
        row=chunk.meta.get("row"),
        locator=chunk.locator,
    )


def _finish(record: ActionRecord) -> None:
    record.start_date = plan_date(record.start) if record.start else None
    record.end_date = plan_date(record.end) if record.end else None
    if not record.action:
        record.problems.append("no action text")
    if record.problems:
        record.status = "partial"


def text_fields(text: str) -> list[tuple[str, str]]:
    """ "Column: value" lines of a spreadsheet row's chunk."""
    pairs = []
    for line in text.split("\n"):
        heading, sep, value = line.partition(": ")
        if sep:
            pairs.append((heading.strip(), value.strip()))
    return pairs
