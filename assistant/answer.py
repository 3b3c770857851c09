"""Extractive answers: the sentences of the best passages that answer the question, cited.

No language model: every word of an answer is quoted from a passage, and each quoted part
carries the number of the citation it comes from. When no passage says enough, the answer
abstains and offers the nearest passages instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.conversation import refers_back
from assistant.glossary import Glossary, GlossaryEntry
from index.lexical import analyse
from index.search import Hit
from ingest.embed import Embedder
from ingest.metadata import format_date
from ingest.model import Chunk
from ingest.tokens import split_sentences

ABSTAIN_MESSAGE = "I couldn't find this in the documents searched."
_QUESTION_WORDS = {"what", "which", "who", "whom", "when", "where", "why", "how", "doe", "did"}
_MIN_WORDS = 3
_MAX_UNIT_WORDS = 90


@dataclass(frozen=True)
class AnswerOptions:
    passages: int = 8  # passages read for sentences
    max_sentences: int = 3
    max_citations: int = 3
    keep_ratio: float = 0.85  # further sentences must score this share of the best one
    # Abstain when the best sentence scores below this (meaning, shared words and passage
    # rank blended; see score_units). Calibrated on questions with and without answers:
    # see eval/bench_answers.py for the two error rates.
    min_score: float = 0.52


@dataclass
class Citation:
    n: int
    chunk: Chunk
    quote: str

    @property
    def url(self) -> str:
        page = f"#page={self.chunk.page_start}" if self.chunk.page_start else ""
        return f"/documents/{self.chunk.doc_id}/file{page}"


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    glossary: list[GlossaryEntry]
    abstained: bool
    nearest: list[Hit] = field(default_factory=list)
    mode: str = "extractive"
    note: str = ""  # why the answer is in this mode, when it is not the one configured
    passages: list[Hit] = field(default_factory=list)  # what the answer was chosen from


@dataclass(frozen=True)
class Unit:
    """A sentence (or a "column: value" line) of a retrieved passage."""

    hit_rank: int
    position: int
    text: str


def passage_units(hits: Sequence[Hit]) -> list[Unit]:
    """Sentences of each passage, in rank order. A short table row (an action with its lead,
    dates and status) is one unit, so the fields that answer "who" and "when" stay with it."""
    units = []
    for rank, hit in enumerate(hits):
        text = hit.chunk.text
        if _is_short_row(hit.chunk):
            units.append(Unit(rank, 0, "; ".join(ln for ln in text.split("\n") if ln.strip())))
            continue
        position = 0
        for line in text.split("\n"):
            if _is_heading(line):
                continue
            label = ""
            for sentence in split_sentences(line):
                if sentence.endswith(":") and len(sentence.split()) <= 3:
                    label = f"{label} {sentence}".strip()  # "RESOLVED:" leads what follows
                    continue
                sentence = f"{label} {sentence}".strip()
                label = ""
                words = sentence.split()
                if len(words) < _MIN_WORDS and ":" not in sentence:
                    continue
                if len(words) > _MAX_UNIT_WORDS:
                    sentence = " ".join(words[:_MAX_UNIT_WORDS]) + " …"
                units.append(Unit(rank, position, sentence))
                position += 1
    return units


_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,4}(\.\d+)*\.?|[A-Z]\.|§)\s+")


def _is_heading(line: str) -> bool:
    """A title line ("449. Healthy Weight Strategy.", "Background"): it names a topic and
    answers nothing, however well it matches the question's words."""
    words = _NUMBERED_HEADING.sub("", line).split()
    if not words or len(words) > 8 or ": " in line:  # "Timescale End: Mar-27" is a value
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised / len(words) >= 0.75


def _is_short_row(chunk: Chunk) -> bool:
    lines = [ln for ln in chunk.text.split("\n") if ln.strip()]
    is_row = len(lines) >= 2 and all(": " in ln for ln in lines[:2])
    return is_row and len(chunk.text.split()) <= _MAX_UNIT_WORDS


_PART_BREAK = re.compile(
    r",?\s+and\s+(?=(?:what|who|whom|when|where|which|why|how|is|are|was|were|did|does|do)\b)",
    re.IGNORECASE,
)


def question_parts(question: str) -> list[str]:
    """ "How many homes, and when did the county object?" -> the two questions it asks.
    A part that refers back ("and who leads it?") keeps the part before it."""
    parts = [p.strip(" ,?") for p in _PART_BREAK.split(question)]
    parts = [p for p in parts if len(p.split()) >= 2]
    if len(parts) < 2:
        return [question]
    return [parts[0]] + [
        f"{before} {part}" if refers_back(part) else part
        for before, part in zip(parts, parts[1:], strict=False)
    ]


def content_words(text: str) -> set[str]:
    return {w for w in analyse(text) if w not in _QUESTION_WORDS}


def word_overlap(question_words: set[str], text: str) -> float:
    """Share of the question's content words that ``text`` contains."""
    if not question_words:
        return 0.0
    return len(question_words & content_words(text)) / len(question_words)


def score_units(
    texts: Sequence[str],
    similarities: np.ndarray,
    question_words: set[str],
    passage_count: int,
    ranks: Sequence[int] | None = None,
) -> list[float]:
    """Meaning, shared words and the passage's rank, blended, for each unit's text."""
    ranks = ranks if ranks is not None else [0] * len(texts)
    scores = []
    for text, similarity, rank in zip(texts, similarities, ranks, strict=True):
        overlap = word_overlap(question_words, text)
        prior = 1.0 - rank / max(passage_count, 1)
        scores.append(0.5 * float(similarity) + 0.3 * overlap + 0.2 * prior)
    return scores


def select_units(
    units: Sequence[Unit],
    scores_by_part: Sequence[Sequence[float]],
    options: AnswerOptions,
) -> list[Unit]:
    """The best unit for each part of the question, then others close to the best in score,
    from few passages, without repeats; a unit that opens a list (ends with ":") brings the
    items that follow it."""
    if not units:
        return []
    overall = [max(column) for column in zip(*scores_by_part, strict=True)]
    best = max(overall)
    firsts = [max(range(len(units)), key=lambda i, s=part: s[i]) for part in scores_by_part]
    rest = sorted(range(len(units)), key=lambda i: -overall[i])
    chosen: list[int] = []
    passages: set[int] = set()
    for is_first, i in [(True, i) for i in firsts] + [(False, i) for i in rest]:
        unit = units[i]
        if i in chosen or len(chosen) >= options.max_sentences + len(firsts) - 1:
            continue
        if not is_first and overall[i] < options.keep_ratio * best:
            break
        if unit.hit_rank not in passages and len(passages) >= options.max_citations:
            continue
        if any(_near_duplicate(unit.text, units[c].text) for c in chosen):
            continue
        chosen.append(i)
        passages.add(unit.hit_rank)
    chosen += _list_items(units, chosen)
    return sorted((units[i] for i in set(chosen)), key=lambda u: (u.hit_rank, u.position))


def _list_items(units: Sequence[Unit], chosen: list[int], limit: int = 4) -> list[int]:
    extra = []
    for i in chosen:
        if units[i].text.rstrip().endswith(":"):
            following = range(i + 1, min(len(units), i + 1 + limit))
            extra += [j for j in following if units[j].hit_rank == units[i].hit_rank]
    return extra


def _near_duplicate(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def compose(units: Sequence[Unit], hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
    """Answer text with [n] after each quoted part, and the citations in order of use; where
    two versions of one action are quoted (a plan and its later update), the newer leads and
    the older is marked as superseded."""
    quotes: dict[int, list[str]] = {}
    for unit in units:
        quotes.setdefault(unit.hit_rank, []).append(unit.text)
    order, newer = newest_first([hits[rank].chunk for rank in quotes], list(quotes))
    numbers = {rank: n for n, rank in enumerate(order, start=1)}
    parts = []
    for rank in order:
        label = source_label(hits[rank].chunk)
        if rank in newer:
            label += f" (earlier version, superseded by [{numbers[newer[rank]]}])"
        parts.append(f"{label}: {' '.join(quotes[rank])} [{numbers[rank]}]")
    citations = [Citation(numbers[r], hits[r].chunk, " … ".join(quotes[r])) for r in order]
    return "\n".join(parts), citations


def newest_first(chunks: Sequence[Chunk], ranks: list[int]) -> tuple[list[int], dict[int, int]]:
    """``ranks`` reordered so that versions of the same action run newest first (undated
    counts as oldest), and for each older version the rank of the newest one."""
    groups: dict[str, list[int]] = {}
    for chunk, rank in zip(chunks, ranks, strict=True):
        groups.setdefault(chunk.meta.get("action_id") or f"#{rank}", []).append(rank)
    dates = {rank: chunk.date or "" for chunk, rank in zip(chunks, ranks, strict=True)}
    order: list[int] = []
    newer: dict[int, int] = {}
    for group in groups.values():
        group = sorted(group, key=lambda r: dates[r], reverse=True)
        order += group
        newer.update({r: group[0] for r in group[1:] if dates[r] != dates[group[0]]})
    return order, newer


def source_label(chunk: Chunk) -> str:
    """ "Minute 448, Cabinet, 20 October 2020" — what a reader needs to place a quote."""
    bits = [chunk.locator]
    if chunk.body and chunk.body not in chunk.locator:
        bits.append(chunk.body)
    if chunk.date:
        bits.append(format_date(chunk.date))
    return ", ".join(b for b in bits if b)


def answer(
    question: str,
    retrieve: Callable[[str], list[Hit]],
    embedder: Embedder,
    glossary: Glossary,
    options: AnswerOptions | None = None,
    retrieval_query: str | None = None,
) -> Answer:
    """Answer ``question`` from the passages ``retrieve`` finds for ``retrieval_query``
    (the question itself unless a conversation supplies more)."""
    options = options or AnswerOptions()
    parts = question_parts(question)
    hits = _merged_hits(retrieve, retrieval_query or question, parts, options.passages)
    units = passage_units(hits)
    if not units:
        return Answer(ABSTAIN_MESSAGE, [], glossary.find_in(question), True, hits[:3])
    # a sentence is judged with its section heading, which often says what it is about
    framed = [_with_heading(u, hits[u.hit_rank].chunk) for u in units]
    vectors = embedder.embed([*parts, *framed])
    unit_vectors = vectors[len(parts) :]
    scores_by_part = []
    for n, part in enumerate(parts):
        words = content_words(part) | content_words(" ".join(glossary.expansions(part)))
        similarities = unit_vectors @ vectors[n]
        ranks = [u.hit_rank for u in units]
        scores_by_part.append(score_units(framed, similarities, words, len(hits), ranks))
    if max(max(scores) for scores in scores_by_part) < options.min_score:
        return Answer(ABSTAIN_MESSAGE, [], glossary.find_in(question), True, hits[:3])
    chosen = select_units(units, scores_by_part, options)
    text, citations = compose(chosen, hits)
    cited_text = " ".join(c.quote for c in citations)
    notes = glossary.find_in(f"{question}\n{cited_text}")
    return Answer(text, citations, notes, False, passages=hits)


def _with_heading(unit: Unit, chunk: Chunk) -> str:
    heading = chunk.section.strip()
    return f"{heading}: {unit.text}" if heading and heading not in unit.text else unit.text


def _merged_hits(
    retrieve: Callable[[str], list[Hit]], query: str, parts: list[str], limit: int
) -> list[Hit]:
    """Passages for the whole question, then the best few for each of its parts."""
    hits = list(retrieve(query)[:limit])
    if len(parts) > 1:
        seen = {h.chunk.chunk_id for h in hits}
        for part in parts:
            for hit in retrieve(part)[:3]:
                if hit.chunk.chunk_id not in seen:
                    seen.add(hit.chunk.chunk_id)
                    hits.append(hit)
    return hits


_CITATION = re.compile(r"\[(\d{1,3})\]")


def cited_numbers(text: str, citation_count: int) -> list[int]:
    """The [n] markers in ``text`` that point at a citation (1..count), in order, each once."""
    seen: list[int] = []
    for match in _CITATION.finditer(text):
        n = int(match.group(1))
        if 1 <= n <= citation_count and n not in seen:
            seen.append(n)
    return seen
