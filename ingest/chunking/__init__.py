"""Chunking along a document's own structure: minutes, reports, action tables, sections."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

from ingest.abbreviations import definitions, passage_expansions
from ingest.chunking.actions import chunk_pdf_actions, chunk_rows
from ingest.chunking.base import ChunkingOptions, make_chunk
from ingest.chunking.items import opening_title, split_items
from ingest.chunking.lines import PRINTED_LINE, Line, page_lines, running_headers
from ingest.chunking.minutes import chunk_minutes
from ingest.chunking.reports import chunk_running_text, report_title
from ingest.chunking.sections import Unit, pack_units, section_label
from ingest.ids import MINUTE_NUMBER
from ingest.loaders.furniture import front_matter_pages
from ingest.metadata import MEETING_HEADER, REPORT_OF, minutes_opening, parse_date, tidy_body
from ingest.model import Block, Chunk, DocumentInfo, LoadedDocument
from ingest.units import UNITS_VERSION

# Raised whenever documents are read differently (passages or records), so that an index
# re-reads them all.
CHUNKER_VERSION = "53"

__all__ = [
    "CHUNKER_VERSION",
    "ChunkingOptions",
    "block_lines",
    "chunk_document",
    "chunker_signature",
    "pdf_segments",
]


def chunker_signature(options: ChunkingOptions) -> str:
    """Chunker and units versions and sizes: chunks (and their units' vectors) made under
    another signature must be remade."""
    return (
        f"{CHUNKER_VERSION}.{UNITS_VERSION}:{options.max_tokens}/{options.overlap_tokens}"
        f"/{options.max_minute_tokens}"
    )


def chunk_document(
    document: LoadedDocument, info: DocumentInfo, options: ChunkingOptions | None = None
) -> list[Chunk]:
    options = options or ChunkingOptions()
    if any(b.kind == "page" for b in document.blocks):  # a PDF, or a scan read by OCR
        chunks = _mark_front_matter(_chunk_pdf(document, info, options), document.blocks)
        chunks += _chunk_blocks([b for b in document.blocks if b.where], info, options)
    elif info.doc_type == "minutes" and split_items(lines := block_lines(document.blocks))[1]:
        chunks = chunk_minutes(lines, info, info.body, info.date, options)
        rows = [b for b in document.blocks if b.kind == "row" and not is_item_row(b)]
        chunks += _chunk_blocks(rows, info, options)
    else:
        chunks = _chunk_blocks(document.blocks, info, options)
    chunks = _mark_scanned(chunks, document.blocks)
    # a passage's context names the long form of each abbreviation the document defines and
    # the passage only abbreviates ("GHG: greenhouse gas"), and the other way round
    defined = definitions("\n".join(b.text for b in document.blocks))
    notes = passage_expansions([c.text for c in chunks], defined)
    return [
        replace(
            c,
            chunk_id=f"{info.doc_id}:{n:05d}",
            context="\n".join((c.context, "; ".join(found))).strip() if found else c.context,
        )
        for n, (c, found) in enumerate(zip(chunks, notes, strict=True))
    ]


# --- PDFs: split the line stream into minutes, reports and the rest -------------------------


def _mark_scanned(chunks: list[Chunk], blocks: list[Block]) -> list[Chunk]:
    """Chunks of text OCR read carry ``scanned`` and the lowest confidence among its pages or
    images: a citation says so, and a reader knows to check the page. A chunk's scanned pages
    are found by page number, or, in a document without pages (a DOCX with scans pasted in),
    by a line of it that comes from OCR's text."""
    read = [b for b in blocks if b.ocr_confidence is not None]
    if not read:
        return chunks
    by_page = {b.page: b.ocr_confidence for b in read if b.page}
    by_text = [(" ".join(b.text.split()), b.ocr_confidence) for b in read if not b.page]

    def confidences(chunk: Chunk) -> list[float]:
        first = chunk.page_start or 0
        found = [by_page[p] for p in range(first, (chunk.page_end or first) + 1) if p in by_page]
        if by_text:
            lines = [" ".join(ln.split()) for ln in chunk.text.split("\n")]
            lines = [ln for ln in lines if len(ln) >= 20]
            found += [c for text, c in by_text if any(ln in text for ln in lines)]
        return found

    marked = []
    for chunk in chunks:
        found = confidences(chunk)
        if found:
            meta = {**chunk.meta, "scanned": True, "ocr_confidence": round(min(found), 1)}
            chunk = replace(chunk, meta=meta)
        marked.append(chunk)
    return marked


def _mark_front_matter(chunks: list[Chunk], blocks: list[Block]) -> list[Chunk]:
    """Chunks wholly on cover or contents pages carry ``front_matter``: searchable (a title
    search may want them), never quoted as an answer."""
    pages = [(b.page, b.text) for b in blocks if b.kind == "page" and b.page]
    front = front_matter_pages(pages)
    return [
        replace(c, meta={**c.meta, "front_matter": True})
        if c.page_start in front and (c.page_end or c.page_start) in front
        else c
        for c in chunks
    ]


def _segment_starts(lines: list[Line]) -> list[tuple[int, str]]:
    """(line index, kind) where a set of minutes or a report begins."""
    starts = []
    for i, line in enumerate(lines):
        if line.text.lower().startswith("minutes of a meeting of the") or (
            line.text.lower().startswith("minutes of the meeting of the")
        ):
            starts.append((i, "minutes"))
        elif REPORT_OF.match(line.text):
            begin = i
            for j in range(i - 1, max(-1, i - 6), -1):  # back to the "CABINET – date" header
                if MEETING_HEADER.match(lines[j].text):
                    begin = j
                    break
            starts.append((begin, "report"))
    return starts


@dataclass(frozen=True)
class Segment:
    """A stretch of a PDF: a set of minutes (with its body and meeting date), a report, or
    the running text before either."""

    kind: str  # minutes | report | text
    lines: list[Line]
    body: str | None = None
    date: str | None = None


def block_lines(blocks: list[Block]) -> list[Line]:
    """The lines of a DOCX, HTML or text document's headings and paragraphs, and of the rows
    of a table of items (``item_row_lines``), in order. Where its paragraphs are a writer's,
    the first line of each is marked as starting one; a PDF saved one line per paragraph
    (most of them no longer than a printed line) is reflowed as a PDF's lines are."""
    written = [b for b in blocks if b.kind in ("paragraph", "heading") or is_item_row(b)]
    lengths = [len(b.text) for b in written if b.kind == "paragraph"]
    authored = bool(lengths) and statistics.median(lengths) > PRINTED_LINE
    lines = []
    for block in written:
        if block.kind == "row":  # each cell is written as a paragraph
            lines += [Line(block.page or 0, text, True) for text in item_row_lines(block)]
            continue
        texts = [ln.strip() for ln in block.text.split("\n") if ln.strip()]
        lines += [Line(block.page or 0, t, authored and n == 0) for n, t in enumerate(texts)]
    return lines


def is_item_row(block: Block) -> bool:
    """A table row that is a minute: its first cell holds the item's number ("25/03")."""
    return (
        block.kind == "row" and bool(block.fields) and bool(MINUTE_NUMBER.match(block.fields[0][1]))
    )


def item_row_lines(row: Block) -> list[str]:
    """A minute set out as a table row, as the lines minutes are read from: its number and
    the first sentence of its text as the item's title when that is short ("25/03
    Playground."), else the number alone; the rest of the text; then each further cell under
    its column's name ("Action: Clerk"), or alone where the table names no columns."""
    (_, number), *cells = row.fields
    if not cells:
        return [number]
    text = cells[0][1].strip()
    title = opening_title(text)
    lines = [f"{number} {title}", text[len(title) :]] if title else [number, text]
    lines += [
        value if name.startswith("Column ") else f"{name}: {value}" for name, value in cells[1:]
    ]
    return [ln.strip() for line in lines for ln in line.split("\n") if ln.strip()]


def pdf_segments(lines: list[Line], info: DocumentInfo) -> list[Segment]:
    """A minutes document is one set of minutes; an agenda pack holds minutes and reports."""
    if info.doc_type == "minutes":
        return [Segment("minutes", lines, info.body, info.date)]
    starts = _segment_starts(lines)
    segments = []
    if not starts or starts[0][0] > 0:
        segments.append(Segment("text", lines[: starts[0][0] if starts else len(lines)]))
    for k, (begin, kind) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        segment = lines[begin:end]
        if kind == "minutes":
            opening = " ".join(ln.text for ln in segment[:4])
            body, date = minutes_opening(opening) or (info.body, info.date)
            segments.append(Segment(kind, segment, body, date))
        else:
            segments.append(Segment(kind, segment))
    return segments


def _chunk_pdf(document: LoadedDocument, info: DocumentInfo, options: ChunkingOptions):
    lines = page_lines(document.blocks)
    if info.doc_type == "action plan":
        headers = running_headers(document.blocks)
        columns = max(headers, key=lambda h: (len(h), h)) if headers else ""
        before, actions = chunk_pdf_actions(lines, columns, info, options, frozenset(headers))
        return chunk_running_text(before, info, options) + actions
    chunks: list[Chunk] = []
    for segment in pdf_segments(lines, info):
        if segment.kind == "minutes":
            chunks += chunk_minutes(segment.lines, info, segment.body, segment.date, options)
        elif segment.kind == "report":
            chunks += _chunk_report(segment.lines, info, options)
        else:
            chunks += chunk_running_text(segment.lines, info, options)
    return chunks


def _chunk_report(segment: list[Line], info: DocumentInfo, options: ChunkingOptions):
    header = MEETING_HEADER.match(segment[0].text)
    body, date, skip = info.body, info.date, 0
    if header:
        body, date, skip = tidy_body(header.group(1)), parse_date(header.group(2)), 1
    report_at = next(i for i, ln in enumerate(segment) if REPORT_OF.match(ln.text))
    title = report_title([ln.text for ln in segment[skip:report_at]]) or info.title
    return chunk_running_text(segment[report_at:], info, options, title, date, body)


# --- Block documents: DOCX, HTML, text, spreadsheets, CSV -----------------------------------


def _chunk_blocks(blocks: list[Block], info: DocumentInfo, options: ChunkingOptions):
    plan_titles: dict[str, str] = {}
    units: list[Unit] = []
    rows: list[Block] = []
    path: list[tuple[int, str]] = []
    pending_heading = ""  # a heading's own text opens the first paragraph under it
    for block in blocks:
        if block.kind == "row":
            rows.append(block)
        elif block.kind == "heading" and block.where:  # a table's title row
            plan_titles.setdefault(block.where, block.text)
        elif block.kind == "heading":
            path = [(lvl, text) for lvl, text in path if lvl < block.level] + [
                (block.level, block.text)
            ]
            pending_heading = f"{pending_heading}\n{block.text}".strip()
        else:
            text = f"{pending_heading}\n{block.text}" if pending_heading else block.text
            units.append(Unit(text, tuple(heading for _, heading in path)))
            pending_heading = ""
    if pending_heading:
        units.append(Unit(pending_heading, tuple(heading for _, heading in path)))
    chunks = []
    for piece in pack_units(units, options.max_tokens, options.overlap_tokens):
        heading = piece.headings[-1] if piece.headings else ""
        locator = section_label(heading) or info.title
        context = " | ".join((info.title, *(h for h in piece.headings if h != info.title)))
        chunks.append(make_chunk(info, piece.text, locator, context, section=heading))
    return chunks + chunk_rows(rows, plan_titles, info, options)
