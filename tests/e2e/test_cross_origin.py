"""A browser client on another origin uses the endpoint, as YASGUI does (issue 13).

A small page, served from its own origin (another port, and ``localhost`` rather than
``127.0.0.1``), runs a query against the endpoint from its script in Chromium, the two ways
YASGUI sends one: a form-encoded POST (a "simple" request) and ``application/sparql-query``
with an ``Accept`` header (the browser asks first with a CORS preflight). The page draws the
rows it got; the test compares them with the same query run directly on the store. With CORS
turned off the browser withholds the answer from the script.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from graph import sparql
from graph.serve.endpoint import Endpoint
from graph.store import open_store
from tests.e2e.browser import SHOTS, _free_port

pytestmark = pytest.mark.e2e

QUERY = """SELECT ?name WHERE {
  ?accreditation ag:issuer agd:body\\/ukas ; ag:subject ?cb .
  ?cb schema:name ?name .
} ORDER BY ?name"""

#: The client page: a query box, a button per way of sending, the rows drawn in a table.
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Another origin's SPARQL client</title></head>
<body>
<textarea id="query" rows="6" cols="80"></textarea>
<button id="form">Run (form POST)</button>
<button id="direct">Run (application/sparql-query)</button>
<p id="status">idle</p>
<table id="rows"></table>
<script>
const endpoint = new URLSearchParams(location.search).get("endpoint");
async function run(direct) {
  const text = document.getElementById("query").value;
  const status = document.getElementById("status");
  const table = document.getElementById("rows");
  table.innerHTML = "";
  status.textContent = "running";
  const init = direct
    ? {method: "POST", body: text, headers: {
         "Content-Type": "application/sparql-query",
         "Accept": "application/sparql-results+json"}}
    : {method: "POST", body: new URLSearchParams({query: text}),
       headers: {"Accept": "application/sparql-results+json"}};
  try {
    const answer = await fetch(endpoint, init);
    const data = await answer.json();
    for (const binding of data.results.bindings) {
      const row = table.insertRow();
      for (const name of data.head.vars) {
        row.insertCell().textContent = binding[name] ? binding[name].value : "";
      }
    }
    status.textContent = "answered " + answer.status + " with " + table.rows.length + " rows";
  } catch (error) {
    status.textContent = "failed: " + error;
  }
}
document.getElementById("form").onclick = () => run(false);
document.getElementById("direct").onclick = () => run(true);
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def client_origin() -> Iterator[str]:
    """The client page's origin: a plain HTTP server of its own on ``localhost``."""
    body = PAGE.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def expected(cli_store: str) -> list[str]:
    rows = sparql.run(open_store(cli_store), QUERY, row_cap=None).records()
    assert len(rows) >= 3
    return [str(row["name"]) for row in rows]


def _run(page, origin: str, endpoint: Endpoint, button: str) -> str:
    page.goto(f"{origin}/?endpoint={endpoint.url}")
    page.fill("#query", QUERY)
    page.click(f"#{button}")
    page.wait_for_function(
        "() => !['idle', 'running'].includes(document.getElementById('status').textContent)",
        timeout=60_000,
    )
    return page.inner_text("#status")


@pytest.mark.slow
@pytest.mark.parametrize("button", ["form", "direct"])
def test_a_client_on_another_origin_runs_a_query_and_reads_every_row(
    tab, cli_store, client_origin, expected, button
):
    page, requests = tab
    with Endpoint(cli_store, port=0, timeout=30) as endpoint:
        assert urlsplit(client_origin).netloc != urlsplit(endpoint.url).netloc
        status = _run(page, client_origin, endpoint, button)
        shown = [page.inner_text(f"#rows tr:nth-child({i + 1}) td") for i in range(len(expected))]
        page.screenshot(path=str(SHOTS / f"cross-origin-{button}.png"))
    assert status == f"answered 200 with {len(expected)} rows", status
    assert shown == expected
    assert any(url.startswith(endpoint.url) for url in requests)


@pytest.mark.slow
def test_with_cors_off_the_browser_withholds_the_answer_from_the_script(
    tab, cli_store, client_origin
):
    page, _ = tab
    with Endpoint(cli_store, port=0, timeout=30, cors_origins=()) as endpoint:
        status = _run(page, client_origin, endpoint, "direct")
    assert status.startswith("failed:"), status
    assert page.locator("#rows tr").count() == 0
