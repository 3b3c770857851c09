"""PDF page text as a stream of lines with page numbers; running headers removed (pure logic)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.model import Block

_LIST_MARKER = re.compile(r"^(\(?[a-z]{1,2}\)|\(?[ivx]{1,5}[.)]|\d{1,3}[.)]|[•▪●◦\-–*])\s")
_TERMINAL = (".", ":", ";", "?", "!")


@dataclass(frozen=True)
class Line:
    page: int
    text: str


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


def reflow(lines: list[str]) -> str:
    """Join wrapped PDF lines into paragraphs, keeping a line break before list items and after
    a line that ends a sentence or introduces a list."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith(_TERMINAL) or _LIST_MARKER.match(line):
            out += "\n" + line
        else:
            out += " " + line
    return out


def looks_like_heading(line: str, previous: str | None, following: str | None = None) -> bool:
    """A short, unpunctuated line that starts with a capital, follows a finished sentence and
    is not continued in lower case on the next line."""
    words = line.split()
    if following and following[0].islower():
        return False
    if not words or len(words) > 10 or len(line) > 90:
        return False
    if line.endswith((".", ",", ";", "and", "or", "the", "of", "to")) or not line[0].isupper():
        return False
    if re.search(r"\d{2,}[.,]\d|£|%", line):  # figures make it a table cell, not a heading
        return False
    return previous is None or previous.endswith((".", ":", "?")) or looks_upper(previous)


def looks_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
