"""Retrieval benchmark: our hybrid index against the LangChain tutorial baseline, same run.

    python -m eval.bench_retrieval --corpus ../shared/corpus \
        --questions ../shared/eval/dev_questions.jsonl [--k 5] [--json artifacts/bench.json]

Builds a fresh index in a temporary folder (ingest time), re-ingests it unchanged, asks every
answerable question (latency), and prints recall@k, MRR and the misses for both pipelines.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from assistant.settings import Settings, embedder_for
from eval.baseline import LangChainBaseline
from eval.metrics import (
    Question,
    first_relevant_rank,
    load_questions,
    mean_reciprocal_rank,
    percentile,
    recall_at_k,
)
from index.build import discover, ingest
from index.search import HybridSearcher


def by_type(questions: list[Question], ranks: list[int | None], k: int) -> dict[str, str]:
    groups: dict[str, list[int | None]] = defaultdict(list)
    for question, rank in zip(questions, ranks, strict=True):
        groups[question.type].append(rank)
    return {
        t: f"{sum(1 for r in rs if r and r <= k)}/{len(rs)}" for t, rs in sorted(groups.items())
    }


def run(corpus: list[Path], questions_path: Path, k: int) -> dict:
    settings = Settings()
    embedder = embedder_for(settings)
    started = time.perf_counter()
    embedder.embed(["load the model"])
    model_load_s = time.perf_counter() - started
    questions = [q for q in load_questions(questions_path) if q.answerable]

    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        started = time.perf_counter()
        report = ingest(corpus, index_dir, embedder, settings.chunking(), settings.max_file_bytes)
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        ingest(corpus, index_dir, embedder, settings.chunking(), settings.max_file_bytes)
        reingest_s = time.perf_counter() - started
        searcher = HybridSearcher.open(index_dir, embedder)
        ours, latencies = [], []
        for question in questions:
            started = time.perf_counter()
            hits = searcher.search(question.question, k=k)
            latencies.append(time.perf_counter() - started)
            ours.append(first_relevant_rank([h.chunk.text for h in hits], question.evidence))

    started = time.perf_counter()
    baseline = LangChainBaseline(discover(corpus), embedder)
    baseline_build_s = time.perf_counter() - started
    theirs = [first_relevant_rank(baseline.search(q.question, k), q.evidence) for q in questions]
    return {
        "k": k,
        "questions": len(questions),
        "documents": report.documents,
        "chunks": report.chunks,
        "model_load_s": round(model_load_s, 2),
        "ingest_s": round(ingest_s, 1),
        "reingest_unchanged_s": round(reingest_s, 1),
        "search_ms_p50": round(percentile(latencies, 0.5) * 1000, 1),
        "search_ms_p95": round(percentile(latencies, 0.95) * 1000, 1),
        "ours": {
            "recall": round(recall_at_k(ours, k), 3),
            "mrr": round(mean_reciprocal_rank(ours), 3),
            "by_type": by_type(questions, ours, k),
            "misses": [q.id for q, r in zip(questions, ours, strict=True) if not r],
        },
        "langchain_baseline": {
            "chunks": len(baseline.chunks),
            "build_s": round(baseline_build_s, 1),
            "recall": round(recall_at_k(theirs, k), 3),
            "mrr": round(mean_reciprocal_rank(theirs), 3),
            "by_type": by_type(questions, theirs, k),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.questions, args.k)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
