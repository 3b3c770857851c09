"""Action plans: one chunk per action, as "column: value" lines under the plan and section."""

from __future__ import annotations

import re

from ingest.chunking.base import ChunkingOptions, make_chunk
from ingest.chunking.lines import Line, looks_like_heading, reflow
from ingest.columns import cell_action_id, is_action_table, unnumbered_action_tables
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
    """Table rows: an action when its first cell is an action ID or its table numbers no
    actions (``unnumbered_action_tables``: the row's position is then its ID, "row 7"),
    otherwise a plain row."""
    unnumbered = unnumbered_action_tables(rows)
    chunks = []
    for row in rows:
        plan = plan_titles.get(row.where) or info.title
        heading, first_value = row.fields[0] if row.fields else ("", "")
        action_id = cell_action_id(heading, first_value)
        place = ", ".join(p for p in (row.where, f"row {row.row}" if row.row else "") if p)
        if action_id:
            locator = action_locator(action_id, plan, row.section)
            context = f"{plan} | {row.section} | Action {action_id}".replace(" |  |", " |")
        elif row.where in unnumbered:
            action_id, first_value = f"row {row.row}", ""
            locator = f"{place} ({row.section})" if row.section else place
            context = " | ".join(p for p in (plan, row.section) if p)
        else:
            locator = place
            context = " | ".join(p for p in (plan, row.section) if p)
        for piece in split_text(row.text, options.max_tokens * 2, options.overlap_tokens):
            chunks.append(
                make_chunk(
                    info,
                    piece,
                    locator,
                    context,
                    page_start=row.page,
                    section=row.section,
                    action_id=action_id,
                    action_id_original=first_value if action_id else None,
                    sheet=row.where,
                    row=row.row,
                    plan=plan,
                )
            )
    return chunks


_MARKUP = re.compile(r"<[^>]*>")


def section_name(line: str) -> str | None:
    """A table's section label ("Transport", "Policy and Strategy") or None for a line that is
    a cell fragment: labels are a few words, without figures, starting with a capital."""
    words = [w for w in _MARKUP.sub(" ", line).split() if len(w) > 1 or w.isalpha() and w == "a"]
    if not words or len(words) > 5 or not words[0][0].isupper():
        return None
    if any(ch.isdigit() for w in words for ch in w):
        return None
    return " ".join(words)


def chunk_pdf_actions(
    lines: list[Line],
    columns: str,
    info: DocumentInfo,
    options: ChunkingOptions,
    header_lines: frozenset[str] = frozenset(),
) -> tuple[list[Line], list[Chunk]]:
    """Actions in a PDF table whose rows start with an ID ("T1 All Develop a vision ...").

    ``columns`` is the table's column-heading line and ``header_lines`` the lines repeated at
    the top of pages; where the column headings reappear mid-page a new section begins, named
    by the heading-like line just before or after them ("Communities"). A short label alone
    just before an ID line ("Retrofit") names a sub-section. Returns the lines before the
    first action (for the running-text chunker) and the action chunks; when the ID lines are
    not a table's rows (``is_action_table``), all the lines and no actions.
    """
    if not is_action_table([(ln.page, ln.text) for ln in lines]):
        return lines, []
    starts = [i for i, ln in enumerate(lines) if leading_action_id(ln.text)]
    # Column-heading lines are long (one word or more per column); a line opening with the
    # same two words is a heading line too, even where extraction split it differently.
    leads = {" ".join(h.split()[:2]) for h in (*header_lines, columns) if len(h.split()) >= 6}

    def is_column_heading(text: str) -> bool:
        return any(text.startswith(lead) and text != lead for lead in leads)

    chunks: list[Chunk] = []
    section = ""
    for ln in reversed(lines[max(0, starts[0] - 4) : starts[0]]):  # the title above the table
        if not is_column_heading(ln.text) and looks_like_heading(ln.text, None):
            section = section_name(ln.text) or ""
            break
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        row, next_section = _split_row(lines[start:end], is_column_heading)
        first = row[0].text
        action_id = leading_action_id(first)
        original = first.split()[0]
        text = reflow(row)
        context = f"{info.title} | {section} | Action {action_id}".replace(" |  |", " |")
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
        section = next_section or section
    return lines[: starts[0]], chunks


def _split_row(row: list[Line], is_column_heading) -> tuple[list[Line], str | None]:
    """The row's own lines, and the section that starts after it, if one does."""
    cut = next((i for i in range(1, len(row)) if is_column_heading(row[i].text)), None)
    if cut is not None:
        after = [ln.text for ln in row[cut + 1 :] if not is_column_heading(ln.text)]
        named = [section_name(t) for t in after]
        if named and named[-1]:
            return row[:cut], named[-1]
        if cut > 1 and section_name(row[cut - 1].text):
            return row[: cut - 1], section_name(row[cut - 1].text)
        return row[:cut], None
    if len(row) > 2 and looks_like_heading(row[-1].text, row[-2].text):
        label = section_name(row[-1].text)
        if label:
            return row[:-1], label
    return row, None
