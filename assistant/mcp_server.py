"""The assistant as Model Context Protocol tools, for the assistants councils adopt (Copilot,
Claude, ChatGPT …): search, ask, decisions, actions and the glossary, each result JSON with its
citations.

Over stdio (`assistant mcp`) the caller's key is the one the command was started with; over
streamable HTTP (`/mcp` on `assistant serve`) it is each request's `Authorization: Bearer` or
`X-API-Key` header. Either way the key opens exactly what it opens over HTTP.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from assistant.access import Access, AccessDenied, resolve_access
from assistant.records import ActionQuery, DecisionQuery
from assistant.requests import BadRequest, request_filters, valid_date, valid_text
from assistant.schemas import (
    ActionOut,
    AskResponse,
    DecisionOut,
    GlossaryNote,
    SearchResult,
)
from assistant.service import AssistantService
from assistant.settings import Settings
from index.store import IndexUnavailable
from ingest.model import DOC_TYPES

INSTRUCTIONS = (
    "Search and quote a council's own documents: minutes and decisions, action plans, climate "
    "and energy plans, planning papers. Every passage and answer comes with its citation "
    "(file, page, locator, date); quote them when you repeat what the documents say. When the "
    "answer is 'abstained', the documents do not say: tell the user so rather than guessing."
)


def request_key(headers: Mapping[str, str] | None) -> str | None:
    """The key an HTTP request presents, as the HTTP API reads it."""
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    bearer = lowered.get("authorization", "")
    key = bearer[7:].strip() if bearer.lower().startswith("bearer ") else ""
    return key or lowered.get("x-api-key", "").strip() or None


def create_mcp(
    service: Callable[[], AssistantService], settings: Settings, stdio_key: str | None = None
) -> MCPServer:
    """The MCP server over ``service()`` (the running HTTP app's, or one of its own)."""
    server = MCPServer(name="council-documents-assistant", instructions=INSTRUCTIONS)

    def caller(ctx: Context) -> Access:
        headers = ctx.headers
        key = stdio_key if headers is None else request_key(headers)
        return resolve_access(key, settings.api_keys, settings.allow_anonymous)

    def visible(ctx: Context) -> frozenset[str] | None:
        who = caller(ctx)
        documents = _ready(lambda: service().live.searcher().manifest.documents)
        return who.documents(documents, settings.collections)

    @server.tool(
        description=(
            "Find passages of the council's documents about a question or words, best first. "
            f"Optional filters: doc_type ({', '.join(DOC_TYPES)}), source (file name), body "
            "(e.g. Cabinet), date_from and date_to (YYYY, YYYY-MM or YYYY-MM-DD). Each result "
            "has its text and citation: source, page, locator, date, url, score."
        )
    )
    @reported
    def search(
        query: str,
        ctx: Context,
        k: int = 5,
        doc_type: str | None = None,
        source: str | None = None,
        body: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> dict[str, Any]:
        text = valid_text(query, "query", settings.max_query_chars)
        if not 1 <= k <= settings.max_k:
            raise BadRequest(f"k must be between 1 and {settings.max_k}")
        filters = request_filters(doc_type, source, body, date_from, date_to)
        filters = dataclasses.replace(filters, documents=visible(ctx))
        hits = _ready(lambda: service().search(text, k, filters))
        return {"query": text, "results": [SearchResult.from_hit(h).model_dump() for h in hits]}

    @server.tool(
        description=(
            "Answer a question with sentences quoted from the documents, each part cited [n] "
            "with its source, page, locator, date and quote. 'abstained' true means the "
            "documents do not say; 'nearest' then lists the closest passages. Pass the "
            "conversation_id back with a follow-up question."
        )
    )
    @reported
    def ask(question: str, ctx: Context, conversation_id: str | None = None) -> dict[str, Any]:
        text = valid_text(question, "question", settings.max_query_chars)
        who = caller(ctx)
        filters = request_filters()
        filters = dataclasses.replace(filters, documents=visible(ctx))
        result, conversation = _ready(
            lambda: service().ask(text, conversation_id, filters, owner=who.who)
        )
        return AskResponse.from_answer(result, conversation).model_dump()

    @server.tool(
        description=(
            "Decisions recorded in minutes, newest meeting first: each minute with its "
            "resolutions, outcome (decided, refused, deferred, noted), votes, reasons and "
            "citation. Filter by words, body (e.g. Cabinet) and date_from / date_to."
        )
    )
    @reported
    def decisions(
        ctx: Context,
        words: str = "",
        body: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> dict[str, Any]:
        query = DecisionQuery(
            q=valid_text(words, "words", settings.max_query_chars) if words.strip() else "",
            body=body or "",
            date_from=valid_date(date_from, "date_from"),
            date_to=valid_date(date_to, "date_to"),
        )
        book = _ready(lambda: service().live.records()).visible(visible(ctx))
        found = book.find_decisions(query)
        return {
            "decisions": [
                DecisionOut.from_record(r, f"/documents/{r.doc_id}/file").model_dump()
                for r in found
            ]
        }

    @server.tool(
        description=(
            "Actions from action plans: ID, action, lead, dates, status and latest update, "
            "with the same action in other versions of the plan and the citation. Filter by "
            "words, lead team, status, ends_before (a date) and plan title."
        )
    )
    @reported
    def actions(
        ctx: Context,
        words: str = "",
        lead: str | None = None,
        status: str | None = None,
        ends_before: str | None = None,
        plan: str | None = None,
    ) -> dict[str, Any]:
        query = ActionQuery(
            q=valid_text(words, "words", settings.max_query_chars) if words.strip() else "",
            lead=lead or "",
            status=status or "",
            ends_before=valid_date(ends_before, "ends_before"),
            plan=plan or "",
        )
        book = _ready(lambda: service().live.records()).visible(visible(ctx))
        found = book.find_actions(query)
        return {
            "actions": [
                ActionOut.from_result(r, f"/documents/{r.record.doc_id}/file").model_dump()
                for r in found
            ]
        }

    @server.tool(
        description=(
            "Plain-English meaning of an energy or planning term or abbreviation (LAEP, DNO, "
            "Section 106, low-regret …), and what it means for the other profession. Without "
            "a term found by name, terms used in or matching the text are returned."
        )
    )
    @reported
    def glossary(term: str, ctx: Context) -> dict[str, Any]:
        caller(ctx)  # the glossary is shared, but a key is still needed where one is required
        text = valid_text(term, "term", settings.max_query_chars)
        entry = service().glossary.lookup(text)
        entries = [entry] if entry else service().glossary.search(text)
        return {"terms": [GlossaryNote.from_entry(e).model_dump() for e in entries]}

    return server


def reported(tool: Callable) -> Callable:
    """The tool with a bad request or a refused key reported to the client in words (any
    other failure reaches it as a bare "Error executing tool")."""

    @functools.wraps(tool)
    def checked(*args, **kwargs):
        try:
            return tool(*args, **kwargs)
        except (BadRequest, AccessDenied) as exc:
            raise ToolError(str(exc)) from exc

    return checked


def _ready(work):
    try:
        return work()
    except IndexUnavailable as exc:
        raise BadRequest(
            "no documents are indexed yet: run `assistant ingest PATH` on the server"
        ) from exc
