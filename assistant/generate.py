"""Generative answers from any OpenAI-compatible chat endpoint, checked before they are used.

The model sees numbered passages and must cite them as [n]. Its output is kept only when it
cites at least one real passage and every figure or date it states appears in a passage it
cites; otherwise, or when the endpoint is down or slow, the extractive answer is used and the
response says why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from assistant.answer import Answer, Citation, cited_numbers, source_label
from assistant.glossary import Glossary
from assistant.prompts import Prompt
from index.lexical import analyse
from index.search import Hit
from ingest.model import Chunk
from ingest.tokens import split_sentences

NOT_FOUND_REPLY = "NOT IN DOCUMENTS"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_FIGURE = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?{_MONTH}\s+\d{{4}}\b"  # "27 October 2020", "January 2026"
    r"|£?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|m\b|bn\b|k\b))?",  # "£7.3m", "1,700", "30%"
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_DELIMITER = re.compile(r"</?\s*passages\s*>", re.IGNORECASE)
_LINK = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|net|org|io|example)\b", re.IGNORECASE)
# a sentence of the answer must share this share of its words with the passages it cites
MIN_GROUNDED_SHARE = 0.4


class GenerationFailed(Exception):
    """The endpoint could not be used; the message is shown to the user."""


@dataclass(frozen=True)
class ChatEndpoint:
    """An OpenAI-compatible /chat/completions endpoint (Ollama, vLLM, llama.cpp, Azure…)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout_seconds: float = 20.0
    max_tokens: int = 400  # an answer is two to four sentences; a model that rambles stops

    def complete(self, prompt: str) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "temperature": 0,
            "max_tokens": self.max_tokens,
            "stop": ["\nQuestion:"],  # a completion model would go on to ask its own
        }
        url = f"{self.base_url.rstrip('/')}/chat/completions"
        try:
            response = httpx.post(url, json=body, headers=headers, timeout=self.timeout_seconds)
            response.raise_for_status()
            return response.json()["choices"][0]["message"]["content"] or ""
        except httpx.TimeoutException as exc:
            raise GenerationFailed(
                f"the language model did not reply within {self.timeout_seconds:g}s"
            ) from exc
        except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
            raise GenerationFailed(f"the language model could not be reached ({exc})") from exc


def passage_text(chunk: Chunk) -> str:
    """A passage as the model sees it: where it is from (its date among that), then its text."""
    return f"{source_label(chunk)} ({chunk.source})\n{chunk.text}"


def numbered_passages(hits: Sequence[Hit]) -> str:
    """The passages for the prompt; a document cannot close the block it is quoted in."""
    text = "\n\n".join(f"[{n}] {passage_text(hit.chunk)}" for n, hit in enumerate(hits, start=1))
    return _DELIMITER.sub("(passages)", text)


def figures(text: str) -> list[str]:
    """Numbers, amounts and dates as written ("£7.3m", "1,700", "27 October 2020")."""
    return [
        m.group(0).strip() for m in _FIGURE.finditer(text) if any(c.isdigit() for c in m.group(0))
    ]


def _normalise_figure(figure: str) -> str:
    return re.sub(r"[\s,£]", "", figure.lower())


def unsupported_figures(answer_text: str, cited_texts: Sequence[str]) -> list[str]:
    """Figures in the answer that none of the cited passages contains."""
    haystack = _normalise_figure(" ".join(cited_texts))
    body = _MARKER.sub("", answer_text)
    missing = [f for f in figures(body) if _normalise_figure(f) not in haystack]
    return list(dict.fromkeys(missing))


def _best_sentence(passage: str, claim: str) -> str:
    """The passage sentence sharing most words with the claim that cites it."""
    claim_words = set(analyse(claim))
    sentences = [s for line in passage.split("\n") for s in split_sentences(line)] or [passage]
    return max(sentences, key=lambda s: len(claim_words & set(analyse(s))))


def ungrounded_sentences(text: str, cited: dict[int, str]) -> list[str]:
    """Sentences of the answer that the passages they cite do not bear out: too few of their
    words are in those passages, or they give a link the passages do not (what a document
    telling the model to say something else would produce)."""
    passage_words = {n: set(analyse(t)) for n, t in cited.items()}
    passage_text = " ".join(cited.values()).lower()
    found = []
    for sentence in split_sentences(text):
        numbers = [int(n) for n in _MARKER.findall(sentence) if int(n) in passage_words]
        words = set(analyse(_MARKER.sub("", sentence)))
        sources = set().union(*(passage_words[n] for n in numbers)) if numbers else set()
        if not sources:  # uncited: judged against all the cited passages
            sources = set().union(*passage_words.values())
        links = [link for link in _LINK.findall(sentence) if link.lower() not in passage_text]
        if links or (words and len(words & sources) / len(words) < MIN_GROUNDED_SHARE):
            found.append(sentence)
    return found


def checked_answer(
    reply: str, hits: Sequence[Hit], question: str, glossary: Glossary
) -> tuple[Answer | None, str]:
    """The model's reply as an Answer when it passes the checks, else (None, why not)."""
    reply = reply.strip()
    if not reply or reply.upper().startswith(NOT_FOUND_REPLY):
        return None, "the language model found no answer in the passages"
    used = cited_numbers(reply, len(hits))
    if not used:
        return None, "the language model's answer cited none of the passages"
    renumber = {old: new for new, old in enumerate(used, start=1)}

    def rewrite(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{renumber[n]}]" if n in renumber else ""  # citations to nothing are removed

    text = re.sub(r"\s+([.,;])", r"\1", _MARKER.sub(rewrite, reply)).strip()
    cited = [hits[old - 1].chunk for old in used]
    missing = unsupported_figures(text, [passage_text(c) for c in cited])
    if missing:
        return None, (
            f"the language model's answer stated {', '.join(missing)}, "
            "which the cited passages do not contain"
        )
    asked = set(analyse(" ".join([question, *glossary.expansions(question)])))
    if asked and not asked & set(analyse(_MARKER.sub("", text))):
        return None, "the language model's answer does not address the question"
    ungrounded = ungrounded_sentences(text, {new: cited[new - 1].text for new in renumber.values()})
    if ungrounded:
        return None, (
            f"the language model's answer says “{ungrounded[0][:80]}”, which the passages it "
            "cites do not say"
        )
    citations = []
    for old, new in renumber.items():
        claims = " ".join(s for s in split_sentences(text) if f"[{new}]" in s) or text
        citations.append(
            Citation(new, hits[old - 1].chunk, _best_sentence(cited[new - 1].text, claims))
        )
    notes = glossary.find_in(f"{question}\n{text}")
    return Answer(text, citations, notes, False, mode="generative"), ""


def generate_answer(
    question: str,
    hits: Sequence[Hit],
    endpoint: ChatEndpoint,
    prompt: Prompt,
    glossary: Glossary,
) -> tuple[Answer | None, str]:
    """A checked generative answer, or (None, the reason to fall back)."""
    if not hits:
        return None, "no passages to answer from"
    try:
        reply = endpoint.complete(
            prompt.render(question=question, passages=numbered_passages(hits))
        )
    except GenerationFailed as exc:
        return None, str(exc)
    return checked_answer(reply, hits, question, glossary)
