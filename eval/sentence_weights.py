"""The sentence score's weights (AnswerOptions.score_weights), chosen with councils left out.

    make sentence-weights   (after make eval and make eval-councils have built both indexes)

A sentence scores its meaning's nearness to the question, the share of the question's words it
has and its passage's rank, weighed. For each weighing below, every question is answered with
no threshold, the abstention threshold is chosen on the tuning half of the councils as `make
answer-threshold` chooses it, and abstention, false abstention and citation accuracy at that
threshold are printed for both halves. The chosen weighing does best on the tuning half by the
same rule (abstention plus citation accuracy minus twice the false abstention); a tie keeps
the weights configured now.
"""

from __future__ import annotations

from assistant.answer import AnswerOptions
from eval.answer_threshold import THRESHOLDS, figures, merit, outcomes
from eval.leave_out import halves, rows_from_arguments

# (meaning, shared words, passage rank), each at least 0.1, summing to 1
WEIGHT_SETS = (
    (0.3, 0.3, 0.4),
    (0.3, 0.4, 0.3),
    (0.4, 0.2, 0.4),
    (0.4, 0.3, 0.3),
    (0.4, 0.4, 0.2),
    (0.5, 0.2, 0.3),
    (0.5, 0.3, 0.2),
    (0.5, 0.4, 0.1),
    (0.6, 0.2, 0.2),
    (0.6, 0.3, 0.1),
)


def chosen(
    rows: list[tuple], tuning: set[str], configured: tuple[float, float, float]
) -> tuple[tuple[float, float, float], dict]:
    """The weighing that does best on the tuning half, each at the threshold chosen for it
    there, and those thresholds; a tie keeps ``configured``: a default changes for a gain,
    not a coin toss."""
    weighings = list(dict.fromkeys(r[5] for r in rows))
    by_weights = {w: [r for r in rows if r[5] == w] for w in weighings}
    threshold = {
        w: max(THRESHOLDS, key=lambda t, rs=rs: merit(rs, t, tuning))
        for w, rs in by_weights.items()
    }
    best = max(
        weighings,
        key=lambda w: (round(merit(by_weights[w], threshold[w], tuning), 9), w == configured),
    )
    return best, threshold


def main() -> None:
    rows = rows_from_arguments(
        __doc__.split("\n\n")[0], lambda index, files: outcomes(index, files, WEIGHT_SETS)
    )
    tuning, held_out = halves({r[0] for r in rows})
    best, threshold = chosen(rows, tuning, AnswerOptions().score_weights)
    print(f"tuning councils: {', '.join(sorted(tuning))}")
    print("| meaning, words, rank | threshold | half | abstention | false abstention | citation |")
    print("|---|---|---|---|---|---|")
    for w in WEIGHT_SETS:
        for name, subset in (("tuning", tuning), ("held out", held_out)):
            f = figures([r for r in rows if r[5] == w], threshold[w], subset)
            mark = " (chosen)" if w == best else ""
            print(
                f"| {', '.join(map(str, w))}{mark} | {threshold[w]} | {name} "
                f"| {f['abstention']:.3f} | {f['false abstention']:.3f} "
                f"| {f['citation accuracy']:.3f} |"
            )


if __name__ == "__main__":
    main()
