"""BM25 over chunk text with bm25s: English stemming, look-alike letters folded."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from ingest.ids import fold_confusables

# bm25s's own tokenisation rules (scikit-learn's word pattern, its English stop words), run
# here without its per-call progress bars and vocabulary building: answers analyse every
# sentence they score, and that cost 18 ms a question.
_WORD = re.compile(r"(?u)\b\w\w+\b")
_STOP_WORDS = frozenset(STOPWORDS_EN)
# Words that shape a question but say nothing of what it is about. Council papers seldom
# use them ("when" is in 3% of passages), so BM25 weighed them above the question's subject.
# Dropped from questions only. Auxiliaries and pronouns were tried too and lost as many
# questions as they gained: "who will be responsible", "has been paused" are the evidence.
QUESTION_WORDS = frozenset(
    {
        *("what", "which", "who", "whom", "whose", "when", "where", "why", "how"),
        *("does", "did", "because", "suppose", "supposed", "really"),
    }
)


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=1)
def _american_spellings() -> dict[str, str]:
    """British spellings and their American ones ("programme": "program", "organisation":
    "organization"), from the breame package's list of about 1,700."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return BRITISH_ENGLISH_SPELLINGS


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """A word's stem, British spellings folded to American first: a UK council's "green bike
    programme" finds a US city's "Green Bike Program", which stemming alone does not."""
    return _stemmer().stemWord(_american_spellings().get(word, word))


def analyse(text: str) -> list[str]:
    """The words BM25 sees in ``text``: look-alikes folded, stop words dropped, stemmed."""
    words = _WORD.findall(fold_confusables(text).lower())
    return [_stem(w) for w in words if w not in _STOP_WORDS]


def question_words(text: str) -> list[str]:
    """The words of a question that name its subject: ``analyse`` without QUESTION_WORDS."""
    words = _WORD.findall(fold_confusables(text).lower())
    return [_stem(w) for w in words if w not in _STOP_WORDS and w not in QUESTION_WORDS]


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        retriever = bm25s.BM25()
        tokens = [analyse(text) or ["<empty>"] for text in texts]
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(folder)), size)

    def share(self, word: str) -> float:
        """Share of passages that contain ``word`` (already analysed); 0 for an unseen word."""
        indptr = self._retriever.scores["indptr"]
        index = self._retriever.vocab_dict.get(word)
        if index is None or self.size == 0:
            return 0.0
        return float(indptr[index + 1] - indptr[index]) / self.size

    def _known(self, query: str) -> list[str]:
        return [t for t in question_words(query) if t in self._retriever.vocab_dict]

    def scored(
        self,
        query: str,
        k: int,
        mask: np.ndarray | None = None,
        expansion: str = "",
        expansion_weight: float = 0.3,
    ) -> list[tuple[int, float]]:
        """(chunk position, BM25 score) with a positive score, best first; ``mask`` (0/1 per
        chunk) keeps only the allowed ones. Words of ``expansion`` that the query lacks add
        their scores at ``expansion_weight``, so other names for a term help without taking
        over."""
        tokens = self._known(query)
        extra = [t for t in dict.fromkeys(self._known(expansion)) if t not in tokens]
        if not (tokens or extra) or self.size == 0:
            return []
        scores = np.zeros(self.size, dtype="float32")
        if tokens:
            scores += self._retriever.get_scores(tokens)
        if extra:
            scores += expansion_weight * self._retriever.get_scores(extra)
        if mask is not None:
            scores *= mask
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
