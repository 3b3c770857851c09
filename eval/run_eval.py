"""`assistant eval`: question files against our index and the peers built from its files.

Writes OUT/eval.md (the side-by-side tables), OUT/eval-questions.md (question by question) and
OUT/eval.json (the figures and every outcome).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.service import AssistantService
from eval.baseline import Bm25Baseline, LangChainBaseline, TutorialChunks
from eval.harness import AnswerOutcome, Passage, Retriever, run_questions
from eval.metrics import load_question_files
from eval.report import markdown_questions, markdown_summary, question_rows, summarise
from index.store import live_version, read_manifest
from ingest.embed import Embedder
from ingest.model import Chunk


def chunk_label(chunk: Chunk) -> str:
    pages = ""
    if chunk.page_start:
        pages = f" p. {chunk.page_start}"
        if chunk.page_end and chunk.page_end != chunk.page_start:
            pages = f" pp. {chunk.page_start}-{chunk.page_end}"
    return f"{chunk.source}{pages}, {chunk.locator}"


class OurAssistant:
    """Our search and answers, in process (the HTTP scorer measures the same over the wire)."""

    name = "ours"

    def __init__(self, service: AssistantService) -> None:
        self._service = service

    def all_texts(self) -> list[str]:
        return [c.text for c in self._service.live.searcher().chunks]

    def retrieve(self, query: str, k: int) -> list[Passage]:
        return [Passage(chunk_label(h.chunk), h.chunk.text) for h in self._service.search(query, k)]

    def answer(self, question: str) -> AnswerOutcome:
        result, _ = self._service.ask(question)
        quotes = [Passage(chunk_label(c.chunk), c.quote) for c in result.citations]
        return AnswerOutcome(result.text, quotes, result.abstained, result.mode)


@dataclass
class PeerRetriever:
    name: str
    peer: LangChainBaseline | Bm25Baseline
    chunks: TutorialChunks

    def all_texts(self) -> list[str]:
        return self.chunks.texts

    def retrieve(self, query: str, k: int) -> list[Passage]:
        return [
            Passage(self.chunks.labels[i], self.chunks.texts[i]) for i in self.peer.search(query, k)
        ]


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{done}/{total} questions", end="\n" if done == total else "", file=sys.stderr)
    elif done == total or done % 10 == 0:
        print(f"{done}/{total} questions", file=sys.stderr)


def indexed_files(index_dir: Path) -> tuple[list[Path], list[str]]:
    """The files the index was built from that are still on disk, and those that are not."""
    documents = read_manifest(live_version(index_dir)).documents.values()
    paths = sorted(Path(d["path"]) for d in documents)
    return [p for p in paths if p.is_file()], [str(p) for p in paths if not p.is_file()]


def evaluate(
    questions_paths: list[Path],
    service: AssistantService,
    embedder: Embedder,
    index_dir: Path,
    out_dir: Path,
    k: int = 10,
    peers: bool = True,
) -> dict:
    """Run, write the three files, and return the summary."""
    questions = load_question_files(questions_paths)
    ours = OurAssistant(service)
    retrievers: list[Retriever] = [ours]
    notes = [f"index: {index_dir}", f"questions: {', '.join(map(str, questions_paths))}"]
    timings: dict[str, float] = {}
    if peers:
        files, missing = indexed_files(index_dir)
        started = time.perf_counter()
        chunks = TutorialChunks.of(files)
        retrievers.append(PeerRetriever("langchain", LangChainBaseline(chunks, embedder), chunks))
        retrievers.append(PeerRetriever("bm25", Bm25Baseline(chunks), chunks))
        timings["peers_build_s"] = time.perf_counter() - started
        notes.append(
            f"peers built from the index's {len(files)} files in the same run"
            + (f" ({len(missing)} no longer on disk: {', '.join(missing)})" if missing else "")
        )
    started = time.perf_counter()
    results = run_questions(
        questions,
        retrievers,
        ours.answer,
        k=k,
        on_question=lambda n, _: _progress(n, len(questions)),
    )
    timings["questions_s"] = time.perf_counter() - started
    summary = summarise(results, [r.name for r in retrievers])
    summary["timings"] = {name: round(s, 1) for name, s in timings.items()}
    title = f"Evaluation: {', '.join(p.name for p in questions_paths)}"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "eval.md").write_text(markdown_summary(summary, title, notes))
    (out_dir / "eval-questions.md").write_text(markdown_questions(results))
    (out_dir / "eval.json").write_text(
        json.dumps({"summary": summary, "questions": question_rows(results)}, indent=1) + "\n"
    )
    return summary
