"""The MCP server through the SDK's own client: over stdio (`assistant mcp`, a real process
with the real model) and over streamable HTTP (`/mcp/` on the HTTP app); each key sees what it
sees over HTTP."""

from __future__ import annotations

import asyncio
import json
import sys

from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from assistant.access import ApiKey, hash_key
from assistant.api import create_app
from assistant.settings import Settings, embedder_for
from index.build import ingest
from tests.fakes import HashEmbedder
from tests.server import running
from tests.test_access import KEYS, SECRET, documents

TOOLS = {"search", "ask", "decisions", "actions", "glossary"}


def _settings(index_dir, **more) -> Settings:
    keys = [
        ApiKey(name="staff", sha256=hash_key(KEYS["staff"])),
        ApiKey(name="partb", sha256=hash_key(KEYS["partb"]), collections=["part-b"]),
    ]
    collections = {"public": "public", "staff": "staff", "part-b": "restricted"}
    return Settings(
        _env_file=None, index_dir=index_dir, collections=collections, api_keys=keys, **more
    )


def _build(tmp_path, settings: Settings, embedder) -> None:
    public, staff, restricted = documents(tmp_path)
    for folder, collection in ((public, "public"), (staff, "staff"), (restricted, "part-b")):
        ingest([folder], settings.index_dir, embedder, settings.chunking(), 10**8,
               collection=collection)  # fmt: skip


def _json(result) -> object:
    assert not result.is_error, result.content
    return json.loads(result.content[0].text)


async def _session(server, checks):
    async with Client(server) as client:
        return await checks(client)


async def _tour(client) -> dict:
    tools = {t.name: t for t in (await client.list_tools()).tools}
    found = _json(await client.call_tool("search", {"query": "sale of land", "k": 10}))
    asked = _json(await client.call_tool("ask", {"question": "Which land is to be sold?"}))
    decisions = _json(await client.call_tool("decisions", {"words": "land"}))["decisions"]
    actions = _json(await client.call_tool("actions", {"words": "depot"}))["actions"]
    term = _json(await client.call_tool("glossary", {"term": "DNO"}))["terms"]
    bad = await client.call_tool("search", {"query": "land", "doc_type": "poem"})
    return {
        "tools": tools,
        "search": found,
        "ask": asked,
        "decisions": decisions,
        "actions": actions,
        "glossary": term,
        "bad": bad,
    }


def _text(tour: dict) -> str:
    return json.dumps([tour["search"], tour["ask"], tour["decisions"]])


def test_mcp_over_streamable_http_with_a_key_per_connection(tmp_path):
    settings = _settings(tmp_path / "index", answer_min_score=0.1)
    _build(tmp_path, settings, HashEmbedder())

    def over_http(url: str, key: str | None):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        transport = streamable_http_client(
            f"{url}/mcp/", http_client=create_mcp_http_client(headers=headers)
        )
        return asyncio.run(_session(transport, _tour))

    with running(create_app(settings, HashEmbedder())) as url:
        anonymous = over_http(url, None)
        partb = over_http(url, KEYS["partb"])
        transport = streamable_http_client(
            f"{url}/mcp/", http_client=create_mcp_http_client(headers={"X-API-Key": "wrong"})
        )
        refused = asyncio.run(
            _session(transport, lambda client: client.call_tool("search", {"query": "land"}))
        )
    assert refused.is_error and "not valid" in refused.content[0].text

    assert set(anonymous["tools"]) == TOOLS
    assert all(anonymous["tools"][name].description for name in TOOLS)
    first = anonymous["search"]["results"][0]
    assert {"source", "page", "locator", "date", "url", "score", "text"} <= set(first)
    assert "Station Yard" in _text(anonymous) and SECRET not in _text(anonymous)
    assert SECRET in _text(partb)
    assert anonymous["ask"]["citations"] and not anonymous["ask"]["abstained"]
    assert any(d["citation"].startswith("Cabinet, 20 October 2020") for d in anonymous["decisions"])
    assert anonymous["glossary"][0]["term"] == "distribution network operator"
    assert "DNO" in anonymous["glossary"][0]["aliases"]
    assert anonymous["bad"].is_error and "doc_type" in anonymous["bad"].content[0].text


def test_mcp_over_stdio_runs_as_a_command_with_its_key(tmp_path):
    settings = _settings(tmp_path / "index")
    _build(tmp_path, settings, embedder_for(settings))
    env = {
        "ASSISTANT_API_KEYS": json.dumps([k.model_dump() for k in settings.api_keys]),
        "ASSISTANT_COLLECTIONS": json.dumps(settings.collections),
    }

    def over_stdio(key: str):
        command = StdioServerParameters(
            command=sys.executable,
            args=["-m", "assistant.cli", "mcp", "--index", str(settings.index_dir)],
            env={**env, "ASSISTANT_MCP_KEY": key},
        )
        return asyncio.run(_session(command, _tour))

    staff, partb = over_stdio(KEYS["staff"]), over_stdio(KEYS["partb"])
    assert set(staff["tools"]) == TOOLS
    assert "Station Yard" in _text(staff) and SECRET not in _text(staff)
    assert SECRET in _text(partb)
    assert "Hollybush depot" in json.dumps(staff["actions"])
