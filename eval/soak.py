"""Sustained load on POST /ask: `assistant serve` in its own process, 16 clients for 60 s after a
warm-up, the server's memory read after every window, so that growth shows.

    python -m eval.soak --index var/eval-index --questions QUESTIONS.jsonl --out artifacts/load

The rate limit is off for the run (it measures capacity); errors are counted, never hidden.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eval.load import run_load, served
from eval.process import resident_mb, save_results


def soak(
    index_dir: Path,
    questions: list[str],
    clients: int = 16,
    seconds: float = 60.0,
    windows: int = 4,
    warm_up_seconds: float = 15.0,
) -> dict:
    def ask(n: int):
        return "POST", "/ask", {"question": questions[n % len(questions)]}

    with served(index_dir) as (url, pid):
        memory = {"started": round(resident_mb(pid))}
        warm = run_load(url, ask, clients, 10**9, warm_up_seconds)
        memory["after warm-up"] = round(resident_mb(pid))
        results = []
        for window in range(1, windows + 1):
            result = run_load(url, ask, clients, 10**9, seconds / windows)
            results.append(result)
            memory[f"after {window * seconds / windows:.0f} s"] = round(resident_mb(pid))
    latencies = [x for r in results for x in r.latencies]
    errors = [e for r in results for e in r.errors]
    total = results[0].__class__(clients, sum(r.seconds for r in results), latencies, errors)
    return {
        "clients": clients,
        "warm_up": warm.figures(),
        "load": total.figures(),
        "windows": [r.figures() for r in results],
        "server_memory_mb": memory,
        "growth_after_warm_up_mb": memory[list(memory)[-1]] - memory["after warm-up"],
        "error_samples": errors[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("artifacts/load"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    lines = args.questions.read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    figures = soak(args.index, questions, args.clients, args.seconds)
    save_results(args.out, "load", figures, markdown(figures))


def markdown(figures: dict) -> str:
    load = figures["load"]
    lines = [
        f"# POST /ask under load: {figures['clients']} clients, {load['seconds']} s",
        "",
        "| requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|",
        f"| {load['requests']} | {load['errors']} | {load['throughput_rps']} | {load['p50_ms']} "
        f"| {load['p95_ms']} | {load['p99_ms']} |",
        "",
        "Server memory (MB): "
        + ", ".join(f"{k} {v}" for k, v in figures["server_memory_mb"].items()),
        f"Growth after warm-up: {figures['growth_after_warm_up_mb']} MB",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
