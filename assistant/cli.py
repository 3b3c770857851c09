"""The `assistant` command: ingest documents, search them, serve the HTTP API."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import textwrap
import time
from pathlib import Path

from assistant.access import AccessDenied, ApiKey, new_key, resolve_access
from assistant.export import (
    ACTION_COLUMNS,
    DECISION_COLUMNS,
    action_rows,
    decision_rows,
    to_csv,
    to_xlsx,
)
from assistant.glossary import Glossary, GlossaryError
from assistant.records import ActionQuery, DecisionQuery, RecordBook
from assistant.schemas import ActionOut, AskResponse, DecisionOut, SearchResponse, SearchResult
from assistant.service import AssistantService
from assistant.settings import Settings, embedder_for
from index.build import FileResult, IngestReport, ingest
from index.fusion import Filters
from index.search import Hit
from index.store import IndexBusy, IndexUnavailable, live_version, read_records
from ingest.embed import ModelNotFound
from ingest.loaders import display_name
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

    def add_output_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--json", action="store_true", help="print JSON")
        command.add_argument("--out", type=Path, help="write a .csv or .xlsx file")

    ingest_cmd = commands.add_parser("ingest", help="add files or folders to the index")
    ingest_cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_index_option(ingest_cmd)
    ingest_cmd.add_argument(
        "--rebuild", action="store_true", help="start a new index from exactly these paths"
    )
    ingest_cmd.add_argument(
        "--collection",
        default="public",
        help="the collection these files belong to, for access control (default: public)",
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

    decisions_cmd = commands.add_parser("decisions", help="find decisions recorded in minutes")
    decisions_cmd.add_argument("query", nargs="?", default="", help="words the decision contains")
    add_index_option(decisions_cmd)
    decisions_cmd.add_argument("--body", help="e.g. Cabinet")
    decisions_cmd.add_argument("--from", dest="date_from", help="YYYY, YYYY-MM or YYYY-MM-DD")
    decisions_cmd.add_argument("--to", dest="date_to", help="YYYY, YYYY-MM or YYYY-MM-DD")
    decisions_cmd.add_argument(
        "--key-decision", action="store_true", help="only those marked a key decision"
    )
    add_output_options(decisions_cmd)

    actions_cmd = commands.add_parser("actions", help="find actions in action plans")
    actions_cmd.add_argument("query", nargs="?", default="", help="words the action contains")
    add_index_option(actions_cmd)
    actions_cmd.add_argument("--lead", help="lead team, or part of its name")
    actions_cmd.add_argument("--status", help="stage or RAG, e.g. Delivery")
    actions_cmd.add_argument("--ends-before", help="ends by: YYYY, YYYY-MM or YYYY-MM-DD")
    actions_cmd.add_argument("--plan", help="plan title, or part of it")
    add_output_options(actions_cmd)

    glossary_cmd = commands.add_parser("glossary", help="look up an energy or planning term")
    glossary_cmd.add_argument("term", nargs="?", help="a term or abbreviation; none lists all")

    eval_cmd = commands.add_parser(
        "eval", help="score question files, beside the LangChain tutorial pipeline and BM25"
    )
    eval_cmd.add_argument("questions", type=Path, nargs="+", metavar="QUESTIONS.jsonl")
    add_index_option(eval_cmd)
    eval_cmd.add_argument("--k", type=int, default=10, help="passages retrieved (default 10)")
    eval_cmd.add_argument(
        "--out", type=Path, default=Path("artifacts/eval"), help="report folder (artifacts/eval)"
    )
    eval_cmd.add_argument("--no-peers", action="store_true", help="measure ours only")

    serve_cmd = commands.add_parser("serve", help="run the HTTP API")
    add_index_option(serve_cmd)
    serve_cmd.add_argument("--host", help="default 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, help="default 8000")

    mcp_cmd = commands.add_parser(
        "mcp", help="serve the tools to an MCP client over stdio (Claude Desktop, Copilot …)"
    )
    add_index_option(mcp_cmd)
    mcp_cmd.add_argument(
        "--key",
        default=os.environ.get("ASSISTANT_MCP_KEY"),
        help="the API key this connection uses (default: $ASSISTANT_MCP_KEY; none: anonymous)",
    )

    key_cmd = commands.add_parser("key", help="make an API key and the settings entry for it")
    key_cmd.add_argument("name", help="who or what the key is for, e.g. planning-team")
    key_cmd.add_argument("--collections", nargs="*", default=[], help="restricted ones it opens")
    key_cmd.add_argument("--admin", action="store_true", help="sees everything, admin actions")
    return parser


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `assistant actions | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
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
        "decisions": run_decisions,
        "actions": run_actions,
        "eval": run_eval,
        "serve": run_serve,
        "mcp": run_mcp,
        "key": run_key,
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
        AccessDenied,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def quiet_pdf_warnings() -> None:
    """pypdf warns about every font it cannot fully parse ("fontTools is required …"), which
    buries the one line per file; its errors still show."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    quiet_pdf_warnings()
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
        collection=args.collection,
        ocr=settings.ocr(),
    )
    print(summarise(report, time.perf_counter() - started))
    return EXIT_FAILED_FILES if report.count("failed") else 0


def describe_file(result: FileResult) -> str:
    name = display_name(Path(result.path).name)
    if result.status == "failed":
        return f"  failed     {name}: {result.reason}"
    if result.status == "skipped":
        return f"  skipped    {name}: {result.reason}"
    if result.status == "removed":
        return f"  removed    {name} (no longer in the folder)"
    notes = "".join(f", {note}" for note in (result.records, result.ocr) if note)
    return f"  {result.status:<10} {name}: {result.doc_type}, {result.chunks} passages{notes}"


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
    scanned = ", scanned" if chunk.meta.get("scanned") else ""
    if chunk.page_end and chunk.page_end != chunk.page_start:
        return f", pp. {chunk.page_start}-{chunk.page_end}{scanned}"
    return f", p. {chunk.page_start}{scanned}"


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


def _record_book(settings: Settings) -> RecordBook:
    return RecordBook.from_dicts(read_records(live_version(settings.index_dir)))


def run_decisions(args: argparse.Namespace, settings: Settings) -> int:
    query = DecisionQuery(
        q=" ".join(args.query.split()),
        body=args.body or "",
        date_from=_date_option(args.date_from, "--from"),
        date_to=_date_option(args.date_to, "--to"),
        key_decision=True if args.key_decision else None,
    )
    found = _record_book(settings).find_decisions(query)
    if args.out:
        return _write_table(args.out, decision_rows(found), DECISION_COLUMNS, "decisions")
    if args.json:
        out = [DecisionOut.from_record(r, f"/documents/{r.doc_id}/file") for r in found]
        print(json.dumps([d.model_dump() for d in out], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No decisions found.")
    for record in found:
        key = " (key decision)" if record.key_decision else ""
        print(
            f"{record.citation()}: {record.title}{key}  [{record.source}, p. {record.page_start}]"
        )
        for item in record.resolutions:
            label = f"({item.label}) " if item.label else ""
            print(textwrap.indent(textwrap.fill(f"{label}{item.text}", 92), "    "))
            for sub in item.sub_items:
                print(textwrap.indent(textwrap.fill(f"{sub.label}. {sub.text}", 88), "        "))
        if record.status != "complete":
            print(
                f"    [{record.status}{': ' if record.problems else ''}"
                f"{'; '.join(record.problems)}]"
            )
        print()
    return 0


def run_actions(args: argparse.Namespace, settings: Settings) -> int:
    query = ActionQuery(
        q=" ".join(args.query.split()),
        lead=args.lead or "",
        status=args.status or "",
        ends_before=_date_option(args.ends_before, "--ends-before"),
        plan=args.plan or "",
    )
    found = _record_book(settings).find_actions(query)
    if args.out:
        return _write_table(args.out, action_rows(found), ACTION_COLUMNS, "actions")
    if args.json:
        out = [ActionOut.from_result(r, f"/documents/{r.record.doc_id}/file") for r in found]
        print(json.dumps([a.model_dump() for a in out], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No actions found.")
    for result in found:
        record = result.record
        print(f"{record.locator}  [{record.source}]")
        print(textwrap.indent(textwrap.fill(record.action, 92), "    "))
        details = [
            f"{name}: {value}"
            for name, value in (
                ("lead", record.lead), ("role", record.role), ("start", record.start),
                ("end", record.end), ("stage", record.stage), ("RAG", record.rag),
            )
            if value
        ]  # fmt: skip
        if details:
            print(f"    {'; '.join(details)}")
        if record.note:
            print(textwrap.indent(textwrap.fill(f"Update: {record.note}", 92), "    "))
        for version in result.history[1:] if result.history else []:
            print(f"    also: {version.locator}, {version.stage or version.end or '-'}")
        print()
    return 0


def _write_table(path: Path, rows: list[dict], columns: list[str], name: str) -> int:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_text(to_csv(rows, columns), encoding="utf-8")
    elif suffix == ".xlsx":
        path.write_bytes(to_xlsx(rows, columns, name))
    else:
        raise ValueError(f"--out must name a .csv or .xlsx file, not '{path.name}'")
    print(f"Wrote {len(rows)} rows to {path}")
    return 0


def run_key(args: argparse.Namespace, settings: Settings) -> int:
    key, digest = new_key()
    entry = ApiKey(name=args.name, sha256=digest, collections=args.collections, admin=args.admin)
    print(f"Key for {args.name} (give it to them; it is not stored anywhere):\n  {key}")
    print("Add this entry to ASSISTANT_API_KEYS (a JSON list) in the service's settings:")
    print(f"  {json.dumps(entry.model_dump())}")
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


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.run_eval import evaluate

    quiet_pdf_warnings()  # the peers read the PDFs again
    for path in args.questions:
        if not path.is_file():
            raise FileNotFoundError(f"no such question file: {path}")
    if args.k < 10:
        raise ValueError("--k must be at least 10 (recall@10 and nDCG@10 are reported)")
    embedder = embedder_for(settings)
    service = AssistantService.from_settings(settings, embedder)
    summary = evaluate(
        args.questions,
        service,
        embedder,
        settings.index_dir,
        args.out,
        k=args.k,
        peers=not args.no_peers,
    )
    print((args.out / "eval.md").read_text())
    print(f"Written: {args.out}/eval.md, eval-questions.md, eval.json", file=sys.stderr)
    return 0 if summary["questions"] else EXIT_ERROR


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from assistant.api import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0


def run_mcp(args: argparse.Namespace, settings: Settings) -> int:
    """MCP over stdin/stdout: nothing else may write to stdout, so logs go to stderr."""
    from assistant.mcp_server import create_mcp

    resolve_access(args.key, settings.api_keys, settings.allow_anonymous)  # a bad key fails now
    service = AssistantService.from_settings(settings, embedder_for(settings))
    create_mcp(lambda: service, settings, stdio_key=args.key).run("stdio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
