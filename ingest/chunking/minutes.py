"""Minutes: one chunk per meeting item, its decision and reasons kept together."""

from __future__ import annotations

from ingest.chunking.base import ChunkingOptions, make_chunk
from ingest.chunking.items import Item, split_items
from ingest.chunking.lines import Line, reflow
from ingest.decision_wording import decision_start
from ingest.metadata import format_date
from ingest.model import Chunk, DocumentInfo
from ingest.tokens import count_tokens, split_text


def _pages(lines: list[Line]) -> tuple[int | None, int | None]:
    return (lines[0].page, lines[-1].page) if lines else (None, None)


def chunk_minutes(
    lines: list[Line],
    info: DocumentInfo,
    body: str | None,
    meeting_date: str | None,
    options: ChunkingOptions,
) -> list[Chunk]:
    preamble, minutes = split_items(lines)
    meeting = ", ".join(p for p in (body or "", format_date(meeting_date)) if p)
    chunks = []
    if preamble:
        start, end = _pages(preamble)
        parts = split_text(reflow(preamble), options.max_tokens)
        for n, part in enumerate(parts):
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
                    **({"opening": True} if n == 0 else {}),  # opens with the meeting's heading
                )
            )
    for minute in minutes:
        chunks.extend(_minute_chunks(minute, info, body, meeting_date, meeting, options))
    return chunks


def _minute_chunks(
    minute: Item,
    info: DocumentInfo,
    body: str | None,
    meeting_date: str | None,
    meeting: str,
    options: ChunkingOptions,
) -> list[Chunk]:
    locator = f"Minute {minute.label}"
    context = f"{meeting}. Minute {minute.label}. {minute.title}"
    cut = next((i for i, ln in enumerate(minute.lines) if i and decision_start(ln.text)), None)
    parts = [("minute", minute.lines)]
    whole = reflow(minute.lines)
    if count_tokens(whole) > options.max_minute_tokens and cut:
        parts = [("discussion", minute.lines[:cut]), ("decision", minute.lines[cut:])]
    chunks = []
    for role, part_lines in parts:
        start, end = _pages(part_lines)
        text = reflow(part_lines)
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
                    minute_label=minute.label,
                    minute_title=minute.title,
                    part=role,
                )
            )
    return chunks
