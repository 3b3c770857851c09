"""Reciprocal rank fusion and search filters (pure logic)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Chunk

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Fuse ranked lists of ids: score(id) = sum over lists of weight / (k + rank), rank from 1.

    Ties keep the order in which ids were first seen, so the result is deterministic.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


@dataclass(frozen=True)
class Filters:
    """Restrictions on what a search may return; None means no restriction.

    Dates are ISO strings; a chunk dated "2024-12" (month only) is inside a range that
    includes any day of that month.
    """

    doc_type: str | None = None
    source: str | None = None
    body: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    documents: frozenset[str] | None = None  # the documents the request may see (doc IDs)

    def is_empty(self) -> bool:
        return self.documents is None and not any(
            (self.doc_type, self.source, self.body, self.date_from, self.date_to)
        )

    def allows(self, chunk: Chunk) -> bool:
        if self.documents is not None and chunk.doc_id not in self.documents:
            return False
        if self.doc_type and chunk.doc_type != self.doc_type:
            return False
        if self.source and chunk.source != self.source:
            return False
        if self.body and (chunk.body or "").lower() != self.body.lower():
            return False
        if self.date_from or self.date_to:
            if not chunk.date:
                return False
            if (
                self.date_from
                and chunk.date[: len(self.date_from)] < self.date_from[: len(chunk.date)]
            ):
                return False
            if self.date_to and chunk.date[: len(self.date_to)] > self.date_to[: len(chunk.date)]:
                return False
        return True
