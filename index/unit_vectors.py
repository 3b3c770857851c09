"""Vectors of the units an answer can quote (``ingest.units``), made once at ingest and kept
with the index, so that answering a question embeds the question and nothing else.

    DIR/v-.../unit_vectors.npy   float16 unit vectors, the passages' units in passage order
    DIR/v-.../unit_offsets.npy   int64; passage i's units are rows offsets[i]:offsets[i + 1]
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import faiss
import numpy as np

from ingest.embed import Embedder, embed_distinct
from ingest.model import Chunk
from ingest.units import framed_units

VECTORS_FILE = "unit_vectors.npy"
OFFSETS_FILE = "unit_offsets.npy"


class SentenceVectors(Protocol):
    """What an answer needs of the model: the question's vectors and its passages' units'."""

    def question_vectors(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def unit_vectors(self, chunk: Chunk, framed: list[str]) -> np.ndarray:
        """One row per unit of ``chunk``; ``framed`` are those units as ``framed_units``
        gives them."""
        ...


@dataclass(frozen=True)
class EmbeddedOnDemand:
    """Runs the model on every text asked for: for tests, and for an index written before
    units had stored vectors."""

    embedder: Embedder

    def question_vectors(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts)

    def unit_vectors(self, chunk: Chunk, framed: list[str]) -> np.ndarray:
        return self.embedder.embed(framed)


@dataclass(frozen=True)
class UnitVectors:
    vectors: np.ndarray  # float16, one row per unit
    offsets: np.ndarray  # int64, one more than there are passages

    @classmethod
    def embed(cls, chunks: Sequence[Chunk], embedder: Embedder, progress: bool = False):
        per_chunk = [framed_units(c) for c in chunks]
        counts = np.array([len(units) for units in per_chunk], dtype="int64")
        texts = [unit for units in per_chunk for unit in units]
        vectors = embed_distinct(embedder, texts, progress) if texts else None
        if vectors is None:
            vectors = np.zeros((0, embedder.dimension), dtype="float32")
        return cls(vectors.astype("float16"), np.concatenate([[0], np.cumsum(counts)]))

    @property
    def passages(self) -> int:
        return len(self.offsets) - 1

    def of(self, position: int) -> np.ndarray:
        start, end = self.offsets[position], self.offsets[position + 1]
        return self.vectors[start:end].astype("float32")

    def nearest_passages(
        self, vector: np.ndarray, units: int, allowed: np.ndarray | None = None
    ) -> dict[int, float]:
        """Passage position -> the similarity of its nearest unit to ``vector``, for the
        passages among whose units are the ``units`` nearest (only passages ``allowed``)."""
        if len(self.vectors) == 0:
            return {}
        params = None
        if allowed is not None:
            ids = np.flatnonzero(allowed[self._owners]).astype("int64")
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(ids))
        query = np.ascontiguousarray(vector.reshape(1, -1), dtype="float32")
        scores, ids = self._searchable.search(query, min(units, len(self.vectors)), params=params)
        best: dict[int, float] = {}
        for unit, score in zip(ids[0], scores[0], strict=True):
            if unit >= 0:
                best.setdefault(int(self._owners[unit]), float(score))  # nearest first
        return best

    @functools.cached_property
    def _owners(self) -> np.ndarray:
        return np.repeat(np.arange(self.passages), np.diff(self.offsets))

    @functools.cached_property
    def _searchable(self) -> faiss.Index:
        """The units in an exact inner-product index that keeps them as float16: searched
        with SIMD, where widening the float16 rows for numpy cost 12 ms a question."""
        index = faiss.IndexScalarQuantizer(
            self.vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
        )
        rows = self.vectors.astype("float32")
        index.train(rows)
        index.add(rows)
        return index

    def take(self, positions: Sequence[int]) -> UnitVectors:
        """The units of the passages at ``positions``, in that order."""
        rows = [np.arange(self.offsets[p], self.offsets[p + 1]) for p in positions]
        picked = np.concatenate(rows) if rows else np.zeros(0, dtype="int64")
        counts = np.diff(self.offsets)[list(positions)] if positions else np.zeros(0, "int64")
        return UnitVectors(self.vectors[picked], np.concatenate([[0], np.cumsum(counts)]))

    def then(self, other: UnitVectors) -> UnitVectors:
        """These passages' units followed by ``other``'s."""
        return UnitVectors(
            np.vstack([self.vectors, other.vectors]),
            np.concatenate([self.offsets, other.offsets[1:] + self.offsets[-1]]),
        )

    def save(self, folder: Path) -> None:
        np.save(folder / VECTORS_FILE, np.ascontiguousarray(self.vectors, dtype="float16"))
        np.save(folder / OFFSETS_FILE, self.offsets.astype("int64"))

    @classmethod
    def load(cls, folder: Path) -> UnitVectors | None:
        """None for an index written before units had vectors."""
        if not (folder / VECTORS_FILE).is_file() or not (folder / OFFSETS_FILE).is_file():
            return None
        return cls(np.load(folder / VECTORS_FILE), np.load(folder / OFFSETS_FILE))
