"""Heading-aware packing of text units into chunks, measured in tokens (pure logic)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.loaders.furniture import places
from ingest.tokens import count_tokens, split_text

_SECTION_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")


@dataclass(frozen=True)
class Unit:
    """A paragraph (or numbered paragraph) with the headings above it."""

    text: str
    headings: tuple[str, ...] = ()
    page: int | None = None
    para: int | None = None


@dataclass(frozen=True)
class Piece:
    text: str
    headings: tuple[str, ...]
    page_start: int | None
    page_end: int | None
    paras: tuple[int, ...]


def _pages(units: list[Unit]) -> tuple[int | None, int | None]:
    pages = [u.page for u in units if u.page is not None]
    return (min(pages), max(pages)) if pages else (None, None)


def pack_units(units: list[Unit], max_tokens: int, overlap_tokens: int) -> list[Piece]:
    """Consecutive units under the same headings go together up to ``max_tokens``; a unit
    longer than that is split at sentences with overlap. Pieces never cross a heading."""
    pieces: list[Piece] = []
    group: list[Unit] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if group:
            start, end = _pages(group)
            paras = tuple(u.para for u in group if u.para is not None)
            text = "\n".join(u.text for u in group)
            pieces.append(Piece(text, group[0].headings, start, end, paras))
            group.clear()
        size = 0

    for unit in units:
        n = count_tokens(unit.text)
        if group and unit.headings != group[0].headings:
            flush()
        elif group and size + n > max_tokens:
            # a paragraph that opens a list ("Key considerations include:") goes with the list
            carried = group.pop() if len(group) > 1 and _opens_list(group[-1]) else None
            flush()
            if carried is not None:
                group.append(carried)
                size = count_tokens(carried.text)
        if n > max_tokens:
            flush()
            paras = (unit.para,) if unit.para is not None else ()
            for part in split_text(unit.text, max_tokens, overlap_tokens):
                pieces.append(Piece(part, unit.headings, unit.page, unit.page, paras))
            continue
        group.append(unit)
        size += n
    flush()
    return pieces


def _opens_list(unit: Unit) -> bool:
    return unit.text.rstrip().endswith(":")


def section_label(heading: str) -> str:
    """ "5.3 Using data from the LAEP" -> "§5.3"; an unnumbered heading is kept as it is, but
    one that cannot say where a passage is ("December 2022", "New ••") gives none."""
    match = _SECTION_NUMBER.match(heading)
    if match:
        return f"§{match.group(1)}"
    return heading if places(heading) else ""


def para_label(paras: tuple[int, ...]) -> str:
    if not paras:
        return ""
    first, last = min(paras), max(paras)
    return f"para {first}" if first == last else f"paras {first}–{last}"
