"""End to end on the real council documents with the real embedding model (slow tier).

The corpus index is built once per run by ``corpus_build`` in conftest.py; the tests skip when
the corpus is not there.
"""

from __future__ import annotations

import pytest

from index.fusion import Filters
from index.search import HybridSearcher

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_index(corpus_build):
    return corpus_build.report, HybridSearcher.open(
        corpus_build.settings.index_dir, corpus_build.embedder
    )


def test_every_corpus_file_is_indexed_with_its_type(corpus_index):
    report, searcher = corpus_index
    assert report.count("failed") == 0 and report.count("added") == len(report.files)
    types = {d["source"]: d["doc_type"] for d in searcher.manifest.documents.values()}
    assert "agenda/report pack" in types.values()
    assert "action plan" in types.values()
    assert all(
        t in {"agenda/report pack", "action plan", "report", "minutes"} for t in types.values()
    )


def test_minutes_in_the_pack_are_chunked_one_per_minute(corpus_index):
    _, searcher = corpus_index
    minutes = [c for c in searcher.chunks if "minute_number" in c.meta]
    numbers = sorted({c.meta["minute_number"] for c in minutes})
    assert len(numbers) >= 5
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # consecutive
    assert all(
        c.body and c.date and c.locator == f"Minute {c.meta['minute_number']}" for c in minutes
    )
    decided = [c for c in minutes if "RESOLVED" in c.text]
    assert decided and all(c.page_start for c in decided)


def test_every_chunk_carries_a_citation(corpus_index):
    _, searcher = corpus_index
    for chunk in searcher.chunks:
        assert chunk.chunk_id and chunk.source and chunk.locator and chunk.text.strip()
        if chunk.source.endswith(".pdf"):
            assert chunk.page_start is not None


def test_action_found_by_latin_id_and_filters_hold(corpus_index):
    _, searcher = corpus_index
    action_ids = sorted({c.meta["action_id"] for c in searcher.chunks if c.meta.get("action_id")})
    assert len(action_ids) >= 20
    for action_id in action_ids[:: max(1, len(action_ids) // 10)]:
        hits = searcher.search(f"action {action_id}", k=5, filters=Filters(doc_type="action plan"))
        assert any(h.chunk.meta.get("action_id") == action_id for h in hits), action_id


def test_plain_language_question_reaches_a_cabinet_decision(corpus_index):
    _, searcher = corpus_index
    hits = searcher.search("what did the Cabinet decide about average speed cameras", k=5)
    assert any("minute_number" in h.chunk.meta and "RESOLVED" in h.chunk.text for h in hits)


def test_answers_cite_the_decision_and_abstain_on_what_the_documents_do_not_say(corpus_index):
    from assistant.answer import answer
    from assistant.glossary import Glossary

    _, searcher = corpus_index
    glossary = Glossary.load()

    def retrieve(query):
        return searcher.search(query, 8, synonyms=glossary.expansions(query))

    decided = answer(
        "What did Cabinet resolve about average speed cameras?",
        retrieve,
        searcher,
        glossary,
    )
    assert not decided.abstained
    assert any(
        "RESOLVED" in c.quote and c.chunk.meta.get("minute_number") for c in decided.citations
    )
    unknown = answer(
        "When will the new swimming pool in Loughborough open?",
        retrieve,
        searcher,
        glossary,
    )
    assert unknown.abstained and unknown.nearest
