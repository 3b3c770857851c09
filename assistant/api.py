"""HTTP service: thin routes over the live index.

(No ``from __future__ import annotations`` here: FastAPI reads the route annotations, and the
``k`` limit comes from the settings in the enclosing function.)
"""

from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool

from assistant.live_index import LiveIndex
from assistant.schemas import ErrorResponse, Health, SearchResponse, SearchResult
from assistant.settings import Settings, embedder_for
from index.fusion import Filters
from index.search import HybridSearcher
from index.store import IndexUnavailable
from ingest.embed import Embedder
from ingest.metadata import parse_date_bound
from ingest.model import DOC_TYPES


def create_app(settings: Settings | None = None, embedder: Embedder | None = None) -> FastAPI:
    """The application; the embedding model and index are loaded in its lifespan, not here."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        model = embedder or embedder_for(settings)
        app.state.live_index = LiveIndex(settings.index_dir, model)
        try:  # warm up: load the model and index now rather than on the first question
            await run_in_threadpool(app.state.live_index.searcher)
            await run_in_threadpool(model.embed, ["warm up"])
        except IndexUnavailable:
            pass  # /health says so; /search answers 503 until an index exists
        yield

    app = FastAPI(title="Council documents assistant", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    errors = {503: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}

    @app.get("/health", response_model=Health)
    def health(request: Request) -> Health:
        live: LiveIndex = request.app.state.live_index
        try:
            searcher = live.searcher()
        except IndexUnavailable as exc:
            return Health(
                status="no index",
                index_loaded=False,
                documents=0,
                chunks=0,
                model=settings.embedding_model,
                detail=str(exc),
            )
        return Health(
            status="ok",
            index_loaded=True,
            documents=len(searcher.manifest.documents),
            chunks=len(searcher.chunks),
            model=searcher.manifest.model,
            built=searcher.manifest.created or None,
        )

    @app.get("/search", response_model=SearchResponse, responses=errors)
    def search(
        searcher: Annotated[HybridSearcher, Depends(_searcher)],
        q: Annotated[str, Query(description="The question or words to look for")],
        k: Annotated[int, Query(ge=1, le=settings.max_k)] = 5,
        doc_type: Annotated[str | None, Query(description=", ".join(DOC_TYPES))] = None,
        source: Annotated[str | None, Query(description="File name")] = None,
        body: Annotated[str | None, Query(description="e.g. Cabinet")] = None,
        date_from: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    ) -> SearchResponse:
        query = _valid_query(q, settings.max_query_chars)
        filters = _filters(doc_type, source, body, date_from, date_to)
        hits = searcher.search(query, k=k, filters=filters)
        return SearchResponse(query=query, results=[SearchResult.from_hit(h) for h in hits])

    return app


def _searcher(request: Request) -> HybridSearcher:
    try:
        return request.app.state.live_index.searcher()
    except IndexUnavailable as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc


def _valid_query(q: str, max_chars: int) -> str:
    query = " ".join(q.split())
    if not query:
        raise HTTPException(status_code=422, detail="the query 'q' is empty")
    if len(query) > max_chars:
        raise HTTPException(
            status_code=422,
            detail=f"the query is {len(query)} characters; the limit is {max_chars}",
        )
    return query


def _filters(
    doc_type: str | None,
    source: str | None,
    body: str | None,
    date_from: str | None,
    date_to: str | None,
) -> Filters:
    if doc_type and doc_type not in DOC_TYPES:
        raise HTTPException(
            status_code=422,
            detail=f"unknown doc_type '{doc_type}'; use one of: {', '.join(DOC_TYPES)}",
        )
    return Filters(
        doc_type=doc_type or None,
        source=source or None,
        body=body or None,
        date_from=_valid_date(date_from, "date_from"),
        date_to=_valid_date(date_to, "date_to"),
    )


def _valid_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    parsed = parse_date_bound(value)
    if parsed is None:
        raise HTTPException(
            status_code=422,
            detail=f"{name} '{value}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD",
        )
    return parsed
