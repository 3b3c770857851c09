"""The HTTP API over a real socket: /health and /search, errors and live index reloads."""

from __future__ import annotations

import httpx
import pytest

from assistant.access import ApiKey, hash_key
from assistant.api import create_app
from assistant.settings import Settings
from index.build import ingest
from tests.documents import make_xlsx
from tests.fakes import HashEmbedder
from tests.server import running


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text(
        "Cabinet minutes\n\nThe Cabinet resolved to approve the average speed camera programme.\n"
    )
    make_xlsx(
        docs / "plan.xlsx",
        {
            "Plan": [
                ["Net Zero Action Plan December 2024 update"],
                ["Action ID", "Action", "Status"],
                ["T7", "Install electric vehicle chargers", "On track"],
            ]
        },
    )
    return docs


def build(folder, settings):
    return ingest([folder], settings.index_dir, HashEmbedder(), settings.chunking(), 10**8)


@pytest.fixture
def settings(tmp_path):
    # the fake embedder's similarities run lower than the real model's: a lower threshold
    return Settings(_env_file=None, index_dir=tmp_path / "index", answer_min_score=0.3)


def test_search_returns_the_contract_fields(folder, settings):
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        response = httpx.get(f"{url}/search", params={"q": "speed camera programme", "k": 2})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 2
    top = results[0]
    assert {"text", "source", "title", "page", "locator", "doc_type", "date", "score"} <= set(top)
    assert top["source"] == "minutes.txt" and "speed camera" in top["text"]
    assert top["score"] > 0


def test_health_reports_documents_and_chunks(folder, settings):
    report = build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        health = httpx.get(f"{url}/health").json()
    assert health["index_loaded"] is True
    assert (health["documents"], health["chunks"]) == (2, report.chunks)


def test_without_an_index_health_says_so_and_search_is_unavailable(settings, folder):
    with running(create_app(settings, HashEmbedder())) as url:
        health = httpx.get(f"{url}/health").json()
        assert health["index_loaded"] is False and "assistant ingest" in health["detail"]
        response = httpx.get(f"{url}/search", params={"q": "chargers"})
        assert response.status_code == 503 and "assistant ingest" in response.json()["detail"]
        build(folder, settings)  # an ingest while the server runs is picked up without restart
        response = httpx.get(f"{url}/search", params={"q": "electric vehicle chargers"})
        assert response.status_code == 200
        assert response.json()["results"][0]["locator"].startswith("Action T7")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "   "}, "empty"),
        ({"q": "x" * 3000}, "limit"),
        ({"q": "chargers", "k": 0}, "greater than or equal"),
        ({"q": "chargers", "doc_type": "memo"}, "unknown doc_type"),
        ({"q": "chargers", "date_from": "last week"}, "not a date"),
        ({}, "Field required"),
    ],
)
def test_bad_requests_get_a_clear_422(folder, settings, params, message):
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        response = httpx.get(f"{url}/search", params=params)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_filters_pass_through(folder, settings):
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        response = httpx.get(
            f"{url}/search",
            params={"q": "chargers camera", "k": 5, "doc_type": "action plan", "date_from": "2024"},
        )
    results = response.json()["results"]
    assert results and {r["doc_type"] for r in results} == {"action plan"}
    assert all(r["date"] >= "2024" for r in results)


def test_ask_answers_with_numbered_citations_and_a_conversation(folder, settings):
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        response = httpx.post(
            f"{url}/ask", json={"question": "What did the Cabinet resolve about speed cameras?"}
        )
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"answer", "citations", "glossary", "abstained", "mode", "conversation_id"}
    assert body["mode"] == "extractive" and body["conversation_id"]
    assert not body["abstained"]
    citation = body["citations"][0]
    assert citation["n"] == 1 and "[1]" in body["answer"]
    assert citation["quote"] in (folder / "minutes.txt").read_text().replace("\n", " ")
    assert citation["url"].startswith("/documents/")
    assert {g["term"] for g in body["glossary"]} >= {"Cabinet"}


def test_follow_up_question_uses_the_conversation(folder, settings):
    build(folder, settings)
    app = create_app(settings, HashEmbedder())
    with running(app) as url:
        first = httpx.post(f"{url}/ask", json={"question": "Tell me about action T7"}).json()
        conversation = app.state.service.conversations.get(first["conversation_id"], "anonymous")
        httpx.post(
            f"{url}/ask",
            json={
                "question": "and what is its status?",
                "conversation_id": first["conversation_id"],
            },
        )
    queries = [turn.query for turn in conversation.turns]
    assert queries == ["Tell me about action T7", "Tell me about action T7 and what is its status?"]


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"question": "  "}, 422, "empty"),
        ({"question": "chargers", "filters": {"doc_type": "memo"}}, 422, "unknown filters."),
        ({}, 422, "Field required"),
    ],
)
def test_bad_questions_get_a_clear_error(folder, settings, payload, status, message):
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        response = httpx.post(f"{url}/ask", json=payload)
    assert response.status_code == status and message in str(response.json()["detail"])


def test_ask_without_an_index_is_503(settings):
    with running(create_app(settings, HashEmbedder())) as url:
        response = httpx.post(f"{url}/ask", json={"question": "Who leads T7?"})
    assert response.status_code == 503 and "assistant ingest" in response.json()["detail"]


def test_glossary_endpoints(settings):
    with running(create_app(settings, HashEmbedder())) as url:
        everything = httpx.get(f"{url}/glossary").json()
        dno = httpx.get(f"{url}/glossary/DNO")
        missing = httpx.get(f"{url}/glossary/flux%20capacitor")
        used = httpx.get(f"{url}/glossary", params={"q": "Will S106 pay for it?"}).json()
    assert len(everything) >= 40
    assert dno.status_code == 200 and dno.json()["term"] == "distribution network operator"
    assert missing.status_code == 404 and "not in the glossary" in missing.json()["detail"]
    assert [e["term"] for e in used] == ["Section 106"]


def test_documents_list_and_original_file(folder, settings):
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        documents = httpx.get(f"{url}/documents").json()
        minutes = next(d for d in documents if d["source"] == "minutes.txt")
        original = httpx.get(f"{url}{minutes['url']}")
        missing = httpx.get(f"{url}/documents/nope/file")
    assert {d["source"] for d in documents} == {"minutes.txt", "plan.xlsx"}
    assert minutes["chunks"] >= 1
    assert original.status_code == 200 and b"speed camera programme" in original.content
    assert missing.status_code == 404


def test_ask_stream_sends_server_sent_events(folder, settings):
    build(folder, settings)
    with (
        running(create_app(settings, HashEmbedder())) as url,
        httpx.stream(
            "POST", f"{url}/ask/stream", json={"question": "speed camera programme"}
        ) as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line[7:] for line in response.iter_lines() if line.startswith("event: ")]
    assert events[0] == "meta" and events[-1] == "done"
    assert "answer" in events and "citations" in events


def test_openai_client_can_use_the_assistant_as_a_model(folder, settings):
    import openai

    settings = settings.model_copy(
        update={
            "allow_anonymous": False,
            "api_keys": [ApiKey(name="intranet", sha256=hash_key("s3cret"))],
        }
    )
    build(folder, settings)
    with running(create_app(settings, HashEmbedder())) as url:
        refused = openai.OpenAI(base_url=f"{url}/v1", api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            refused.models.list()
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="s3cret")
        listed = [m.id for m in client.models.list()]
        assert listed == ["council-documents-assistant"]
        assert client.models.retrieve("council-documents-assistant").created > 0
        with pytest.raises(openai.NotFoundError):
            client.models.retrieve("gpt-4o")
        reply = client.chat.completions.create(
            model="council-documents-assistant",
            messages=[
                {"role": "user", "content": "What did the Cabinet resolve about speed cameras?"}
            ],
        )
        streamed = client.chat.completions.create(
            model="council-documents-assistant",
            messages=[
                {"role": "user", "content": "Tell me about action T7"},
                {"role": "assistant", "content": "…"},
                {"role": "user", "content": "and what is its status?"},
            ],
            stream=True,
        )
        text = "".join(chunk.choices[0].delta.content or "" for chunk in streamed)
    content = reply.choices[0].message.content
    assert "Sources:" in content and "[1] minutes.txt" in content
    assert "Action T7" in text and "On track" in text
