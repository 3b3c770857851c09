"""Extractive answers: sentence choice, citation numbering, abstention (no model, no index)."""

from __future__ import annotations

import dataclasses
import functools

from assistant.answer import (
    ABSTAIN_MESSAGE,
    AnswerOptions,
    QuestionTerms,
    answer,
    asked_parts,
    cited_numbers,
    compose,
    covers_years,
    newest_first,
    passage_units,
    question_parts,
    select_units,
    source_label,
    word_overlap,
)
from assistant.glossary import Glossary
from index.search import Hit
from index.unit_vectors import EmbeddedOnDemand
from ingest.model import Chunk
from tests.fakes import HashEmbedder

GLOSSARY = Glossary.load()


def chunk(n: int, text: str, **fields) -> Chunk:
    base = dict(
        chunk_id=f"doc:{n:05d}",
        doc_id="doc",
        source="pack.pdf",
        title="Cabinet pack",
        doc_type="agenda/report pack",
        text=text,
        locator=f"Minute {440 + n}",
        page_start=n,
        page_end=n,
        date="2020-10-20",
        body="Cabinet",
    )
    return Chunk(**{**base, **fields})


PASSAGES = [
    chunk(
        1,
        "448. Community Speed Enforcement Initiative.\nThe Cabinet considered the average "
        "speed camera trial at seven sites.\nRESOLVED: That the programme of average speed "
        "cameras be continued across the county.",
    ),
    chunk(
        2,
        "449. Healthy Weight Strategy.\nThe draft strategy was approved for consultation. "
        "A further report will come to the Cabinet in Spring 2021.",
    ),
    chunk(
        3,
        "Action ID: T7\nAction: Install electric vehicle chargers\nLead: Highways team\n"
        "Timescale End: Mar-27",
        locator="Action T7 (2050 plan, Transport)",
        page_start=None,
        page_end=None,
    ),
    chunk(4, "Waste collection rounds were reviewed for the new depot in Whetstone."),
]


def retriever(passages):
    def retrieve(query: str) -> list[Hit]:
        embedder = HashEmbedder()
        vectors = embedder.embed([query, *(p.text for p in passages)])
        scores = vectors[1:] @ vectors[0]
        order = sorted(range(len(passages)), key=lambda i: -scores[i])
        return [Hit(passages[i], float(scores[i]), r, r) for r, i in enumerate(order, start=1)]

    return retrieve


# The hash embedder's similarities run lower than a real model's, so its threshold is lower.
FAKE_MODEL_OPTIONS = AnswerOptions(min_score=0.4)


def ask(question: str, options: AnswerOptions = FAKE_MODEL_OPTIONS):
    vectors = EmbeddedOnDemand(HashEmbedder())
    return answer(question, retriever(PASSAGES), vectors, GLOSSARY, options)


def answer_from(question: str, passage: Chunk, min_score: float = 0.3):
    """``question`` answered from ``passage`` alone, with no glossary."""
    hits = [Hit(passage, 1.0, 1, 1)]
    embedded = EmbeddedOnDemand(HashEmbedder())
    return answer(
        question, lambda _q: hits, embedded, Glossary([]), AnswerOptions(min_score=min_score)
    )


def test_answer_quotes_the_documents_and_cites_each_part():
    result = ask("What did the Cabinet resolve about average speed cameras?")
    assert not result.abstained
    assert "RESOLVED: That the programme of average speed cameras be continued" in result.text
    assert result.citations[0].chunk.locator == "Minute 441"
    for citation in result.citations:
        for quote in citation.quote.split(" … "):
            assert quote in citation.chunk.text.replace("\n", " ")  # verbatim, nothing invented
    assert (
        cited_numbers(result.text, len(result.citations))
        == [c.n for c in result.citations]
        == list(range(1, len(result.citations) + 1))
    )


def test_each_line_of_the_answer_ends_with_its_citation():
    result = ask("When is the Healthy Weight Strategy coming back to the Cabinet?")
    assert "Spring 2021" in result.text
    for line in result.text.splitlines():
        assert line.rstrip().endswith("]")


def test_a_short_action_row_is_quoted_whole():
    result = ask("Who leads action T7 on electric vehicle chargers?")
    row = next(c for c in result.citations if c.chunk.locator.startswith("Action T7"))
    assert "Lead: Highways team" in row.quote and "Timescale End: Mar-27" in row.quote


def test_abstains_when_no_sentence_scores_above_the_threshold():
    strict = AnswerOptions(min_score=0.9)
    result = ask("When will the swimming pool in Loughborough open?", strict)
    assert result.abstained and result.text.startswith(ABSTAIN_MESSAGE)
    assert result.citations == [] and len(result.nearest) == 3


def test_abstains_with_no_passages():
    result = answer("Anything?", lambda q: [], EmbeddedOnDemand(HashEmbedder()), GLOSSARY)
    assert result.abstained and result.nearest == []


def test_glossary_notes_for_terms_in_question_and_quotes():
    result = ask("Were average speed cameras a key decision of the Cabinet?")
    assert "Cabinet" in {e.term for e in result.glossary}


def test_question_parts():
    assert question_parts("How many homes are planned, and when did Leicestershire object?") == [
        "How many homes are planned",
        "when did Leicestershire object",
    ]
    assert question_parts("Who leads action T7 and when does it end?") == [
        "Who leads action T7",
        "Who leads action T7 when does it end",
    ]
    assert question_parts("What are heat and power networks?") == [
        "What are heat and power networks?"
    ]
    # a part that names nothing is asked of the part before it
    assert question_parts("How many trees will be planted, and by when?") == [
        "How many trees will be planted",
        "How many trees will be planted by when",
    ]
    question = "What did hosting the Buckow delegation cost, and how much did the council give?"
    assert question_parts(question)[1] == (
        "What did hosting the Buckow delegation cost how much did the council give"
    )
    assert question_parts("What will it cost, and what will a Band D home pay?")[1] == (
        "what will a Band D home pay"
    )


def test_each_part_asks_in_its_own_words():
    # the second part is searched with the first ("… deliver when did it object") but asks
    # for a date, not a number
    question = "How many homes will the site deliver, and when did it object to its plan?"
    assert question_parts(question)[1].startswith("How many homes")
    assert asked_parts(question) == [
        "How many homes will the site deliver",
        "when did it object to its plan",
    ]


def test_two_part_question_gets_a_sentence_for_each_part():
    result = ask(
        "What was resolved about average speed cameras, and when will the "
        "Healthy Weight Strategy come back to the Cabinet?"
    )
    assert "speed cameras be continued" in result.text and "Spring 2021" in result.text


def test_passage_units_split_sentences_and_skip_fragments():
    units = passage_units([Hit(PASSAGES[1], 1.0, 1, 1)])
    assert [u.text for u in units] == [
        "The draft strategy was approved for consultation.",
        "A further report will come to the Cabinet in Spring 2021.",
    ]


def test_cited_numbers_ignores_markers_pointing_nowhere():
    assert cited_numbers("A [2] and B [1] and C [7] and again [2]", 3) == [2, 1]
    assert cited_numbers("no markers", 3) == []


def test_titles_are_not_quoted_but_field_values_are():
    long_row = chunk(5, "Action ID: T9\nAction: " + "word " * 95 + "\nTimescale End: Mar-27")
    texts = [u.text for u in passage_units([Hit(PASSAGES[1], 1.0, 1, 1), Hit(long_row, 1, 2, 2)])]
    assert "Healthy Weight Strategy." not in texts
    assert "Timescale End: Mar-27" in texts


def test_newer_version_of_an_action_leads_and_the_older_is_superseded():
    plan = chunk(
        6,
        "Action ID: T7\nAction: Install 50 chargers\nTimescale End: Mar-27",
        locator="Action T7 (2050 plan)",
        date=None,
        meta={"action_id": "T7", "plan": "2050 plan"},
    )
    update = chunk(
        7,
        "Action ID: T7\nAction: Install 80 chargers\nRAG: Green",
        locator="Action T7 (December 2024 update)",
        date="2024-12",
        meta={"action_id": "T7", "plan": "December 2024 update"},
    )
    result = answer(
        "How many chargers will action T7 install?",
        retriever([plan, update]),
        EmbeddedOnDemand(HashEmbedder()),
        GLOSSARY,
        AnswerOptions(min_score=0.3, keep_ratio=0.5),
    )
    lead, first, second = result.text.splitlines()
    assert lead == "80 [1]"  # the newer version's count leads
    assert first.startswith("Action T7 (December 2024 update)") and first.endswith("[1]")
    assert "superseded by [1]" in second and "50 chargers" in second
    assert [c.chunk.locator for c in result.citations] == [
        "Action T7 (December 2024 update)",
        "Action T7 (2050 plan)",
    ]


def test_an_action_row_with_its_update_note_is_one_unit():
    """A progress-update row has no "column: value" lines; its note answers "the latest"."""
    row = chunk(
        8,
        "T31 5, 6 Investigate low emission alternatives for freight.\nAsk Freeport Discovery "
        "A business case for an HGV refuelling hub is in development. Delivery by March 2025.",
        meta={"action_id": "T31"},
    )
    (unit,) = passage_units([Hit(row, 1.0, 1, 1)])
    assert unit.text.startswith("T31 5, 6") and unit.text.endswith("Delivery by March 2025.")


def test_a_long_table_row_is_quoted_by_the_fields_the_question_is_about():
    """A tracker's row with a case statement of a hundred words is still a row: the quote keeps
    the action that names it and the costs asked for, not a cost field alone."""
    case = " ".join(
        f"Benefit {n} of the scheme is a cleaner and greener borough." for n in range(9)
    )
    row = chunk(
        10,
        "\n".join(
            [
                "Committee: Waste Reduction",
                "Strategy: Enhance Recycling and Compost Food Waste",
                "Actions: Establish residential pay-as-you-throw collection (WR2).",
                f"Case statement: {case}",
                "Capital cost range: Substantial (more than £1M)",
                "Operational cost range: Minimal (less than £100k)",
            ]
        ),
        locator="page 47, table 1, row 8",
        meta={"row": 8, "sheet": "page 47, table 1"},
    )
    assert len(row.text.split()) > 100
    (unit,) = passage_units([Hit(row, 1.0, 1, 1)])
    assert unit.text.startswith("Committee: Waste Reduction; Strategy:")
    result = answer(
        "What capital and operational cost ranges are given for action WR2, residential "
        "pay-as-you-throw collection?",
        lambda _q: [Hit(row, 1.0, 1, 1)],
        EmbeddedOnDemand(HashEmbedder()),
        Glossary([]),
        AnswerOptions(min_score=0.1),
    )
    quote = result.citations[0].quote
    assert "Actions: Establish residential pay-as-you-throw collection (WR2)." in quote
    assert "Capital cost range: Substantial" in quote and "Operational cost range" in quote
    assert "Benefit 5" not in quote


def test_a_line_that_opens_a_list_brings_its_items():
    passage = chunk(
        9,
        "Planners said the format of the data is critical. Key considerations include:\n"
        "Spatial maps and GIS layers for planning tools.\n"
        "Excel datasets for further analysis.\n"
        "Waste collection rounds were reviewed last year.",
    )
    units = passage_units([Hit(passage, 1.0, 1, 1)])
    assert units[0].text.endswith("Key considerations include:")
    chosen = select_units(units, [[1.0, 0.1, 0.1, 0.1]], AnswerOptions())
    assert [u.text for u in chosen][1:3] == [
        "Spatial maps and GIS layers for planning tools.",
        "Excel datasets for further analysis.",
    ]


def test_a_two_part_question_may_take_a_third_sentence_from_one_passage():
    passage = chunk(
        9,
        "The report stated that Adare had hosted a delegation from Buckow. "
        "The total cost incurred by Adare was €1,252.49. "
        "The share paid by Limerick towards the cost was €627. "
        "Waste collection rounds were reviewed last year.",
    )
    units = passage_units([Hit(passage, 1.0, 1, 1)])
    scores = [1.0, 0.95, 0.9, 0.1]
    one_part = select_units(units, [scores], AnswerOptions())
    assert [u.position for u in one_part] == [0, 1]  # two sentences of one passage at most
    two_parts = select_units(units, [scores, [0.9, 0.8, 0.85, 0.1]], AnswerOptions())
    assert [u.position for u in two_parts] == [0, 1, 2]  # a third, for the second part


def test_a_glossary_term_found_under_another_name_counts_as_shared():
    terms = QuestionTerms.of("Which services will move to HVO?", GLOSSARY)
    plain = QuestionTerms.of("Which services will move to HVO?")
    passage = "Waste services will use hydrotreated vegetable oil."
    assert word_overlap(terms, passage) > word_overlap(plain, passage)
    assert word_overlap(terms, "Which services will move to HVO?") == 1.0
    # a text that shares a word of the name asked ("heating") and says it another way
    # ("district heating") has the whole term
    terms = QuestionTerms.of("Do heat networks count?", GLOSSARY)
    named = "Efficiency includes district heating and cooling."
    assert word_overlap(terms, named) == word_overlap(terms, "Heat networks, as planned.")
    assert word_overlap(terms, named) > word_overlap(terms, "Efficiency includes heating.")


def test_passages_must_speak_for_the_year_asked_about():
    minutes_2020 = [PASSAGES[0]]  # dated 20 October 2020
    assert covers_years("What did Cabinet resolve about speed cameras?", minutes_2020)
    assert covers_years("What did Cabinet resolve in October 2020?", minutes_2020)
    assert not covers_years("What did Cabinet resolve in March 2022?", minutes_2020)
    named = chunk(10, "Install chargers", date=None, locator="Action T7 (2050 plan)")
    assert covers_years("Which actions in the 2050 plan install chargers?", [named])


def test_a_question_about_a_year_no_passage_covers_is_not_answered():
    result = ask("What did the Cabinet resolve about average speed cameras in March 2022?")
    assert result.abstained and result.citations == []


def test_a_line_that_is_the_documents_title_is_not_quoted():
    passage = chunk(
        11,
        "Melton North masterplan\nMelton North will deliver 1,700 homes.",
        title="Melton North masterplan",
    )
    assert [u.text for u in passage_units([Hit(passage, 1.0, 1, 1)])] == [
        "Melton North will deliver 1,700 homes."
    ]


def test_an_id_reused_for_another_action_is_not_called_superseded():
    plan = chunk(
        12,
        "Action ID: T3\nAction: Implement the cycling and walking plan",
        date=None,
        meta={"action_id": "T3", "plan": "2050 plan"},
    )
    update = chunk(
        13,
        "T3 Quantify the carbon impact of policy decisions and scheme design",
        date="2024-12",
        meta={"action_id": "T3", "plan": "December 2024 update"},
    )
    order, newer = newest_first([plan, update], [0, 1])
    assert newer == {}


def test_a_question_for_an_amount_is_not_answered_by_a_sentence_without_one():
    def cost_from(text: str, min_score: float = 0.3):
        minute = Chunk("d:1", "d", "m.pdf", "Minutes", "minutes", text, "Minute 5")
        return answer_from("How much will the village CCTV system cost?", minute, min_score)

    result = cost_from("Options for a CCTV system in the village are to be investigated.")
    assert result.abstained and result.text.startswith(ABSTAIN_MESSAGE)
    assert "don't give an amount" in result.text
    costed = "The village CCTV system will cost £4,500."
    result = cost_from(costed)
    assert not result.abstained and result.text.startswith("£4,500 [1]\nMinute 5")
    # below the threshold, a passage that states an amount is no proof that none is given
    result = cost_from(costed, min_score=0.99)
    assert result.abstained and result.text.startswith(ABSTAIN_MESSAGE)
    assert "don't give" not in result.text and "clearly gives an amount" in result.text


def test_an_answer_that_leaves_out_a_part_of_the_question_says_so():
    def lead_and_date_from(text: str):
        strategy = Chunk("d:1", "d", "p.pdf", "Plan", "plan", text, "Strategy 2C")
        question = "Who is responsible for the green bike programme, and by when?"
        return answer_from(question, strategy)

    result = lead_and_date_from("The green bike programme is run by the Transportation Department.")
    assert result.abstained and result.text.startswith(ABSTAIN_MESSAGE)
    assert "don't give a date" in result.text
    dated = "The Transportation Department will run the green bike programme from May 2027."
    result = lead_and_date_from(dated)
    assert not result.abstained and result.text.startswith("May 2027 [1]\nStrategy 2C")


def test_what_an_abbreviation_stands_for_is_answered_from_its_definition():
    from assistant.answer import ABSTAIN_MESSAGE, AnswerOptions, answer
    from assistant.glossary import Glossary
    from tests.fakes import HashEmbedder

    def passage(n: int, text: str) -> Hit:
        return Hit(Chunk(f"d:{n}", "d", "r.pdf", "Report", "report", text, f"para {n}"), 1, 1, 1)

    used = passage(1, "There will be regular reporting on CRSTS at the CEO's meetings.")
    defined = passage(2, "The City Region Sustainable Transport Settlements (CRSTS) fund it.")
    embedded, glossary = EmbeddedOnDemand(HashEmbedder()), Glossary([])

    def ask(hits: list[Hit], min_score: float = 0.1):
        options = AnswerOptions(min_score=min_score)
        return answer("What does CRSTS stand for?", lambda _q: hits, embedded, glossary, options)

    result = ask([used, defined])
    assert not result.abstained
    assert result.text.startswith("CRSTS: City Region Sustainable Transport Settlements [1]")
    assert [c.chunk.locator for c in result.citations] == ["para 2"]  # not the mere use
    # the definition answers even below the threshold that guards against loose quotes
    result = ask([used, defined], min_score=0.9)
    assert result.score < 0.9 and not result.abstained
    result = ask([used])
    assert result.abstained and result.text.startswith(ABSTAIN_MESSAGE)
    assert "don't spell out CRSTS" in result.text


def test_the_fact_asked_for_leads_only_when_the_quote_states_it_plainly():
    from assistant.answer import Citation, fact_first

    chunk = Chunk("c1", "d1", "m.pdf", "Minutes", "minutes", "text", "Minute 1")
    quoted = "Minute 1: The works will cost £4,500 and start on 6th July 2027. [1]"
    one = [Citation(1, chunk, "The works will cost £4,500 and start on 6th July 2027.")]
    assert fact_first(quoted, one, ["amount"]) == f"£4,500 [1]\n{quoted}"
    assert fact_first(quoted, one, ["date"]) == f"6th July 2027 [1]\n{quoted}"
    both = f"£4,500 [1]; 6th July 2027 [1]\n{quoted}"  # "how much, and when?"
    assert fact_first(quoted, one, ["amount", "date"]) == both
    assert fact_first(quoted, one, [None, "date"]) == f"6th July 2027 [1]\n{quoted}"
    # no count in the quote ("how many, and when?"): the date alone does not lead
    assert fact_first(quoted, one, ["count", "date"]) == quoted
    two = [Citation(1, chunk, "It will cost £4,500, or £6,000 with lighting.")]
    assert fact_first(quoted, two, ["amount"]) == quoted  # which one is meant is not plain
    later = [Citation(1, chunk, "No figure here."), Citation(2, chunk, "It costs £80.")]
    assert fact_first(quoted, later, ["amount"]) == f"£80 [2]\n{quoted}"


def test_sentences_that_follow_one_another_are_quoted_as_they_stand():
    from assistant.answer import Unit, compose

    chunk = Chunk("c1", "d1", "m.pdf", "Minutes", "minutes", "A. B. C. D.", "Minute 1")
    hits = [Hit(chunk, 1.0, 1, 1)]
    units = [Unit(0, 0, "A."), Unit(0, 1, "B."), Unit(0, 3, "D.")]
    text, (citation,) = compose(units, hits)
    assert citation.quote == "A. B. … D." and "A. B. … D. [1]" in text


def test_the_words_that_name_the_document_do_not_pick_its_heading_line():
    minutes = [
        chunk(
            1,
            "Milburn Parish Council minutes of the meeting held by zoom with councillors present",
            title="Milburn Parish Council minutes",
            body="Milburn Parish Council",
            locator="Minutes",
        ),
        chunk(
            2,
            "After discussion it was resolved to apply for a £4500 precept.",
            title="Milburn Parish Council minutes",
            body="Milburn Parish Council",
            locator="Minute 21.01.08",
        ),
    ]
    result = answer(
        "What precept did Milburn Parish Council decide to ask for?",
        retriever(minutes),
        EmbeddedOnDemand(HashEmbedder()),
        GLOSSARY,
        AnswerOptions(min_score=0.2),
    )
    # the heading line matches the question's meaning; the resolution now matches its words
    assert "£4500 precept" in result.text


def test_a_label_names_the_date_once():
    dated = chunk(
        1,
        "Minutes.",
        locator="Minutes, Milburn Parish Council, 4 May 2021",
        date="2021-05-04",
        body="Milburn Parish Council",
    )
    assert source_label(dated) == "Minutes, Milburn Parish Council, 4 May 2021"
    assert source_label(chunk(2, "Text.")) == "Minute 442, Cabinet, 20 October 2020"


def test_a_second_quote_from_one_document_is_labelled_by_what_differs():
    report = "Report: Melton North Masterplan"
    first = chunk(1, "It is recommended.", locator=f"{report}, para 4")
    second = chunk(2, "It will deliver 1,700 homes.", locator=f"{report}, para 16")
    elsewhere = chunk(3, "Other.", locator=f"{report}, para 16", doc_id="other")
    assert source_label(second, first) == "para 16"
    assert source_label(second, second) == f"{report}, para 16, Cabinet, 20 October 2020"
    assert source_label(elsewhere, first) == f"{report}, para 16, Cabinet, 20 October 2020"
    text, _ = compose(
        passage_units([Hit(first, 1.0, 1, 1), Hit(second, 0.9, 2, 2)]),
        [
            Hit(first, 1.0, 1, 1),
            Hit(second, 0.9, 2, 2),
        ],
    )
    assert text.split("\n")[1] == "para 16: It will deliver 1,700 homes. [2]"


def test_a_third_sentence_of_one_passage_gives_way_to_another_passages():
    first = chunk(
        1,
        "The chair introduced the report. The group met twice in May. It noted the plan's "
        "aims and its budget.",
    )
    second = chunk(2, "The committee initiated a task group, to be chaired by Cllr Rob Bryher.")
    units = passage_units([Hit(first, 1.0, 1, 1), Hit(second, 0.9, 2, 2)])
    chosen = select_units(units, [[1.0, 0.97, 0.95, 0.9]], AnswerOptions())
    assert [u.hit_rank for u in chosen] == [0, 0, 1]


def test_a_short_plain_sentence_after_a_chosen_one_completes_it():
    passage = chunk(
        5,
        "No response had yet been received from the charity about the checks. Clerk to "
        "follow up. The hall roof was repaired. Policy 8: Strategy 8F.",
    )
    units = passage_units([Hit(passage, 1.0, 1, 1)])
    chosen = select_units(units, [[1.0, 0.1, 0.8, 0.1]], AnswerOptions())
    assert [u.text for u in chosen] == [
        "No response had yet been received from the charity about the checks.",
        "Clerk to follow up.",
    ]
    chosen = select_units(units, [[0.1, 0.1, 1.0, 0.1]], AnswerOptions())
    assert [u.text for u in chosen] == ["The hall roof was repaired."]  # not "Policy 8: …"


def test_the_decision_that_follows_a_chosen_sentence_comes_with_it():
    passage = chunk(
        6,
        "Cllr Davies gave details of the costs of a notice board from Centaframe. It was "
        "proposed by Cllr Jones and unanimously agreed to purchase from Centaframe as this "
        "represented better value for money. The hall roof was repaired by the contractor.",
    )
    units = passage_units([Hit(passage, 1.0, 1, 1)])
    chosen = select_units(units, [[1.0, 0.3, 0.1]], AnswerOptions())
    assert [u.text[:22] for u in chosen] == ["Cllr Davies gave detai", "It was proposed by Cll"]
    # a decision chosen for itself brings nothing after it
    chosen = select_units(units, [[0.1, 1.0, 0.3]], AnswerOptions())
    assert [u.text[:22] for u in chosen] == ["It was proposed by Cll"]


def test_a_short_bulleted_item_is_quoted_whole_from_its_first_sentence():
    passage = chunk(
        7,
        "The following items were raised:\n"
        "• Not all the play equipment has been returned to the park. The swing is still "
        "missing. The councillor will ask when it is due back.\n"
        "• The bowling club has been sold. The new owner plans a private club.\n"
        "(e) Exempt information? None.",
    )
    units = passage_units([Hit(passage, 1.0, 1, 1)])
    first = next(i for i, u in enumerate(units) if "Not all" in u.text)
    scores = [1.0 if i == first else 0.1 for i in range(len(units))]
    chosen = select_units(units, [scores], AnswerOptions())
    assert " ".join(u.text for u in chosen).endswith("The councillor will ask when it is due back.")
    assert not any("bowling" in u.text for u in chosen)
    sold = next(i for i, u in enumerate(units) if "bowling" in u.text)
    scores = [1.0 if i == sold else 0.1 for i in range(len(units))]
    chosen = select_units(units, [scores], AnswerOptions())
    assert [u.text for u in chosen][-1] == "The new owner plans a private club."  # not "(e) …"


def test_a_long_bulleted_item_is_quoted_from_its_first_sentence_as_far_as_it_stays_short():
    passage = chunk(
        7,
        "• Thanks were given to attendees for the pledges to support legal advice on the "
        "parking zone. The £5,000 target had been reached. A new bank account to hold the "
        "funds is being finalised and those who have pledged will be contacted in the coming "
        "weeks to ask for the money.\n"
        "• The bowling club has been sold.",
    )
    units = passage_units([Hit(passage, 1.0, 1, 1)])
    scores = [1.0 if "Thanks" in u.text else 0.1 for u in units]
    chosen = select_units(units, [scores], AnswerOptions())
    assert [u.text for u in chosen][-1] == "The £5,000 target had been reached."


class _TwoCouncils:
    """Which words each document uses; every word is rare enough to be a name."""

    texts = {"brox": "Broxbourne housing", "bucks": "housing"}

    def share_of_passages(self, word: str) -> float:
        return 0.01

    def document_words(self, doc_id: str) -> frozenset[str]:
        from index.lexical import analyse

        return frozenset(analyse(self.texts[doc_id]))


def test_a_quote_from_a_document_that_never_names_the_place_asked_about_is_dropped():
    from assistant.answer import Unit, naming_units

    broxbourne = chunk(1, "The plan provides for 7,000 homes.", doc_id="brox")
    buckinghamshire = chunk(2, "A need of 35,552 dwellings is identified.", doc_id="bucks")
    hits = [Hit(broxbourne, 1.0, 1, 1), Hit(buckinghamshire, 0.9, 2, 2)]
    units = [Unit(0, 0, broxbourne.text), Unit(1, 0, buckinghamshire.text)]
    question = "What housing figure will the Broxbourne plan use?"
    kept, missing = naming_units(question, units, hits, _TwoCouncils(), lambda _n: [])
    assert kept == units[:1] and missing == []
    kept, missing = naming_units(question, units[1:], hits, _TwoCouncils(), lambda _n: [])
    assert missing == ["Broxbourne"]


def test_the_answer_comes_from_the_documents_that_name_the_place_asked_about():
    bucks = chunk(1, "Which councillors attended the meeting was noted.", doc_id="bucks")
    brox = chunk(2, "Councillor Ann Lee chaired the Broxbourne session.", doc_id="brox")
    hits = [Hit(bucks, 1.0, 1, 1), Hit(brox, 0.9, 2, 2)]
    ask = functools.partial(
        answer,
        retrieve=lambda _q: hits,
        vectors=EmbeddedOnDemand(HashEmbedder()),
        glossary=Glossary([]),
        options=AnswerOptions(min_score=0.0),
    )
    question = "Which councillors attended the Broxbourne meeting?"
    assert ask(question).citations[0].chunk.doc_id == "bucks"  # without the corpus's words
    result = ask(question, corpus=_TwoCouncils())
    assert not result.abstained and {c.chunk.doc_id for c in result.citations} == {"brox"}
    refused = ask("Which councillors attended the Hoddesdon meeting?", corpus=_TwoCouncils())
    assert refused.abstained and "don't mention “Hoddesdon”" in refused.text


def test_no_figure_left_once_the_other_councils_quote_is_dropped_means_no_answer():
    broxbourne = chunk(1, "The Broxbourne housing plan will be borough-wide.", doc_id="brox")
    buckinghamshire = chunk(
        2, "The housing plan identifies a need of 35,552 dwellings.", doc_id="bucks"
    )
    hits = [Hit(broxbourne, 1.0, 1, 1), Hit(buckinghamshire, 0.9, 2, 2)]
    result = answer(
        "What housing figure will the Broxbourne plan use?",
        lambda _q: hits,
        EmbeddedOnDemand(HashEmbedder()),
        Glossary([]),
        AnswerOptions(min_score=0.2),
        corpus=_TwoCouncils(),
    )
    assert result.abstained and "don't give a figure" in result.text


def test_a_sentence_is_judged_with_the_long_forms_of_what_it_abbreviates():
    from assistant.answer import QuestionTerms, spelt_out, word_overlap
    from ingest.abbreviations import noted_definitions

    context = "Report\nDfT: Department for Transport; LTDP: Local Transport Delivery Plan"
    passage = chunk(
        30, "The LTDP should be submitted to DfT by 18 September 2026.", context=context
    )
    sentence, defined = passage.text, noted_definitions(passage.context)
    terms = QuestionTerms.of("When is the Local Transport Delivery Plan due at the Department?")
    assert spelt_out(sentence, defined) == (
        "DfT: Department for Transport; LTDP: Local Transport Delivery Plan"
    )
    assert word_overlap(terms, f"{sentence}\n{spelt_out(sentence, defined)}") > 0.8
    assert word_overlap(terms, sentence) < 0.3


def test_a_sentence_is_embedded_with_the_long_forms_of_the_abbreviations_it_uses():
    from ingest.abbreviations import noted_definitions
    from ingest.units import framed

    context = "Minutes\nRPZ: Restricted Parking Zone; CPZ: Controlled Parking Zone"
    passage = chunk(7, "Legal advice on the RPZ has been sought.", context=context)
    passage = dataclasses.replace(passage, section="Residents")
    defined = noted_definitions(passage.context)
    # the model may not know "RPZ"; it knows "Restricted Parking Zone"
    assert framed(passage.text, passage, defined) == (
        "Residents: Legal advice on the RPZ has been sought.\nRPZ: Restricted Parking Zone"
    )
    # a sentence in the long form gains nothing from the short one
    spelt = "The Controlled Parking Zone was discussed."
    assert framed(spelt, passage, defined) == f"Residents: {spelt}"
