"""What the CLI and the HTTP API share: search with the glossary, and answers in conversations."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answer import Answer, AnswerOptions, answer
from assistant.conversation import ConversationStore, Turn, retrieval_query
from assistant.generate import ChatEndpoint, generate_answer
from assistant.glossary import Glossary
from assistant.live_index import LiveIndex
from assistant.prompts import Prompt, load_prompt
from assistant.record_answers import answer_from_decision, answer_from_records
from assistant.settings import Settings
from index.fusion import Filters
from index.search import Hit
from ingest.embed import Embedder


@dataclass
class AssistantService:
    live: LiveIndex
    glossary: Glossary
    conversations: ConversationStore
    options: AnswerOptions
    endpoint: ChatEndpoint | None = None
    prompt: Prompt | None = None
    # answers computed at once; more queue here rather than share the CPUs and each hold
    # their working memory (16 at once grew the server by 1.4 GB; see BENCHMARKS.md)
    answering: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(2)
    )

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder) -> AssistantService:
        """Wire the parts; loads the glossary (small), not the model or the index."""
        return cls(
            live=LiveIndex(settings.index_dir, embedder),
            glossary=Glossary.load(settings.glossary_path),
            conversations=ConversationStore(ttl_seconds=settings.conversation_ttl_minutes * 60),
            options=AnswerOptions(min_score=settings.answer_min_score),
            endpoint=settings.chat_endpoint(),
            prompt=load_prompt("answer") if settings.llm_base_url else None,
            answering=threading.BoundedSemaphore(settings.answer_workers),
        )

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """Hybrid search, with the glossary's other names for the terms the query uses."""
        searcher = self.live.searcher()
        return searcher.search(query, k, filters, synonyms=self.glossary.expansions(query))

    def ask(
        self,
        question: str,
        conversation_id: str | None = None,
        filters: Filters | None = None,
        history: Sequence[str] | None = None,
        owner: str = "",
    ) -> tuple[Answer, str]:
        """The answer, and the conversation ID to send with a follow-up question.

        ``history`` (earlier questions, oldest first) is for clients that keep the conversation
        themselves, as OpenAI-style chat clients do; otherwise the server keeps it by ID, for
        ``owner`` alone. ``filters.documents`` limits every source of the answer."""
        self.live.searcher()  # fail early, with the message, when there is no index
        filters = filters or Filters()
        conversation = self.conversations.get(conversation_id, owner)
        if history is not None:
            previous: list[str] = []
            for earlier in history:
                previous.append(retrieval_query(earlier, previous))
        else:
            previous = [turn.query for turn in conversation.turns]
        query = retrieval_query(question, previous)
        with self.answering:
            result = self._answer(question, query, filters)
        if self.endpoint and self.prompt and result.mode == "extractive" and not result.abstained:
            result = self._generative(question, result)
        self.conversations.add(conversation, Turn(question, query))
        return result, conversation.id

    def _answer(self, question: str, query: str, filters: Filters) -> Answer:
        """From the records when the question asks for them (which actions a team leads, what
        a meeting resolved), else quoted from the best passages."""
        records = self.live.records().visible(filters.documents)
        chunks = self.live.searcher().chunks
        if filters.documents is not None:
            chunks = [c for c in chunks if c.doc_id in filters.documents]
        listed = answer_from_records(question, records, chunks, self.glossary)
        if listed is not None:
            return listed
        resolved = answer_from_decision(
            question,
            self.search(query, 3, filters),
            records,
            chunks,
            self.glossary,
            self.live.searcher(),
        )
        if resolved is not None:
            return resolved
        return answer(
            question,
            lambda q: self.search(q, self.options.passages, filters),
            self.live.searcher(),
            self.glossary,
            self.options,
            retrieval_query=query,
            corpus=self.live.searcher(),
        )

    def _generative(self, question: str, extractive: Answer) -> Answer:
        """The language model's answer when it passes the checks, else the extractive one
        with the reason in its note."""
        generated, why_not = generate_answer(
            question, extractive.passages, self.endpoint, self.prompt, self.glossary
        )
        if generated is not None:
            return generated
        extractive.note = f"Answered with the documents' own sentences: {why_not}."
        return extractive
