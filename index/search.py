"""Hybrid search: FAISS vectors and BM25 words, their scores fused."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.fusion import Filters, score_fusion
from index.lexical import LexicalIndex, analyse
from index.store import (
    Manifest,
    check_model,
    live_version,
    read_chunks,
    read_manifest,
    read_units,
    read_vector_index,
)
from index.unit_vectors import UnitVectors
from ingest.abbreviations import asked_abbreviation, definitions
from ingest.embed import Embedder
from ingest.ids import query_action_ids, query_minute_numbers
from ingest.model import Chunk

MIN_CANDIDATES = 100  # candidates from each ranking; the vector scores are scaled over them
# The vector similarities' share of the fused score, the word scores' being the rest.
# all-MiniLM-L6-v2 finds far less than words do on councils' papers (recall@5 0.64 against
# 0.81 over 16 councils' questions), so equal rank fusion let it push the evidence out.
# Chosen on half the councils' questions and checked on the other half (`make fusion-weight`,
# figures in BENCHMARKS.md).
DENSE_WEIGHT = 0.25
# Sentences searched for each passage wanted: a passage's nearest sentences come first.
UNITS_PER_PASSAGE = 4
# Actions and minutes the question names by number ("T6", "minute 446"), and the passages that
# spell out the abbreviation it asks about ("What does CRSTS stand for?"), come first.
NAMED_BONUS = 1.0
# Questions whose vectors are kept: a question, its parts and a conversation's rewrites are
# embedded once however many searches and answers use them.
QUESTION_CACHE = 1024


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    dense_rank: int | None
    lexical_rank: int | None


class HybridSearcher:
    def __init__(
        self,
        manifest: Manifest,
        chunks: list[Chunk],
        dense: faiss.Index,
        lexical: LexicalIndex,
        embedder: Embedder,
        version: Path | None = None,
        units: UnitVectors | None = None,
    ) -> None:
        self.version = version
        self.manifest = manifest
        self.chunks = chunks
        self._dense = dense
        self._lexical = lexical
        self._embedder = embedder
        self._units = units
        self._positions = {c.chunk_id: p for p, c in enumerate(chunks)}
        self._questions: OrderedDict[str, np.ndarray] = OrderedDict()
        self._questions_lock = threading.Lock()
        self._document_words: dict[str, frozenset[str]] = {}
        self._definers: dict[str, list[int]] | None = None
        self._by_identifier: dict[tuple[str, object], list[int]] = {}
        for position, chunk in enumerate(chunks):
            for key in _identifiers(chunk):
                self._by_identifier.setdefault(key, []).append(position)

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def share_of_passages(self, word: str) -> float:
        return self._lexical.share(word)

    def document_words(self, doc_id: str) -> frozenset[str]:
        """Every word (analysed) a document uses in its text, titles and name; made once."""
        if doc_id not in self._document_words:
            chunks = [c for c in self.chunks if c.doc_id == doc_id]
            names = {f"{c.title} {c.body or ''} {c.source}" for c in chunks[:1]}
            text = " ".join([*names, *(c.search_text() for c in chunks)])
            self._document_words[doc_id] = frozenset(analyse(text))
        return self._document_words[doc_id]

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder) -> HybridSearcher:
        version = live_version(index_dir)
        manifest = read_manifest(version)
        check_model(manifest, embedder.name, index_dir)
        chunks = read_chunks(version)
        dense = read_vector_index(version / "index.faiss")
        lexical = LexicalIndex.load(version / "bm25", len(chunks))
        units = read_units(version, chunks)
        return cls(manifest, chunks, dense, lexical, embedder, version, units)

    def question_vectors(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors, each embedded once while the searcher lives (up to
        QUESTION_CACHE texts are kept, the least recently used dropped first)."""
        with self._questions_lock:
            known = {t: self._questions[t] for t in texts if t in self._questions}
            for text in known:
                self._questions.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = dict(zip(missing, self._embedder.embed(missing), strict=True))
            known.update(fresh)
            with self._questions_lock:
                self._questions.update(fresh)
                while len(self._questions) > QUESTION_CACHE:
                    self._questions.popitem(last=False)
        return np.vstack([known[t] for t in texts])

    def unit_vectors(self, chunk: Chunk, framed: list[str]) -> np.ndarray:
        """The stored vectors of the passage's units; embedded now only when the index has
        none for it (written before they were kept, or by other unit rules)."""
        position = self._positions.get(chunk.chunk_id)
        if self._units is not None and position is not None:
            stored = self._units.of(position)
            if len(stored) == len(framed):
                return stored
        return self._embedder.embed(framed)

    def dense_scored(
        self, query: str, depth: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(position, cosine similarity) of the nearest passages, nearest first; with
        ``allowed``, only among those allowed. A passage is as near as its own vector or its
        nearest sentence, whichever is nearer: a minute's "matters arising" that covers ten
        things is far, as a whole, from a question about one of them."""
        if self._dense.ntotal == 0:
            return []
        vector = self.question_vectors([query])
        passages = self._nearest_passages(vector, depth, allowed)
        if self._units is None:
            return passages
        scores = self._units.nearest_passages(vector[0], UNITS_PER_PASSAGE * depth, allowed)
        for position, similarity in passages:
            scores[position] = max(scores.get(position, similarity), similarity)
        return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:depth]

    def _nearest_passages(
        self, vector: np.ndarray, depth: int, allowed: np.ndarray | None
    ) -> list[tuple[int, float]]:
        """(position, cosine similarity) of the passages whose own vectors are nearest."""
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.flatnonzero(allowed).astype("int64"))
            if isinstance(self._dense, faiss.IndexHNSW):
                width = max(self._dense.hnsw.efSearch, depth)
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=width)
            else:
                params = faiss.SearchParameters(sel=selector)
        scores, ids = self._dense.search(vector, min(depth, self._dense.ntotal), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def lexical_scored(
        self, query: str, depth: int, expansion: str = "", allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(position, BM25 score), best first; ``expansion`` words (glossary synonyms) weigh
        less."""
        mask = allowed.astype("float32") if allowed is not None else None
        return self._lexical.scored(query, depth, mask, expansion=expansion)

    def _named(self, query: str, allowed: np.ndarray | None) -> set[int]:
        """Chunks of the actions and minutes the query names by number ("T6", "minute 446"),
        and those that spell out the abbreviation it asks about: an identifier or a definition
        is an exact request that embeddings barely see, and a passage that only uses the
        abbreviation has as many of the question's words."""
        keys = [("action", a) for a in query_action_ids(query)]
        keys += [("minute", m) for m in query_minute_numbers(query)]
        matched = {p for key in keys for p in self._by_identifier.get(key, [])}
        short = asked_abbreviation(query)
        if short:
            matched |= set(self._defining(short))
        return {p for p in matched if allowed is None or allowed[p]}

    def _defining(self, short: str) -> list[int]:
        """Positions of the chunks that spell out ``short`` ("… Settlements (CRSTS)"); every
        chunk's definitions are read on the first such question."""
        if self._definers is None:
            definers: dict[str, list[int]] = {}
            for position, chunk in enumerate(self.chunks):
                for abbreviation in definitions(chunk.text):
                    definers.setdefault(abbreviation, []).append(position)
            self._definers = definers
        return self._definers.get(short, [])

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Filters | None = None,
        synonyms: Sequence[str] = (),
    ) -> list[Hit]:
        """The k best chunks for ``query``. ``synonyms`` are other words for terms the query
        uses (from the glossary): a word ranking of the query with them joins the fusion, so
        passages written in the other vocabulary are found without drowning the query."""
        filters = filters or Filters()
        allowed = None
        depth = max(MIN_CANDIDATES, 10 * k)
        if not filters.is_empty():
            allowed = np.array([filters.allows(c) for c in self.chunks], dtype=bool)
            if not allowed.any():
                return []
        dense = self.dense_scored(query, depth, allowed)
        lexical = self.lexical_scored(query, depth, " ".join(synonyms), allowed)
        fused = dict(score_fusion(dense, lexical, DENSE_WEIGHT))
        for position in self._named(query, allowed):
            fused[position] = fused.get(position, 0.0) + NAMED_BONUS
        dense_rank = {i: r for r, (i, _) in enumerate(dense, start=1)}
        lexical_rank = {i: r for r, (i, _) in enumerate(lexical, start=1)}
        best = sorted(fused.items(), key=lambda pair: -pair[1])[:k]
        return [
            Hit(self.chunks[i], score, dense_rank.get(i), lexical_rank.get(i)) for i, score in best
        ]


def _identifiers(chunk: Chunk) -> list[tuple[str, object]]:
    keys: list[tuple[str, object]] = []
    if chunk.meta.get("action_id"):
        keys.append(("action", chunk.meta["action_id"]))
    if chunk.meta.get("minute_number") is not None:
        keys.append(("minute", chunk.meta["minute_number"]))
    return keys
