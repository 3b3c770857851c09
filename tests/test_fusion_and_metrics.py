"""Score fusion, filters and the evaluation metrics (pure functions)."""

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
from index.fusion import Filters, score_fusion
from ingest.model import Chunk


def test_score_fusion_rewards_agreement_and_weighs_the_lists():
    dense = [(1, 0.9), (2, 0.8), (3, 0.5)]
    lexical = [(2, 10.0), (3, 5.0), (4, 1.0)]
    fused = score_fusion(dense, lexical, 0.25)
    assert [item for item, _ in fused] == [2, 3, 1, 4]
    assert dict(fused)[2] == 0.25 * 0.75 + 0.75 * 1.0
    assert [item for item, _ in score_fusion(dense, lexical, 1.0)][:2] == [1, 2]


def test_score_fusion_scales_vector_scores_over_what_was_retrieved():
    # similarities that barely differ still span 0..1: only the order within the list counts
    fused = dict(score_fusion([(1, 0.61), (2, 0.60)], [], 0.5))
    assert fused == {1: 0.5, 2: 0.0}


@given(
    st.dictionaries(st.integers(0, 30), st.floats(-1, 1), max_size=10),
    st.dictionaries(st.integers(0, 30), st.floats(0.01, 50), max_size=10),
    st.floats(0, 1),
)
def test_score_fusion_scores_every_item_once_in_descending_order(dense, lexical, weight):
    ranked = lambda d: sorted(d.items(), key=lambda p: -p[1])  # noqa: E731
    fused = score_fusion(ranked(dense), ranked(lexical), weight)
    assert sorted(item for item, _ in fused) == sorted({*dense, *lexical})
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
