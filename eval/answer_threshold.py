"""The answer's abstention threshold (AnswerOptions.min_score), chosen with councils left out.

    make answer-threshold   (after make eval and make eval-councils have built both indexes)

Each question is answered once with no threshold; its best sentence's score is kept with
whether the answer would cite the evidence, or for an unanswerable question whether it
abstained for another reason. Then for each threshold: abstention on unanswerable questions,
false abstention and citation accuracy, on a tuning half of the councils (sorted by name,
alternately) and on the held-out half. The chosen threshold maximises, on the tuning half,
abstention plus citation accuracy minus twice the false abstention. Last, each council is
answered at the threshold chosen on all the others, and the figures pooled over the councils.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assistant.answer import AnswerOptions
from assistant.cli import embedder_for
from assistant.service import AssistantService
from assistant.settings import Settings
from eval.leave_out import by_council, each_left_out, halves, rows_from_arguments
from eval.metrics import contains_evidence, load_question_files

THRESHOLDS = tuple(round(0.40 + 0.02 * n, 2) for n in range(11))


def outcomes(
    index: Path,
    files: list[Path],
    weight_sets: tuple[tuple[float, float, float] | None, ...] = (None,),
) -> list[tuple]:
    """(council, answerable, best score, cites the evidence, abstained anyway, sentence score
    weights) per question, answered with no threshold under each of ``weight_sets`` (None:
    the configured weights)."""
    settings = Settings(index_dir=index)
    service = AssistantService.from_settings(settings, embedder_for(settings))
    configured = dataclasses.replace(service.options, min_score=-1.0)
    questions = load_question_files(files)
    rows = []
    for weights in weight_sets:
        service.options = dataclasses.replace(
            configured, score_weights=weights or configured.score_weights
        )
        for question in questions:
            result, _ = service.ask(question.question)
            cited = any(contains_evidence(c.quote, question.evidence) for c in result.citations)
            rows.append(
                (
                    question.council or index.name,
                    question.answerable,
                    result.score if result.mode == "extractive" else 1.0,
                    cited and question.answerable,
                    result.abstained,
                    weights,
                )
            )
    return rows


def merit(rows, threshold: float | dict[str, float], councils: set[str]) -> float:
    """What the threshold is chosen by: abstention plus citation accuracy minus twice the false
    abstention, over ``councils``."""
    f = figures(rows, threshold, councils)
    return f["abstention"] + f["citation accuracy"] - 2 * f["false abstention"]


def figures(rows, threshold: float | dict[str, float], councils: set[str]) -> dict[str, float]:
    """Abstention, false abstention and citation accuracy over ``councils`` at one threshold,
    or at each council's own (a dict by council)."""
    at = by_council(threshold, councils)
    chosen = [r for r in rows if r[0] in councils]
    answerable = [r for r in chosen if r[1]]
    unanswerable = [r for r in chosen if not r[1]]
    abstains = [r[4] or r[2] < at[r[0]] for r in chosen]
    by_row = dict(zip(map(id, chosen), abstains, strict=True))
    share = lambda flags: sum(flags) / len(flags) if flags else 0.0  # noqa: E731
    return {
        "abstention": share([by_row[id(r)] for r in unanswerable]),
        "false abstention": share([by_row[id(r)] for r in answerable]),
        "citation accuracy": share([r[3] and not by_row[id(r)] for r in answerable]),
    }


def main() -> None:
    rows = rows_from_arguments(__doc__.split("\n\n")[0], outcomes)
    tuning, held_out = halves({r[0] for r in rows})
    split = {"tuning": tuning, "held out": held_out}

    best = max(THRESHOLDS, key=lambda t: merit(rows, t, tuning))
    print(f"tuning councils: {', '.join(sorted(split['tuning']))}")
    print("| threshold | half | abstention | false abstention | citation accuracy |")
    print("|---|---|---|---|---|")
    for t in THRESHOLDS:
        for name, subset in split.items():
            f = figures(rows, t, subset)
            mark = " (chosen)" if t == best else ""
            print(
                f"| {t}{mark} | {name} | {f['abstention']:.3f} | {f['false abstention']:.3f} "
                f"| {f['citation accuracy']:.3f} |"
            )
    unseen = each_left_out(
        {r[0] for r in rows}, lambda others: max(THRESHOLDS, key=lambda t: merit(rows, t, others))
    )
    print_left_out(rows, unseen, AnswerOptions().min_score)


def print_left_out(rows, unseen: dict[str, float], configured: float) -> None:
    """Each council at the threshold chosen on all the others, beside all at ``configured``."""
    councils = set(unseen)
    print("\nEach council left out in turn, at the threshold chosen on all the others:")
    for council, threshold in unseen.items():
        print(f"- {council}: {threshold}")
    print("| thresholds | abstention | false abstention | citation accuracy |")
    print("|---|---|---|---|")
    for name, threshold in (("each council's, left out", unseen), (configured, configured)):
        f = figures(rows, threshold, councils)
        print(
            f"| {name} | {f['abstention']:.3f} | {f['false abstention']:.3f} "
            f"| {f['citation accuracy']:.3f} |"
        )


if __name__ == "__main__":
    main()
