"""The one way to run SPARQL: :func:`run` (queries) and :func:`update` (the explicit write).

Every caller — the CLI, the app, the endpoint, the verifier, the explorer, the benchmark —
runs SPARQL through :func:`run`, which, in this order:

1. parses the text and refuses what is not a read-only, local query: updates, ``SERVICE``,
   texts too long or too deeply nested, what does not parse (:mod:`graph.sparql.guard`),
   unless the text is the code's own (``trusted=True``: a named query the code filled in);
2. declares our prefixes (``ag:``, ``schema:`` …) where the text does not declare them itself,
   without adding lines to it, so syntax errors point at the user's own line;
3. binds ``bindings`` — written into the text as RDF terms, where the planner sees them
   (:func:`graph.sparql.text.bind_parameters`), or as pre-bound variables for a
   :class:`Query` that asks for :attr:`Binding.SUBSTITUTION`;
4. runs the query within ``timeout`` seconds — in a worker process that is killed at the
   deadline for an on-disk store (:mod:`graph.sparql.worker`), in an abandoned thread
   elsewhere (:mod:`graph.sparql.deadline`) — and keeps at most ``row_cap`` rows; a query
   with a time limit takes its turn from the scheduler first, when the caller has one
   (:mod:`graph.sparql.scheduler`);
5. returns typed results: :class:`~graph.sparql.results.Rows`,
   :class:`~graph.sparql.results.Boolean` or :class:`~graph.sparql.results.Triples`.

Examples
--------
>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> rows = run(store, "SELECT ?n WHERE { ?s ag:acronym ?n } ORDER BY ?n LIMIT 2")
>>> rows.variables, len(rows.rows)
(['n'], 2)
>>> run(store, "DELETE WHERE { ?s ?p ?o }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.ReadOnlyError: updates are refused: accredigraph queries are read-only ...
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from graph.errors import QueryError
from graph.settings import Settings
from graph.sparql.collect import collect, collect_at_once
from graph.sparql.deadline import call_with_deadline
from graph.sparql.guard import check, check_update, default_settings
from graph.sparql.results import Cell, Result, Rows
from graph.sparql.text import bind_parameters
from graph.sparql.ticket import turn_for_run
from graph.sparql.worker import run_in_worker
from graph.store.protocol import Dataset, Store, Term
from graph.vocab.namespaces import PREFIXES, with_prefixes

__all__ = ["DEFAULT_ROW_CAP", "DEFAULT_TIMEOUT", "Binding", "Query", "run", "stream", "update"]

#: Rows a result keeps unless the caller says otherwise (``row_cap=None``: every row).
DEFAULT_ROW_CAP = 1000
#: Seconds a query may run unless the caller says otherwise (``timeout=None``: no limit).
DEFAULT_TIMEOUT = 20.0


class Binding(StrEnum):
    """How bound values reach the engine.

    ``TEXT``: written into the query as RDF terms (N-Triples syntax, never pasted user text) — a
    ``VALUES`` block where the variable is bound and the term itself in triple patterns — so
    the planner sees the constants. ``SUBSTITUTION``: pre-bound variables (pyoxigraph's
    ``substitutions``), for the few queries whose plan is better without constants; a store
    that cannot pre-bind (a remote endpoint) gets them written in all the same. ``CONSTANT``:
    as ``TEXT``, and the terms in the query's expressions too (``FILTER``, ``BIND``), for a
    query whose filters Oxigraph applies while it reads only against a constant; never for one
    that does arithmetic on a parameter (:func:`graph.sparql.text.bind_parameters`).
    """

    TEXT = "text"
    SUBSTITUTION = "substitution"
    CONSTANT = "constant"


@dataclass(frozen=True)
class Query:
    """A query text with a name for messages (a named query's file name, or ``""``) and how
    its bound values are to be given to the engine."""

    text: str
    name: str = ""
    binding: Binding = Binding.TEXT


def run(
    store: Store,
    query: str | Query,
    *,
    bindings: Mapping[str, Term] | None = None,
    row_cap: int | None = DEFAULT_ROW_CAP,
    timeout: float | None = DEFAULT_TIMEOUT,
    trusted: bool = False,
    dataset: Dataset | None = None,
    triple_cap: int | None = None,
    limits: Settings | None = None,
    base_iri: str | None = None,
    at_once: bool = False,
) -> Result:
    """Run ``query`` on ``store`` with ``bindings`` (variable name → term), within the limits.

    A ``SELECT`` must project every bound variable (pyoxigraph binds only those). With
    ``row_cap=None`` every row is needed: a remote endpoint that cut the answer at a cap of
    its own is then an error, not a flag. ``trusted=True`` skips the read-only and federation
    checks, for text the code wrote itself (a named query with ``VALUES`` it filled in).
    ``dataset`` names the graphs to query instead of the store's (the Protocol's
    ``default-graph-uri`` and ``named-graph-uri``). A CONSTRUCT or DESCRIBE keeps at most
    ``triple_cap`` triples (default: ten per row of ``row_cap``). ``base_iri`` resolves the
    query's relative IRIs (``<x>``) where it declares no ``BASE`` (the endpoint's public URL);
    without one, a relative IRI is a syntax error.

    ``limits`` (default: :class:`~graph.settings.Settings`) bound a user's query: its text
    (:mod:`graph.sparql.guard`), the bytes its answer may hold (``max_answer_bytes``, not for
    trusted text) and the memory of the worker process that runs it (``worker_memory``).

    ``at_once=True``, for trusted text with no row cap and no time limit whose answer is known
    to be small: the engine evaluates the whole query before a row is read
    (:func:`~graph.sparql.collect.collect_at_once`), so a thread reading it is not held up
    row by row by another thread busy in Python (the bulk verifier's batches).
    """
    if at_once and not (trusted and row_cap is None and timeout is None):
        raise ValueError("at_once is for trusted text with no row cap and no time limit")
    limits = limits or default_settings()
    text, substitutions = _prepare(store, query, bindings, trusted, limits)
    byte_cap = None if trusted else limits.max_answer_bytes
    caps = (row_cap, triple_cap, byte_cap)
    if timeout is None:
        return _in_process(store, text, substitutions, caps, None, dataset, base_iri, at_once)
    with turn_for_run() as ticket:  # a turn from the scheduler, when there is one
        if ticket is not None:
            ticket.timeout = timeout
        if store.path is not None:
            return run_in_worker(store, text, row_cap=row_cap, timeout=timeout,
                                 substitutions=substitutions, prefixes=PREFIXES,
                                 dataset=dataset, triple_cap=triple_cap, byte_cap=byte_cap,
                                 memory=limits.worker_memory, base_iri=base_iri)  # fmt: skip

        def in_thread() -> Result:
            if ticket is not None:  # a long query's thread is demoted
                ticket.attach(thread=threading.get_native_id())
            return _in_process(store, text, substitutions, caps, timeout, dataset, base_iri)

        return call_with_deadline(in_thread, timeout)


def stream(
    store: Store,
    query: str | Query,
    *,
    bindings: Mapping[str, Term] | None = None,
    trusted: bool = False,
) -> Iterator[dict[str, Cell]]:
    """The solutions of a SELECT ``query``, one at a time, for answers too large to hold
    (a register export at a million certificates). Checked and bound as :func:`run` does;
    there is no row cap, and no time limit but the reader's own.
    """
    text, substitutions = _prepare(store, query, bindings, trusted, default_settings())
    raw = store.query(text, substitutions=substitutions or None, prefixes=PREFIXES)
    if not isinstance(raw, ox.QuerySolutions):
        raise QueryError("only a SELECT query can be streamed")
    variables = [v.value for v in raw.variables]
    for solution in raw:
        yield dict(zip(variables, solution, strict=True))


def _prepare(
    store: Store,
    query: str | Query,
    bindings: Mapping[str, Term] | None,
    trusted: bool,
    limits: Settings,
) -> tuple[str, dict[str, Term]]:
    """Steps 1 to 3 of :func:`run`: the checked text with our prefixes, and what is left to
    bind as pre-bound variables."""
    text = query.text if isinstance(query, Query) else query
    binding = query.binding if isinstance(query, Query) else Binding.TEXT
    if not trusted:
        text = check(text, limits).text  # the engine runs exactly the text the guard parsed
    substitutions = dict(bindings or {})
    if substitutions and (binding is not Binding.SUBSTITUTION or not store.binds_substitutions):
        try:
            text = bind_parameters(text, substitutions,
                                   expressions=binding is Binding.CONSTANT)  # fmt: skip
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        substitutions = {}
    return text, substitutions


def _in_process(
    store: Store,
    text: str,
    substitutions: Mapping[str, Term],
    caps: tuple[int | None, int | None, int | None],
    timeout: float | None,
    dataset: Dataset | None,
    base_iri: str | None = None,
    at_once: bool = False,
) -> Result:
    row_cap, triple_cap, byte_cap = caps
    raw = store.query(text, substitutions=substitutions or None, prefixes=PREFIXES,
                      dataset=dataset, base_iri=base_iri)  # fmt: skip
    if at_once and isinstance(raw, ox.QuerySolutions):
        result: Result = collect_at_once(raw)
    else:
        result = collect(raw, row_cap=row_cap, timeout=timeout, triple_cap=triple_cap,
                         byte_cap=byte_cap)  # fmt: skip
    if isinstance(result, Rows) and not result.truncated and store.answer_was_cut():
        if row_cap is None:
            raise QueryError(
                f"the SPARQL endpoint {store.location} cut this answer at its result cap; this "
                "operation needs every row: raise the endpoint's cap or point --store at the store"
            )
        result.truncated = True
    return result


def update(store: Store, text: str) -> None:
    """Run a SPARQL update: the one explicit way to change the store with SPARQL.

    Queries from the app, the CLI and :func:`run` are read-only; code that means to change the
    graph says so by calling this. ``SERVICE`` and ``LOAD`` fetch from the network and are
    refused here too.
    """
    store.update(with_prefixes(check_update(text)))  # updates take no default prefixes
