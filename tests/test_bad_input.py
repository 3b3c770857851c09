"""A folder of the odd and broken files councils really hold: `assistant ingest` reports each
with a reason, indexes the rest, and says in its exit status and summary how many failed."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from assistant import cli
from index.search import HybridSearcher
from tests.documents import (
    make_blank_pdf,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_xlsx,
)
from tests.fakes import HashEmbedder


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    monkeypatch.setattr(cli, "embedder_for", lambda settings: HashEmbedder())
    monkeypatch.delenv("ASSISTANT_INDEX_DIR", raising=False)


def xlsx_with_sheet(path, sheet_xml: bytes) -> None:
    """A real workbook whose first sheet's XML is replaced (for bombs and empty rows)."""
    make_xlsx(path, {"Plan": [["Action ID", "Action"], ["A1", "placeholder"]]})
    source = zipfile.ZipFile(path)
    members = {name: source.read(name) for name in source.namelist()}
    source.close()
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in members.items():
            target.writestr(name, data)


def sheet(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )


@pytest.fixture
def odd_folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    good = make_pdf(docs / "good-minutes.pdf", [["Cabinet resolved to fund heat pumps."]])
    (docs / "Minutes – Cabinet (final) ü 💡.txt").write_text(
        "The Cabinet approved the cycle lane on Station Road.", encoding="utf-8"
    )
    (docs / os.fsdecode(b"legacy-\xe9t\xe9-name.txt")).write_text("Allotment rents rise by 3%.")
    (docs / "line\nbreak.txt").write_text("Street lighting moves to LED lanterns.")
    cp1252 = "Café licences cost £120 a year – “fees”.".encode("cp1252")
    (docs / "windows-1252.txt").write_bytes(cp1252)
    (docs / "utf-16.txt").write_bytes("Recycling centres open at 8am.".encode("utf-16"))
    (docs / "scripts.html").write_text(
        "<html><head><script>alert('stolen secret token')</script><style>p{}</style></head>"
        "<body><p>Parking permits are renewed every April.</p>"
        "<script>document.write('tracking pixel')</script></body></html>"
    )

    # the bad ones, with a word their reason must contain
    bad = {}
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    bad["corrupt.pdf"] = "damaged"
    data = good.read_bytes()
    (docs / "truncated.pdf").write_bytes(data[: len(data) // 2])
    bad["truncated.pdf"] = "damaged|no extractable text"
    make_encrypted_pdf(good, docs / "encrypted.pdf")
    bad["encrypted.pdf"] = "password"
    make_blank_pdf(docs / "scanned.pdf", pages=2)
    bad["scanned.pdf"] = "scanned"
    (docs / "zero.docx").write_bytes(b"")
    bad["zero.docx"] = "empty"
    (docs / "huge.txt").write_text("council " * 500_000)  # 4 MB over a 3 MB limit
    bad["huge.txt"] = "over the"
    xlsx_with_sheet(docs / "bomb.xlsx", sheet(b"<row r='1'>" + b" " * 300_000_000 + b"</row>"))
    bad["bomb.xlsx"] = "zip bomb"
    empty_rows = b"".join(b'<row r="%d"/>' % n for n in range(1, 1_000_001))
    xlsx_with_sheet(docs / "million-empty-rows.xlsx", sheet(empty_rows))
    bad["million-empty-rows.xlsx"] = "no text"
    make_docx(docs / "no-text.docx", [])
    bad["no-text.docx"] = "no text"
    (docs / "programme.exe").write_bytes(b"MZ\x90\x00")
    bad["programme.exe"] = "not a document type"
    return docs, bad


def test_every_bad_file_is_reported_and_the_rest_indexed(odd_folder, tmp_path, capsys, monkeypatch):
    docs, bad = odd_folder
    index = tmp_path / "index"
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "3")
    status = cli.main(["ingest", str(docs), "--index", str(index)])
    captured = capsys.readouterr()
    out = captured.out
    assert status == cli.EXIT_FAILED_FILES, captured.err
    lines = out.splitlines()
    for name, reason in bad.items():
        line = next((x for x in lines if f" {name}:" in x), None)
        assert line is not None, f"{name} is not reported"
        assert line.split()[0] in ("failed", "skipped"), line
        assert any(r in line for r in reason.split("|")), line
    failed = sum(1 for x in lines if x.split() and x.split()[0] == "failed")
    assert f"{failed} failed" in lines[-1] and failed == len(bad) - 1  # the .exe is skipped
    assert r"line\nbreak.txt" in out and r"legacy-\xe9t\xe9-name.txt" in out  # one line each

    searcher = HybridSearcher.open(index, HashEmbedder())
    texts = " ".join(c.text for c in searcher.chunks)
    for words in (
        "fund heat pumps",
        "cycle lane on Station Road",
        "Allotment rents",
        "LED lanterns",
        "Café licences cost £120",
        "Recycling centres open",
        "Parking permits",
    ):
        assert words in texts, words
    assert "stolen secret" not in texts and "tracking pixel" not in texts
    assert len(searcher.manifest.documents) == 7


def test_a_bomb_is_refused_before_it_is_inflated():
    from ingest.loaders.archive import check_archive
    from ingest.loaders.errors import UnreadableFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    with pytest.raises(UnreadableFile, match="zip bomb"):
        check_archive(buffer.getvalue())
    ordinary = io.BytesIO()
    with zipfile.ZipFile(ordinary, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", os.urandom(20_000).hex())
    check_archive(ordinary.getvalue())  # no error
