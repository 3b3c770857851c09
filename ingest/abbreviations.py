"""Abbreviations a document defines ("greenhouse gas (GHG)"), so that a passage that only says
"GHG" is found by a question that says "greenhouse gas", and the other way round (pure logic).

The long form is found as Schwartz and Hearst do ("A simple algorithm for identifying
abbreviation definitions in biomedical text", 2003): the shortest run of words before the
parenthesis in which the abbreviation's letters appear in order, its first letter opening a word.
"""

from __future__ import annotations

import re

# "(GHG)", "(SuDS)", "(EVs)", "(CO2)": one word of 2-10 letters and digits with a capital
_DEFINED = re.compile(r"\(([A-Za-z][A-Za-z0-9&/-]{1,9})\)")
_WORD = re.compile(r"[\w'’&/-]+")
MAX_PER_PASSAGE = 6  # expansions added to one passage's context, at most


def _short_form(candidate: str) -> str | None:
    """The abbreviation a bracketed word defines: two capitals at least ("SuDS", "CO2"), a
    plural's "s" dropped; None for "(see)", "(2020)", "(a)"."""
    if candidate.endswith("s") and candidate[:-1].isupper() and len(candidate) > 2:
        candidate = candidate[:-1]  # "EVs" defines "EV"
    letters = sum(c.isalpha() for c in candidate)
    capitals = sum(c.isupper() for c in candidate)
    return candidate if letters >= 2 and capitals >= 2 else None


def long_form(short: str, before: str) -> str | None:
    """The words at the end of ``before`` that ``short`` abbreviates, or None."""
    words = _WORD.findall(before)[-min(len(short) + 5, 2 * len(short)) :]
    text = " ".join(words)
    s, i = len(short) - 1, len(text) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != char or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    found = text[text.rfind(" ", 0, i + 1) + 1 :]
    if len(found.split()) < 2 and len(found) <= len(short) + 1:
        return None  # "CO2 (CO2)", or letters taken from one short word
    return found if found.lower() != short.lower() else None


def definitions(text: str) -> dict[str, str]:
    """Abbreviation -> long form, for each abbreviation ``text`` defines in brackets after
    its long form; the first definition wins."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        short = _short_form(match.group(1))
        if short is None or short in found:
            continue
        sentence_start = max(
            text.rfind(". ", 0, match.start()), text.rfind("\n\n", 0, match.start())
        )
        before = text[sentence_start + 1 : match.start()]
        expansion = long_form(short, before)
        if expansion:
            found[short] = expansion
    return found


# "What does CRSTS stand for?", "What is SuDS short for?", "What does the abbreviation LTDP
# mean?": the question asks for an abbreviation's long form
_STANDS_FOR = re.compile(
    r"^\s*what\s+(?:does|do|is|are)\s+(?:the\s+)?(?:abbreviation\s+|acronym\s+|initials\s+)?"
    r"[\"'‘“]?([A-Za-z][A-Za-z0-9&/-]{1,9})[\"'’”]?\s+(?:stand\s+for|short\s+for|mean|"
    r"an?\s+abbreviation\s+for)\b",
    re.IGNORECASE,
)


def asked_abbreviation(question: str) -> str | None:
    """The abbreviation whose long form ``question`` asks for ("CRSTS" in "What does CRSTS
    stand for?"), or None; "What does net zero mean?" asks for no abbreviation."""
    match = _STANDS_FOR.match(question)
    return _short_form(match.group(1)) if match else None


# An abbreviation used (either way) in more of a document's passages than this is what the
# document is about ("LAEP" in a Local Area Energy Plan case study): spelt out in every
# passage it would make them all match it alike, so it is left as the passages have it.
MAX_SHARE = 0.5


_TOKEN = re.compile(r"\w+")


class _Passage:
    """A passage's text as the checks below read it: lower-cased, and its words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self.words = frozenset(_TOKEN.findall(text))


def _uses(passage: _Passage, short: str, long: str) -> tuple[bool, bool]:
    if short.isalnum():  # a word of its own, as "\bGHGs?\b" finds it, without a search
        uses_short = short in passage.words or f"{short}s" in passage.words
    else:
        uses_short = re.search(rf"\b{re.escape(short)}s?\b", passage.text) is not None
    uses_long = long.lower().rstrip("s") in passage.lowered  # "electric vehicle(s)"
    return uses_short, uses_long


def _expansions(passage: _Passage, defined: dict[str, str]) -> list[str]:
    notes = []
    for short, long in defined.items():
        uses_short, uses_long = _uses(passage, short, long)
        if uses_short != uses_long:
            notes.append(f"{short}: {long}")
        if len(notes) == MAX_PER_PASSAGE:
            break
    return notes


def expansions_for(text: str, defined: dict[str, str]) -> list[str]:
    """ "GHG: greenhouse gas" for each defined abbreviation ``text`` uses without its long
    form, and for each long form it uses without the abbreviation."""
    return _expansions(_Passage(text), defined)


def long_forms_for(text: str, defined: dict[str, str]) -> list[str]:
    """ "GHG: greenhouse gas" for each defined abbreviation ``text`` uses without its long
    form: what a reader (or the model) who does not know the abbreviation is missing."""
    passage = _Passage(text)
    used = [(s, long) for s, long in defined.items() if _uses(passage, s, long) == (True, False)]
    return [f"{short}: {long}" for short, long in used][:MAX_PER_PASSAGE]


# one note of a passage's context: "GHG: greenhouse gas", as ``passage_expansions`` writes them
_NOTE = re.compile(r"(?:^|; )([A-Za-z][A-Za-z0-9&/-]{1,9}): ([^;\n]+)")


def noted_definitions(context: str) -> dict[str, str]:
    """The abbreviations a passage's context spells out (the notes ``passage_expansions``
    adds, on its last line), as ``definitions`` gives them."""
    last = context.rstrip().rpartition("\n")[2]
    return {
        short: long.strip()
        for short, long in _NOTE.findall(last)
        if _short_form(short) == short and long_form(short, long) is not None
    }


def passage_expansions(texts: list[str], defined: dict[str, str]) -> list[list[str]]:
    """``expansions_for`` each of a document's passages, leaving out the abbreviations that
    more than MAX_SHARE of them use."""
    passages = [_Passage(t) for t in texts]
    common = {
        short
        for short, long in defined.items()
        if sum(any(_uses(p, short, long)) for p in passages) > MAX_SHARE * len(passages)
    }
    kept = {short: long for short, long in defined.items() if short not in common}
    return [_expansions(p, kept) for p in passages]
