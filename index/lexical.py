"""BM25 over chunk text with bm25s: English stemming, look-alike letters folded."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from ingest.ids import fold_confusables


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str], stemmer) -> list[list[str]]:
    folded = [fold_confusables(t) for t in texts]
    return bm25s.tokenize(
        folded, stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False
    )


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self._stemmer = _stemmer()
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        retriever = bm25s.BM25()
        stemmer = _stemmer()
        tokens = [t or ["<empty>"] for t in _tokenize(texts, stemmer)]
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(folder)), size)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[int]:
        """Chunk positions with a positive BM25 score, best first; ``mask`` (0/1 per chunk)
        keeps only the allowed ones."""
        tokens = _tokenize([query], self._stemmer)[0]
        known = [t for t in tokens if t in self._retriever.vocab_dict]
        if not known or self.size == 0:
            return []
        ids, scores = self._retriever.retrieve(
            [known], k=min(k, self.size), show_progress=False, weight_mask=mask
        )
        return [int(i) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]
