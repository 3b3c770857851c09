"""Ruled tables in PDFs: a plan that sets each strategy in a box of its own, its column
headings over one row of values, is read with each value beside its heading; a table of data
the page names by its number is read row by row, under its caption; so is a table that runs
from page to page with its column headings printed again at the top of each, as a spreadsheet
printed to PDF has them."""

from __future__ import annotations

from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.loaders.pdf_tables import (
    data_table_rows,
    pages_with_repeated_headings,
    record_fields,
    repeated_top_lines,
)
from ingest.metadata import infer_document_info
from tests.documents import make_pdf_with_forms, make_pdf_with_record_tables, make_pdf_with_table

HEADINGS = ["Timeline", "Impact", "Lead Agency", "Partner Agency"]


def test_a_box_of_headings_over_one_row_of_values_is_read_as_one_record():
    cells = [
        ["Strategy", "Solar shelters - install solar at schools.", None, None],
        HEADINGS,
        ["Short-\nterm", "Moderate", "Municipal\nGovernment,\nSchool Division", ""],
    ]
    assert record_fields(cells) == [
        ("Strategy", "Solar shelters - install solar at schools."),
        ("Timeline", "Short-term"),
        ("Impact", "Moderate"),
        ("Lead Agency", "Municipal Government, School Division"),
    ]


def test_tables_of_many_rows_or_of_figures_are_not_records():
    housing_mix = [
        ["Type", "Market housing", "Affordable housing"],
        ["1 bedroom", "12%", "24%"],
        ["2 bedroom", "28%", "42%"],
    ]
    assert record_fields(housing_mix) is None
    people = [["Name", "Role", "Ward"], ["J Smith", "Chair", "North"], ["A Jones", "Clerk", ""]]
    assert record_fields(people) is None  # a row above the headings is not "label: text"
    figures = [["2020", "2025", "2030"], ["Short", "Medium", "Long"]]
    assert record_fields(figures) is None


def test_only_pages_with_column_headings_the_document_repeats_are_searched():
    line = "Timeline Impact on GHG Lead Agency Partner Agency"
    texts = [f"Strategy one\n{line}\nShort", "Our vision\nA greener city.", f"{line}\nLong"]
    assert pages_with_repeated_headings(texts) == {1, 3}
    assert pages_with_repeated_headings([f"One\n{line}\nTwo\n{line}", "Our vision"]) == {1}
    assert pages_with_repeated_headings([f"Strategy one\n{line}", "Our vision"]) == set()
    prose = "The lead agency will support partners."
    assert pages_with_repeated_headings([prose, prose]) == set()


def _plan(tmp_path):
    headings = ["Timeline", "Impact on GHG", "Lead Agency", "Partner Agency"]
    records = [
        (
            "Solar Emergency Shelters - install solar plus battery backup at schools.",
            headings,
            ["Short-term", "Moderate", "Municipal Government, School Division", "Private Sector"],
        ),
        (
            "Landfill Gas - support efforts to convert landfill gas to electricity.",
            headings,
            ["Long-term", "Large", "Southeastern Public Service Authority", "Not Applicable"],
        ),
    ]
    return make_pdf_with_record_tables(tmp_path / "climate-action-plan.pdf", "Our plan", records)


def test_each_strategy_of_a_pdf_plan_keeps_its_own_lead_and_partners(tmp_path):
    document = load_file(_plan(tmp_path), 10**8)
    rows = [b for b in document.blocks if b.kind == "row"]
    assert [dict(b.fields)["Lead Agency"] for b in rows] == [
        "Municipal Government, School Division",
        "Southeastern Public Service Authority",
    ]
    assert rows[1].text.startswith("Strategy: Landfill Gas - support efforts")
    assert "Lead Agency: Southeastern Public Service Authority" in rows[1].text
    assert [b.where for b in rows] == ["page 1, table 1", "page 1, table 2"]
    page = next(b.text for b in document.blocks if b.kind == "page")
    assert "Our plan" in page and "Lead Agency" not in page  # read once, as records


def test_a_record_is_one_passage_cited_by_its_page_and_table(tmp_path):
    path = _plan(tmp_path)
    document = load_file(path, 10**8)
    chunks = chunk_document(document, infer_document_info(document))
    landfill = [c for c in chunks if "Landfill Gas" in c.text]
    assert len(landfill) == 1
    assert landfill[0].locator == "page 1, table 2" and landfill[0].page_start == 1
    assert "Southeastern Public Service Authority" in landfill[0].text
    assert "School Division" not in landfill[0].text


def test_asked_who_leads_a_strategy_the_answer_quotes_that_strategys_lead(tmp_path):
    from assistant.answer import AnswerOptions, answer
    from assistant.glossary import Glossary
    from index.search import Hit
    from index.unit_vectors import EmbeddedOnDemand
    from tests.fakes import HashEmbedder

    document = load_file(_plan(tmp_path), 10**8)
    chunks = chunk_document(document, infer_document_info(document))
    landfill_first = sorted(chunks, key=lambda c: "Landfill" not in c.text)
    hits = [Hit(c, 1.0 - n / 10, n + 1, n + 1) for n, c in enumerate(landfill_first)]
    result = answer(
        "Who is the lead agency for landfill gas?",
        lambda _q: hits,
        EmbeddedOnDemand(HashEmbedder()),
        Glossary([]),
        AnswerOptions(min_score=0.3),
    )
    assert not result.abstained
    quote = result.citations[0].quote
    assert "Landfill Gas" in quote and "Lead Agency: Southeastern Public Service Authority" in quote
    assert "School Division" not in result.text


def test_a_ruled_table_of_data_gives_a_row_for_each_of_its_rows():
    cells = [
        ["", "Stage", "", "Timeline"],
        [None, "Issues and Options\nconsultation", None, "May 2026"],
        [None, "Draft Local Plan\nconsultation", None, "May 2027"],
    ]
    rows = data_table_rows(cells)
    assert [r.fields for r in rows] == [
        (("Stage", "Issues and Options consultation"), ("Timeline", "May 2026")),
        (("Stage", "Draft Local Plan consultation"), ("Timeline", "May 2027")),
    ]
    prose = [["The housing mix policy sets out the mix of housing types."], ["It seeks"], ["x"]]
    assert data_table_rows(prose) is None
    actions = [["ID", "Action"], ["T1", "Plant trees"], ["T2", "Insulate the hall"]]
    assert data_table_rows(actions) is None  # action rows with IDs are read from the text
    assert data_table_rows([["Stage", "Timeline"], ["Adoption", "tbc"]]) is None  # one row


def test_a_pdf_table_named_by_its_number_is_read_row_by_row_under_its_caption(tmp_path):
    path = make_pdf_with_table(
        tmp_path / "local-development-scheme.pdf",
        ["The timeline for the Local Plan is provided in Table 1 below.", "Table 1: Timeline"],
        [
            ["Stage", "Timeline"],
            ["Issues and Options consultation", "May 2026"],
            ["Draft Local Plan consultation", "May 2027"],
        ],
    )
    document = load_file(path, 10**8)
    rows = [b for b in document.blocks if b.kind == "row"]
    assert [b.text for b in rows] == [
        "Stage: Issues and Options consultation\nTimeline: May 2026",
        "Stage: Draft Local Plan consultation\nTimeline: May 2027",
    ]
    assert {(b.where, b.section, b.page) for b in rows} == {
        ("page 1, table 1", "Table 1: Timeline", 1)
    }
    page = next(b.text for b in document.blocks if b.kind == "page")
    assert "provided in Table 1 below" in page and "May 2027" not in page
    chunks = chunk_document(document, infer_document_info(document))
    draft = next(c for c in chunks if "Draft Local Plan" in c.text)
    assert draft.locator == "page 1, table 1, row 3" and "Table 1: Timeline" in draft.context


def test_a_pdf_table_nothing_names_stays_in_the_page_text(tmp_path):
    path = make_pdf_with_table(
        tmp_path / "plan.pdf",
        ["The timeline is below."],
        [["Stage", "Timeline"], ["Consultation", "May 2026"], ["Adoption", "May 2027"]],
    )
    document = load_file(path, 10**8)
    assert not [b for b in document.blocks if b.kind == "row"]
    assert "May 2027" in next(b.text for b in document.blocks if b.kind == "page")


def test_a_heading_row_the_ruling_splits_in_two_heads_every_column():
    cells = [
        ["", "", "Capital cost\nrange", "Running cost"],
        ["Committee", "Action", None, None],
        ["Energy", "Put solar panels on the depot roof.", "Moderate ($100k - $1M)", "Minimal"],
        ["Waste", "Charge for waste by weight.", "Substantial (> $1M)", "Unknown"],
    ]
    rows = data_table_rows(cells)
    assert rows[1].fields == (
        ("Committee", "Waste"),
        ("Action", "Charge for waste by weight."),
        ("Capital cost range", "Substantial (> $1M)"),
        ("Running cost", "Unknown"),
    )


TRACKER = [
    ["Committee", "Strategy", "Actions", "Capital cost range", "Operational cost range"],
    *(
        [
            "Waste" if n % 2 else "Energy",
            f"Strategy {chr(65 + n % 26)}",
            f"Action number {n} of the tracker",
            "Minimal (less than $100k)" if n % 3 else "Substantial (> $1M)",
            "Unknown",
        ]
        for n in range(1, 71)
    ),
]


def test_a_table_printed_with_its_headings_on_each_page_is_read_row_by_row(tmp_path):
    path = make_pdf_with_table(
        tmp_path / "tracker.pdf", ["Proposed Action Tracker"], TRACKER, repeat_headings=True
    )
    document = load_file(path, 10**8)
    rows = [b for b in document.blocks if b.kind == "row"]
    assert len(rows) == 70 and {b.page for b in rows} == {1, 2}
    last = rows[-1]
    assert last.text == (
        "Committee: Energy\nStrategy: Strategy S\nActions: Action number 70 of the tracker"
        "\nCapital cost range: Minimal (less than $100k)\nOperational cost range: Unknown"
    )
    pages = [b.text for b in document.blocks if b.kind == "page"]
    assert "Proposed Action Tracker" in pages[0] and "Action number" not in "".join(pages)


def test_a_long_table_without_its_headings_on_each_page_stays_in_the_page_text(tmp_path):
    path = make_pdf_with_table(tmp_path / "tracker.pdf", ["Proposed Action Tracker"], TRACKER)
    document = load_file(path, 10**8)
    assert not [b for b in document.blocks if b.kind == "row"]
    assert "Action number 70" in "".join(b.text for b in document.blocks if b.kind == "page")


def test_lines_repeated_near_the_top_of_pages_are_candidate_headings():
    heading = "Committee Strategy Actions"
    texts = [f"Tracker\n{heading}\nEnergy", f"{heading}\nWaste", "Our vision\nAnd more"]
    assert repeated_top_lines(texts)[heading] == [1, 2]
    cells = "Committee\nStrategy\nActions\nCapital cost range\nOperational cost range"
    found = repeated_top_lines([f"Tracker\n{cells}\nEnergy", f"{cells}\nWaste"])
    assert found[" ".join(cells.split())] == [1, 2]  # a heading row's cells one to a line
    assert repeated_top_lines(["Budget 2025 to 2030\nx", "Budget 2025 to 2030\ny"]) == {}


def test_a_form_printed_for_each_decision_pages_apart_is_no_table_of_data(tmp_path):
    form = [
        ["(e)", "Exempt Information?", "Open"],
        ["(f)", "Decision made in exempt session?", "No"],
        ["(g)", "Reason for decision", "As set out in the report"],
    ]
    path = make_pdf_with_forms(tmp_path / "decisions.pdf", [form, form], "Decision notes.")
    document = load_file(path, 10**8)
    assert not [b for b in document.blocks if b.kind == "row"]
    pages = [b.text for b in document.blocks if b.kind == "page"]
    assert sum("Exempt Information?" in text for text in pages) == 2
