"""PDF page text as a stream of lines with page numbers; running headers removed (pure logic)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.ids import numbered_in_runs
from ingest.loaders.furniture import is_credit
from ingest.model import Block
from ingest.tokens import LIST_MARKER

_TERMINAL = (".", ":", ";", "?", "!")
PRINTED_LINE = 100  # characters: about the most a line of an A4 page in 11 point holds


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    starts_paragraph: bool = False  # the first line of a paragraph a DOCX or HTML file marks


def running_headers(blocks: list[Block], header_depth: int = 3, min_repeats: int = 3) -> list[str]:
    """Lines among the first ``header_depth`` of a page that recur there on ``min_repeats`` or
    more pages (a table's column headings repeated on each page, a running title)."""
    tops: Counter[str] = Counter()
    for block in blocks:
        if block.kind == "page":
            tops.update({ln.strip() for ln in block.text.split("\n")[:header_depth] if ln.strip()})
    return [text for text, n in tops.most_common() if n >= min_repeats]


def page_lines(blocks: list[Block], header_depth: int = 3) -> list[Line]:
    """All lines of all distinct pages with their page numbers, running headers kept only where they
    first appear: a table row that runs over several pages repeats its first cell ("E21 3, 4")
    at the top of each, and that first appearance is where the row starts."""
    running = set(running_headers(blocks, header_depth))
    seen: set[str] = set()
    pages_seen: set[str] = set()
    lines = []
    for block in blocks:
        if block.kind != "page" or block.text in pages_seen:
            continue  # a page repeated word for word (an export artefact) adds nothing
        pages_seen.add(block.text)
        for i, raw in enumerate(block.text.split("\n")):
            text = raw.strip()
            if not text:
                continue
            if i < header_depth and text in running:
                if text in seen:
                    continue
                seen.add(text)
            lines.append(Line(page=block.page or 0, text=text))
    return lines


def reflow(lines: Sequence[Line]) -> str:
    """Join wrapped PDF lines into paragraphs, keeping a line break before list items and after
    a line that ends a sentence or introduces a list. A paragraph the document marks stays one
    unless it goes on in lower case: the action owner closing a minute's paragraph ("… sent to
    the local MP. Clerk") is not the start of the next; a PDF's lines saved one per paragraph
    still join."""
    out = ""
    for line in lines:
        text = line.text
        if not out:
            out = text
        elif (
            out.endswith(_TERMINAL)
            or LIST_MARKER.match(text)
            or (line.starts_paragraph and not text[0].islower())
        ):
            out += "\n" + text
        else:
            out += " " + text
    return out


def looks_like_heading(line: str, previous: str | None, following: str | None = None) -> bool:
    """A short, unpunctuated line that starts with a capital, follows a finished sentence (or
    a credit: "Source: … (LUC, 2013)", "Contact Details: …") and is not continued in lower
    case on the next line; its brackets close. A credit is not a heading."""
    words = line.split()
    if following and following[0].islower():
        return False
    if is_credit(line):  # "Report Author: Oliver Coltman"
        return False
    if not words or len(words) > 10 or len(line) > 90:
        return False
    if line.endswith((".", ",", ";", "and", "or", "the", "of", "to")) or not line[0].isupper():
        return False
    if re.search(r"\d{2,}[.,]\d|£|%", line):  # figures make it a table cell, not a heading
        return False
    if line.count("(") != line.count(")"):  # a sentence broken mid-bracket
        return False
    if previous is None or previous.endswith((".", ":", "?")) or looks_upper(previous):
        return True
    return is_credit(previous)


# A heading that names its item by a label word and identifier or by a bare code ("Strategy
# 8D. Re-commission City Buildings", "Policy 5: Sustainable Drainage", "Option B – Do
# nothing", "CC2 Sustainable Drainage Systems (SuDS)"), or a section by its dotted number
# ("2.68 Sustainable Drainage Systems"), then a title.
_ITEM_LABEL = re.compile(
    r"^(?:[A-Z][a-z]{2,14}\s+(?:\d{1,3}[A-Za-z]?|[A-Z]{1,3}-?\d{0,3}[a-z]?)(?:\s*[.:)–—-]|\s+(?=[A-Z]))"
    r"|[A-Z]{1,4}-?\d{1,3}[a-z]?\s+(?=[A-Z]))\s*(?P<title>\S.*)$"
)
_SECTION_LABEL = re.compile(
    r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?P<title>[A-Z].*)$"
    r"|^\d{1,2}\.?\s+(?P<short>[A-Z]\S*(?:\s+\S+){0,5})$"  # "1. Introduction": a short title
)
_LEADER_DOTS = re.compile(r"\.{4,}|…")  # a contents line: "4. Glossary ........ 226"


# A bare code opening a line before a title: "HO2 Affordable housing" gives ("HO", 2).
_CODE = re.compile(r"^([A-Z]{1,4})-?(\d{1,3})[a-z]?\s+[A-Z]")


def code_series(texts: Iterable[str]) -> frozenset[str]:
    """The letters of codes that open lines before a title and are numbered in runs ("HO1
    Housing mix", "HO2 …", "HO3 …"): a plan's policies, whose titles may be in sentence case."""
    return numbered_in_runs(
        (match.group(1), int(match.group(2))) for text in texts if (match := _CODE.match(text))
    )


def labelled_heading(
    line: str, following: str | None = None, series: frozenset[str] = frozenset()
) -> str:
    """ "item" for a line that opens a policy, strategy, option or the like by its label and
    title, "section" for a numbered section's title ("1. Introduction", "2.68 Sustainable
    Drainage Systems"), whatever the line before it; "" otherwise. The title is short and in
    title case, and the next line does not continue it in lower case. "policy" for a code in
    one of the document's ``series`` (``code_series``), whose title needs no title case ("HO2
    Affordable housing")."""
    if len(line.split()) > 16 or line.endswith((".", ",", ";")) or _LEADER_DOTS.search(line):
        return ""
    if following and following[0].islower():
        return ""
    code = _CODE.match(line)
    if code and code.group(1) in series:
        return "policy"
    for kind, pattern in (("section", _SECTION_LABEL), ("item", _ITEM_LABEL)):
        match = pattern.match(line)
        if match:
            title = match.group("title") or match.group("short")
            words = [w for w in title.split() if w[0].isalpha() and len(w) > 3]
            capitals = sum(w[0].isupper() for w in words)
            # a title has no clause break; a paragraph's first line may look titled
            return kind if words and capitals >= 0.75 * len(words) and "," not in title else ""
    return ""


def looks_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
