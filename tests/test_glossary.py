"""The shared glossary: the shipped file, validation, and lookups both ways."""

from __future__ import annotations

import pytest

from assistant.glossary import Glossary, GlossaryEntry, GlossaryError


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def test_shipped_glossary_is_valid_and_covers_both_sides(glossary):
    assert len(glossary.entries) >= 40
    sides = {e.side for e in glossary.entries}
    assert sides == {"energy", "planning"}
    names = {e.term.lower() for e in glossary.entries}
    for term in ("low-regret options", "heat network", "section 106", "biodiversity net gain"):
        assert term in names
    related = {r.lower() for e in glossary.entries for r in e.related}
    assert related <= names | {a.lower() for e in glossary.entries for a in e.aliases}


def test_lookup_by_term_or_alias_in_any_case(glossary):
    assert glossary.lookup("dno").term == "distribution network operator"
    assert glossary.lookup("S106").term == "Section 106"
    assert glossary.lookup("  heat   network ").term == "heat network"
    assert glossary.lookup("swimming pool") is None


def test_terms_are_found_as_whole_words_only(glossary):
    found = {e.term for e in glossary.find_in("Which DNO covers the update to Section 106?")}
    assert found == {"distribution network operator", "Section 106"}
    assert glossary.find_in("an updated spending plan") == []  # "PD" and "SPD" need capitals


def test_expansions_work_in_both_directions(glossary):
    assert "developer contributions" in glossary.expansions("Will S106 fund new schools?")
    assert "S106" in glossary.expansions("Can developer contributions fund new schools?")
    assert "charge points" in glossary.expansions("Where are the EV chargepoints?")
    assert "National Grid Electricity Distribution" in glossary.expansions("Which DNO?")


def write(tmp_path, text: str):
    path = tmp_path / "glossary.yaml"
    path.write_text(text)
    return path


ENTRY = """
- term: heat network
  side: energy
  meaning: Pipes carrying heat from a central source to many buildings.
  matters: Needs dense development and route corridors.
"""


def test_a_council_glossary_file_loads(tmp_path):
    glossary = Glossary.load(write(tmp_path, ENTRY))
    assert [e.term for e in glossary.entries] == ["heat network"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- term: [unclosed", "not valid YAML"),
        ("term: heat network", "must be a list"),
        (ENTRY.replace("  side: energy\n", ""), "entry 1 .*side"),
        (ENTRY.replace("side: energy", "side: transport"), "entry 1 .*side"),
        (
            ENTRY
            + ENTRY.replace(
                "term: heat network", "term: district heating\n  aliases: [heat network]"
            ),
            "both",
        ),
    ],
)
def test_a_malformed_glossary_is_refused_with_where_and_why(tmp_path, text, message):
    with pytest.raises(GlossaryError, match=message):
        Glossary.load(write(tmp_path, text))


def test_missing_glossary_file(tmp_path):
    with pytest.raises(GlossaryError, match="not found"):
        Glossary.load(tmp_path / "absent.yaml")


def test_entry_names_include_aliases():
    entry = GlossaryEntry(
        term="Section 106",
        aliases=["S106", " "],
        side="planning",
        meaning="A legal agreement attached to a permission.",
        matters="Secures contributions.",
    )
    assert entry.names == ["Section 106", "S106"]
