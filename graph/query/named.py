"""Running SPARQL: named queries from ``graph/queries/*.rq`` and ad-hoc text, as typed results.

Named queries are files with a comment header, like Datasette's canned queries::

    # title: Certificates per standard
    # description: How many certificates each standard has.
    # audience: analyst
    # param: ?country | country | GB | Country of the certified organisation
    SELECT ...

A parameter line gives the variable, its kind (``string``, ``country``, ``date``, ``integer``,
``iri``, ``body``, ``certificate``, ``accreditation``, ``standard``, ``name`` — an organisation
name, bound as its ``ag:nameKey``), a default and a label.
Values are bound as terms through the store's substitutions, never pasted into query text; a
bound variable must therefore appear in the SELECT list (pyoxigraph binds only those).

Examples
--------
>>> from graph.ingest.build import build
>>> from graph.store.embedded import open_store
>>> store = open_store("memory"); _ = build(store)
>>> result = run_sparql(store, "SELECT ?n WHERE { ?s ag:acronym ?n } ORDER BY ?n LIMIT 2")
>>> result.variables, len(result.rows)
(['n'], 2)
>>> run_sparql(store, "DELETE WHERE { ?s ?p ?o }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.ReadOnlyError: updates are refused: accredigraph queries are read-only ...
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeGuard

import pyoxigraph as ox

from graph.errors import QueryError, QueryTimeout, ReadOnlyError
from graph.sparql.deadline import call_with_deadline, run_in_worker
from graph.sparql.results import AskResult, GraphResult, Result, SelectResult, python_value
from graph.sparql.text import keywords
from graph.store.embedded import GraphStore, OxigraphStore
from graph.vocab.mint import accreditation_iri, body_iri, certificate_iri, name_key
from graph.vocab.namespaces import PREFIXES, XSD
from graph.vocab.standards import parse_designation

__all__ = [
    "AskResult",
    "GraphResult",
    "NamedQuery",
    "Param",
    "SelectResult",
    "check_no_federation",
    "check_read_only",
    "load_named",
    "named_queries",
    "python_value",
    "run_internal",
    "run_named",
    "run_sparql",
    "run_update",
    "with_prefixes",
]

QUERY_DIR = Path(__file__).with_name("queries")
PARAM_KINDS = {
    "string", "country", "date", "integer", "iri", "body", "certificate", "accreditation",
    "standard", "name",
}  # fmt: skip


@dataclass(frozen=True)
class Param:
    """One parameter of a named query, shown as a form field in the app and ``--param`` here."""

    name: str
    kind: str
    default: str
    label: str


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its header and its text."""

    name: str
    title: str
    description: str
    audience: str
    params: tuple[Param, ...]
    text: str
    path: Path

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return query_form(self.text)


def _parse_header(path: Path) -> NamedQuery:
    header: dict[str, str] = {}
    params: list[Param] = []
    body_lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#\s*(title|description|audience|param):\s*(.*)$", line)
        if match and not body_lines:
            key, value = match.groups()
            if key == "param":
                parts = [p.strip() for p in value.split("|")]
                if len(parts) != 4 or not parts[0].startswith("?") or parts[1] not in PARAM_KINDS:
                    raise QueryError(f"{path.name}: bad param line {value!r}")
                params.append(Param(parts[0][1:], parts[1], parts[2], parts[3]))
            elif key == "description" and "description" in header:
                header[key] += " " + value
            else:
                header[key] = value.strip()
        elif line.startswith("#") and not body_lines:
            continue
        else:
            body_lines.append(line)
    for key in ("title", "description", "audience"):
        if key not in header:
            raise QueryError(f"{path.name}: header has no '# {key}:' line")
    return NamedQuery(path.stem, header["title"], header["description"], header["audience"],
                      tuple(params), "\n".join(body_lines).strip() + "\n", path)  # fmt: skip


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``)."""
    return {p.stem: _parse_header(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def load_named(name: str) -> NamedQuery:
    """The named query ``name``; a clear error lists the names when it does not exist."""
    queries = named_queries()
    if name not in queries:
        public = ", ".join(n for n, q in queries.items() if q.audience != "internal")
        raise QueryError(f"no named query {name!r}; known: {public}")
    return queries[name]


# --- running -------------------------------------------------------------------------------

_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")
_IRI_OR_STRING = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def query_form(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of a SPARQL query text.

    >>> query_form("PREFIX x: <http://x/> # SELECT in a comment\\nASK { ?s ?p ?o }")
    'ASK'
    """
    stripped = _COMMENT.sub("", _IRI_OR_STRING.sub("''", text))
    match = _FORM.search(stripped)
    return match.group(1).upper() if match else ""


#: The words an update operation starts with (SPARQL 1.1 Update, section 3); none of them is a
#: keyword of the query language, so their presence alone marks a text as an update.
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                   "WITH")  # fmt: skip


def check_read_only(text: str) -> None:
    """Raise :class:`ReadOnlyError` if ``text`` is (or holds) a SPARQL update.

    Every update operation starts with one of :data:`UPDATE_KEYWORDS`, and none of them is a
    query keyword, so the check looks for them as bare words (outside strings, IRIs, comments,
    variables and prefixed names, after decoding ``\\u`` escapes). That is stricter than
    parsing: an update this engine's parser would not understand is refused all the same.

    >>> check_read_only("SELECT ?insert WHERE { ?s ex:load 'DROP' } # CLEAR")
    >>> check_read_only("PREFIX ex: <http://e/> clear all")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyError: updates are refused: ... (CLEAR is a SPARQL update keyword)
    """
    found = keywords(text)
    for word in UPDATE_KEYWORDS:
        if word in found:
            raise ReadOnlyError(
                "updates are refused: accredigraph queries are read-only "
                f"({word} is a SPARQL update keyword)"
            )


def with_prefixes(text: str) -> str:
    """``text`` with a ``PREFIX`` line for each of our prefixes it does not declare itself.

    >>> with_prefixes("PREFIX ag: <http://other/> ASK {}").count("PREFIX ag:")
    1
    """
    return _prefixed(text)


def _prefixed(text: str) -> str:
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", text, re.IGNORECASE)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


def _execute(
    store: GraphStore,
    text: str,
    substitutions: Mapping[str, Any] | None,
    row_cap: int | None,
    timeout: float | None,
) -> Result:
    deadline = None if timeout is None else time.monotonic() + timeout
    raw = store.query(_prefixed(text), substitutions=substitutions)
    if isinstance(raw, (ox.QueryBoolean, bool)):
        return AskResult(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows: list[tuple[Any, ...]] = []
        truncated = False
        for solution in raw:
            if row_cap is not None and len(rows) >= row_cap:
                truncated = True
                break
            rows.append(tuple(solution))  # the values in the order of ``variables``
            if deadline is not None and len(rows) % 256 == 0 and time.monotonic() > deadline:
                raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s")
        if not truncated and _cut_by_endpoint(store, row_cap):
            truncated = True
        return SelectResult(variables, rows, truncated, row_cap)
    triples: list[ox.Triple] = []
    truncated = False
    for triple in raw:
        if row_cap is not None and len(triples) >= row_cap * 10:
            truncated = True
            break
        triples.append(triple)
    return GraphResult(triples, truncated)


def _cut_by_endpoint(store: GraphStore, row_cap: int | None) -> bool:
    """True when a remote endpoint cut the answer just read at its own result cap. Internal
    callers (``row_cap=None``) need every row, so for them it is an error, not a flag."""
    cut = getattr(store, "truncated_by_endpoint", None)
    if cut is None or not cut():
        return False
    if row_cap is None:
        raise QueryError(
            f"the SPARQL endpoint {store.location} cut this answer at its result cap; this "
            "operation needs every row: raise the endpoint's cap or point --store at the store"
        )
    return True


def check_no_federation(text: str) -> None:
    """Raise :class:`QueryError` if ``text`` uses ``SERVICE``: federation is off, so a query
    typed by a user can never make this machine send requests elsewhere."""
    if "SERVICE" in keywords(text):
        raise QueryError("SERVICE (federated query) is turned off: accredigraph queries only "
                         "read the local graph")  # fmt: skip


def run_sparql(
    store: GraphStore, text: str, *, row_cap: int | None = 1000, timeout: float | None = 20.0
) -> Result:
    """Run ad-hoc SPARQL (read-only, no federation; our prefixes are declared for you).

    With a ``timeout`` the query is stopped when it runs past it, wherever it is
    (:mod:`graph.sparql.deadline`): on an on-disk store in a worker process that is killed, elsewhere
    in a thread that is abandoned. Either way :class:`QueryTimeout` is raised on time.
    """
    check_read_only(text)
    check_no_federation(text)
    if timeout is None:
        return _execute(store, text, None, row_cap, None)
    if _on_disk(store):
        return _in_worker(store, text, row_cap, timeout)
    return call_with_deadline(lambda: _execute(store, text, None, row_cap, timeout), timeout)


def _on_disk(store: GraphStore) -> TypeGuard[OxigraphStore]:
    """True for an embedded on-disk store: one a worker process can open, and kill at a
    deadline."""
    return isinstance(store, OxigraphStore) and store.path is not None


def _in_worker(
    store: OxigraphStore,
    text: str,
    row_cap: int | None,
    timeout: float,
    substitutions: Mapping[str, Any] | None = None,
) -> Result:
    """Run ``text`` in a worker process over the on-disk ``store``, killed at the deadline;
    ``substitutions`` bind as in-process (the same plans as :func:`_execute`)."""
    answer = run_in_worker(store, _prefixed(text), row_cap, timeout, dict(substitutions or {}))
    if answer["form"] == "ASK":
        return AskResult(answer["value"])
    if answer["form"] == "SELECT":
        return SelectResult(answer["variables"], answer["rows"], answer["truncated"], row_cap)
    return GraphResult(answer["triples"], answer["truncated"])


def run_internal(store: GraphStore, text: str) -> SelectResult:
    """Every row of ``text``, a named query the code itself has filled in (a ``VALUES`` block
    of minted IRIs): no time limit, no row cap, and no read-only or federation check — the
    text is ours, and checking it would tokenise thousands of IRIs on each batch."""
    result = _execute(store, text, None, None, None)
    assert isinstance(result, SelectResult), "run_internal is for SELECT queries"
    return result


def run_update(store: GraphStore, text: str) -> None:
    """Run a SPARQL update: the one explicit way to change the store with SPARQL.

    Queries from the app, the CLI and :func:`run_sparql` are read-only; code that means to
    change the graph says so by calling this. ``SERVICE`` and ``LOAD`` fetch from the network
    and are refused here too.
    """
    if {"SERVICE", "LOAD"} & keywords(text):
        raise ReadOnlyError("SERVICE and LOAD are refused: accredigraph makes no network requests")
    store.update(_prefixed(text))


def _bind(param: Param, value: str, store: GraphStore) -> Any:
    value = value.strip()
    if param.kind in ("string", "country"):
        return ox.Literal(value.upper() if param.kind == "country" else value)
    if param.kind == "integer":
        if not value.lstrip("-").isdigit():
            raise QueryError(f"parameter {param.name}: {value!r} is not a whole number")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if param.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            message = f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)"
            raise QueryError(message) from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if param.kind == "iri":
        return ox.NamedNode(value)
    if param.kind == "name":
        return ox.Literal(name_key(value))
    if param.kind == "body":
        return ox.NamedNode(body_iri(value))
    if param.kind == "certificate":
        return ox.NamedNode(certificate_iri(value))
    if param.kind == "accreditation":
        return ox.NamedNode(accreditation_iri(value))
    return ox.NamedNode(_resolve_standard(store, param, value))


def _resolve_standard(store: GraphStore, param: Param, value: str) -> str:
    if value.startswith("http"):
        return value
    parsed = parse_designation(value)
    if parsed is not None:
        for row in run_named(store, "internal-standards", row_cap=None).records():
            other = parse_designation(row["designation"])
            if other == parsed:
                return row["standard"]
    raise QueryError(f"parameter {param.name}: {value!r} is not a standard in the graph")


def run_named(
    store: GraphStore,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    row_cap: int | None = 1000,
    timeout: float | None = 20.0,
    defaults: bool = True,
) -> Result:
    """Run the named query ``name`` with ``params``.

    Parameters not given take their defaults; with ``defaults=False`` they stay unbound, so a
    query written for one entity answers for all of them (the verifier's bulk path).
    """
    query = load_named(name)
    given = dict(params or {})
    unknown = set(given) - {p.name for p in query.params}
    if unknown:
        raise QueryError(f"{name} has no parameter {', '.join(sorted(unknown))}")
    substitutions = {}
    for param in query.params:
        if param.name not in given and not defaults:
            continue
        value = given.get(param.name, param.default)
        if value == "":
            raise QueryError(f"{name}: parameter {param.name} ({param.label}) needs a value")
        substitutions[param.name] = _bind(param, value, store)
    if timeout is not None and _on_disk(store):
        # Stoppable on time, like ad-hoc SPARQL: run by a worker process killed at the deadline.
        return _in_worker(store, query.text, row_cap, timeout, substitutions)
    return _execute(store, query.text, substitutions, row_cap, timeout)
