"""Schemathesis against the app's own OpenAPI schema, over a real socket: whatever it sends
(within the schema or just outside it), the service never answers with a server error, and
with every check on (the CLI's `--checks all`) what it answers is what the schema says: the
bodies, status codes and content types, schema-valid requests accepted and invalid ones
refused."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from assistant.api import create_app
from assistant.settings import Settings
from index.build import ingest
from tests.documents import make_xlsx
from tests.fakes import HashEmbedder
from tests.server import running


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "minutes.txt").write_text(
        "Minutes of a meeting of the Cabinet held at County Hall on Tuesday, 20 October 2020."
        "\n\n448. Speed cameras.\n\nRESOLVED:\n\na) That the programme be approved;\n"
    )
    make_xlsx(
        docs / "plan.xlsx",
        {"Plan": [["Action ID", "Action", "Lead"], ["T7", "Install chargers", "Transport"]]},
    )
    index_dir = tmp_path_factory.mktemp("index")
    config = Settings(_env_file=None, index_dir=index_dir, rate_limit_per_minute=0)
    ingest([docs], index_dir, HashEmbedder(), config.chunking(), 10**8)
    with running(create_app(config, HashEmbedder())) as url:
        yield url


def test_no_request_gets_a_server_error(served):
    schema = schemathesis.openapi.from_url(f"{served}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # every route of the API, not a few

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            derandomize=True,  # the same requests on every run
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate(base_url=served, checks=[not_a_server_error])

        call()


def test_every_route_matches_its_schema_with_all_checks(served, tmp_path):
    st = Path(sys.executable).parent / "st"
    run = subprocess.run(
        [str(st), "run", f"{served}/openapi.json", "--checks", "all", "--max-examples", "40",
         "--seed", "1", "--generation-deterministic", "--no-color"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,  # its cache lands there
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:]
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert tested and int(tested.group(1)) >= 13  # every route, the MCP mount aside
