"""Run a question file against our assistant and the peers, question by question.

Every system is asked for its top passages; ours also answers. The outcomes are kept whole
(what was retrieved, what was cited) so a miss can be diagnosed; eval.report turns them into
figures and tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from eval.metrics import Question, contains_evidence, normalise


@dataclass(frozen=True)
class Passage:
    label: str  # where it is from, as far as the system knows: "file.pdf p. 12, Minute 448"
    text: str


class Retriever(Protocol):
    name: str

    def all_texts(self) -> list[str]:
        """Every passage the system holds (to count the relevant ones)."""
        ...

    def retrieve(self, query: str, k: int) -> list[Passage]: ...


@dataclass
class Retrieved:
    passages: list[Passage]
    relevant: list[bool]
    total_relevant: int  # relevant passages in the system's whole collection

    @property
    def rank(self) -> int | None:
        """Rank of the first relevant passage, from 1; None when none was retrieved."""
        return next((i for i, hit in enumerate(self.relevant, start=1) if hit), None)


@dataclass
class AnswerOutcome:
    text: str
    quotes: list[Passage]  # what each citation quotes, labelled with its source
    abstained: bool
    mode: str = "extractive"


@dataclass
class QuestionResult:
    question: Question
    retrieved: dict[str, Retrieved] = field(default_factory=dict)  # by system name
    answer: AnswerOutcome | None = None


class EvidenceCounter:
    """How many of a system's passages contain a question's evidence, with the passages
    normalised once."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = [normalise(t) for t in texts]

    def count(self, evidence: Sequence[str]) -> int:
        wanted = [normalise(e) for e in evidence]
        return sum(1 for t in self._texts if any(e in t for e in wanted))


def run_questions(
    questions: Sequence[Question],
    retrievers: Sequence[Retriever],
    answerer: Callable[[str], AnswerOutcome] | None,
    k: int = 10,
    on_question: Callable[[int, QuestionResult], None] | None = None,
) -> list[QuestionResult]:
    """Each question through each retriever (top ``k``) and the answerer."""
    counters = {r.name: EvidenceCounter(r.all_texts()) for r in retrievers}
    results = []
    for number, question in enumerate(questions, start=1):
        result = QuestionResult(question)
        for retriever in retrievers:
            passages = retriever.retrieve(question.question, k)
            result.retrieved[retriever.name] = Retrieved(
                passages,
                [contains_evidence(p.text, question.evidence) for p in passages],
                counters[retriever.name].count(question.evidence) if question.evidence else 0,
            )
        if answerer is not None:
            result.answer = answerer(question.question)
        results.append(result)
        if on_question:
            on_question(number, result)
    return results
