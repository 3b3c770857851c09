"""Figures and tables from an evaluation run (pure: results in, dicts and Markdown out)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from eval.harness import QuestionResult
from eval.leave_out import halves
from eval.metrics import (
    Question,
    contains_evidence,
    keywords_present,
    mean_reciprocal_rank,
    ndcg_at_k,
    percentile,
    recall_at_k,
    share,
)

CUTOFFS = (1, 5, 10)
MISS_CUTOFF = 5


def retrieval_figures(results: Sequence[QuestionResult], system: str) -> dict:
    """recall@1/5/10, MRR and nDCG@10 over the answerable questions, for one system."""
    answerable = [r for r in results if r.question.answerable and system in r.retrieved]
    outcomes = [r.retrieved[system] for r in answerable]
    ranks = [o.rank for o in outcomes]
    figures: dict[str, float | int] = {"n": len(outcomes)}
    for k in CUTOFFS:
        figures[f"recall@{k}"] = recall_at_k(ranks, k)
    figures["mrr"] = mean_reciprocal_rank(ranks)
    figures["ndcg@10"] = (
        sum(ndcg_at_k(o.relevant, o.total_relevant, 10) for o in outcomes) / len(outcomes)
        if outcomes
        else 0.0
    )
    return figures


def answer_figures(results: Sequence[QuestionResult]) -> dict:
    """Citation and keyword accuracy, abstention and false abstention of the answers."""
    answered = [r for r in results if r.answer is not None]
    answerable = [r for r in answered if r.question.answerable]
    unanswerable = [r for r in answered if not r.question.answerable]
    with_keywords = [r for r in answered if r.question.answer_keywords]
    return {
        "n": len(answered),
        "citation_accuracy": share([cited_evidence(r) for r in answerable]),
        "keyword_accuracy": share(
            [keywords_present(r.answer.text, r.question.answer_keywords) for r in with_keywords]
        ),
        "abstention": share([abstained(r) for r in unanswerable]),
        "false_abstention": share([abstained(r) for r in answerable]),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "with_keywords": len(with_keywords),
        **answer_length_figures([r for r in answered if not abstained(r)]),
    }


def answer_length_figures(answered: Sequence[QuestionResult]) -> dict:
    """Median and 90th percentile of the answers' length in words (abstentions left out)."""
    words = [len(r.answer.text.split()) for r in answered]
    return {"words_median": percentile(words, 0.5), "words_p90": percentile(words, 0.9)}


def abstained(result: QuestionResult) -> bool:
    """An answer with no citations counts as an abstention, as the HTTP scorer counts it."""
    return result.answer.abstained or not result.answer.quotes


def cited_evidence(result: QuestionResult) -> bool:
    return any(contains_evidence(q.text, result.question.evidence) for q in result.answer.quotes)


def _grouped(results: Sequence[QuestionResult], key) -> dict[str, list[QuestionResult]]:
    groups: dict[str, list[QuestionResult]] = defaultdict(list)
    for result in results:
        groups[key(result.question)].append(result)
    return dict(sorted(groups.items()))


def summarise(results: Sequence[QuestionResult], systems: Sequence[str]) -> dict:
    """Overall and by group (``_groups``), for every system; the answers' figures for ours."""
    groups = _groups(results)
    summary: dict = {
        "questions": len(results),
        "answerable": sum(1 for r in results if r.question.answerable),
        "retrieval": {},
        "answers": {},
    }
    for system in systems:
        summary["retrieval"][system] = {
            "overall": retrieval_figures(results, system),
            **{
                group: {name: retrieval_figures(rs, system) for name, rs in members.items()}
                for group, members in groups.items()
            },
            f"misses@{MISS_CUTOFF}": [
                r.question.id
                for r in results
                if r.question.answerable and not _found(r, system, MISS_CUTOFF)
            ],
        }
    if any(r.answer is not None for r in results):
        summary["answers"] = {
            "overall": answer_figures(results),
            **{
                group: {name: answer_figures(rs) for name, rs in members.items()}
                for group, members in groups.items()
            },
        }
    return summary


def _groups(results: Sequence[QuestionResult]) -> dict[str, dict[str, list[QuestionResult]]]:
    """The results by question type; where the questions name councils, by council and by
    half of the councils, and with several question sets (minutes, plans) by set and half:
    one half may hold more of the harder kind of document."""
    groups = {"by_type": _grouped(results, lambda q: q.type)}
    if not any(r.question.council for r in results):
        return groups
    groups["by_council"] = _grouped(results, lambda q: q.council)
    half = council_half([r.question.council for r in results])
    groups["by_half"] = _grouped(results, half)
    if len({r.question.question_set for r in results}) > 1:
        groups["by_set_and_half"] = _grouped(results, lambda q: f"{q.question_set}, {half(q)}")
    return groups


TUNING_HALF, HELD_OUT_HALF = "tuning half", "held-out half"


def council_half(councils: Sequence[str]) -> Callable[[Question], str]:
    """A question's half of the councils as the tuning scripts split them (``halves``), whose
    constants are chosen on the tuning half: the held-out half shows how far they carry. A
    question with no council is in the tuning half, as the development set is there."""
    _, held_out = halves({c for c in councils if c})
    return lambda question: HELD_OUT_HALF if question.council in held_out else TUNING_HALF


def _found(result: QuestionResult, system: str, k: int) -> bool:
    rank = result.retrieved[system].rank if system in result.retrieved else None
    return rank is not None and rank <= k


def _cell(value) -> str:
    """Shares and scores (0 to 1) to three places; other figures (seconds, ms) to one."""
    if isinstance(value, float):
        return f"{value:.3f}" if 0 <= value <= 1 else f"{value:,.1f}"
    return str(value)


def as_measured(row: Sequence) -> list[str]:
    """A row of measured figures (seconds, counts) printed as they are, not as shares."""
    return [f"{v:,}" if isinstance(v, int) else str(v) for v in row]


def markdown_table(header: Sequence[str], rows: Sequence[Sequence]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


_GROUPS = (
    ("by_type", "question type"),
    ("by_council", "council"),
    ("by_half", "half of the councils"),
    ("by_set_and_half", "question set and half"),
)


def markdown_summary(summary: dict, title: str, notes: Sequence[str] = ()) -> str:
    """The side-by-side tables: retrieval by system, recall@5 by type, answers, misses."""
    systems = list(summary["retrieval"])
    lines = [f"# {title}", ""]
    lines += [f"- {note}" for note in notes]
    lines += [
        f"- {summary['questions']} questions, {summary['answerable']} answerable; a passage is "
        "relevant when it contains an evidence string (lowercased, whitespace collapsed)",
        "",
        "## Retrieval (answerable questions)",
        "",
    ]
    metrics = [f"recall@{k}" for k in CUTOFFS] + ["mrr", "ndcg@10"]
    lines += markdown_table(
        ["metric", *systems],
        [[m] + [summary["retrieval"][s]["overall"][m] for s in systems] for m in metrics],
    )
    for group, label in _GROUPS:
        names = list(summary["retrieval"][systems[0]].get(group, {})) if systems else []
        if not names:
            continue
        lines += ["", f"## Recall@5 by {label}", ""]
        rows = []
        for name in names:
            cells = [summary["retrieval"][s][group][name] for s in systems]
            if cells[0]["n"]:
                rows.append([name, cells[0]["n"], *[c["recall@5"] for c in cells]])
        lines += markdown_table([label, "n", *systems], rows)
    if summary["answers"]:
        overall = summary["answers"]["overall"]
        lines += ["", "## Answers (ours)", ""]
        lines += markdown_table(
            ["metric", "value", "over"],
            [
                ["citation accuracy", overall["citation_accuracy"], overall["answerable"]],
                ["answer keyword accuracy", overall["keyword_accuracy"], overall["with_keywords"]],
                ["abstention on unanswerable", overall["abstention"], overall["unanswerable"]],
                ["false abstention", overall["false_abstention"], overall["answerable"]],
                ["answer words, median", overall["words_median"], "answers given"],
                ["answer words, 90th percentile", overall["words_p90"], "answers given"],
            ],
        )
        for group, label in _GROUPS:
            if summary["answers"].get(group):
                lines += ["", f"By {label}:", ""]
                lines += _answers_table(label, summary["answers"][group])
    lines += ["", f"## Missed (no relevant passage in the top {MISS_CUTOFF})", ""]
    lines += markdown_table(
        ["system", "questions"],
        [
            [s, ", ".join(summary["retrieval"][s][f"misses@{MISS_CUTOFF}"]) or "none"]
            for s in systems
        ],
    )
    return "\n".join(lines) + "\n"


def _answers_table(label: str, groups: dict) -> list[str]:
    return markdown_table(
        [label, "n", "citation accuracy", "keyword accuracy", "abstained", "falsely abstained"],
        [
            [
                name,
                f["n"],
                f["citation_accuracy"] if f["answerable"] else "–",
                f["keyword_accuracy"] if f["with_keywords"] else "–",
                _count(f["abstention"], f["unanswerable"]),
                _count(f["false_abstention"], f["answerable"]),
            ]
            for name, f in groups.items()
        ],
    )


def _count(rate: float, total: int) -> str:
    return f"{round(rate * total)}/{total}" if total else "–"


def markdown_questions(results: Sequence[QuestionResult], shown: int = 5) -> str:
    """Question by question: each system's rank, what ours retrieved and cited, the answer."""
    lines = ["# Question by question", ""]
    for result in results:
        q = result.question
        ranks = ", ".join(
            f"{name} {retrieved.rank or '–'}" for name, retrieved in result.retrieved.items()
        )
        lines += [f"## {q.id} ({q.type}): {q.question}", ""]
        lines.append(f"- evidence: {' | '.join(q.evidence) or '(none: should abstain)'}")
        lines.append(f"- first relevant rank: {ranks}")
        for name, retrieved in result.retrieved.items():
            lines.append(f"- {name} retrieved:")
            for rank, (passage, hit) in enumerate(
                zip(retrieved.passages[:shown], retrieved.relevant[:shown], strict=True), start=1
            ):
                mark = "✓" if hit else " "
                lines.append(f"  {rank}. {mark} {passage.label}: {_clip(passage.text)}")
        if result.answer is not None:
            verdict = "abstained" if abstained(result) else result.answer.mode
            if q.answerable and not abstained(result):
                verdict += ", evidence cited" if cited_evidence(result) else ", evidence NOT cited"
            lines.append(f"- answer ({verdict}): {_clip(result.answer.text, 400)}")
            for n, quote in enumerate(result.answer.quotes, start=1):
                lines.append(f"  [{n}] {quote.label}: {_clip(quote.text)}")
        lines.append("")
    return "\n".join(lines)


def _clip(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def question_rows(results: Sequence[QuestionResult]) -> list[dict]:
    """The per-question outcomes as plain data, for the JSON file."""
    rows = []
    for result in results:
        row = {
            "id": result.question.id,
            "type": result.question.type,
            "council": result.question.council,
            "question": result.question.question,
            "evidence": list(result.question.evidence),
            "rank": {name: r.rank for name, r in result.retrieved.items()},
            "retrieved": {
                name: [
                    {"label": p.label, "relevant": hit}
                    for p, hit in zip(r.passages, r.relevant, strict=True)
                ]
                for name, r in result.retrieved.items()
            },
        }
        if result.answer is not None:
            row["answer"] = {
                "text": result.answer.text,
                "mode": result.answer.mode,
                "abstained": abstained(result),
                "evidence_cited": cited_evidence(result) if result.question.answerable else None,
                "keywords_present": keywords_present(
                    result.answer.text, result.question.answer_keywords
                ),
                "citations": [{"label": q.label, "quote": q.text} for q in result.answer.quotes],
            }
        rows.append(row)
    return rows
