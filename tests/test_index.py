"""The on-disk index: round trip, incremental re-ingest, failures, atomic swaps, model checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer import AnswerOptions, answer
from assistant.glossary import Glossary
from index.build import ingest
from index.fusion import Filters
from index.lexical import LexicalIndex
from index.search import HybridSearcher
from index.store import POINTER, IndexUnavailable, current_version, read_index
from index.unit_vectors import UnitVectors
from ingest.chunking import ChunkingOptions
from ingest.embed import embed_distinct
from ingest.units import framed_units
from tests.documents import make_docx, make_xlsx
from tests.fakes import HashEmbedder

LIMIT = 50 * 1024 * 1024
OPTIONS = ChunkingOptions()


@pytest.fixture
def library(tmp_path):
    """A folder with a case study (DOCX), an action plan (XLSX) and notes (Markdown)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    make_docx(
        folder / "case-study.docx",
        [
            ("h1", "LAEP town planning case study"),
            ("h2", "5.2 Demand from districts"),
            ("p", "Three districts have already approached the LAEP team for help."),
            ("h2", "5.3 Data formats"),
            ("p", "Planners want GIS maps and Excel datasets."),
        ],
    )
    make_xlsx(
        folder / "plan.xlsx",
        {
            "Plan": [
                ["2050 Net Zero Action Plan"],
                ["Action ID", "Action", "Lead"],
                ["Transport"],
                ["Т6", "Expand car clubs in market towns", "Transport policy"],
                ["T7", "Install electric vehicle chargers", "Highways"],
                ["Buildings"],
                ["B1", "Retrofit council buildings with heat pumps", "Estates"],
            ]
        },
    )
    (folder / "notes.md").write_text("# Notes\n\nThe steering group meets every quarter.\n")
    return folder


def run(paths, index_dir, embedder=None, **kwargs):
    return ingest(list(paths), index_dir, embedder or HashEmbedder(), OPTIONS, LIMIT, **kwargs)


def statuses(report) -> dict[str, str]:
    return {f.path.rsplit("/", 1)[-1]: f.status for f in report.files}


def test_round_trip_writes_plain_files_and_searches_them(library, tmp_path):
    index_dir = tmp_path / "index"
    report = run([library], index_dir)
    assert statuses(report) == {
        "case-study.docx": "added",
        "plan.xlsx": "added",
        "notes.md": "added",
    }
    version = current_version(index_dir)
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["model"] == "fake-hash-embedder" and manifest["dimension"] == 64
    assert (
        manifest["chunk_count"]
        == report.chunks
        == len((version / "chunks.jsonl").read_text().splitlines())
    )
    assert {d["source"] for d in manifest["documents"].values()} == {
        "case-study.docx",
        "plan.xlsx",
        "notes.md",
    }
    assert (version / "index.faiss").is_file() and (version / "bm25").is_dir()

    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    top = searcher.search("which districts approached the LAEP team", k=3)[0]
    assert top.chunk.source == "case-study.docx" and top.chunk.locator == "§5.2"


def test_latin_query_finds_action_id_written_with_cyrillic_letter(library, tmp_path):
    run([library], tmp_path / "index")
    searcher = HybridSearcher.open(tmp_path / "index", HashEmbedder())
    top = searcher.search("T6", k=1)[0]
    assert top.chunk.meta["action_id"] == "T6" and "car clubs" in top.chunk.text
    assert top.lexical_rank == 1


def test_filters_restrict_results(library, tmp_path):
    run([library], tmp_path / "index")
    searcher = HybridSearcher.open(tmp_path / "index", HashEmbedder())
    hits = searcher.search("heat pumps", k=10, filters=Filters(doc_type="action plan"))
    assert hits and {h.chunk.doc_type for h in hits} == {"action plan"}
    assert searcher.search("heat pumps", filters=Filters(source="nothing.pdf")) == []


def test_unchanged_documents_are_not_embedded_again(library, tmp_path):
    index_dir = tmp_path / "index"
    run([library], index_dir)
    version = current_version(index_dir)
    embedder = HashEmbedder()
    report = run([library], index_dir, embedder)
    assert set(statuses(report).values()) == {"unchanged"}
    assert embedder.texts_embedded == 0
    assert current_version(index_dir) == version  # nothing changed, nothing written


def test_changed_document_alone_is_re_embedded(library, tmp_path):
    index_dir = tmp_path / "index"
    first = run([library], index_dir)
    (library / "notes.md").write_text("# Notes\n\nThe steering group now meets monthly.\n")
    embedder = HashEmbedder()
    report = run([library], index_dir, embedder)
    assert statuses(report)["notes.md"] == "updated"
    assert statuses(report)["plan.xlsx"] == "unchanged"
    assert report.chunks == first.chunks
    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    texts = " ".join(c.text for c in searcher.chunks)
    assert "monthly" in texts and "every quarter" not in texts
    changed = [c for c in searcher.chunks if c.source == "notes.md"]
    # each passage of the changed document once, and each sentence an answer could quote
    assert embedder.texts_embedded == len(changed) + sum(len(framed_units(c)) for c in changed)


def test_removed_document_leaves_the_index(library, tmp_path):
    index_dir = tmp_path / "index"
    run([library], index_dir)
    (library / "notes.md").unlink()
    report = run([library], index_dir)
    assert statuses(report)["notes.md"] == "removed"
    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    assert "notes.md" not in {c.source for c in searcher.chunks}
    assert len(searcher.manifest.documents) == 2


def test_documents_from_another_folder_are_kept(library, tmp_path):
    index_dir = tmp_path / "index"
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text("Budget monitoring for the highways capital programme.")
    run([library], index_dir)
    run([other], index_dir)
    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    assert {c.source for c in searcher.chunks} == {
        "case-study.docx",
        "plan.xlsx",
        "notes.md",
        "extra.txt",
    }


def test_unreadable_file_is_reported_and_its_indexed_version_kept(library, tmp_path):
    index_dir = tmp_path / "index"
    run([library], index_dir)
    (library / "plan.xlsx").write_bytes(b"overwritten by a broken sync")
    (library / "scan.pdf").write_bytes(b"")
    report = run([library], index_dir)
    failed = {f.path.rsplit("/", 1)[-1]: f.reason for f in report.files if f.status == "failed"}
    assert "previously indexed version is kept" in failed["plan.xlsx"]
    assert "empty" in failed["scan.pdf"]
    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    assert any(c.meta.get("action_id") == "T7" for c in searcher.chunks)


def test_a_failed_write_leaves_the_previous_index_live(library, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    run([library], index_dir)
    before = current_version(index_dir)
    pointer = (index_dir / POINTER).read_text()
    (library / "notes.md").write_text("# Notes\n\nRewritten.\n")

    def crash(self, folder):
        raise OSError("disk full")

    monkeypatch.setattr(LexicalIndex, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        run([library], index_dir)
    assert (index_dir / POINTER).read_text() == pointer
    assert current_version(index_dir) == before
    assert not [p for p in index_dir.iterdir() if p.name.startswith(".tmp-")]
    monkeypatch.undo()
    searcher = HybridSearcher.open(index_dir, HashEmbedder())
    assert "every quarter" in " ".join(c.text for c in searcher.chunks)


def test_swap_replaces_the_version_and_removes_the_old_one(library, tmp_path):
    index_dir = tmp_path / "index"
    run([library], index_dir)
    old = current_version(index_dir)
    (library / "notes.md").write_text("# Notes\n\nRewritten.\n")
    run([library], index_dir)
    new = current_version(index_dir)
    assert new != old and new.is_dir() and not old.exists()


def test_opening_with_another_model_fails_clearly(library, tmp_path):
    run([library], tmp_path / "index")
    with pytest.raises(IndexUnavailable, match="fake-hash-embedder.*other-model.*--rebuild"):
        HybridSearcher.open(tmp_path / "index", HashEmbedder(name="other-model"))
    with pytest.raises(IndexUnavailable, match="other-model"):
        run([library], tmp_path / "index", HashEmbedder(name="other-model"))
    report = run([library], tmp_path / "index", HashEmbedder(name="other-model"), rebuild=True)
    assert report.count("added") == 3


def test_missing_index_says_to_ingest_first(tmp_path):
    with pytest.raises(IndexUnavailable, match="assistant ingest"):
        HybridSearcher.open(tmp_path / "nothing", HashEmbedder())


def test_new_chunk_sizes_re_chunk_every_document(library, tmp_path):
    index_dir = tmp_path / "index"
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text("Budget monitoring for the highways capital programme.")
    run([library, other], index_dir)
    report = ingest([library], index_dir, HashEmbedder(), ChunkingOptions(60, 10, 200), LIMIT)
    assert set(statuses(report).values()) == {"updated"}
    assert "extra.txt" in statuses(report)  # re-read from its own folder, not dropped


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        run([tmp_path / "absent"], tmp_path / "index")


@pytest.mark.parametrize(
    ("query", "action_id"),
    [("what is happening with action b1", "B1"), ("T7 status", "T7"), ("Т6", "T6")],
)
def test_action_named_by_id_comes_first(library, tmp_path, query, action_id):
    run([library], tmp_path / "index")
    searcher = HybridSearcher.open(tmp_path / "index", HashEmbedder())
    assert searcher.search(query, k=3)[0].chunk.meta["action_id"] == action_id


def test_the_passage_that_spells_out_an_abbreviation_comes_first_when_asked(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(6):
        (docs / f"scheme-{n}.md").write_text(f"The CRSTS programme funds scheme {n}.")
    (docs / "funding.md").write_text(
        "Funding comes from the City Region Sustainable Transport Settlements (CRSTS)."
    )
    run([docs], tmp_path / "index")
    searcher = HybridSearcher.open(tmp_path / "index", HashEmbedder())
    top = searcher.search("What does CRSTS stand for?", k=3)[0]
    assert "Settlements (CRSTS)" in top.chunk.text
    assert "Settlements (CRSTS)" not in searcher.search("CRSTS scheme 3", k=1)[0].chunk.text


def test_a_second_writer_is_refused_while_one_is_writing(library, tmp_path):
    from index.store import IndexBusy, exclusive_writer

    index_dir = tmp_path / "index"
    with exclusive_writer(index_dir), pytest.raises(IndexBusy, match="another `assistant ingest`"):
        run([library], index_dir)
    assert run([library], index_dir).count("added") == 3  # the lock is released afterwards


def test_a_document_the_chunker_cannot_split_fails_alone(library, tmp_path, monkeypatch):
    import index.build

    real = index.build.chunk_document

    def fragile(document, info, options):
        if document.source == "notes.md":
            raise IndexError("list index out of range")
        return real(document, info, options)

    monkeypatch.setattr(index.build, "chunk_document", fragile)
    report = run([library], tmp_path / "index")
    assert statuses(report) == {
        "case-study.docx": "added",
        "plan.xlsx": "added",
        "notes.md": "failed",
    }
    failed = next(f for f in report.files if f.status == "failed")
    assert "could not be split into passages (IndexError" in failed.reason


def test_large_indexes_switch_to_hnsw_and_still_find_neighbours():
    import faiss
    import numpy as np

    from index.store import build_vector_index

    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(2000, 32)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = build_vector_index(vectors, 32, exact_limit=5000)
    graph = build_vector_index(vectors, 32, exact_limit=1000)
    assert isinstance(exact, faiss.IndexFlat) and isinstance(graph, faiss.IndexHNSW)
    graph.hnsw.efSearch = 64
    queries = vectors[:50] + rng.normal(scale=0.05, size=(50, 32)).astype("float32")
    _, want = exact.search(queries, 10)
    _, got = graph.search(queries, 10)
    overlap = np.mean([len(set(w) & set(g)) / 10 for w, g in zip(want, got, strict=True)])
    assert overlap > 0.9


def test_filtered_search_reaches_allowed_passages_in_an_hnsw_index(library, tmp_path, monkeypatch):
    import faiss

    from index import store

    monkeypatch.setattr(store, "EXACT_SEARCH_LIMIT", 1)
    run([library], tmp_path / "index")
    searcher = HybridSearcher.open(tmp_path / "index", HashEmbedder())
    assert isinstance(searcher._dense, faiss.IndexHNSW)
    hits = searcher.search("steering group", k=3, filters=Filters(source="notes.md"))
    assert hits and all(h.chunk.source == "notes.md" for h in hits)
    assert hits[0].dense_rank == 1


# --- sentence vectors made at ingest -------------------------------------------------------


def test_stored_sentence_vectors_are_those_of_each_passages_units(library, tmp_path):
    run([library], tmp_path / "index")
    embedder = HashEmbedder()
    searcher = HybridSearcher.open(tmp_path / "index", embedder)
    for chunk in searcher.chunks:
        units = framed_units(chunk)
        stored = searcher.unit_vectors(chunk, units)
        assert stored.shape == (len(units), embedder.dimension)
        assert np.allclose(stored, HashEmbedder().embed(units), atol=2e-3)  # float16 on disk
    assert embedder.texts_embedded == 0


def test_an_answer_embeds_its_question_once_and_nothing_else(library, tmp_path):
    run([library], tmp_path / "index")
    embedder = HashEmbedder()
    searcher = HybridSearcher.open(tmp_path / "index", embedder)
    question = "How often does the steering group meet?"
    result = answer(
        question,
        lambda q: searcher.search(q, 8),
        searcher,
        Glossary([]),
        AnswerOptions(min_score=0.3),
    )
    assert not result.abstained and "every quarter" in result.text
    assert embedder.calls == [1]  # the search and the answer share the question's vector
    searcher.search(question, 5)
    assert embedder.calls == [1]


def test_an_index_without_sentence_vectors_answers_and_gets_them_on_the_next_ingest(
    library, tmp_path
):
    index_dir = tmp_path / "index"
    run([library], index_dir)
    for stored in current_version(index_dir).glob("unit_*.npy"):
        stored.unlink()  # as an index written before they were kept
    embedder = HashEmbedder()
    searcher = HybridSearcher.open(index_dir, embedder)
    chunk = next(c for c in searcher.chunks if c.source == "notes.md")
    units = framed_units(chunk)
    assert np.allclose(searcher.unit_vectors(chunk, units), HashEmbedder().embed(units))
    assert embedder.texts_embedded == len(units)

    (library / "notes.md").write_text("# Notes\n\nThe steering group now meets monthly.\n")
    run([library], index_dir)
    data = read_index(index_dir)
    assert data.units is not None and data.units.passages == len(data.chunks)
    counts = [len(framed_units(c)) for c in data.chunks]
    assert [len(data.units.of(p)) for p in range(len(data.chunks))] == counts


def test_each_distinct_text_is_embedded_once():
    embedder = HashEmbedder()
    texts = ["Heat networks.", "Solar farms.", "Heat networks."]
    vectors = embed_distinct(embedder, texts)
    assert embedder.calls == [2]
    assert np.allclose(vectors, HashEmbedder().embed(texts))


def test_asking_words_do_not_outweigh_the_subject_of_a_question():
    # "when" is rarer in council papers than the words of the question's subject, so BM25
    # ranked the passage that merely says "when" above the one that answers
    texts = [
        "When the draft local plan consultation was discussed, no views were given.",
        "The draft local plan consultation opens in May 2027 at the offices and online.",
        "The hall is open on Saturdays, with tea, coffee, cake and games for children, "
        "a book stall, a raffle, a plant sale and a quiz for the whole parish.",
        *(f"The draft local plan consultation covers policy {n}." for n in range(20)),
    ]
    lexical = LexicalIndex.build(texts)
    best, _ = lexical.scored("When does the draft local plan consultation open?", 1)[0]
    assert best == 1


def test_a_british_spelling_finds_the_american_one():
    texts = [
        "Strategy 2C: Develop a Green Bike Program across the urbanized core.",
        "Strategy 2D: Plant street trees in every neighborhood center.",
        "The bike shed at the depot was repainted green last spring.",
    ]
    lexical = LexicalIndex.build(texts)
    assert lexical.scored("Who runs the green bike programme?", 1)[0][0] == 0
    assert lexical.scored("trees in neighbourhood centres", 1)[0][0] == 1


def test_a_passage_is_as_near_as_its_nearest_sentence(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    topics = [
        "The footpath by the mill has been cleared of fallen branches.",
        "Feedback from the code of conduct training would be shared next month.",
        "The grass cutting contract was extended for another season.",
        "Councillor Davies had kindly offered to install the new defibrillator unit.",
        "Quotes for the bus shelter repairs were still awaited from two firms.",
        "The clerk would write to the highways authority about the potholes.",
    ]
    (docs / "matters-arising.txt").write_text("Matters arising\n\n" + " ".join(topics))
    (docs / "check.txt").write_text("Defibrillator\n\nThe new defibrillator unit was checked.")
    index_dir = tmp_path / "index"
    embedder = HashEmbedder(dimension=1024)  # few enough collisions to rank by shared words
    run([docs], index_dir, embedder)
    searcher = HybridSearcher.open(index_dir, embedder)
    question = "Who offered to install the new defibrillator unit?"
    (best, _), *_ = searcher.dense_scored(question, 5)
    assert "offered to install" in searcher.chunks[best].text
    # the passages' own vectors alone rank the short passage nearer
    (own, _), *_ = searcher._nearest_passages(searcher.question_vectors([question]), 5, None)
    assert "was checked" in searcher.chunks[own].text


def test_each_passage_is_as_near_as_its_nearest_unit():
    rows = np.array([[1, 0], [0.6, 0.8], [0, 1]], dtype="float16")
    units = UnitVectors(rows, np.array([0, 2, 2, 3]))  # the second passage has no units
    question = np.array([0.0, 1.0], dtype="float32")
    nearest = units.nearest_passages(question, 3)
    assert list(nearest) == [2, 0] and nearest[0] == pytest.approx(0.8, abs=1e-3)
    assert list(units.nearest_passages(question, 1)) == [2]
    assert list(units.nearest_passages(question, 3, np.array([True, True, False]))) == [0]
