"""Page furniture: page numbers, running footers and numbered running headers, found by their
form and by repetition across a document's pages, and dropped (pure logic).

Whatever a council's template puts at the top or bottom of every page ("Page | 7", "7 of 16",
"BCC Minute 3 11/02/2026", "policycommittees@…", "OFFICIAL") is not the document's content: it
must not become a passage's text, section or locator. A plain running header without figures
(a table's column headings repeated on each page) is left alone here: the action-table reader
needs it, and keeps it once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ingest.metadata import MONTHS

EDGE_LINES = 3  # lines at the top and the bottom of a page where furniture sits
MIN_SHARE = 0.5  # a line on at least this share of pages is furniture…
MIN_PAGES = 3  # …if it recurs on at least this many pages

_PAGE_NUMBER = re.compile(
    r"^\s*(?:"
    r"(?:page|p\.|pg\.?)\s*[|:.\-–]?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"  # Page 7, Page | 7 of 16
    r"|\d{1,4}\s*(?:of|/|\\)\s*\d{1,4}"  # 7 of 16, 3/16, 3\3
    r"|[-–—]\s*\d{1,4}\s*[-–—]"  # - 7 -
    r"|\d{1,4}"  # a bare number
    r"|[ivxlc]{1,6}"  # a roman page number
    r")\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def shape(line: str) -> str:
    """A line with its figures and spacing folded, so "Page 3 of 9" and "Page 4 of 9" match."""
    return _SPACES.sub(" ", _DIGITS.sub("#", line.strip().lower()))


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def _edges(lines: Sequence[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES], filled[-EDGE_LINES:]


def furniture_shapes(pages: Sequence[Sequence[str]]) -> set[str]:
    """Shapes of lines that recur at the top or bottom of many pages and are furniture: any
    footer, and a header that holds a figure (a dated reference, a page count)."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        top, bottom = _edges(lines)
        tops.update({shape(lines[i]) for i in top})
        bottoms.update({shape(lines[i]) for i in bottom})
    needed = max(MIN_PAGES, MIN_SHARE * len(pages))
    found = {s for s, n in bottoms.items() if n >= needed}
    found |= {s for s, n in tops.items() if n >= needed and "#" in s}
    return {s for s in found if s}


def strip_furniture(pages: Sequence[str]) -> list[str]:
    """Each page's text without its page number and the furniture it shares with the others."""
    split = [text.split("\n") for text in pages]
    recurring = furniture_shapes(split)
    out = []
    for lines in split:
        top, bottom = _edges(lines)
        outermost = {top[0], bottom[-1]} if top else set()
        edge = set(top) | set(bottom)
        kept = [
            line
            for i, line in enumerate(lines)
            if not (i in outermost and is_page_number(line))
            and not (i in edge and shape(line) in recurring)
        ]
        out.append("\n".join(kept).strip())
    return out


_CONTENTS_LINE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,})\s*\d{1,4}\s*$")
COVER_WORDS = 60  # a first page with fewer words is a cover
CONTENTS_SHARE = 0.4  # a page whose lines are this often "Title ....... 12" is a contents page


def is_contents_line(line: str) -> bool:
    """ "2.34 Colne Valley Regional Park ........ 100": an entry in a table of contents."""
    return bool(_CONTENTS_LINE.search(line))


def front_matter_pages(pages: Sequence[tuple[int, str]]) -> set[int]:
    """Numbers of the cover pages (the first two, when nearly empty) and contents pages
    among (page number, text): indexed, but never the answer to a question."""
    found = set()
    for number, text in pages:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if (
            number <= 2
            and len(text.split()) < COVER_WORDS
            and len(pages) > 3
            or lines
            and sum(map(is_contents_line, lines)) >= CONTENTS_SHARE * len(lines)
        ):
            found.add(number)
    return found


# A credit, a line of its own under a figure or at a report's end: "Source: Wharf Road
# Environmental Strategy (LUC, 2013)", "Rendering by: Jacobs", "Report Author: …", "Contact
# Details: …"
_CREDIT = r"^(?:\w+\s+)?(?i:authors?|by|source|sources|credits?|contact(?:\s+details)?)\s*:"


_CREDIT_LINE = re.compile(_CREDIT)


def is_credit(line: str) -> bool:
    return bool(_CREDIT_LINE.match(line.strip()))


# A line taken for a heading that cannot tell a reader where a passage is: bullets ("Entergy
# Underway •• • •"), a web or e-mail address ("Retrieved … from https://…", "please email
# planningpolicy@…"), a date alone ("December 2022"), a list of clauses ("Short-term – 2020;
# Medium-term – 2025"), a line that runs on ("Construct New Streets as") or that opens a list
# ("The Committee's key objectives were to:"; not "Policy 1 – Transportation and Land Use:"),
# or a credit ("Report Author: …", "Rendering by: Jacobs", "Source: …")
_NOT_A_PLACE = re.compile(
    r"[•▪●◦;]|https?://|www\.|\S@\S"
    rf"|{_CREDIT}"
    rf"|^(?i:(?:\d{{1,2}}\s+)?(?:{'|'.join(MONTHS)})(?:,?\s+(?:19|20)\d\d)?)$"
    r"|\b(?:a|an|the|of|to|for|and|or|as|with|within|by|from|in|on|at|into)$"
    r"|\b[a-z]+:$"
)


def places(heading: str) -> bool:
    """Whether a heading can tell a reader where a passage is (see _NOT_A_PLACE)."""
    return not _NOT_A_PLACE.search(heading.strip())
