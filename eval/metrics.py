"""Evaluation questions, and the retrieval and answer metrics (pure functions).

A passage is relevant to a question when it contains one of the question's evidence strings,
compared lowercased with whitespace collapsed (and "1,000" read as "1000").
"""

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
    answer_keywords: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)
    question_set: str = ""  # the file it comes from ("questions-plans.jsonl")

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)

    @property
    def council(self) -> str:
        """The council whose documents the question is about ("" when the file says none)."""
        return str(self.extra.get("council") or "")


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
                        answer_keywords=tuple(raw.get("answer_keywords") or ()),
                        extra=raw,
                        question_set=path.name,
                    )
                )
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"{path}:{number}: not a question line ({exc})") from exc
    return questions


def load_question_files(paths: Sequence[Path]) -> list[Question]:
    """The questions of several files, in order; an ID used twice is an error."""
    questions = [q for path in paths for q in load_questions(path)]
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise ValueError(
                f"question ID {question.id!r} appears twice in {list(map(str, paths))}"
            )
        seen.add(question.id)
    return questions


def normalise(text: str) -> str:
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def contains_evidence(passage: str, evidence: Sequence[str]) -> bool:
    """True when the passage contains any one evidence string (case and spacing ignored)."""
    text = normalise(passage)
    return any(normalise(e) in text for e in evidence)


def first_relevant_rank(passages: Sequence[str], evidence: Sequence[str]) -> int | None:
    for rank, passage in enumerate(passages, start=1):
        if contains_evidence(passage, evidence):
            return rank
    return None


def relevance(passages: Sequence[str], evidence: Sequence[str]) -> list[bool]:
    return [contains_evidence(p, evidence) for p in passages]


def ndcg_at_k(relevant: Sequence[bool], total_relevant: int, k: int = 10) -> float:
    """Normalised discounted cumulative gain of a ranked list with yes/no relevance.

    ``total_relevant`` is how many passages in the whole collection are relevant, so the ideal
    list holds min(total_relevant, k) of them at the top."""
    ideal = sum(1 / math.log2(i + 2) for i in range(min(total_relevant, k)))
    if ideal == 0:
        return 0.0
    gained = sum(1 / math.log2(i + 2) for i, hit in enumerate(relevant[:k]) if hit)
    return gained / ideal


def keywords_present(answer: str, keywords: Sequence[str]) -> bool:
    """True when the answer contains every keyword (case and spacing ignored)."""
    text = normalise(answer)
    return bool(keywords) and all(normalise(k) in text for k in keywords)


def share(flags: Sequence[bool]) -> float:
    """The fraction of true flags; 0.0 for none."""
    return sum(1 for f in flags if f) / len(flags) if flags else 0.0


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
