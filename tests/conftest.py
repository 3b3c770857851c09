"""Fixtures shared by the slow tiers: one index of the real council documents per test run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.settings import Settings, embedder_for
from index.build import IngestReport, ingest
from ingest.embed import Embedder

REPO = Path(__file__).resolve().parent.parent


def corpus_folder() -> Path | None:
    """$ASSISTANT_TEST_CORPUS, or ../shared/corpus beside the repository."""
    candidates = [
        os.environ.get("ASSISTANT_TEST_CORPUS"),
        REPO.parent / "shared" / "corpus",
        "/work/shared/corpus",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).iterdir()):
            return Path(candidate)
    return None


@dataclass
class CorpusIndex:
    settings: Settings
    embedder: Embedder
    report: IngestReport


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> CorpusIndex:
    """The shared corpus ingested with the real model (about a minute, once per run)."""
    folder = corpus_folder()
    if folder is None:
        pytest.skip("the shared corpus is not available")
    settings = Settings(_env_file=None, index_dir=tmp_path_factory.mktemp("corpus") / "index")
    embedder = embedder_for(settings)
    report = ingest(
        [folder], settings.index_dir, embedder, settings.chunking(), settings.max_file_bytes
    )
    return CorpusIndex(settings, embedder, report)
