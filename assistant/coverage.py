"""Whether the documents an answer would cite speak of what the question names (pure logic).

A question about Broomhill's parking zone is not answered by Bristol's minutes: every name the
question uses (a place, a council, a scheme, a code such as "HP3") must appear somewhere in the
documents cited, or the answer says which one they never mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from index.lexical import analyse

_WORD = re.compile(r"[\w'’&-]+")
_NOT_NAMES = {
    *("what", "which", "who", "whom", "when", "where", "why", "how", "did", "does", "do", "is"),
    *("are", "was", "were", "has", "have", "can", "will", "would", "should", "i", "the", "a"),
}
COMMON_SHARE = 0.05  # a name in more passages than this is a common word ("Council", "Plan")


class Corpus(Protocol):
    """What the checks need to know about the indexed documents."""

    def share_of_passages(self, word: str) -> float: ...

    def document_words(self, doc_id: str) -> frozenset[str]: ...


def named_terms(question: str) -> list[str]:
    """Names and codes the question uses: capitalised words after its first word, and words
    that mix letters and figures ("HP3", "S106"), as written."""
    words = _WORD.findall(question)
    found = []
    for position, word in enumerate(words):
        has_letters = any(c.isalpha() for c in word)
        code = has_letters and any(c.isdigit() for c in word)
        capitalised = position > 0 and word[0].isupper() and word.lower() not in _NOT_NAMES
        if code or (capitalised and has_letters):
            found.append(word)
    return list(dict.fromkeys(found))


def missing_names(
    question: str,
    cited_documents: Iterable[str],
    corpus: Corpus,
    also_known_as: Callable[[str], Sequence[str]] = lambda _name: (),
) -> list[str]:
    """The question's names that no cited document mentions (under any other name the
    glossary gives them); names too common to tell documents apart are not checked."""
    vocabulary: set[str] = set()
    for doc_id in cited_documents:
        vocabulary |= corpus.document_words(doc_id)
    missing = []
    for name in named_terms(question):
        words = analyse(name)
        if not words or any(corpus.share_of_passages(w) > COMMON_SHARE for w in words):
            continue
        if all(w in vocabulary for w in words):
            continue
        others = [analyse(other) for other in also_known_as(name)]
        if any(other and all(w in vocabulary for w in other) for other in others):
            continue
        missing.append(name)
    return missing
