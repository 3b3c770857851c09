"""Request and response shapes of the HTTP API (separate from the internal types)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.answer import Answer, Citation, passage_url
from assistant.glossary import GlossaryEntry
from assistant.records import ActionResult
from assistant.requests import DATE_FORMS, DATE_PATTERN, MAX_QUERY_CHARS, NOT_BLANK
from index.search import Hit
from ingest.model import DOC_TYPES, Chunk
from ingest.records import DecisionRecord
from ingest.records.decisions import ResolutionItem


def _citable(chunk: Chunk) -> dict:
    """What every response says about where a passage comes from."""
    return {
        "source": chunk.source,
        "title": chunk.title,
        "page": chunk.page_start,
        "page_end": chunk.page_end,
        "locator": chunk.locator,
        "doc_type": chunk.doc_type,
        "date": chunk.date,
        "scanned": bool(chunk.meta.get("scanned")),
    }


class SearchResult(BaseModel):
    text: str
    source: str
    title: str
    page: int | None
    page_end: int | None
    scanned: bool = Field(False, description="the page was a scan, read by OCR")
    locator: str
    doc_type: str
    date: str | None
    body: str | None
    section: str
    chunk_id: str
    score: float
    url: str = Field(description="Opens the original file, at the page where the browser can")

    @classmethod
    def from_hit(cls, hit: Hit) -> SearchResult:
        chunk = hit.chunk
        return cls(
            **_citable(chunk),
            text=chunk.text,
            body=chunk.body,
            section=chunk.section,
            chunk_id=chunk.chunk_id,
            score=round(hit.score, 6),
            url=passage_url(chunk),
        )


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]


class Health(BaseModel):
    status: str
    index_loaded: bool
    documents: int
    chunks: int
    model: str
    built: str | None = None
    detail: str | None = None


class ErrorResponse(BaseModel):
    detail: str


DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]


class SearchFilters(BaseModel):
    doc_type: DocType | None = None
    source: str | None = Field(None, description="File name")
    body: str | None = Field(None, description="e.g. Cabinet")
    date_from: str | None = Field(None, description=DATE_FORMS, pattern=DATE_PATTERN)
    date_to: str | None = Field(None, description=DATE_FORMS, pattern=DATE_PATTERN)


class AskRequest(BaseModel):
    question: str = Field(
        description="The question, in plain language",
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        pattern=NOT_BLANK,
    )
    conversation_id: str | None = Field(
        None, description="From a previous answer, so that a follow-up question is understood"
    )
    filters: SearchFilters | None = None


class CitationOut(BaseModel):
    n: int = Field(description="The [n] marker in the answer text")
    source: str
    title: str
    page: int | None
    page_end: int | None
    scanned: bool = Field(False, description="the page was a scan, read by OCR")
    locator: str = Field(description='e.g. "Minute 448", "Action T7 (2050 plan, Transport)"')
    doc_type: str
    date: str | None
    quote: str = Field(description="The document's exact words the answer rests on")
    url: str = Field(description="Opens the original file, at the page where the browser can")

    @classmethod
    def from_citation(cls, citation: Citation) -> CitationOut:
        return cls(
            **_citable(citation.chunk),
            n=citation.n,
            quote=citation.quote,
            url=citation.url,
        )


class GlossaryNote(BaseModel):
    term: str
    aliases: list[str]
    side: str = Field(description="energy or planning: whose vocabulary the term is")
    meaning: str
    matters: str = Field(description="What it means for the other side")
    related: list[str]

    @classmethod
    def from_entry(cls, entry: GlossaryEntry) -> GlossaryNote:
        return cls(**entry.model_dump())


class AskResponse(BaseModel):
    answer: str = Field(description="Quoted sentences, each part followed by its [n]")
    citations: list[CitationOut]
    glossary: list[GlossaryNote]
    abstained: bool = Field(description="True when the documents do not answer the question")
    nearest: list[SearchResult] = Field(
        description="When abstaining: passages you may want to look at"
    )
    mode: str = Field(
        description="extractive: sentences quoted from the documents; generative: written by "
        "the configured language model and checked against the passages it cites"
    )
    note: str = Field("", description="Why the answer fell back to extractive, if it did")
    conversation_id: str

    @classmethod
    def from_answer(cls, result: Answer, conversation_id: str) -> AskResponse:
        return cls(
            answer=result.text,
            citations=[CitationOut.from_citation(c) for c in result.citations],
            glossary=[GlossaryNote.from_entry(e) for e in result.glossary],
            abstained=result.abstained,
            nearest=[SearchResult.from_hit(h) for h in result.nearest],
            mode=result.mode,
            note=result.note,
            conversation_id=conversation_id,
        )


class DocumentOut(BaseModel):
    id: str
    source: str
    title: str
    doc_type: str
    date: str | None
    body: str | None
    pages: int | None
    chunks: int
    url: str


class ChatMessage(BaseModel):
    role: str
    content: str | list[dict] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return " ".join(str(p.get("text", "")) for p in self.content if isinstance(p, dict))
        return self.content or ""


MODEL_ID = "council-documents-assistant"


class ModelOut(BaseModel):
    """The assistant as an OpenAI-compatible model (what `client.models.list()` shows)."""

    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int = Field(description="when the index was built, in Unix seconds (0: unknown)")
    owned_by: str = "council"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


class ChatRequest(BaseModel):
    """The OpenAI chat completions request; fields the assistant does not use are accepted."""

    model: str = MODEL_ID
    messages: list[ChatMessage]
    stream: bool = Field(False, strict=True)


class ResolutionOut(BaseModel):
    label: str
    text: str
    noted: bool = Field(description="noted rather than decided")
    citation: str = Field(description='e.g. "Cabinet, 20 October 2020, Minute 448(b)"')
    sub_items: list[ResolutionOut] = []


class DecisionOut(BaseModel):
    citation: str
    body: str
    meeting_date: str | None
    place: str = Field(
        "", description='where the meeting was held, as its minutes say: "the Village Hall"'
    )
    minute_number: int
    reference: str = Field(description='the item\'s reference as written: "448", "21.01.05"')
    title: str
    outcome: str = Field(
        description="decided, refused, deferred or noted; empty when nothing was decided"
    )
    votes: dict[str, int] = Field(
        description="the recorded vote where the minutes give one: for, against, abstentions"
    )
    resolutions: list[ResolutionOut]
    reasons: str
    key_decision: bool
    report: str = Field(description='the report considered, e.g. "Agenda Item 8"')
    report_by: str
    source: str
    page_start: int | None
    page_end: int | None
    resolved_page: int | None
    status: str = Field(description="complete, partial or no resolution")
    problems: list[str]
    url: str

    @classmethod
    def from_record(cls, record: DecisionRecord, doc_url: str) -> DecisionOut:
        def item(i: ResolutionItem, parent: str = "") -> ResolutionOut:
            path = f"{parent})({i.label}" if parent else i.label  # "b)(i" -> Minute 448(b)(i)
            subs = [item(s, path) for s in i.sub_items]
            return ResolutionOut(
                label=i.label,
                text=i.text,
                noted=i.noted,
                citation=record.citation(path),
                sub_items=subs,
            )

        page = record.resolved_page or record.page_start
        return cls(
            citation=record.citation(),
            resolutions=[item(i) for i in record.resolutions],
            url=f"{doc_url}#page={page}" if page else doc_url,
            **{
                k: getattr(record, k)
                for k in cls.model_fields
                if hasattr(record, k) and k not in ("citation", "resolutions", "url")
            },
        )


class ActionVersionOut(BaseModel):
    plan: str
    plan_date: str | None
    action_id: str
    locator: str
    stage: str
    rag: str
    note: str


class ActionOut(BaseModel):
    action_id: str
    action_id_original: str
    plan: str
    plan_date: str | None
    section: str
    action: str
    lead: str
    role: str
    partners: str
    objective: str
    start: str
    end: str
    start_date: str | None
    end_date: str | None
    stage: str
    rag: str
    note: str
    locator: str
    source: str
    page: int | None
    sheet: str
    row: int | None
    status: str = Field(description="complete or partial")
    problems: list[str]
    history: list[ActionVersionOut] = Field(description="every linked version, newest first")
    url: str

    @classmethod
    def from_result(cls, result: ActionResult, doc_url: str) -> ActionOut:
        record = result.record
        history = [
            ActionVersionOut(**{k: getattr(v, k) for k in ActionVersionOut.model_fields})
            for v in result.history
        ]
        fields = {k: getattr(record, k) for k in cls.model_fields if hasattr(record, k)}
        fields.pop("history", None)
        url = f"{doc_url}#page={record.page}" if record.page else doc_url
        return cls(**fields, history=history, url=url)
