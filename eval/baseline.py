"""The LangChain tutorial pipeline, as a peer to measure against.

Per-page PDF text, DOCX paragraphs, XLSX rows joined by tabs; RecursiveCharacterTextSplitter
(1000 characters, 200 overlap); the same embedding model; FAISS inner product; top k.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from ingest.embed import Embedder


def tutorial_texts(path: Path) -> list[str]:
    """The text units a tutorial document loader would give for a file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    if suffix == ".docx":
        import docx

        return ["\n".join(p.text for p in docx.Document(str(path)).paragraphs)]
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(str(path), read_only=True)
        return [
            "\n".join(
                "\t".join("" if c is None else str(c) for c in row)
                for row in sheet.iter_rows(values_only=True)
            )
            for sheet in book.worksheets
        ]
    if suffix in (".txt", ".md", ".csv", ".html", ".htm"):
        return [path.read_text(encoding="utf-8", errors="replace")]
    return []


class LangChainBaseline:
    def __init__(self, files: list[Path], embedder: Embedder) -> None:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.chunks = [
            piece
            for path in files
            for text in tutorial_texts(path)
            for piece in splitter.split_text(text)
        ]
        self._embedder = embedder
        vectors = embedder.embed(self.chunks)
        self._index = faiss.IndexFlatIP(vectors.shape[1])
        self._index.add(np.ascontiguousarray(vectors, dtype="float32"))

    def search(self, query: str, k: int) -> list[str]:
        _, ids = self._index.search(self._embedder.embed([query]), k)
        return [self.chunks[i] for i in ids[0] if i >= 0]
