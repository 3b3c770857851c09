"""Follow-up questions: what was asked before, kept for a limited time, and how it is used."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

_REFERS_BACK = re.compile(
    r"\b(it|its|it's|they|them|their|this|that|these|those|he|she|his|her|there|then)\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(r"^(and|also|but|what about|how about|so)\b", re.IGNORECASE)
_SHORT = 6  # words; a question this short leans on what came before


@dataclass
class Turn:
    question: str
    query: str  # what was searched for, the question with any context it borrowed


@dataclass
class Conversation:
    id: str
    owner: str = ""  # who started it; nobody else continues it
    turns: list[Turn] = field(default_factory=list)
    touched: float = 0.0


def refers_back(text: str) -> bool:
    """Words such as "it" or "they" that point at something said before."""
    return bool(_REFERS_BACK.search(text))


def is_follow_up(question: str) -> bool:
    """A question that points back ("and who leads it?") rather than standing alone."""
    return (
        refers_back(question)
        or bool(_CONTINUES.search(question))
        or len(question.split()) <= _SHORT
    )


_MAX_QUERY_WORDS = 60


def retrieval_query(question: str, previous_queries: list[str]) -> str:
    """What to search for: the question, preceded by what the previous turn searched for when
    the question refers back to it (so "and when does it end?" keeps the action in view)."""
    if previous_queries and is_follow_up(question):
        words = f"{previous_queries[-1]} {question}".split()
        return " ".join(words[-_MAX_QUERY_WORDS:])
    return question


class ConversationStore:
    """Conversations by ID in memory, forgotten after ``ttl_seconds`` of silence; the oldest
    are dropped beyond ``max_conversations``."""

    def __init__(
        self,
        ttl_seconds: float = 1800,
        max_conversations: int = 1000,
        max_turns: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl_seconds
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self._clock = clock
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str | None, owner: str = "") -> Conversation:
        """The live conversation with this ID and owner, or a new one (with a new ID unless
        the given one is free)."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            conversation = self._items.get(conversation_id) if conversation_id else None
            if conversation is not None and conversation.owner != owner:
                conversation_id, conversation = None, None  # someone else's: start afresh
            if conversation is None:
                conversation = Conversation(conversation_id or uuid.uuid4().hex, owner)
                self._items[conversation.id] = conversation
            conversation.touched = now
            self._items.move_to_end(conversation.id)
            while len(self._items) > self.max_conversations:
                self._items.popitem(last=False)
            return conversation

    def add(self, conversation: Conversation, turn: Turn) -> None:
        with self._lock:
            conversation.turns = [*conversation.turns, turn][-self.max_turns :]
            conversation.touched = self._clock()

    def _expire(self, now: float) -> None:
        for key in [k for k, c in self._items.items() if now - c.touched > self.ttl]:
            del self._items[key]
