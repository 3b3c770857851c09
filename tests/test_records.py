"""Decision and action records: parsing in several layouts (malformed ones too), linking
versions across plans, export, and the /decisions and /actions routes and commands."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from assistant.api import create_app
from assistant.cli import main
from assistant.export import DECISION_COLUMNS, decision_rows, to_csv
from assistant.record_answers import DECISION_WORDS, action_query
from assistant.records import ActionQuery, RecordBook, link_versions
from assistant.settings import Settings
from index.build import ingest
from index.store import live_version, read_chunks, read_records
from ingest.model import Chunk
from ingest.records.actions import (
    ActionRecord,
    RowVocabulary,
    column_field,
    plan_date,
    record_from_fields,
    record_from_text,
)
from ingest.records.decisions import parse_decision, resolution_items
from tests.documents import make_docx, make_pdf, make_pdf_with_table, make_xlsx
from tests.fakes import HashEmbedder
from tests.server import running


def decide(*lines: str, number: int = 448, title: str = "Speed cameras"):
    page_lines = [(4, f"{number}. {title}.")] + [(5, line) for line in lines]
    return parse_decision(
        number,
        title,
        page_lines,
        doc_id="d",
        source="minutes.pdf",
        body="Cabinet",
        meeting_date="2020-10-20",
    )


# --- decisions --------------------------------------------------------------------------


def test_lettered_resolutions_with_sub_items_key_decision_and_reasons():
    record = decide(
        "The Cabinet considered a report of the Director of Environment and Transport "
        "concerning average speed cameras. A copy of the report, marked ‘Agenda Item 8’, is "
        "filed with these minutes.",
        "RESOLVED:",
        "a) That the outcome of the trial be noted;",
        "b) That the Director be authorised to: i. Undertake all necessary work; "
        "ii. Continue to lobby HM Treasury;",
        "c) That the programme be approved.",
        "(KEY DECISION)",
        "REASONS FOR DECISION:",
        "The trial showed lower speeds.",
    )
    assert record.status == "complete" and record.key_decision
    assert [i.label for i in record.resolutions] == ["a", "b", "c"]
    assert [i.noted for i in record.resolutions] == [True, False, False]
    assert [s.label for s in record.resolutions[1].sub_items] == ["i", "ii"]
    assert record.resolutions[1].sub_items[1].text == "Continue to lobby HM Treasury"
    assert record.reasons == "The trial showed lower speeds."
    assert record.report == "Agenda Item 8"
    assert record.report_by == "Director of Environment and Transport"
    assert (record.page_start, record.resolved_page) == (4, 5)
    assert record.citation("b") == "Cabinet, 20 October 2020, Minute 448(b)"


def test_resolved_that_in_one_sentence_is_one_item():
    record = decide("RESOLVED that the Local Plan consultation response be approved.")
    (item,) = record.resolutions
    assert item.label == "" and item.text.startswith("that the Local Plan consultation")
    assert not item.noted and record.status == "complete"


def test_a_discussion_point_that_mentions_agreement_is_not_the_decision():
    record = decide(
        "• Members felt the scheme could widen the pavement; improving the bus routes was "
        "agreed as an alternative benefit.",
        "Following discussion, the recommendations were moved and seconded.",
        "On being put to the vote the recommendation was CARRIED unanimously. It was APPROVED "
        "that; the Full Business Case be submitted.",
    )
    assert "bus routes was agreed" in record.discussion
    assert record.resolutions[0].text.startswith("On being put to the vote")
    assert record.outcome == "decided"


def test_bracketed_letters_and_a_lead_in():
    items = resolution_items("That the following be agreed: (a) the budget; (b) the fees")
    assert [(i.label, i.text) for i in items] == [
        ("", "That the following be agreed"),
        ("a", "the budget"),
        ("b", "the fees"),
    ]


@pytest.mark.parametrize(
    ("lines", "labels", "first_has", "second_ends", "second_lacks"),
    [
        (  # Limerick's minutes: each lettered item is a notice with its own "And Resolved:"
            [
                "(a)",
                "Circulated, copy of Statutory Notice concerning property at Knockboheen, Ardagh.",
                "And Resolved:",
                "“That the disposal of property at Knockboheen, Ardagh, for €195.42 be approved.”",
                "(b)",
                "Circulated, copy of Statutory Notice concerning property at 68, Hyde Road.",
                "And Resolved:",
                "“That the disposal of property at 68, Hyde Road, for €195.42 be approved.”",
            ],
            ["a", "b"],
            "Knockboheen",
            "“That the disposal of property at 68, Hyde Road, for €195.42 be approved.”",
            "Circulated",  # the item's resolution, not its notice
        ),
        (  # a community council's planning item: two numbered parts, each with its decision
            [
                "1) A letter asked whether the Council would take over the car park.",
                "It was proposed, seconded and unanimously agreed that this be approved.",
                "2) Cllr. A. Thomas declared an interest in application E/39399.",
                "The following observations were agreed: E/39096 No objections.",
            ],
            ["1", "2"],
            "that this be approved.",
            "E/39096 No objections.",
            "car park",
        ),
    ],
)
def test_items_that_each_carry_their_own_decision(
    lines, labels, first_has, second_ends, second_lacks
):
    record = decide(*lines, number=3, title="Disposal of Land")
    assert [i.label for i in record.resolutions] == labels
    first, second = (i.text for i in record.resolutions)
    assert first_has in first and second_ends not in first
    assert second.endswith(second_ends) and second_lacks not in second
    assert record.outcome == "decided"


def test_numbered_parts_of_a_resolution_and_a_lone_number():
    items = resolution_items("That 1) the budget be approved; 2) the fees be noted")
    assert [(i.label, i.text, i.noted) for i in items] == [
        ("", "That", False),
        ("1", "the budget be approved", False),
        ("2", "the fees be noted", True),
    ]
    (whole,) = resolution_items("That the grant under section 2) be paid")
    assert whole.label == "" and whole.text == "That the grant under section 2) be paid"


def test_a_minute_with_no_resolution_and_one_with_an_empty_resolved():
    assert decide("There were no urgent items for consideration.").status == "no resolution"
    empty = decide("The Cabinet considered the report.", "RESOLVED:", "REASONS FOR DECISION:")
    assert empty.status == "partial" and empty.resolutions == []
    assert empty.problems == ["RESOLVED with no resolution text"]


def test_letters_out_of_sequence_are_text_not_items():
    items = resolution_items("a) That the plan, e.g. the strategy, be noted; b) That d) stays")
    assert [i.label for i in items] == ["a", "b"] and items[1].text == "That d) stays"


# --- actions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [("Apr-25", "2025-04"), ("March 2026", "2026-03"), ("Mar 27", "2027-03"),
     ("2030", "2030"), ("31/03/2026", "2026-03"), ("Ongoing", None), ("TBC", None)],
)  # fmt: skip
def test_plan_dates_as_plans_write_them(text, iso):
    assert plan_date(text) == iso


def test_column_headings_name_fields_whatever_the_plan_calls_them():
    assert column_field("LCC departmental leads") == "lead"
    assert column_field("Who may be involved") == "partners"
    assert column_field("December 2024 Update Note") == "note"
    assert column_field("Project stage 2024") == "stage"
    assert column_field("RAG 2024") == "rag"
    assert column_field("Timescale End") == "end"
    assert column_field("Action ID") == "action_id"
    assert column_field("Action") == "action"
    assert column_field("Ideas") is None


def action_chunk(text: str, action_id: str = "T7", **meta) -> Chunk:
    return Chunk(
        "p:1", "p", "plan.pdf", "Plan", "action plan", text, f"Action {action_id}",
        section="Transport", meta={"action_id": action_id, **meta},
    )  # fmt: skip


def test_a_row_with_columns_becomes_a_record_with_dates_understood():
    fields = [("Action ID", "Т7"), ("Action", "Install chargers"), ("LCC team leads", "Highways"),
              ("Timescale Start", "Apr-25"), ("Timescale End", "Ongoing")]  # fmt: skip
    record = record_from_fields(fields, action_chunk(""), None)
    assert (record.action_id, record.action_id_original) == ("T7", "Т7")
    assert (record.lead, record.start_date, record.end, record.end_date) == (
        "Highways", "2025-04", "Ongoing", None,
    )  # fmt: skip
    assert record.status == "complete"


def test_a_row_without_an_id_or_text_is_flagged():
    assert record_from_fields([("Action", "No ID here")], action_chunk("", ""), None) is None
    partial = record_from_fields(
        [("Action ID", "T8"), ("Lead", "Highways")], action_chunk(""), None
    )
    assert partial.status == "partial" and "no action text" in partial.problems


def test_a_pdf_row_read_as_text_is_split_by_the_tables_roles_and_stages():
    vocabulary = RowVocabulary(frozenset({"Ask", "Lead"}), frozenset({"Discovery", "Delivery"}))
    chunk = action_chunk(
        "T31 5, 6 Investigate low emission freight.\nAsk Midlands Hub LLEP Discovery A business "
        "case is in development.",
        "T31",
    )
    record = record_from_text(chunk, "2024-12", vocabulary)
    assert (record.objective, record.action) == ("5, 6", "Investigate low emission freight.")
    assert (record.role, record.partners, record.stage) == ("Ask", "Midlands Hub LLEP", "Discovery")
    assert record.note == "A business case is in development." and record.status == "complete"
    unknown = record_from_text(chunk, "2024-12", RowVocabulary())
    assert unknown.status == "partial"


def version(plan: str, action_id: str, text: str, date: str | None = None, **fields):
    return ActionRecord("d", "s", plan, date, "", action_id, action_id, text, **fields)


def test_versions_link_by_id_and_wording_never_by_id_alone():
    actions = [
        version("2050 plan", "T3", "Implement the cycling and walking infrastructure plan"),
        version("Update", "T3", "Quantify the carbon impact of policy decisions", "2024-12"),
        version("2050 plan", "N3", "Deliver the tree strategy and plant 700,000 trees by 2030"),
        version("Update", "N12", "Deliver the tree strategy and plant 700,000 trees by 2030",
                "2024-12"),
        version("2050 plan", "T7", "Install 80 on-street charge points in the county"),
        version("Update", "T7", "Install 80 on-street charge points across the county", "2024-12"),
    ]  # fmt: skip
    links = link_versions(actions)
    assert 0 not in links and 1 not in links  # the same ID for two different actions
    assert links[2] == links[3] == [3, 2]  # renumbered, same words: newest first
    assert links[4] == links[5] == [5, 4]


def test_action_search_filters_and_history():
    book = RecordBook.of(
        [],
        [
            version(
                "2050 plan",
                "T7",
                "Install charge points",
                lead="Carbon Reduction Team",
                end="Mar-26",
                end_date="2026-03",
            ),
            version("Update", "T7", "Install charge points", "2024-12", stage="Delivery"),
            version(
                "2050 plan",
                "T8",
                "Plan freight hubs",
                lead="Transport Policy",
                end="Mar-28",
                end_date="2028-03",
            ),
        ],  # fmt: skip
    )
    (found,) = book.find_actions(ActionQuery(lead="carbon reduction", ends_before="2026-03"))
    assert found.record.plan == "Update" and [v.plan for v in found.history] == [
        "Update", "2050 plan",
    ]  # fmt: skip
    assert [r.record.action_id for r in book.find_actions(ActionQuery(status="delivery"))] == ["T7"]
    assert book.find_actions(ActionQuery(ends_before="2025")) == []


# --- on files, through ingest, HTTP and the command line -------------------------------

MINUTES_DOCX = [
    "Minutes of a meeting of the Cabinet held at County Hall on Tuesday, 20 October 2020.",
    "448. Community Speed Enforcement Initiative.",
    "The Cabinet considered a report of the Director of Environment and Transport. A copy of "
    "the report, marked ‘Agenda Item 8’, is filed with these minutes.",
    "RESOLVED:",
    "a) That the outcome of the average speed camera trial be noted;",
    "b) That a programme of average speed cameras be approved.",
    "(KEY DECISION)",
    "449. Urgent items.",
    "There were no urgent items for consideration.",
    "450. Healthy Weight Strategy.",
    "RESOLVED:",
    "REASONS FOR DECISION:",
    "To improve health.",
]  # fmt: skip


@pytest.fixture(scope="module")
def records_index(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    make_docx(docs / "cabinet-minutes.docx", [("p", text) for text in MINUTES_DOCX])
    heading = ["Action ID", "Action", "LCC team leads", "Timescale Start", "Timescale End"]
    make_xlsx(
        docs / "plan.xlsx",
        {
            "2050 Net Zero Plan": [
                heading,
                [
                    "T7",
                    "Install 80 on-street charge points",
                    "Carbon Reduction Team",
                    "Apr-25",
                    "Mar-26",
                ],
                ["T8", "Plan freight hubs", "Transport Policy", "Apr-25", "Mar-28"],
                [None, "A row with no ID", "Nobody", "TBC", "TBC"],
            ]
        },  # fmt: skip
    )
    make_pdf(
        docs / "progress-update.pdf",
        [[
            "Net Zero Action Plan - December 2024 progress update",
            "Action ID Objective Action LCC Role Who may be involved Project Stage Update Note",
            "T7 5 Install 80 on-street charge points in the county.",
            "Lead Chargepoint operators Delivery 40 charge points are installed.",
            "T9 6 Support freight decarbonisation.",
            "Ask Midlands Connect Discovery A business case is in development.",
            "T10 6 Review fleet fuels.",
            "Influence Fleet Team Design Fuel trials continue.",
            "T11 6 Promote car clubs.",
            "Ask District councils Delivery Two car clubs launched.",
            "T12 6 Promote bus travel.",
            "Lead Bus operators Delivery Fares were capped.",
        ]],
        title="Net Zero Action Plan - December 2024 progress update",
    )  # fmt: skip
    folder = tmp_path_factory.mktemp("index")
    ingest([docs], folder, HashEmbedder(), Settings(_env_file=None).chunking(), 10**8)
    return folder


def test_ingest_makes_records_for_minutes_and_plans(records_index):
    book = RecordBook.from_dicts(read_records(live_version(records_index)))
    assert [(d.minute_number, d.status) for d in book.decisions] == [
        (448, "complete"), (449, "no resolution"), (450, "partial"),
    ]  # fmt: skip
    speed = book.decisions[0]
    assert speed.key_decision and speed.meeting_date == "2020-10-20" and speed.body == "Cabinet"
    ids = {(a.plan_date, a.action_id) for a in book.actions}
    assert ids == {(None, "T7"), (None, "T8")} | {("2024-12", f"T{n}") for n in (7, 9, 10, 11, 12)}
    update_t7 = next(a for a in book.actions if a.action_id == "T7" and a.plan_date)
    # no ruled table: the roles recur and are learnt, the stages cannot be told from partners
    assert update_t7.role == "Lead" and update_t7.status == "partial"
    assert update_t7.note.endswith("Delivery 40 charge points are installed.")
    (t7,) = book.find_actions(ActionQuery(q="charge points"))
    assert [v.plan_date for v in t7.history] == ["2024-12", None]


def test_decisions_and_actions_over_http_with_exports(records_index):
    settings = Settings(_env_file=None, index_dir=records_index)
    with running(create_app(settings, HashEmbedder())) as url:
        decisions = httpx.get(f"{url}/decisions", params={"q": "speed cameras"}).json()
        assert [d["citation"] for d in decisions] == ["Cabinet, 20 October 2020, Minute 448"]
        assert decisions[0]["resolutions"][1]["citation"] == (
            "Cabinet, 20 October 2020, Minute 448(b)"
        )
        assert decisions[0]["url"].endswith("/file")  # a DOCX has no pages
        assert httpx.get(f"{url}/decisions", params={"from": "2021"}).json() == []
        assert len(httpx.get(f"{url}/decisions", params={"key_decision": "true"}).json()) == 1
        bad = httpx.get(f"{url}/decisions", params={"from": "last week"})
        assert bad.status_code == 422 and "not a date" in bad.json()["detail"]

        led = httpx.get(f"{url}/actions", params={"lead": "Carbon", "ends_before": "2026-03"})
        (action,) = led.json()
        assert action["action_id"] == "T7" and action["plan_date"] == "2024-12"
        assert [v["plan_date"] for v in action["history"]] == ["2024-12", None]

        exported = httpx.get(f"{url}/decisions", params={"q": "speed", "format": "csv"})
        assert exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert [r["citation"] for r in rows] == [
            "Cabinet, 20 October 2020, Minute 448(a)",
            "Cabinet, 20 October 2020, Minute 448(b)",
        ]
        assert rows[0]["source"] == "cabinet-minutes.docx"
        workbook = httpx.get(f"{url}/actions", params={"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(workbook.content)).active
        header = [c.value for c in sheet[1]]
        assert {"action_id", "lead", "source", "page", "sheet", "row"} <= set(header)
        assert sheet.max_row == 1 + 6  # T7 linked once, T8, T9-T12


def test_which_actions_a_team_leads_is_answered_from_the_records(records_index):
    assert action_query(
        "Which actions does the Carbon Reduction Team lead that end by March 2026?"
    ) == ActionQuery(lead="Carbon Reduction Team", ends_before="2026-03")
    assert action_query("What are the actions about freight?") is None
    # written as people type it; "the transport team" is "Transport Strategy and Policy"
    assert action_query("Which actions does the transport team lead?") == ActionQuery(
        lead="transport team"
    )
    settings = Settings(_env_file=None, index_dir=records_index)
    with running(create_app(settings, HashEmbedder())) as url:
        body = httpx.post(
            f"{url}/ask", json={"question": "Which actions are led by Carbon Reduction Team?"}
        ).json()
    assert body["mode"] == "records" and not body["abstained"]
    assert body["answer"].startswith("Actions led by Carbon Reduction Team (1 found")
    assert "Install 80 on-street charge points" in body["answer"]
    assert "lead: Carbon Reduction Team" in body["answer"] and "[1][2]" in body["answer"]
    update, plan = body["citations"]  # the newest version's row, and the plan's with the lead
    assert update["source"] == "progress-update.pdf" and plan["source"] == "plan.xlsx"
    assert "LCC team leads: Carbon Reduction Team" in plan["quote"]


def _ask_about_minutes(tmp_path, lines: list[str], *questions: str) -> list[dict]:
    """The answers to ``questions`` over HTTP, from an index of one PDF of these minutes."""
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "minutes.pdf", [lines])
    index_dir = tmp_path / "index"
    ingest([docs], index_dir, HashEmbedder(), Settings(_env_file=None).chunking(), 10**8)
    settings = Settings(_env_file=None, index_dir=index_dir, answer_min_score=0.2)
    with running(create_app(settings, HashEmbedder())) as url:
        return [httpx.post(f"{url}/ask", json={"question": q}).json() for q in questions]


def test_what_was_decided_is_answered_with_the_resolutions_not_the_discussion(tmp_path):
    decided, other_year = _ask_about_minutes(
        tmp_path,
        [
            "Minutes of a meeting of the Cabinet held at County Hall, Glenfield on Tuesday,",
            "20 October 2020.",
            "448. Community Speed Enforcement Initiative.",
            "The Cabinet considered a report about average speed cameras at seven sites.",
            "Mr. Rhodes said that average speed cameras had reduced speeds at every site.",
            "RESOLVED:",
            "a) That the outcome of the average speed camera trial be noted;",
            "b) That a programme of average speed cameras be approved.",
            "(KEY DECISION)",
            "449. Healthy Weight Strategy.",
            "The Cabinet considered the draft strategy.",
        ],
        "What did the Cabinet decide about speed cameras?",
        "What did the Cabinet decide about speed cameras in 2023?",
    )
    assert decided["mode"] == "records"
    assert decided["answer"].startswith(
        "Cabinet, 20 October 2020, Minute 448, Community Speed Enforcement Initiative "
        "(key decision): RESOLVED: a) That the outcome of the average speed camera trial be noted"
    )
    assert "Mr. Rhodes" not in decided["answer"]
    (citation,) = decided["citations"]
    assert citation["locator"] == "Minute 448" and citation["quote"].startswith("RESOLVED: a)")
    assert other_year["mode"] == "extractive" and other_year["abstained"]


def test_a_decision_that_does_not_give_the_fact_also_asked_for_leaves_it_to_the_passages(
    tmp_path,
):
    lines = [
        "Minutes of a meeting of Milburn Parish Council held in the Village Hall on",
        "Tuesday, 26 January 2021.",
        "7. Village Hall Defibrillator.",
        "The Parish Council has been asked to take over the payment of the replacement pads",
        "for the defibrillator. The cost is approximately £80, lasting for 2-3 years.",
        "RESOLVED: the Councillors resolved to take over these payments.",
    ]
    decided, costed = _ask_about_minutes(
        tmp_path,
        lines,
        "What did the council decide about the defibrillator pads?",
        "What did the council decide about the defibrillator pads, and what do they cost?",
    )
    assert decided["mode"] == "records"
    assert costed["mode"] == "extractive" and not costed["abstained"]
    assert costed["answer"].startswith("approximately £80 [1]")
    assert "resolved to take over these payments" in costed["answer"]


def test_the_decision_quoted_is_about_the_question_not_the_councils_own_name(tmp_path):
    (reply,) = _ask_about_minutes(
        tmp_path,
        [
            "Minutes of a meeting of Milburn Parish Council held in the Village Hall on",
            "Tuesday, 26 January 2021.",
            "7. Village Hall Defibrillator.",
            "Milburn Parish Council took over the payments for the defibrillator in 2019.",
            "Milburn Parish Council owns the defibrillator, which serves the whole parish.",
            "RESOLVED: the Councillors resolved to take over these payments.",
            "8. Finance.",
            "After discussion it was resolved to apply for a precept of £4500.",
        ],
        "What precept did Milburn Parish Council decide to ask for?",
    )
    assert reply["mode"] == "records"
    assert "Minute 8, Finance" in reply["answer"] and "£4500" in reply["answer"]
    assert "defibrillator" not in reply["answer"].lower()
    # quoted as the minutes word it, with no "RESOLVED:" they never wrote
    (citation,) = reply["citations"]
    assert citation["quote"] == "After discussion it was resolved to apply for a precept of £4500."


def test_each_lettered_part_of_a_minute_answers_for_its_own_decision(tmp_path):
    """US minutes put two pieces of business under one heading, each with its own motion: a
    question about the second is answered from the second, not the minute's first part."""
    contract, rezoning = _ask_about_minutes(
        tmp_path,
        [
            "CITY OF RIVERTON CITY COUNCIL REGULAR MEETING MINUTES",
            "Tuesday, March 11, 2025",
            "I. CALL TO ORDER",
            "The Mayor called the meeting to order at 6:02 p.m.",
            "II. NEW BUSINESS",
            "A. Award of contract for the Oak Street sidewalk project.",
            "MOTION: Councilmember Lopez moved, seconded by Vice Mayor Okafor, to award the",
            "sidewalk contract to Delta Construction in the amount of $1,215,000.",
            "MOTION CARRIED 5-0.",
            "B. Request to rezone 45 Mill Road from industrial to mixed use.",
            "Councilmember Walsh moved to deny the rezoning request; seconded by Councilmember",
            "Kim. The motion failed 2-3.",
            "III. ADJOURNMENT",
        ],
        "What did the council decide about the Oak Street sidewalk contract?",
        "Was the Mill Road rezoning adopted?",
    )
    assert contract["mode"] == rezoning["mode"] == "records"
    assert "Minute II.A" in contract["answer"] and "Delta Construction" in contract["answer"]
    assert "Minute II.B" in rezoning["answer"] and "The motion failed 2-3." in rezoning["answer"]
    assert "Delta Construction" not in rezoning["answer"]


def test_commands_print_and_export(records_index, tmp_path, capsys):
    assert main(["decisions", "speed cameras", "--index", str(records_index)]) == 0
    printed = capsys.readouterr().out
    assert "Cabinet, 20 October 2020, Minute 448: Community Speed Enforcement" in printed
    assert "(b) That a programme of average speed cameras be approved." in printed
    out = tmp_path / "actions.xlsx"
    assert main(["actions", "--lead", "Transport", "--index", str(records_index), "--out",
                 str(out)]) == 0  # fmt: skip
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[2]][:1] == ["T8"]
    assert main(["actions", "--index", str(records_index), "--out", str(tmp_path / "a.pdf")]) == 2


def test_exported_cells_never_run_as_formulas():
    record = decide('RESOLVED: a) =HYPERLINK("http://x") be noted;')
    text = to_csv(decision_rows([record]), DECISION_COLUMNS)
    assert ",'=HYPERLINK" in text.replace('"', "")


def _plan_records(tmp_path, sheet: str, rows: list[list], **options) -> RecordBook:
    """The records `assistant ingest` makes of a one-sheet XLSX plan."""
    docs = tmp_path / "docs"
    docs.mkdir()
    make_xlsx(docs / "plan.xlsx", {sheet: rows}, **options)
    assert main(["ingest", str(docs), "--index", str(tmp_path / "index")]) == 0
    return RecordBook.from_dicts(read_records(live_version(tmp_path / "index")))


def test_merged_cells_fill_each_action_and_a_row_without_id_is_skipped_with_a_reason(
    tmp_path, capsys
):
    book = _plan_records(
        tmp_path,
        "Net Zero Action Plan",
        [
            ["Action ID", "Action", "Lead", "End"],
            ["W1", "Review waste rounds", "Waste Team", "Mar-26"],
            ["W2", "Trial electric refuse lorries", None, "Mar-27"],
            [None, "Promote reuse shops", "Waste Team", "TBC"],
            ["W3", None, "Waste Team", "Ongoing"],
        ],
        merges={"Net Zero Action Plan": ["C2:C3"]},  # one lead for W1 and W2
    )
    printed = capsys.readouterr().out
    assert "3 actions (1 partial), 1 rows skipped (Net Zero Action Plan, row 4: no action ID" in (
        printed
    )
    leads = {a.action_id: (a.lead, a.status) for a in book.actions}
    assert leads == {
        "W1": ("Waste Team", "complete"),
        "W2": ("Waste Team", "complete"),
        "W3": ("Waste Team", "partial"),  # no action text
    }


def test_actions_numbered_in_other_schemes_under_an_id_column(tmp_path):
    book = _plan_records(
        tmp_path,
        "Climate Action Plan",
        [
            ["Ref", "What we will do", "Owner", "Deadline"],
            ["1.1", "Fit LED street lights", "Highways", "2026"],
            ["1.2", "Insulate the depot", "Property Services", "2027"],
            ["T/04", "Add bus lanes on the ring road", "Transport", "2028"],
            ["EN-3", "Install solar panels on schools", "Education", "2027"],
            ["Total", "four actions", None, None],
        ],
    )
    leads = {a.action_id: a.lead for a in book.actions}
    assert leads == {
        "1.1": "Highways",
        "1.2": "Property Services",
        "T/04": "Transport",
        "EN-3": "Education",
    }


def test_an_action_table_without_ids_gives_actions_placed_by_their_rows(tmp_path):
    book = _plan_records(
        tmp_path,
        "Climate actions",
        [
            ["Action", "Lead officer", "Target date", "Progress"],
            ["Review waste rounds", "Waste Team", "Mar-26", "Started"],
            ["Trial electric refuse lorries", "Fleet Manager", "Mar-27", ""],
            ["Promote reuse shops", None, "TBC", "Not started"],
        ],
    )
    rows = {a.action: (a.action_id, a.lead, a.end_date, a.locator) for a in book.actions}
    assert rows == {
        "Review waste rounds": ("row 2", "Waste Team", "2026-03", "Climate actions, row 2"),
        "Trial electric refuse lorries": (
            "row 3",
            "Fleet Manager",
            "2027-03",
            "Climate actions, row 3",
        ),
        "Promote reuse shops": ("row 4", "", None, "Climate actions, row 4"),
    }


def _docx_records(tmp_path, heading: str, table: list[list[str]]) -> RecordBook:
    """The records `assistant ingest` makes of a DOCX holding a heading and a table."""
    docs = tmp_path / "docs"
    docs.mkdir()
    make_docx(docs / "document.docx", [("h1", heading), ("table", table)])
    assert main(["ingest", str(docs), "--index", str(tmp_path / "index")]) == 0
    return RecordBook.from_dicts(read_records(live_version(tmp_path / "index")))


def test_a_documents_action_table_by_whom_and_when_gives_actions(tmp_path):
    book = _docx_records(
        tmp_path,
        "Village climate action plan",
        [
            ["Action", "By whom", "By when"],
            ["Plant hedges on the playing field", "Clerk", "March 2026"],
            ["Survey street lights", "Cllr Smith", "June 2026"],
        ],
    )
    found = {a.action: (a.lead, a.end_date) for a in book.actions}
    assert found == {
        "Plant hedges on the playing field": ("Clerk", "2026-03"),
        "Survey street lights": ("Cllr Smith", "2026-06"),
    }


def test_a_pdfs_ruled_action_table_without_ids_gives_actions_read_once(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf_with_table(
        docs / "plan.pdf",
        ["Our climate plan", "The parish council will take these actions over two years."],
        [
            ["Action", "Lead officer", "By when"],
            ["Plant hedges on the playing field", "Clerk", "March 2026"],
            ["Survey the street lights", "Cllr Smith", "June 2026"],
            ["Fit a heat pump in the village hall", "Hall committee", "2027"],
        ],
    )
    assert main(["ingest", str(docs), "--index", str(tmp_path / "index")]) == 0
    version = live_version(tmp_path / "index")
    book = RecordBook.from_dicts(read_records(version))
    found = {a.action: (a.action_id, a.lead, a.end_date, a.locator) for a in book.actions}
    assert found == {
        "Plant hedges on the playing field": (
            "row 2",
            "Clerk",
            "2026-03",
            "Action table 1, row 2",
        ),
        "Survey the street lights": ("row 3", "Cllr Smith", "2026-06", "Action table 1, row 3"),
        "Fit a heat pump in the village hall": (
            "row 4",
            "Hall committee",
            "2027",
            "Action table 1, row 4",
        ),
    }
    chunks = read_chunks(version)
    rows = [c for c in chunks if c.meta.get("action_id")]
    assert {c.page_start for c in rows} == {1}
    assert "Lead officer: Clerk" in rows[0].text
    # the table is read once: the page's running text keeps the paragraphs, not the rows
    text = " ".join(c.text for c in chunks if not c.meta.get("action_id"))
    assert "will take these actions" in text and "Plant hedges" not in text


@pytest.mark.parametrize("repeat_headings", [True, False])
def test_a_pdf_action_table_that_runs_over_pages_is_one_table(tmp_path, repeat_headings):
    from ingest.loaders import load_file

    rows = [[f"Action number {n}", f"Officer {n}", "2027"] for n in range(1, 71)]
    path = make_pdf_with_table(
        tmp_path / "plan.pdf",
        ["Our climate plan"],
        [["Action", "Lead officer", "By when"], *rows],
        repeat_headings,
    )
    document = load_file(path, 10**8)
    found = [b for b in document.blocks if b.kind == "row"]
    assert [b.fields[0][1] for b in found] == [r[0] for r in rows]
    assert {b.where for b in found} == {"Action table 1"}
    assert [b.row for b in found] == list(range(2, 72))
    assert found[0].page == 1 and found[-1].page == 2
    pages = [b.text for b in document.blocks if b.kind == "page"]
    assert "Our climate plan" in pages[0] and not any("Officer" in p for p in pages)


def test_a_pdf_page_is_searched_for_action_tables_only_under_heading_like_lines():
    from ingest.loaders.pdf_tables import may_hold_action_table

    assert may_hold_action_table("Our plan\nAction Lead officer By when\nPlant hedges Clerk")
    assert may_hold_action_table("Our plan\nAction\nResponsible\nTimescale\nPlant hedges")
    prose = "The council will take action on flooding, and the clerk will lead the work with us."
    assert not may_hold_action_table(f"{prose}\n{prose}")


def test_a_table_without_ids_or_leads_is_not_an_action_table(tmp_path):
    book = _docx_records(
        tmp_path,
        "Planning applications",
        [
            ["Application", "Description", "Status"],
            ["25/0001", "Two storey extension", "Approved"],
            ["25/0002", "Change of use to a cafe", "Refused"],
        ],
    )
    assert book.actions == []


def test_a_long_resolved_block_is_quoted_for_the_resolution_asked_about(tmp_path):
    places = ["Patrickswell", "Castletroy", "Rosbrien", "Ardagh", "Kilcolman", "Newtown"]
    resolutions = [
        f"{letter}) That the approval of the Council be and is hereby given to the disposal "
        f"of land at {place}, Limerick, to the purchaser named in the Statutory Notice, for "
        f"the sum of €{n}0,000, subject to the covenants and conditions of the contract;"
        for n, (letter, place) in enumerate(zip("abcdef", places, strict=True), start=1)
    ]
    (reply,) = _ask_about_minutes(
        tmp_path,
        [
            "Minutes of a meeting of the Council held at City Hall on Monday,",
            "27 November 2023.",
            "3. Disposal of Land.",
            "The Council considered the disposal notices circulated with the agenda.",
            "RESOLVED:",
            *resolutions,
            "4. Conferences.",
            "The Council noted the conference reports.",
        ],
        "What price was agreed for disposing of the land at Rosbrien?",
    )
    assert reply["mode"] == "records"
    assert (
        "Rosbrien, Limerick, to the purchaser named in the Statutory Notice, for the sum of "
        "€30,000" in reply["answer"]
    )
    # the whole answer, its label with it, keeps to the decision's word budget (and "[1]")
    assert len(reply["answer"].split()) <= DECISION_WORDS + 1
    assert sum(place in reply["answer"] for place in places) < len(places)


def test_a_decision_word_that_describes_a_thing_asks_for_no_decision():
    from assistant.record_answers import asks_for_decision

    assert asks_for_decision("What did Cabinet resolve about speed cameras?")
    assert asks_for_decision("Was the decision on the depot deferred?")
    assert asks_for_decision("Which councillor was approved to attend the conference?")
    assert not asks_for_decision("How many projects still have no approved business case?")
    assert not asks_for_decision("What is the agreed approach to verges?")
    assert asks_for_decision("Was the EV-ready parking ordinance adopted?")
    assert not asks_for_decision("When was the adopted plan published?")
    # a vote on an amendment is told in the discussion, not in what was resolved
    assert not asks_for_decision("How did the vote go on the amendment to drop the bus gate?")
