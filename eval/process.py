"""Running a measurement in a fresh interpreter, reading memory, and saving the results."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path


def in_child(function, *args):
    """``function(*args)`` run in a fresh interpreter (so its memory is its own), returned."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def resident_mb(pid: int | str = "self") -> float:
    """A process's resident memory now, from /proc (Linux); 0.0 elsewhere."""
    status = Path(f"/proc/{pid}/status")
    if not status.is_file():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def save_results(out_dir: Path, name: str, result: dict, text: str) -> None:
    """OUT/NAME.json (the figures) and OUT/NAME.md (the tables), and the tables printed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    (out_dir / f"{name}.md").write_text(text)
    print(text)
