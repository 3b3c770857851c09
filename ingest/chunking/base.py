"""Building a Chunk from a document's metadata and a passage (pure logic)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.model import Chunk, DocumentInfo


@dataclass(frozen=True)
class ChunkingOptions:
    """Sizes in tiktoken tokens. Passages of about 120 tokens plus their context header fit the
    128-token sequences the MiniLM embedding model was trained on; a minute may run longer so
    that its RESOLVED items stay together."""

    max_tokens: int = 120
    overlap_tokens: int = 24
    max_minute_tokens: int = 320


def make_chunk(
    info: DocumentInfo,
    text: str,
    locator: str,
    context: str = "",
    page_start: int | None = None,
    page_end: int | None = None,
    section: str = "",
    date: str | None = None,
    body: str | None = None,
    **meta: Any,
) -> Chunk:
    """A chunk without its ID yet; IDs are numbered once the whole document is chunked."""
    return Chunk(
        chunk_id="",
        doc_id=info.doc_id,
        source=info.source,
        title=info.title,
        doc_type=info.doc_type,
        text=text.strip(),
        locator=locator,
        context=context,
        page_start=page_start,
        page_end=page_end if page_end is not None else page_start,
        section=section,
        date=date or info.date,
        body=body or info.body,
        meta={k: v for k, v in meta.items() if v not in (None, "", ())},
    )
