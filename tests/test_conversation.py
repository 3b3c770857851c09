"""Follow-up questions and the conversation store (pure logic, a fake clock)."""

from __future__ import annotations

from assistant.conversation import ConversationStore, Turn, is_follow_up, retrieval_query


def test_follow_ups_are_recognised():
    assert is_follow_up("and who leads it?")
    assert is_follow_up("What about the 2050 plan?")
    assert is_follow_up("When does that end?")
    assert not is_follow_up("Which actions does the Carbon Reduction Team lead in transport?")


def test_a_follow_up_is_searched_with_the_previous_question():
    previous = ["What is the latest on action T22?"]
    assert retrieval_query("and who leads it?", previous) == (
        "What is the latest on action T22? and who leads it?"
    )
    standalone = "How many homes is Melton North meant to deliver?"
    assert retrieval_query(standalone, previous) == standalone
    assert retrieval_query("and who leads it?", []) == "and who leads it?"


def test_long_chains_keep_the_most_recent_words():
    query = retrieval_query("and then?", [" ".join(["word"] * 100)])
    assert len(query.split()) == 60 and query.endswith("and then?")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_store_keeps_turns_and_forgets_after_silence():
    clock = Clock()
    store = ConversationStore(ttl_seconds=60, clock=clock)
    conversation = store.get(None)
    store.add(conversation, Turn("What is T22?", "What is T22?"))
    clock.now = 30
    assert store.get(conversation.id).turns[0].question == "What is T22?"
    clock.now = 100
    fresh = store.get(conversation.id)
    assert fresh.id == conversation.id and fresh.turns == []


def test_store_bounds_conversations_and_turns():
    clock = Clock()
    store = ConversationStore(max_conversations=2, max_turns=3, clock=clock)
    first = store.get("a")
    for n in range(5):
        store.add(first, Turn(f"q{n}", f"q{n}"))
    assert [t.question for t in store.get("a").turns] == ["q2", "q3", "q4"]
    store.get("b")
    store.get("c")  # "a" is now the least recently used, and dropped
    assert store.get("a").turns == []
