"""Meeting items in minutes, whatever their numbering (pure logic).

Councils number their items "448. Air Quality.", "1 Welcome", "Minute 12/23 Finance",
"21.01.05 Matters Arising", "Item 5 Planning", "VII. NEW BUSINESS", or put the number alone
on a line above the title. What they share is a run: each item's number is the previous
one's plus one, under a reference that otherwise stays the same ("21.01." or "/23").
Numbered lists inside an item ("1. Approved the award …") restart from 1 and break no run,
so the longest run of heading-like lines is the document's items.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.chunking.lines import Line
from ingest.ids import MINUTE_LEAD, MINUTE_NUMBER, MINUTE_REFERENCE, next_label
from ingest.metadata import MONTHS
from ingest.tokens import split_sentences

_LABEL = rf"(?P<label>{MINUTE_REFERENCE})"
_HEADING = re.compile(rf"^{MINUTE_LEAD}{_LABEL}[.):]?\s+(?P<title>\S.*)$", re.IGNORECASE)
# "VII. NEW BUSINESS": items numbered in capital Roman numerals, as US minutes often are
_ROMAN_HEADING = re.compile(r"^(?P<label>[IVXLC]{1,8})[.)]\s+(?P<title>\S.*)$")
_ROMAN = re.compile(r"^(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ROMAN_SERIES = "roman"
_MAX_TITLE_WORDS = 16
_NUMBER = re.compile(r"\d+")
_CONTINUES = re.compile(r"(?:\b(?:and|or|of|the|for|to|in|on|with|a|an)|[,&–—-])$", re.IGNORECASE)


@dataclass(frozen=True)
class ItemHeading:
    start: int  # index of the heading's first line
    end: int  # index after the heading's last line
    label: str  # the reference as written: "448", "21.01.05", "12/23"
    number: int  # the part that counts up: 448, 5, 12
    series: str  # the part that stays the same: "", "21.01.", "/23"
    title: str
    strength: int = 2  # see title_strength


@dataclass
class Item:
    number: int
    label: str
    title: str
    lines: list[Line]  # the heading's lines first
    heading_lines: int = 1  # 0 when the title opens the item's first paragraph


def label_readings(label: str) -> list[tuple[int, str]]:
    """The ways a reference can count up, as (number, the rest): "448" -> [(448, "")];
    "21.01.05" -> (5, "21.01.") first; "25/26-014" -> (14, "25/26-") first; "12/23" ->
    [(12, "#/23"), (23, "12/")]: minute 12 of 2023, or minute 23 of a year "12" (councils
    write "25/03" for the third minute of 2025 as often as "12/23" for the twelfth of 2023);
    the reading that counts up makes the run. Numbers written with a leading zero ("07", a
    table's row numbers) are a series of their own, and so are Roman numerals ("VII" -> 7)."""
    if (roman := roman_number(label)) is not None:
        return [(roman, ROMAN_SERIES)]
    numbers = list(_NUMBER.finditer(label))
    first, last = numbers[0], numbers[-1]
    zero_led = label[0] == "0" and len(label) > 1
    counting_last = (int(last.group()), label[: last.start()] or ("0" if zero_led else ""))
    if len(numbers) == 1:
        return [counting_last]
    counting_first = (int(first.group()), f"{label[: first.start()]}#{label[first.end() :]}")
    minute_of_year = len(numbers) == 2 and label[first.end() : last.start()] == "/"
    return [counting_first, counting_last] if minute_of_year else [counting_last, counting_first]


def roman_number(label: str) -> int | None:
    """The value of a capital Roman numeral ("VII" -> 7, "XIV" -> 14), or None."""
    if not label or not _ROMAN.match(label):
        return None
    values = [_ROMAN_VALUES[c] for c in label]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def opening_title(text: str) -> str | None:
    """The first sentence of ``text`` when it is short enough to be an item's title
    ("Playground." of "Playground. The council considered three quotations …")."""
    sentences = split_sentences(text)
    first = sentences[0] if sentences else ""
    return (
        first
        if first and text.startswith(first) and len(first.split()) <= _MAX_TITLE_WORDS
        else None
    )


def _capitalised_share(words: list[str]) -> float:
    long = [w for w in words if len(w) > 3]
    return sum(1 for w in long if not w[0].islower()) / len(long) if long else 1.0


def title_strength(title: str, following: str | None) -> int:
    """2 for a line that reads as a heading, 1 for one that might be (a long title that
    wraps, one opening with a figure), 0 for none: a date, or a lower-case start."""
    words = title.split()
    if not words or len(words) > _MAX_TITLE_WORDS or title[0].islower():
        return 0
    if words[0].lower().strip(",.") in MONTHS:  # "15 May 2025 at 4.30 pm" is a date
        return 0
    if not title[0].isalpha():
        return 1
    sentence = title.endswith(".") and len(words) > 8
    runs_on = bool(following) and following[0].islower() and len(words) > 6
    if (sentence or runs_on) and _capitalised_share(words) < 0.5:
        return 1  # reads like a numbered sentence, unless nothing else carries the number
    return 2


def _wraps(title: str, following: str) -> bool:
    """Whether the next line finishes the title: the title stops on a joining word, or the
    next line is a word or three closing it with a full stop ("Sustainability.")."""
    if len(title.split()) >= _MAX_TITLE_WORDS or title.endswith("."):
        return False
    return bool(_CONTINUES.search(title)) or (
        following.endswith(".") and len(following.split()) <= 3 and following[0].isupper()
    )


def candidates(lines: list[Line]) -> list[ItemHeading]:
    """Every line that could head an item: a reference and a short capitalised title on one
    line, or a reference alone with its title on the next."""
    found = []
    texts = [ln.text.strip() for ln in lines]
    for i, text in enumerate(texts):
        following = texts[i + 1] if i + 1 < len(texts) else None
        match = _HEADING.match(text) or _ROMAN_HEADING.match(text)
        end = i + 1
        if match:
            title = match.group("title").strip()
        else:
            match = MINUTE_NUMBER.match(text)
            if not match or following is None:
                continue
            title, end = following, i + 2
            following = texts[i + 2] if i + 2 < len(texts) else None
            opening = opening_title(title)
            if opening and opening != title:
                # "25/03" above "Playground. The council considered …": the title opens the
                # item's first paragraph, which stays its text
                title, end, following = opening, i + 1, None
        label = match.group("label")
        readings = label_readings(label)
        number, series = readings[0]
        if not series and 1900 <= number <= 2100 and not text[0].isalpha():
            continue  # a year standing alone
        strength = title_strength(title, following)
        if not strength:
            continue
        while following and _wraps(title, following):
            title, end = f"{title} {following}", end + 1  # a title wrapped onto the next line
            following = texts[end] if end < len(texts) else None
        for number, series in readings:
            found.append(ItemHeading(i, end, label, number, series, title.rstrip(" .:"), strength))
    return found


def longest_run(headings: list[ItemHeading]) -> list[ItemHeading]:
    """The longest run of headings in reading order, each numbered one more than the last in
    the same series (the first that reads as a heading, else the first that might); the
    earliest such run where two are as long."""
    best: list[ItemHeading] = []
    for first in headings:
        if first.strength < 2:
            continue
        run = [first]
        while True:
            last = run[-1]
            following = [
                h
                for h in headings
                if h.start >= last.end and h.series == last.series and h.number == last.number + 1
            ]
            if not following:
                break
            run.append(max(following, key=lambda h: (h.strength, -h.start)))
        if len(run) > len(best):
            best = run
    return best


_LABELLED = re.compile(r"^(?P<title>[A-Z][^:.;!?]{1,60}?)\s*:\s+\S")
_NOT_ITEMS = re.compile(r"^(?:present|clerk|in attendance|also present|chair|e-?mail)\b", re.I)
MIN_LABELLED_ITEMS = 4


def labelled_items(lines: list[Line]) -> list[ItemHeading]:
    """Items with no numbers, each a paragraph that opens with its title and a colon
    ("Highways, traffic and parking: Ongoing issues …"), counted in order from 1; none when
    fewer than ``MIN_LABELLED_ITEMS`` paragraphs open that way."""
    found = []
    for i, line in enumerate(lines):
        match = _LABELLED.match(line.text.strip())
        if match and not _NOT_ITEMS.match(line.text.strip()):
            title = match.group("title").strip()
            number = len(found) + 1
            found.append(ItemHeading(i, i, str(number), number, "", title))  # title in its text
    return found if len(found) >= MIN_LABELLED_ITEMS else []


_FORM_SUBJECT = re.compile(r"^\(?a\)\s*Subject\s*:\s*(?P<title>.*)$", re.IGNORECASE)
_AGENDA_ITEM = re.compile(r"\(?agenda\s+item\s+(?P<number>\d{1,4})\)?", re.IGNORECASE)
_FORM_FIELD = re.compile(r"^\(?[b-h]\)\s")


def form_items(lines: list[Line]) -> list[ItemHeading]:
    """Decision recording forms, one decision a form: each opens "(a) Subject: …" (its title,
    which may wrap) and names its "(agenda item 7)", which becomes its number."""
    found = []
    for i, line in enumerate(lines):
        match = _FORM_SUBJECT.match(line.text.strip())
        if not match:
            continue
        title, end = match.group("title").strip(), i + 1
        while end < len(lines) and not _FORM_FIELD.match(lines[end].text.strip()):
            if _AGENDA_ITEM.search(lines[end].text) or len(title.split()) >= _MAX_TITLE_WORDS:
                break
            title, end = f"{title} {lines[end].text.strip()}", end + 1
        agenda = _AGENDA_ITEM.search(" ".join(ln.text for ln in lines[i : end + 1]))
        number = int(agenda.group("number")) if agenda else len(found) + 1
        title = _AGENDA_ITEM.sub("", title).strip(" .")
        found.append(ItemHeading(i, end, str(number), number, "", title))
    return found


# "A. Award of contract for the Oak Street sidewalk project.": a lettered part of an item
_LETTERED = re.compile(r"^(?P<part>[A-Z])[.)]\s+(?P<title>\S.*)$")


def item_parts(item: Item, decides: Callable[[str], bool]) -> list[Item]:
    """An item's parts as items of their own, when it opens with its first part, its parts
    are lettered or numbered in order and two or more decide something of their own
    (``decides`` of their text): "VII. NEW BUSINESS" / "A. Award of contract …" / "B. Request
    to rezone …" gives "VII.A" and "VII.B"; "4. REPORTS OF OFFICERS" / "4.1 Tender …" / "4.2
    Draft Climate Adaptation Plan" gives "4.1" and "4.2". Each part must open with a title
    (a line of ``_MAX_TITLE_WORDS`` words or fewer that the next line does not continue in
    lower case), so a minute's numbered paragraphs ("45.1 The Committee received a report of
    the Director which" / "set out …") stay its text. Otherwise the item alone: a consent
    agenda's parts, approved by one motion after the last, stay one item."""
    body = item.lines[item.heading_lines :]
    numbered = re.compile(rf"^{re.escape(item.label)}\.(?P<part>\d{{1,2}})\.?\s+(?P<title>\S.*)$")
    for pattern, first in ((_LETTERED, "A"), (numbered, "1")):
        starts = _in_order(body, pattern, first)
        if len(starts) >= 2 and starts[0] == 0:
            break
    else:
        return [item]
    parts = []
    for k, start in enumerate(starts):
        lines = body[start : starts[k + 1] if k + 1 < len(starts) else len(body)]
        match = pattern.match(lines[0].text.strip())
        following = lines[1].text.strip() if len(lines) > 1 else ""
        if len(match.group("title").split()) > _MAX_TITLE_WORDS or following[:1].islower():
            return [item]  # a numbered paragraph, not a part's title
        title = opening_title(match.group("title")) or match.group("title")
        label = f"{item.label}.{match.group('part')}"
        parts.append(Item(item.number, label, title.rstrip(" .:"), lines))
    deciding = sum(decides(" ".join(ln.text for ln in part.lines)) for part in parts)
    return parts if deciding >= 2 else [item]


def _in_order(lines: list[Line], pattern: re.Pattern[str], first: str) -> list[int]:
    """The indexes of the lines that open parts "A", "B", "C" … (or "1", "2" …) in order."""
    starts, expected = [], first
    for i, line in enumerate(lines):
        match = pattern.match(line.text.strip())
        if match and match.group("part") == expected:
            starts.append(i)
            expected = next_label(expected)
    return starts


def split_items(lines: list[Line], min_items: int = 1) -> tuple[list[Line], list[Item]]:
    """Preamble lines and the items, each with its heading line(s) first; no items when no
    run of at least ``min_items`` headings is found. Decision recording forms are one item
    a form; minutes with no numbers are read by the titles their paragraphs open with."""
    forms = form_items(lines)
    run = forms if len(forms) >= 2 else longest_run(candidates(lines))
    if len(run) < min_items:
        run = labelled_items(lines)
    if len(run) < min_items or not run:
        return lines, []
    items = []
    for k, heading in enumerate(run):
        end = run[k + 1].start if k + 1 < len(run) else len(lines)
        items.append(
            Item(
                heading.number,
                heading.label,
                heading.title,
                lines[heading.start : end],
                heading.end - heading.start,
            )
        )
    return lines[: run[0].start], items
