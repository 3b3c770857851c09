"""Extractive answers: the sentences of the best passages that answer the question, cited.

No language model: every word of an answer is quoted from a passage, and each quoted part
carries the number of the citation it comes from. When no passage says enough, the answer
abstains and offers the nearest passages instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answer_kind import (
    Expansion,
    Kind,
    answer_kind,
    not_stated_message,
    not_sure_message,
    plain_fact,
    states_kind,
)
from assistant.conversation import refers_back
from assistant.coverage import Corpus, missing_names
from assistant.focus import focused, sentences_of
from assistant.glossary import Glossary, GlossaryEntry
from assistant.records import same_action, similarity
from index.lexical import analyse, question_words
from index.search import Hit
from index.unit_vectors import SentenceVectors
from ingest.abbreviations import expansions_for, noted_definitions
from ingest.decision_wording import decision_match
from ingest.metadata import format_date
from ingest.model import Chunk
from ingest.tokens import LIST_MARKER
from ingest.units import chunk_units, framed, is_row

ABSTAIN_MESSAGE = "I couldn't find this in the documents searched."


@dataclass(frozen=True)
class AnswerOptions:
    passages: int = 8  # passages read for sentences
    max_sentences: int = 3
    max_citations: int = 3
    keep_ratio: float = 0.85  # further sentences must score this share of the best one
    # Abstain when the best sentence scores below this (meaning, shared words and passage
    # rank blended; see score_units). Chosen on half the councils' questions with and
    # without answers, checked on the other half (`make answer-threshold`, BENCHMARKS.md).
    min_score: float = 0.52
    # A sentence that states no fact of the kind asked for ("how much" and no amount) counts
    # for this share of its score.
    off_kind_factor: float = 0.8
    # A sentence's score: its meaning's nearness to the question's, the share of the
    # question's words it has and its passage's rank, weighed so (`make sentence-weights`).
    score_weights: tuple[float, float, float] = (0.5, 0.3, 0.2)


@dataclass
class Citation:
    n: int
    chunk: Chunk
    quote: str

    @property
    def url(self) -> str:
        return passage_url(self.chunk)


def passage_url(chunk: Chunk) -> str:
    """Where the HTTP service serves the passage's document, at its page where it has one."""
    page = f"#page={chunk.page_start}" if chunk.page_start else ""
    return f"/documents/{chunk.doc_id}/file{page}"


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
    score: float = 0.0  # the best sentence's score, which decides abstention


@dataclass(frozen=True)
class Unit:
    """A sentence (or a "column: value" line) of a retrieved passage."""

    hit_rank: int
    position: int
    text: str


def passage_units(hits: Sequence[Hit]) -> list[Unit]:
    """The quotable units of each passage (see ``chunk_units``), in rank order."""
    return [
        Unit(rank, position, text)
        for rank, hit in enumerate(hits)
        for position, text in enumerate(chunk_units(hit.chunk))
    ]


_PART_BREAK = re.compile(
    r",?\s+and\s+(?=(?:by\s+)?(?:what|who|whom|when|where|which|why|how|is|are|was|were|did|does|do)\b)",
    re.IGNORECASE,
)


def asked_parts(question: str) -> list[str]:
    """ "How many homes, and when did the county object?" -> the two questions it asks, each
    in its own words."""
    parts = [p.strip(" ,?") for p in _PART_BREAK.split(question)]
    parts = [p for p in parts if len(p.split()) >= 2]
    return parts if len(parts) >= 2 else [question]


def question_parts(question: str) -> list[str]:
    """The questions ``question`` asks (see ``asked_parts``), as they are searched and judged:
    a part that refers back ("and who leads it?") or names nothing ("and by when?", "and how
    much did the council contribute?") keeps the part before it."""
    parts = asked_parts(question)
    if len(parts) < 2:
        return parts
    return [parts[0]] + [
        f"{before} {part}" if refers_back(part) or names_nothing(part) else part
        for before, part in zip(parts, parts[1:], strict=False)
    ]


def names_nothing(part: str) -> bool:
    """Whether a part of a question is too short to stand alone or names nothing of its own:
    no name, no figure ("how many responses came in"; not "what will a Band D home pay")."""
    words = part.split()
    named = any(w[:1].isupper() or any(c.isdigit() for c in w) for w in words[1:])
    return len(words) < 3 or not named


def content_words(text: str) -> set[str]:
    return set(question_words(text))


@dataclass(frozen=True)
class QuestionTerms:
    """The content words of a question, each with its weight (rarer words weigh more: a
    scheme's name says more about a passage than "council" does), and for each glossary term
    it uses, the words of the names it used and those of each of its other names ("HVO" and
    "hydrotreated vegetable oil")."""

    words: frozenset[str]
    synonyms: tuple[tuple[frozenset[str], tuple[frozenset[str], ...]], ...] = ()
    weights: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(
        cls, question: str, glossary: Glossary | None = None, corpus: Corpus | None = None
    ) -> QuestionTerms:
        synonyms = []
        for used, others in glossary.other_names(question) if glossary else []:
            used_words = frozenset(content_words(" ".join(used)))
            names = {frozenset(content_words(name)) for name in others}
            synonyms.append((used_words, tuple(n for n in names if n and not n <= used_words)))
        words = frozenset(content_words(question))
        weights = (
            tuple((w, word_weight(corpus.share_of_passages(w))) for w in words) if corpus else ()
        )
        return cls(words, tuple(synonyms), weights)

    def weight(self, word: str) -> float:
        return dict(self.weights).get(word, 1.0)


# How much rarity adds to a question word's weight: 1 + RARITY_WEIGHT * ln(1 / share of
# passages using it), so 1.3 for a word in a third of them, 2.6 for one in 1 in 500. At 0.25
# citation accuracy rose on the councils' questions (0.645 -> 0.658) and held on the
# development ones (0.933); at 0.5 and 1 the councils gained as much or more but the
# development questions lost (0.900), so the smaller step was kept.
RARITY_WEIGHT = 0.25


def word_weight(share: float) -> float:
    """How much a question word counts, from the share of passages that use it; a word no
    passage uses counts 1."""
    return 1 + RARITY_WEIGHT * math.log(1 / share) if share > 0 else 1.0


def word_overlap(terms: QuestionTerms, text: str) -> float:
    """Weighted share of the question's content words that ``text`` contains; a glossary
    term the text calls by another of its names counts as found whole ("heat networks" in a
    text that says "district heating": "heat" and "network" both)."""
    if not terms.words:
        return 0.0
    words = content_words(text)
    total = sum(terms.weight(w) for w in terms.words)
    found = sum(terms.weight(w) for w in terms.words & words)
    for used, names in terms.synonyms:
        if any(name <= words for name in names):
            found += sum(terms.weight(w) for w in (used & terms.words) - words)
    return min(1.0, found / total)


def score_units(
    texts: Sequence[str],
    similarities: np.ndarray,
    terms: QuestionTerms,
    passage_count: int,
    ranks: Sequence[int] | None = None,
    weights: tuple[float, float, float] = AnswerOptions.score_weights,
) -> list[float]:
    """Meaning, shared words and the passage's rank, blended by ``weights``, for each unit's
    text."""
    ranks = ranks if ranks is not None else [0] * len(texts)
    meaning_weight, words_weight, rank_weight = weights
    scores = []
    for text, meaning, rank in zip(texts, similarities, ranks, strict=True):
        overlap = word_overlap(terms, text)
        prior = 1.0 - rank / max(passage_count, 1)
        scores.append(
            meaning_weight * float(meaning) + words_weight * overlap + rank_weight * prior
        )
    return scores


def select_units(
    units: Sequence[Unit],
    scores_by_part: Sequence[Sequence[float]],
    options: AnswerOptions,
) -> list[Unit]:
    """The best unit for each part of the question, then others close to the best in score,
    from few passages and at most two of each (three for a two-part question), without
    repeats; a unit that opens a list (ends with ":") brings the items that follow it, a short
    sentence after a chosen one completes it, the sentence after it that records a decision
    gives its outcome, and a list item is quoted from its first sentence as far as it stays
    short."""
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
        per_passage = [units[c].hit_rank for c in chosen].count(unit.hit_rank)
        if not is_first and per_passage >= 1 + len(firsts):
            continue  # a third sentence of one passage (a fourth for two parts) gives way
        if any(_near_duplicate(unit.text, units[c].text) for c in chosen):
            continue
        chosen.append(i)
        passages.add(unit.hit_rank)
    chosen += _list_items(units, chosen)
    chosen += _followers(units, chosen, _completes)
    chosen += _followers(units, chosen, _records_outcome)
    chosen += _item_rests(units, chosen)
    return sorted((units[i] for i in set(chosen)), key=lambda u: (u.hit_rank, u.position))


def with_stated_facts(
    units: Sequence[Unit], chosen: Sequence[Unit], stating: Sequence[bool]
) -> list[Unit]:
    """The chosen units, each that does not state the fact asked for followed by the next
    sentence of its passage when that one does ("The consultation is still open. It closes
    on 15th February.")."""
    at = {(u.hit_rank, u.position): n for n, u in enumerate(units)}
    out = list(chosen)
    for unit in chosen:
        n = at[(unit.hit_rank, unit.position)]
        following = n + 1
        if stating[n] or following >= len(units) or units[following].hit_rank != unit.hit_rank:
            continue
        if stating[following] and units[following] not in out:
            out.append(units[following])
    return sorted(out, key=lambda u: (u.hit_rank, u.position))


def _list_items(units: Sequence[Unit], chosen: list[int], limit: int = 4) -> list[int]:
    extra = []
    for i in chosen:
        if units[i].text.rstrip().endswith(":"):
            following = range(i + 1, min(len(units), i + 1 + limit))
            extra += [j for j in following if units[j].hit_rank == units[i].hit_rank]
    return extra


SHORT_COMPLETION = 5  # words
_DIGIT = re.compile(r"\d")


def _followers(
    units: Sequence[Unit], chosen: list[int], follows: Callable[[str, str], bool]
) -> list[int]:
    """The sentence after each chosen one in its passage, not chosen itself, that ``follows``
    accepts (given the chosen sentence's text and its own)."""
    return [
        i + 1
        for i in chosen
        if i + 1 < len(units)
        and i + 1 not in chosen
        and units[i + 1].hit_rank == units[i].hit_rank
        and follows(units[i].text, units[i + 1].text)
    ]


def _completes(_before: str, text: str) -> bool:
    """A short plain sentence completes the one before it ("No reply had been received.
    Clerk to follow up.", "… be approved. Agreed."); one with a figure is more likely a
    heading or a list's next number ("Policy 8: Strategy 8F.")."""
    text = text.strip()
    return len(text.split()) <= SHORT_COMPLETION and text.endswith(".") and not _DIGIT.search(text)


def _records_outcome(before: str, text: str) -> bool:
    """The sentence records what was decided on the one before it ("Cllr Davies gave details
    of a notice board from Centaframe. It was proposed … and unanimously agreed to purchase
    from Centaframe as this represented better value.")."""
    return bool(decision_match(text)) and not decision_match(before)


SHORT_ITEM = 40  # words


def _opens_item(text: str) -> bool:
    """Whether a sentence opens a list item: by a list marker ("(e) ", "a) ", "3. ", "• "; not
    "3.5 million")."""
    return bool(LIST_MARKER.match(text.lstrip()))


def _item_rests(units: Sequence[Unit], chosen: list[int]) -> list[int]:
    """The rest of a list item whose first sentence is chosen, as far as it stays short ("•
    Not all the play equipment has been returned. The swing is still missing. LRMcC to
    enquire."; "• Thanks were given for the pledges to support legal advice. The £5,000 target
    had been reached." without the long sentence after it)."""
    extra = []
    for i in chosen:
        if not _opens_item(units[i].text):
            continue
        words = len(units[i].text.split())
        j = i + 1
        while (
            j < len(units)
            and units[j].hit_rank == units[i].hit_rank
            and not _opens_item(units[j].text)
        ):
            words += len(units[j].text.split())
            if words > SHORT_ITEM:
                break
            if j not in chosen:
                extra.append(j)
            j += 1
    return extra


def _near_duplicate(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.8


def compose(units: Sequence[Unit], hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
    """Answer text with [n] after each quoted part, and the citations in order of use; where
    two versions of one action are quoted (a plan and its later update), the newer leads and
    the older is marked as superseded."""
    by_passage: dict[int, list[Unit]] = {}
    for unit in units:
        by_passage.setdefault(unit.hit_rank, []).append(unit)
    quotes = {rank: _quoted(chosen) for rank, chosen in by_passage.items()}
    order, newer = newest_first([hits[rank].chunk for rank in quotes], list(quotes))
    numbers = {rank: n for n, rank in enumerate(order, start=1)}
    parts = []
    previous: Chunk | None = None
    for rank in order:
        label = source_label(hits[rank].chunk, previous)
        previous = hits[rank].chunk
        if rank in newer:
            label += f" (earlier version, superseded by [{numbers[newer[rank]]}])"
        parts.append(f"{label}: {quotes[rank]} [{numbers[rank]}]")
    citations = [Citation(numbers[r], hits[r].chunk, quotes[r]) for r in order]
    return "\n".join(parts), citations


def _quoted(units: Sequence[Unit]) -> str:
    """One passage's chosen units as quoted: sentences that follow one another in the passage
    as they stand, with " … " where the quote skips some."""
    text = units[0].text
    for before, unit in zip(units, units[1:], strict=False):
        text += (" " if unit.position == before.position + 1 else " … ") + unit.text
    return text


def newest_first(chunks: Sequence[Chunk], ranks: list[int]) -> tuple[list[int], dict[int, int]]:
    """``ranks`` reordered so that versions of the same action (one ID and much the same
    wording, or nearly the same wording under a new ID) run newest first, undated counting as
    oldest, and for each older version the rank of the newest one."""
    groups: list[list[int]] = []
    firsts: list[Chunk] = []
    for chunk, rank in zip(chunks, ranks, strict=True):
        for group, first in zip(groups, firsts, strict=True):
            if _versions_of_one_action(chunk, first):
                group.append(rank)
                break
        else:
            groups.append([rank])
            firsts.append(chunk)
    dates = {rank: chunk.date or "" for chunk, rank in zip(chunks, ranks, strict=True)}
    order: list[int] = []
    newer: dict[int, int] = {}
    for group in groups:
        group = sorted(group, key=lambda r: dates[r], reverse=True)
        order += group
        newer.update({r: group[0] for r in group[1:] if dates[r] != dates[group[0]]})
    return order, newer


def _versions_of_one_action(a: Chunk, b: Chunk) -> bool:
    id_a, id_b = a.meta.get("action_id"), b.meta.get("action_id")
    if not id_a or not id_b or _plan(a) == _plan(b):
        return False
    return same_action(id_a, id_b, similarity(set(analyse(a.text)), set(analyse(b.text))))


def _plan(chunk: Chunk) -> str:
    return chunk.meta.get("plan") or chunk.title


def document_name(chunk: Chunk) -> str:
    """What names the passage's document: its title and the body it comes from."""
    return f"{chunk.title} {chunk.body or ''}"


def spelt_out(text: str, defined: dict[str, str]) -> str:
    """The other form of each abbreviation ``text`` uses that its document defines
    (``defined``, from its passage's notes): "DfT: Department for Transport" for a sentence
    that says "DfT"."""
    return "; ".join(expansions_for(text, defined))


def source_label(chunk: Chunk, previous: Chunk | None = None) -> str:
    """ "Minute 448, Cabinet, 20 October 2020" — what a reader needs to place a quote. After a
    quote from the same document only what differs is named: "para 4" after "Report: Melton
    North Masterplan, para 16, Cabinet, 20 November 2020"."""
    if previous is not None and previous.doc_id == chunk.doc_id:
        different = _after_shared(chunk.locator, previous.locator)
        if different:
            return different
    bits = [chunk.locator]
    if chunk.body and chunk.body not in chunk.locator:
        bits.append(chunk.body)
    date = format_date(chunk.date) if chunk.date else ""
    if date and date not in chunk.locator:  # "Minutes, Milburn Parish Council, 4 May 2021"
        bits.append(date)
    return ", ".join(b for b in bits if b)


def _after_shared(locator: str, earlier: str) -> str:
    """The parts of ``locator`` ("Report: X, para 4") after those it shares with ``earlier``
    ("Report: X, para 16"); nothing when it names the same place."""
    parts, others = locator.split(", "), earlier.split(", ")
    shared = 0
    while shared < min(len(parts), len(others)) and parts[shared] == others[shared]:
        shared += 1
    return ", ".join(parts[shared:])


def answer(
    question: str,
    retrieve: Callable[[str], list[Hit]],
    vectors: SentenceVectors,
    glossary: Glossary,
    options: AnswerOptions | None = None,
    retrieval_query: str | None = None,
    corpus: Corpus | None = None,
) -> Answer:
    """Answer ``question`` from the passages ``retrieve`` finds for ``retrieval_query``
    (the question itself unless a conversation supplies more). Sentences are judged against
    the retrieval query too: "and when was that decided?" means nothing on its own. With
    ``corpus``, an answer whose documents never mention a name the question uses says so
    instead."""
    options = options or AnswerOptions()
    parts = question_parts(retrieval_query or question)
    hits = _merged_hits(retrieve, retrieval_query or question, parts, options.passages)
    units = passage_units(hits)
    aliases = _aliases(glossary)
    named_documents = {hit.chunk.doc_id for hit in hits}  # the documents an answer may cite

    def refused(reason: str = "", score: float = 0.0) -> Answer:
        """No answer, the reason why where there is one, and the nearest passages."""
        message = f"{ABSTAIN_MESSAGE} {reason}" if reason else ABSTAIN_MESSAGE
        nearest = sorted(hits, key=lambda hit: hit.chunk.doc_id not in named_documents)
        return Answer(message, [], glossary.find_in(question), True, nearest[:3], score=score)

    if not units:
        return refused()
    if corpus is not None:  # Broomhill's minutes answer "… the Broomhill meeting?", not Bristol's
        units, missing = naming_units(question, units, hits, corpus, aliases)
        named_documents = {hits[u.hit_rank].chunk.doc_id for u in units}
        if missing:
            return refused(f"The documents searched don't mention {_listed(missing)}.")
    # a sentence is judged with its section heading, which often says what it is about, and
    # with the long forms of the abbreviations it uses that its passage's notes spell out
    defined = [noted_definitions(hit.chunk.context) for hit in hits]
    judged = [framed(u.text, hits[u.hit_rank].chunk, defined[u.hit_rank]) for u in units]
    question_vectors = vectors.question_vectors(parts)
    unit_vectors = _unit_vectors(units, judged, hits, vectors)
    # the words that name a sentence's document (its title, its council) are in every
    # sentence of it: a minutes' heading line does not answer "what did Milburn Parish
    # Council decide" by naming Milburn Parish Council; and a sentence that says "DfT" says
    # "Department for Transport" where its document defines it so
    named = [document_name(hit.chunk) for hit in hits]
    worded = [
        f"{text}\n{named[u.hit_rank]}\n{spelt_out(u.text, defined[u.hit_rank])}"
        for u, text in zip(units, judged, strict=True)
    ]
    scores_by_part = []
    for n, part in enumerate(parts):
        terms = QuestionTerms.of(part, glossary, corpus)
        similarities = unit_vectors @ question_vectors[n]
        ranks = [u.hit_rank for u in units]
        scores_by_part.append(
            score_units(worded, similarities, terms, len(hits), ranks, options.score_weights)
        )
    # a sentence that states no amount does not say how much; each part of the question
    # asks for its own kind of fact ("how long did it run, and how many responses came in?")
    kinds = [answer_kind(part) for part in asked_parts(retrieval_query or question)]
    stating_by_part = [[states_kind(u.text, k) for u in units] for k in kinds]
    scores_by_part = [
        [s if ok else s * options.off_kind_factor for s, ok in zip(scores, stating, strict=True)]
        for scores, stating in zip(scores_by_part, stating_by_part, strict=True)
    ]
    kind = kinds[0] if len(parts) == 1 else None
    stating = stating_by_part[0]
    best = max(max(scores) for scores in scores_by_part)
    if kind and not any(stating):
        return refused(not_stated_message(kind), best)
    # past here a sentence states the fact asked for; one that spells out the very
    # abbreviation asked about answers however few words it shares with "What does … stand
    # for?", and below the threshold other facts are stated, but none surely this one
    if best < options.min_score and not isinstance(kind, Expansion):
        return refused(not_sure_message(kind) if kind else "", best)
    chosen = select_units(units, scores_by_part, options)
    if isinstance(kind, Expansion):  # a sentence that only uses the abbreviation adds nothing
        chosen = [u for u in chosen if states_kind(u.text, kind)] or chosen
    else:  # each part's fact, where the sentence after a chosen one states it
        for part_kind, part_stating in zip(kinds, stating_by_part, strict=True):
            if part_kind:
                chosen = with_stated_facts(units, chosen, part_stating)
    chosen = _rows_focused(chosen, hits, QuestionTerms.of(question, glossary, corpus), kind)
    if not covers_years(question, [hits[u.hit_rank].chunk for u in chosen]):
        return refused(score=best)
    if corpus is not None:  # names the question uses may be found only in different documents
        cited = {hits[u.hit_rank].chunk.doc_id for u in chosen}
        missing = missing_names(question, cited, corpus, aliases)
        if missing:
            return refused(f"The documents searched don't mention {_listed(missing)}.", best)
    # an answer that leaves out a part's fact ("… and by when?") does not answer the question
    for part_kind in kinds:
        if part_kind and not any(states_kind(u.text, part_kind) for u in chosen):
            return refused(not_stated_message(part_kind), best)
    text, citations = compose(chosen, hits)
    text = fact_first(text, citations, kinds)
    cited_text = " ".join(c.quote for c in citations)
    notes = glossary.find_in(f"{question}\n{cited_text}")
    return Answer(text, citations, notes, False, passages=hits, score=best)


def fact_first(text: str, citations: Sequence[Citation], kinds: Sequence[Kind | None]) -> str:
    """The answer led by the facts asked for ("£882k [1]"; "40,000 [1]; 2030 [1]" for "how
    many, and by when?") when, for each kind asked for, the first quote that states a fact of
    that kind states one plainly (``plain_fact``); otherwise as it was: half an answer on top
    would read as the whole of it."""
    leads = []
    for kind in filter(None, kinds):
        stating = next((c for c in citations if states_kind(c.quote, kind)), None)
        fact = plain_fact(stating.quote, kind) if stating else None
        if not fact:
            return text
        leads.append(f"{fact} [{stating.n}]")
    return "; ".join(dict.fromkeys(leads)) + f"\n{text}" if leads else text


def naming_units(
    question: str,
    units: Sequence[Unit],
    hits: Sequence[Hit],
    corpus: Corpus,
    aliases: Callable[[str], Sequence[str]],
) -> tuple[list[Unit], list[str]]:
    """The units whose documents mention the names the question uses (Broxbourne's plan
    answers a question about Broxbourne; Buckinghamshire's beside it does not), all of them
    when no document does, and the names that the documents, all together, never mention."""
    documents = {hits[u.hit_rank].chunk.doc_id for u in units}
    missing = missing_names(question, documents, corpus, aliases)
    naming = {d for d in documents if not missing_names(question, [d], corpus, aliases)}
    if missing or not naming:
        return list(units), missing
    return [u for u in units if hits[u.hit_rank].chunk.doc_id in naming], []


def piece_relevance(terms: QuestionTerms, kind: Kind | None) -> Callable[[str], float]:
    """How much a piece of a long quote is about the question: its share of the question's
    words, and half as much again when it states the kind of fact asked for."""

    def relevance(text: str) -> float:
        return word_overlap(terms, text) + (0.5 if kind and states_kind(text, kind) else 0.0)

    return relevance


def _rows_focused(
    units: Sequence[Unit], hits: Sequence[Hit], terms: QuestionTerms, kind: Kind | None
) -> list[Unit]:
    """The chosen units, a long table row cut to the fields the question is about."""
    relevance = piece_relevance(terms, kind)
    return [
        replace(u, text=focused(sentences_of(u.text.split("; ")), relevance))
        if is_row(hits[u.hit_rank].chunk)
        else u
        for u in units
    ]


def _unit_vectors(
    units: Sequence[Unit], judged: list[str], hits: Sequence[Hit], vectors: SentenceVectors
) -> np.ndarray:
    """One row per unit, from each passage's stored unit vectors."""
    by_rank: dict[int, list[str]] = {}
    for unit, text in zip(units, judged, strict=True):
        by_rank.setdefault(unit.hit_rank, []).append(text)
    return np.vstack([vectors.unit_vectors(hits[r].chunk, texts) for r, texts in by_rank.items()])


def _aliases(glossary: Glossary) -> Callable[[str], list[str]]:
    def names(term: str) -> list[str]:
        entry = glossary.lookup(term)
        return entry.names if entry else []

    return names


def _listed(names: Sequence[str]) -> str:
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def covers_years(question: str, chunks: Sequence[Chunk]) -> bool:
    """Whether the passages can speak for the years the question asks about ("in March
    2022", "the 2050 plan"): one of them is dated in, or names, one of those years in its
    text, title or locator. Passages about other years do not answer a question about this
    one."""
    asked = set(_YEAR.findall(question))
    if not asked:
        return True
    return any(
        year in f"{chunk.locator} {chunk.context} {chunk.text}"
        or (chunk.date or "").startswith(year)
        for chunk in chunks
        for year in asked
    )


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
