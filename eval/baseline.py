"""The peers we measure against, built from the same files in the same run.

langchain: what a council would build by following the LangChain RAG tutorial: per-page PDF
  text, DOCX paragraphs, XLSX rows joined by tabs; RecursiveCharacterTextSplitter (1000
  characters, 200 overlap); the same embedding model; FAISS inner product; top k.
bm25: BM25 alone (bm25s, English stop words) over the same tutorial chunks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from ingest.embed import Embedder


def tutorial_texts(path: Path) -> list[tuple[str, str]]:
    """The (where, text) units a tutorial document loader would give for a file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        pages = PdfReader(str(path)).pages
        return [(f"{path.name} p. {n}", p.extract_text() or "") for n, p in enumerate(pages, 1)]
    if suffix == ".docx":
        import docx

        return [(path.name, "\n".join(p.text for p in docx.Document(str(path)).paragraphs))]
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(str(path), read_only=True)
        return [
            (
                f"{path.name} sheet {sheet.title}",
                "\n".join(
                    "\t".join("" if c is None else str(c) for c in row)
                    for row in sheet.iter_rows(values_only=True)
                ),
            )
            for sheet in book.worksheets
        ]
    if suffix in (".txt", ".md", ".csv", ".html", ".htm"):
        return [(path.name, path.read_text(encoding="utf-8", errors="replace"))]
    return []


@dataclass
class TutorialChunks:
    """The tutorial's chunks of a set of files, with the time each step took."""

    texts: list[str]
    labels: list[str]  # where each chunk is from: "file.pdf p. 12"
    pages: int
    seconds: dict[str, float] = field(default_factory=dict)  # parse, chunk

    @classmethod
    def of(cls, files: list[Path]) -> TutorialChunks:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        started = time.perf_counter()
        units = [unit for path in files for unit in tutorial_texts(path)]
        parsed = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        pieces = [(label, piece) for label, text in units for piece in splitter.split_text(text)]
        return cls(
            [text for _, text in pieces],
            [label for label, _ in pieces],
            len(units),
            {"parse": parsed - started, "chunk": time.perf_counter() - parsed},
        )


class LangChainBaseline:
    name = "langchain"

    def __init__(self, chunks: TutorialChunks, embedder: Embedder) -> None:
        self.passages = chunks.texts
        self.seconds = dict(chunks.seconds)
        self._embedder = embedder
        started = time.perf_counter()
        vectors = embedder.embed(self.passages)
        embedded = time.perf_counter()
        self._index = faiss.IndexFlatIP(vectors.shape[1])
        self._index.add(np.ascontiguousarray(vectors, dtype="float32"))
        self.seconds["embed"] = embedded - started
        self.seconds["index"] = time.perf_counter() - embedded

    def search(self, query: str, k: int) -> list[int]:
        """Positions of the best ``k`` chunks, best first."""
        _, ids = self._index.search(self._embedder.embed([query]), k)
        return [int(i) for i in ids[0] if i >= 0]


class Bm25Baseline:
    name = "bm25"

    def __init__(self, chunks: TutorialChunks) -> None:
        import bm25s

        self.passages = chunks.texts
        started = time.perf_counter()
        self._retriever = bm25s.BM25()
        tokens = bm25s.tokenize(self.passages, stopwords="en", show_progress=False)
        self._retriever.index(tokens, show_progress=False)
        self.seconds = {"index": time.perf_counter() - started}

    def search(self, query: str, k: int) -> list[int]:
        """Positions of the best ``k`` chunks that share a word with the query, best first."""
        import bm25s

        k = min(k, len(self.passages))
        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False)
        if not tokens.vocab or k == 0:
            return []
        ids, scores = self._retriever.retrieve(tokens, k=k, show_progress=False)
        return [int(i) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]
