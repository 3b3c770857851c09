"""Other councils' layouts: meeting items however numbered, decisions however worded, the
meeting's body and date from its opening, page furniture (on text the tests write)."""

from __future__ import annotations

from ingest.chunking.items import item_parts, roman_number, split_items
from ingest.chunking.lines import Line
from ingest.decision_wording import decision_text, outcome, voted_on, votes
from ingest.loaders.furniture import strip_furniture
from ingest.metadata import meeting_place, minutes_opening
from ingest.records.decisions import parse_decision


def lines(*texts: str) -> list[Line]:
    return [Line(1, t) for t in texts]


def titles(found) -> list[tuple[str, str]]:
    return [(item.label, item.title) for item in found]


def test_items_numbered_without_dots_skip_a_date_and_a_padded_table():
    _, items = split_items(
        lines(
            "Transport Committee",
            "15 May 2025 at 4.30 pm",
            "1 Welcome and Safety Information",
            "The Chair welcomed everyone.",
            "2 Public Forum",
            "01 Ann Example Bus gate at the Marsh",
            "02 Bob Example Parking",
            "3 Annual Business Report",
            "The Committee noted the report.",
            "4 Residents Parking Schemes Update",
            "1. Approved the award of the contract for a further year to the current operator.",
            "2. Authorised the Director to take all steps required.",
            "5 Workplace Parking Levy",
        )
    )
    assert titles(items) == [
        ("1", "Welcome and Safety Information"),
        ("2", "Public Forum"),
        ("3", "Annual Business Report"),
        ("4", "Residents Parking Schemes Update"),
        ("5", "Workplace Parking Levy"),
    ]
    assert [ln.text for ln in items[3].lines][1:] == [
        "1. Approved the award of the contract for a further year to the current operator.",
        "2. Authorised the Director to take all steps required.",
    ]


def test_items_numbered_in_roman_numerals_with_lettered_lists_inside():
    _, items = split_items(
        lines(
            "CITY COUNCIL REGULAR MEETING MINUTES",
            "I. CALL TO ORDER",
            "The Mayor called the meeting to order at 6:02 p.m.",
            "II. ROLL CALL",
            "III. CONSENT AGENDA",
            "A. Approval of the minutes of the February 25 meeting.",
            "B. Resolution No. 2025-14 authorizing the purchase of two street sweepers.",
            "C. Acceptance of the audit report.",
            "IV. NEW BUSINESS",
            "V. ADJOURNMENT",
        )
    )
    assert titles(items) == [
        ("I", "CALL TO ORDER"),
        ("II", "ROLL CALL"),
        ("III", "CONSENT AGENDA"),
        ("IV", "NEW BUSINESS"),
        ("V", "ADJOURNMENT"),
    ]
    assert [item.number for item in items] == [1, 2, 3, 4, 5]
    assert len(items[2].lines) == 4  # its lettered list stays its text
    assert [roman_number(n) for n in ("IX", "XIV", "XL", "IIII", "VX")] == [9, 14, 40, None, None]


def test_a_minutes_numbered_paragraphs_are_no_parts_of_their_own():
    """Parts that each decide become records of their own only under titles: a minute written
    in numbered paragraphs that wrap ("45.1 The Committee received …" / "set out …") stays
    one item, though two of its paragraphs decide."""
    (item,) = split_items(
        lines(
            "45. Local Transport Plan",
            "45.1 The Committee received a report of the Director which set out the",
            "consultation responses to the draft Local Transport Plan.",
            "45.2 An amendment to defer the plan was moved and the amendment was LOST.",
            "45.3 RESOLVED that the Local Transport Plan be recommended to Council for",
            "adoption.",
        )
    )[1]
    assert item_parts(item, lambda text: "LOST" in text or "RESOLVED" in text) == [item]


def test_dotted_references_running_numbers_and_numbers_alone_on_a_line():
    _, dotted = split_items(
        lines("21.01.01 Election of Chair", "Text.", "21.01.02 Minutes", "21.01.03 Finance")
    )
    assert [(i.label, i.number) for i in dotted] == [
        ("21.01.01", 1),
        ("21.01.02", 2),
        ("21.01.03", 3),
    ]
    _, running = split_items(lines("1187. Apologies", "None.", "1188. Planning", "Noted."))
    assert [i.number for i in running] == [1187, 1188]
    _, bare = split_items(
        lines("1.", "Adoption of Minutes", "The minutes were adopted.", "2.", "Disposal of Land")
    )
    assert titles(bare) == [("1", "Adoption of Minutes"), ("2", "Disposal of Land")]
    assert bare[0].heading_lines == 2


def test_references_with_a_year_a_prefix_or_a_municipal_year_count_up_where_they_do():
    forms = {
        "12/23": ["12/23", "13/23", "14/23"],  # minute 12 of 2023
        "25/03": ["25/03", "25/04", "25/05"],  # the third minute of 2025
        "Min 045/25": ["Min 045/25", "Min 046/25", "Min 047/25"],
        "25/26-014": ["25/26-014", "25/26-015", "25/26-016"],
        "C/25/03": ["C/25/03", "C/25/04", "C/25/05"],
        "PC25/045": ["PC25/045", "PC25/046", "PC25/047"],
        "M101.": ["M101.", "M102.", "M103."],
        "1.0": ["1.0", "2.0", "3.0"],
    }
    for form, references in forms.items():
        headings = zip(references, ("Apologies", "Planning", "Finance"), strict=True)
        _, items = split_items(lines(*(f"{r} {t}" for r, t in headings)))
        assert [i.title for i in items] == ["Apologies", "Planning", "Finance"], form
        assert items[1].number - items[0].number == 1, form


def test_a_wrapped_title_is_joined_and_a_year_is_no_item():
    _, items = split_items(
        lines(
            "2023.",
            "445. Adult Social Care Winter Plan and Measures to Support Care Home Provider",
            "Sustainability.",
            "The Cabinet considered a report.",
            "446. Items referred from",
            "Overview and Scrutiny.",
        )
    )
    assert titles(items) == [
        (
            "445",
            "Adult Social Care Winter Plan and Measures to Support Care Home Provider "
            "Sustainability",
        ),
        ("446", "Items referred from Overview and Scrutiny"),
    ]


def test_unnumbered_items_are_read_from_the_titles_their_paragraphs_open_with():
    _, items = split_items(
        lines(
            "Present: Councillors A, B and C",
            "Apologies: Cllr D.",
            "Flooding: Councillors discussed the recent flooding.",
            "Highways, traffic and parking: Ongoing issues with parking.",
            "Finance & Clerks Report: Councillors approved a rise of 20% in the precept.",
        )
    )
    assert [i.title for i in items] == [
        "Apologies",
        "Flooding",
        "Highways, traffic and parking",
        "Finance & Clerks Report",
    ]
    assert items[0].heading_lines == 0


def test_decisions_in_many_wordings_with_their_outcome_and_votes():
    cases = {
        "RESOLVED: a) That the report be approved": ("a) That the report be approved", "decided"),
        "After debate it was agreed that the clerk would write to the highway authority.": (
            "After debate it was agreed that the clerk would write to the highway authority.",
            "decided",
        ),
        "Discussion. Proposed by Cllr A; Seconded by Cllr B; And Resolved: That X be adopted": (
            "And Resolved: That X be adopted",
            "decided",
        ),
        # a title or an initial, even at a line's end, does not end the sentence
        "The laptop had failed. It was proposed by Cllr. W.\nLoynton, seconded by Cllr. G. "
        "Evans and unanimously agreed that the Council cover the cost.": (
            "It was proposed by Cllr. W.\nLoynton, seconded by Cllr. G. Evans and unanimously "
            "agreed that the Council cover the cost.",
            "decided",
        ),
        "The councillors resolved to proceed with the takeover.": (
            "The councillors resolved to proceed with the takeover.",
            "decided",
        ),
        # a label in any case set off by a dash, a decision with no subject, a vote
        "Three quotes were seen. Resolved – that the Playsafe quote be accepted.": (
            "Resolved – that the Playsafe quote be accepted.",
            "decided",
        ),
        "Three quotes were seen. Agreed to accept the quote from Playsafe.": (
            "Agreed to accept the quote from Playsafe.",
            "decided",
        ),
        "Three quotes were seen. Members voted to accept the quote from Playsafe.": (
            "Members voted to accept the quote from Playsafe.",
            "decided",
        ),
        "Members unanimously agreed to defer the item to the next meeting.": (
            "Members unanimously agreed to defer the item to the next meeting.",
            "deferred",
        ),
        # a council speaking for itself, as a parish newsletter's minutes do
        "Our county councillor backed the plan. As a result we are very pleased to be on board "
        "with this proposal.": (
            "As a result we are very pleased to be on board with this proposal.",
            "decided",
        ),
        "The Parish Council is happy to support the application.": (
            "The Parish Council is happy to support the application.",
            "decided",
        ),
    }
    for text, (decision, kind) in cases.items():
        assert decision_text(text)[1] == decision, text
        assert outcome(decision) == kind, text
    assert decision_text("The Chair welcomed everyone to the meeting.") is None
    assert decision_text("Residents are pleased to see the new bus shelter.") is None
    assert decision_text("The Clerk agreed to write to the landowner.") is None  # an action
    assert outcome("Recommendations 4c and 5 were not approved") == "refused"
    mixed = (
        "1. Approved an increase to £124 for first permits. * Recommendations 4c and 5 were "
        "not approved."
    )
    assert outcome(mixed) == "decided"  # decided, in part refused
    assert outcome("The amendment was LOST.") == "refused"
    # ordinary words, not outcomes
    assert not voted_on("Some trees were lost to ash die-back and the cost fell on residents.")
    no_objection = "Planning: No objection was raised to planning application S.19/2211."
    assert voted_on(no_objection) and outcome(no_objection) == "decided"
    assert votes("Approve an increase of £56 to £124 for the first vehicle") == {}
    two_votes = (
        "The amendment FELL with 2 voting FOR and 7 AGAINST. The recommendations were CARRIED "
        "with 4 members voting FOR, 1 AGAINST and no ABSTAINING."
    )
    assert votes(two_votes) == {"for": 4, "against": 1, "abstentions": 0}
    assert votes("the amendment FELL with 2 voting FOR and 7 AGAINST and 1 abstention") == {
        "for": 2,
        "against": 7,
        "abstentions": 1,
    }


def test_a_motion_put_and_its_result_are_the_decision_with_the_count():
    """US minutes record a motion, then its result: the decision is the motion and the result,
    a roll call between them or not; the count comes from the result or the roll call."""
    agenda = (
        "The Clerk read the agenda. Motion by Councilmember Kim, seconded by Councilmember "
        "Walsh, to approve the agenda as presented. Motion carried 5-0."
    )
    assert decision_text(agenda)[1] == (
        "Motion by Councilmember Kim, seconded by Councilmember Walsh, to approve the agenda as "
        "presented. Motion carried 5-0."
    )
    assert (outcome(decision_text(agenda)[1]), votes(agenda)) == (
        "decided",
        {"for": 5, "against": 0},
    )
    contract = (
        "Five bids were received. MOTION: Councilmember Lopez moved, seconded by Vice Mayor "
        "Okafor, to award the contract to Delta Construction.\nAYES: Torres, Okafor, Kim, Walsh "
        "and Lopez\nNOES: None\nABSENT: None\nMOTION CARRIED."
    )
    assert decision_text(contract)[1].startswith("Councilmember Lopez moved, seconded by")
    assert votes(contract) == {"for": 5, "against": 0}
    denied = (
        "After discussion, Councilmember Walsh moved to deny the rezoning request; seconded by "
        "Councilmember Kim. The motion failed 2-3."
    )
    assert decision_text(denied)[1] == denied
    assert (outcome(denied), votes(denied)) == ("refused", {"for": 2, "against": 3})
    # a motion to approve that fails is refused; one that defers, deferred
    assert outcome("Motion by X to approve the application. Motion failed 2-3.") == "refused"
    assert outcome("Motion by X to defer the item to April. Motion carried.") == "deferred"
    precept = (
        "The budget was discussed. It was proposed by Cllr A and seconded by Cllr B that the "
        "precept be set at £25,000. Carried by 7 votes to 2."
    )
    assert decision_text(precept)[1].startswith("It was proposed by Cllr A")
    assert votes(precept) == {"for": 7, "against": 2}
    # a result with the decision after it keeps its own opening
    bristol = (
        "The report recommendations were moved by Councillor Wilcox. On being put to the vote the "
        "recommendation was CARRIED unanimously. It was APPROVED that the trial proceed."
    )
    assert decision_text(bristol)[1].startswith("On being put to the vote")
    assert votes("Planned for 2025-26, passed to the next phase") == {}
    # a lost amendment before or after the resolution leaves the decision as resolved
    lost_first = "The amendment was LOST. RESOLVED that the plan be approved."
    assert decision_text(lost_first)[1] == "that the plan be approved."
    assert outcome("That the plan be approved. The amendment was lost.") == "decided"


def test_a_record_says_refused_noted_or_nothing_decided():
    def record(*body: str):
        return parse_decision(
            9,
            "Item",
            [(1, "9 Item"), *[(1, t) for t in body]],
            doc_id="d",
            source="s",
            body="",
            meeting_date=None,
            reference="9",
        )

    refused = record("The amendment FELL with 2 voting FOR and 7 AGAINST.")
    assert (refused.outcome, refused.votes) == ("refused", {"for": 2, "against": 7})
    noted = record("The Committee considered the update.", "RESOLVED: That the report be noted.")
    assert noted.outcome == "noted" and noted.citation() == "Minute 9"
    carried = record("The report noted the risks.", "The recommendation was CARRIED unanimously.")
    assert carried.outcome == "decided"
    agreed = record("The minutes of the previous meeting were agreed as accurate.")
    assert agreed.outcome == "decided" and agreed.status == "complete"
    nothing = record("The Chair welcomed everyone.")
    assert (nothing.status, nothing.outcome) == ("no resolution", "")
    correspondence = record(
        "i) Bank statement, credit balance of £6,737.39. Noted",
        "ii) Remittance advice, second instalment of precept. Noted",
        "iii) Survey on rural transport, Clerk to forward to Councillors.",
    )
    assert correspondence.outcome == "noted"
    welcomed = record("Newly elected councillors were welcomed. Noted with thanks to the clerk.")
    assert welcomed.outcome == ""


def test_the_meeting_body_and_date_come_from_the_opening_never_a_phrase():
    openings = {
        "Bristol City Council\nMinutes of the Transport & Connectivity Policy\nCommittee\n"
        "15 May 2025 at 4.30 pm\nMembers Present:-": (
            "Transport & Connectivity Policy Committee",
            "2025-05-15",
        ),
        "BURTON-CUM-WALDEN PARISH COUNCIL\nMINUTES OF THE PARISH COUNCIL MEETING HELD ON\n"
        "TUESDAY, 2 DECEMBER 2025": ("Burton-Cum-Walden Parish Council", "2025-12-02"),
        "Meeting (no.447) of\nBroomhill Community Council\n11th February 2026 19.00": (
            "Broomhill Community Council",
            "2026-02-11",
        ),
        "MINUTES OF PROCEEDINGS AT MEETING OF LIMERICK CITY AND COUNTY\nCOUNCIL HELD IN THE "
        "COUNCIL CHAMBER, ON MONDAY, 27TH NOVEMBER, 2023, AT 3.00 P.M.": (
            "Limerick City And County Council",
            "2023-11-27",
        ),
        "Milburn Parish Council - 26th January 2021\nPresent\nCouncillors D Richardson": (
            "Milburn Parish Council",
            "2021-01-26",
        ),
        "The above Council held its meeting on 3 March 2021.\nPresent: Cllr A": (
            None,
            "2021-03-03",
        ),
        # other ways minutes say what they are
        "NOTES OF A MEETING OF ASHBY PARVA PARISH COUNCIL HELD ON 12 MAY 2025": (
            "Ashby Parva Parish Council",
            "2025-05-12",
        ),
        "Record of the Parish Council meeting held on 12 May 2025": (
            "Parish Council",
            "2025-05-12",
        ),
        "MINUTES\nAshby Parva Parish Council\n12.05.2025": (
            "Ashby Parva Parish Council",
            "2025-05-12",
        ),
        "Planning Committee\nMonday 12 May 2025\nAttendees: Cllr A, Cllr B": (
            "Planning Committee",
            "2025-05-12",
        ),
    }
    for text, expected in openings.items():
        assert minutes_opening(text) == expected, text
    assert minutes_opening("Local Plan for Buckinghamshire\nPart B policies") is None


def test_page_numbers_and_running_footers_are_dropped_by_repetition():
    pages = [
        "\n".join(
            [
                "BCC Minute 3 11/02/2026" if n else "Minutes of the meeting",
                f"Body text about {['the green', 'trees', 'roads', 'the hall'][n]}.",
                "More text.",
                f"Page | {n + 1}",
                "OFFICIAL",
            ]
        )
        for n in range(4)
    ]
    cleaned = strip_furniture(pages)
    assert all("Page |" not in p and "OFFICIAL" not in p for p in cleaned)
    assert all("BCC Minute" not in p for p in cleaned[1:])
    assert cleaned[2].startswith("Body text about roads.")
    kept = strip_furniture(["Action ID Action Lead\nT1 Fleet\n3", "Action ID Action Lead\nT2 EV"])
    assert kept[0].split("\n")[:2] == ["Action ID Action Lead", "T1 Fleet"]


def test_page_numbers_go_from_a_converted_text_that_marks_its_page_breaks():
    from ingest.loaders.text import text_to_blocks, without_page_furniture

    topics = ["The clerk reported.", "Trees were planted.", "The hall was let.", "Roads swept."]
    replies = ["0 units done.", "Two oaks.", "At £20 an hour.", "30 miles swept."]
    pages = [f"{t}\n\n**REPLY:** {r}\n" for t, r in zip(topics, replies, strict=True)]
    markdown = "".join(f"{page}---\n{n + 2}\n\n" for n, page in enumerate(pages))
    texts = [b.text for b in text_to_blocks(without_page_furniture(markdown))]
    assert texts[:3] == ["The clerk reported.", "**REPLY:** 0 units done.", "Trees were planted."]
    assert not any(t.isdigit() or "---" in t for t in texts)
    assert "At £20 an hour." in without_page_furniture("\f".join(pages))
    essay = "A note.\n---\n7\n\nSeven trees were planted."  # one rule is no run of pages
    assert without_page_furniture(essay) == essay


def test_the_kind_of_fact_a_question_asks_for():
    from assistant.answer_kind import answer_kind, states_kind

    assert answer_kind("How much will the proposed village CCTV system cost?") == "amount"
    assert answer_kind("What price was agreed for selling the land?") == "amount"
    assert answer_kind("How many vacancies does the community council have?") == "count"
    assert answer_kind("How much woodland does the council look after?") == "number"
    assert answer_kind("Roughly when is the project plan expected back at committee?") == "date"
    assert answer_kind("By what year should the first demonstration building be built?") == "date"
    assert answer_kind("What rough quote was obtained for resurfacing the lane?") == "amount"
    assert answer_kind("What precept did the parish council set?") == "amount"
    assert answer_kind("What were the free school meal vouchers worth?") == "amount"
    assert answer_kind("How much did the council set aside overall?") == "amount"
    assert answer_kind("What were the vouchers worth per child?") == "rate"
    assert answer_kind("What will riders pay per minute for e-scooter hire?") == "rate"
    assert answer_kind("How much will the new depot cost per tonne?") == "rate"
    assert states_kind("vouchers to the value of £15 per eligible pupil", "rate")
    assert states_kind("riders pay 39p a minute", "rate")
    assert not states_kind("the spend of £360,000 over the holidays", "rate")
    assert answer_kind("Did the council agree to pay for a new laptop?") is None
    assert answer_kind("Why was the application refused?") is None
    assert answer_kind("why would it save money?") is None  # a reason, not an amount
    assert answer_kind("What is the deadline for sending the plan to the DfT?") == "date"
    assert states_kind("approved the reallocation of £882k of EDF", "amount")
    assert not states_kind("Options for a CCTV system are to be investigated.", "amount")
    assert states_kind("Three districts have approached the team", "number")
    assert states_kind("54 units were completed in 2023", "number")
    assert states_kind("54 units were completed in 2023", "count")
    assert not states_kind("In May 2020 Cabinet approved the £8.2m development.", "count")
    assert states_kind("In May 2020 Cabinet approved the £8.2m development.", "number")
    assert not states_kind("2.3 The Local Plan will be borough-wide.", "number")
    assert not states_kind("the Director's report dated 10th November, 2023", "number")
    assert not states_kind("the Local Area Plan 2024-2030 was circulated", "number")
    assert not states_kind("Motion 2: I will move that the boundary be amended", "number")
    assert not states_kind("2 Broxbourne Local Plan, Pages 95-6 3 The full report", "number")
    assert not states_kind("please email the team or phone 01992 785555.", "number")
    assert not states_kind("as required by Schedule 7, Section 15B of the Act", "number")
    assert not states_kind("the Regulation 19 consultation under Part 2", "number")
    assert answer_kind("What housing requirement figure will the plan use?") == "number"
    assert states_kind("return to the Committee around October 2025", "date")
    assert not states_kind("The project plan will return to the Committee.", "date")


def test_the_one_fact_a_sentence_states_plainly():
    from assistant.answer_kind import plain_fact

    assert plain_fact("approved the reallocation of £882k of EDF", "amount") == "£882k"
    assert plain_fact("The cost is approximately £80, lasting for 2-3 years.", "amount") == (
        "approximately £80"  # a bound goes with its figure
    )
    assert plain_fact("Capital cost range: Substantial (> $1M)", "amount") == "> $1M"
    assert plain_fact("It evaluates over 2,500 scenarios.", "count") == "over 2,500"
    assert plain_fact("“Transport is approximately 59% of emissions.” 59%", "number") == (
        "approximately 59%"  # one figure, once with its bound
    )
    assert plain_fact("Resolved to pay £45.00 and £80", "amount") is None
    assert plain_fact("It will cost $1.2 million.", "amount") == "$1.2 million"
    assert plain_fact("vouchers worth £15 per eligible pupil", "rate") is None
    assert plain_fact("The contract expires on 6th July 2027.", "date") == "6th July 2027"
    assert plain_fact("Date of next meeting: Monday February 24th 2020", "date") == (
        "February 24th 2020"
    )
    # the most detailed form decides: one day beside a month or a year is still plain
    assert plain_fact("Agreed in May 2020; works start on 3 June 2021.", "date") == "3 June 2021"
    assert plain_fact("net zero for new buildings in 2030.", "date") == "2030"
    assert plain_fact("the dates for 2025/2026 and the 2020-2030 plan", "date") is None
    assert plain_fact("consultation May 2027, publication January 2028", "date") is None
    assert plain_fact("Three trees would be lost, with 31 replacements.", "count") is None
    assert plain_fact("a petition signed by 3,017 petitioners", "count") == "3,017"
    assert plain_fact("Three districts have approached the team", "count") == "Three"
    assert plain_fact("the planned addition of two new large generators", "number") is None
    assert plain_fact("Minute 8: 54 units were completed in 2023.", "count") == "54"
    assert plain_fact("Sewells Point will see 1.32 feet of sea level rise.", "number") == (
        "1.32 feet"
    )
    assert plain_fact("2.3 Emissions are about 2 percent of the total.", "number") == (
        "about 2 percent"
    )
    assert plain_fact("Currently BCC has £2,318.89 in its funds.", "number") == "£2,318.89"
    assert plain_fact("the £8.2m scheme builds 40 homes", "count") == "40"  # money counts none


class _Corpus:
    """Two documents' words, and how common each word is across passages."""

    def __init__(self, documents: dict[str, str], common: set[str] = frozenset()) -> None:
        from index.lexical import analyse

        self.words = {doc: frozenset(analyse(text)) for doc, text in documents.items()}
        self.common = {w for c in common for w in analyse(c)}

    def share_of_passages(self, word: str) -> float:
        return 0.5 if word in self.common else 0.01

    def document_words(self, doc_id: str) -> frozenset[str]:
        return self.words[doc_id]


def test_names_the_question_uses_must_be_in_the_documents_cited():
    from assistant.coverage import missing_names, named_terms

    assert named_terms("How much will a permit cost in the Broomhill parking zone (HP3)?") == [
        "Broomhill",
        "HP3",
    ]
    corpus = _Corpus(
        {"bristol": "Bristol City Council residents parking permits", "broomhill": "Broomhill"},
        common={"Council"},
    )
    question = "What will a permit cost under the Broomhill Council parking zone?"
    assert missing_names(question, ["bristol"], corpus) == ["Broomhill"]
    assert missing_names(question, ["bristol", "broomhill"], corpus) == []
    # another name for the same thing counts as a mention
    aliases = {"S106": ["S106", "developer contributions"]}
    corpus = _Corpus({"plan": "developer contributions towards schools"})
    assert missing_names("Are S106 funds used?", ["plan"], corpus, aliases.get) == []
    assert missing_names("Are S106 funds used?", ["plan"], corpus) == ["S106"]


def test_a_title_an_initial_a_short_month_or_a_list_number_does_not_end_a_sentence():
    from ingest.tokens import split_sentences

    assert split_sentences(
        "It was proposed by Cllr. J. Davies, seconded by Mrs. Evans. Cllr. A. Thomas would ask."
    ) == [
        "It was proposed by Cllr. J. Davies, seconded by Mrs. Evans.",
        "Cllr. A. Thomas would ask.",
    ]
    assert split_sentences("It was adopted on Aug. 13, 2019. It confirmed the targets.") == [
        "It was adopted on Aug. 13, 2019.",
        "It confirmed the targets.",
    ]
    assert split_sentences(
        "Land at Barna, Co. Limerick, to Mrs. Sheehan for €5,000. The sale was agreed."
    ) == ["Land at Barna, Co. Limerick, to Mrs. Sheehan for €5,000.", "The sale was agreed."]
    assert split_sentences(
        "PL/00489 at Penybanc OBJECTIONS 1. It is unsustainable. 2. Access."
    ) == [
        "PL/00489 at Penybanc OBJECTIONS 1. It is unsustainable.",
        "2. Access.",
    ]
    # an amount opens a sentence
    assert split_sentences("Traffic flows. $5M was set aside.") == [
        "Traffic flows.",
        "$5M was set aside.",
    ]
    # a sentence ends inside a quotation, and the next item opens after it
    assert split_sentences(
        "“That the grant be given, as amended.” (ii) Newcastle West / Pelplin Twinning Project"
    ) == [
        "“That the grant be given, as amended.”",
        "(ii) Newcastle West / Pelplin Twinning Project",
    ]


def test_rare_question_words_count_for_more_than_common_ones():
    from assistant.answer import QuestionTerms, word_overlap

    corpus = _Corpus({}, common={"council", "meeting"})
    terms = QuestionTerms.of("Did the council meeting approve the defibrillator?", corpus=corpus)
    generic = word_overlap(terms, "The council meeting was held in the hall.")
    specific = word_overlap(terms, "A new defibrillator was approved.")
    assert specific > generic


def test_the_sentence_after_one_that_lacks_the_date_is_brought_along():
    from assistant.answer import Unit, with_stated_facts

    units = [
        Unit(0, 0, "The Climate Plan consultation is still open."),
        Unit(0, 1, "It closes on 15th February."),
        Unit(1, 0, "Other text."),
    ]
    chosen = with_stated_facts(units, [units[0]], [False, True, False])
    assert [u.text for u in chosen] == [units[0].text, units[1].text]
    assert with_stated_facts(units, [units[1]], [False, True, False]) == [units[1]]


def test_cover_and_contents_pages_are_front_matter():
    from ingest.loaders.furniture import front_matter_pages, is_contents_line

    assert is_contents_line("2.34 Colne Valley Regional Park ............................ 100")
    assert not is_contents_line("The park covers 100 hectares.")
    contents = (
        "Contents\n1. Introduction ........ 3\n2. Policies ......... 5\n3. Glossary ....... 9"
    )
    body = " ".join(["The council will consult on the plan in the spring."] * 12)
    pages = [(1, "Wharf Road\nSupplementary Planning Document\nNovember 2023"), (2, contents)]
    pages += [(n, body) for n in range(3, 6)]
    assert front_matter_pages(pages) == {1, 2}


def test_decision_recording_forms_are_one_item_a_form():
    _, items = split_items(
        lines(
            "Decision Recording Form",
            "(a) Subject: Opportunities to promote sustainable transport through a review of",
            "parking policies and charges",
            "(agenda item 7)",
            "(b) Ward:",
            "(d) Decision taken",
            "1. Initiated a Task and Finish Group.",
            "(a) Subject: Bus Services Update (agenda item 8)",
            "(d) Decision taken",
            "Noted the report.",
        )
    )
    assert [(i.label, i.title) for i in items] == [
        (
            "7",
            "Opportunities to promote sustainable transport through a review of parking "
            "policies and charges",
        ),
        ("8", "Bus Services Update"),
    ]
    assert decision_text(" ".join(ln.text for ln in items[0].lines))[1].startswith("1. Initiated")


def test_where_the_meeting_was_held_from_the_minutes_opening():
    cases = {
        "Minutes of a meeting of the Cabinet held at County Hall, Glenfield and via Microsoft "
        "Teams on Tuesday, 20 October 2020. PRESENT Mr. N. Smith": "County Hall, Glenfield and "
        "via Microsoft Teams",
        # a time is no place; the place after the date is
        "Manor Community Council held their meeting at 8.00pm on the 11th September 2019 at "
        "the Reading Room, Cwmifor. Prior to the meeting": "the Reading Room, Cwmifor",
        "MINUTES OF PROCEEDINGS AT MEETING OF RIVERSIDE COUNCIL HELD IN THE COUNCIL CHAMBER, "
        "MAIN STREET, ON MONDAY, 27TH NOVEMBER, 2023, AT 3.00 P.M.": "The Council Chamber, "
        "Main Street",
        "Vale Community Council held their meeting via Zoom at 7.30pm on the 11th November "
        "2020.": "Zoom",
        "Due to Covid-19 the Parish Council held a zoom meeting\nPresent Councillors": "Zoom",
        # the venue's address under the meeting's heading and date
        "Meeting (no.12) of\nHillhead Community Council\n11th February 2026 19.00\nHillhead "
        "Primary School Library\n57 Edgehill Road, G11 7HZ\nMinute\n1. Welcome": "Hillhead "
        "Primary School Library, 57 Edgehill Road, G11 7HZ",
        # a letterhead's address is the council's own, not the meeting's
        "Oakley Parish Council\nClerk: 3 Mill Lane, Oakley, OX9 2AB\nMinutes of the meeting, 4 "
        "May 2021\nPresent: Cllrs A, B": "",
        # where the minutes do not say, nothing is guessed
        "Minutes of the Transport Committee 15 May 2025 at 4.30 pm Members Present": "",
        "Minutes of the meeting held on the 14th July 2020 had been circulated": "",
    }
    for opening, place in cases.items():
        assert meeting_place(opening) == place, opening


def test_other_councils_minutes_through_ingest(tmp_path):
    """A parish council's PDF minutes with items numbered "1 Welcome", a running footer and
    page numbers, and a DOCX with titled paragraphs and no numbers: records, bodies, dates,
    and passages free of page furniture."""
    from assistant.settings import Settings
    from index.build import ingest
    from index.store import live_version, read_chunks, read_records
    from tests.documents import make_docx, make_pdf
    from tests.fakes import HashEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    footer = ["Oakley Parish Council minutes - OFFICIAL", "Page | {n}"]
    pages = [
        [
            "OAKLEY PARISH COUNCIL",
            "MINUTES OF THE PARISH COUNCIL MEETING HELD ON",
            "TUESDAY, 2 DECEMBER 2025 in the Village Hall",
            "Present: Cllrs A. Smith (Chair), B. Jones, C. Brown",
            "1 Apologies",
            "Apologies were received from Cllr D. Green.",
            "2 Parish Mower",
            "The clerk reported on the quotes received for a new mower.",
            "RESOLVED: To purchase a new mower for £4,500.",
            *[f.format(n=1) for f in footer],
        ],
        [
            "3 Village Green",
            "The transfer of the village green was discussed at length.",
            "The amendment to defer FELL with 2 voting FOR and 5 AGAINST.",
            "It was agreed that the council proceed with the transfer.",
            "4 Correspondence",
            "The correspondence was noted.",
            *[f.format(n=2) for f in footer],
        ],
        [
            "5 Date of next meeting",
            "The next meeting will be held on Tuesday, 6 January 2026.",
            *[f.format(n=3) for f in footer],
        ],
    ]
    make_pdf(docs / "oakley-minutes.pdf", pages)
    make_docx(
        docs / "hillside.docx",
        [
            ("p", "Minutes of Hillside Parish Council Meeting"),
            ("p", "Held in the Village Hall on Monday 26th January 2020"),
            ("p", "Present: Councillors E. Wood (chair), F. Hall"),
            ("p", "Apologies: Cllr G. King."),
            ("p", "Flooding: Councillors discussed the recent flooding on Mill Lane."),
            ("p", "Highways: It was agreed to report the potholes on Beacon Lane."),
            ("p", "Finance: Councillors approved a rise of 20% in the precept."),
            ("p", "Planning: No objections were raised to application S.19/2691."),
        ],
    )
    index_dir = tmp_path / "index"
    ingest([docs], index_dir, HashEmbedder(), Settings(_env_file=None).chunking(), 10**8)
    version = live_version(index_dir)
    decisions = [r for r in read_records(version) if r.get("kind") == "decision"]
    oakley = [d for d in decisions if d["source"] == "oakley-minutes.pdf"]
    assert [(d["reference"], d["title"]) for d in oakley] == [
        ("1", "Apologies"),
        ("2", "Parish Mower"),
        ("3", "Village Green"),
        ("4", "Correspondence"),
        ("5", "Date of next meeting"),
    ]
    assert {d["body"] for d in oakley} == {"Oakley Parish Council"}
    assert {d["meeting_date"] for d in oakley} == {"2025-12-02"}
    assert {d["place"] for d in oakley} == {"the Village Hall"}
    assert [d["outcome"] for d in oakley] == ["", "decided", "decided", "noted", ""]
    assert oakley[2]["votes"] == {"for": 2, "against": 5}
    hillside = [d for d in decisions if d["source"] == "hillside.docx"]
    assert [d["title"] for d in hillside] == [
        "Apologies",
        "Flooding",
        "Highways",
        "Finance",
        "Planning",
    ]
    assert {d["body"] for d in hillside} == {"Hillside Parish Council"}
    assert {d["place"] for d in hillside} == {"the Village Hall"}
    assert [d["outcome"] for d in hillside][1:4] == ["", "decided", "decided"]
    chunks = read_chunks(version)
    pdf_chunks = [c for c in chunks if c.source == "oakley-minutes.pdf"]
    assert {c.locator for c in pdf_chunks} >= {"Minute 2", "Minute 3"}
    for chunk in pdf_chunks:
        assert "Page |" not in chunk.text and "OFFICIAL" not in chunk.text
        assert "Page" not in chunk.section and "Page" not in chunk.locator


def test_us_city_council_minutes_through_ingest(tmp_path):
    """A US city council's HTML minutes: items numbered in Roman numerals, motions and their
    results, a roll call, lettered parts. A part with a motion of its own is a record of its
    own; a consent agenda's parts, approved by one motion, are one."""
    from assistant.settings import Settings
    from index.build import ingest
    from index.store import live_version, read_records
    from tests.fakes import HashEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    paragraphs = [
        "<h1>CITY OF RIVERTON</h1>",
        "<h2>CITY COUNCIL REGULAR MEETING MINUTES</h2>",
        "<h3>Tuesday, March 11, 2025 – 6:00 p.m.</h3>",
        "<p><strong>I. CALL TO ORDER</strong></p>",
        "<p>Mayor Linda Torres called the meeting to order at 6:02 p.m.</p>",
        "<p><strong>II. CONSENT AGENDA</strong></p>",
        "<p>A. Approval of the minutes of the February 25, 2025 regular meeting.</p>",
        "<p>B. Resolution No. 2025-14 authorizing the purchase of two street sweepers.</p>",
        "<p>Motion by Councilmember Kim, seconded by Councilmember Walsh, to approve the "
        "consent agenda. Motion carried 5-0.</p>",
        "<p><strong>III. NEW BUSINESS</strong></p>",
        "<p>A. Award of contract for the Oak Street sidewalk project.</p>",
        "<p>Five bids were received; staff recommended Delta Construction at $1,215,000.</p>",
        "<p>MOTION: Councilmember Lopez moved, seconded by Vice Mayor Okafor, to award the "
        "contract to Delta Construction in the amount of $1,215,000.</p>",
        "<p>AYES: Torres, Okafor, Kim, Walsh, Lopez</p><p>NOES: None</p><p>MOTION CARRIED.</p>",
        "<p>B. Request to rezone 45 Mill Road from industrial to mixed use.</p>",
        "<p>After discussion, Councilmember Walsh moved to deny the rezoning request; seconded "
        "by Councilmember Kim. The motion failed 2-3.</p>",
        "<p><strong>IV. ADJOURNMENT</strong></p>",
        "<p>The meeting was adjourned at 7:48 p.m.</p>",
    ]
    (docs / "riverton-council-minutes.html").write_text(
        "<html><body>" + "".join(paragraphs) + "</body></html>", encoding="utf-8"
    )
    index_dir = tmp_path / "index"
    ingest([docs], index_dir, HashEmbedder(), Settings(_env_file=None).chunking(), 10**8)
    records = read_records(live_version(index_dir))
    decisions = {d["reference"]: d for d in records if d.get("kind") == "decision"}
    assert list(decisions) == ["I", "II", "III.A", "III.B", "IV"]
    assert decisions["I"]["outcome"] == "" and decisions["I"]["resolutions"] == []
    consent, contract, rezoning = decisions["II"], decisions["III.A"], decisions["III.B"]
    assert consent["resolutions"][0]["text"].startswith("Motion by Councilmember Kim")
    assert (consent["outcome"], consent["votes"]) == ("decided", {"for": 5, "against": 0})
    assert contract["title"] == "Award of contract for the Oak Street sidewalk project"
    assert contract["resolutions"][0]["text"].startswith("Councilmember Lopez moved")
    assert "award the contract to Delta Construction" in contract["resolutions"][0]["text"]
    assert (contract["outcome"], contract["votes"]) == ("decided", {"for": 5, "against": 0})
    assert rezoning["title"] == "Request to rezone 45 Mill Road from industrial to mixed use"
    assert (rezoning["outcome"], rezoning["votes"]) == ("refused", {"for": 2, "against": 3})
    assert {d["meeting_date"] for d in decisions.values()} == {"2025-03-11"}


def test_australian_council_minutes_with_moved_seconded_and_numbered_parts(tmp_path):
    """A shire council's PDF minutes: "Moved: Cr A Brown / Seconded: Cr K Lee / That … /
    CARRIED 4/0", a roll call by "For:" and "Against:", and reports numbered 4.1 and 4.2
    under item 4, each with its own resolution: a record each, its outcome and count."""
    from assistant.settings import Settings
    from index.build import ingest
    from index.store import live_version, read_records
    from tests.documents import make_pdf
    from tests.fakes import HashEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(
        docs / "shire-minutes.pdf",
        [
            [
                "SHIRE OF EXAMPLE",
                "MINUTES OF THE ORDINARY COUNCIL MEETING",
                "HELD IN THE COUNCIL CHAMBERS ON TUESDAY 22 APRIL 2025 AT 5.00PM",
                "1. DECLARATION OF OPENING",
                "The Shire President declared the meeting open at 5.02pm.",
                "2. CONFIRMATION OF MINUTES",
                "RESOLUTION 2025/041",
                "Moved: Cr A Brown",
                "Seconded: Cr K Lee",
                "That the minutes of the meeting held on 25 March 2025 be confirmed.",
                "CARRIED 4/0",
                "3. REPORTS OF OFFICERS",
                "3.1 Tender RFT 03/2025 - Main Street Footpath Renewal",
                "The Manager Works reported that three tenders were received.",
                "Moved: Cr K Lee",
                "Seconded: Cr P Nguyen",
                "That Council award tender RFT 03/2025 to Bitumen Co Pty Ltd for $412,000.",
                "CARRIED 3/1",
                "For: Cr Smith, Cr Lee, Cr Nguyen",
                "Against: Cr Brown",
                "3.2 Draft Climate Adaptation Plan",
                "Moved by: Councillor Brown",
                "Seconded by: Councillor Smith",
                "THAT Council endorse the Draft Climate Adaptation Plan for public comment.",
                "LOST 1/3",
                "4. CLOSURE",
                "The meeting closed at 6.15pm.",
            ]
        ],
    )
    index_dir = tmp_path / "index"
    ingest([docs], index_dir, HashEmbedder(), Settings(_env_file=None).chunking(), 10**8)
    records = read_records(live_version(index_dir))
    decisions = {d["reference"]: d for d in records if d.get("kind") == "decision"}
    assert list(decisions) == ["1", "2", "3.1", "3.2", "4"]
    minutes, tender, plan = decisions["2"], decisions["3.1"], decisions["3.2"]
    assert minutes["resolutions"][0]["text"].startswith("RESOLUTION 2025/041 Moved: Cr A Brown")
    assert (minutes["outcome"], minutes["votes"]) == ("decided", {"for": 4, "against": 0})
    assert tender["title"] == "Tender RFT 03/2025 - Main Street Footpath Renewal"
    assert tender["resolutions"][0]["text"].startswith("Moved: Cr K Lee")
    assert (tender["outcome"], tender["votes"]) == ("decided", {"for": 3, "against": 1})
    assert plan["resolutions"][0]["text"].startswith("Moved by: Councillor Brown")
    assert (plan["outcome"], plan["votes"]) == ("refused", {"for": 1, "against": 3})


def test_hard_wrapped_text_minutes_give_the_records_their_paragraphs_give(tmp_path):
    """Minutes saved as text wrapped at 72 characters, with no blank line between paragraphs:
    the same items, decisions and counts as the same minutes with a blank line between."""
    import textwrap

    from ingest.chunking import chunk_document
    from ingest.loaders import load_file
    from ingest.metadata import infer_document_info
    from ingest.records import extract_records

    paragraphs = [
        "CITY OF RIVERTON",
        "CITY COUNCIL REGULAR MEETING MINUTES, Tuesday, March 11, 2025",
        "1. CALL TO ORDER",
        "Mayor Linda Torres called the meeting to order at 6:02 p.m.",
        "2. CONSENT AGENDA",
        "A. Approval of the minutes of the February 25, 2025 regular meeting.",
        "B. Resolution No. 2025-14 authorizing the purchase of two electric street sweepers "
        "from Global Sweepers Inc. in the amount of $742,300.",
        "Motion by Vice Mayor Okafor, seconded by Councilmember Lopez, to approve the consent "
        "agenda. Motion carried 5-0.",
        "3. NEW BUSINESS",
        "A. Award of contract for the Oak Street sidewalk project.",
        "MOTION: Councilmember Lopez moved, seconded by Vice Mayor Okafor, to award the Oak "
        "Street sidewalk contract to Delta Construction in the amount of $1,215,000. Motion "
        "carried 5-0.",
        "B. Request to rezone 45 Mill Road from industrial to mixed use.",
        "After discussion, Councilmember Walsh moved to deny the rezoning request; seconded by "
        "Councilmember Kim. The motion failed 2-3.",
        "4. ADJOURNMENT",
        "The meeting was adjourned at 7:48 p.m.",
    ]

    def records(name: str, text: str) -> list[tuple]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        document = load_file(tmp_path / name, 10**6)
        info = infer_document_info(document)
        found = extract_records(document, info, chunk_document(document, info)).decisions
        return [(d.reference, d.title, d.outcome, d.votes) for d in found]

    spaced = records("riverton-minutes.txt", "\n\n".join(paragraphs))
    wrapped = "\n".join(textwrap.fill(p, width=72) for p in paragraphs)
    assert "\n\n" not in wrapped
    assert records("riverton-minutes-wrapped.txt", wrapped) == spaced
    assert [reference for reference, *_ in spaced] == ["1", "2", "3.A", "3.B", "4"]
    assert spaced[3][2:] == ("refused", {"for": 2, "against": 3})
