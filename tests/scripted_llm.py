"""A scripted OpenAI-compatible chat server, for testing the generative mode over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import FastAPI, Request


@dataclass
class Script:
    replies: list[str] = field(default_factory=list)
    delay_seconds: float = 0.0
    prompts: list[str] = field(default_factory=list)
    # a gullible model: given the prompt, the reply it is talked into (None: the script's)
    obeys: Callable[[str], str | None] | None = None


def scripted_chat_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> dict:
        body = await request.json()
        script.prompts.append(body["messages"][-1]["content"])
        if script.delay_seconds:
            await asyncio.sleep(script.delay_seconds)
        prompt = body["messages"][-1]["content"]
        talked_into = script.obeys(prompt) if script.obeys else None
        reply = talked_into or (script.replies.pop(0) if script.replies else "NOT IN DOCUMENTS")
        return {
            "id": "scripted",
            "object": "chat.completion",
            "model": body.get("model", "scripted"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply},
                    "finish_reason": "stop",
                }
            ],
        }

    return app
