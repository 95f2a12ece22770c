"""A remote SPARQL 1.1 endpoint as the store: Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever.

:class:`RemoteStore` speaks the SPARQL 1.1 Protocol (queries and updates) and, when given, the
Graph Store Protocol (bulk loads and dumps), with nothing but ``urllib``. Results are parsed by
pyoxigraph, so callers get the same objects as from the embedded store: ``QuerySolutions``,
``QueryBoolean`` and lists of ``Triple``.

- **Queries** go to the query URL as an HTML-form ``POST`` (``query=…``), the most widely
  understood of the protocol's three query operations (Virtuoso 7.2 never answers a direct
  ``POST application/sparql-query``: measured), asking for SPARQL JSON results (SELECT, ASK)
  or N-Triples (CONSTRUCT, DESCRIBE): a graph query asks for RDF formats only, because an
  engine offered both may answer it as SPARQL JSON (Virtuoso 7.2 does, with ``"lang"`` where
  SPARQL JSON has ``"xml:lang"``, which no SPARQL JSON reader takes).
- **Parameters**: remote engines cannot take pre-bound variables (``binds_substitutions`` is
  False), so :func:`graph.sparql.run` writes them into the query text before it gets here.
- **Answers** are read by their media type: SPARQL JSON or XML results (SELECT, ASK), or an RDF
  format (CONSTRUCT, DESCRIBE). The query's form (its first keyword after the prologue) only
  chooses what the ``Accept`` header offers.
- **Writes** (``update``, ``add``, ``bulk_load``) need an update URL; ``bulk_load`` and
  ``dump`` use the Graph Store Protocol URL (its ``?default`` graph) when one is given, else
  ``INSERT DATA`` in batches and a ``CONSTRUCT`` of everything.

Without an update URL the store is read-only: every write raises :class:`StoreError`.

Examples
--------
>>> store = RemoteStore("http://127.0.0.1:7878/query")
>>> store.location, store.read_only
('http://127.0.0.1:7878/query', True)
>>> RemoteStore("ftp://example.org/sparql")
Traceback (most recent call last):
...
graph.errors.StoreError: a SPARQL endpoint is an http:// or https:// URL, not 'ftp://example.org/sparql'
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from http.client import HTTPMessage
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import pyoxigraph as ox

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.store.protocol import Dataset, RawResult, Term, is_remote

__all__ = ["TRUNCATED_HEADER", "RemoteStore"]

#: The response header by which accredigraph's own endpoint says it cut a result at its cap.
TRUNCATED_HEADER = "Accredigraph-Truncated"
_N_TRIPLES = "application/n-triples"
#: SELECT and ASK answers as SPARQL JSON (or XML); CONSTRUCT and DESCRIBE as N-Triples (or
#: Turtle), asked for by the query's form (:func:`_graph_query`).
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
_ACCEPT_GRAPH = f"{_N_TRIPLES}, text/turtle;q=0.5"
#: What may come before a query's form keyword (IRIs, strings, comments), or the keyword.
_FORM = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*"""
    r"|\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)
_QUERIES = Path(__file__).with_name("queries")
_DECLARED = re.compile(r"PREFIX\s+([\w-]*):", re.IGNORECASE)


def _graph_query(text: str) -> bool:
    """True when ``text`` is a CONSTRUCT or DESCRIBE query: its first form keyword outside
    IRIs, strings and comments (the prologue's ``PREFIX ag: <…def#>`` is not a comment).

    >>> _graph_query("PREFIX ag: <https://w3id.org/accredigraph/def#> CONSTRUCT WHERE {}")
    True
    >>> _graph_query("SELECT * WHERE { ?s <urn:CONSTRUCT> 'DESCRIBE' }")
    False
    """
    for match in _FORM.finditer(text):
        if match.group(1):
            return match.group(1).upper() in ("CONSTRUCT", "DESCRIBE")
    return False


def _query_file(name: str) -> str:
    """The text of ``store/queries/NAME.rq`` (its header lines are SPARQL comments)."""
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _check_url(url: str | None, what: str) -> str | None:
    if url is None or url == "":
        return None
    if not is_remote(url) or not urlsplit(url).netloc:
        raise StoreError(f"a {what} is an http:// or https:// URL, not {url!r}")
    return url


class RemoteStore:
    """A SPARQL 1.1 endpoint as a :class:`~graph.store.protocol.Store`.

    Parameters
    ----------
    query_url
        The SPARQL query endpoint, e.g. ``http://127.0.0.1:7878/query``.
    update_url
        The SPARQL update endpoint (``http://127.0.0.1:7878/update``); ``None``: read-only.
    graph_store_url
        The Graph Store Protocol endpoint (``http://127.0.0.1:7878/store``), for fast loads
        and dumps of the default graph.
    timeout
        Seconds to wait for a query's answer (connect and each read).
    load_timeout
        Seconds to wait for a load or update to finish.
    batch
        Triples per ``INSERT DATA`` request when there is no Graph Store Protocol endpoint.
    """

    #: Requests a bulk reader keeps in flight at once: the round trips overlap, and every
    #: engine above serves a few concurrent queries. Per-request state is kept per thread.
    parallel_reads = 4
    binds_substitutions = False
    path: Path | None = None
    generation = 0

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 60.0,
        load_timeout: float = 3600.0,
        batch: int = 20_000,
    ) -> None:
        self.query_url = _check_url(query_url, "SPARQL endpoint")
        self.update_url = _check_url(update_url, "SPARQL update endpoint")
        self.graph_store_url = _check_url(graph_store_url, "Graph Store Protocol endpoint")
        self.location = str(query_url)
        self.timeout = timeout
        self.load_timeout = load_timeout
        self.batch = batch
        self._local = threading.local()

    @property
    def read_only(self) -> bool:
        """True when no update URL was given: queries only."""
        return self.update_url is None

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r}, update_url={self.update_url!r})"

    # --- HTTP ------------------------------------------------------------------------------

    def _request(
        self,
        url: str,
        *,
        method: str = "POST",
        body: bytes | io.BufferedReader | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        timeout: float | None = None,
        length: int | None = None,
        reader: Callable[[BinaryIO, HTTPMessage], None] | None = None,
    ) -> tuple[bytes, HTTPMessage]:
        """Send one request; return the answer's body and headers. With ``reader``, the body
        is handed to it as a stream instead (answers too large to hold)."""
        headers = {"User-Agent": "accredigraph"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if length is not None:
            headers["Content-Length"] = str(length)
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        limit = timeout or self.timeout
        try:
            with urllib.request.urlopen(request, timeout=limit) as response:
                if reader is not None:
                    reader(response, response.headers)
                    return b"", response.headers
                return response.read(), response.headers
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:2000].decode("utf-8", "replace").strip()
            message = f"the SPARQL endpoint {url} answered {exc.code} {exc.reason}: {detail}"
            if exc.code == 504 or (exc.code == 503 and "time" in detail.lower()):
                raise QueryTimeout(message) from None
            if exc.code in (400, 403, 406, 413):
                raise QueryError(message) from None
            raise StoreError(message) from None
        except TimeoutError:
            raise QueryTimeout(f"no answer from {url} within {limit:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryTimeout(f"no answer from {url} within {limit:g} s") from None
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc.reason}") from None
        except OSError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from None

    def check_writable(self) -> None:
        self._writable("change the graph")

    def _writable(self, what: str) -> str:
        if self.update_url is None:
            raise StoreError(
                f"cannot {what}: the remote store {self.location} is read-only (give an update "
                "URL: --update-url, or ACCREDIGRAPH_UPDATE_URL)"
            )
        return self.update_url

    def _default_graph_url(self) -> str:
        assert self.graph_store_url is not None
        return self.graph_store_url + ("&" if "?" in self.graph_store_url else "?") + "default"

    # --- the Store verbs ------ --------------------------------------------------------------

    def query(
        self,
        text: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> RawResult:
        if base_iri:  # a later BASE in the text itself overrides this one
            text = f"BASE <{base_iri}>\n{text}"
        if prefixes:  # the protocol has no default prefixes: declare them in the text
            declared = {m.lower() for m in _DECLARED.findall(text)}
            text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()
                           if p not in declared) + text  # fmt: skip
        if substitutions:
            raise QueryError("a remote endpoint takes no pre-bound variables: bind them in the "
                             "text (graph.sparql.run does)")  # fmt: skip
        assert self.query_url is not None
        body, headers = self._request(
            self.query_url,
            body=urllib.parse.urlencode(_form(text, dataset)).encode("ascii"),
            content_type="application/x-www-form-urlencoded",
            accept=_ACCEPT_GRAPH if _graph_query(text) else _ACCEPT_RESULTS,
        )
        self._local.truncated = headers.get(TRUNCATED_HEADER, "").lower() == "true"
        media = headers.get_content_type()
        try:
            results = ox.QueryResultsFormat.from_media_type(media)
            if results is not None:
                return ox.parse_query_results(body, results)
            fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, fmt)]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(
                f"cannot read the answer of {self.query_url} ({media}): {exc}"
            ) from None

    def answer_was_cut(self) -> bool:
        """True when the endpoint cut the last answer this thread received at its result cap."""
        return bool(getattr(self._local, "truncated", False))

    def update(self, text: str) -> None:
        url = self._writable("run an update")
        self._request(url, body=text.encode("utf-8"), content_type="application/sparql-update",
                      timeout=self.load_timeout)  # fmt: skip
        self.generation += 1

    def add(self, triples: Iterable[ox.Triple]) -> None:
        """Add triples: one request when there are at most ``batch`` of them (one transaction
        on the engines we know), else several — a failure may then leave earlier batches."""
        self._writable("add triples")
        self._insert(_lines(triples))

    def _insert(self, lines: Iterator[str]) -> None:
        """``INSERT DATA`` in batches; triples with blank nodes go together in one request
        (a blank node label names the same node only within one request), written as
        ``INSERT { … } WHERE {}`` because some engines (Virtuoso 7) refuse blank nodes in
        ``INSERT DATA``."""
        chunk: list[str] = []
        blank: list[str] = []
        for line in lines:
            if "_:" in line and _has_blank_node(line):
                blank.append(line)
                continue
            chunk.append(line)
            if len(chunk) >= self.batch:
                self.update("INSERT DATA {\n" + "".join(chunk) + "}")
                chunk = []
        if chunk:
            self.update("INSERT DATA {\n" + "".join(chunk) + "}")
        if blank:
            self.update("INSERT {\n" + "".join(blank) + "} WHERE {}")

    def bulk_load(self, data: bytes | str | Path, fmt: ox.RdfFormat, *, lenient: bool = False
                  ) -> None:  # fmt: skip
        """Load a serialisation into the default graph: one Graph Store Protocol ``POST`` when
        there is a graph store URL, else ``INSERT DATA`` requests of ``batch`` triples
        (``lenient`` changes nothing: the engine parses what it is sent)."""
        self._writable("load data")
        if self.graph_store_url is None:
            source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
            self._insert(_lines(ox.parse(format=fmt, **source)))  # type: ignore[arg-type]
            return
        if isinstance(data, Path):
            with data.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                self._request(
                    self._default_graph_url(),
                    body=handle,
                    content_type=fmt.media_type,
                    timeout=self.load_timeout,
                    length=size,
                )
        else:
            raw = data.encode("utf-8") if isinstance(data, str) else data
            self._request(self._default_graph_url(), body=raw, content_type=fmt.media_type,
                          timeout=self.load_timeout)  # fmt: skip
        self.generation += 1

    def clear(self) -> None:
        """Remove every triple of the default graph."""
        self.update("CLEAR SILENT DEFAULT")

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        """Stream the default graph to ``output``: from the Graph Store Protocol endpoint when
        there is one (parsed and written as it arrives), else from a ``CONSTRUCT``."""
        if self.graph_store_url is None:
            triples = self.query(_query_file("all-triples"))
            ox.serialize(_as_quads(triples, fmt), output, format=fmt)  # type: ignore[arg-type]
            return

        def write(body: BinaryIO, headers: HTTPMessage) -> None:
            source = ox.RdfFormat.from_media_type(headers.get_content_type())
            if source == fmt == ox.RdfFormat.N_TRIPLES:
                shutil.copyfileobj(body, output, 1 << 20)
                return
            parsed = ox.parse(body, source or ox.RdfFormat.N_TRIPLES)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in parsed)
            ox.serialize(_as_quads(triples, fmt), output, format=fmt)

        self._request(self._default_graph_url(), method="GET", accept=_N_TRIPLES,
                      timeout=self.load_timeout, reader=write)  # fmt: skip

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        if self.graph_store_url is not None:
            body, headers = self._request(self._default_graph_url(), method="GET",
                                          accept=_N_TRIPLES, timeout=self.load_timeout)  # fmt: skip
            source = (
                ox.RdfFormat.from_media_type(headers.get_content_type()) or ox.RdfFormat.N_TRIPLES
            )
            triples: list[ox.Triple] = [ox.Triple(q.subject, q.predicate, q.object)
                                  for q in ox.parse(body, source)]  # fmt: skip
        else:
            triples = list(self.query(_query_file("all-triples")))  # type: ignore[arg-type]
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            triples = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        return ox.serialize(triples, format=fmt) or b""

    def flush(self) -> None:
        """Nothing to flush: the engine owns its storage."""

    def close(self) -> None:
        """Nothing to release: every request has its own connection."""

    def __len__(self) -> int:
        for solution in self.query(_query_file("count-triples")):  # type: ignore[union-attr]
            return int(solution["n"].value)
        return 0


def _as_quads(triples: Iterable[ox.Triple], fmt: ox.RdfFormat) -> Iterable[ox.Triple | ox.Quad]:
    """``triples`` as default-graph quads where ``fmt`` is a dataset format (N-Quads, TriG)."""
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        return (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return triples


def _form(text: str, dataset: Dataset | None) -> list[tuple[str, str]]:
    """The fields of a query request: the query and the dataset it names, if any."""
    fields = [("query", text)]
    if dataset is not None:
        fields += [("default-graph-uri", g) for g in dataset.default_graphs]
        fields += [("named-graph-uri", g) for g in dataset.named_graphs]
    return fields


def _lines(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[str]:
    """N-Triples lines (valid in ``INSERT DATA``) of triples or default-graph quads; a line
    with a blank node starts with ``_:`` or has `` _:`` before a term."""
    for t in triples:
        yield f"{t.subject} {t.predicate} {t.object} .\n"


def _has_blank_node(line: str) -> bool:
    return line.startswith("_:") or line.rstrip(" .\n").rsplit(" ", 1)[-1].startswith("_:")
