"""The index as a LangChain retriever: cited passages as ``Document``s for a LangChain chain.

    from assistant.langchain_retriever import CouncilDocumentsRetriever
    retriever = CouncilDocumentsRetriever.from_settings(Settings(index_dir=Path("var/index")))
    retriever.invoke("what did Cabinet resolve about speed cameras?")

Each document's metadata carries what a citation needs (source, page, locator, date, url,
score). Filters narrow the search as `/search`'s parameters do, and ``api_key`` sees exactly
what that key sees over HTTP. Needs ``langchain-core`` (`pip install .[langchain]`).
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.access import resolve_access
from assistant.answer import passage_url
from assistant.service import AssistantService
from assistant.settings import Settings, embedder_for
from index.fusion import Filters
from index.search import Hit


class CouncilDocumentsRetriever(BaseRetriever):
    """Hybrid search over the assistant's index, as a LangChain retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    service: AssistantService
    settings: Settings
    api_key: str | None = Field(None, description="the caller's key: its collections apply")
    k: int = Field(5, ge=1, le=50)
    doc_type: str | None = None
    source: str | None = None
    body: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **options) -> CouncilDocumentsRetriever:
        """A retriever over ``settings.index_dir``; the model loads on the first search."""
        service = AssistantService.from_settings(settings, embedder_for(settings))
        return cls(service=service, settings=settings, **options)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        caller = resolve_access(self.api_key, self.settings.api_keys, self.settings.allow_anonymous)
        documents = self.service.live.searcher().manifest.documents
        filters = Filters(
            doc_type=self.doc_type,
            source=self.source,
            body=self.body,
            date_from=self.date_from,
            date_to=self.date_to,
            documents=caller.documents(documents, self.settings.collections),
        )
        return [as_document(hit) for hit in self.service.search(query, self.k, filters)]


def as_document(hit: Hit) -> Document:
    chunk = hit.chunk
    metadata = {
        "source": chunk.source,
        "title": chunk.title,
        "doc_type": chunk.doc_type,
        "page": chunk.page_start,
        "page_end": chunk.page_end,
        "locator": chunk.locator,
        "body": chunk.body,
        "date": chunk.date,
        "url": passage_url(chunk),
        "score": round(hit.score, 4),
        "doc_id": chunk.doc_id,
        "chunk_id": chunk.chunk_id,
    }
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.chunk_id)
