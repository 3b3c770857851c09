"""Action identifiers: look-alike letters folded so that "T6" finds "Т6" (Cyrillic Te)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Cyrillic and Greek capitals (and a few lower-case letters) that render like Latin ones,
# plus Cyrillic Ze, which documents use for the digit 3.
_CONFUSABLES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУЗаеіјорсхуΑΒΕΗΙΚΜΝΟΡΤΧΥΖοΟ",
    "ABCEHIJKMOPSTXY3aeijopcxyABEHIKMNOPTXYZoO",
)

ACTION_ID = re.compile(r"^([A-Z]{1,4}[.\-]?\d{1,3}[a-z]?)(?=\s|$)")

# A minute's reference as councils write it ("448", "21.01.05", "12/23", "25/26-014",
# "C/25/03", "PC25/045", "M101"), and the words that may lead it ("Minute", "Min.", "Item No.")
MINUTE_REFERENCE = r"(?-i:[A-Z]{1,4})?/?\d{1,4}(?:[./-]\d{1,4}){0,2}"
MINUTE_LEAD = r"(?:(?:minute|mins?|item|agenda\s+item)\.?\s*(?:no\.?\s*)?)?"
# a reference standing alone: on a line above its item's title, or in a minutes table's first
# column ("25/03", "Minute 12.")
MINUTE_NUMBER = re.compile(rf"^{MINUTE_LEAD}(?P<label>{MINUTE_REFERENCE})[.):]?$", re.IGNORECASE)


def next_label(label: str) -> str:
    """The label after ``label`` in a lettered or numbered list: "b" after "a", "B" after "A",
    "3" after "2"."""
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def fold_confusables(text: str) -> str:
    if text.isascii():  # nothing to fold, and NFKC leaves ASCII as it is
        return text
    return unicodedata.normalize("NFKC", text).translate(_CONFUSABLES)


def normalise_action_id(raw: str) -> str:
    """Canonical form of an action ID: look-alikes folded, spaces dropped, letters upper-cased.

    A trailing sub-letter keeps its case ("R3a"), as plans write it.
    """
    folded = re.sub(r"\s+", "", fold_confusables(raw))
    match = re.match(r"^([A-Za-z]+)([.\-]?)(\d+)([A-Za-z]?)$", folded)
    if not match:
        return folded.upper()
    prefix, sep, number, suffix = match.groups()
    return f"{prefix.upper()}{sep}{int(number)}{suffix.lower()}"


def leading_action_id(line: str) -> str | None:
    """The action ID a table line starts with, normalised, or None."""
    match = ACTION_ID.match(fold_confusables(line.strip()))
    return normalise_action_id(match.group(1)) if match else None


def numbered_in_runs(codes: Iterable[tuple[str, int]]) -> frozenset[str]:
    """The letters of codes, as (letters, number), numbered three in a row somewhere ("HO1",
    "HO2", "HO3"): a plan numbering its actions or policies. Formulas ("CO2", "CH4", "SF6")
    and roads ("A6", "A47") are not numbered in runs."""
    numbers: dict[str, set[int]] = defaultdict(set)
    for letters, number in codes:
        numbers[letters].add(number)
    return frozenset(
        letters
        for letters, seen in numbers.items()
        if any(n + 1 in seen and n + 2 in seen for n in seen)
    )


_QUERY_ACTION_ID = re.compile(r"(?<![\w-])([A-Za-z]{1,3}[.\-]?\d{1,3}[a-z]?)(?![\w-])")
_QUERY_MINUTE = re.compile(r"\bminutes?\s+(?:no\.?\s*|number\s+)?(\d{1,4})\b", re.IGNORECASE)


def query_action_ids(query: str) -> set[str]:
    """Tokens in a question that could be action IDs ("T6", "b14", "Т7"), normalised."""
    return {normalise_action_id(m) for m in _QUERY_ACTION_ID.findall(fold_confusables(query))}


def query_minute_numbers(query: str) -> set[int]:
    """Minute numbers a question names: "minute 446", "Minute No. 12"."""
    return {int(m) for m in _QUERY_MINUTE.findall(query)}
