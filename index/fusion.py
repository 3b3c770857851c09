"""Score fusion and search filters (pure logic)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Chunk


def score_fusion(
    dense: Sequence[tuple[int, float]],
    lexical: Sequence[tuple[int, float]],
    dense_weight: float,
) -> list[tuple[int, float]]:
    """Fuse two scored lists, best first: each list's scores scaled to 0..1 (vector
    similarities from the lowest to the highest retrieved, word scores as a share of the
    highest), then weighed ``dense_weight`` and ``1 - dense_weight`` and added: a word score
    that stands far above the rest keeps its lead, where rank fusion would count it as one
    rank. Ties keep the order in which ids were first seen."""
    scores: dict[int, float] = {}
    if dense:
        high, low = dense[0][1], dense[-1][1]
        for item, score in dense:
            share = (score - low) / (high - low) if high > low else 1.0
            scores[item] = scores.get(item, 0.0) + dense_weight * share
    if lexical:
        high = max(score for _, score in lexical)
        for item, score in lexical:
            share = score / high if high > 0 else 0.0
            scores[item] = scores.get(item, 0.0) + (1.0 - dense_weight) * share
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
