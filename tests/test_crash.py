"""Crash safety with real processes: `assistant ingest` killed with SIGKILL while it reads, while
it writes the new version and just before it switches, leaves the previous index loadable and
whole; a second ingest at the same time is refused with a message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.search import HybridSearcher
from tests.conftest import REPO
from tests.fakes import HashEmbedder

# the real command, with the fake model so that a run takes seconds (a slowed one, to be sure
# that two runs overlap)
INGEST = (
    "import sys, time; from assistant import cli; from tests.fakes import HashEmbedder\n"
    "pause = float(sys.argv.pop())\n"
    "class Model(HashEmbedder):\n"
    "    def embed(self, texts, progress=False):\n"
    "        time.sleep(pause); return super().embed(texts, progress)\n"
    "cli.embedder_for = lambda settings: Model(); sys.exit(cli.main(sys.argv[1:]))"
)
MANY = 300


def start_ingest(folder: Path, index: Path, slow_seconds: float = 0.0) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASSISTANT_INDEX_DIR": str(index)}
    return subprocess.Popen(
        [sys.executable, "-c", INGEST, "ingest", str(folder), str(slow_seconds)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def write_documents(folder: Path, count: int, start: int = 0) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(start, start + count):
        paragraphs = "\n\n".join(
            f"Item {n}.{p}: the committee noted report {n} on road {p} and resolved to consult."
            for p in range(12)
        )
        (folder / f"minutes-{n:04d}.txt").write_text(f"Minutes {n}\n\n{paragraphs}\n")


def index_state(index: Path) -> tuple[int, int]:
    """(documents, chunks) of the live index, after checking that its parts agree."""
    searcher = HybridSearcher.open(index, HashEmbedder())
    assert searcher.manifest.chunk_count == len(searcher.chunks)
    assert searcher._dense.ntotal == len(searcher.chunks)  # every passage has its vector
    assert searcher.search("committee resolved to consult", k=3)
    return len(searcher.manifest.documents), len(searcher.chunks)


def kill_when(process: subprocess.Popen, index: Path, moment: str) -> bool:
    """SIGKILL the ingest at ``moment``; False if it finished first."""
    started = time.monotonic()
    while process.poll() is None:
        staging = [p for p in index.glob(".tmp-*") if p.is_dir()]
        if (
            (moment == "reading" and time.monotonic() - started > 1.0)
            or (moment == "writing" and staging)
            or (moment == "switching" and any((s / "manifest.json").exists() for s in staging))
        ):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.002)
    return False


@pytest.fixture
def indexed(tmp_path):
    """An index of 3 documents, and a folder that has since grown to many more."""
    folder, index = tmp_path / "docs", tmp_path / "index"
    write_documents(folder, 3)
    assert start_ingest(folder, index).wait(timeout=120) == 0
    before = index_state(index)
    write_documents(folder, MANY, start=3)
    return folder, index, before


@pytest.mark.parametrize("moment", ["reading", "writing", "switching"])
def test_killed_ingest_leaves_the_previous_index_whole(indexed, moment):
    folder, index, before = indexed
    process = start_ingest(folder, index)
    killed = kill_when(process, index, moment)
    assert killed, f"the ingest finished before the '{moment}' moment came"
    assert process.returncode == -signal.SIGKILL
    assert index_state(index) == before

    # the next run cleans up what the killed one left and completes
    assert start_ingest(folder, index).wait(timeout=300) == 0
    documents, _ = index_state(index)
    assert documents == 3 + MANY
    assert not list(index.glob(".tmp-*"))


def test_a_second_ingest_at_the_same_time_is_refused(indexed):
    folder, index, before = indexed
    first = start_ingest(folder, index, slow_seconds=0.5)
    first.stdout.readline()  # the first file is done: the first run holds the lock
    second = start_ingest(folder, index)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 2
    assert "another `assistant ingest` is writing" in err
    assert first.wait(timeout=300) == 0
    assert index_state(index)[0] == 3 + MANY
