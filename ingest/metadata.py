"""What a document is: title, type, date and body, read from its own text (pure logic)."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path

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
FULL_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
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
_TITLE_NOISE = re.compile(r"^(Microsoft Word - |untitled)", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """ISO date for the first "20 October 2020" in text, or "2024-12" for "December 2024"."""
    match = FULL_DATE.search(text)
    if match:
        day, month, year = match.groups()
        return f"{int(year):04d}-{MONTHS[month.lower()]:02d}-{int(day):02d}"
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


def minutes_opening(text: str) -> tuple[str, str | None] | None:
    """(body, meeting date) from "Minutes of a meeting of the Cabinet held ... 20 October 2020."."""
    match = MINUTES_OPENING.search(text)
    if not match:
        return None
    return tidy_body(match.group(1)), parse_date(match.group(2))


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
    return sum(
        1
        for b in document.blocks
        if b.kind == "page"
        for line in b.text.split("\n")
        if leading_action_id(line) is not None and len(line.split()) >= 2
    )


def _first_line(document: LoadedDocument) -> str:
    """The first line that is not a meeting header ("CABINET – 20 NOVEMBER 2020")."""
    for block in document.blocks:
        for line in block.text.split("\n"):
            line = line.strip()
            if line and not MEETING_HEADER.match(line):
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
    if has_minutes and (reports or "agenda" in lowered or "pack" in lowered):
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


def infer_document_info(document: LoadedDocument) -> DocumentInfo:
    full_text = "\n".join(b.text for b in document.blocks)
    title = infer_title(document)
    opening = minutes_opening(full_text[:5000])
    headers = meeting_headers(full_text)
    body, date = None, None
    if headers:
        (body, date), _ = Counter(headers).most_common(1)[0]
    elif opening:
        body, date = opening
    date = date or parse_date(title) or parse_date(full_text[:3000])
    if opening and title.lower().startswith("minutes of"):
        title = f"Minutes of {body or 'the meeting'}, {format_date(date)}".rstrip(", ")
    pages = sum(1 for b in document.blocks if b.kind == "page") or None
    return DocumentInfo(
        doc_id=document_id(document.path),
        source=document.source,
        path=document.path,
        sha256=document.sha256,
        title=title,
        doc_type=classify(title, full_text, count_action_rows(document), opening is not None),
        date=date,
        body=body,
        pages=pages,
    )
