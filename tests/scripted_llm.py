"""A scripted OpenAI-compatible chat server, for testing the generative mode over real HTTP."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from fastapi import FastAPI, Request


@dataclass
class Script:
    replies: list[str] = field(default_factory=list)
    delay_seconds: float = 0.0
    prompts: list[str] = field(default_factory=list)


def scripted_chat_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> dict:
        body = await request.json()
        script.prompts.append(body["messages"][-1]["content"])
        if script.delay_seconds:
            await asyncio.sleep(script.delay_seconds)
        reply = script.replies.pop(0) if script.replies else "NOT IN DOCUMENTS"
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
