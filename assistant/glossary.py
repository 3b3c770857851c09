"""The shared glossary: energy terms for planners and planning terms for energy officers.

Loaded from a YAML file the council can edit, validated on load. Pure lookups: find the terms
a text uses, and the other words for them that documents may use instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator


class GlossaryError(Exception):
    """The glossary file is missing or malformed; the message says where."""


class GlossaryEntry(BaseModel):
    term: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    side: Literal["energy", "planning"]
    meaning: str = Field(min_length=10)
    matters: str = Field(min_length=10)
    related: list[str] = Field(default_factory=list)

    @field_validator("aliases", "related")
    @classmethod
    def _strip(cls, values: list[str]) -> list[str]:
        return [str(v).strip() for v in values if str(v).strip()]

    @property
    def names(self) -> list[str]:
        return [self.term, *self.aliases]


def _pattern(name: str) -> re.Pattern[str]:
    """Whole-word match; short all-capital abbreviations ("PD", "SN") only in capitals."""
    escaped = r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", name))
    flags = 0 if (name.isupper() and len(name) <= 4) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){escaped}(?![\w-])", flags)


class Glossary:
    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        self._by_name = {n.lower(): e for e in entries for n in e.names}

    @classmethod
    def load(cls, path: Path | None = None) -> Glossary:
        """The glossary at ``path``, or the one shipped with the assistant."""
        source = path or resources.files("assistant") / "data" / "glossary.yaml"
        try:
            raw = yaml.safe_load(source.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise GlossaryError(f"glossary file not found: {source}") from exc
        except yaml.YAMLError as exc:
            raise GlossaryError(f"glossary file {source} is not valid YAML: {exc}") from exc
        if not isinstance(raw, list):
            raise GlossaryError(f"glossary file {source} must be a list of entries")
        entries = []
        for number, item in enumerate(raw, start=1):
            try:
                entries.append(GlossaryEntry.model_validate(item))
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors()
                )
                raise GlossaryError(f"glossary entry {number} in {source}: {problems}") from exc
        cls._check_names(entries, source)
        return cls(entries)

    @staticmethod
    def _check_names(entries: list[GlossaryEntry], source) -> None:
        owner: dict[str, str] = {}
        for entry in entries:
            for name in entry.names:
                key = name.lower()
                if key in owner and owner[key] != entry.term:
                    raise GlossaryError(
                        f"glossary {source}: '{name}' is listed under both "
                        f"'{owner[key]}' and '{entry.term}'"
                    )
                owner[key] = entry.term
        for entry in entries:
            unknown = [r for r in entry.related if r.lower() not in owner]
            if unknown:
                raise GlossaryError(
                    f"glossary {source}: '{entry.term}' relates to {', '.join(unknown)}, "
                    "which no entry defines"
                )

    @cached_property
    def _patterns(self) -> list[tuple[GlossaryEntry, str, re.Pattern[str]]]:
        """Each name's pattern, with its first word (lower case), which a text must contain
        for the pattern to match: most texts are then passed over without a regex."""
        return [
            (e, re.split(r"[\s\-]+", n.strip())[0].lower(), _pattern(n))
            for e in self.entries
            for n in e.names
        ]

    def lookup(self, term: str) -> GlossaryEntry | None:
        return self._by_name.get(" ".join(term.split()).lower())

    def search(self, text: str) -> list[GlossaryEntry]:
        """Entries whose term or alias appears in ``text``, or whose meaning mentions it."""
        found = self.find_in(text)
        words = text.lower()
        found += [e for e in self.entries if e not in found and words in e.meaning.lower()]
        return found

    def find_in(self, text: str) -> list[GlossaryEntry]:
        """Entries named in ``text`` (by term or alias), in glossary order, each once."""
        found: list[GlossaryEntry] = []
        lowered = text.lower()
        for entry, first_word, pattern in self._patterns:
            if first_word in lowered and entry not in found and pattern.search(text):
                found.append(entry)
        return found

    def other_names(self, text: str) -> list[tuple[list[str], list[str]]]:
        """For each term ``text`` uses: the names it is called there, and its other names."""
        pairs = []
        for entry in self.find_in(text):
            used = [name for name in entry.names if _pattern(name).search(text)]
            pairs.append((used, [name for name in entry.names if name not in used]))
        return pairs

    def expansions(self, text: str) -> list[str]:
        """The other names of every term ``text`` uses, for finding passages that use them."""
        return _unique(name for _, others in self.other_names(text) for name in others)


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out
