"""Answers read from the records rather than picked from passages: "which actions does the
Carbon Reduction Team lead that end by March 2026?" is a question about table columns, which
no ranking of passages answers well, and "what did Cabinet decide about X?" is answered by the
minute's resolutions, not the discussion before them. Each answer cites the rows or the
RESOLVED passage it comes from."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer import (
    Answer,
    Citation,
    QuestionTerms,
    asked_parts,
    content_words,
    covers_years,
    piece_relevance,
    word_overlap,
)
from assistant.answer_kind import answer_kind, states_kind
from assistant.coverage import Corpus
from assistant.focus import focused, sentences_of
from assistant.glossary import Glossary
from assistant.records import ActionQuery, ActionResult, RecordBook, decision_text
from index.search import Hit
from ingest.decision_wording import decision_match
from ingest.metadata import format_date, parse_date
from ingest.model import Chunk
from ingest.records import DecisionRecord

MAX_LISTED = 12
_RESOLVED_LABEL = re.compile(r"\bRESOLVED\b")
# A decision is answered with one quote, so the answer, its label and the quote together, may
# use most of what an answer should reach (150 words: nine in ten answers under 160); a longer
# RESOLVED block keeps the resolutions the question is about.
DECISION_WORDS = 150
_LED_BY = re.compile(
    r"\b(?:led|run|owned|delivered)\s+by\s+(?:the\s+)?(?P<a>[A-Z][\w&\- ]*)"
    r"|\b(?:does|do|did|will)\s+(?:the\s+)?(?P<b>[A-Za-z][\w&\- ]*?)\s+lead\b",
)
_LEAD_END = re.compile(r"\s+(?:team|that|which|and|with|end|ending|due|in|on|for)\b.*$", re.I)
_ENDS_BY = re.compile(r"\b(?:end|ends|ending|finish|finishes|due|complete[sd]?)\s+(?:by|before)\s+"
                      r"(?P<when>(?:[A-Z][a-z]+\s+)?\d{4})", re.I)  # fmt: skip
_ASKS_FOR_ACTIONS = re.compile(r"\b(?:which|what|list|show)\b.*\bactions?\b", re.I)


def action_query(question: str) -> ActionQuery | None:
    """The records query a question asks for, when it asks which actions a team leads."""
    if not _ASKS_FOR_ACTIONS.search(question):
        return None
    match = _LED_BY.search(question)
    if not match:
        return None
    lead = (match.group("a") or match.group("b") or "").strip()
    team = re.search(r"^(.*?\bteam)\b", lead, re.I)
    lead = team.group(1) if team else _LEAD_END.sub("", lead)
    if not lead:
        return None
    ends = _ENDS_BY.search(question)
    ends_before = parse_date(ends.group("when")) or ends.group("when") if ends else None
    return ActionQuery(lead=lead, ends_before=ends_before)


def answer_from_records(
    question: str,
    book: RecordBook,
    chunks: Sequence[Chunk],
    glossary: Glossary,
) -> Answer | None:
    """The actions the question asks for, listed and cited; None when it asks for none or
    the records hold none that match (the passages may still answer it)."""
    query = action_query(question)
    if query is None:
        return None
    found = book.find_actions(query)
    if not found:
        return None
    rows = _row_chunks(chunks)
    lines = [_heading(query, len(found))]
    citations: list[Citation] = []
    for result in found[:MAX_LISTED]:
        markers = ""
        for version in result.history or [result.record]:  # each version's row is cited
            chunk = rows.get((version.doc_id, version.action_id, version.plan))
            if chunk is not None:
                citations.append(
                    Citation(len(citations) + 1, chunk, chunk.text.replace("\n", "; "))
                )
                markers += f"[{len(citations)}]"
        if markers:
            lines.append(f"- {_describe(result)} {markers}")
    if not citations:
        return None
    if len(found) > MAX_LISTED:
        lines.append(f"…and {len(found) - MAX_LISTED} more: GET /actions lists them all.")
    notes = glossary.find_in(question)
    return Answer("\n".join(lines), citations, notes, False, mode="records")


def _heading(query: ActionQuery, count: int) -> str:
    ends = f" ending by {format_date(query.ends_before)}" if query.ends_before else ""
    return f"Actions led by {query.lead}{ends} ({count} found in the action plans):"


def _describe(result: ActionResult) -> str:
    record = result.record
    lead = next((v.lead for v in [record, *result.history] if v.lead), "")
    end = next((v.end for v in [record, *result.history] if v.end), "")
    stage = next((v.stage for v in [record, *result.history] if v.stage), "")
    details = "; ".join(
        p for p in (f"lead: {lead}" if lead else "", f"ends: {end}" if end else "",
                    f"stage: {stage}" if stage else "") if p
    )  # fmt: skip
    return f"{record.locator}: {record.action}" + (f" ({details})" if details else "")


def _row_chunks(chunks: Sequence[Chunk]) -> dict[tuple[str, str, str], Chunk]:
    rows: dict[tuple[str, str, str], Chunk] = {}
    for chunk in chunks:
        action_id = chunk.meta.get("action_id")
        if action_id:
            key = (chunk.doc_id, action_id, chunk.meta.get("plan") or chunk.title)
            rows.setdefault(key, chunk)
    return rows


# "what did Cabinet decide", "was it approved", "was the ordinance adopted"; not "no approved
# business case", "the agreed approach", "the adopted plan" (a decision word after a
# determiner describes a thing). Not "how did the vote go": a vote on an amendment is in the
# discussion, not in what the minute resolved.
_ASKS_FOR_DECISION = re.compile(
    r"\bdecisions?\b|(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bno\s)(?<!\bany\s)"
    r"(?<!\bits\s)(?<!\btheir\s)\b(?:decid\w*|resol\w*|agree\w*|approv\w*|adopted)\b",
    re.IGNORECASE,
)


def asks_for_decision(question: str) -> bool:
    """Whether the question asks what was decided (see _ASKS_FOR_DECISION)."""
    return bool(_ASKS_FOR_DECISION.search(question))


_DECISION_WORDS = {"cabinet", "committe", "council", "decid", "decis", "resolv", "agre", "approv"}


def answer_from_decision(
    question: str,
    hits: Sequence[Hit],
    book: RecordBook,
    chunks: Sequence[Chunk],
    glossary: Glossary,
    corpus: Corpus | None = None,
) -> Answer | None:
    """What a minute among the passages resolved, quoted item by item from its RESOLVED
    block, when the question asks what was decided; None otherwise. With ``corpus``, the
    question's rarer words count for more in choosing the minute."""
    if not asks_for_decision(question):
        return None
    terms = QuestionTerms.of(question, glossary, corpus)
    topic = QuestionTerms(terms.words - _DECISION_WORDS, terms.synonyms, terms.weights)
    found = _decision_about(topic, [h.chunk for h in hits], book)
    if found is None or not covers_years(question, [found[1]]):
        return None
    record, minute = found
    resolved = next(
        (
            c
            for c in chunks
            if c.doc_id == record.doc_id
            and c.meta.get("minute_number") == record.minute_number
            and "RESOLVED" in c.text.upper()
        ),
        minute,
    )
    about = piece_relevance(topic, answer_kind(question))

    def relevance(text: str) -> float:  # among sentences as near, the one that decides
        return about(text) + (0.25 if decision_match(text) else 0.0)

    resolutions = sentences_of([_item_text(item) for item in record.resolutions])
    key = " (key decision)" if record.key_decision else ""
    # the minute's own label, where it has one: Bristol's "It was APPROVED that;" and a
    # parish's "it was resolved to" are quoted as they stand
    said = "RESOLVED: " if _RESOLVED_LABEL.search(resolved.text) else ""
    lead = f"{record.citation()}, {record.title}{key}:"
    items = focused(resolutions, relevance, DECISION_WORDS - len(lead.split()) - 1)
    # "… and what do they cost?": a resolution that gives no cost leaves the passages to say
    if not all(states_kind(items, k) for k in map(answer_kind, asked_parts(question))):
        return None
    text = f"{lead} {said}{items} [1]"
    citation = Citation(1, resolved, f"{said}{items}")
    notes = glossary.find_in(f"{question}\n{items}")
    return Answer(text, [citation], notes, False, mode="records")


def _decision_about(
    topic: QuestionTerms, passages: Sequence[Chunk], book: RecordBook
) -> tuple[DecisionRecord, Chunk] | None:
    """The decision, with its passage, that says most about the question's topic among the
    minutes the passages come from (the nearer passage on a tie), if it says enough: the
    topic's rarest word and a third of its weighted words, in its title or what it resolved.
    The meeting body's own name ("Milburn Parish Council") tells none of its minutes apart
    and is not counted."""
    best: tuple[float, DecisionRecord, Chunk] | None = None
    for chunk in passages:
        number = chunk.meta.get("minute_number")
        if not number:
            continue
        for record in book.decisions:  # a minute's lettered parts ("VII.A", "VII.B") are records
            if record.doc_id != chunk.doc_id or record.minute_number != number:
                continue
            if not record.resolutions:
                continue
            found = _said_about(topic, record)
            if found is not None and (best is None or found > best[0]):
                best = (found, record, chunk)
    return (best[1], best[2]) if best else None


def _said_about(topic: QuestionTerms, record: DecisionRecord) -> float | None:
    """How much of the topic a decision's title and resolutions say (a share of its weighted
    words), when they say its rarest word and a third of it; None otherwise."""
    words = topic.words - content_words(record.body)
    about = QuestionTerms(words, topic.synonyms, topic.weights)
    text = f"{record.title} {decision_text(record)}"
    if not _rarest(about) & content_words(text):
        return None
    overlap = word_overlap(about, text)
    return overlap if overlap >= 1 / 3 else None


def _rarest(terms: QuestionTerms) -> frozenset[str]:
    """The words that weigh most among the terms' words (all of them when none is rarer)."""
    heaviest = max((terms.weight(w) for w in terms.words), default=0.0)
    return frozenset(w for w in terms.words if terms.weight(w) == heaviest)


def _item_text(item) -> str:
    label = f"{item.label}) " if item.label else ""
    subs = " ".join(f"{s.label}. {s.text};" for s in item.sub_items)
    return f"{label}{item.text} {subs}".strip().rstrip(";")
