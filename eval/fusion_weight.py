"""The vector similarities' share of the fused score, chosen with councils left out.

    make fusion-weight   (after make eval and make eval-councils have built both indexes)

Each --index is followed by the question files asked of it. The councils (a question's
`council` field, else the index's folder name) are sorted by name and split alternately into
a tuning half and a held-out half; recall@5 of the fused ranking (index.fusion.score_fusion, as
the search uses it) is printed for each weight on both halves, with the weight that does best on
the tuning half marked.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from assistant.cli import embedder_for
from assistant.service import AssistantService
from assistant.settings import Settings
from eval.leave_out import by_council, each_left_out, halves, rows_from_arguments
from eval.metrics import contains_evidence, load_question_files
from index.fusion import score_fusion
from index.search import DENSE_WEIGHT, MIN_CANDIDATES

WEIGHTS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1.0)


def rankings(index: Path, question_files: list[Path]) -> list[tuple[str, list, list, set]]:
    """(council, vector scores, word scores, relevant positions) per answerable question."""
    settings = Settings(index_dir=index)
    service = AssistantService.from_settings(settings, embedder_for(settings))
    searcher = service.live.searcher()
    rows = []
    for question in load_question_files(question_files):
        if not question.answerable:
            continue
        dense = searcher.dense_scored(question.question, MIN_CANDIDATES)
        synonyms = " ".join(service.glossary.expansions(question.question))
        lexical = searcher.lexical_scored(question.question, MIN_CANDIDATES, synonyms)
        relevant = {
            i
            for i, _ in [*dense, *lexical]
            if contains_evidence(searcher.chunks[i].text, question.evidence)
        }
        rows.append((question.council or index.name, dense, lexical, relevant))
    return rows


def recall_at_5(rows, weight: float | dict[str, float], councils: set[str]) -> float:
    """Recall@5 over ``councils`` at one weight, or at each council's own (a dict)."""
    at = by_council(weight, councils)
    found = []
    for council, dense, lexical, relevant in rows:
        if council in councils:
            fused = [i for i, _ in score_fusion(dense, lexical, at[council])]
            found.append(any(i in relevant for i in fused[:5]))
    return sum(found) / len(found) if found else 0.0


def main() -> None:
    rows = rows_from_arguments(__doc__.split("\n\n")[0], rankings)
    councils = sorted({row[0] for row in rows})
    tuning, held_out = halves(set(councils))
    results = defaultdict(dict)
    for weight in WEIGHTS:
        for name, subset in (("tuning", tuning), ("held out", held_out), ("all", set(councils))):
            results[weight][name] = recall_at_5(rows, weight, subset)
    best = max(WEIGHTS, key=lambda w: results[w]["tuning"])
    print(f"tuning councils: {', '.join(sorted(tuning))}")
    print(f"held-out councils: {', '.join(sorted(held_out))}")
    print("| vector share | recall@5 tuning | recall@5 held out | recall@5 all |")
    print("|---|---|---|---|")
    for weight in WEIGHTS:
        mark = " (chosen)" if weight == best else ""
        cells = " | ".join(f"{results[weight][n]:.3f}" for n in ("tuning", "held out", "all"))
        print(f"| {weight}{mark} | {cells} |")
    unseen = each_left_out(
        councils, lambda others: max(WEIGHTS, key=lambda w: recall_at_5(rows, w, others))
    )
    print("\nEach council left out in turn, at the weight chosen on all the others:")
    for council, weight in unseen.items():
        print(f"- {council}: {weight}")
    every = set(councils)
    left_out, configured = recall_at_5(rows, unseen, every), recall_at_5(rows, DENSE_WEIGHT, every)
    print(f"recall@5, each council at its own weight: {left_out:.3f}")
    print(f"recall@5, all at the configured {DENSE_WEIGHT}: {configured:.3f}")


if __name__ == "__main__":
    main()
