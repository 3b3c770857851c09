"""How the index grows: 1×, 10× and 100× the corpus's passages.

    python -m eval.bench_scale --index var/eval-index --questions ../shared/eval/dev_questions.jsonl

Embedding 100 times the corpus would take hours on two cores, so the larger indexes reuse the
real passages: copy j of a passage drops a tenth of its words and adds noise to its vector
(cosine about 0.86 to the original), so copies are distractors near the original, as more
documents on the same topics would be. What this measures is the index (size, memory,
build and search time), not the model: questions are embedded once, before the runs.

For each size it writes a real index with the store's own rules (flat FAISS up to
index.store.EXACT_SEARCH_LIMIT vectors, HNSW above) and reports size on disk, memory after
loading, build time of the vector and word indexes, and hybrid search latency; it also times
the flat and HNSW searches side by side, and at sizes where the store picks HNSW, what HNSW
costs against exact search: nearest-neighbour overlap, and evidence recall@5 of the dev
questions through the full hybrid search.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from eval.metrics import first_relevant_rank, load_questions, percentile, recall_at_k
from eval.process import in_child, resident_mb, save_results
from eval.report import as_measured, markdown_table
from index import store
from index.search import HybridSearcher
from index.store import IndexData, build_vector_index, read_index, write_index
from index.timing import StageTimes

NOISE = 0.03  # per dimension: a copy's vector has cosine about 0.86 to the original's
DROPPED = 0.1  # share of a copy's words left out (at least one)
SEARCHES = 200  # hybrid searches timed at each size
FAMILY_DEPTH = 50  # hits fetched, so five distinct passages remain once copies are merged


class FixedEmbedder:
    """Question vectors computed in advance, so search times are the index's alone."""

    def __init__(self, name: str, vectors: dict[str, np.ndarray]) -> None:
        self.name = name
        self._vectors = vectors
        self.dimension = len(next(iter(vectors.values())))

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.vstack([self._vectors[t] for t in texts]).astype("float32")


def scaled(data: IndexData, factor: int, seed: int = 0) -> IndexData:
    """``factor`` copies of every passage; copies after the first slightly perturbed."""
    rng = np.random.default_rng(seed)
    chunks, vectors = list(data.chunks), [data.vectors]
    for copy in range(1, factor):
        for chunk in data.chunks:
            words = chunk.text.split()
            if len(words) > 3:
                keep = rng.random(len(words)) >= DROPPED
                keep[int(rng.integers(len(words)))] = False
                words = [w for w, kept in zip(words, keep, strict=True) if kept]
            chunks.append(replace(chunk, chunk_id=f"{chunk.chunk_id}~{copy}", text=" ".join(words)))
        noisy = data.vectors + rng.normal(scale=NOISE, size=data.vectors.shape).astype("float32")
        vectors.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    manifest = replace(data.manifest, documents=dict(data.manifest.documents))
    return IndexData(manifest, chunks, np.vstack(vectors).astype("float32"), [])


def original_texts(searcher: HybridSearcher) -> dict[str, str]:
    return {c.chunk_id: c.text for c in searcher.chunks if "~" not in c.chunk_id}


def family_texts(originals: dict[str, str], hits, k: int = 5) -> list[str]:
    """The first ``k`` distinct original passages among the hits, as their original text.

    Copies of one passage are near-duplicates that crowd each other into the top results, which
    a real collection's passages do not; so hits are judged as the passage they copy, once."""
    families = dict.fromkeys(h.chunk.chunk_id.split("~")[0] for h in hits)
    return [originals[f] for f in list(families)[:k]]


def folder_mb(path: Path) -> dict[str, float]:
    sizes = {}
    for item in sorted(path.iterdir()):
        files = [item] if item.is_file() else [p for p in item.rglob("*") if p.is_file()]
        sizes[item.name] = round(sum(f.stat().st_size for f in files) / 1e6, 1)
    return sizes


def measure_loaded(index_dir: Path, model: str, question_vectors: dict, questions: list) -> dict:
    """Memory after loading and hybrid search latency, in a fresh process."""
    before = resident_mb()
    started = time.perf_counter()
    searcher = HybridSearcher.open(index_dir, FixedEmbedder(model, question_vectors))
    load_s = time.perf_counter() - started
    after = resident_mb()
    originals = original_texts(searcher)
    latencies = []
    for n in range(max(SEARCHES, len(questions))):
        started = time.perf_counter()
        searcher.search(questions[n % len(questions)].question, k=5)
        latencies.append(time.perf_counter() - started)
    ranks = [
        first_relevant_rank(
            family_texts(originals, searcher.search(q.question, k=FAMILY_DEPTH)), q.evidence
        )
        for q in questions
        if q.answerable
    ]
    return {
        "load_s": round(load_s, 1),
        "memory_after_load_mb": round(after - before),
        "hybrid_search_ms_p50": round(percentile(latencies, 0.5) * 1000, 1),
        "hybrid_search_ms_p95": round(percentile(latencies, 0.95) * 1000, 1),
        "evidence_recall@5": round(recall_at_k(ranks, 5), 3),
    }


def _timed_search(index: faiss.Index, queries: np.ndarray, k: int) -> tuple[list, list]:
    times, rankings = [], []
    for query in queries:
        started = time.perf_counter()
        _, ids = index.search(query[None, :], k)
        times.append(time.perf_counter() - started)
        rankings.append(ids[0])
    return times, rankings


def _overlap(exact: list, approximate: list, depth: int) -> float:
    shares = [
        len(set(e[:depth]) & set(a[:depth])) / depth
        for e, a in zip(exact, approximate, strict=True)
    ]
    return round(float(np.mean(shares)), 3)


def dense_comparison(vectors: np.ndarray, queries: np.ndarray, k: int = 50) -> dict:
    """Flat against HNSW on the same vectors: build and search times, and how many of exact
    search's nearest neighbours HNSW finds, at the store's search depth and at others."""
    flat = build_vector_index(vectors, vectors.shape[1], exact_limit=len(vectors))
    started = time.perf_counter()
    graph = build_vector_index(vectors, vectors.shape[1], exact_limit=0)
    figures = {"hnsw_build_s": round(time.perf_counter() - started, 1)}
    flat_times, exact = _timed_search(flat, queries, k)
    figures["flat_ms_p50"] = round(percentile(flat_times, 0.5) * 1000, 2)
    figures["flat_ms_p95"] = round(percentile(flat_times, 0.95) * 1000, 2)
    sweep = {}
    for depth in sorted({64, 128, 256, 512, store.HNSW_SEARCH_DEPTH}):
        graph.hnsw.efSearch = depth
        times, approximate = _timed_search(graph, queries, k)
        sweep[depth] = {
            "ms_p50": round(percentile(times, 0.5) * 1000, 2),
            "ms_p95": round(percentile(times, 0.95) * 1000, 2),
            "neighbour_recall@10": _overlap(exact, approximate, 10),
            f"neighbour_recall@{k}": _overlap(exact, approximate, k),
        }
    chosen = sweep[store.HNSW_SEARCH_DEPTH]
    figures["hnsw_ms_p50"], figures["hnsw_ms_p95"] = chosen["ms_p50"], chosen["ms_p95"]
    figures["hnsw_neighbour_recall@10"] = chosen["neighbour_recall@10"]
    figures[f"hnsw_neighbour_recall@{k}"] = chosen[f"neighbour_recall@{k}"]
    figures["search_depth_sweep"] = sweep
    return figures


def run(index_dir: Path, questions_path: Path, factors: list[int]) -> dict:
    from assistant.settings import Settings, embedder_for

    questions = load_questions(questions_path)
    base = read_index(index_dir)
    embedder = embedder_for(Settings())
    if embedder.name != base.manifest.model:
        raise SystemExit(f"the index was built with {base.manifest.model}, not {embedder.name}")
    query_matrix = embedder.embed([q.question for q in questions])
    question_vectors = {q.question: v for q, v in zip(questions, query_matrix, strict=True)}
    switch = -(-(store.EXACT_SEARCH_LIMIT + 1) // len(base.chunks))  # first size above the limit
    sizes = []
    for factor in sorted({*factors, switch}):
        data = scaled(base, factor)
        print(f"{factor}×: {len(data.chunks)} passages…", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "index"
            times = StageTimes()
            write_index(folder, data, times)
            version = store.live_version(folder)
            row = {
                "factor": factor,
                "passages": len(data.chunks),
                "dense_index": type(faiss.read_index(str(version / "index.faiss"))).__name__,
                "build_s": {name: round(s, 1) for name, s in times.seconds.items()},
                "disk_mb": folder_mb(version),
                **in_child(
                    measure_loaded, folder, base.manifest.model, question_vectors, questions
                ),
            }
            if row["dense_index"] != "IndexFlatIP":
                row["with_exact_search"] = exact_recall(folder, data, question_vectors, questions)
        row["dense"] = dense_comparison(data.vectors, query_matrix)
        sizes.append(row)
        print(f"  {row}", file=sys.stderr)
    return {
        "exact_search_limit": store.EXACT_SEARCH_LIMIT,
        "hnsw_search_depth": store.HNSW_SEARCH_DEPTH,
        "noise": NOISE,
        "sizes": sizes,
    }


def exact_recall(folder: Path, data: IndexData, question_vectors: dict, questions: list) -> dict:
    """The same hybrid search with the flat index swapped in: what approximate search costs."""
    searcher = HybridSearcher.open(folder, FixedEmbedder(data.manifest.model, question_vectors))
    originals = original_texts(searcher)
    graph_ranks, flat_ranks = [], []
    answerable = [q for q in questions if q.answerable]
    for question in answerable:
        hits = searcher.search(question.question, k=FAMILY_DEPTH)
        graph_ranks.append(first_relevant_rank(family_texts(originals, hits), question.evidence))
    searcher._dense = build_vector_index(data.vectors, data.vectors.shape[1], len(data.vectors))
    for question in answerable:
        hits = searcher.search(question.question, k=FAMILY_DEPTH)
        flat_ranks.append(first_relevant_rank(family_texts(originals, hits), question.evidence))
    return {
        "evidence_recall@5_hnsw": round(recall_at_k(graph_ranks, 5), 3),
        "evidence_recall@5_flat": round(recall_at_k(flat_ranks, 5), 3),
    }


def markdown(result: dict) -> str:
    lines = [
        "# Benchmarks: index scale",
        "",
        f"- copies of the real passages, perturbed (a tenth of the words dropped, vector noise "
        f"σ = {result['noise']} per dimension); questions embedded once, so times are the "
        "index's; recall@5 counts a copy as the passage it copies, copies merged",
        f"- the store switches from flat to HNSW above {result['exact_search_limit']:,} vectors",
        "",
    ]
    rows = []
    for s in result["sizes"]:
        build = s["build_s"]
        rows.append(
            as_measured(
                [
                    f"{s['factor']}×",
                    f"{s['passages']:,}",
                    s["dense_index"],
                    round(sum(s["disk_mb"].values()), 1),
                    s["memory_after_load_mb"],
                    s["load_s"],
                    build.get("vector index", 0),
                    build.get("word index", 0),
                    s["hybrid_search_ms_p50"],
                    s["hybrid_search_ms_p95"],
                    s["evidence_recall@5"],
                ]
            )
        )
    lines += markdown_table(
        [
            "size",
            "passages",
            "vector index",
            "disk MB",
            "memory MB",
            "load s",
            "vector build s",
            "word build s",
            "search p50 ms",
            "search p95 ms",
            "recall@5",
        ],
        rows,
    )
    lines += ["", "Vector search alone, exact (flat) against HNSW, top 50:", ""]
    lines += markdown_table(
        [
            "size",
            "flat p50 ms",
            "flat p95 ms",
            "HNSW p50 ms",
            "HNSW p95 ms",
            "HNSW build s",
            "neighbour recall@10",
            "@50",
        ],
        [
            as_measured(
                [
                    f"{s['factor']}×",
                    s["dense"]["flat_ms_p50"],
                    s["dense"]["flat_ms_p95"],
                    s["dense"]["hnsw_ms_p50"],
                    s["dense"]["hnsw_ms_p95"],
                    s["dense"]["hnsw_build_s"],
                    s["dense"]["hnsw_neighbour_recall@10"],
                    s["dense"]["hnsw_neighbour_recall@50"],
                ]
            )
            for s in result["sizes"]
        ],
    )
    for s in result["sizes"]:
        if "with_exact_search" not in s:
            continue
        lines += [
            "",
            f"HNSW search depth (efSearch) at {s['factor']}×, against exact search "
            f"(the store uses {result['hnsw_search_depth']}):",
            "",
        ]
        lines += markdown_table(
            ["efSearch", "p50 ms", "p95 ms", "neighbour recall@10", "@50"],
            [
                as_measured([depth, *figures.values()])
                for depth, figures in s["dense"]["search_depth_sweep"].items()
            ],
        )
    for s in result["sizes"]:
        if "with_exact_search" in s:
            cost = s["with_exact_search"]
            lines += [
                "",
                f"At {s['factor']}× ({s['passages']:,} passages, HNSW): dev evidence recall@5 "
                f"{cost['evidence_recall@5_hnsw']} with HNSW, {cost['evidence_recall@5_flat']} "
                "with exact search.",
            ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an index of the real corpus")
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--out", type=Path, default=Path("artifacts/bench-scale"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = run(args.index, args.questions, args.factors)
    result["bench_s"] = round(time.perf_counter() - started)
    save_results(args.out, "bench-scale", result, markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
