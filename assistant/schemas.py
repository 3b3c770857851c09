"""Request and response shapes of the HTTP API (separate from the internal types)."""

from __future__ import annotations

from pydantic import BaseModel

from index.search import Hit


class SearchResult(BaseModel):
    text: str
    source: str
    title: str
    page: int | None
    page_end: int | None
    locator: str
    doc_type: str
    date: str | None
    body: str | None
    section: str
    chunk_id: str
    score: float

    @classmethod
    def from_hit(cls, hit: Hit) -> SearchResult:
        chunk = hit.chunk
        return cls(
            text=chunk.text,
            source=chunk.source,
            title=chunk.title,
            page=chunk.page_start,
            page_end=chunk.page_end,
            locator=chunk.locator,
            doc_type=chunk.doc_type,
            date=chunk.date,
            body=chunk.body,
            section=chunk.section,
            chunk_id=chunk.chunk_id,
            score=round(hit.score, 6),
        )


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]


class Health(BaseModel):
    status: str
    index_loaded: bool
    documents: int
    chunks: int
    model: str
    built: str | None = None
    detail: str | None = None


class ErrorResponse(BaseModel):
    detail: str
