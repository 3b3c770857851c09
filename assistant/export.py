"""Decisions and actions as flat tables for planners' own tools: CSV and Excel workbooks.

Each row carries its citation (source file, page or sheet and row) in columns of its own.
Cells that a spreadsheet would run as a formula ("=", "+", "-", "@" first) are written with a
leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from assistant.records import ActionResult
from ingest.records import DecisionRecord

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def decision_rows(records: Sequence[DecisionRecord]) -> list[dict]:
    """One row per resolution item (sub-items inside it); a minute with none gets one row."""
    rows = []
    for record in records:
        items = record.resolutions or [None]
        for item in items:
            text = ""
            if item is not None:
                subs = "; ".join(f"{s.label}. {s.text}" for s in item.sub_items)
                text = f"{item.text} {subs}".strip()
            rows.append(
                {
                    "citation": record.citation(item.label if item else ""),
                    "body": record.body,
                    "meeting_date": record.meeting_date or "",
                    "place": record.place,
                    "minute": record.reference or record.minute_number,
                    "item": item.label if item else "",
                    "outcome": record.outcome,
                    "votes": ", ".join(f"{n} {side}" for side, n in record.votes.items()),
                    "title": record.title,
                    "resolution": text,
                    "noted_only": bool(item and item.noted),
                    "key_decision": record.key_decision,
                    "report": record.report,
                    "reasons": record.reasons,
                    "record_status": record.status,
                    "source": record.source,
                    "page": record.resolved_page or record.page_start or "",
                }
            )
    return rows


def action_rows(results: Sequence[ActionResult]) -> list[dict]:
    rows = []
    for result in results:
        record = result.record
        history = "; ".join(
            f"{v.locator}: {v.stage or v.status or '-'}" + (f", RAG {v.rag}" if v.rag else "")
            for v in result.history
        )
        rows.append(
            {
                "action_id": record.action_id,
                "action_id_as_written": record.action_id_original,
                "plan": record.plan,
                "plan_date": record.plan_date or "",
                "section": record.section,
                "action": record.action,
                "lead": record.lead,
                "role": record.role,
                "partners": record.partners,
                "start": record.start,
                "end": record.end,
                "stage": record.stage,
                "rag": record.rag,
                "update_note": record.note,
                "versions": history,
                "record_status": record.status,
                "source": record.source,
                "page": record.page or "",
                "sheet": record.sheet,
                "row": record.row or "",
            }
        )
    return rows


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(row.get(k, "")) for k in columns})
    return out.getvalue()


def to_xlsx(rows: Sequence[dict], columns: Sequence[str], sheet: str) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append([_safe(row.get(k, "")) for k in columns])
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


DECISION_COLUMNS = [
    "citation", "body", "meeting_date", "place", "minute", "item", "outcome", "votes", "title",
    "resolution", "noted_only", "key_decision", "report", "reasons", "record_status", "source",
    "page",
]  # fmt: skip
ACTION_COLUMNS = [
    "action_id", "action_id_as_written", "plan", "plan_date", "section", "action", "lead",
    "role", "partners", "start", "end", "stage", "rag", "update_note", "versions",
    "record_status", "source", "page", "sheet", "row",
]  # fmt: skip
