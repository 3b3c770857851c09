"""Minutes: one chunk per numbered minute, its RESOLVED items and reasons kept together."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.chunking.base import ChunkingOptions, make_chunk
from ingest.chunking.lines import Line, reflow
from ingest.metadata import format_date
from ingest.model import Chunk, DocumentInfo
from ingest.tokens import count_tokens, split_text

MINUTE_HEADING = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
DECISION_START = re.compile(r"^\s*RESOLVED\b", re.IGNORECASE)


@dataclass
class Minute:
    number: int
    title: str
    lines: list[Line]


def split_minutes(lines: list[Line]) -> tuple[list[Line], list[Minute]]:
    """Preamble lines and the minutes, found as consecutively numbered headings ("446. Air ...").

    A heading's title may wrap onto following lines until one ends with a full stop.
    """
    preamble: list[Line] = []
    minutes: list[Minute] = []
    i = 0
    while i < len(lines):
        match = MINUTE_HEADING.match(lines[i].text)
        number = int(match.group(1)) if match else None
        expected = minutes[-1].number + 1 if minutes else None
        if match and (expected is None or number == expected) and match.group(2)[0].isupper():
            title_lines = [match.group(2)]
            j = i + 1
            while not title_lines[-1].endswith(".") and j < len(lines) and j - i <= 3:
                title_lines.append(lines[j].text)
                j += 1
            if not title_lines[-1].endswith("."):  # not a heading after all
                title_lines, j = [match.group(2)], i + 1
            minutes.append(Minute(number, " ".join(title_lines).rstrip("."), [lines[i]]))
            minutes[-1].lines.extend(lines[i + 1 : j])
            i = j
            continue
        (minutes[-1].lines if minutes else preamble).append(lines[i])
        i += 1
    return preamble, minutes


def _pages(lines: list[Line]) -> tuple[int | None, int | None]:
    return (lines[0].page, lines[-1].page) if lines else (None, None)


def chunk_minutes(
    lines: list[Line],
    info: DocumentInfo,
    body: str | None,
    meeting_date: str | None,
    options: ChunkingOptions,
) -> list[Chunk]:
    preamble, minutes = split_minutes(lines)
    meeting = ", ".join(p for p in (body or "", format_date(meeting_date)) if p)
    chunks = []
    if preamble:
        start, end = _pages(preamble)
        for part in split_text(reflow([ln.text for ln in preamble]), options.max_tokens):
            chunks.append(
                make_chunk(
                    info,
                    part,
                    f"Minutes, {meeting}".strip(", "),
                    f"Minutes of {meeting}",
                    start,
                    end,
                    section="Attendance",
                    date=meeting_date,
                    body=body,
                )
            )
    for minute in minutes:
        chunks.extend(_minute_chunks(minute, info, body, meeting_date, meeting, options))
    return chunks


def _minute_chunks(
    minute: Minute,
    info: DocumentInfo,
    body: str | None,
    meeting_date: str | None,
    meeting: str,
    options: ChunkingOptions,
) -> list[Chunk]:
    locator = f"Minute {minute.number}"
    context = f"{meeting}. Minute {minute.number}. {minute.title}"
    cut = next((i for i, ln in enumerate(minute.lines) if DECISION_START.match(ln.text)), None)
    parts = [("minute", minute.lines)]
    whole = reflow([ln.text for ln in minute.lines])
    if count_tokens(whole) > options.max_minute_tokens and cut:
        parts = [("discussion", minute.lines[:cut]), ("decision", minute.lines[cut:])]
    chunks = []
    for role, part_lines in parts:
        start, end = _pages(part_lines)
        text = reflow([ln.text for ln in part_lines])
        pieces = split_text(text, options.max_minute_tokens, options.overlap_tokens)
        for piece in pieces:  # each part carries the minute's number and title in its context
            chunks.append(
                make_chunk(
                    info,
                    piece,
                    locator,
                    context,
                    start,
                    end,
                    section=minute.title,
                    date=meeting_date,
                    body=body,
                    minute_number=minute.number,
                    minute_title=minute.title,
                    part=role,
                )
            )
    return chunks
