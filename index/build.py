"""Ingest files into the index: incremental, per-file results, nothing lost on failure."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.store import (
    IndexData,
    Manifest,
    current_version,
    exclusive_writer,
    read_index,
    write_index,
)
from index.timing import StageTimes
from index.unit_vectors import UnitVectors
from ingest.chunking import ChunkingOptions, chunk_document, chunker_signature
from ingest.embed import Embedder, embed_distinct
from ingest.loaders import SUPPORTED_SUFFIXES, UnreadableFile, load_file
from ingest.loaders.ocr import OcrOptions
from ingest.loaders.pdf_tables import read_table_rows
from ingest.metadata import document_id, infer_document_info
from ingest.model import Chunk, DocumentInfo
from ingest.records import Records, extract_records


@dataclass
class FileResult:
    path: str
    status: str  # added, updated, unchanged, failed, skipped, removed
    chunks: int = 0
    reason: str = ""
    title: str = ""
    doc_type: str = ""
    records: str = ""  # "11 decisions, 2 rows skipped (…)"
    ocr: str = ""  # "3 scanned pages read by OCR (confidence 91); …"


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    pages_read: int = 0  # PDF pages, plus one per other document read this run
    # seconds in parse, chunk, records, embed, vector index, word index, write
    times: StageTimes = field(default_factory=StageTimes)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the files under folders (hidden files and folders skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith((".", "~$")) for p in relative):
                    found.append(child)
        else:
            found.append(path)
    return found


def _within(path: str, roots: list[Path]) -> bool:
    resolved = Path(path)
    return any(resolved == root or root in resolved.parents for root in roots)


def ingest(
    paths: list[Path],
    index_dir: Path,
    embedder: Embedder,
    options: ChunkingOptions,
    max_file_bytes: int,
    rebuild: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
    progress: bool = False,
    collection: str = "public",
    ocr: OcrOptions | None = None,
) -> IngestReport:
    """Bring the index up to date with ``paths``.

    Unchanged documents (same content hash) keep their chunks and vectors; changed and new ones
    are re-chunked and embedded; documents under the given folders whose files are gone are
    removed; a file that fails to load is reported and, if it was indexed before, kept as it was.
    The files under ``paths`` go into ``collection`` (access control, see assistant.access);
    scans are read by OCR with ``ocr`` (its defaults when None).
    """
    if not re.fullmatch(r"[\w.-]{1,64}", collection):
        raise ValueError(
            f"collection name '{collection}': use letters, digits, '.', '-' or '_' (up to 64)"
        )
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(map(str, missing))}")
    with exclusive_writer(index_dir):
        return _ingest(
            paths,
            index_dir,
            embedder,
            options,
            max_file_bytes,
            rebuild,
            on_file,
            progress,
            collection,
            ocr or OcrOptions(),
        )


def _ingest(
    paths: list[Path],
    index_dir: Path,
    embedder: Embedder,
    options: ChunkingOptions,
    max_file_bytes: int,
    rebuild: bool,
    on_file: Callable[[FileResult], None] | None,
    progress: bool,
    collection: str,
    ocr: OcrOptions,
) -> IngestReport:
    old = None if rebuild else _previous(index_dir, embedder)
    old_docs = old.manifest.documents if old else {}
    rechunk_all = old is not None and old.manifest.chunker_version != chunker_signature(options)
    files = discover(paths)
    given = {str(f.resolve()) for f in files}
    if rechunk_all:  # chunks from another chunker or sizes: re-read every document, drop none
        listed = {str(f.resolve()) for f in files}
        files += [
            Path(d["path"])
            for d in old_docs.values()
            if d["path"] not in listed and Path(d["path"]).is_file()
        ]
    old_chunks: dict[str, list[int]] = {}
    if old:
        for position, chunk in enumerate(old.chunks):
            old_chunks.setdefault(chunk.doc_id, []).append(position)

    report = IngestReport()
    keep: dict[str, dict] = {}
    fresh: list[Chunk] = []
    fresh_records: list[dict] = []
    seen: set[str] = set()
    notify = on_file or (lambda _: None)

    for path in files:
        resolved = str(path.resolve())
        doc_id = document_id(resolved)
        seen.add(doc_id)
        previous = old_docs.get(doc_id)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            result = FileResult(
                str(path), "skipped", reason=f"not a document type read here ('{path.suffix}')"
            )
            report.files.append(result)
            notify(result)
            continue
        reuse = None if rechunk_all else previous
        # re-read only for a new chunker: a document keeps its collection
        into = collection if resolved in given else (previous or {}).get("collection", collection)
        try:
            read = _read(path, max_file_bytes, options, reuse, report, into, ocr)
            info, chunks, found, ocr_note = read
        except Exception as exc:  # one bad file never stops the run
            result = FileResult(str(path), "failed", reason=_failure_reason(exc))
            if previous:
                keep[doc_id] = previous
                result.reason += " (the previously indexed version is kept)"
            report.files.append(result)
            notify(result)
            continue
        if info is None:
            keep[doc_id] = previous
            result = FileResult(str(path), "unchanged", len(old_chunks.get(doc_id, [])))
        else:
            fresh.extend(chunks)
            fresh_records.extend(found.to_dicts())
            keep[doc_id] = info.__dict__.copy()
            status = "updated" if previous else "added"
            result = FileResult(
                str(path),
                status,
                len(chunks),
                title=info.title,
                doc_type=info.doc_type,
                records=found.summary(),
                ocr=ocr_note,
            )
        result.title = result.title or keep[doc_id]["title"]
        result.doc_type = result.doc_type or keep[doc_id]["doc_type"]
        report.files.append(result)
        notify(result)

    roots = [p.resolve() for p in paths if p.is_dir()]
    for doc_id, info in old_docs.items():
        if doc_id in seen or doc_id in keep:
            continue
        if _within(info["path"], roots) or not Path(info["path"]).exists():
            result = FileResult(info["path"], "removed", title=info["title"])
            report.files.append(result)
            notify(result)
        else:  # indexed from elsewhere: untouched by this run
            keep[doc_id] = info

    changed = any(f.status in ("added", "updated", "removed") for f in report.files)
    if old is not None and not changed:
        report.documents, report.chunks = len(old_docs), len(old.chunks)
        return report

    if not fresh and not any(old_chunks.get(doc_id) for doc_id in keep):
        report.documents = report.chunks = 0  # an index needs one passage: keep what was there
        return report

    fresh_docs = {c.doc_id for c in fresh}
    reused_positions = [
        p for doc_id in keep if doc_id not in fresh_docs for p in old_chunks.get(doc_id, [])
    ]
    reused = [old.chunks[p] for p in reused_positions] if old else []
    kept_records = [
        r
        for r in (old.records if old else [])
        if r["doc_id"] in keep and r["doc_id"] not in fresh_docs
    ]
    reused_vectors = old.vectors[reused_positions] if old and reused_positions else None
    with report.times.stage("embed"):
        new_vectors = embed_distinct(embedder, [c.search_text() for c in fresh], progress)
    parts = [v for v in (reused_vectors, new_vectors) if v is not None and len(v)]
    vectors = np.vstack(parts) if parts else np.zeros((0, embedder.dimension), dtype="float32")
    with report.times.stage("embed sentences"):
        if old is not None and old.units is not None:
            units = old.units.take(reused_positions)
        else:  # an index from before sentences had vectors: make them for every passage
            units = UnitVectors.embed(reused, embedder, progress)
        units = units.then(UnitVectors.embed(fresh, embedder, progress))
    manifest = Manifest(embedder.name, embedder.dimension, chunker_signature(options), keep)
    records = kept_records + fresh_records
    data = IndexData(manifest, reused + fresh, vectors, records, units)
    write_index(index_dir, data, report.times)
    report.documents, report.chunks = len(keep), len(reused) + len(fresh)
    return report


def _read(
    path: Path,
    max_file_bytes: int,
    options: ChunkingOptions,
    indexed: dict | None,
    report: IngestReport,
    collection: str = "public",
    ocr: OcrOptions | None = None,
) -> tuple[DocumentInfo | None, list[Chunk], Records, str]:
    """The document's metadata, chunks, records and what OCR made of it, or (None, [], no
    records, "") when ``indexed`` has the same content in the same collection."""
    with report.times.stage("parse"):
        same_place = indexed and indexed.get("collection", "public") == collection
        if same_place and indexed["sha256"] == _file_sha256(path):
            return None, [], Records(), ""  # unchanged: not parsed again, nor OCR'd again
        document = load_file(path, max_file_bytes, ocr)
        info = dataclasses.replace(infer_document_info(document), collection=collection)
    report.pages_read += sum(1 for b in document.blocks if b.kind == "page") or 1
    with report.times.stage("chunk"):
        chunks = chunk_document(document, info, options)
    with report.times.stage("records"):
        table_rows = []
        if document.format == "pdf" and info.doc_type == "action plan":
            try:
                table_rows = read_table_rows(path)
            except Exception:  # records then come from the text; the chunks are unaffected
                table_rows = []
        records = extract_records(document, info, chunks, table_rows)
    if not_an_action_table(info, chunks, records):
        # Lines that merely start like IDs ("CO2 emissions …", a local plan's "CC2 Sustainable
        # Drainage") made most "actions" unreadable: read the document as running text.
        info = dataclasses.replace(info, doc_type="report")
        with report.times.stage("chunk"):
            chunks = chunk_document(document, info, options)
        records = Records(records.decisions, [], [])
    return info, chunks, records, document.ocr_note


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""  # load_file reports why
    return digest.hexdigest()


MAX_ROW_WORDS = 100  # an action table's rows run to about 55 words (median); policies to 600


def not_an_action_table(info: DocumentInfo, chunks: list[Chunk], records: Records) -> bool:
    """A PDF taken for an action plan of which not one action could be read whole, and whose
    "rows" run on for pages: the lines that looked like action IDs head paragraphs or budget
    lines, not rows. (``ingest.columns.is_action_table`` keeps most such documents, a plan's
    policies and a glossary's formulas, from being taken for action plans at all; this
    catches the rest, such as a report whose tables of roads ("A38") and work packages ("WP1",
    "WP2", "WP3") look like rows.)"""
    if info.doc_type != "action plan" or not info.source.lower().endswith(".pdf"):
        return False
    if not all(action.status == "partial" for action in records.actions):
        return False
    words: dict[str, int] = {}
    for chunk in chunks:
        if chunk.meta.get("action_id"):
            key = chunk.meta["action_id"]
            words[key] = words.get(key, 0) + len(chunk.text.split())
    return not words or statistics.median(words.values()) > MAX_ROW_WORDS


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, UnreadableFile):
        return str(exc)
    return f"could not be split into passages ({type(exc).__name__}: {exc})"


def _previous(index_dir: Path, embedder: Embedder) -> IndexData | None:
    """The current index when it can be extended; None to start afresh."""
    if current_version(index_dir) is None:
        return None
    return read_index(index_dir, model=embedder.name)
