"""HTTP protections: rate limits per key and per address, request size, time limit, errors
without stack traces or paths, and security headers."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from assistant.access import ApiKey, hash_key
from assistant.api import create_app
from assistant.guards import TokenBuckets
from assistant.settings import Settings
from index.build import ingest
from tests.fakes import HashEmbedder
from tests.server import running


@pytest.fixture
def settings(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text("Cabinet approved the cycle lane on Station Road.\n")
    settings = Settings(
        _env_file=None,
        index_dir=tmp_path / "index",
        answer_min_score=0.1,
        api_keys=[ApiKey(name="team", sha256=hash_key("team-key"))],
    )
    ingest([docs], settings.index_dir, HashEmbedder(), settings.chunking(), 10**8)
    return settings


def test_token_buckets_allow_a_burst_then_the_rate():
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=3, clock=lambda: now[0])
    assert [buckets.wait("a") for _ in range(3)] == [0, 0, 0]
    assert buckets.wait("a") == pytest.approx(1.0)  # one a second
    assert buckets.wait("b") == 0  # every caller has a bucket of their own
    now[0] += 1.0
    assert buckets.wait("a") == 0
    assert buckets.wait("a") > 0


def test_rate_limited_per_address_and_per_key_with_retry_after(settings):
    limited = settings.model_copy(update={"rate_limit_per_minute": 6, "rate_limit_burst": 2})
    with running(create_app(limited, HashEmbedder())) as url:
        statuses = [httpx.get(f"{url}/search", params={"q": "cycle"}).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        refused = httpx.get(f"{url}/search", params={"q": "cycle"})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "too many requests" in refused.json()["detail"]
        keyed = httpx.get(f"{url}/search", params={"q": "cycle"}, headers={"X-API-Key": "team-key"})
        assert keyed.status_code == 200  # a key has its own allowance
        assert httpx.get(f"{url}/health").status_code == 200  # health is never limited


def test_requests_over_the_size_limit_are_refused(settings):
    small = settings.model_copy(update={"max_request_kb": 4})
    big = {"question": "cycle lane " + "x" * 8000}
    with running(create_app(small, HashEmbedder())) as url:
        declared = httpx.post(f"{url}/ask", json=big)
        assert declared.status_code == 413 and "4 KB" in declared.json()["detail"]

        def chunks():  # no Content-Length: counted as it arrives
            yield b'{"question": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}'

        streamed = httpx.post(
            f"{url}/ask", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        long_question = httpx.post(f"{url}/ask", json={"question": "word " * 500})
        assert long_question.status_code == 422 and "limit" in long_question.json()["detail"]


def test_slow_answers_are_cut_off_with_words(settings):
    quick = settings.model_copy(update={"request_timeout_seconds": 0.5})
    app = create_app(quick, HashEmbedder())
    with running(app) as url:
        service = app.state.service
        real_ask = service.ask
        service.ask = lambda *a, **k: (time.sleep(2), real_ask(*a, **k))[1]
        response = httpx.post(f"{url}/ask", json={"question": "cycle lane"}, timeout=10)
    assert response.status_code == 503 and "took too long" in response.json()["detail"]


def test_errors_show_no_stack_trace_and_no_path(settings, tmp_path):
    app = create_app(settings, HashEmbedder())
    with running(app) as url:

        def broken(*args, **kwargs):
            raise RuntimeError(f"cannot open {tmp_path}/secret/config.yaml")

        app.state.service.search = broken
        response = httpx.get(f"{url}/search", params={"q": "cycle"})
    assert response.status_code == 500
    assert "reference" in response.json()["detail"]
    assert str(tmp_path) not in response.text and "Traceback" not in response.text

    empty = settings.model_copy(update={"index_dir": tmp_path / "nothing-here"})
    with running(create_app(empty, HashEmbedder())) as url:
        for response in (
            httpx.get(f"{url}/search", params={"q": "cycle"}),
            httpx.get(f"{url}/health"),
        ):
            assert str(tmp_path) not in response.text and "assistant ingest" in response.text


def test_security_headers_on_the_page_the_script_and_the_api(settings):
    with running(create_app(settings, HashEmbedder())) as url:
        page = httpx.get(f"{url}/")
        script = httpx.get(f"{url}/widget.js")
        api = httpx.get(f"{url}/search", params={"q": "cycle"})
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    for response in (page, script, api):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert api.headers["content-security-policy"].startswith("default-src 'none'")


def test_sixteen_clients_at_once_get_answers_and_answering_is_bounded(settings):
    from eval.load import run_load

    busy = settings.model_copy(update={"rate_limit_per_minute": 0, "answer_workers": 2})
    app = create_app(busy, HashEmbedder())
    with running(app) as url:
        service = app.state.service
        inner, at_once, most, lock = service._answer, [0], [0], threading.Lock()

        def counted(*args, **kwargs):
            with lock:
                at_once[0] += 1
                most[0] = max(most[0], at_once[0])
            try:
                time.sleep(0.02)  # long enough for requests to overlap
                return inner(*args, **kwargs)
            finally:
                with lock:
                    at_once[0] -= 1

        service._answer = counted
        result = run_load(
            url, lambda n: ("POST", "/ask", {"question": f"cycle lane {n}"}), 16, 96, 60
        )
    assert result.errors == [] and len(result.latencies) == 96
    assert most[0] == 2  # the requests overlapped, and no more than two answers were computed
