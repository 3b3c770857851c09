"""What kind of fact a question asks for, and whether a sentence states one (pure logic).

"How much will the CCTV cost?" wants an amount; "how many vacancies?" a number; "when is it
due back?" a date or period. A sentence on the right topic that states no such thing does
not answer the question, however many of its words it shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.abbreviations import asked_abbreviation, definitions
from ingest.metadata import MONTHS

AMOUNT, RATE, COUNT, NUMBER, DATE = "amount", "rate", "count", "number", "date"


@dataclass(frozen=True)
class Expansion:
    """What "What does CRSTS stand for?" asks for: the long form of ``short``, which only a
    sentence that defines it states ("City Region Sustainable Transport Settlements
    (CRSTS)")."""

    short: str


Kind = str | Expansion

_ASKS = (
    (
        AMOUNT,
        re.compile(
            r"\b(?:what\s+(?:\w+\s+)?(?:price|cost|fee|charge|budget|sum|quote|quotation|"
            r"precept|salary|rent)|cost|price|budget(?:ed)?|pay|money|spend|dollars|pounds|euros|"
            r"set\s+aside)\b",
            re.IGNORECASE,
        ),
    ),
    (COUNT, re.compile(r"\bhow\s+many\b", re.IGNORECASE)),  # of things: £8.2m counts none
    (
        NUMBER,
        re.compile(
            r"\b(?:how\s+much|what\s+(?:percentage|percent|proportion|share|number|figure|rate|"
            r"target|level|rating|minimum|maximum)|what\s+(?:\w+\s+){1,2}(?:percentage|proportion|figure)|"
            r"how\s+(?:far|big|large|long)\s+(?:is|are|will))\b",
            re.IGNORECASE,
        ),
    ),
    (
        DATE,
        re.compile(
            r"\b(?:when|by\s+when|what\s+(?:\w+\s+){0,2}(?:date|year|month|deadline)|by\s+what\s+(?:date|year)|"
            r"how\s+long|until)\b",
            re.IGNORECASE,
        ),
    ),
)

_DESCRIBED = {
    AMOUNT: "an amount",
    RATE: "a rate",
    COUNT: "a number",
    NUMBER: "a figure",
    DATE: "a date",
}

_CURRENCY = re.compile(
    r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:pounds|dollars|euros|pence|p)\b|\b(?:free\s+of\s+charge|no\s+cost)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "half",
    "quarter",
    "third",
    "dozen",
    "all",
    "none",
    "both",
    "several",
    "majority",
]
_FIGURE = re.compile(rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_TIME_WORDS = [
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "quarter",
    "annually",
    "annual",
    "yearly",
    "monthly",
    "weekly",
    "today",
    "tomorrow",
    "next",
    "last",
    "ongoing",
    "immediately",
    "shortly",
    "soon",
    "day",
    "days",
    "term",
]
_DATE = re.compile(
    rf"\b(?:19|20)\d\d\b|\b(?:{'|'.join(MONTHS)}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
    rf"\b|\bq[1-4]\b|\b(?:{'|'.join(_TIME_WORDS)})\b|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}",
    re.IGNORECASE,
)
# an amount for each of something: "£15 per eligible pupil", "$0.39/minute", "£5 a week"
_RATE = re.compile(
    r"(?:[£$€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:p|pence|cents?))\s?(?:k|m)?\s*(?:per\b|/\s?\w|an?\s+"
    r"(?:day|week|month|year|hour|minute|head)\b|each\b)",
    re.IGNORECASE,
)
_PER = re.compile(r"\bper\s+\w+", re.IGNORECASE)
_STATES = {AMOUNT: _CURRENCY, RATE: _RATE, COUNT: _FIGURE, NUMBER: _FIGURE, DATE: _DATE}
_MONEY = re.compile(
    r"[£$€]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand)\b)?"
    r"|\b\d[\d,.]*\s?(?:pounds|dollars|euros|pence)\b",
    re.IGNORECASE,
)


_YES_NO = {
    *("did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can", "could"),
    *("will", "would", "should", "shall", "may", "must"),
}
HEAD_WORDS = 6
# "What were the vouchers worth?"
_WORTH = re.compile(r"^\s*what\s+(?:is|are|was|were|will)\b.*\bworth\b", re.IGNORECASE)
_HOW_MUCH = re.compile(
    r"\bhow\s+much\b", re.IGNORECASE
)  # where a question says what it asks for: "Roughly when is …", "By what year …"


def answer_kind(question: str) -> Kind | None:
    """The kind of fact the question asks for ("amount", "rate", "count", "number", "date",
    an abbreviation's long form), or None when it asks for something else (a reason, a
    decision, a yes or no). Only the question's opening words count: "Did they back charging
    by how much rubbish is thrown away?" asks yes or no. An amount "per child" is a rate."""
    short = asked_abbreviation(question)
    if short:
        return Expansion(short)
    kind = _asked_kind(question)
    return RATE if kind == AMOUNT and _PER.search(question) else kind


def _asked_kind(question: str) -> str | None:
    words = question.split()
    if words and (words[0].lower() in _YES_NO or words[0].lower() == "why"):
        return None  # a yes or no, a reason ("why would it save money?")
    if _WORTH.search(question):
        return AMOUNT
    head = " ".join(words[:HEAD_WORDS])
    for kind, pattern in _ASKS:
        if pattern.search(head):
            if kind == NUMBER and _HOW_MUCH.search(head) and _ASKS[0][1].search(question):
                return AMOUNT  # "how much will the new depot cost?"
            return kind
    return None


# "2.3 The Local Plan …", "(b) Priority …"; not "54 units were completed"
_PARAGRAPH_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?\s+(?=[^\sa-z])|\(?[a-z]\)\s+)")


# Figures that count nothing: a date's ("dated 10th of November, 2023", "2024-2030"), a
# label's or a reference's ("Motion 2", "Pages 95-6", "Schedule 7", "2.3 The Local Plan", a
# footnote's "3 The")
# and a telephone number's ("01992 785555", "(865) 215-2065")
_LABELS = ("motion", "minute", "item", "figure", "table", "policy", "strategy", "section")
_LABELS += ("appendix", "annex", "page", "pages", "paragraph", "para", "paras", "chapter")
_LABELS += ("phase", "option", "action", "objective", "priority", "recommendation", "goal")
_LABELS += ("schedule", "regulation", "regulations", "article", "part", "clause", "volume")
_UNCOUNTED_FIGURES = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(MONTHS)})\b,?(?:\s+(?:19|20)\d\d)?"
    rf"|\b(?:19|20)\d\d(?:\s?[-–/]\s?(?:19|20)?\d\d)?\b"
    rf"|\b(?:{'|'.join(_LABELS)})\.?\s+\d{{1,3}}[a-z]?(?:\s?[-–]\s?\d{{1,3}})?\b"
    r"|\b\d{1,2}(?:\.\d{1,2})*\s+(?-i:(?=[A-Z][a-z]))"
    r"|(?:\+\d{1,3}\s?)?(?:\(\d{2,5}\)|\b0\d{2,4}|\b\d{3})[\s-]\d{3,4}[\s-]?\d{3,4}\b",
    re.IGNORECASE,
)


def states_kind(text: str, kind: Kind | None) -> bool:
    """Whether ``text`` states a fact of that kind (any text does when kind is None); a
    paragraph's own number ("2.3 The Local Plan will …") states nothing, nor does a date or a
    label's number state a number, nor an amount of money ("£8.2m") count things, nor a
    sentence that uses an abbreviation spell it out."""
    if kind is None:
        return True
    if isinstance(kind, Expansion):
        return kind.short in definitions(text)
    text = _PARAGRAPH_NUMBER.sub("", text)
    if kind in (NUMBER, COUNT):
        text = _UNCOUNTED_FIGURES.sub("", text)
    if kind == COUNT:
        text = _MONEY.sub("", text)
    return bool(_STATES[kind].search(text))


def not_stated_message(kind: Kind) -> str:
    if isinstance(kind, Expansion):
        return f"The documents searched don't spell out {kind.short}."
    return f"The documents searched don't give {_DESCRIBED[kind]} for this."


def not_sure_message(kind: str) -> str:
    """Why no answer, when passages state such facts but none surely about this question."""
    return f"No passage found clearly gives {_DESCRIBED[kind]} for this."


_MONTH = rf"(?:{'|'.join(MONTHS)})"
_YEAR = r"(?:19|20)\d\d"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# "6th July 2027", "24 February, 2020", "February 24th 2020", "May 2027", "2030"; a year in a
# range ("2025/2026", "2020-2030") is a period, not a date
_DATES_BY_DETAIL = (
    re.compile(
        rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b|\b{_MONTH}\s+{_ORDINAL},?\s+{_YEAR}\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"(?<![\d/–-])\b{_YEAR}\b(?!\s?[/–-]\s?\d)"),
)
_PLAIN_FACTS = {AMOUNT: (_MONEY,), DATE: _DATES_BY_DETAIL}
_CARDINALS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# units of measure a figure keeps: "1.32 feet", "10 megawatts", "122,458 MTCO2e"
_UNITS = (
    "feet|foot|ft|metres?|meters?|km|kilometres?|kilometers?|miles?|tonnes?|tons?|kg|"
    "kilograms?|[kMG]Wh?|megawatts?|kilowatts?|gigawatts?|hectares?|ha|acres?|litres?|"
    "liters?|gallons?|t?CO2e|MTCO2e"
)
# "3,017", "1.32 feet", "40%", "6 percent", "3 million", "Three", "Thirty-one"
_FIGURE_FACT = re.compile(
    r"(?<![\w.,])\d[\d,]*(?:\.\d+)?"
    rf"(?:\s?(?:%|per\s?cent|percent)|\s(?:thousand|million|billion)|\s(?:{_UNITS})\b)?"
    rf"(?![\w%])|\b(?:(?:{_TENS})(?:-(?:{_CARDINALS}))?|{_CARDINALS})\b",
    re.IGNORECASE,
)


def _figures(text: str, kind: str) -> list[tuple[str, str]]:
    """The figures a sentence states that could count or measure what was asked, with and
    without their bound (``_bounded``): not a date's, a label's or a paragraph's numbers; an
    amount of money only for "how much"."""
    text = _UNCOUNTED_FIGURES.sub(" ", _PARAGRAPH_NUMBER.sub("", text))
    money = [_bounded(text, m) for m in _MONEY.finditer(text)] if kind == NUMBER else []
    rest = _MONEY.sub(" ", text)
    return money + [_bounded(rest, m) for m in _FIGURE_FACT.finditer(rest)]


# What a text says a figure is at most or at least: "over 2,500", "(> $1M)", "up to £1m".
_BOUND = re.compile(
    r"(?:\b(?:(?:more|less|fewer) than|over|under|up to|at least|at most|around|about|"
    r"approximately|almost|nearly)|[<>≤≥~])\s?$",
    re.IGNORECASE,
)


def _bounded(text: str, match: re.Match[str]) -> tuple[str, str]:
    """The figure ``match`` found in ``text``, with the bound written just before it and
    without: "$1M" in "Substantial (> $1M)" is more than $1M, and an answer led by "$1M"
    would misstate it."""
    bound = _BOUND.search(text, 0, match.start())
    written = text[bound.start() if bound else match.start() : match.end()]
    return written.strip(" ,.;"), match.group(0).strip(" ,.;")


def plain_fact(text: str, kind: Kind | None) -> str | None:
    """The one fact of the kind asked for that ``text`` states, as written ("£882k", "6th July
    2027", "over 2,500"), or None when it states none or several ("£50 … £80" could be
    either). A figure keeps the bound written before it ("> $1M", "up to £1m"). Dates are
    read from the most detailed form the text uses: a day, else a month, else a year. A count
    or a figure is plain when the sentence states one figure only ("signed by 3,017
    petitioners"; not "Three trees would be lost … replaced with 31"); a figure in words
    ("two") answers "how many", not "how much". Rates are not read:
    where a rate's "per …" ends is not plain. An abbreviation's is "CRSTS: City Region
    Sustainable Transport Settlements"."""
    if isinstance(kind, Expansion):
        long = definitions(text).get(kind.short)
        return f"{kind.short}: {long}" if long else None
    if kind in (COUNT, NUMBER):
        found = _figures(text, kind)
        if kind == NUMBER:  # "how much" is answered in figures: "two new generators" counts
            found = [f for f in found if any(c.isdigit() for c in f[1])]
        return _the_one(found)
    for pattern in _PLAIN_FACTS.get(kind or "", ()):
        if kind == AMOUNT:
            found = [_bounded(text, m) for m in pattern.finditer(text)]
        else:  # a date's "by" or "before" is no bound on a figure
            found = [(m.group(0).strip(" ,.;"),) * 2 for m in pattern.finditer(text)]
        if found:
            return _the_one(found)
    return None


def _the_one(found: list[tuple[str, str]]) -> str | None:
    """The one figure of ``found`` (as written, and bare), written with its bound where the
    text once gives one ("approximately 59% … 59%"); None for several."""
    if len({figure for _, figure in found}) != 1:
        return None
    return next((written for written, figure in found if written != figure), found[0][0])
