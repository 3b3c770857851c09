"""Plain text, Markdown and CSV loading."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from ingest.loaders.furniture import MIN_PAGES, strip_furniture
from ingest.loaders.tables import rows_to_blocks
from ingest.model import Block

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
# where a text converted from a paginated document marks its page breaks: a form feed
# (pdftotext) or a Markdown rule line ("---") on its own
_PAGE_BREAK = re.compile(r"\f|^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-16 when they start with its byte-order mark (Windows "Unicode"
    text), else UTF-8 (with or without BOM), falling back to Windows-1252 then Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def without_page_furniture(text: str) -> str:
    """The text without the page numbers and running lines of the pages it was converted
    from, when its page breaks are marked (see ``strip_furniture``); as it is otherwise."""
    pages = _PAGE_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(pages) < MIN_PAGES:
        return text
    return "\n\n".join(strip_furniture(pages))


def text_to_blocks(text: str, markdown: bool = False) -> list[Block]:
    """Markdown headings become heading blocks; blank-line-separated runs become paragraphs,
    and so do a hard-wrapped text's (``ends_paragraph``); in Markdown, a pipe table's rows
    become row blocks, as a DOCX table's do."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    width = wrap_width(lines)
    tables = 0

    def flush() -> None:
        if paragraph:
            blocks.append(Block(kind="paragraph", text=" ".join(paragraph)))
            paragraph.clear()

    at = 0
    while at < len(lines):
        line = lines[at]
        heading = _MD_HEADING.match(line)
        table = pipe_table(lines, at) if markdown else []
        if table:
            flush()
            tables += 1
            blocks.extend(rows_to_blocks(table, where=f"Table {tables}"))
            at += len(table) + 1  # its rows and the line under its header
            continue
        if heading:
            flush()
            blocks.append(Block(kind="heading", text=heading.group(2), level=len(heading.group(1))))
        elif line.strip():
            if paragraph and ends_paragraph(paragraph[-1], line.strip(), width):
                flush()
            paragraph.append(line.strip())
        else:
            flush()
        at += 1
    flush()
    return blocks


def wrap_width(lines: list[str]) -> int:
    """How wide a text's lines were filled: the length of its longest line of text, leaving
    out lines far longer than nine in ten of them (a web address, a table's row). A
    hard-wrapped text's longest lines are full, so this is the width it was wrapped at or
    just under; a text whose paragraphs are one line each has long lines."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return 0
    typical = lengths[(9 * (len(lengths) - 1)) // 10]
    return max(n for n in lengths if n <= typical * _RUN_OVER)


_RUN_OVER = 1.15  # a line this much longer than nine in ten lines is not a full one


# No one wraps text wider than this: where lines run longer, each is a paragraph.
MAX_WRAP_WIDTH = 120


def ends_paragraph(line: str, following: str, width: int) -> bool:
    """Whether ``line`` ends its paragraph though no blank line follows it (minutes wrapped at
    72 characters without blank lines): the first word of the line after it would have fitted
    on it, where a hard wrap breaks only a line too full for it ("1. CALL TO ORDER" over "Mayor
    Torres called the meeting …"); or it ends a sentence and the line after it opens a
    numbered or lettered item ("… regular meeting." over "B. Resolution No. 2025-14 …"). In a
    text that is not hard-wrapped, each line is a paragraph."""
    if width > MAX_WRAP_WIDTH or len(line) + 1 + len(following.split()[0]) <= width:
        return True
    return bool(_ENDS_SENTENCE.search(line) and _OPENS_ITEM.match(following))


_ENDS_SENTENCE = re.compile(r"[.:;?!][\"'”’)]*$")
_OPENS_ITEM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]|[IVXLC]{1,6})[.)]\s")


# A Markdown pipe table: a header row, a delimiter row ("|---|:---:|"), then its rows.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+(?:\s*:?-+:?\s*)?$")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def pipe_table(lines: list[str], at: int) -> list[list[str]]:
    """The cells of the pipe table whose header row is ``lines[at]``, its delimiter row left
    out; [] when no table starts there."""
    if at + 1 >= len(lines) or not _TABLE_ROW.match(lines[at]):
        return []
    if not _DELIMITER_ROW.match(lines[at + 1]):
        return []
    rows = [_cells(lines[at])]
    for line in lines[at + 2 :]:
        if not _TABLE_ROW.match(line):
            break
        rows.append(_cells(line))
    return rows


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:]
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BORDER.split(inner)]


def load_text(path: Path, data: bytes) -> tuple[list[Block], str]:
    text = without_page_furniture(decode_text(data))
    markdown = path.suffix.lower() == ".md"
    return text_to_blocks(without_markup(text) if markdown else text, markdown), ""


# Markdown's inline markup, which a quote should not show: "**Motion 1:**", "[the
# report](https://…)", "![map](map.png)", "`code`", "\*".
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_STRONG = re.compile(r"(?:\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w))(?=(\w)?)")
_EMPHASIS = re.compile(r"(?<![\w*\\])([*_])(?=[^\s*_])([^*_\n]+?)(?<=[^\s*_\\])\1(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")  # not "\|": a table cell's, for ``pipe_table``


def without_markup(text: str) -> str:
    """Markdown text with its inline markup taken out, the words kept: a link's text, a span's
    words without its asterisks. "**Motion 1:**I will move" reads "Motion 1: I will move"."""
    text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    text = _STRONG.sub(_strong_words, text)
    text = _CODE.sub(r"\1", _EMPHASIS.sub(r"\2", text))
    return _ESCAPED.sub(r"\1", text)


def _strong_words(match: re.Match[str]) -> str:
    words = match.group(1) or match.group(2)
    return f"{words} " if match.group(3) and words[-1] in ".:;,!?" else words


def load_csv(path: Path, data: bytes) -> tuple[list[Block], str]:
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    return rows_to_blocks(rows, where=path.stem), ""
