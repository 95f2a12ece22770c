"""Issue 12 ("Safe to share"), end to end: the attacks found, tried through every surface a
visitor or an analyst reaches — the command line (in a subprocess, as a user runs it), the
app's SPARQL page (Streamlit's AppTest) and the SPARQL endpoint (over HTTP).

- every way of writing ``SERVICE`` that once got past the keyword scan makes **no connection**
  to a listener on loopback;
- 10,000 nested groups or parentheses are refused with a message, never a crash (exit 139);
- refusals read as words: no traceback, no server path.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph.serve.endpoint import Endpoint
from graph.sparql.spreadsheet import neutralise
from tests.servers import ConnectionRecorder

ROOT = Path(__file__).resolve().parents[1]
X = "PREFIX x: <http://example.org/> "

#: SERVICE as the attackers wrote it (and a few more), for a listener's URL.
SERVICE_ATTACKS = {
    "comment ended by CR": "SELECT * WHERE {{ # note\r SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped # in a name": X + "SELECT * WHERE {{ BIND(x:a\\#b AS ?h) SERVICE <{url}> "
                               "{{ ?s ?p ?o }} }}",
    "escaped ' in a name": X + "SELECT * WHERE {{ BIND(x:a\\'b AS ?h) SERVICE <{url}> "
                               "{{ ?s ?p ?o }} FILTER(?h != 'z') }}",
    "\\u escape": "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SILENT, lower case, in OPTIONAL": "SELECT * WHERE {{ OPTIONAL {{ service silent <{url}> "
                                       "{{ ?s ?p ?o }} }} }}",
    "in NOT EXISTS": "SELECT * WHERE {{ FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "by variable": "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
}  # fmt: skip
DEEP = {
    "groups": "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
}
LEAKS = ("Traceback", 'File "', str(ROOT), "/site-packages/", "pyparsing", "rdflib")


@pytest.fixture
def recorder():
    listening = ConnectionRecorder()
    yield listening
    listening.close()


def _no_leak(message: str) -> None:
    for leak in LEAKS:
        assert leak not in message, f"{leak!r} shown to a visitor: {message!r}"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env={"PYTHONPATH": str(ROOT),
                          "PATH": "/usr/bin:/bin"})  # fmt: skip


# --- the command line --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_cli_makes_no_connection_for_any_service_attack(recorder, cli_store):
    for name, template in SERVICE_ATTACKS.items():
        done = _cli("--store", cli_store, "query", template.format(url=recorder.url))
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert done.stderr.startswith("error: "), name
        _no_leak(done.stderr)
    time.sleep(0.3)
    assert recorder.connections == 0


@pytest.mark.slow
@pytest.mark.parametrize("store", ["memory", "disk"])
@pytest.mark.parametrize("kind", sorted(DEEP))
def test_the_cli_refuses_10000_nested_brackets_with_a_message_not_a_crash(kind, store, cli_store):
    done = _cli("--store", "memory" if store == "memory" else cli_store, "query", DEEP[kind])
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])  # never 139 (SIGSEGV)
    assert "nests groups or parentheses" in done.stderr and "at most 16" in done.stderr
    _no_leak(done.stderr)


# --- the SPARQL endpoint -----------------------------------------------------------------------


def _get(url: str, query: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                    timeout=60) as response:  # fmt: skip
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.slow
def test_the_endpoint_makes_no_connection_and_survives_deep_nesting(recorder, cli_store):
    with Endpoint(cli_store, port=0, timeout=10, workers=1) as endpoint:
        for name, template in SERVICE_ATTACKS.items():
            status, body = _get(endpoint.url, template.format(url=recorder.url))
            assert status in (400, 403), (name, status, body)
            _no_leak(body)
        for kind, text in DEEP.items():
            status, body = _get(endpoint.url, text)
            assert status == 403 and "at most 16" in body, (kind, status, body)
        assert _get(endpoint.url, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')
    time.sleep(0.3)
    assert recorder.connections == 0


# --- CSV exports -------------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1)", "\t=1", "\r=1"]  # fmt: skip


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r") + '"'


FORMULA_QUERY = f"SELECT ?v WHERE {{ VALUES ?v {{ {' '.join(map(_literal, FORMULAS))} }} }}"


def _cells(text: str) -> list[str]:
    import csv
    import io

    return [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]


def test_the_cli_csv_neutralises_formula_cells(cli_store, capsys):
    from graph.cli.main import main

    assert main(["--store", cli_store, "query", FORMULA_QUERY, "--format", "csv"]) == 0
    cells = _cells(capsys.readouterr().out)
    assert sorted(cells) == sorted(neutralise(f) for f in FORMULAS)
    assert all(cell.startswith("'") for cell in cells)


def test_the_verdict_csv_neutralises_a_formula_in_a_users_register(make_register, capsys):
    import copy

    from graph.cli.main import main
    from tests.conftest import BASE_REGISTER

    tables = copy.deepcopy(BASE_REGISTER)
    tables["certificates.csv"][0]["organisation"] = '=HYPERLINK("http://evil.example/")'
    register = make_register(tables)
    assert main(["--store", "memory", "--data", str(register), "verify", "T-C-1",
                 "--format", "csv"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values"])
def test_the_endpoints_csv_and_tsv_neutralise_formula_cells(cli_store, accept):
    with Endpoint(cli_store, port=0, timeout=10, workers=1) as endpoint:
        url = f"{endpoint.url}?{urllib.parse.urlencode({'query': FORMULA_QUERY})}"
        request = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read().decode()
    lines = body.split("\r\n")[1:-1] if accept == "text/csv" else body.split("\n")[1:-1]
    assert len(lines) == len(FORMULAS)
    for line in lines:
        cell = line.strip('"') if accept == "text/csv" else line[1:]  # TSV: "value"
        assert cell.startswith("'"), line


def test_the_apps_csv_download_neutralises_formula_cells():
    from explorer_pages.sparql import run_query
    from graph.store import open_store

    view = run_query(open_store("memory"), text=FORMULA_QUERY)
    assert sorted(_cells(view.downloads["csv"])) == sorted(neutralise(f) for f in FORMULAS)


# --- errors for people -------------------------------------------------------------------------


def test_endpoint_errors_name_the_problem_and_leak_nothing(cli_store):
    import http.client

    with Endpoint(cli_store, port=0, timeout=10, workers=1) as endpoint:
        for headers, body in (
            ({"Content-Length": "abc"}, b""),
            ({"Content-Type": "application/sparql-query"}, b"SELECT ?x {"),
        ):
            conn = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=30)
            conn.putrequest("POST", "/query")
            for name, value in headers.items():
                conn.putheader(name, value)
            if "Content-Length" not in headers:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            text = response.read().decode()
            conn.close()
            assert response.status == 400, text
            _no_leak(text)
            assert "ValueError" not in text


def test_the_cli_strips_terminal_escapes_from_data(cli_store, capsys):
    from graph.cli.main import main

    evil = "\\u001B[2J\\u001B]0;owned\\u0007Evil\\u009B31m Ltd\\r"
    assert main(["--store", cli_store, "query", f"SELECT ?x WHERE {{ BIND('{evil}' AS ?x) }}"]) == 0
    out = capsys.readouterr().out
    assert "Evil" in out and not any(c in out for c in "\x1b\x07\x9b\r")
    assert main(["--store", cli_store, "entity", "\x1b[31mnowhere"]) == 1
    assert "\x1b" not in capsys.readouterr().err


def test_streamlit_shows_visitors_no_error_details():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config


def test_security_doc_names_every_limit_and_the_readme_points_to_it():
    from graph.settings import Settings

    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    limits = ("max_query_chars", "max_query_depth", "max_query_tokens", "max_answer_bytes",
              "worker_memory", "query_timeout", "row_cap", "upload_limit")  # fmt: skip
    for name in limits:
        assert hasattr(Settings(), name) and f"`{name}`" in doc, name
    assert "docs/security.md" in (ROOT / "README.md").read_text(encoding="utf-8")
