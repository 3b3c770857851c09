"""Rank fusion, filters and the evaluation metrics (pure functions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eval.metrics import (
    contains_evidence,
    first_relevant_rank,
    mean_reciprocal_rank,
    percentile,
    recall_at_k,
)
from index.fusion import Filters, reciprocal_rank_fusion
from ingest.model import Chunk


def test_rrf_rewards_agreement_between_rankings():
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 3, 4]])
    assert [item for item, _ in fused] == [2, 3, 1, 4]
    assert fused[0] == (2, 1 / 62 + 1 / 61)


def test_rrf_weights_scale_a_ranking():
    fused = dict(reciprocal_rank_fusion([[1], [2]], weights=[1.0, 2.0]))
    assert fused[2] == 2 * fused[1]


@given(st.lists(st.lists(st.integers(0, 30), unique=True, max_size=10), min_size=1, max_size=4))
def test_rrf_scores_every_item_once_in_descending_order(rankings):
    fused = reciprocal_rank_fusion(rankings)
    items = [item for item, _ in fused]
    assert sorted(items) == sorted({i for r in rankings for i in r})
    scores = [score for _, score in fused]
    assert scores == sorted(scores, reverse=True)


def chunk(**fields) -> Chunk:
    base = dict(
        chunk_id="d:1",
        doc_id="d",
        source="pack.pdf",
        title="Pack",
        doc_type="minutes",
        text="t",
        locator="Minute 1",
        date="2020-10-20",
        body="Cabinet",
    )
    return Chunk(**{**base, **fields})


def test_filters_on_type_source_body_and_dates():
    minute = chunk()
    assert Filters().allows(minute)
    assert Filters(doc_type="minutes", body="cabinet", source="pack.pdf").allows(minute)
    assert not Filters(doc_type="action plan").allows(minute)
    assert not Filters(body="Scrutiny Commission").allows(minute)
    assert Filters(date_from="2020-10", date_to="2020").allows(minute)
    assert not Filters(date_from="2020-10-21").allows(minute)
    assert not Filters(date_to="2020-09").allows(minute)
    assert not Filters(date_from="2019").allows(chunk(date=None))


def test_month_precision_dates_match_any_day_of_that_month():
    update = chunk(date="2024-12")
    assert Filters(date_from="2024-12-15").allows(update)
    assert Filters(date_to="2024-12-01").allows(update)
    assert not Filters(date_from="2025-01-01").allows(update)


def test_evidence_matching_ignores_case_and_spacing():
    assert contains_evidence("Three  districts have\nalready approached", ["three districts have"])
    assert not contains_evidence("Two districts", ["three districts"])


def test_recall_and_mrr():
    passages = ["nothing", "the 102 responses were received", "other"]
    rank = first_relevant_rank(passages, ["102 responses"])
    assert rank == 2
    ranks = [1, 2, None, 6]
    assert recall_at_k(ranks, 5) == 0.5
    assert mean_reciprocal_rank(ranks) == (1 + 0.5 + 1 / 6) / 4
    assert recall_at_k([], 5) == 0.0


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([], 0.5) == 0.0
