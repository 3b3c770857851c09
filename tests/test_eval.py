"""The evaluation harness: metric functions, the run over systems, the report, `assistant eval`."""

from __future__ import annotations

import json
import math

import pytest

from assistant import cli
from eval.harness import AnswerOutcome, Passage, QuestionResult, Retrieved, run_questions
from eval.metrics import (
    Question,
    keywords_present,
    load_questions,
    ndcg_at_k,
    normalise,
    share,
)
from eval.report import markdown_questions, markdown_summary, summarise
from tests.fakes import HashEmbedder


def test_ndcg_rewards_relevant_passages_near_the_top():
    assert ndcg_at_k([True, False, False], total_relevant=1) == 1.0
    assert ndcg_at_k([False, True], total_relevant=1) == pytest.approx(1 / math.log2(3))
    # two relevant passages exist but only one was found, at the top
    assert ndcg_at_k([True, False], total_relevant=2) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k([False] * 10 + [True], total_relevant=1, k=10) == 0.0
    assert ndcg_at_k([True], total_relevant=0) == 0.0


def test_keywords_need_every_one_and_read_thousands_without_commas():
    assert keywords_present("About 1,200 homes and GIS maps", ["1200", "gis"])
    assert not keywords_present("GIS maps", ["GIS", "Excel"])
    assert not keywords_present("anything", [])
    assert normalise("  Over\n12,500  TONNES ") == "over 12500 tonnes"
    assert share([True, False, True, True]) == 0.75 and share([]) == 0.0


def test_question_file_keeps_keywords_and_reports_bad_lines(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "Q?", "type": "fact", "evidence": ["x"],'
        ' "answer_keywords": ["k"]}\n\n{"id": "b", "question": "None?", "evidence": []}\n'
    )
    first, second = load_questions(path)
    assert first.answer_keywords == ("k",) and first.answerable
    assert not second.answerable and second.type == "all"
    path.write_text('{"id": "c"}\n')
    with pytest.raises(ValueError, match="q.jsonl:1"):
        load_questions(path)


class ListRetriever:
    """A retriever that returns fixed passages in a fixed order."""

    def __init__(self, name: str, texts: list[str]) -> None:
        self.name = name
        self.texts = texts

    def all_texts(self) -> list[str]:
        return self.texts

    def retrieve(self, query: str, k: int) -> list[Passage]:
        return [Passage(f"{self.name} {i}", t) for i, t in enumerate(self.texts[:k])]


def question(qid: str, evidence: tuple[str, ...], qtype: str = "fact", keywords=()) -> Question:
    return Question(qid, f"question {qid}?", qtype, evidence, answer_keywords=tuple(keywords))


def test_run_questions_marks_relevance_and_counts_every_relevant_passage():
    questions = [question("q1", ("heat pumps",)), question("q2", ())]
    good = ListRetriever("good", ["Heat  pumps are cheap", "solar", "heat pumps again"])
    poor = ListRetriever("poor", ["solar", "wind", "heat pumps"])

    def answerer(text: str) -> AnswerOutcome:
        return AnswerOutcome("Heat pumps are cheap [1]", [Passage("doc", "Heat pumps")], False)

    results = run_questions(questions, [good, poor], answerer, k=2)
    first = results[0]
    assert first.retrieved["good"].relevant == [True, False]
    assert first.retrieved["good"].total_relevant == 2
    assert first.retrieved["poor"].rank is None  # its relevant passage is third, beyond k
    assert results[1].retrieved["good"].total_relevant == 0
    assert results[0].answer.text.startswith("Heat pumps")


def result(
    q: Question, ranks: dict[str, list[bool]], answer: AnswerOutcome | None
) -> QuestionResult:
    retrieved = {
        name: Retrieved([Passage(name, "text")] * len(flags), flags, max(1, sum(flags)))
        for name, flags in ranks.items()
    }
    return QuestionResult(q, retrieved, answer)


def test_summary_figures_overall_by_type_and_misses():
    cited = AnswerOutcome("There are three [1]", [Passage("d", "Three districts")], False)
    uncited = AnswerOutcome("Something else [1]", [Passage("d", "Nothing here")], False)
    abstain = AnswerOutcome("The documents do not say.", [], True)
    no_quotes = AnswerOutcome("Unsupported words", [], False)  # no citation counts as abstaining
    results = [
        result(
            question("q1", ("three districts",), "fact", ["three"]),
            {"ours": [True], "peer": [False, True]},
            cited,
        ),
        result(
            question("q2", ("heat",), "action", ["heat"]),
            {"ours": [False] * 6 + [True], "peer": [False] * 7},
            uncited,
        ),
        result(question("q3", (), "unanswerable"), {"ours": [False], "peer": [False]}, abstain),
        result(question("q4", (), "unanswerable"), {"ours": [False], "peer": [False]}, no_quotes),
        result(question("q5", ("wind",), "fact"), {"ours": [False], "peer": [True]}, abstain),
    ]
    summary = summarise(results, ["ours", "peer"])
    ours = summary["retrieval"]["ours"]["overall"]
    assert ours["n"] == 3
    assert ours["recall@1"] == pytest.approx(1 / 3)
    assert ours["recall@5"] == pytest.approx(1 / 3) and ours["recall@10"] == pytest.approx(2 / 3)
    assert ours["mrr"] == pytest.approx((1 + 1 / 7) / 3)
    assert summary["retrieval"]["ours"]["misses@5"] == ["q2", "q5"]
    assert summary["retrieval"]["peer"]["by_type"]["fact"]["recall@1"] == 0.5
    answers = summary["answers"]["overall"]
    assert answers["citation_accuracy"] == pytest.approx(1 / 3)
    assert answers["keyword_accuracy"] == 0.5
    assert answers["abstention"] == 1.0
    assert answers["false_abstention"] == pytest.approx(1 / 3)

    text = markdown_summary(summary, "Dev run", ["index: somewhere"])
    assert "| metric | ours | peer |" in text
    assert "| recall@10 | 0.667 | 0.667 |" in text
    assert "| ours | q2, q5 |" in text
    assert "| unanswerable | 2 | – | – | 2/2 |" in text
    listing = markdown_questions(results)
    assert "## q2 (action): question q2?" in listing
    assert "evidence NOT cited" in listing and "first relevant rank: ours 7, peer –" in listing


def test_each_council_left_out_gets_what_is_chosen_on_the_others():
    from eval.leave_out import each_left_out

    chosen = each_left_out(["Bristol", "Atlanta", "Milburn"], lambda others: sorted(others)[0])
    assert chosen == {"Atlanta": "Bristol", "Bristol": "Atlanta", "Milburn": "Atlanta"}


def test_summary_splits_the_councils_into_the_halves_the_constants_are_tuned_on():
    found = AnswerOutcome("Three [1]", [Passage("d", "Three districts")], False)
    missed = AnswerOutcome("Other [1]", [Passage("d", "Nothing here")], False)

    def asked_of(council: str, question_set: str) -> QuestionResult:
        q = Question(
            council,
            "how many?",
            "fact",
            ("three districts",),
            extra={"council": council},
            question_set=question_set,
        )
        hit = council in ("Atlanta", "Broxbourne")
        return result(q, {"ours": [hit]}, found if hit else missed)

    # sorted by name and taken alternately: Atlanta and Broxbourne tune, Bristol and Bucks not
    results = [asked_of(c, "plans.jsonl") for c in ("Bucks", "Atlanta", "Broxbourne")]
    results += [asked_of("Bristol", "minutes.jsonl")]
    summary = summarise(results, ["ours"])
    halves = summary["retrieval"]["ours"]["by_half"]
    assert halves["tuning half"]["recall@5"] == 1.0 and halves["tuning half"]["n"] == 2
    assert halves["held-out half"]["recall@5"] == 0.0
    assert summary["answers"]["by_half"]["held-out half"]["citation_accuracy"] == 0.0
    by_set = summary["answers"]["by_set_and_half"]
    assert by_set["plans.jsonl, held-out half"]["n"] == 1
    assert by_set["plans.jsonl, tuning half"]["citation_accuracy"] == 1.0
    assert by_set["minutes.jsonl, held-out half"]["citation_accuracy"] == 0.0
    text = markdown_summary(summary, "Councils")
    assert "## Recall@5 by half of the councils" in text
    assert "| held-out half | 2 | 0.000 |" in text
    assert "| plans.jsonl, tuning half | 2 | 1.000 |" in text


@pytest.fixture
def folder_and_questions(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text(
        "Minutes of Cabinet\n\nThe Cabinet resolved to approve the speed camera programme.\n"
    )
    (docs / "heat.md").write_text("# Heat\n\nHeat networks suit dense town centres.\n")
    questions = tmp_path / "questions.jsonl"
    lines = [
        {
            "id": "d1",
            "question": "What did Cabinet resolve about the speed camera programme?",
            "type": "decision",
            "evidence": ["approve the speed camera programme"],
            "answer_keywords": ["approve"],
        },
        {
            "id": "u1",
            "question": "What is the mayor's favourite colour?",
            "type": "unanswerable",
            "evidence": [],
            "answer_keywords": [],
        },
    ]
    questions.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return docs, questions


def test_eval_command_writes_tables_listing_and_json(
    folder_and_questions, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(cli, "embedder_for", lambda settings: HashEmbedder())
    docs, questions = folder_and_questions
    index, out = str(tmp_path / "index"), tmp_path / "report"
    assert cli.main(["ingest", str(docs), "--index", index]) == 0
    capsys.readouterr()
    code = cli.main(["eval", str(questions), "--index", index, "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "| metric | ours | langchain | bm25 |" in printed
    saved = json.loads((out / "eval.json").read_text())
    ours = saved["summary"]["retrieval"]["ours"]["overall"]
    assert ours["n"] == 1 and ours["recall@10"] == 1.0
    assert saved["summary"]["retrieval"]["bm25"]["overall"]["recall@10"] == 1.0
    assert [q["id"] for q in saved["questions"]] == ["d1", "u1"]
    assert saved["questions"][0]["answer"]["evidence_cited"] is True
    assert "## u1 (unanswerable)" in (out / "eval-questions.md").read_text()


def test_eval_command_refuses_a_missing_question_file(tmp_path, capsys):
    code = cli.main(["eval", str(tmp_path / "none.jsonl"), "--index", str(tmp_path)])
    assert code == cli.EXIT_ERROR
    assert "no such question file" in capsys.readouterr().err


def test_sentence_weights_are_chosen_on_the_tuning_half_and_a_tie_keeps_the_configured():
    from eval.sentence_weights import chosen

    now, other = (0.5, 0.3, 0.2), (0.6, 0.2, 0.2)

    def rows(weights, tuning_cited: int, held_out_cited: int) -> list[tuple]:
        """(council, answerable, best score, cited, abstained anyway, weights)"""
        return [
            *[("A", True, 0.7, n < tuning_cited, False, weights) for n in range(4)],
            ("A", False, 0.3, False, False, weights),
            *[("B", True, 0.7, n < held_out_cited, False, weights) for n in range(4)],
        ]

    # the held-out half ("B") does not choose
    best, threshold = chosen(rows(now, 3, 4) + rows(other, 4, 0), {"A"}, now)
    assert best == other and threshold[other] > 0.3
    # a tie on the tuning half keeps the weights configured, whichever comes first
    assert chosen(rows(other, 3, 0) + rows(now, 3, 4), {"A"}, now)[0] == now
    assert chosen(rows(now, 3, 4) + rows(other, 3, 0), {"A"}, other)[0] == other
