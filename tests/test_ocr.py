"""Scans read with Tesseract: page images the tests make (300 and 200 dpi, turned a degree,
with speckle noise), in PDFs, mixed with typed pages, and as image files."""

from __future__ import annotations

import os
import time

import pytest

from assistant.answer import AnswerOptions, answer
from assistant.glossary import Glossary
from assistant.settings import Settings
from index.build import ingest
from index.search import HybridSearcher
from ingest.chunking import ChunkingOptions
from ingest.loaders import UnreadableFile, load_file
from ingest.loaders.ocr import OcrPage, read_pages, tesseract_available
from tests.documents import make_docx_with_scan, make_mixed_pdf, make_scanned_pdf, scan_image
from tests.fakes import HashEmbedder

LIMIT = 10**8
MINUTES = [
    "Minutes of the Parish Council meeting held on 4 May 2020.",
    "12. Village hall roof.",
    "RESOLVED: That the quotation of £4,500 from Smith Roofing be accepted.",
]
APPENDIX = [
    "Appendix B: Play area inspection.",
    "The swings at Church Lane were found to need new chains before the summer.",
]

# CI sets ASSISTANT_OCR_TESTS=required: there a missing Tesseract fails the tests, never skips them
needs_tesseract = pytest.mark.skipif(
    not tesseract_available() and os.environ.get("ASSISTANT_OCR_TESTS") != "required",
    reason="Tesseract is not installed (make install-ocr)",
)


@needs_tesseract
def test_a_scanned_pdf_is_searched_and_cited_by_page(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    make_scanned_pdf(folder / "minutes-scan.pdf", [MINUTES, APPENDIX])
    index_dir = tmp_path / "index"
    report = ingest([folder], index_dir, HashEmbedder(), ChunkingOptions(), LIMIT)
    (result,) = report.files
    assert result.status == "added" and "2 scanned pages read by OCR" in result.ocr
    # read from OCR text, the minutes go through the same structure and records as typed ones
    assert result.doc_type == "minutes" and result.records == "1 decisions"

    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    (hit, *_) = searcher.search("Smith Roofing quotation", 3)
    assert "£4,500 from Smith Roofing" in hit.chunk.text
    assert hit.chunk.page_start == 1 and hit.chunk.meta["scanned"]
    assert hit.chunk.meta["ocr_confidence"] > 80

    said = answer(
        "Whose quotation for the village hall roof was accepted?",
        lambda q: searcher.search(q, 8),
        searcher,
        Glossary([]),
        AnswerOptions(min_score=0.3),
    )
    assert not said.abstained and "Smith Roofing" in said.text
    assert said.citations[0].chunk.page_start == 1 and said.citations[0].chunk.meta["scanned"]
    (other, *_) = searcher.search("swings Church Lane chains", 3)
    assert (
        other.chunk.page_end or other.chunk.page_start
    ) == 2 and "new chains" in other.chunk.text


@needs_tesseract
def test_a_mixed_pdf_keeps_its_typed_page_and_reads_the_scanned_one(tmp_path):
    typed = ["Report of the Clerk.", "The budget for 2021 is set at 12,000 pounds."]
    document = load_file(make_mixed_pdf(tmp_path / "mixed.pdf", typed, APPENDIX, 300), LIMIT)
    first, second = document.blocks
    assert first.ocr_confidence is None and first.text == "\n".join(typed)
    assert second.ocr_confidence is not None and "Church Lane" in second.text
    assert "new chains" in second.text
    assert document.ocr_note.startswith("1 scanned pages read by OCR")


@needs_tesseract
@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_image_scans_are_read(tmp_path, suffix):
    path = tmp_path / f"notice{suffix}"
    scan_image(MINUTES, dpi=200).save(path, dpi=(200, 200))
    (page,) = load_file(path, LIMIT).blocks
    assert "Smith Roofing" in page.text and page.page == 1


@needs_tesseract
def test_a_blank_scan_fails_clearly_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    make_scanned_pdf(folder / "blank.pdf", [[]])
    (folder / "notes.txt").write_text("The steering group meets every quarter.")
    with pytest.raises(UnreadableFile, match="no text found, even with OCR"):
        load_file(folder / "blank.pdf", LIMIT)
    report = ingest([folder], tmp_path / "index", HashEmbedder(), ChunkingOptions(), LIMIT)
    statuses = {r.path.rsplit("/", 1)[-1]: r for r in report.files}
    assert statuses["blank.pdf"].status == "failed"
    assert "no text found, even with OCR" in statuses["blank.pdf"].reason
    assert statuses["notes.txt"].status == "added"


def test_without_tesseract_scans_are_reported_with_the_install_hint(tmp_path, monkeypatch):
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [MINUTES], dpi=150)
    mixed = make_mixed_pdf(tmp_path / "mixed.pdf", ["Report of the Clerk."], APPENDIX, 150)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract to be found
    with pytest.raises(UnreadableFile, match="apt-get install tesseract-ocr"):
        load_file(scan, LIMIT)
    document = load_file(mixed, LIMIT)
    assert document.blocks[0].text == "Report of the Clerk."
    assert "scanned p. 2 not read" in document.ocr_note
    assert "apt-get install tesseract-ocr" in document.ocr_note


@needs_tesseract
def test_an_unchanged_scan_is_not_read_again(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    make_scanned_pdf(folder / "scan.pdf", [MINUTES], dpi=200)
    run = lambda: ingest([folder], tmp_path / "index", HashEmbedder(), ChunkingOptions(), LIMIT)  # noqa: E731
    assert run().files[0].status == "added"

    def no_ocr(*_args, **_kwargs):
        raise AssertionError("an unchanged file was read by OCR again")

    monkeypatch.setattr("ingest.loaders.ocr.read_image", no_ocr)
    assert run().files[0].status == "unchanged"


@needs_tesseract
def test_the_settings_ocr_limits_are_applied(tmp_path):
    scan = make_scanned_pdf(tmp_path / "scan.pdf", [MINUTES, APPENDIX], dpi=200)
    strict = Settings(_env_file=None, ocr_min_confidence=99.9).ocr()
    assert "low OCR confidence on p. 1, 2" in load_file(scan, LIMIT, strict).ocr_note
    hurried = Settings(_env_file=None, ocr_page_seconds=0.001).ocr()
    with pytest.raises(UnreadableFile, match="could not be read"):
        load_file(scan, LIMIT, hurried)


@needs_tesseract
def test_a_scan_pasted_into_a_docx_is_read_where_it_stands(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    make_docx_with_scan(folder / "letter.docx", "Covering note from the Clerk.", MINUTES + APPENDIX,
                        "Please file with the minutes.")  # fmt: skip
    document = load_file(folder / "letter.docx", LIMIT)
    texts = [b.text for b in document.blocks]
    assert texts[0] == "Covering note from the Clerk." and texts[-1].startswith("Please file")
    # the logo is not read, nor is the figure's caption taken for a page of text
    assert "new chains" in texts[1] and document.blocks[1].ocr_confidence > 80
    assert len(texts) == 3 and not any("Figure 1" in t for t in texts)
    assert document.ocr_note.startswith("1 scanned images read by OCR")

    ingest([folder], tmp_path / "index", HashEmbedder(), ChunkingOptions(), LIMIT)
    searcher = HybridSearcher.open(tmp_path / "index", HashEmbedder())
    (hit, *_) = searcher.search("swings Church Lane chains", 1)
    assert "new chains" in hit.chunk.text and hit.chunk.meta["scanned"]


def test_the_document_time_limit_counts_the_reading_and_names_the_pages_left(monkeypatch):
    # a page takes 0.3 s to read, the document may take 0.1 s: the pages handed out at once
    # (one per worker and one ahead) are read, those left when they finish are not (rendering
    # alone is instant)
    def slow_read(png, options):
        time.sleep(0.3)
        return OcrPage(f"page {png.decode()}", 90.0)

    monkeypatch.setattr("ingest.loaders.ocr.tesseract_available", lambda: True)
    monkeypatch.setattr("ingest.loaders.ocr.read_image", slow_read)
    handed_out = (os.cpu_count() or 1) + 1
    numbers = list(range(1, handed_out + 3))
    options = Settings(_env_file=None, ocr_document_seconds=0.1).ocr()
    found, report = read_pages(numbers, lambda n: str(n).encode(), options, "long.pdf")
    assert sorted(found) == numbers[:handed_out] and found[1].text == "page 1"
    assert report.unread == numbers[handed_out:]
    assert report.why_unread == "the document's OCR time limit (0 s)"
