"""Structured records made during ingest: decisions from minutes, actions from action plans.

``extract_records`` is pure: it takes the loaded document, its chunks and (for a PDF action
plan) the table rows read cell by cell, and returns the records with what could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.chunking import block_lines, pdf_segments
from ingest.chunking.actions import plan_label
from ingest.chunking.items import item_parts, split_items
from ingest.chunking.lines import page_lines
from ingest.columns import cell_action_id
from ingest.decision_wording import decision_match
from ingest.metadata import OPENING_LINES, meeting_place, parse_date
from ingest.model import Chunk, DocumentInfo, LoadedDocument
from ingest.records.actions import (
    ActionRecord,
    RowVocabulary,
    record_from_fields,
    record_from_text,
    text_fields,
)
from ingest.records.decisions import DecisionRecord, parse_decision

__all__ = ["ActionRecord", "DecisionRecord", "Records", "extract_records", "record_from_dict"]


@dataclass
class Records:
    decisions: list[DecisionRecord] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows that made no record, and why

    def summary(self) -> str:
        """ "11 decisions (1 partial), 155 actions (10 partial), 2 rows skipped" or ""."""
        parts = []
        for name, records in (("decisions", self.decisions), ("actions", self.actions)):
            if records:
                partial = sum(1 for r in records if r.status == "partial")
                parts.append(
                    f"{len(records)} {name}" + (f" ({partial} partial)" if partial else "")
                )
        if self.skipped:
            parts.append(f"{len(self.skipped)} rows skipped ({self.skipped[0]}…)")
        return ", ".join(parts)

    def to_dicts(self) -> list[dict]:
        return [r.to_dict() for r in (*self.decisions, *self.actions)]


def record_from_dict(data: dict) -> DecisionRecord | ActionRecord:
    kind = data.get("kind")
    if kind == "decision":
        return DecisionRecord.from_dict(data)
    if kind == "action":
        return ActionRecord.from_dict(data)
    raise ValueError(f"unknown record kind {kind!r}")


def extract_records(
    document: LoadedDocument,
    info: DocumentInfo,
    chunks: Sequence[Chunk],
    table_rows: Sequence[Sequence[tuple[str, str]]] = (),
) -> Records:
    """Decisions of every set of minutes in the document; an action for each action chunk; the
    other rows of tables that hold actions, as skipped."""
    action_sheets = {c.meta.get("sheet") for c in chunks if c.meta.get("action_id")}
    skipped = [
        f"{c.locator}: no action ID"
        for c in chunks
        if c.meta.get("row") is not None
        and not c.meta.get("action_id")
        and c.meta.get("sheet") in action_sheets
    ]
    return Records(_decisions(document, info), _actions(info, chunks, table_rows), skipped)


def _decisions(document: LoadedDocument, info: DocumentInfo) -> list[DecisionRecord]:
    if document.format == "pdf":
        segments = [
            (s.lines, s.body, s.date)
            for s in pdf_segments(page_lines(document.blocks), info)
            if s.kind == "minutes"
        ]
    else:
        segments = _block_minutes(document, info)
    records = []
    for lines, body, date in segments:
        place = meeting_place("\n".join(ln.text for ln in lines[:OPENING_LINES]))
        _, items = split_items(lines)
        parts = [part for item in items for part in item_parts(item, _decides)]
        for part in parts:
            records.append(
                parse_decision(
                    part.number,
                    part.title,
                    [(ln.page or None, ln.text) for ln in part.lines],
                    doc_id=info.doc_id,
                    source=info.source,
                    body=body or info.body or "",
                    meeting_date=date or info.date,
                    place=place,
                    reference=part.label,
                    heading_lines=part.heading_lines,
                )
            )
    return records


def _decides(text: str) -> bool:
    return decision_match(text) is not None


def _block_minutes(document: LoadedDocument, info: DocumentInfo):
    """Minutes written as paragraphs (DOCX, HTML, text): one set, when they are minutes."""
    if info.doc_type != "minutes":
        return []
    return [(block_lines(document.blocks), info.body, info.date)]


def _actions(
    info: DocumentInfo,
    chunks: Sequence[Chunk],
    table_rows: Sequence[Sequence[tuple[str, str]]],
) -> list[ActionRecord]:
    """One record per action (pieces of a long row are one action), from the table's cells
    where the PDF gave them, else from the chunk's own "column: value" lines or text."""
    by_id: dict[str, Sequence[tuple[str, str]]] = {}
    for row in table_rows:
        action_id = cell_action_id(*row[0]) if row else None
        if action_id and action_id not in by_id:
            by_id[action_id] = row
    firsts: dict[tuple[str, str], Chunk] = {}
    for chunk in chunks:
        action_id = chunk.meta.get("action_id")
        if action_id:
            firsts.setdefault((chunk.meta.get("plan") or chunk.title, action_id), chunk)
    records: list[ActionRecord] = []
    from_text: list[Chunk] = []
    for (plan, action_id), chunk in firsts.items():
        date = issued(plan) or info.date
        fields = by_id.get(action_id) or text_fields(chunk.text)
        record = record_from_fields(fields, chunk, date) if fields else None
        if record is None or (chunk.source.lower().endswith(".pdf") and not record.action):
            from_text.append(chunk)
        else:
            records.append(record)
    vocabulary = RowVocabulary.of(records, [chunk.text for chunk in from_text])
    for chunk in from_text:
        date = issued(chunk.meta.get("plan") or chunk.title) or info.date
        records.append(record_from_text(chunk, date, vocabulary))
    return records


def issued(plan_title: str) -> str | None:
    """The date a plan's title gives: "… December 2024 progress update" -> "2024-12"."""
    label = plan_label(plan_title)
    return parse_date(label) if label.endswith("update") else None
