"""The HTTP API over a real socket: /health and /search, errors and live index reloads."""

from __future__ import annotations

import httpx
import pytest

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
    return Settings(_env_file=None, index_dir=tmp_path / "index")


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
