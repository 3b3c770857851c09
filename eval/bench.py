"""Speed and memory: ingest (ours and the LangChain tutorial pipeline), then HTTP latency.

    python -m eval.bench --corpus ../shared/corpus --questions ../shared/eval/dev_questions.jsonl

Ingest runs in a fresh process for each pipeline, so each peak memory is its own. The query
runs start `assistant serve` on loopback over the index just built and send the questions'
wording to GET /search and POST /ask, from one client and from eight at once, each run bounded
in requests and in seconds. Writes artifacts/bench/bench.json and bench.md.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from eval.metrics import load_questions
from eval.process import in_child, resident_mb, save_results
from eval.report import as_measured, markdown_table

SCENARIOS = (
    # (route, clients, max requests, max seconds)
    ("search", 1, 150, 30),
    ("search", 8, 400, 30),
    ("ask", 1, 60, 45),
    ("ask", 8, 120, 60),
)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_ingest(corpus: list[Path], index_dir: Path) -> dict:
    """Our ingest from nothing, then again with nothing changed (run in a child process)."""
    from assistant.settings import Settings, embedder_for
    from index.build import ingest

    settings = Settings()
    embedder = embedder_for(settings)
    started = time.perf_counter()
    embedder.embed(["load the model"])
    model_s = time.perf_counter() - started
    started = time.perf_counter()
    report = ingest(corpus, index_dir, embedder, settings.chunking(), settings.max_file_bytes)
    total_s = time.perf_counter() - started
    started = time.perf_counter()
    ingest(corpus, index_dir, embedder, settings.chunking(), settings.max_file_bytes)
    unchanged_s = time.perf_counter() - started
    return {
        "documents": report.documents,
        "pages": report.pages_read,
        "chunks": report.chunks,
        "model_load_s": round(model_s, 1),
        "total_s": round(total_s, 1),
        "stages_s": {name: round(s, 1) for name, s in report.times.seconds.items()},
        "pages_per_s": round(report.pages_read / total_s, 1),
        "chunks_per_s": round(report.chunks / total_s, 1),
        "peak_rss_mb": round(_peak_rss_mb()),
        "reingest_unchanged_s": round(unchanged_s, 1),
    }


def measure_langchain(corpus: list[Path]) -> dict:
    """The tutorial pipeline's build over the same files (run in a child process)."""
    from assistant.settings import Settings, embedder_for
    from eval.baseline import LangChainBaseline, TutorialChunks
    from index.build import discover

    embedder = embedder_for(Settings())
    embedder.embed(["load the model"])
    started = time.perf_counter()
    chunks = TutorialChunks.of(discover(corpus))
    baseline = LangChainBaseline(chunks, embedder)
    total_s = time.perf_counter() - started
    return {
        "pages": chunks.pages,
        "chunks": len(chunks.texts),
        "total_s": round(total_s, 1),
        "stages_s": {name: round(s, 1) for name, s in baseline.seconds.items()},
        "pages_per_s": round(chunks.pages / total_s, 1),
        "chunks_per_s": round(len(chunks.texts) / total_s, 1),
        "peak_rss_mb": round(_peak_rss_mb()),
    }


def measure_queries(index_dir: Path, questions: list[str]) -> dict:
    from eval.load import run_load, served

    def make(route: str):
        if route == "search":
            return lambda n: ("GET", f"/search?k=5&q={_quote(questions[n % len(questions)])}", None)
        return lambda n: ("POST", "/ask", {"question": questions[n % len(questions)]})

    runs = []
    with served(index_dir) as (url, pid):
        rss_start = resident_mb(pid)
        for route, clients, max_requests, max_seconds in SCENARIOS:
            result = run_load(url, make(route), clients, max_requests, max_seconds)
            runs.append({"route": route, **result.figures()})
            print(f"  {route} × {clients}: {runs[-1]}", file=sys.stderr)
        rss_end = resident_mb(pid)
    return {"runs": runs, "server_rss_mb": {"start": round(rss_start), "end": round(rss_end)}}


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def machine() -> str:
    """CPU model, CPU count and memory, as Linux reports them."""
    import os

    cpu = platform.machine()
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.is_file():
        names = [
            ln.split(":", 1)[1].strip()
            for ln in cpuinfo.read_text().splitlines()
            if ln.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = ""
    if meminfo.is_file():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024**2:.0f} GiB"
    return f"{cpu}, {os.cpu_count()} CPUs{memory}, Python {platform.python_version()}"


def markdown(result: dict) -> str:
    ours, theirs = result["ingest"]["ours"], result["ingest"]["langchain"]
    stages = ["parse", "chunk", "records", "embed", "embed sentences", "vector index"]
    stages += ["word index", "index", "write"]
    lines = ["# Benchmarks: speed and memory", "", f"- machine: {result['machine']}"]
    lines += [f"- corpus: {', '.join(result['corpus'])}", "", "## Ingest", ""]
    rows = [
        ["documents / pages", f"{ours['documents']} / {ours['pages']}", theirs["pages"], ""],
        ["chunks", ours["chunks"], theirs["chunks"], ""],
        ["total (s)", ours["total_s"], theirs["total_s"], _ratio(ours, theirs, "total_s")],
        *[
            [
                f"  {stage} (s)",
                ours["stages_s"].get(stage, "–"),
                theirs["stages_s"].get(stage, "–"),
                "",
            ]
            for stage in stages
            if stage in ours["stages_s"] or stage in theirs["stages_s"]
        ],
        ["pages per second", ours["pages_per_s"], theirs["pages_per_s"], ""],
        ["chunks per second", ours["chunks_per_s"], theirs["chunks_per_s"], ""],
        ["peak memory (MB)", ours["peak_rss_mb"], theirs["peak_rss_mb"], ""],
        ["re-ingest, nothing changed (s)", ours["reingest_unchanged_s"], "–", ""],
    ]
    lines += markdown_table(
        ["", "ours", "langchain tutorial", "ours / langchain"], [as_measured(r) for r in rows]
    )
    lines += [
        "",
        f"Model load (s, not in the totals): {ours['model_load_s']}. Ours also reads decision "
        "and action records (the `records` stage), which the tutorial pipeline has no "
        "equivalent of.",
        "",
        "## Queries over HTTP (loopback)",
        "",
    ]
    lines += markdown_table(
        ["route", "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"],
        [
            as_measured(
                [
                    r["route"],
                    r["clients"],
                    r["requests"],
                    r["errors"],
                    r["throughput_rps"],
                    r["p50_ms"],
                    r["p95_ms"],
                    r["p99_ms"],
                ]
            )
            for r in result["queries"]["runs"]
        ],
    )
    rss = result["queries"]["server_rss_mb"]
    lines += ["", f"Server memory: {rss['start']} MB after start, {rss['end']} MB after the runs."]
    return "\n".join(lines) + "\n"


def _ratio(ours: dict, theirs: dict, key: str) -> str:
    return f"{ours[key] / theirs[key]:.2f}" if theirs[key] else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("artifacts/bench"))
    args = parser.parse_args(argv)
    questions = [q.question for q in load_questions(args.questions)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        print("ingest (ours)…", file=sys.stderr)
        ours = in_child(measure_ingest, args.corpus, index_dir)
        print("ingest (langchain tutorial)…", file=sys.stderr)
        theirs = in_child(measure_langchain, args.corpus)
        print("queries over HTTP…", file=sys.stderr)
        queries = measure_queries(index_dir, questions)
    result = {
        "machine": machine(),
        "corpus": [str(p) for p in args.corpus],
        "ingest": {"ours": ours, "langchain": theirs},
        "queries": queries,
        "bench_s": round(time.perf_counter() - started),
    }
    save_results(args.out, "bench", result, markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
