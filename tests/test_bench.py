"""The benchmark instruments: bounded HTTP load, scaled indexes, report rows."""

from __future__ import annotations

import numpy as np
from fastapi import FastAPI, HTTPException

from eval.bench_scale import family_texts, scaled
from eval.load import run_load
from eval.report import as_measured
from index.store import IndexData, Manifest
from ingest.model import Chunk
from tests.server import running


def test_load_is_bounded_by_requests_and_counts_failures():
    app = FastAPI()

    @app.get("/n/{number}")
    def number(number: int) -> dict:
        if number % 5 == 0:
            raise HTTPException(503, "busy")
        return {"n": number}

    with running(app) as url:
        result = run_load(url, lambda n: ("GET", f"/n/{n}", None), 4, 40, 30)
    figures = result.figures()
    assert figures["requests"] == 40 and figures["errors"] == 8
    assert set(result.errors) == {"HTTP 503"}
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert figures["throughput_rps"] > 0


def test_load_stops_at_the_time_limit():
    app = FastAPI()

    @app.get("/")
    def root() -> dict:
        return {}

    with running(app) as url:
        result = run_load(url, lambda n: ("GET", "/", None), 2, 10**9, 0.5)
    assert 0 < len(result.latencies) < 10**9 and result.seconds < 5


def chunk(n: int, text: str) -> Chunk:
    return Chunk(f"c{n}", "d", "doc.pdf", "Doc", "report", text, f"§{n}")


def test_scaled_index_copies_every_passage_with_perturbations():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(3, 16)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [
        "heat networks suit dense town centres well",
        "cabinet resolved to approve cameras",
        "x",
    ]
    base = IndexData(Manifest("m", 16, "4"), [chunk(i, t) for i, t in enumerate(texts)], vectors)
    big = scaled(base, 4)
    assert len(big.chunks) == 12 and big.vectors.shape == (12, 16)
    assert len({c.chunk_id for c in big.chunks}) == 12
    assert np.allclose(np.linalg.norm(big.vectors, axis=1), 1.0, atol=1e-5)
    copy = big.chunks[3]  # first copy of the first passage
    assert copy.chunk_id == "c0~1" and len(copy.text.split()) < len(texts[0].split())
    similarity = float(big.vectors[3] @ vectors[0])
    assert 0.5 < similarity < 0.999
    originals = {c.chunk_id: c.text for c in base.chunks}

    class Hit:
        def __init__(self, c):
            self.chunk = c

    hits = [Hit(big.chunks[i]) for i in (3, 0, 6, 1)]  # c0~1, c0, c0~2, c1
    assert family_texts(originals, hits, k=5) == [texts[0], texts[1]]


def test_measured_rows_print_figures_as_they_are():
    assert as_measured(["x", 0.7, 12345, 3.25]) == ["x", "0.7", "12,345", "3.25"]
