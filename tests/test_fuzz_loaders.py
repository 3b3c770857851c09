"""Fuzzing every loader with hypothesis: real files with bytes flipped, cut, repeated or
inserted. Reading one (load, chunk, records) must give passages or a reason (UnreadableFile),
never another exception, and never take longer than a time limit."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.settings import Settings
from index.build import IngestReport, _read
from ingest.loaders.errors import UnreadableFile
from tests.documents import make_docx, make_pdf, make_xlsx

TIME_LIMIT_SECONDS = 10
LIMIT_BYTES = 50 * 1024 * 1024
EXAMPLES = 40


def seed_files(folder: Path) -> dict[str, bytes]:
    """One small real file per format, with the structures the loaders look for."""
    make_pdf(
        folder / "s.pdf",
        [["Minute 12 Cabinet", "RESOLVED: a) That the plan be approved."], ["Page two text."]],
        title="Cabinet minutes",
    )
    make_docx(
        folder / "s.docx",
        [("h1", "Energy plan"), ("p", "Heat networks suit towns."), ("table", [["A", "B"]])],
    )
    make_xlsx(
        folder / "s.xlsx",
        {"Plan": [["Net Zero plan"], ["Action ID", "Action", "Lead"], ["T1", "Chargers", "Ops"]]},
        merges=None,
    )
    texts = {
        "s.html": "<html><head><title>Report</title><script>x()</script></head><body><h1>A</h1>"
        "<p>Paragraph one.</p><table><tr><td>1</td><td>2</td></tr></table></body></html>",
        "s.txt": "Minutes\n\n446. Speed cameras\nRESOLVED that the trial be noted.\n",
        "s.md": "# Plan\n\n## Transport\n\nCycle lanes, 2025.\n",
        "s.csv": 'Action ID,Action,Lead\nT1,Chargers,Ops\nT2,"Bus, lanes",Highways\n',
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {p.suffix: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    return seed_files(tmp_path_factory.mktemp("seeds"))


@contextmanager
def time_limit(seconds: int):
    def expired(signum, frame):
        raise TimeoutError(f"reading took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


mutation = st.tuples(
    st.sampled_from(["flip", "cut", "insert", "repeat", "zero"]),
    st.floats(0, 1),  # where, as a fraction of the file
    st.binary(min_size=1, max_size=64),
)


def mutate(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, payload in mutations:
        at = int(where * len(data))
        if kind == "flip":
            data = data[:at] + payload + data[at + len(payload) :]
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "repeat":
            data = data[:at] + data[at : at + 256] * 8 + data[at:]
        else:
            data = data[:at] + b"\0" * len(payload) + data[at + len(payload) :]
    return data


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx", ".html", ".txt", ".md", ".csv"])
def test_mutated_files_are_read_or_refused_with_a_reason(suffix, seeds, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    options = Settings(_env_file=None).chunking()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,  # the time limit below is the one that matters
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,  # the same cases on every run; CI never meets a new one by chance
    )
    @given(st.lists(mutation, min_size=1, max_size=4))
    def read_mutated(mutations):
        path = folder / f"mutated{suffix}"
        path.write_bytes(mutate(seeds[suffix], mutations))
        with time_limit(TIME_LIMIT_SECONDS):
            try:
                info, chunks, _, _ = _read(path, LIMIT_BYTES, options, None, IngestReport())
            except UnreadableFile as refused:
                assert str(refused)
                return
        assert info is not None and all(c.text.strip() for c in chunks)

    read_mutated()
