"""What a request may ask: its text and filters checked the same way over HTTP and MCP."""

from __future__ import annotations

from index.fusion import Filters
from ingest.metadata import parse_date_bound
from ingest.model import DOC_TYPES


class BadRequest(ValueError):
    """A request the caller must change; the message says how (HTTP sends it as a 422)."""


def valid_text(text: str, name: str, max_chars: int) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BadRequest(f"the {name} is empty")
    if len(cleaned) > max_chars:
        raise BadRequest(f"the {name} is {len(cleaned)} characters; the limit is {max_chars}")
    return cleaned


def request_filters(
    doc_type: str | None = None,
    source: str | None = None,
    body: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Filters:
    if doc_type and doc_type not in DOC_TYPES:
        raise BadRequest(f"unknown doc_type '{doc_type}'; use one of: {', '.join(DOC_TYPES)}")
    return Filters(
        doc_type=doc_type or None,
        source=source or None,
        body=body or None,
        date_from=valid_date(date_from, "date_from"),
        date_to=valid_date(date_to, "date_to"),
    )


def valid_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    parsed = parse_date_bound(value)
    if parsed is None:
        raise BadRequest(f"{name} '{value}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed
