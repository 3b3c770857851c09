"""What an extractive answer can quote from a passage: its sentences, or a table row whole.

Pure text logic, shared by ingest, which embeds every unit once and stores the vectors with
the index, and by the answer, which scores the units of the passages it retrieved against the
question without running the model on them.
"""

from __future__ import annotations

import re

from ingest.abbreviations import long_forms_for, noted_definitions
from ingest.loaders.furniture import is_contents_line, places
from ingest.model import Chunk
from ingest.tokens import LIST_MARKER, split_sentences

# Part of the chunker signature: units made by other rules need their vectors made again.
UNITS_VERSION = "13"

MIN_WORDS = 3
# "RESOLVED:", "Date of next meeting:": a label this short leads the sentence after it
MAX_LABEL_WORDS = 6
MAX_UNIT_WORDS = 90
MAX_ROW_WORDS = 200


def chunk_units(chunk: Chunk) -> list[str]:
    """The passage's sentences, in order. A table row (an action with its lead, dates, status
    and update) is one unit, so the fields that answer "who", "when" and "what is the latest"
    stay with it; so is a line that introduces a list ("Key considerations include:"). A cover
    or contents page has none: it names topics and answers nothing; nor has the sentence that
    opens a meeting's minutes (the meeting's name and date, which the citation gives)."""
    text = chunk.text
    if chunk.meta.get("front_matter"):
        return []
    if is_row(chunk):
        return ["; ".join(ln for ln in text.split("\n") if ln.strip())]
    units = []
    titles = {chunk.title.strip(), chunk.section.strip()}
    run_in = run_in_heading(chunk.section)
    for line, is_list in _short_items_joined(text.split("\n")):
        heading = is_heading(line) and not is_list
        if heading or line.strip() in titles or is_contents_line(line):
            continue
        for sentence in [line] if is_list else line_units(after_heading(line, run_in)):
            words = sentence.split()
            if len(words) < MIN_WORDS and ":" not in sentence:
                continue
            if len(words) > MAX_UNIT_WORDS:
                sentence = " ".join(words[:MAX_UNIT_WORDS]) + " …"
            units.append(sentence)
    if chunk.meta.get("opening"):  # "Milburn Parish Council - 26th January 2021 … Present …"
        units = units[1:]
    return units


def _short_items_joined(lines: list[str]) -> list[tuple[str, bool]]:
    """The lines, each run of two or more list items too short to quote alone ("(i) Risk
    Assessment", "(ii) Disciplinary Policy") joined into one, which is quoted whole (True):
    the list is what answers "which policies …?", though each of its items, and the list
    itself, reads as a heading."""
    out: list[tuple[str, bool]] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if LIST_MARKER.match(line.strip()) and _too_short(line):
            run.append(line.strip())
            continue
        if len(run) >= 2:
            out.append((" ".join(run), True))
        else:
            out += [(item, False) for item in run]
        run = []
        out.append((line, False))
    return out[:-1]


def _too_short(line: str) -> bool:
    return is_heading(line) or len(line.split()) < MIN_WORDS


def run_in_heading(heading: str) -> str:
    """The section heading as a line may open with it where it ran into the first sentence
    ("RECOMMENDED TARGETS The Committee recommends …"), or "" when it does not read as one
    (fewer than two words, a comma, or unable to place a passage): a sentence's first line
    taken for a heading ("By 2024, the City will work with the City") is not cut."""
    heading = heading.strip()
    readable = len(heading.split()) >= 2 and "," not in heading and places(heading)
    return heading if readable else ""


def after_heading(line: str, heading: str) -> str:
    """The line without ``heading`` (``run_in_heading``'s) where it opens the line before a
    capital: the citation names the heading, and the quote should not say it again."""
    rest = line.strip()[len(heading) :]
    if heading and line.strip().startswith(heading) and rest[:1] == " " and rest[1:2].isupper():
        return rest.strip()
    return line


def framed(unit: str, chunk: Chunk, defined: dict[str, str]) -> str:
    """The unit as it is judged: with its section heading, which often says what it is
    about (not one that cannot place a passage: a credit, a web address), and the long form
    of each abbreviation it uses that its document defines ("RPZ: Restricted Parking Zone"):
    the model may know the long form only, and a question may say it. (The long form alone
    gains nothing from the short one, to the model.) ``defined``: the abbreviations the
    passage's context notes (``noted_definitions``), read once for all its units."""
    heading = chunk.section.strip()
    framing = heading and heading not in unit and places(heading)  # not "Source: …"
    text = f"{heading}: {unit}" if framing else unit
    notes = long_forms_for(unit, defined)
    return f"{text}\n{'; '.join(notes)}" if notes else text


def framed_units(chunk: Chunk) -> list[str]:
    defined = noted_definitions(chunk.context)
    return [framed(unit, chunk, defined) for unit in chunk_units(chunk)]


def line_units(line: str) -> list[str]:
    """A line's sentences; a short label ("RESOLVED:", "Date of next meeting:") leads the
    sentence after it, and a line that opens a list stays whole, so it ends with the colon
    that brings the list."""
    words = line.split()
    if line.rstrip().endswith(":") and 3 < len(words) <= MAX_UNIT_WORDS:
        return [line.strip()]
    units = []
    label = ""
    for sentence in split_sentences(line):
        if sentence.endswith(":") and len(sentence.split()) <= MAX_LABEL_WORDS:
            label = f"{label} {sentence}".strip()
            continue
        units.append(f"{label} {sentence}".strip())
        label = ""
    return units


_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,4}(\.\d+)*\.?|[A-Z]\.|§)\s+")


_AMOUNT = re.compile(r"[£$€]\s?\d")


def is_heading(line: str) -> bool:
    """A title line ("449. Healthy Weight Strategy.", "Background"): it names a topic and
    answers nothing, however well it matches the question's words. A line with a value
    ("Timescale End: Mar-27", "TOTAL = £550.00") is not one."""
    words = _NUMBERED_HEADING.sub("", line).split()
    if not words or len(words) > 8 or ": " in line or _AMOUNT.search(line):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised / len(words) >= 0.75


def is_row(chunk: Chunk) -> bool:
    """An action, a table's row, or a short passage of "column: value" lines: quoted as a
    row, by its fields."""
    words = len(chunk.text.split())
    if chunk.meta.get("action_id") or chunk.meta.get("row"):
        return words <= MAX_ROW_WORDS
    lines = [ln for ln in chunk.text.split("\n") if ln.strip()]
    row = len(lines) >= 2 and all(": " in ln for ln in lines[:2])
    return row and words <= MAX_UNIT_WORDS
