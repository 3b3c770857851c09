"""Evaluation questions and retrieval metrics (pure functions)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    type: str
    evidence: tuple[str, ...]
    source: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


def load_questions(path: Path) -> list[Question]:
    """Questions in JSON lines: id, question, type, evidence (strings a right passage contains)."""
    questions = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                questions.append(
                    Question(
                        id=str(raw.get("id", number)),
                        question=raw["question"],
                        type=raw.get("type", "all"),
                        evidence=tuple(raw.get("evidence") or ()),
                        source=raw.get("source", ""),
                        extra=raw,
                    )
                )
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"{path}:{number}: not a question line ({exc})") from exc
    return questions


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def contains_evidence(passage: str, evidence: Sequence[str]) -> bool:
    """True when the passage contains any one evidence string (case and spacing ignored)."""
    text = normalise(passage)
    return any(normalise(e) in text for e in evidence)


def first_relevant_rank(passages: Sequence[str], evidence: Sequence[str]) -> int | None:
    for rank, passage in enumerate(passages, start=1):
        if contains_evidence(passage, evidence):
            return rank
    return None


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose first relevant passage is within the top k."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    if not ranks:
        return 0.0
    return sum(1 / r for r in ranks if r) / len(ranks)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: share=0.5 for the median, 0.95 for p95."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[position]
