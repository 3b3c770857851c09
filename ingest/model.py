"""Core types passed between the ingest, index and assistant stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DOC_TYPES = ("minutes", "agenda/report pack", "action plan", "report", "other")


@dataclass(frozen=True)
class Block:
    """One unit of a document as its loader found it, in reading order.

    ``kind`` is "page" (a PDF page's text), "heading", "paragraph" or "row" (a table row,
    whose column/value pairs are in ``fields``). ``where`` names the sheet or table.
    """

    kind: str
    text: str
    page: int | None = None
    level: int = 0
    fields: tuple[tuple[str, str], ...] = ()
    where: str = ""
    row: int | None = None
    section: str = ""
    ocr_confidence: float | None = None  # read from a scan by OCR: its mean word confidence


@dataclass
class LoadedDocument:
    """What a loader returns: the file's blocks plus what the file itself says about it."""

    source: str
    path: str
    format: str
    blocks: list[Block]
    sha256: str
    declared_title: str = ""
    ocr_note: str = ""  # what OCR read and could not read, for the ingest summary


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata inferred for a document: shown in citations and used by filters."""

    doc_id: str
    source: str
    path: str
    sha256: str
    title: str
    doc_type: str
    date: str | None = None
    body: str | None = None
    pages: int | None = None
    collection: str = "public"  # who may see it: see assistant.access


@dataclass
class Chunk:
    """A retrievable passage with everything a citation needs.

    ``text`` is the document's own wording (table rows as "column: value" lines); ``context``
    is a short header (document title, section, locator) that is searched with the text but
    never quoted as if the document said it.
    """

    chunk_id: str
    doc_id: str
    source: str
    title: str
    doc_type: str
    text: str
    locator: str
    context: str = ""
    page_start: int | None = None
    page_end: int | None = None
    section: str = ""
    date: str | None = None
    body: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> int | None:
        return self.page_start

    def search_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**data)
