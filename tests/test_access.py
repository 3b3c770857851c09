"""Access control over HTTP: a restricted "Part B" paper is out of reach, through every route,
for anyone whose key does not open its collection; staff papers need a key; public ones are
open to anonymous requests unless the deployment turns those off."""

from __future__ import annotations

import httpx
import pytest

from assistant.access import ApiKey, hash_key
from assistant.api import create_app
from assistant.settings import Settings
from index.build import ingest
from tests.documents import make_xlsx
from tests.fakes import HashEmbedder
from tests.server import running

SECRET = "Bishop's Meadow"  # only in the restricted paper
STAFF_ONLY = "Hollybush depot"  # only in the staff paper
KEYS = {"staff": "staff-key-123", "partb": "part-b-key-456", "admin": "admin-key-789"}


def minutes(number: int, title: str, resolution: str) -> str:
    return "\n\n".join(
        [
            "Minutes of a meeting of the Cabinet held at County Hall on Tuesday, 20 October 2020.",
            f"{number}. {title}.",
            "The Cabinet considered a report of the Director of Corporate Resources.",
            "RESOLVED:",
            f"a) {resolution};",
        ]
    )


def documents(tmp_path):
    public, staff, restricted = (tmp_path / n for n in ("public", "staff", "part-b"))
    for folder in (public, staff, restricted):
        folder.mkdir()
    (public / "minutes.txt").write_text(
        minutes(448, "Land disposals", "That the sale of surplus land at Station Yard be approved")
    )
    make_xlsx(
        staff / "plan.xlsx",
        {
            "Net Zero Plan": [
                ["Action ID", "Action", "LCC team leads", "Timescale End"],
                ["D1", "Refurbish the land at Hollybush depot", "Property Services", "Mar-26"],
            ]
        },
    )
    (restricted / "exempt.txt").write_text(
        minutes(
            449,
            "Exempt report: disposal of land",
            "That the land at Bishop's Meadow be sold to Acme Developments for £2.4m",
        )
    )
    return public, staff, restricted


@pytest.fixture
def settings(tmp_path):
    keys = [
        ApiKey(name="staff", sha256=hash_key(KEYS["staff"])),
        ApiKey(name="partb", sha256=hash_key(KEYS["partb"]), collections=["part-b"]),
        ApiKey(name="admin", sha256=hash_key(KEYS["admin"]), admin=True),
    ]
    settings = Settings(
        _env_file=None,
        index_dir=tmp_path / "index",
        answer_min_score=0.1,
        collections={"public": "public", "staff": "staff", "part-b": "restricted"},
        api_keys=keys,
    )
    public, staff, restricted = documents(tmp_path)
    embedder = HashEmbedder()
    for folder, collection in ((public, "public"), (staff, "staff"), (restricted, "part-b")):
        ingest([folder], settings.index_dir, embedder, settings.chunking(), 10**8,
               collection=collection)  # fmt: skip
    return settings


def every_route(client: httpx.Client, doc_ids: list[str]) -> str:
    """Everything the API gives back for questions about the land sale, as one text."""
    seen = []
    q = "which land was sold, to which developers, and which depot closes for refurbishment"
    seen.append(client.get("/search", params={"q": q, "k": 20}).text)
    seen.append(client.post("/ask", json={"question": q}).text)
    seen.append(client.post("/ask/stream", json={"question": q}).text)
    seen.append(
        client.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": q}]}
        ).text
    )
    seen.append(client.get("/decisions").text)
    seen.append(client.get("/decisions", params={"format": "csv"}).text)
    seen.append(client.get("/actions").text)
    seen.append(client.get("/documents").text)
    seen.append(client.get("/glossary", params={"q": q}).text)
    for doc_id in doc_ids:
        seen.append(client.get(f"/documents/{doc_id}/file").text)
    for question in (
        "What did Cabinet resolve on the land?",
        "Which actions does Property Services lead?",
    ):
        seen.append(client.post("/ask", json={"question": question}).text)
    seen.append(client.get("/decisions", params={"q": "land"}).text)
    return "\n".join(seen)


def doc_ids(settings) -> dict[str, str]:
    from index.store import live_version, read_manifest

    manifest = read_manifest(live_version(settings.index_dir))
    return {info["collection"]: doc_id for doc_id, info in manifest.documents.items()}


def client(url: str, key: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=url, headers=headers, timeout=30)


def test_anonymous_requests_see_public_papers_only(settings):
    ids = doc_ids(settings)
    with running(create_app(settings, HashEmbedder())) as url, client(url) as anonymous:
        seen = every_route(anonymous, list(ids.values()))
        assert "Station Yard" in seen  # the public paper is there
        assert SECRET not in seen and "Acme" not in seen and "2.4m" not in seen
        assert STAFF_ONLY not in seen
        assert anonymous.get(f"/documents/{ids['part-b']}/file").status_code == 404
        assert anonymous.get(f"/documents/{ids['public']}/file").status_code == 200
        assert anonymous.get("/health").json()["documents"] == 1
        assert [d["minute_number"] for d in anonymous.get("/decisions").json()] == [448]


def test_a_staff_key_opens_staff_papers_but_not_restricted_ones(settings):
    ids = doc_ids(settings)
    with running(create_app(settings, HashEmbedder())) as url, client(url, KEYS["staff"]) as c:
        seen = every_route(c, list(ids.values()))
        assert STAFF_ONLY in seen and "Station Yard" in seen
        assert c.get("/actions", params={"q": "depot"}).json()[0]["action_id"] == "D1"
        assert SECRET not in seen and "Acme" not in seen
        assert c.get(f"/documents/{ids['part-b']}/file").status_code == 404


@pytest.mark.parametrize("who", ["partb", "admin"])
def test_keys_that_name_the_collection_reach_the_restricted_paper(settings, who):
    ids = doc_ids(settings)
    with running(create_app(settings, HashEmbedder())) as url, client(url, KEYS[who]) as c:
        seen = every_route(c, list(ids.values()))
        assert SECRET in seen and "Acme Developments" in seen
        decisions = c.get("/decisions", params={"q": "Acme"}).json()
        assert decisions and decisions[0]["minute_number"] == 449
        assert c.get(f"/documents/{ids['part-b']}/file").status_code == 200


def test_a_wrong_key_is_refused_and_anonymous_access_can_be_turned_off(settings):
    with running(create_app(settings, HashEmbedder())) as url:
        wrong = httpx.get(f"{url}/search", params={"q": "land"}, headers={"X-API-Key": "guess"})
        assert wrong.status_code == 401 and "not valid" in wrong.json()["detail"]
    closed = settings.model_copy(update={"allow_anonymous": False})
    with running(create_app(closed, HashEmbedder())) as url:
        for method, path in (("GET", "/search?q=land"), ("POST", "/ask"), ("GET", "/documents")):
            response = httpx.request(method, f"{url}{path}", json={"question": "land"})
            assert response.status_code == 401, path
        keyed = httpx.get(
            f"{url}/search", params={"q": "land"}, headers={"X-API-Key": KEYS["staff"]}
        )
        assert keyed.status_code == 200


def test_a_conversation_is_not_continued_by_someone_else(settings):
    with running(create_app(settings, HashEmbedder())) as url:
        with client(url, KEYS["partb"]) as insider:
            first = insider.post("/ask", json={"question": "What land was sold, for how much?"})
            assert "Acme" in first.text
        conversation = first.json()["conversation_id"]
        with client(url) as outsider:
            follow_up = outsider.post(
                "/ask", json={"question": "and who bought it?", "conversation_id": conversation}
            ).json()
    assert follow_up["conversation_id"] != conversation
    assert "Acme" not in str(follow_up)


def test_keys_are_stored_only_as_hashes():
    key = ApiKey(name="x", sha256=hash_key("k"))
    assert "k" not in key.model_dump().values() and len(key.sha256) == 64
    with pytest.raises(ValueError):
        ApiKey(name="x", sha256="plain-text-key")


def test_langchain_retriever_in_a_chain_sees_what_its_key_sees(settings):
    from langchain_core.runnables import RunnableLambda, RunnablePassthrough

    from assistant.langchain_retriever import CouncilDocumentsRetriever
    from assistant.service import AssistantService

    service = AssistantService.from_settings(settings, HashEmbedder())

    def retriever(key=None, **filters):
        return CouncilDocumentsRetriever(service=service, settings=settings, api_key=key, **filters)

    def cited(documents):
        return "\n".join(
            f"[{d.metadata['source']}, {d.metadata['locator']}] {d.page_content}" for d in documents
        )

    def chain(key=None):
        context = retriever(key, k=10) | RunnableLambda(cited)
        prompt = RunnableLambda(lambda x: f"Question: {x['question']}\n{x['context']}")
        return {"context": context, "question": RunnablePassthrough()} | prompt

    question = "Which land is to be sold?"
    anonymous = chain().invoke(question)
    assert "Station Yard" in anonymous and "[minutes.txt, Minute 448" in anonymous
    assert SECRET not in anonymous and STAFF_ONLY not in anonymous
    assert SECRET not in chain(KEYS["staff"]).invoke(question)
    assert SECRET in chain(KEYS["partb"]).invoke(question)

    everything = retriever(KEYS["staff"]).invoke("land at the depot")
    assert {d.metadata["doc_type"] for d in everything} == {"minutes", "report"}
    (document,) = retriever(KEYS["staff"], doc_type="report").invoke("land at the depot")
    assert STAFF_ONLY in document.page_content
    metadata = document.metadata
    assert metadata["source"] == "plan.xlsx" and metadata["locator"]
    assert metadata["url"] == f"/documents/{metadata['doc_id']}/file"
    assert metadata["score"] > 0 and metadata["doc_type"] == "report"
