"""Each loader on a real file the test creates, and the reasons given for files it cannot read."""

from __future__ import annotations

import pytest

from ingest.loaders import load_file
from ingest.loaders.errors import UnreadableFile
from tests.documents import (
    make_blank_pdf,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_xlsx,
)

LIMIT = 50 * 1024 * 1024


def test_pdf_keeps_page_numbers_and_drops_page_footers(tmp_path):
    path = make_pdf(
        tmp_path / "report.pdf",
        [
            ["Purpose of the Report", "1. The purpose is to agree the plan.", "Page 1"],
            ["2. The plan runs to 2030.", "Page 2"],
        ],
    )
    document = load_file(path, LIMIT)
    assert [b.page for b in document.blocks] == [1, 2]
    assert document.blocks[0].text == "Purpose of the Report\n1. The purpose is to agree the plan."
    assert "Page 2" not in document.blocks[1].text
    assert document.format == "pdf" and len(document.sha256) == 64


def test_docx_keeps_headings_paragraphs_and_tables_in_order(tmp_path):
    path = make_docx(
        tmp_path / "case.docx",
        [
            ("h1", "LAEP case study"),
            ("p", "Introduction to local area energy planning."),
            ("h2", "5.2 Demand from districts"),
            ("p", "Three districts have already approached the LAEP team."),
            ("table", [["Role", "Who"], ["Chair", "Planning officer"]]),
            ("p", "Closing remarks."),
        ],
    )
    blocks = load_file(path, LIMIT).blocks
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 1),
        ("paragraph", 0),
        ("heading", 2),
        ("paragraph", 0),
        ("row", 0),
        ("paragraph", 0),
    ]
    assert blocks[4].fields == (("Role", "Chair"), ("Who", "Planning officer"))
    assert blocks[5].text == "Closing remarks."


def test_symbol_font_bullets_read_as_bullets(tmp_path):
    # Word's Symbol and Wingdings bullets come out of a file as private-use characters, which
    # a browser shows as empty boxes
    path = make_docx(
        tmp_path / "minutes.docx",
        [
            ("p", "The officers confirmed the following:"),
            ("p", "\uf0b7 An example of HFS can be found on Park Row."),
            ("table", [["Question", "Answer"], ["Do you agree?", "\uf0f0 Agree \uf0f0 Disagree"]]),
        ],
    )
    blocks = load_file(path, LIMIT).blocks
    assert blocks[1].text == "• An example of HFS can be found on Park Row."
    assert blocks[2].fields == (("Question", "Do you agree?"), ("Answer", "• Agree • Disagree"))


def test_xlsx_finds_title_two_row_header_sections_and_merged_cells(tmp_path):
    path = make_xlsx(
        tmp_path / "plan.xlsx",
        {
            "Actions": [
                ["Net Zero Council Action Plan 2035", None, None, None, None],
                [None] * 5,
                ["Action ID", "Action", "Lead", "Timescale", None],
                [None, None, None, "Start", "End"],
                ["Transport", None, None, None, None],
                ["T1", "Replace fleet vans", "Fleet manager", "2024", "2026"],
                ["T2", "Install depot chargers", None, "2025", "2027"],
                ["Buildings", None, None, None, None],
                ["B1", "Retrofit County Hall", "Estates", "2024", None],
            ],
            "Notes": [["Owner", "Comment"], ["Climate team", "Reviewed yearly"]],
        },
        merges={"Actions": ["A1:E1", "C6:C7", "A5:E5"]},
    )
    blocks = load_file(path, LIMIT).blocks
    title, t1, t2, b1, note = blocks
    assert (title.kind, title.text, title.where) == (
        "heading",
        "Net Zero Council Action Plan 2035",
        "Actions",
    )
    assert t1.fields == (
        ("Action ID", "T1"),
        ("Action", "Replace fleet vans"),
        ("Lead", "Fleet manager"),
        ("Timescale Start", "2024"),
        ("Timescale End", "2026"),
    )
    assert t1.section == t2.section == "Transport"
    assert ("Lead", "Fleet manager") in t2.fields  # merged down from the row above
    assert b1.section == "Buildings" and ("Timescale End", "") not in b1.fields
    assert note.where == "Notes" and note.fields == (
        ("Owner", "Climate team"),
        ("Comment", "Reviewed yearly"),
    )


def test_html_drops_scripts_and_navigation(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Climate page</title><script>var tracking = 1;</script></head>"
        "<body><nav>Home | News</nav><h1>Climate emergency</h1>"
        "<p>The council declared a climate emergency in May 2019.</p>"
        "<table><tr><th>Action ID</th><th>Action</th></tr><tr><td>T1</td><td>Fleet</td></tr>"
        "</table></body></html>"
    )
    document = load_file(path, LIMIT)
    text = "\n".join(b.text for b in document.blocks)
    assert document.declared_title == "Climate page"
    assert "tracking" not in text and "Home | News" not in text
    assert [b.kind for b in document.blocks] == ["heading", "paragraph", "row"]
    assert document.blocks[2].fields == (("Action ID", "T1"), ("Action", "Fleet"))


def test_markdown_headings_and_csv_rows(tmp_path):
    markdown = tmp_path / "notes.md"
    markdown.write_text("# Notes\n\nHeat pumps suit\noff-gas homes.\n\n## Costs\n\nAbout £10k.\n")
    blocks = load_file(markdown, LIMIT).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Notes"),
        ("paragraph", "Heat pumps suit off-gas homes."),
        ("heading", "Costs"),
        ("paragraph", "About £10k."),
    ]
    table = tmp_path / "actions.csv"
    table.write_text("Action ID,Action,Lead\nT1,Electric fleet,Fleet\n", encoding="utf-8")
    (row,) = load_file(table, LIMIT).blocks
    assert row.fields == (("Action ID", "T1"), ("Action", "Electric fleet"), ("Lead", "Fleet"))


def test_markdown_inline_markup_is_not_quoted(tmp_path):
    """Minutes converted to Markdown keep their words, not their asterisks and link targets;
    a plain text file keeps its asterisks."""
    source = (
        "[Original file](https://example.org/minutes.pdf)\n\n"
        "**Motion 1:**I will move that the *Draft* Plan be amended, see "
        '[the report](https://example.org/r.pdf "Report") and ![map](map.png)the map.\n\n'
        "Rates rose 2 * 3 times; an escaped \\* stays; `Table 7.3` was amended.\n"
    )
    markdown = tmp_path / "minutes.md"
    markdown.write_text(source, encoding="utf-8")
    assert [b.text for b in load_file(markdown, LIMIT).blocks] == [
        "Original file",
        "Motion 1: I will move that the Draft Plan be amended, see the report and the map.",
        "Rates rose 2 * 3 times; an escaped * stays; Table 7.3 was amended.",
    ]
    text = tmp_path / "minutes.txt"
    text.write_text(source, encoding="utf-8")
    assert "**Motion 1:**" in load_file(text, LIMIT).blocks[1].text


def test_a_markdown_pipe_table_is_read_row_by_row(tmp_path):
    """A pipe table's rows are "heading: value" rows, as a DOCX table's are; an escaped pipe is
    a cell's text; lines with pipes but no delimiter row under the first are a paragraph."""
    markdown = tmp_path / "minutes.md"
    markdown.write_text(
        "Minutes of the meeting\n\n"
        "| Minute | Item | Action |\n"
        "|:-------|------|-------:|\n"
        "| 25/03 | It was RESOLVED to accept the quote of £4,250 \\| plus VAT. | Clerk |\n"
        "| 25/04 | Speed watch report noted. | |\n"
        "\n"
        "| not | a table |\n"
        "| just | pipes |\n",
        encoding="utf-8",
    )
    blocks = load_file(markdown, LIMIT).blocks
    assert [(b.kind, b.where, b.fields) for b in blocks[1:3]] == [
        (
            "row",
            "Table 1",
            (
                ("Minute", "25/03"),
                ("Item", "It was RESOLVED to accept the quote of £4,250 | plus VAT."),
                ("Action", "Clerk"),
            ),
        ),
        ("row", "Table 1", (("Minute", "25/04"), ("Item", "Speed watch report noted."))),
    ]
    assert [(b.kind, b.text) for b in blocks[3:]] == [
        ("paragraph", "| not | a table |"),
        ("paragraph", "| just | pipes |"),
    ]


def test_a_hard_wrapped_text_without_blank_lines_is_read_paragraph_by_paragraph(tmp_path):
    import textwrap

    report = (
        "The Planning Director presented the staff report on the ordinance, which would "
        "require twenty percent of parking spaces in new multifamily buildings to be "
        "EV-ready, and answered questions from members about the cost to developers."
    )
    paragraphs = [
        "1. CALL TO ORDER",
        "The Mayor called the meeting to order at 6:02 p.m.",
        "2. PUBLIC HEARINGS",
        "A. Ordinance No. 2025-03 amending Chapter 14 of the Municipal Code (second reading).",
        report,
        "B. Resolution No. 2025-14 authorizing the purchase of two electric street sweepers.",
    ]
    wrapped = "\n".join(textwrap.fill(p, width=72) for p in paragraphs)
    assert wrapped.count("\n") > len(paragraphs) and "\n\n" not in wrapped
    (tmp_path / "minutes.txt").write_text(wrapped, encoding="utf-8")
    blocks = load_file(tmp_path / "minutes.txt", 10**6).blocks
    assert [b.text for b in blocks] == paragraphs
    one_line_each = "\n".join([report, "The meeting closed at 7:48 p.m.", report])
    (tmp_path / "notes.txt").write_text(one_line_each, encoding="utf-8")
    blocks = load_file(tmp_path / "notes.txt", 10**6).blocks
    assert [b.text for b in blocks] == [report, "The meeting closed at 7:48 p.m.", report]


def test_text_in_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Budget of £2m for the café refurbishment.".encode("cp1252"))
    assert load_file(path, LIMIT).blocks[0].text == "Budget of £2m for the café refurbishment."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "empty"),
        ("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "damaged"),
        ("broken.docx", b"PK\x03\x04 not a zip archive", "damaged"),
        ("broken.xlsx", b"definitely not a spreadsheet", "damaged"),
        ("slides.pptx", b"anything", "unsupported file type '.pptx'"),
        ("blank.txt", b"   \n\n  ", "no text"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason):
        load_file(path, LIMIT)


def test_pdf_without_text_or_images_is_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="contains no text"):
        load_file(make_blank_pdf(tmp_path / "empty.pdf"), LIMIT)


def test_encrypted_pdf_is_refused(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["Confidential annex text."]])
    locked = make_encrypted_pdf(plain, tmp_path / "locked.pdf")
    with pytest.raises(UnreadableFile, match="password|encrypted"):
        load_file(locked, LIMIT)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(UnreadableFile, match="over the"):
        load_file(path, max_bytes=1000)
