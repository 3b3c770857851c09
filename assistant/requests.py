"""What a request may ask: its text and filters checked the same way over HTTP and MCP."""

from __future__ import annotations

import re

from index.fusion import Filters
from ingest.metadata import parse_date_bound
from ingest.model import DOC_TYPES

# What the OpenAPI schema declares, so that a client generated from it sends only what is
# accepted: dates as valid_date reads them in ISO form, text with something besides spaces.
DATE_PATTERN = r"^\d{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?$"
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
# a character other than whitespace, spelled out so that JSON Schema (ECMA-262), the server's
# validator and Python agree on what whitespace is
NOT_BLANK = r"[^ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
MAX_QUERY_CHARS = 2000  # the default of settings.max_query_chars


class BadRequest(ValueError):
    """A request the caller must change; the message says how (HTTP sends it as a 422)."""


def valid_text(text: str, name: str, max_chars: int) -> str:
    if not re.search(NOT_BLANK, text):
        raise BadRequest(f"the {name} is empty")
    cleaned = " ".join(text.split()) or text  # control characters alone are kept as sent
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


def validation_message(errors: list[dict]) -> str:
    """FastAPI's list of validation errors as one sentence for the `detail` string."""
    parts = []
    for error in errors:
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path")]
        name = ".".join(where) or "request"
        context, given = error.get("ctx") or {}, error.get("input")
        if context.get("pattern") == DATE_PATTERN:
            parts.append(f"{name} '{given}' is not a date; use {DATE_FORMS}")
        elif context.get("pattern") == NOT_BLANK or error.get("type") == "string_too_short":
            parts.append(f"the {name} is empty")
        elif error.get("type") == "string_too_long":
            limit = context.get("max_length")
            parts.append(f"the {name} is {len(str(given))} characters; the limit is {limit}")
        elif error.get("type") == "literal_error":
            parts.append(f"unknown {name} '{given}'; use one of: {context.get('expected')}")
        else:
            parts.append(f"{name}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def valid_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    parsed = parse_date_bound(value)
    if parsed is None:
        raise BadRequest(f"{name} '{value}' is not a date; use {DATE_FORMS}")
    return parsed
