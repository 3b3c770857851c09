"""The same sentence-transformers model run by ONNX Runtime, optionally with int8 weights.

The ONNX file is exported from the packaged PyTorch weights on first use (about 3 s) into a
cache folder, and quantised there when asked; nothing is downloaded. Mean pooling and unit
length, as the model's own sentence-transformers configuration prescribes.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ingest.embed import resolve_model_path

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export the transformer of a sentence-transformers folder to ONNX (dynamic batch and
    length), written beside ``target`` and renamed into place."""
    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = LastHiddenState(AutoModel.from_pretrained(str(model_dir)).eval())
    example = torch.ones((2, 8), dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    dynamic = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes it fixes as constants
        torch.onnx.export(
            model,
            (example, example, torch.zeros_like(example)),
            str(partial),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,
        )
    os.replace(partial, target)


def quantise_onnx(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the weights (activations stay float)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process applies to image models
    try:
        quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)
    os.replace(partial, target)


def model_inputs(names: set[str], ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
    """The inputs the exported model takes, of ``INPUTS``: the export keeps only those its
    model reads, and MPNet-based models read no ``token_type_ids``."""
    inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    return {name: value for name, value in inputs.items() if name in names}


class OnnxEmbedder:
    """Loads (and on first use exports) the model when it is first needed."""

    def __init__(
        self, model: str, cache_dir: Path, quantised: bool = False, batch_size: int = 32
    ) -> None:
        self.model = model
        self.quantised = quantised
        # int8 vectors differ a little from the float model's: an index is built with one kind
        self.name = f"{model}+onnx-int8" if quantised else model
        self.batch_size = batch_size
        self._cache_dir = cache_dir
        self._session = None
        self._tokenizer = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedding")

    def _model_file(self, model_dir: Path) -> Path:
        folder = self._cache_dir / Path(self.model).name.replace("/", "_")
        exported = folder / "model.onnx"
        if not exported.is_file():
            export_onnx(model_dir, exported)
        if not self.quantised:
            return exported
        quantised = folder / "model-int8.onnx"
        if not quantised.is_file():
            quantise_onnx(exported, quantised)
        return quantised

    def _loaded(self):
        if self._session is None:
            import onnxruntime
            from tokenizers import Tokenizer

            model_dir = resolve_model_path(self.model)
            config = json.loads((model_dir / "sentence_bert_config.json").read_text())
            pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
            if not pooling.get("pooling_mode_mean_tokens"):
                raise ValueError(f"{self.model}: only mean-pooled models run under ONNX here")
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(int(config.get("max_seq_length", 256)))
            tokenizer.enable_padding()
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = os.cpu_count() or 1
            self._session = onnxruntime.InferenceSession(
                str(self._model_file(model_dir)), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = tokenizer
        return self._session

    @property
    def dimension(self) -> int:
        return int(self._loaded().get_outputs()[0].shape[-1])

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Run on one thread of the embedder's own: the model's working memory then grows once,
        not once per server thread that happens to embed (make load: 1.4 GB of growth with
        16 clients before)."""
        return self._worker.submit(self._embed, texts, progress).result()

    def _embed(self, texts: list[str], progress: bool) -> np.ndarray:
        session = self._loaded()
        takes = {i.name for i in session.get_inputs()}
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        # similar lengths batched together waste less on padding
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 0), dtype="float32")
        batches = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="Embedding", unit="batch")
        for start in batches:
            positions = order[start : start + self.batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in positions])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            hidden = session.run(None, model_inputs(takes, ids, mask))[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            if out.shape[1] == 0:
                out = np.zeros((len(texts), pooled.shape[1]), dtype="float32")
            out[positions] = pooled
        return out
