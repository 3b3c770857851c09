"""The index as a folder of plain files, replaced atomically.

    DIR/CURRENT            name of the live version folder (replaced with os.replace)
    DIR/v-.../manifest.json   format, model, dimension, chunker version, documents
    DIR/v-.../chunks.jsonl    one chunk per line, in vector order
    DIR/v-.../records.jsonl   decision and action records, one per line
    DIR/v-.../vectors.npy     float32 unit vectors (kept so unchanged documents are not re-embedded)
    DIR/v-.../unit_*.npy      vectors of the sentences answers quote (index.unit_vectors)
    DIR/v-.../index.faiss     FAISS inner-product index over the vectors: exact (flat) up to
                              EXACT_SEARCH_LIMIT vectors, HNSW (approximate) beyond
    DIR/v-.../bm25/           bm25s arrays and vocabulary

A new version is written in full beside the old one, then CURRENT is switched in one rename,
so a crash at any moment leaves either the old index or the new one, never half of either.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from index.lexical import LexicalIndex
from index.timing import StageTimes
from index.unit_vectors import UnitVectors
from ingest.model import Chunk, DocumentInfo

FORMAT_VERSION = 1
POINTER = "CURRENT"
LOCK = ".lock"

# Beyond this many vectors an exact search costs more than a question's other work (see
# BENCHMARKS.md, `make bench-scale`), so the index switches to HNSW graph search.
EXACT_SEARCH_LIMIT = 100_000
# At 100,548 passages these find the same 10 nearest neighbours as exact search for every dev
# question (0.99 of the top 50) in about 1 ms, against 14 ms exact; M=32 with efSearch 128
# found 0.79 of them.
HNSW_NEIGHBOURS = 48
HNSW_BUILD_DEPTH = 200
HNSW_SEARCH_DEPTH = 512


class IndexUnavailable(Exception):
    """No usable index at the given folder; the message says what to do."""


class IndexBusy(Exception):
    """Another process is writing this index."""


@contextmanager
def exclusive_writer(index_dir: Path) -> Iterator[None]:
    """Hold the index folder's write lock; a second writer fails at once with IndexBusy.

    The lock is an OS file lock, released when the holder exits or dies, so a crashed ingest
    never leaves the index locked.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusy(
                f"another `assistant ingest` is writing {index_dir}; try again when it finishes"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Manifest:
    model: str
    dimension: int
    chunker_version: str
    documents: dict[str, dict] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    created: str = ""
    chunk_count: int = 0

    def document_infos(self) -> list[DocumentInfo]:
        return [DocumentInfo(**d) for d in self.documents.values()]


@dataclass
class IndexData:
    manifest: Manifest
    chunks: list[Chunk]
    vectors: np.ndarray
    records: list[dict] = field(default_factory=list)  # decisions and actions, as dicts
    units: UnitVectors | None = None  # None in an index written before they were kept


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_version(index_dir: Path) -> Path | None:
    pointer = index_dir / POINTER
    if not pointer.is_file():
        return None
    version = index_dir / pointer.read_text().strip()
    return version if version.is_dir() else None


def live_version(index_dir: Path) -> Path:
    """The current version folder, or IndexUnavailable saying how to make one."""
    version = current_version(index_dir)
    if version is None:
        raise IndexUnavailable(
            f"no index at {index_dir}: run `assistant ingest PATH --index {index_dir}` first"
        )
    return version


def write_index(index_dir: Path, data: IndexData, times: StageTimes | None = None) -> Path:
    """Write a complete new version and switch to it atomically; old versions are removed.
    ``times`` gets the seconds spent on the vector index, the word index and the files."""
    times = times or StageTimes()
    index_dir.mkdir(parents=True, exist_ok=True)
    data.manifest.created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    data.manifest.chunk_count = len(data.chunks)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    try:
        with times.stage("write"):
            with open(staging / "chunks.jsonl", "w", encoding="utf-8") as out:
                for chunk in data.chunks:
                    out.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
            with open(staging / "records.jsonl", "w", encoding="utf-8") as out:
                for record in data.records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            vectors = np.ascontiguousarray(data.vectors, dtype="float32")
            np.save(staging / "vectors.npy", vectors)
            if data.units is not None:
                data.units.save(staging)
        with times.stage("vector index"):
            dense = build_vector_index(vectors, data.manifest.dimension)
            faiss.write_index(dense, str(staging / "index.faiss"))
        with times.stage("word index"):
            LexicalIndex.build([c.search_text() for c in data.chunks]).save(staging / "bm25")
        with times.stage("write"):
            (staging / "manifest.json").write_text(json.dumps(asdict(data.manifest), indent=1))
            for path in staging.rglob("*"):
                if path.is_file():
                    with open(path, "rb") as f:
                        os.fsync(f.fileno())
        version = index_dir / f"v-{time.strftime('%Y%m%dT%H%M%S')}-{staging.name[5:]}"
        staging.rename(version)
        pointer_tmp = index_dir / f".{POINTER}.tmp"
        with open(pointer_tmp, "w") as f:
            f.write(version.name)
            f.flush()
            os.fsync(f.fileno())
        os.replace(pointer_tmp, index_dir / POINTER)
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    remove_stale_versions(index_dir)
    return version


def build_vector_index(
    vectors: np.ndarray, dimension: int, exact_limit: int | None = None
) -> faiss.Index:
    """Inner-product search over unit vectors: exact up to ``exact_limit`` vectors
    (EXACT_SEARCH_LIMIT unless given), HNSW above."""
    if len(vectors) <= (EXACT_SEARCH_LIMIT if exact_limit is None else exact_limit):
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_DEPTH
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype="float32"))
    return index


def read_vector_index(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_SEARCH_DEPTH
    return index


def remove_stale_versions(index_dir: Path) -> None:
    live = current_version(index_dir)
    for path in index_dir.iterdir():
        if path.is_dir() and path != live and path.name.startswith(("v-", ".tmp-")):
            shutil.rmtree(path, ignore_errors=True)


def read_manifest(version: Path) -> Manifest:
    raw = json.loads((version / "manifest.json").read_text())
    if raw.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(
            f"the index at {version.parent} has format {raw.get('format_version')}, this version "
            f"reads format {FORMAT_VERSION}: run `assistant ingest` again to rebuild it"
        )
    return Manifest(**raw)


def check_model(manifest: Manifest, model: str, index_dir: Path) -> None:
    if manifest.model != model:
        raise IndexUnavailable(
            f"the index at {index_dir} was built with embedding model '{manifest.model}', "
            f"but the configured model is '{model}'. Use the same model, or rebuild the index "
            "with `assistant ingest --rebuild`."
        )


def read_index(index_dir: Path, model: str | None = None) -> IndexData:
    version = live_version(index_dir)
    manifest = read_manifest(version)
    if model is not None:
        check_model(manifest, model, index_dir)
    vectors = np.load(version / "vectors.npy")
    chunks = read_chunks(version)
    return IndexData(manifest, chunks, vectors, read_records(version), read_units(version, chunks))


def read_units(version: Path, chunks: list[Chunk]) -> UnitVectors | None:
    """The stored unit vectors when they are there and match the passages."""
    units = UnitVectors.load(version)
    return units if units is not None and units.passages == len(chunks) else None


def read_chunks(version: Path) -> list[Chunk]:
    with open(version / "chunks.jsonl", encoding="utf-8") as f:
        return [Chunk.from_dict(json.loads(line)) for line in f if line.strip()]


def read_records(version: Path) -> list[dict]:
    """Decision and action records; none in an index written before they were kept."""
    path = version / "records.jsonl"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
