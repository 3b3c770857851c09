"""Pure text logic: action IDs, dates, document types, token splitting."""

from __future__ import annotations

import re

import pytest

from assistant.focus import focused, sentences_of
from ingest.abbreviations import asked_abbreviation, definitions, expansions_for
from ingest.ids import fold_confusables, leading_action_id, normalise_action_id
from ingest.metadata import classify, format_date, parse_date, parse_date_bound
from ingest.tokens import count_tokens, split_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("T6", "T6"), ("Т6", "T6"), ("t 06", "T6"), ("ВЗ", "B3"), ("R3A", "R3a"), ("EN-4", "EN-4")],
)
def test_action_ids_are_normalised(raw, expected):
    assert normalise_action_id(raw) == expected


def test_leading_action_id_only_at_start_of_a_row():
    assert leading_action_id("Т7 All Expand EV charging") == "T7"
    assert leading_action_id("B14 2 Develop business support") == "B14"
    assert leading_action_id("The T7 action") is None
    assert leading_action_id("2050 plan") is None


def test_fold_confusables_keeps_latin_text():
    assert fold_confusables("Сar club Т6") == "Car club T6"
    assert fold_confusables("café") == "café"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("held on Tuesday, 20 October 2020.", "2020-10-20"),
        ("CABINET – 1st December 2024", "2024-12-01"),
        ("Net Zero progress update December 2024", "2024-12"),
        ("no date here", None),
        # a day in figures, British first; a US month first; ISO
        ("Minutes 12/05/2025", "2025-05-12"),
        ("Meeting held 12.05.2025 at 7pm", "2025-05-12"),
        ("signed 7/11/23", "2023-11-07"),
        ("dated 05/13/2025", "2025-05-13"),
        ("Adopted May 12, 2021 by the City Council", "2021-05-12"),
        ("exported 2025-05-12", "2025-05-12"),
        ("31/02/2025, then 01/03/2025", "2025-03-01"),
        # not dates: a section number, a planning reference
        ("see para 2.10.25", None),
        ("application 12/0345/FUL", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_a_document_is_not_dated_by_a_date_in_figures_deep_in_its_text():
    text = "Clean Energy Plan\nIn 2017 the City Council adopted the resolution (May 1, 2017)."
    assert parse_date(text) == "2017-05-01"
    assert parse_date(text, british_only=True) is None
    assert parse_date("Plan, November 2010. Adopted April 1, 2011", british_only=True) == "2010-11"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", "2024"),
        ("2024-3", "2024-03"),
        ("2024-12-05", "2024-12-05"),
        ("5 December 2024", "2024-12-05"),
        ("2024-13", None),
        ("soon", None),
    ],
)
def test_parse_date_bound(text, expected):
    assert parse_date_bound(text) == expected


def test_format_date_round_trips_day_and_month_precision():
    assert format_date("2020-10-20") == "20 October 2020"
    assert format_date("2024-12") == "December 2024"
    assert format_date(None) == ""


def test_classify_document_types():
    assert (
        classify("Agenda reports pack", "REPORT OF THE DIRECTOR", 0, True) == "agenda/report pack"
    )
    assert classify("Minutes of Cabinet", "", 0, True) == "minutes"
    assert classify("Plan", "", 12, False) == "action plan"
    assert classify("LAEP case study", "", 0, False) == "report"
    assert classify("Notes", "", 0, False) == "other"


def test_split_text_respects_limit_and_overlaps():
    text = " ".join(f"Sentence number {n} is about district heating." for n in range(50))
    pieces = split_text(text, max_tokens=60, overlap_tokens=15)
    assert len(pieces) > 3
    assert all(count_tokens(p) <= 60 for p in pieces)
    assert pieces[0].startswith("Sentence number 0 ")
    assert pieces[-1].endswith("Sentence number 49 is about district heating.")
    last_of_first = pieces[0].rsplit(". ", 1)[-1]
    assert last_of_first.rstrip(".") in pieces[1]


def test_split_text_cuts_a_single_overlong_sentence():
    text = "word " * 500
    pieces = split_text(text.strip(), max_tokens=100)
    assert len(pieces) >= 5 and all(count_tokens(p) <= 100 for p in pieces)


def test_an_overlong_sentence_is_cut_into_overlapping_windows():
    # a flattened table: no full stop, so no sentence boundary to cut at
    text = " ".join(
        f"Action {n} Measuring success: number of charge points installed in ward {n}"
        for n in range(40)
    )
    pieces = split_text(text, max_tokens=100, overlap_tokens=24)
    assert all(count_tokens(p) <= 100 for p in pieces)
    for n in range(40):  # each action's measure is whole in some piece
        measure = f"Action {n} Measuring success: number of charge points installed in ward {n}"
        assert any(measure in p for p in pieces), n


def test_overlapping_windows_open_and_close_on_whole_words():
    # long words cut into several tokens each: a token window alone opens mid-word
    words = ["decarbonisation", "Leicestershire", "infrastructure", "Scrutiny", "kerbside"]
    text = " ".join(f"{words[n % 5]} {words[(n * 3) % 5]} item {n}" for n in range(120))
    pieces = split_text(text, max_tokens=60, overlap_tokens=12)
    assert len(pieces) > 5
    whole = set(text.split())
    for piece in pieces:
        assert piece.split()[0] in whole and piece.split()[-1] in whole, piece
    for n in range(119):  # nothing is lost between two windows
        assert any(f"item {n} " in p for p in pieces), n


def test_a_sentence_that_opens_what_follows_goes_on_with_it():
    # a plan's actions flattened from a table: each action, then its measure after a colon
    text = " ".join(
        f"Accelerate adoption of electric vehicles in ward {n} Measuring success: Number of "
        f"EV registrations in ward {n}, number of chargers installed there and their use by "
        "residents."
        for n in range(30)
    )
    pieces = split_text(text, max_tokens=60, overlap_tokens=5)
    assert all(count_tokens(p) <= 60 for p in pieces)
    for n in range(30):  # each measure is in a piece with the action it measures
        whole = f"ward {n} Measuring success: Number of EV registrations in ward {n},"
        assert any(whole in p for p in pieces), n


def test_identifiers_named_in_a_question():
    from ingest.ids import query_action_ids, query_minute_numbers

    assert {"T6", "B14"} <= query_action_ids("What is the status of t6 and Б14 or B14?")
    assert "CO2" in query_action_ids("CO2 targets")  # harmless: no action is called CO2
    assert query_action_ids("what did Cabinet resolve") == set()
    assert query_minute_numbers("What was decided at minute 446 and Minute No. 12?") == {446, 12}
    assert query_minute_numbers("the minutes of 20 October") == set()


def test_abbreviations_a_document_defines_are_found_with_their_long_forms():
    text = (
        "Based on the greenhouse gas (GHG) inventories, the Community Sustainability Council "
        "(CSC) set a goal. New homes must use Sustainable Drainage Systems (SuDS). Charging "
        "for electric vehicles (EVs) will grow. In 2020 (see above) the figures (Table 2) "
        "fell. Carbon dioxide (CO2) is measured."
    )
    assert definitions(text) == {
        "GHG": "greenhouse gas",
        "CSC": "Community Sustainability Council",
        "SuDS": "Sustainable Drainage Systems",
        "EV": "electric vehicles",
    }


def test_a_question_that_asks_what_an_abbreviation_stands_for():
    assert asked_abbreviation("What does CRSTS stand for?") == "CRSTS"
    assert asked_abbreviation("what is SuDS short for") == "SuDS"
    assert asked_abbreviation("What does the abbreviation 'LTDP' mean?") == "LTDP"
    assert asked_abbreviation("What do EVs stand for?") == "EV"
    assert asked_abbreviation("What does net zero mean?") is None
    assert asked_abbreviation("What did the CSC decide?") is None
    assert asked_abbreviation("Who does CRSTS stand for?") is None


def test_a_passage_is_told_the_long_form_of_what_it_abbreviates_and_the_other_way_round():
    defined = {"GHG": "greenhouse gas", "EV": "electric vehicles", "CSC": "Community Council"}
    assert expansions_for("The GHG goal was set by the CSC in 2010.", defined) == [
        "GHG: greenhouse gas",
        "CSC: Community Council",
    ]
    assert expansions_for("Install electric vehicle charging stations.", defined) == [
        "EV: electric vehicles"
    ]
    # a passage that uses both, or neither, needs nothing
    assert expansions_for("Greenhouse gas (GHG) emissions fell.", defined) == []
    assert expansions_for("The EVENT was held.", defined) == []


def test_a_passages_notes_give_back_the_definitions_it_was_told():
    from ingest.abbreviations import noted_definitions

    defined = {"DfT": "Department for Transport", "LTDP": "Local Transport Delivery Plan"}
    notes = "; ".join(expansions_for("The LTDP goes to the DfT in May.", defined))
    assert noted_definitions(f"Report | 27 March 2026 | Author: A. Smith\n{notes}") == defined
    # a context without notes ("Author: A. Smith", "Short-term – 2020") defines nothing
    assert noted_definitions("Report | Author: A. Smith; Short-term – 2020") == {}


def test_a_short_label_leads_the_sentence_after_it():
    from ingest.units import line_units

    assert line_units("Date of next meeting: Monday February 24th 2020") == [
        "Date of next meeting: Monday February 24th 2020"
    ]
    assert line_units("RESOLVED: That the quotation be accepted. The Clerk will write.") == [
        "RESOLVED: That the quotation be accepted.",
        "The Clerk will write.",
    ]


def _words_of(question: str):
    words = set(re.findall(r"\w+", question.lower()))
    return lambda text: len(words & set(re.findall(r"\w+", text.lower()))) / len(words)


def test_a_short_quote_is_kept_whole():
    pieces = sentences_of(["Action ID: T6", "Lead: Transport team", "End: Mar-26"])
    assert focused(pieces, _words_of("who leads T6")) == (
        "Action ID: T6; Lead: Transport team; End: Mar-26"
    )


def test_a_long_row_keeps_the_fields_the_question_is_about():
    update = " ".join(f"Progress note {n} was written." for n in range(30))
    pieces = sentences_of(["Action ID: T6", "Lead: Transport team", f"Update: {update}"])
    quote = focused(pieces, _words_of("which team is the lead"), limit=20)
    assert quote == "Lead: Transport team"
    quote = focused(pieces, _words_of("what id and which lead"), limit=20)
    assert quote == "Action ID: T6; Lead: Transport team"
    quote = focused(pieces, _words_of("id and 29"), limit=20)
    assert quote == "Action ID: T6 … Progress note 29 was written."


def test_the_best_piece_is_quoted_whole_however_long():
    resolution = "That the land at Rosbrien be sold for the sum of €611,160 " + "and so on " * 30
    pieces = sentences_of(["That the hall be let.", resolution, "That the green be kept."])
    assert (
        focused(pieces, _words_of("sum for the land at rosbrien"), limit=20) == resolution.strip()
    )


def test_a_piece_that_ends_with_a_colon_keeps_what_follows_it():
    closing = (
        "There being no further business, the meeting closed at 9.05 pm. Date of the next "
        "meeting of the parish council in the village: Tuesday, 6 January 2026 at 8.00 pm in "
        "the Village Hall."
    )
    pieces = sentences_of(["That the school be a standing item.", closing, "Chairman: J Ritchie"])
    quote = focused(pieces, _words_of("date of the next meeting of the parish council"), limit=20)
    assert quote.endswith(
        "Date of the next meeting of the parish council in the village: Tuesday, 6 January 2026 "
        "at 8.00 pm in the Village Hall."
    )
