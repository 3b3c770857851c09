"""What a document is: title, type, date and body, read from its own text (pure logic)."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections import Counter
from pathlib import Path

from ingest.columns import is_action_table
from ingest.ids import leading_action_id
from ingest.model import DocumentInfo, LoadedDocument

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
FULL_DATE = re.compile(
    rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE
)
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
# "CABINET – 20 NOVEMBER 2020": the running header of a committee report.
MEETING_HEADER = re.compile(
    rf"^\s*([A-Z][A-Z ,&'-]{{2,60}}?)\s*[–—-]\s*"
    rf"(\d{{1,2}}(?:ST|ND|RD|TH)?\s+{_MONTH}\s+\d{{4}})\s*$",
    re.IGNORECASE,
)
MINUTES_OPENING = re.compile(
    r"Minutes of (?:a|the) meeting of the\s+(.+?)\s+held\b(.{0,200}?)\.", re.IGNORECASE | re.DOTALL
)
REPORT_OF = re.compile(r"^\s*(?:JOINT\s+)?REPORT OF\b", re.MULTILINE)
_TITLE_NOISE = re.compile(r"^(Microsoft Word - |untitled)|\btemplate\b", re.IGNORECASE)


# "May 12, 2025", "May 12th 2025": a US plan's or minutes' date
_US_DATE = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
# "12/05/2025", "12.05.2025", "12-05-2025", "12/05/25": day first, as British papers write it,
# unless the second number cannot be a month ("05/13/2025" is 13 May); a two-figure year only
# after slashes ("para 2.10.25" is no date)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|(?<=/)\d{2})(?![\d/.-]|\.\d)"
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def _day_date(text: str) -> str | None:
    """The first "May 12, 2025", "12/05/2025" or "2025-05-12" in ``text`` that is a real
    day, in ISO form."""
    found = []
    for match in _US_DATE.finditer(text):
        month, day, year = match.groups()
        found.append((match.start(), int(year), MONTHS[month.lower()], int(day)))
    for match in _NUMERIC_DATE.finditer(text):
        first, _, second, year = match.groups()
        day, month = int(first), int(second)
        if month > 12 >= day:
            day, month = month, day
        found.append((match.start(), int(year) + (2000 if len(year) == 2 else 0), month, day))
    for match in _ISO_DATE.finditer(text):
        found.append((match.start(), *map(int, match.groups())))
    for _, year, month, day in sorted(found):
        try:
            date = datetime.date(year, month, day)
        except ValueError:  # "31/02/2025"
            continue
        if 1900 <= year <= 2100:
            return date.isoformat()
    return None


def parse_date(text: str, british_only: bool = False) -> str | None:
    """ISO date for the first "20 October 2020" in text, else the first "May 12, 2025",
    "12/05/2025" or "2025-05-12" (not with ``british_only``), else "2024-12" for "December
    2024"."""
    match = FULL_DATE.search(text)
    if match:
        day, month, year = match.groups()
        return f"{int(year):04d}-{MONTHS[month.lower()]:02d}-{int(day):02d}"
    day_date = None if british_only else _day_date(text)
    if day_date:
        return day_date
    match = MONTH_YEAR.search(text)
    if match:
        month, year = match.groups()
        return f"{int(year):04d}-{MONTHS[month.lower()]:02d}"
    return None


ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date_bound(text: str) -> str | None:
    """A filter bound: "2024", "2024-12", "2024-12-05" or "5 December 2024" in ISO form."""
    match = ISO_PREFIX.match(text.strip())
    if not match:
        return parse_date(text)
    year, month, day = match.groups()
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def format_date(iso: str | None) -> str:
    """ "2020-10-20" -> "20 October 2020"; "2024-12" -> "December 2024"."""
    if not iso:
        return ""
    parts = iso.split("-")
    month = list(MONTHS)[int(parts[1]) - 1].capitalize()
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def tidy_body(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.")
    return name.title() if name.isupper() else name


# The name of a meeting body: capitalised words ending in what such bodies are called.
_BODY_NOUN = (
    r"(?:Council|Committee|Sub-Committee|Cabinet|Board|Panel|Authority|Forum|Executive"
    r"|Assembly|Commission|Partnership)"
)
_NAME_WORD = r"(?!(?:Held|Minutes|Meeting|Present|Report|Decision)\b)[A-Z][\w'’&-]*"
_JOINER = r"(?:and|of|the|for|on|cum|upon|in)\b|&"
_BODY_NAME = re.compile(rf"\b((?:{_NAME_WORD}(?:[ \t]+(?:{_JOINER}))*[ \t]+){{0,8}}{_BODY_NOUN})\b")
_BODY_AFTER = re.compile(
    r"\b(?:minutes\s+of\s+(?:the\s+)?(?:proceedings\s+at\s+)?(?:(?:a|an|the)\s+)?(?:\w+\s+)?"
    r"meeting\s+of|minutes\s+of|meeting\s*(?:\(no\.?\s*\d+\))?\s+of|determined\s+at)"
    r"\s+(?:the\s+)?",
    re.IGNORECASE,
)
_ATTENDANCE = re.compile(
    r"^\s*(?:members\s+|councillors\s+|those\s+)?(?:present|apologies|in\s+attendance"
    r"|attendance|attendees|attending|sederunt)\b",
    re.IGNORECASE | re.MULTILINE,
)
# "Minutes of …", "Meeting (no. 447) of …", "NOTES OF A MEETING OF …", "Record of the Parish
# Council meeting held …", a line that opens "Minutes" ("Minutes – Full Council – 12 May
# 2025"), "Ashby Parva Parish Council Minutes 12/05/2025"
_MINUTES_STATED = re.compile(
    r"\bminutes\s+of\b|\bmeeting\s*\(no\.?\s*\d+\)"
    r"|\b(?:notes|record)\s+of\s+(?:a|the)\b[^\n]{0,80}?\bmeeting\b"
    r"|^\s*(?:draft\s+|approved\s+|unconfirmed\s+|signed\s+)?minutes\b"
    r"|\b(?:council|committee|meeting)\s+minutes\b",
    re.IGNORECASE | re.MULTILINE,
)
_HELD_THEIR = re.compile(r"\bheld\s+(?:their|its)\s+meeting\b", re.IGNORECASE)
_LEADING_WORDS = re.compile(
    r"^(?:(?:Minutes|Of|The|A|Meeting|Proceedings|At|Notes|Record|Draft|Unconfirmed)\s+)+", re.I
)


def _readable(text: str) -> str:
    """Lines in capitals turned to title case, so "LIMERICK CITY AND COUNTY COUNCIL" reads as
    a name."""
    return "\n".join(tidy_body(line) if looks_capitals(line) else line for line in text.split("\n"))


def looks_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def meeting_body(opening: str) -> str | None:
    """The body whose meeting the opening records: the name after "minutes of", "meeting of"
    or "determined at", else the first body's name that is not "the above Council"; a
    generic name ("Parish Council") gives way to a fuller one it ends ("Burton-cum-Walden
    Parish Council"). None when the opening names no body."""
    text = " ".join(_readable(opening).split())
    names = [
        (m.start(), _LEADING_WORDS.sub("", m.group(1)).strip())
        for m in _BODY_NAME.finditer(text)
        if not re.search(
            r"\b(?:above|said|this|that)\s*$", text[max(0, m.start() - 12) : m.start()]
        )
    ]
    names = [(at, name) for at, name in names if name]
    if not names:
        return None
    chosen = names[0][1]
    after = _BODY_AFTER.search(text)
    direct = _BODY_NAME.match(text, after.end()) if after else None
    if direct:
        chosen = _LEADING_WORDS.sub("", direct.group(1)).strip() or chosen
    letterhead = [name for at, name in names if after and at < after.start()]
    fuller = [name for name in letterhead if name != chosen and name.endswith(chosen)]
    if fuller and len(chosen.split()) <= 2:
        chosen = fuller[0]
    return tidy_body(" ".join(chosen.split()))


_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# where "held" says a meeting was: "held in the Village Hall, West Burton, on Tuesday …",
# "held their meeting at 8.00pm on the 11th September 2019 at the Reading Room, Cwmifor.",
# "held at County Hall, Glenfield and via Microsoft Teams on Tuesday, 20 October 2020"
_HELD = re.compile(r"\bheld\b", re.IGNORECASE)
_PLACE = re.compile(
    r"\b(?:at|in|via)\s+(?!\d|the\s+\d|(?:[a-z]+\s+)?(?:meeting|minutes)\b)"
    rf"(?P<place>.+?)(?=,?\s+(?:on|at)\s+(?:the\s+)?(?:\d|{_WEEKDAYS})|\.(?!\d)|\n|\s+present\b|$)",
    re.IGNORECASE,
)
# "The Parish Council held a zoom meeting"
_HELD_ONLINE = re.compile(
    r"\bheld\s+(?:a|an|the|their|its)\s+(zoom|teams|online|virtual|remote)\s+meeting\b", re.I
)
_PLACE_WINDOW = 240  # characters after "held"
# a venue's address line under the meeting's heading: "57 Edgehill Road, G11 7HZ"
_POSTCODE_LINE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$")
ADDRESS_WORDS = 10  # an address line is short


def meeting_place(opening: str) -> str:
    """Where the opening says the meeting was held ("the Village Hall, West Burton", "Zoom",
    "County Hall, Glenfield and via Microsoft Teams"), else the venue's address under its
    heading ("Broomhill Primary School Library, 57 Edgehill Road, G11 7HZ"); "" when it does
    not say. A time ("at 7.30pm") or a date is no place."""
    text = " ".join(_readable(opening).split())
    online = _HELD_ONLINE.search(text)
    if online:
        return online.group(1).capitalize()
    for held in _HELD.finditer(text):
        window = text[held.end() : held.end() + _PLACE_WINDOW]
        place = _PLACE.search(window)
        if place:
            return tidy_body(place.group("place"))
    return _address(opening)


def _address(opening: str) -> str:
    """A short line ending in a postcode between the meeting's date and the attendance (a
    letterhead's address above the date is the council's, not the venue's), with the venue's
    name on the line above it when that line gives no date or time."""
    lines = [line.strip() for line in opening.split("\n") if line.strip()]
    dated = False
    for n, line in enumerate(lines):
        if _ATTENDANCE.search(line):
            break
        dated = dated or parse_date(line) is not None
        if dated and _POSTCODE_LINE.search(line) and len(line.split()) <= ADDRESS_WORDS:
            above = lines[n - 1] if n > 0 else ""
            named = above and not re.search(r"\d", above) and not above.endswith(":")
            return f"{above}, {line}" if named else line
    return ""


def minutes_opening(text: str) -> tuple[str | None, str | None] | None:
    """(body, meeting date) when ``text``, a document's opening, reads as the start of a
    meeting's minutes: "Minutes of a meeting of the Cabinet held … 20 October 2020", "Milburn
    Parish Council - 26th January 2021 … Present", "… Council held their meeting … on the
    11th September 2019". None when it does not; the body is None when it is not stated."""
    if not (_ATTENDANCE.search(text) or _MINUTES_STATED.search(text) or _HELD_THEIR.search(text)):
        return None
    return meeting_body(text), parse_date(text)


def meeting_headers(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.split("\n"):
        match = MEETING_HEADER.match(line)
        if match:
            date = parse_date(match.group(2))
            if date:
                out.append((tidy_body(match.group(1)), date))
    return out


def count_action_rows(document: LoadedDocument) -> int:
    rows = sum(
        1
        for b in document.blocks
        if b.kind == "row" and b.fields and leading_action_id(b.fields[0][1]) is not None
    )
    if rows:
        return rows
    lines = [
        (b.page or 0, line)
        for b in document.blocks
        if b.kind == "page"
        for line in b.text.split("\n")
    ]
    if not is_action_table(lines):
        return 0
    return sum(1 for _, line in lines if leading_action_id(line) and len(line.split()) >= 2)


def _first_line(document: LoadedDocument) -> str:
    """The first line that is not a meeting header ("CABINET – 20 NOVEMBER 2020") nor a
    stray mark (a page number, a logo's letters read by OCR: "Va")."""
    for block in document.blocks:
        for line in block.text.split("\n"):
            line = line.strip()
            if sum(c.isalpha() for c in line) >= 4 and not MEETING_HEADER.match(line):
                return line.title() if line.isupper() else line[:200]
    return document.source


def infer_title(document: LoadedDocument) -> str:
    declared = document.declared_title.strip()
    if declared and not _TITLE_NOISE.match(declared) and len(declared) > 3:
        return declared
    for block in document.blocks:
        if block.kind == "heading":
            return block.text[:200]
    if document.blocks and document.blocks[0].kind == "row":  # a bare table: name it by its file
        return re.sub(r"[_\-]+", " ", Path(document.source).stem).strip() or document.source
    return _first_line(document)


def classify(title: str, full_text: str, action_rows: int, has_minutes: bool) -> str:
    reports = len(REPORT_OF.findall(full_text))
    lowered = title.lower()
    if has_minutes and reports:
        return "agenda/report pack"
    if has_minutes:
        return "minutes"
    if action_rows >= 5 or "action plan" in lowered:
        return "action plan"
    if reports or re.search(r"report|case study|strategy|plan|review|assessment", lowered):
        return "report"
    return "other"


def document_id(path: str) -> str:
    return hashlib.sha1(os.fsencode(path)).hexdigest()[:12]  # any name the disk holds


def _embedded_minutes(text: str) -> tuple[str | None, str | None] | None:
    """(body, date) of a set of minutes that starts inside a document (an agenda pack's
    minutes of the previous meeting): "Minutes of a meeting of the Cabinet held … ."."""
    match = MINUTES_OPENING.search(text)
    return (tidy_body(match.group(1)), parse_date(match.group(2))) if match else None


OPENING_LINES = 15  # a document's first lines: whose meeting, when, where, who came


def _opening_text(document: LoadedDocument, lines: int = OPENING_LINES) -> str:
    """The document's first lines: where minutes say whose meeting, when and who came."""
    found: list[str] = []
    for block in document.blocks:
        found += [ln.strip() for ln in block.text.split("\n") if ln.strip()]
        if len(found) >= lines:
            break
    return "\n".join(found[:lines])


def infer_document_info(document: LoadedDocument) -> DocumentInfo:
    full_text = "\n".join(b.text for b in document.blocks)
    title = infer_title(document)
    opening = minutes_opening(_opening_text(document)) or _embedded_minutes(full_text[:5000])
    headers = meeting_headers(full_text)
    body, date = None, None
    if headers:
        (body, date), _ = Counter(headers).most_common(1)[0]
    elif opening:
        body, date = opening
    # a date in figures or a US one deep in the text is more often some other day's (a
    # resolution's, a survey's) than the document's
    date = date or parse_date(title) or parse_date(full_text[:3000], british_only=True)
    if opening and title.lower().startswith("minutes of"):
        title = f"Minutes of {body or 'the meeting'}, {format_date(date)}".rstrip(", ")
    pages = sum(1 for b in document.blocks if b.kind == "page") or None
    doc_type = classify(title, full_text, count_action_rows(document), opening is not None)
    if doc_type == "minutes" and opening and body:  # a minutes file's own title is often stale
        title = f"Minutes of {body}, {format_date(date)}".rstrip(", ")
    return DocumentInfo(
        doc_id=document_id(document.path),
        source=document.source,
        path=document.path,
        sha256=document.sha256,
        title=title,
        doc_type=doc_type,
        date=date,
        body=body,
        pages=pages,
    )
