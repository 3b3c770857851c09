"""Embedding backends on this machine: PyTorch, ONNX Runtime, ONNX Runtime with int8 weights.

    python -m eval.bench_embedding --index var/eval-index \
        --questions ../shared/eval/dev_questions.jsonl

Each backend embeds every passage of the index (the bulk of ingest time); the passages and
records are kept, a new index is written with that backend's vectors, and the question file is
run through it (retrieval and answers), so speed and quality are measured together.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.process import save_results
from eval.report import markdown_table

BACKENDS = ("torch", "onnx", "onnx-int8")


def run(index_dir: Path, questions: Path, cache_dir: Path) -> dict:
    from assistant.service import AssistantService
    from assistant.settings import Settings, embedder_for
    from eval.run_eval import evaluate
    from index.store import IndexData, read_index, write_index

    base = read_index(index_dir)
    texts = [c.search_text() for c in base.chunks]
    rows, reference = [], None
    for backend in BACKENDS:
        print(f"{backend}: embedding {len(texts)} passages…", file=sys.stderr)
        settings = Settings(embedding_backend=backend, model_cache_dir=cache_dir)
        embedder = embedder_for(settings)
        started = time.perf_counter()
        embedder.embed(["load the model"])
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        vectors = embedder.embed(texts)
        embed_s = time.perf_counter() - started
        reference = vectors if reference is None else reference
        cosine = (vectors * reference).sum(axis=1)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "index"
            manifest = replace(base.manifest, model=embedder.name)
            write_index(folder, IndexData(manifest, base.chunks, vectors, base.records))
            service = AssistantService.from_settings(
                settings.model_copy(update={"index_dir": folder}), embedder
            )
            summary = evaluate(
                questions, service, embedder, folder, Path(tmp) / "report", peers=False
            )
        retrieval = summary["retrieval"]["ours"]["overall"]
        answers = summary["answers"]["overall"]
        rows.append(
            {
                "backend": backend,
                "model": embedder.name,
                "load_s": round(load_s, 1),
                "embed_s": round(embed_s, 1),
                "passages_per_s": round(len(texts) / embed_s, 1),
                "cosine_to_torch_mean": round(float(np.mean(cosine)), 4),
                "cosine_to_torch_min": round(float(np.min(cosine)), 4),
                "recall@5": retrieval["recall@5"],
                "mrr": retrieval["mrr"],
                "ndcg@10": retrieval["ndcg@10"],
                "citation_accuracy": answers["citation_accuracy"],
                "keyword_accuracy": answers["keyword_accuracy"],
                "abstention": answers["abstention"],
                "false_abstention": answers["false_abstention"],
            }
        )
        print(f"  {rows[-1]}", file=sys.stderr)
    return {"passages": len(texts), "backends": rows}


def markdown(result: dict) -> str:
    columns = [
        "backend",
        "load_s",
        "embed_s",
        "passages_per_s",
        "cosine_to_torch_mean",
        "cosine_to_torch_min",
        "recall@5",
        "mrr",
        "ndcg@10",
        "citation_accuracy",
        "keyword_accuracy",
        "abstention",
        "false_abstention",
    ]
    lines = [
        "# Benchmarks: embedding backends",
        "",
        f"Every passage of the index ({result['passages']}) embedded by each backend; quality "
        "is the dev questions through an index built with that backend's vectors.",
        "",
    ]
    lines += markdown_table(columns, [[row[c] for c in columns] for row in result["backends"]])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=Path("var/models"))
    parser.add_argument("--out", type=Path, default=Path("artifacts/bench-embedding"))
    args = parser.parse_args(argv)
    result = run(args.index, args.questions, args.cache)
    save_results(args.out, "bench-embedding", result, markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
