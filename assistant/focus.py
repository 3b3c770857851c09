"""Long quotes cut to what the question is about (pure text logic).

An action row carries its description, lead, partners, dates, status and a paragraph of
update notes; a minute's RESOLVED block can hold a dozen resolutions (one council's disposal
of land minute runs to 3,700 words). Quoted whole, the fact asked for is lost in them. A
quote longer than a glance keeps the pieces (fields, resolutions, sentences) the question
is about, in their order, and marks what it leaves out with " … ".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.units import line_units

# A quote up to this many words is kept whole; a longer one keeps its most relevant pieces up
# to this many. Half the councils' answers were already under 73 words in all.
QUOTE_WORDS = 60


@dataclass(frozen=True)
class Piece:
    """A sentence of a quote, and the part it belongs to (a row's field, one resolution):
    sentences of one part are joined by a space, parts by "; "."""

    text: str
    part: int


def focused(
    pieces: Sequence[Piece], relevance: Callable[[str], float], limit: int = QUOTE_WORDS
) -> str:
    """The pieces as one quote: whole when at most ``limit`` words; otherwise the most
    relevant ones up to ``limit`` words, in their order. The best is kept whatever its
    length (a resolution cut short may lose the sum it resolves), the others only when they
    share something with the question."""
    if not pieces:
        return ""
    sizes = [len(p.text.split()) for p in pieces]
    if sum(sizes) <= limit:
        return _joined(pieces, list(range(len(pieces))))
    scores = [relevance(p.text) for p in pieces]
    order = sorted(range(len(pieces)), key=lambda i: (-scores[i], i))
    kept = [order[0]]
    used = sizes[order[0]]
    for i in order[1:]:
        if scores[i] > 0 and used + sizes[i] <= limit:
            kept.append(i)
            used += sizes[i]
    # a piece that ends with a colon is said by the one after it ("Date of the next meeting:")
    kept += [i + 1 for i in kept if pieces[i].text.endswith(":") and i + 1 < len(pieces)]
    return _joined(pieces, sorted(set(kept)))


def _joined(pieces: Sequence[Piece], kept: list[int]) -> str:
    text = pieces[kept[0]].text
    for before, i in zip(kept, kept[1:], strict=False):
        if i != before + 1:
            separator = " … "
        elif pieces[i].part == pieces[before].part:
            separator = " "
        else:
            separator = "; "
        text += separator + pieces[i].text
    return text


def sentences_of(parts: Sequence[str]) -> list[Piece]:
    """The sentences of each part (a row's fields, a minute's resolutions); a field's label
    ("Lead:") stays with its value."""
    return [Piece(sentence, n) for n, part in enumerate(parts) for sentence in line_units(part)]
