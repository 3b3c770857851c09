"""The `assistant` command: ingest documents, search them, serve the HTTP API."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from pathlib import Path

from assistant.glossary import Glossary, GlossaryError
from assistant.schemas import AskResponse, SearchResponse, SearchResult
from assistant.service import AssistantService
from assistant.settings import Settings, embedder_for
from index.build import FileResult, IngestReport, ingest
from index.fusion import Filters
from index.search import Hit
from index.store import IndexBusy, IndexUnavailable
from ingest.embed import ModelNotFound
from ingest.metadata import format_date, parse_date_bound
from ingest.model import DOC_TYPES

EXIT_FAILED_FILES = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Search council minutes, action plans and energy plans."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_index_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--index", type=Path, help="index folder (default: $ASSISTANT_INDEX_DIR or var/index)"
        )

    ingest_cmd = commands.add_parser("ingest", help="add files or folders to the index")
    ingest_cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_index_option(ingest_cmd)
    ingest_cmd.add_argument(
        "--rebuild", action="store_true", help="start a new index from exactly these paths"
    )

    search_cmd = commands.add_parser("search", help="find the passages that answer a question")
    search_cmd.add_argument("query")
    add_index_option(search_cmd)
    search_cmd.add_argument("--k", type=int, default=5, help="how many passages (default 5)")
    search_cmd.add_argument("--json", action="store_true", help="print JSON")
    search_cmd.add_argument("--doc-type", choices=DOC_TYPES)
    search_cmd.add_argument("--source", help="only this file name")
    search_cmd.add_argument("--body", help="only this body, e.g. Cabinet")
    search_cmd.add_argument("--date-from", help="YYYY, YYYY-MM or YYYY-MM-DD")
    search_cmd.add_argument("--date-to", help="YYYY, YYYY-MM or YYYY-MM-DD")

    ask_cmd = commands.add_parser("ask", help="answer a question from the documents, cited")
    ask_cmd.add_argument("question")
    add_index_option(ask_cmd)
    ask_cmd.add_argument("--json", action="store_true", help="print JSON")

    glossary_cmd = commands.add_parser("glossary", help="look up an energy or planning term")
    glossary_cmd.add_argument("term", nargs="?", help="a term or abbreviation; none lists all")

    serve_cmd = commands.add_parser("serve", help="run the HTTP API")
    add_index_option(serve_cmd)
    serve_cmd.add_argument("--host", help="default 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, help="default 8000")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {
        name: value
        for name, value in (
            ("index_dir", getattr(args, "index", None)),
            ("host", getattr(args, "host", None)),
            ("port", getattr(args, "port", None)),
        )
        if value is not None
    }
    settings = Settings(**overrides)
    handlers = {
        "ingest": run_ingest,
        "search": run_search,
        "ask": run_ask,
        "glossary": run_glossary,
        "serve": run_serve,
    }
    try:
        return handlers[args.command](args, settings)
    except (
        IndexUnavailable,
        IndexBusy,
        ModelNotFound,
        GlossaryError,
        FileNotFoundError,
        ValueError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    embedder = embedder_for(settings)
    print(f"Indexing into {settings.index_dir}", file=sys.stderr)
    started = time.perf_counter()
    report = ingest(
        args.paths,
        settings.index_dir,
        embedder,
        settings.chunking(),
        settings.max_file_bytes,
        rebuild=args.rebuild,
        on_file=lambda result: print(describe_file(result), flush=True),
        progress=sys.stderr.isatty(),
    )
    print(summarise(report, time.perf_counter() - started))
    return EXIT_FAILED_FILES if report.count("failed") else 0


def describe_file(result: FileResult) -> str:
    name = Path(result.path).name
    if result.status == "failed":
        return f"  failed     {name}: {result.reason}"
    if result.status == "skipped":
        return f"  skipped    {name}: {result.reason}"
    if result.status == "removed":
        return f"  removed    {name} (no longer in the folder)"
    return f"  {result.status:<10} {name}: {result.doc_type}, {result.chunks} passages"


def summarise(report: IngestReport, seconds: float) -> str:
    counts = ", ".join(
        f"{report.count(s)} {s}"
        for s in ("added", "updated", "unchanged", "removed", "skipped", "failed")
    )
    return (
        f"Done in {seconds:.1f}s: {counts}. "
        f"The index holds {report.documents} documents, {report.chunks} passages."
    )


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.k <= settings.max_k:
        raise ValueError(f"--k must be between 1 and {settings.max_k}")
    query = " ".join(args.query.split())
    if not query:
        raise ValueError("the question is empty")
    filters = Filters(
        doc_type=args.doc_type,
        source=args.source,
        body=args.body,
        date_from=_date_option(args.date_from, "--date-from"),
        date_to=_date_option(args.date_to, "--date-to"),
    )
    service = AssistantService.from_settings(settings, embedder_for(settings))
    hits = service.search(query, args.k, filters)
    if args.json:
        response = SearchResponse(query=query, results=[SearchResult.from_hit(h) for h in hits])
        print(json.dumps(response.model_dump(), indent=2, ensure_ascii=False))
    elif not hits:
        print("No passages found.")
    else:
        for rank, hit in enumerate(hits, start=1):
            print(format_hit(rank, hit))
    return 0


def _date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    parsed = parse_date_bound(value)
    if parsed is None:
        raise ValueError(f"{name} '{value}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed


def _pages(chunk) -> str:
    if not chunk.page_start:
        return ""
    if chunk.page_end and chunk.page_end != chunk.page_start:
        return f", pp. {chunk.page_start}-{chunk.page_end}"
    return f", p. {chunk.page_start}"


def format_hit(rank: int, hit: Hit) -> str:
    chunk = hit.chunk
    when = f", {format_date(chunk.date)}" if chunk.date else ""
    header = f"{rank}. {chunk.locator} ({chunk.source}{_pages(chunk)}{when})"
    body = textwrap.shorten(chunk.text, width=400, placeholder=" …")
    return f"{header}\n{textwrap.indent(textwrap.fill(body, 96), '   ')}\n"


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    question = " ".join(args.question.split())
    if not question:
        raise ValueError("the question is empty")
    service = AssistantService.from_settings(settings, embedder_for(settings))
    result, conversation_id = service.ask(question)
    if args.json:
        response = AskResponse.from_answer(result, conversation_id)
        print(json.dumps(response.model_dump(), indent=2, ensure_ascii=False))
        return 0
    print(result.text)
    for citation in result.citations:
        print(
            f"\n[{citation.n}] {citation.chunk.source}{_pages(citation.chunk)}, "
            f"{citation.chunk.locator}"
        )
        print(textwrap.indent(textwrap.fill(f"“{citation.quote}”", 96), "    "))
    if result.abstained and result.nearest:
        print("\nYou may want to look at:")
        for rank, hit in enumerate(result.nearest, start=1):
            print(format_hit(rank, hit))
    for entry in result.glossary:
        print(f"\nGlossary — {entry.term}: {entry.meaning}")
    return 0


def run_glossary(args: argparse.Namespace, settings: Settings) -> int:
    glossary = Glossary.load(settings.glossary_path)
    if not args.term:
        for entry in glossary.entries:
            aliases = f" ({', '.join(entry.aliases)})" if entry.aliases else ""
            print(f"{entry.term}{aliases}")
        return 0
    entry = glossary.lookup(args.term)
    matches = [entry] if entry else glossary.search(args.term)
    if not matches:
        raise ValueError(f"'{args.term}' is not in the glossary; `assistant glossary` lists all")
    for found in matches:
        print(f"{found.term} [{found.side}]")
        if found.aliases:
            print(f"  also: {', '.join(found.aliases)}")
        print(textwrap.indent(textwrap.fill(found.meaning, 92), "  "))
        print(textwrap.indent(textwrap.fill(f"Why it matters: {found.matters}", 92), "  "))
        if found.related:
            print(f"  related: {', '.join(found.related)}")
    return 0


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from assistant.api import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
