"""The README's quick start from a copy of the repository alone: its run command ingests the
shipped examples and serves them, and the demo page's suggested questions get cited answers.
(Installing is what CI does from a clean clone; this reuses the installed environment.)"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.server import free_port

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def readme_run_command() -> list[list[str]]:
    """The quick start's step 2, split at '&&', with the README's `.venv/bin/` made ours."""
    readme = (REPO / "README.md").read_text()
    (line,) = [ln for ln in readme.splitlines() if ln.rstrip().endswith("# 2. run")]
    command = line.split("#")[0]
    return [
        [str(BIN / Path(p).name) if p.startswith(".venv/bin/") else p for p in shlex.split(part)]
        for part in command.split("&&")
    ]


def suggested_questions() -> list[str]:
    page = (REPO / "assistant" / "web" / "demo.html").read_text()
    suggested = page.split("Questions to try", 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", suggested)


def repository_copy(target: Path) -> Path:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        source, copy = REPO / name, target / name
        if source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(source.read_bytes())
    return target


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not (REPO / ".git").exists():
        pytest.skip("needs the git checkout, to copy what a clone holds")
    checkout = repository_copy(tmp_path_factory.mktemp("clone"))
    assert sum(f.stat().st_size for f in (checkout / "examples").iterdir()) <= 1024 * 1024
    ingest, serve = readme_run_command()
    done = subprocess.run(ingest, cwd=checkout, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    port = free_port()
    server = subprocess.Popen(
        [*serve, "--port", str(port)], cwd=checkout, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                if httpx.get(f"{url}/health", timeout=2).json()["index_loaded"]:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.5)
        yield done.stdout, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_run_command_ingests_the_examples(served):
    summary, url = served
    assert "0 failed" in summary and "3 added" in summary
    assert "<h2>Questions to try</h2>" in httpx.get(url).text


def test_the_demo_pages_questions_get_cited_answers(served):
    _, url = served
    questions = suggested_questions()
    assert len(questions) >= 3
    answers = {}
    for question in questions:
        answer = httpx.post(f"{url}/ask", json={"question": question}, timeout=60).json()
        assert not answer["abstained"] and answer["citations"], (question, answer["answer"])
        answers[question] = answer
    by_topic = {topic: a for q, a in answers.items() for topic in ("speed", "regret", "transport")
                if topic in q.lower()}  # fmt: skip
    assert "Minute 448" in by_topic["speed"]["answer"]
    assert "20 October 2020" in by_topic["speed"]["answer"]
    assert "low-regret" in by_topic["regret"]["citations"][0]["quote"]
    leads = [c["quote"] for c in by_topic["transport"]["citations"]]
    assert leads and all("Transport" in quote for quote in leads)
