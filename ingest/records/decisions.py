"""Decision records from minutes: what was resolved, item by item, and why (pure logic).

A minute reads "448. Community Speed Enforcement Initiative." then the discussion, then
"RESOLVED:" with lettered items a), b), c) (sub-items i., ii.) or numbered parts 1), 2), an
optional "(KEY DECISION)", and "REASONS FOR DECISION:". Councils also write "RESOLVED that ..."
in one sentence, and items that note rather than decide ("That the report be noted").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.decision_wording import decision_text, is_noted, outcome, voted_on, votes
from ingest.ids import next_label
from ingest.metadata import format_date

_REASONS = re.compile(r"\bREASONS?\s+FOR\s+(?:THE\s+)?DECISIONS?\b\s*:?\s*", re.IGNORECASE)
_KEY_DECISION = re.compile(r"\(\s*KEY\s+DECISION\s*\)", re.IGNORECASE)
# "a)", "(a)", "a." at the start of the text or after a separator; the letters in order
_ITEM = re.compile(r"(?:^|(?<=[\s;:.]))\(?([a-z])[).]\s+(?=\S)")
# "1)", "(1)": an item's numbered parts ("1." is too often a paragraph's or an amount's)
_NUMBERED_PART = re.compile(r"(?:^|(?<=[\s;:.]))\(?([1-9][0-9]?)\)\s+(?=\S)")
_SUB_ITEM = re.compile(r"(?:^|(?<=[\s;:.]))\(?((?:x{0,2})(?:ix|iv|v?i{1,3}|v))[).]\s+(?=[A-Z])")
_AGENDA_ITEM = re.compile(r"marked\s+['‘’\"]?(Agenda Item\s+\w+)", re.IGNORECASE)
_REPORT_OF = re.compile(
    r"considered\s+(?:a|the)\s+(?:joint\s+)?report\s+of\s+(?:the\s+)?(.+?)(?:\s+(?:which|that|"
    r"regarding|concerning|about|on|seeking|setting|providing|detailing|informing)\b|[.,])",
    re.IGNORECASE,
)
_NOTED = re.compile(r"\bbe\s+noted\b|\bnoted\s+the\b|^\s*that\s+the\s+\w.*\bnote[sd]?\b", re.I)
_DECISION_PAGE = re.compile(r"\b(?:RESOLVED|AGREED|APPROVED|resolved|agreed|approved|decided)\b")


@dataclass
class ResolutionItem:
    label: str  # "a", "b" ... or "" for a resolution in one sentence
    text: str
    noted: bool = False  # "That the report be noted": noted rather than decided
    sub_items: list[ResolutionItem] = field(default_factory=list)


@dataclass
class DecisionRecord:
    doc_id: str
    source: str
    body: str
    meeting_date: str | None
    minute_number: int
    title: str
    page_start: int | None
    page_end: int | None
    resolutions: list[ResolutionItem] = field(default_factory=list)
    place: str = ""  # where the meeting was held, as its minutes say; "" when they do not
    reasons: str = ""
    key_decision: bool = False
    report: str = ""  # the report considered: "Agenda Item 8"
    report_by: str = ""  # "Director of Environment and Transport"
    discussion: str = ""
    resolved_page: int | None = None
    status: str = "complete"  # complete | partial | no resolution
    problems: list[str] = field(default_factory=list)
    reference: str = ""  # the item's reference as written: "448", "21.01.05", "12/23"
    outcome: str = ""  # decided | refused | deferred | noted; "" when nothing was decided
    votes: dict[str, int] = field(default_factory=dict)  # for / against / abstentions

    def citation(self, item: str = "") -> str:
        """ "Cabinet, 20 October 2020, Minute 448(b)"."""
        number = self.reference or str(self.minute_number)
        where = f"Minute {number}" + (f"({item})" if item else "")
        return ", ".join(p for p in (self.body, format_date(self.meeting_date), where) if p)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "decision", **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DecisionRecord:
        data = {k: v for k, v in data.items() if k != "kind"}
        data["resolutions"] = [_item_from_dict(i) for i in data.get("resolutions", [])]
        return cls(**data)


def _item_from_dict(data: dict[str, Any]) -> ResolutionItem:
    subs = [_item_from_dict(s) for s in data.get("sub_items", [])]
    return ResolutionItem(data["label"], data["text"], data.get("noted", False), subs)


def parse_decision(
    number: int,
    title: str,
    lines: list[tuple[int | None, str]],
    *,
    doc_id: str,
    source: str,
    body: str,
    meeting_date: str | None,
    place: str = "",
    reference: str = "",
    heading_lines: int = 1,
) -> DecisionRecord:
    """The record of one minute from its (page, text) lines, the heading's ``heading_lines``
    first. Whatever the wording ("RESOLVED:", "It was agreed that", "the amendment FELL"),
    the decision is what follows its first statement; an item that only notes something is
    recorded as noted, one with neither as having no resolution."""
    pages = [p for p, _ in lines if p is not None]
    record = DecisionRecord(
        doc_id=doc_id,
        source=source,
        body=body,
        meeting_date=meeting_date,
        place=place,
        minute_number=number,
        title=title,
        page_start=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        reference=reference,
    )
    text_lines = [t for _, t in lines[heading_lines:]]
    text = " ".join(" ".join(text_lines).split())
    agenda = _AGENDA_ITEM.search(text)
    record.report = agenda.group(1) if agenda else ""
    by = _REPORT_OF.search(text)
    record.report_by = by.group(1).strip() if by else ""
    record.votes = votes(text)
    split = decision_text(text)
    by_vote = split is None and voted_on(text)
    if by_vote:
        split = ("", text)
    if split is None:
        record.status = "no resolution"
        record.outcome = "noted" if is_noted(text) else ""
        record.discussion = text
        return record
    record.resolved_page = next(
        (p for p, t in lines[heading_lines:] if _DECISION_PAGE.search(t)), record.page_start
    )
    record.discussion, decision = split
    reasons = _REASONS.search(decision)
    if reasons:
        record.reasons = decision[reasons.end() :].strip()
        decision = decision[: reasons.start()]
    if _KEY_DECISION.search(decision) or _KEY_DECISION.search(record.reasons):
        record.key_decision = True
        decision = _KEY_DECISION.sub(" ", decision)
    record.resolutions = resolution_items(decision, _open_item(record.discussion))
    if not record.resolutions:
        record.status = "partial"
        record.problems.append("RESOLVED with no resolution text")
    record.outcome = outcome(decision)
    noted = not by_vote and record.resolutions and all(i.noted for i in record.resolutions)
    if record.outcome == "decided" and noted:
        record.outcome = "noted"
    return record


def resolution_items(text: str, open_item: str = "") -> list[ResolutionItem]:
    """ "a) That X be noted; b) That Y be approved" -> items a and b; one sentence -> one item.
    Numbered parts ("1) … 2) …") are items too, when there are two or more of them.

    ``open_item`` is the lettered or numbered item the decision began in, when the minute's
    items each carry their own resolution ("(a) Circulated, a notice … And Resolved: “That …”
    (b) Circulated …"): the text up to "(b)" is item a's resolution, and each later item's is
    what it resolved, without its notice."""
    text = text.strip(" ;:")
    if not text:
        return []
    starts = _item_starts(text)
    carried = not starts and open_item != ""
    if carried:
        starts = _item_starts(text, first=next_label(open_item))
    if not starts:
        return [_item("", text)]
    lead = text[: starts[0][1]].strip(" ;:")
    # "RESOLVED that the following be approved:", or the open item's resolution
    items = [_item(open_item if carried else "", lead)] if lead else []
    for k, (label, _, content) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        item_text = text[content:end]
        resolved = decision_text(item_text) if carried else None
        items.append(_item(label, resolved[1] if resolved else item_text))
    return items


def _open_item(discussion: str) -> str:
    """The label of the lettered or numbered item a minute's discussion ends in ("" when
    none)."""
    starts = _item_starts(discussion, least_numbered=1)
    return starts[-1][0] if starts else ""


def _item_starts(text: str, first: str = "", least_numbered: int = 2) -> list[tuple[str, int, int]]:
    """(label, marker start, content start) of the items a), b), c)… or, when there are none,
    of the numbered parts 1), 2)… (at least ``least_numbered`` of them), in sequence from
    ``first`` (a letter or a number; "a" or "1" when empty)."""
    if first.isdigit():
        return _in_order(_NUMBERED_PART, text, first)
    lettered = _in_order(_ITEM, text, first or "a")
    if lettered or first:
        return lettered
    numbered = _in_order(_NUMBERED_PART, text, "1")
    return numbered if len(numbered) >= least_numbered else []


def _in_order(marker: re.Pattern[str], text: str, first: str) -> list[tuple[str, int, int]]:
    """(label, marker start, content start) of ``marker``'s labels in sequence from ``first``."""
    starts: list[tuple[str, int, int]] = []
    for match in marker.finditer(text):
        expected = next_label(starts[-1][0]) if starts else first
        if match.group(1) == expected:
            starts.append((expected, match.start(), match.end()))
    return starts


def _item(label: str, text: str) -> ResolutionItem:
    text = " ".join(text.split()).strip(" ;")
    subs = []
    sub_starts = _in_sequence(list(_SUB_ITEM.finditer(text)))
    if sub_starts:
        lead = text[: sub_starts[0].start()].strip()
        for k, match in enumerate(sub_starts):
            end = sub_starts[k + 1].start() if k + 1 < len(sub_starts) else len(text)
            sub_text = text[match.end() : end].strip(" ;")
            subs.append(ResolutionItem(match.group(1), sub_text, bool(_NOTED.search(sub_text))))
        text = lead
    return ResolutionItem(label, text, bool(_NOTED.search(text)), subs)


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _in_sequence(matches: list[re.Match[str]]) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for match in matches:
        if len(out) < len(_ROMAN) and match.group(1) == _ROMAN[len(out)]:
            out.append(match)
    return out
