"""Answers in the shapes other clients expect: server-sent events, and OpenAI chat
completions (so the openai library, Open WebUI and the like can talk to the assistant)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from assistant.answer import Answer
from assistant.schemas import AskResponse


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_events(response: AskResponse) -> Iterator[str]:
    """The answer line by line, then its citations and glossary notes, then the whole."""
    yield sse("meta", {"conversation_id": response.conversation_id, "mode": response.mode})
    for line in response.answer.splitlines(keepends=True):
        yield sse("answer", {"text": line})
    yield sse("citations", [c.model_dump() for c in response.citations])
    yield sse("glossary", [g.model_dump() for g in response.glossary])
    yield sse("done", response.model_dump())


def with_sources(result: Answer) -> str:
    """The answer text followed by a numbered source list, for plain chat clients."""
    if not result.citations:
        lines = [result.text]
        if result.nearest:
            lines += ["", "You may want to look at:"]
            lines += [f"- {h.chunk.source}, {h.chunk.locator}" for h in result.nearest]
        return "\n".join(lines)
    sources = []
    for citation in result.citations:
        chunk = citation.chunk
        page = f", p. {chunk.page_start}" if chunk.page_start else ""
        sources.append(f"[{citation.n}] {chunk.source}{page}, {chunk.locator}: “{citation.quote}”")
    return "\n".join([result.text, "", "Sources:", *sources])


def completion(content: str, model: str) -> dict:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def completion_chunks(content: str, model: str) -> Iterator[str]:
    """The same content as OpenAI streaming chunks, line by line, ending with [DONE]."""
    ident = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())

    def chunk(delta: dict, finish: str | None = None) -> str:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for line in content.splitlines(keepends=True):
        yield chunk({"content": line})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"
