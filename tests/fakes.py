"""A deterministic stand-in for the embedding model, for fast unit tests.

Each word is hashed to a few dimensions, so texts sharing words have similar vectors: enough
for ranking tests to mean something, with no model to load.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np


class HashEmbedder:
    def __init__(self, name: str = "fake-hash-embedder", dimension: int = 64) -> None:
        self.name = name
        self._dimension = dimension
        self.calls: list[int] = []  # how many texts each embed() call received

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.calls.append(len(texts))
        vectors = np.zeros((len(texts), self._dimension), dtype="float32")
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.sha1(word.encode()).digest()
                for byte in digest[:3]:
                    vectors[row, byte % self._dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms

    @property
    def texts_embedded(self) -> int:
        return sum(self.calls)
