"""Reports and other running text from PDFs: headings and numbered paragraphs."""

from __future__ import annotations

import re
from collections import Counter

from ingest.chunking.base import ChunkingOptions, make_chunk
from ingest.chunking.lines import (
    Line,
    code_series,
    labelled_heading,
    looks_like_heading,
    looks_upper,
    reflow,
)
from ingest.chunking.sections import Unit, pack_units, para_label, section_label
from ingest.loaders.furniture import places
from ingest.model import Chunk, DocumentInfo

NUMBERED_PARA = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
# A figure's or a table's caption ("Figure 4: Masterplan", "Table 10 – B&NES Milestones"):
# it names what is under it, not the numbered paragraphs that follow
CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Map|Chart|Exhibit|Diagram|Graph|Photo|Plate)\s")


def report_title(header_lines: list[str]) -> str:
    title = " ".join(header_lines).strip()
    return title.title() if looks_upper(title) else title


# A heading-like line met more often than this in one text is a form's label ("Please tick
# one option"), not the name of a section.
MAX_HEADING_REPEATS = 2


def lines_to_units(lines: list[Line]) -> list[Unit]:
    """Paragraph units: a numbered paragraph runs until the next one in sequence or a heading;
    unnumbered text is cut into paragraphs where a line ends a sentence. A labelled heading
    (a policy, strategy or option by its number) sits under the section heading above it, and
    an unnumbered heading under the numbered section and the policy ("HO2 Affordable housing")
    it is in."""
    repeated = {t for t, n in Counter(ln.text for ln in lines).items() if n > MAX_HEADING_REPEATS}
    series = code_series(ln.text for ln in lines)
    units: list[Unit] = []
    headings: tuple[str, ...] = ()
    chapter = ""  # the last numbered section ("5.1 Transportation and Land Use")
    outline: tuple[str, ...] = ()  # the headings above the text, items aside
    policy = ""  # the numbered policy the text is in, until the next numbered section
    current: list[Line] = []
    para: int | None = None
    last_para = 0
    previous: str | None = None
    pending_heading: Line | None = None  # kept as the first line of the text under it

    def flush() -> None:
        nonlocal current, para, pending_heading
        if current:
            if pending_heading is not None:
                current.insert(0, pending_heading)
                pending_heading = None
            units.append(Unit(reflow(current), headings, current[0].page, para))
        current, para = [], None

    for i, line in enumerate(lines):
        following = lines[i + 1].text if i + 1 < len(lines) else None
        numbered = NUMBERED_PARA.match(line.text)
        n = int(numbered.group(1)) if numbered else None
        label = "" if line.text in repeated else labelled_heading(line.text, following, series)
        if label != "section" and n is not None and (n == last_para + 1 or n == 1):
            flush()
            if headings and CAPTION.match(headings[-1]):  # the report's text goes on
                headings = headings[:-1]
            para, last_para = n, n
            current = [line]
        elif label or (
            line.text not in repeated and looks_like_heading(line.text, previous, following)
        ):
            flush()
            if n is not None and label == "section":  # "1. Introduction": numbering goes on
                last_para = n
            if label in ("item", "policy"):
                policy = line.text if label == "policy" else ""
                headings = (*outline, line.text)
            else:  # "Water Resources" under "5.1 Transportation and Land Use"
                if label == "section":
                    chapter, policy = line.text, ""
                outline = (line.text,) if chapter in ("", line.text) else (chapter, line.text)
                # a policy's own sub-headings ("Location and clustering") stay under it
                headings = (*outline[:-1], policy, outline[-1]) if policy else outline
            if pending_heading is not None:  # two headings in a row: keep both
                line = Line(line.page, f"{pending_heading.text}\n{line.text}")
            pending_heading = line
        else:
            current.append(line)
            if para is None and line.text.endswith((".", "?", "!")):
                flush()
        previous = line.text
    flush()
    if pending_heading is not None:
        units.append(Unit(pending_heading.text, headings, pending_heading.page))
    return units


def chunk_running_text(
    lines: list[Line],
    info: DocumentInfo,
    options: ChunkingOptions,
    title: str = "",
    date: str | None = None,
    body: str | None = None,
) -> list[Chunk]:
    """Chunks of a report (``title`` given) or of any other running text."""
    chunks = []
    for piece in pack_units(lines_to_units(lines), options.max_tokens, options.overlap_tokens):
        heading = piece.headings[-1] if piece.headings else ""
        # a policy or strategy by its label
        item = heading if len(piece.headings) > 1 and places(heading) else ""
        where = ", ".join(p for p in (item, para_label(piece.paras)) if p) or section_label(heading)
        if title:
            locator = f"Report: {title}" + (f", {where}" if where else "")
        else:
            locator = where or (f"page {piece.page_start}" if piece.page_start else info.title)
        context = " | ".join(p for p in (info.title, title, *piece.headings) if p)
        chunks.append(
            make_chunk(
                info,
                piece.text,
                locator,
                context,
                piece.page_start,
                piece.page_end,
                section=heading,
                date=date,
                body=body,
                report_title=title,
                paragraphs=piece.paras,
            )
        )
    return chunks
