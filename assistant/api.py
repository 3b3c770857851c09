"""HTTP service: thin routes over the assistant service.

(No ``from __future__ import annotations`` here: FastAPI reads the route annotations, and the
``k`` limit comes from the settings in the enclosing function.)
"""

import calendar
import dataclasses
import html
import logging
import time
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    Response,
    StreamingResponse,
)

from assistant.access import Access, AccessDenied, resolve_access
from assistant.chat_format import answer_events, completion, completion_chunks, with_sources
from assistant.export import (
    ACTION_COLUMNS,
    DECISION_COLUMNS,
    action_rows,
    decision_rows,
    to_csv,
    to_xlsx,
)
from assistant.guards import Guards, TokenBuckets
from assistant.mcp_server import create_mcp
from assistant.records import ActionQuery, DecisionQuery
from assistant.requests import (
    DATE_FORMS,
    DATE_PATTERN,
    MAX_QUERY_CHARS,
    NOT_BLANK,
    BadRequest,
    request_filters,
    valid_date,
    valid_text,
    validation_message,
)
from assistant.schemas import (
    ActionOut,
    AskRequest,
    AskResponse,
    ChatRequest,
    DecisionOut,
    DocType,
    DocumentOut,
    ErrorResponse,
    GlossaryNote,
    Health,
    ModelList,
    ModelOut,
    SearchResponse,
    SearchResult,
)
from assistant.service import AssistantService
from assistant.settings import Settings, embedder_for
from index.fusion import Filters
from index.search import HybridSearcher
from index.store import IndexUnavailable
from ingest.embed import Embedder

ERRORS = {
    400: {"model": ErrorResponse, "description": "A body that is not JSON"},
    401: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse},
}
NO_INDEX = (
    "no documents are indexed here yet, or the index cannot be read: an administrator needs "
    "to run `assistant ingest` (the service's log says why)"
)
log = logging.getLogger("assistant.http")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = {"min_length": 1, "max_length": MAX_QUERY_CHARS, "pattern": NOT_BLANK}
DATE = {"description": DATE_FORMS, "pattern": DATE_PATTERN}
NO_QUESTION = "Ask me a question about the council's documents, and I will answer from them."
EVENTS = {"content": {"text/event-stream": {}}, "description": "Server-sent events"}
CHAT = {
    "content": {"application/json": {}, "text/event-stream": {}},
    "description": "An OpenAI chat completion, or its chunks as server-sent events",
}
FILE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": XLSX_TYPE,
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}
FILES = {
    "content": {kind.split(";")[0]: {} for kind in FILE_TYPES.values()}
    | {"application/octet-stream": {}},
    "description": "The document as it was ingested",
}
EXPORTS = {
    **ERRORS,
    200: {"content": {"text/csv": {}, XLSX_TYPE: {}}, "description": "JSON, CSV or Excel"},
}


def create_app(settings: Settings | None = None, embedder: Embedder | None = None) -> FastAPI:
    """The application; the model, index and glossary load in its lifespan, not here."""
    settings = settings or Settings()

    tools = create_mcp(lambda: app.state.service, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        model = embedder or embedder_for(settings)
        app.state.service = AssistantService.from_settings(settings, model)
        try:  # warm up: load the model and index now rather than on the first question
            await run_in_threadpool(app.state.service.live.searcher)
            await run_in_threadpool(model.embed, ["warm up"])
        except IndexUnavailable:
            pass  # /health says so; searches answer 503 until an index exists
        async with tools.session_manager.run():
            yield

    app = FastAPI(title="Council documents assistant", version="0.1.0", lifespan=lifespan)

    # MCP over streamable HTTP at /mcp/ (assistant/mcp_server.py)
    app.mount("/mcp", tools.streamable_http_app(streamable_http_path="/", host=settings.host))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        """Errors as the schema documents them: `detail` is one sentence, not a list."""
        return JSONResponse(status_code=422, content={"detail": validation_message(exc.errors())})

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    buckets = None
    if settings.rate_limit_per_minute:
        buckets = TokenBuckets(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.add_middleware(
        Guards,
        max_body_bytes=settings.max_request_kb * 1024,
        buckets=buckets,
        timeout_seconds=settings.request_timeout_seconds,
    )
    if settings.cors_origins:  # the configured intranet origins only, never "*"; outside the
        # guards, so that a 429 still reaches the widget
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-API-Key"],
            max_age=600,
        )

    def access(request: Request) -> Access:
        """Who is asking, from `Authorization: Bearer KEY` or `X-API-Key: KEY`."""
        header = request.headers.get("authorization", "")
        key = header[7:].strip() if header.lower().startswith("bearer ") else ""
        key = key or request.headers.get("x-api-key", "").strip()
        try:
            return resolve_access(key or None, settings.api_keys, settings.allow_anonymous)
        except AccessDenied as exc:
            raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc

    def visible(service: AssistantService, who: Access) -> frozenset[str] | None:
        """The documents this request may see (None: all of them)."""
        documents = _available(service.live.searcher).manifest.documents
        return who.documents(documents, settings.collections)

    Caller = Annotated[Access, Depends(access)]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def demo_page(request: Request) -> HTMLResponse:
        """An intranet page hosting the widget with its one-tag embed."""
        base = html.escape(str(request.base_url).rstrip("/"), quote=True)
        return HTMLResponse(_web_file("demo.html").replace("{{BASE}}", base))

    @app.get("/widget.js", include_in_schema=False)
    def widget_script() -> Response:
        return Response(
            _web_file("widget.js"),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300"},
        )

    @app.get("/demo.css", include_in_schema=False)
    def demo_styles() -> Response:
        return Response(_web_file("demo.css"), media_type="text/css; charset=utf-8")

    @app.get("/health", response_model=Health)
    def health(service: Annotated[AssistantService, Depends(_service)], who: Caller) -> Health:
        try:
            searcher = service.live.searcher()
        except IndexUnavailable as exc:
            log.warning("no index: %s", exc)
            return Health(
                status="no index",
                index_loaded=False,
                documents=0,
                chunks=0,
                model=settings.embedding_model,
                detail=NO_INDEX,
            )
        seen = visible(service, who)
        return Health(
            status="ok",
            index_loaded=True,
            documents=len(seen if seen is not None else searcher.manifest.documents),
            chunks=sum(1 for c in searcher.chunks if seen is None or c.doc_id in seen),
            model=searcher.manifest.model,
            built=searcher.manifest.created or None,
        )

    @app.get("/search", response_model=SearchResponse, responses=ERRORS)
    def search(
        service: Annotated[AssistantService, Depends(_service)],
        who: Caller,
        q: Annotated[str, Query(description="The question or words to look for", **TEXT)],
        k: Annotated[int, Query(ge=1, le=settings.max_k)] = 5,
        doc_type: DocType | None = None,
        source: Annotated[str | None, Query(description="File name")] = None,
        body: Annotated[str | None, Query(description="e.g. Cabinet")] = None,
        date_from: Annotated[str | None, Query(**DATE)] = None,
        date_to: Annotated[str | None, Query(**DATE)] = None,
    ) -> SearchResponse:
        query = valid_text(q, "query 'q'", settings.max_query_chars)
        filters = request_filters(doc_type, source, body, date_from, date_to)
        filters = dataclasses.replace(filters, documents=visible(service, who))
        hits = _available(lambda: service.search(query, k, filters))
        return SearchResponse(query=query, results=[SearchResult.from_hit(h) for h in hits])

    @app.post("/ask", response_model=AskResponse, responses=ERRORS)
    def ask(
        request: AskRequest, service: Annotated[AssistantService, Depends(_service)], who: Caller
    ) -> AskResponse:
        question = valid_text(request.question, "question", settings.max_query_chars)
        raw = request.filters.model_dump() if request.filters else {}
        filters = request_filters(**raw) if raw else Filters()
        filters = dataclasses.replace(filters, documents=visible(service, who))
        result, conversation_id = _available(
            lambda: service.ask(question, request.conversation_id, filters, owner=who.who)
        )
        return AskResponse.from_answer(result, conversation_id)

    @app.post("/ask/stream", responses={**ERRORS, 200: EVENTS})
    def ask_stream(
        request: AskRequest, service: Annotated[AssistantService, Depends(_service)], who: Caller
    ) -> StreamingResponse:
        """The /ask answer as server-sent events: meta, answer (line by line), citations,
        glossary, done (the whole /ask response)."""
        response = ask(request, service, who)
        return StreamingResponse(answer_events(response), media_type="text/event-stream")

    @app.post("/v1/chat/completions", responses={**ERRORS, 200: CHAT})
    def chat_completions(
        request: ChatRequest, service: Annotated[AssistantService, Depends(_service)], who: Caller
    ):
        """OpenAI-compatible chat: the last user message is the question, earlier ones the
        conversation; the reply is the answer with a numbered source list."""
        questions = [m.text() for m in request.messages if m.role == "user" and m.text().strip()]
        if not questions:  # a chat client's greeting or system message alone
            content = NO_QUESTION
            if request.stream:
                chunks = completion_chunks(content, request.model)
                return StreamingResponse(chunks, media_type="text/event-stream")
            return completion(content, request.model)
        question = valid_text(questions[-1], "question", settings.max_query_chars)
        filters = Filters(documents=visible(service, who))
        result, _ = _available(
            lambda: service.ask(question, filters=filters, history=questions[:-1], owner=who.who)
        )
        content = with_sources(result)
        if request.stream:
            chunks = completion_chunks(content, request.model)
            return StreamingResponse(chunks, media_type="text/event-stream")
        return completion(content, request.model)

    @app.get("/v1/models", response_model=ModelList, responses={401: {"model": ErrorResponse}})
    def models(service: Annotated[AssistantService, Depends(_service)], who: Caller) -> ModelList:
        """OpenAI-compatible model list: the assistant is the one model (tools such as Open
        WebUI list models before they chat)."""
        return ModelList(data=[_model(service)])

    @app.get("/v1/models/{model_id}", response_model=ModelOut, responses=ERRORS)
    def model(
        model_id: str, service: Annotated[AssistantService, Depends(_service)], who: Caller
    ) -> ModelOut:
        found = _model(service)
        if model_id != found.id:
            raise HTTPException(404, f"no model '{model_id}': the one model is '{found.id}'")
        return found

    @app.get("/decisions", response_model=list[DecisionOut], responses=EXPORTS)
    def decisions(
        service: Annotated[AssistantService, Depends(_service)],
        who: Caller,
        q: Annotated[
            str, Query(description="Words the decision must contain", max_length=MAX_QUERY_CHARS)
        ] = "",
        body: Annotated[str | None, Query(description="e.g. Cabinet")] = None,
        date_from: Annotated[str | None, Query(alias="from", **DATE)] = None,
        date_to: Annotated[str | None, Query(alias="to", **DATE)] = None,
        key_decision: bool | None = None,
        format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
    ):
        """Decisions from minutes, newest meeting first; ``format=csv|xlsx`` downloads them."""
        query = DecisionQuery(
            q=valid_text(q, "query 'q'", settings.max_query_chars) if q.strip() else "",
            body=body or "",
            date_from=valid_date(date_from, "from"),
            date_to=valid_date(date_to, "to"),
            key_decision=key_decision,
        )
        book = _available(service.live.records).visible(visible(service, who))
        found = book.find_decisions(query)
        if format != "json":
            return _download(decision_rows(found), DECISION_COLUMNS, "decisions", format)
        return [DecisionOut.from_record(r, f"/documents/{r.doc_id}/file") for r in found]

    @app.get("/actions", response_model=list[ActionOut], responses=EXPORTS)
    def actions(
        service: Annotated[AssistantService, Depends(_service)],
        who: Caller,
        q: Annotated[
            str, Query(description="Words the action must contain", max_length=MAX_QUERY_CHARS)
        ] = "",
        lead: Annotated[str | None, Query(description="Lead team, or part of its name")] = None,
        status: Annotated[str | None, Query(description="Stage or RAG, e.g. Delivery")] = None,
        ends_before: Annotated[str | None, Query(**DATE)] = None,
        plan: Annotated[str | None, Query(description="Plan title, or part of it")] = None,
        format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
    ):
        """Actions from action plans, each with its versions in other plans; ``format=csv|xlsx``
        downloads them."""
        query = ActionQuery(
            q=valid_text(q, "query 'q'", settings.max_query_chars) if q.strip() else "",
            lead=lead or "",
            status=status or "",
            ends_before=valid_date(ends_before, "ends_before"),
            plan=plan or "",
        )
        book = _available(service.live.records).visible(visible(service, who))
        found = book.find_actions(query)
        if format != "json":
            return _download(action_rows(found), ACTION_COLUMNS, "actions", format)
        return [ActionOut.from_result(r, f"/documents/{r.record.doc_id}/file") for r in found]

    @app.get("/glossary", response_model=list[GlossaryNote])
    def glossary(
        service: Annotated[AssistantService, Depends(_service)],
        who: Caller,
        q: Annotated[str | None, Query(description="Only terms used in or matching this")] = None,
    ) -> list[GlossaryNote]:
        entries = service.glossary.search(q) if q else service.glossary.entries
        return [GlossaryNote.from_entry(e) for e in entries]

    @app.get("/glossary/{term}", response_model=GlossaryNote, responses=ERRORS)
    def glossary_term(
        term: str, service: Annotated[AssistantService, Depends(_service)], who: Caller
    ) -> GlossaryNote:
        entry = service.glossary.lookup(term)
        if entry is None:
            raise HTTPException(404, f"'{term}' is not in the glossary; GET /glossary lists all")
        return GlossaryNote.from_entry(entry)

    @app.get("/documents", response_model=list[DocumentOut], responses=ERRORS)
    def documents(
        service: Annotated[AssistantService, Depends(_service)], who: Caller
    ) -> list[DocumentOut]:
        searcher = _available(service.live.searcher)
        return _document_list(searcher, visible(service, who))

    @app.get("/documents/{doc_id}/file", responses={**ERRORS, 200: FILES})
    def document_file(
        doc_id: str, service: Annotated[AssistantService, Depends(_service)], who: Caller
    ) -> FileResponse:
        searcher = _available(service.live.searcher)
        info = searcher.manifest.documents.get(doc_id)
        seen = visible(service, who)
        if info is None or (seen is not None and doc_id not in seen):  # hidden = not there
            raise HTTPException(404, f"no document '{doc_id}' in the index; see GET /documents")
        path = Path(info["path"])
        if not path.is_file():
            raise HTTPException(404, f"{info['source']} is indexed but its file is gone")
        return FileResponse(
            path,
            filename=info["source"],
            media_type=FILE_TYPES.get(path.suffix.lower(), "application/octet-stream"),
            content_disposition_type="inline",
        )

    return app


def _web_file(name: str) -> str:
    return (files("assistant") / "web" / name).read_text(encoding="utf-8")


def _download(rows: list[dict], columns: list[str], name: str, format: str) -> Response:
    if format == "csv":
        return Response(
            to_csv(rows, columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        to_xlsx(rows, columns, name),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


def _model(service: AssistantService) -> ModelOut:
    """The assistant as a model, created when its index was built (0 without an index)."""
    try:
        built = service.live.searcher().manifest.created
    except IndexUnavailable:
        built = ""
    try:
        created = int(calendar.timegm(time.strptime(built, "%Y-%m-%dT%H:%M:%SZ")))
    except ValueError:
        created = 0
    return ModelOut(created=created)


def _service(request: Request) -> AssistantService:
    return request.app.state.service


def _available(work):
    try:
        return work()
    except IndexUnavailable as exc:  # the full reason names server paths: it goes to the log
        log.warning("no index: %s", exc)
        raise HTTPException(status_code=503, detail=NO_INDEX) from exc


def _document_list(searcher: HybridSearcher, seen: frozenset[str] | None) -> list[DocumentOut]:
    counts: dict[str, int] = {}
    for chunk in searcher.chunks:
        counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    docs = [
        DocumentOut(
            id=doc_id,
            source=info["source"],
            title=info["title"],
            doc_type=info["doc_type"],
            date=info.get("date"),
            body=info.get("body"),
            pages=info.get("pages"),
            chunks=counts.get(doc_id, 0),
            url=f"/documents/{doc_id}/file",
        )
        for doc_id, info in searcher.manifest.documents.items()
        if seen is None or doc_id in seen
    ]
    return sorted(docs, key=lambda d: (d.date or "", d.source), reverse=True)
