"""Chunkers on text with the structures council documents have (no files, no models)."""

from __future__ import annotations

import dataclasses

from ingest.chunking import ChunkingOptions, chunk_document, chunker_signature
from ingest.chunking.sections import Unit, pack_units
from ingest.metadata import infer_document_info
from ingest.model import Block, LoadedDocument
from ingest.records import extract_records
from ingest.tokens import count_tokens
from ingest.units import chunk_units, framed


def pdf(pages: list[list[str]], source: str = "doc.pdf", title: str = "") -> LoadedDocument:
    blocks = [Block("page", "\n".join(lines), page=n) for n, lines in enumerate(pages, start=1)]
    return LoadedDocument(source, f"/docs/{source}", "pdf", blocks, "0" * 64, title)


def blocks_document(blocks: list[Block], source: str = "doc.docx") -> LoadedDocument:
    return LoadedDocument(source, f"/docs/{source}", source.rsplit(".", 1)[1], blocks, "1" * 64)


def chunks_of(document: LoadedDocument, options: ChunkingOptions | None = None):
    return chunk_document(document, infer_document_info(document), options)


MINUTES = [
    [
        "Minutes of a meeting of the Cabinet held at County Hall, Glenfield on Tuesday,",
        "20 October 2020.",
        "PRESENT",
        "Mr. N. J. Rushton CC (in the Chair)",
        "445. Minutes.",
        "The minutes of the meeting held on 22 September 2020 were taken as read.",
        "446. Air Quality and Health Joint Action",
        "Plan 2020-2024.",
        "The Cabinet considered a report of the Director of Public Health.",
        "RESOLVED:",
        "That the Air Quality and Health Joint Action Plan 2020-2024 be approved.",
        "REASONS FOR DECISION:",
        "The plan sets out how partners will reduce exposure to air pollution.",
    ],
    [
        "447. Community Speed Enforcement Initiative.",
        "The Cabinet considered the outcome of the average speed camera trial.",
        "RESOLVED:",
        "a) That the outcome of the trial be noted;",
        "b) That the Director be authorised to implement an ongoing programme.",
    ],
]


def test_one_chunk_per_minute_with_its_decision_and_reasons():
    chunks = chunks_of(pdf(MINUTES))
    minutes = {c.meta["minute_number"]: c for c in chunks if "minute_number" in c.meta}
    assert sorted(minutes) == [445, 446, 447]
    air = minutes[446]
    assert air.locator == "Minute 446"
    assert air.meta["minute_title"] == "Air Quality and Health Joint Action Plan 2020-2024"
    assert "RESOLVED:" in air.text and "REASONS FOR DECISION:" in air.text
    assert "speed camera" not in air.text
    assert (air.body, air.date, air.page_start) == ("Cabinet", "2020-10-20", 1)
    assert minutes[447].page_start == 2
    assert "b) That the Director be authorised" in minutes[447].text


def test_long_minute_is_split_with_number_and_title_on_every_part():
    discussion = [f"Members raised point {n} about the consultation responses." for n in range(40)]
    pages = [
        MINUTES[0][:4]
        + [
            "450. Local Plan Consultation.",
            *discussion,
            "RESOLVED:",
            "That the response be approved.",
        ]
    ]
    parts = [
        c
        for c in chunks_of(pdf(pages), ChunkingOptions(120, 24, 200))
        if c.meta.get("minute_number") == 450
    ]
    assert len(parts) >= 2
    assert all(c.locator == "Minute 450" and "Local Plan Consultation" in c.context for c in parts)
    decision = [c for c in parts if c.meta["part"] == "decision"]
    assert len(decision) == 1 and decision[0].text.startswith("RESOLVED:")
    assert all(count_tokens(c.text) <= 200 for c in parts)


REPORT = [
    [
        "CABINET – 20 NOVEMBER 2020",
        "MELTON NORTH SUSTAINABLE NEIGHBOURHOOD",
        "DRAFT MASTERPLAN",
        "REPORT OF THE CHIEF EXECUTIVE",
        "PART A",
        "Purpose of the Report",
        "1. The purpose of this report is to advise the Cabinet of the response",
        "to the draft masterplan.",
        "Recommendation",
        "2. It is recommended that the response be noted.",
        "Background",
        "3. Melton North is expected to deliver 1,700 homes.",
        "4. The County Council sent its objections on 27 October 2020.",
    ]
]


def test_report_chunks_know_title_section_and_paragraphs():
    chunks = chunks_of(pdf(REPORT, "pack.pdf"))
    by_para = {c.meta["paragraphs"]: c for c in chunks}
    title = "Melton North Sustainable Neighbourhood Draft Masterplan"
    assert all(c.meta["report_title"] == title for c in chunks)
    assert by_para[(1,)].locator == f"Report: {title}, para 1"
    assert "to the draft masterplan." in by_para[(1,)].text  # wrapped line kept with its para
    assert by_para[(2,)].section == "Recommendation"
    background = [c for c in chunks if c.section == "Background"]
    assert "1,700 homes" in " ".join(c.text for c in background)
    assert all((c.body, c.date) == ("Cabinet", "2020-11-20") for c in chunks)


def test_pack_with_minutes_and_a_report_is_split_at_each_start():
    chunks = chunks_of(pdf([*MINUTES, *REPORT], "pack.pdf", title="Cabinet agenda reports pack"))
    kinds = [
        "minute" if "minute_number" in c.meta else "report" if "report_title" in c.meta else "other"
        for c in chunks
    ]
    assert kinds.index("report") > max(i for i, k in enumerate(kinds) if k == "minute")
    minute = next(c for c in chunks if c.meta.get("minute_number") == 447)
    assert "Melton" not in minute.text  # the next report is not glued onto the last minute
    assert minute.date == "2020-10-20"  # the minutes' own meeting date, not the pack's


ACTION_PDF = [
    [
        "Net Zero Leicestershire Action Plan - December 2024 progress update",
        "Action ID Objective Action Lead Status",
        "Transport",
        "T1 All Develop a vision for active travel. Highways Complete",
        "Т6 All Expand car clubs across market towns. Transport policy On track",
        "and rural hubs.",
        "Buildings",
        "B14 2 Develop business support for energy efficiency. Economy team Delayed",
    ]
]


def test_action_plan_pdf_gives_one_chunk_per_action_with_normalised_ids():
    chunks = [c for c in chunks_of(pdf(ACTION_PDF, "update.pdf")) if c.meta.get("action_id")]
    assert [c.meta["action_id"] for c in chunks] == ["T1", "T6", "B14"]
    car_clubs = chunks[1]
    assert car_clubs.meta["action_id_original"] == "Т6"  # the document's Cyrillic Т
    assert car_clubs.locator == "Action T6 (December 2024 update, Transport)"
    assert "rural hubs" in car_clubs.text
    assert chunks[2].section == "Buildings"


def row_block(fields: tuple[tuple[str, str], ...], **where) -> Block:
    return Block("row", "\n".join(f"{k}: {v}" for k, v in fields), fields=fields, **where)


def test_spreadsheet_actions_are_column_value_lines_under_plan_and_section():
    fields = (
        ("Action ID", "T7"),
        ("Action", "Expand EV charging"),
        ("Lead", "LCC"),
        ("RAG", "Green"),
    )
    blocks = [
        Block("heading", "2050 Net Zero Leicestershire Action Plan", level=1, where="Plan"),
        row_block(fields, where="Plan", row=5, section="Transport"),
    ]
    (chunk,) = chunks_of(blocks_document(blocks, "plan.xlsx"))
    assert chunk.locator == "Action T7 (2050 plan, Transport)"
    assert chunk.text == "Action ID: T7\nAction: Expand EV charging\nLead: LCC\nRAG: Green"
    assert "2050 Net Zero Leicestershire Action Plan" in chunk.context
    assert chunk.doc_type == "action plan"


def test_headed_text_is_split_by_tokens_with_overlap_and_section_locators():
    sentences = " ".join(
        f"Sentence {n} explains how heat networks serve new homes." for n in range(60)
    )
    blocks = [
        Block("heading", "LAEP case study", level=1),
        Block("heading", "5.3 Data formats", level=2),
        Block("paragraph", sentences),
        Block("heading", "6 Next steps", level=2),
        Block("paragraph", "The team will publish maps."),
    ]
    chunks = chunks_of(blocks_document(blocks), ChunkingOptions(120, 24, 320))
    data = [c for c in chunks if c.locator == "§5.3"]
    assert len(data) >= 3
    assert all(count_tokens(c.text) <= 120 for c in data)
    for first, second in zip(data, data[1:], strict=False):
        assert first.text.split(". ")[-1].rstrip(".") in second.text  # overlap carries context
    assert chunks[-1].locator == "§6" and "The team will publish maps." in chunks[-1].text
    assert all("Sentence" not in c.text for c in chunks if c.locator == "§6")


def test_chunk_ids_are_stable_and_unique():
    document = pdf([*MINUTES, *REPORT], "pack.pdf")
    first, again = chunks_of(document), chunks_of(document)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)


def test_chunker_signature_changes_with_sizes():
    assert chunker_signature(ChunkingOptions(120, 24, 320)) != chunker_signature(
        ChunkingOptions(200, 24, 320)
    )


COLUMNS = "Action ID Objective Action Lead Who may be involved Status Update Note"


def test_action_table_over_pages_keeps_ids_at_page_tops_and_finds_new_sections():
    def row(action_id: str, action: str, note: str) -> list[str]:
        return [action_id, action, "Lead Partners Districts Delivery", note]

    pages = [
        [
            "Transport",
            COLUMNS,
            *row("T1 All", "Develop a vision for travel.", "Vision agreed."),
            "Freight",
        ],
        [
            COLUMNS,
            *row("T2 1", "Expand car clubs.", "Two clubs launched."),
            "Lead Leicester City LLEP To be",
        ],
        [COLUMNS, *row("E21 3, 4", "Support zero carbon builds.", "Stalled."), "Communities"],
        [COLUMNS, *row("C1 All", "Develop a climate pact.", "Pact signed.")],
        [COLUMNS, *row("C1 All", "Develop a climate pact.", "Pact signed.")],  # duplicated page
    ]
    chunks = [c for c in chunks_of(pdf(pages, "update.pdf")) if c.meta.get("action_id")]
    assert [c.meta["action_id"] for c in chunks] == ["T1", "T2", "E21", "C1"]
    assert [c.section for c in chunks] == ["Transport", "Freight", "Freight", "Communities"]
    assert all(COLUMNS not in c.text for c in chunks)
    assert chunks[3].text.count("climate pact") == 1
    assert "LLEP To be" in chunks[1].text  # a long cell fragment is not taken for a section


def test_section_names_reject_cell_fragments():
    from ingest.chunking.actions import section_name

    assert section_name("Policy and Strategy <u> </u>") == "Policy and Strategy"
    assert section_name("Engagement 1") == "Engagement"
    assert section_name("T T 1") is None
    assert section_name("Lead Leicester City LLEP LCC Discovery To be progressed") is None
    assert section_name("delivery of") is None


def test_a_paragraph_that_opens_a_list_goes_with_the_list():
    units = [
        Unit("Planners value data from the plan for their work. " * 5),
        Unit("The format of the data is critical. Key considerations include:"),
        Unit("Spatial maps and GIS layers that work with planning tools."),
        Unit("Excel datasets for further analysis."),
    ]
    pieces = pack_units(units, max_tokens=70, overlap_tokens=0)
    assert [p.text.splitlines()[0] for p in pieces] == [
        units[0].text,
        "The format of the data is critical. Key considerations include:",
    ]
    assert "Spatial maps" in pieces[1].text and "Excel datasets" in pieces[1].text


PLAN = [
    [
        "Contents",
        "1. Introduction ........................................ 5",
        "2. Policies ............................................ 9",
    ],
    [
        "1. Introduction",
        "This document sets out the draft policies. Other policies will follow once the",
        "evidence is complete.",
        "5.4 City Operations",
        "The council can lead by example in its own buildings.",
        "Policy 8 – City Operations:",
        "Develop standards to make City operations more efficient.",
        "Strategy 8A. Establish a Cash Flow Sustainability Account to Fund Future Projects",
        "Divert 50 percent of savings from new energy measures to future projects",
        "Strategy 8B. Re-commission City Buildings",
        "Re-commission 10 of the City's facilities with the highest energy use",
        "Please tick one option",
        "Yes",
        "Please give the reason for your answer",
    ],
    [
        "Please tick one option",
        "No",
        "Please give the reason for your answer",
        "2.68 Sustainable Drainage Systems",
        "CC2 Sustainable Drainage Systems (SuDS)",
        "1. All new development, except householder development, must incorporate SuDS.",
        "Please tick one option",
        "Please give the reason for your answer",
    ],
]


def test_labelled_policies_and_numbered_sections_start_their_own_passages():
    chunks = chunks_of(pdf(PLAN, "plan.pdf"))
    sections = {c.section: c for c in chunks}
    # a strategy's label opens its passage, whatever the line above it; the section is kept
    recommission = sections["Strategy 8B. Re-commission City Buildings"]
    assert recommission.text.startswith("Strategy 8B. Re-commission City Buildings")
    assert "Re-commission 10" in recommission.text and "50 percent" not in recommission.text
    assert "5.4 City Operations" in recommission.context
    assert "Strategy 8B" not in sections["Strategy 8A. Establish a Cash Flow Sustainability "
                                         "Account to Fund Future Projects"].text  # fmt: skip
    # a numbered title is a section, not the first paragraph under the contents page's heading
    assert "Other policies will follow" in sections["1. Introduction"].text
    # a form's label met on every page is not the name of a section
    assert not any(c.section.startswith("Please") for c in chunks)
    suds = sections["CC2 Sustainable Drainage Systems (SuDS)"]
    assert "householder development" in suds.text and "2.68 Sustainable Drainage" in suds.context
    assert recommission.locator == "Strategy 8B. Re-commission City Buildings"
    assert suds.locator == "CC2 Sustainable Drainage Systems (SuDS), para 1"


def test_an_unnumbered_heading_sits_under_the_numbered_section_it_is_in():
    lines = [
        "5.1 Transportation and Land Use",
        "Land use decisions shape how far people travel.",
        "Reducing Bus Idling Impacts",
        "Idling buses waste fuel and foul the air.",
        "Eliminating bus idling at the local level (schools, Greensboro",
        "Transit Authority, etc.) and determining barriers can help reduce idling.",
        "Water Resources",
        "Cumulative minimum cost savings from proposed strategies by 2020: $17,600,000",
    ]
    chunks = chunks_of(pdf([lines], "plan.pdf"))
    savings = next(c for c in chunks if "$17,600,000" in c.text)
    assert savings.section == "Water Resources"
    assert "5.1 Transportation and Land Use | Water Resources" in savings.context
    # a line broken inside a bracket is a sentence's start, not a heading
    assert not any(c.section.startswith("Eliminating") for c in chunks)


def test_a_heading_that_cannot_place_a_passage_is_not_its_label():
    lines = [
        "Greenhouse Gas Emissions Inventory",
        "The City completed inventories for 2014 and 2017.",
        "December 2022",
        "The City is compiling its 2021 inventory.",
        "Entergy Underway •• • •",
        "The utility is expanding its solar programme.",
    ]
    chunks = chunks_of(pdf([lines], "plan.pdf"))
    compiling = next(c for c in chunks if "compiling" in c.text)
    solar = next(c for c in chunks if "solar programme" in c.text)
    # the line stays the passage's section, but the reader gets the page, and its sentences
    # are judged without it
    assert compiling.section == "December 2022" and compiling.locator == "page 1"
    assert solar.section == "Entergy Underway •• • •" and solar.locator == "page 1"
    assert framed("The City is compiling its 2021 inventory.", compiling, {}) == (
        "The City is compiling its 2021 inventory."
    )
    inventory = next(c for c in chunks if "2014 and 2017" in c.text)
    assert inventory.locator == "Greenhouse Gas Emissions Inventory"
    from ingest.chunking.sections import section_label

    assert section_label("Construct New Streets as") == ""  # runs on
    assert section_label("The Committee’s key objectives were to:") == ""  # opens a list
    assert section_label("Short-term – 2020; Medium-term – 2025") == ""
    assert section_label("Retrieved 2019 from https://pubs.usgs.gov/fs/2010") == ""
    credits = ("Report Author: Oliver Coltman", "Rendering by: Jacobs", "Source: ONS, 2021")
    assert [section_label(h) for h in credits] == ["", "", ""]
    kept = ("Policy 1 – Transportation and Land Use:", "Streetspace 2 Pre-FBC N/A", "Flood Risk")
    assert [section_label(h) for h in kept] == list(kept)


def test_a_numbered_paragraph_whose_first_line_looks_titled_keeps_the_numbering():
    lines = [
        "Background",
        "1. The Council consulted on its plan in 2019.",
        "2. The Government’s Planning White Paper, considered by the Cabinet on 18",
        "September 2020, proposed changes to the planning system.",
        "3. The plan was approved.",
    ]
    chunks = chunks_of(pdf([lines], "report.pdf"))
    paragraphs = [p for c in chunks for p in c.meta.get("paragraphs", ())]
    assert paragraphs == [1, 2, 3] and all(c.section == "Background" for c in chunks)


def test_a_passage_that_only_abbreviates_carries_the_long_form_in_its_context():
    pages = [
        [
            "Introduction",
            "This Local Area Energy Plan (LAEP) covers greenhouse gas (GHG) emissions.",
        ],
        ["Selected Goal", "The LAEP recommended stabilising GHG emissions by 2020."],
        ["Transport", "Bus services in the LAEP area will run every hour."],
        ["Waste", "The LAEP expects recycling to reach half of all waste."],
    ]
    chunks = chunks_of(pdf(pages, "plan.pdf"))
    goal = next(c for c in chunks if "stabilising" in c.text)
    assert "GHG: greenhouse gas" in goal.context and "greenhouse gas" in goal.search_text()
    assert "greenhouse gas" not in goal.text  # never quoted as if the page said it
    # what every passage abbreviates is the document's subject: spelt out nowhere
    assert not any("LAEP: Local Area Energy Plan" in c.context for c in chunks)


def test_a_stray_mark_on_the_cover_is_not_the_title():
    # a cover read by OCR opens with a logo's letters
    cover = ["Va", "GREENSBORO", "Sustainability Action Plan", "Greensboro, North Carolina"]
    document = pdf([cover, ["Introduction", "The plan sets out twelve policies."]], "plan.pdf")
    assert infer_document_info(document).title == "Greensboro"


def test_the_sentence_that_opens_the_minutes_is_not_quotable():
    lines = [
        "Milburn Parish Council - 26th January 2021",
        "The Parish Council held a zoom meeting.",
        "Present: Councillors D Richardson (Chair) and R Healey.",
        "1. Apologies",
        "None were received.",
        "2. Precept",
        "After discussion it was resolved to apply for a £4500 precept.",
    ]
    chunks = chunks_of(pdf([lines], "milburn-minutes.pdf"))
    opening = next(c for c in chunks if c.locator.startswith("Minutes"))
    units = chunk_units(opening)
    assert not any("26th January 2021" in u for u in units)
    assert any(u.startswith("Present:") for u in units)  # who attended can still be quoted
    assert all(not c.meta.get("opening") for c in chunks if c is not opening)


def test_a_heading_that_runs_into_the_first_sentence_is_not_quoted_again():
    lines = ["Recommended Targets", "The Committee recommends a target of 80% by 2050."]
    (chunk,) = chunks_of(pdf([lines], "report.pdf"))
    ran_on = dataclasses.replace(
        chunk,
        text="RECOMMENDED TARGETS The Committee recommends a target of 80% by 2050.",
        section="RECOMMENDED TARGETS",
    )
    assert chunk_units(ran_on) == ["The Committee recommends a target of 80% by 2050."]
    # a heading that is a sentence's first line is not cut from it
    fragment = dataclasses.replace(
        ran_on,
        text="By 2024, the City will work with the City Council on an ordinance.",
        section="By 2024, the City will work with the City",
    )
    assert chunk_units(fragment) == [fragment.text]


def test_a_heading_under_a_figure_credit_opens_a_section():
    lines = [
        "Flood Risk",
        "Caravans are classed as highly vulnerable to flood risk.",
        "Figure 3: Extract from the masterplan",
        "Source: Wharf Road Environmental Strategy (LUC, 2013)",
        "The Council’s Approach to Wharf Road",
        "Most of the identified need for 22 pitches relates to the Wharf Road site.",
    ]
    chunks = chunks_of(pdf([lines], "wharf-road-spd.pdf"))
    (pitches,) = [c for c in chunks if "22 pitches" in c.text]
    assert pitches.section == "The Council’s Approach to Wharf Road"
    # a report's contact lines are credits too, not headings
    lines = [
        "Recommendations",
        "The Committee is asked to note the report.",
        "Report Author: Jane Smith",
        "Contact Details: jane.smith@example.gov.uk",
        "Transport Funding",
        "24. For the area, the funding allocation is a total grant of £752m.",
    ]
    chunks = chunks_of(pdf([lines], "committee-report.pdf"))
    (funding,) = [c for c in chunks if "£752m" in c.text]
    assert funding.section == "Transport Funding"
    assert not any(c.section.startswith(("Report Author", "Contact")) for c in chunks)


def test_numbered_paragraphs_after_a_figure_are_not_under_its_caption():
    lines = [
        "Delivery",
        "1. The masterplan shows the layout of the pitches and the new access road.",
        "Figure 4: Masterplan",
        "Pitches Access road Open space",
        "2. The Park Authority has a statutory duty to manage the Regional Park.",
    ]
    chunks = chunks_of(pdf([lines], "wharf-road-spd.pdf"))
    (duty,) = [c for c in chunks if "statutory duty" in c.text]
    assert duty.section == "Delivery"
    (figure,) = [c for c in chunks if "Open space" in c.text]
    assert figure.section == "Figure 4: Masterplan"


def test_a_list_of_short_items_is_quoted_as_one_unit():
    lines = [
        "Burton Parish Council - 2nd December 2025",
        "1. Council Policies",
        "The Council considered the following policies:",
        "(i) Risk Assessment",
        "(ii) Parish Caretaker Risk Assessment",
        "(iii) Disciplinary Policy",
        "RESOLVED: To approve the policies and to re-adopt them for 2026.",
    ]
    (chunk,) = [c for c in chunks_of(pdf([lines], "burton-minutes.pdf")) if "Risk" in c.text]
    # each item reads as a heading, and so does the list; but the list answers "which policies"
    assert "(i) Risk Assessment (ii) Parish Caretaker Risk Assessment" in chunk_units(chunk)


LOCAL_PLAN = [
    [
        "Local Plan Part B: Development Management Policies",
        "2.1 Housing mix",
        "HO1 Housing mix",
        "New residential development will be required to provide a mix of homes.",
        "2.1.1 The mix reflects the housing needs assessment.",
    ],
    [
        "2.2 Affordable housing",
        "HO2 Affordable housing",
        "1. Residential developments of 10 or more dwellings will provide 40% affordable homes.",
        "Location and clustering",
        "2. Affordable homes will be integrated throughout the site.",
    ],
    ["2.3 Accessible housing", "HO3 Accessible housing", "New homes will be accessible."],
    ["2.4 Self-build", "HO4 Self and custom-build housing", "Large sites will offer plots."],
    ["2.5 Windfall", "HO5 Windfall", "Windfall housing will be supported in settlements."],
]


def test_a_plans_policies_in_sentence_case_are_its_items_not_actions():
    document = pdf(LOCAL_PLAN, "local-plan.pdf")
    info = infer_document_info(document)
    chunks = chunk_document(document, info)
    assert info.doc_type != "action plan"
    assert extract_records(document, info, chunks).actions == []
    affordable = next(c for c in chunks if "40% affordable" in c.text)
    assert affordable.section == "HO2 Affordable housing"
    assert "mix of homes" not in affordable.text
    # a policy's own sub-heading stays under the policy
    clustering = next(c for c in chunks if "integrated throughout" in c.text)
    assert clustering.section == "Location and clustering"
    assert "HO2 Affordable housing | Location and clustering" in clustering.context
    assert next(c for c in chunks if "Windfall housing" in c.text).section == "HO5 Windfall"


def test_a_glossary_of_formulas_in_an_action_plan_is_not_an_action_table():
    glossary = [
        "Glossary",
        "CO2 Carbon dioxide",
        "CO2e Carbon dioxide equivalent",
        "CH4 Methane",
        "SF6 Sulphur hexafluoride",
        "HFC23 Trifluoromethane",
        "GHG Greenhouse gas",
    ]
    document = pdf([["Climate Action Plan", "Our plan cuts emissions."], glossary], "plan.pdf")
    info = infer_document_info(document)
    chunks = chunk_document(document, info)
    assert extract_records(document, info, chunks).actions == []
    assert any("Methane" in c.text for c in chunks)


def test_a_written_paragraph_of_html_minutes_is_not_run_into_the_next():
    paragraphs = [
        "Milton Community Council held its meeting via Zoom at 7.30pm on 11 November 2020, "
        "with ten members present.",
        "4. MATTERS ARISING",
        "The letter on One Planet developments drafted by Cllr. O. Williams had been circulated "
        "to all Councillors, and it was agreed that it be sent to the MP and C.C.C. Clerk",
        "Cllr. Alun Davies gave details of the specification and costs of a notice board from "
        "Centaframe, and it was agreed to buy it as this represented better value for money.",
        "5. WEBSITE",
        "Cllr. O. Williams reported that work on the new website for the community council was "
        "progressing well and that",
        "pages of the new website had been sent for translation into Welsh, with a draft due by "
        "the next meeting.",
        "6. ACCOUNTS FOR PAYMENT",
        "i) Mrs Jane Davies, Clerk’s November Salary, Cheque No 1380 £450.00",
        "TOTAL = £550.00",
    ]
    blocks = [Block("heading" if t[0].isdigit() else "paragraph", t, level=4) for t in paragraphs]
    chunks = chunks_of(blocks_document(blocks, "milton-minutes-2020-11-11.html"))
    matters = next(c for c in chunks if c.locator == "Minute 4")
    units = chunk_units(matters)
    assert units[-1].startswith("Cllr. Alun Davies gave details")  # not "… C.C.C. Clerk Cllr."
    website = next(c for c in chunks if c.locator == "Minute 5")
    assert "progressing well and that pages of" in website.text  # it goes on in lower case
    accounts = next(c for c in chunks if c.locator == "Minute 6")
    assert chunk_units(accounts)[-1] == "TOTAL = £550.00"  # a value, not a heading


def test_a_pdf_saved_one_line_per_paragraph_is_reflowed_as_a_pdf():
    lines = [
        "MINUTES OF A MEETING OF MILTON COUNCIL",
        "1. APOLOGIES",
        "Apologies were received from Councillors Benson, Butler,",
        "Carey and Collins, who were attending a conference",
        "2. PLANNING",
        "The Council noted the planning applications received",
        "since the last meeting and raised no objection.",
    ]
    blocks = [Block("paragraph", text) for text in lines]
    chunks = chunks_of(blocks_document(blocks, "milton-minutes-2020-11-11.docx"))
    apologies = next(c for c in chunks if c.locator == "Minute 1")
    assert "Butler, Carey and Collins" in apologies.text


def test_minutes_set_out_as_a_table_are_read_minute_by_minute():
    from ingest.loaders.tables import rows_to_blocks

    opening = [
        Block(
            "paragraph", "Minutes of the meeting of Ashby Parva Parish Council held on 12 May 2025"
        ),
        Block("paragraph", "Present: Cllrs J Smith (Chair), A Patel, R Jones. Clerk: Mrs K Brown."),
    ]
    rows = [
        ["25/01", "Apologies for absence. Apologies were received from Cllr T White.", ""],
        ["25/02", "Declarations of interest. None.", ""],
        [
            "25/03",
            "Playground. The council considered three quotations for new swings. It was "
            "RESOLVED to accept the quotation from Playsafe Ltd of £4,250 plus VAT.",
            "Clerk",
        ],
        ["25/04", "Speed watch. Cllr Patel reported that 14 sessions had been held.", ""],
    ]
    for header in ([["Minute", "Item", "Action"]], []):  # with column headings and without
        blocks = opening + rows_to_blocks(header + rows, where="Table 1")
        document = blocks_document(blocks, "ashby-parva-minutes-2025-05-12.docx")
        chunks = chunks_of(document)
        playground = next(c for c in chunks if c.locator == "Minute 25/03")
        assert playground.meta["minute_title"] == "Playground"
        assert "£4,250" in playground.text and "Clerk" in playground.text
        assert not any(c.locator.startswith("Table 1") for c in chunks)  # read once, as minutes
        decisions = extract_records(document, infer_document_info(document), chunks).decisions
        playground_decision = next(d for d in decisions if d.reference == "25/03")
        assert "Playsafe Ltd" in playground_decision.resolutions[0].text


def test_a_pdf_minute_numbered_alone_above_its_paragraph_takes_its_first_sentence_as_title():
    page = [
        "MINUTES OF THE MEETING OF ASHBY PARVA PARISH COUNCIL HELD ON MONDAY 12 MAY 2025",
        "Present: Cllrs J Smith (Chair), A Patel, R Jones.",
        "25/01",
        "Apologies for absence. Apologies were received from Cllr T White.",
        "25/02",
        "Playground. The council considered three quotations for new swings for the",
        "recreation ground. It was RESOLVED to accept the quotation from Playsafe Ltd.",
        "Clerk",
    ]
    document = pdf([page], "ashby-parva-minutes-2025-05-12.pdf")
    chunks = chunks_of(document)
    playground = next(c for c in chunks if c.locator == "Minute 25/02")
    assert playground.meta["minute_title"] == "Playground"
    decisions = extract_records(document, infer_document_info(document), chunks).decisions
    resolution = next(d for d in decisions if d.reference == "25/02").resolutions[0].text
    assert resolution.startswith("It was RESOLVED to accept the quotation from Playsafe")
