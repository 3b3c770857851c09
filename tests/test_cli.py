"""The `assistant` command: per-file results, summaries, exit codes and search output."""

from __future__ import annotations

import json

import pytest

from assistant import cli
from tests.fakes import HashEmbedder


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    monkeypatch.setattr(cli, "embedder_for", lambda settings: HashEmbedder())
    monkeypatch.delenv("ASSISTANT_INDEX_DIR", raising=False)


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text(
        "Minutes of Cabinet\n\nThe Cabinet resolved to approve the speed camera programme.\n"
    )
    (docs / "notes.md").write_text("# Heat\n\nHeat networks suit dense town centres.\n")
    return docs


def test_ingest_prints_each_file_and_a_summary(folder, tmp_path, capsys):
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # cut off after its first bytes
    (folder / "site-plan.dwg").write_bytes(b"AC1027")
    code = cli.main(["ingest", str(folder), "--index", str(tmp_path / "index")])
    out = capsys.readouterr().out
    assert code == cli.EXIT_FAILED_FILES
    assert "added      minutes.txt" in out and "added      notes.md" in out
    assert "failed     broken.pdf: the PDF file is damaged" in out
    assert "failed     photo.jpg: the JPG file is damaged" in out
    assert "skipped    site-plan.dwg: not a document type read here" in out
    assert "2 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 2 failed" in out

    (folder / "broken.pdf").unlink()
    (folder / "photo.jpg").unlink()
    assert cli.main(["ingest", str(folder), "--index", str(tmp_path / "index")]) == 0
    assert "2 unchanged" in capsys.readouterr().out


def test_index_folder_from_environment(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "env-index"))
    assert cli.main(["ingest", str(folder)]) == 0
    assert (tmp_path / "env-index" / "CURRENT").is_file()


def test_search_prints_ranked_passages_and_json(folder, tmp_path, capsys):
    index = str(tmp_path / "index")
    cli.main(["ingest", str(folder), "--index", index])
    capsys.readouterr()
    assert cli.main(["search", "speed camera programme", "--index", index, "--k", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ") and "(minutes.txt" in out and "speed camera" in out

    assert cli.main(["search", "heat networks", "--index", index, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["results"][0]["source"] == "notes.md"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "anything"], "run `assistant ingest"),
        (["search", "anything", "--k", "0"], "--k must be between"),
        (["search", "anything", "--date-from", "someday"], "not a date"),
        (["ingest", "/no/such/folder"], "no such file or folder"),
    ],
)
def test_errors_exit_with_a_message(tmp_path, capsys, argv, message):
    code = cli.main([*argv, "--index", str(tmp_path / "index")])
    assert code == cli.EXIT_ERROR
    assert message in capsys.readouterr().err


def test_ask_prints_an_answer_with_its_sources(folder, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ANSWER_MIN_SCORE", "0.3")  # calibrated for the real model
    index = str(tmp_path / "index")
    cli.main(["ingest", str(folder), "--index", index])
    capsys.readouterr()
    assert (
        cli.main(
            ["ask", "What did the Cabinet resolve about speed cameras?", "--index", index, "--json"]
        )
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["mode"] == "extractive" and not payload["abstained"]
    assert payload["citations"][0]["source"] == "minutes.txt"

    assert cli.main(["ask", "speed camera programme", "--index", index]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "[1] minutes.txt" in out


def test_glossary_lookup(capsys):
    assert cli.main(["glossary", "S106"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Section 106 [planning]") and "developer contributions" in out
    assert cli.main(["glossary", "flux capacitor"]) == cli.EXIT_ERROR
    assert "not in the glossary" in capsys.readouterr().err
