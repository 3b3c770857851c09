"""Action plans: one chunk per action, as "column: value" lines under the plan and section."""

from __future__ import annotations

import re

from ingest.chunking.base import ChunkingOptions, make_chunk
from ingest.chunking.lines import Line, looks_like_heading, reflow
from ingest.ids import leading_action_id
from ingest.model import Block, Chunk, DocumentInfo
from ingest.tokens import split_text

_UPDATE = re.compile(
    r"\b((?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{4})\b.*\bupdate\b",
    re.IGNORECASE,
)
_PLAN_YEAR = re.compile(r"\b(20\d\d)\b.*\bplan\b", re.IGNORECASE)


def plan_label(title: str) -> str:
    """A short name for a plan in a locator: "2050 plan", "December 2024 update"."""
    update = _UPDATE.search(title)
    if update:
        return f"{update.group(1)} update"
    year = _PLAN_YEAR.search(title)
    if year:
        return f"{year.group(1)} plan"
    return title if len(title) <= 40 else title[:37].rstrip() + "…"


def action_locator(action_id: str, plan: str, section: str) -> str:
    where = ", ".join(p for p in (plan_label(plan), section) if p)
    return f"Action {action_id} ({where})" if where else f"Action {action_id}"


def chunk_rows(
    rows: list[Block], plan_titles: dict[str, str], info: DocumentInfo, options: ChunkingOptions
) -> list[Chunk]:
    """Table rows: an action when its first cell is an action ID, otherwise a plain row."""
    chunks = []
    for row in rows:
        plan = plan_titles.get(row.where) or info.title
        first_value = row.fields[0][1] if row.fields else ""
        action_id = leading_action_id(first_value)
        if action_id:
            locator = action_locator(action_id, plan, row.section)
            context = f"{plan} | {row.section} | Action {action_id}".replace(" |  |", " |")
        else:
            locator = f"{row.where}, row {row.row}" if row.where else f"row {row.row}"
            context = " | ".join(p for p in (plan, row.section) if p)
        for piece in split_text(row.text, options.max_tokens * 2, options.overlap_tokens):
            chunks.append(
                make_chunk(
                    info,
                    piece,
                    locator,
                    context,
                    section=row.section,
                    action_id=action_id,
                    action_id_original=first_value if action_id else None,
                    sheet=row.where,
                    row=row.row,
                    plan=plan,
                )
            )
    return chunks


def chunk_pdf_actions(
    lines: list[Line], columns: str, info: DocumentInfo, options: ChunkingOptions
) -> tuple[list[Line], list[Chunk]]:
    """Actions in a PDF table whose rows start with an ID ("T1 All Develop a vision ...").

    A short unpunctuated line just before an ID line, after a finished row, is a section
    heading ("Active travel and reducing mileage"). Returns the lines before the first action
    (for the running-text chunker) and the action chunks.
    """
    starts = [i for i, ln in enumerate(lines) if leading_action_id(ln.text)]
    if not starts:
        return lines, []
    chunks: list[Chunk] = []
    section = ""
    # The heading just above the table (for example "Transport") names the first section.
    for ln in reversed(lines[max(0, starts[0] - 3) : starts[0]]):
        if looks_like_heading(ln.text, None):
            section = ln.text
            break
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        row = lines[start:end]
        next_section = None
        if len(row) > 2 and looks_like_heading(row[-1].text, row[-2].text):
            next_section = row[-1].text
            row = row[:-1]
        first = row[0].text
        action_id = leading_action_id(first)
        original = first.split()[0]
        text = reflow([ln.text for ln in row])
        context = f"{info.title} | {section} | Action {action_id}"
        if columns:
            context += f" | Columns: {columns}"
        for piece in split_text(text, options.max_tokens * 2, options.overlap_tokens):
            chunks.append(
                make_chunk(
                    info,
                    piece,
                    action_locator(action_id, info.title, section),
                    context,
                    row[0].page,
                    row[-1].page,
                    section=section,
                    action_id=action_id,
                    action_id_original=original,
                    plan=info.title,
                )
            )
        if next_section:
            section = next_section
    return lines[: starts[0]], chunks
