"""The name index: certified organisations found by a word of their name without reading every
name.

The search box finds the organisations whose name is what a person typed, starts with it or
has a word starting with it (``search-organisations.rq``). That query reads every name: with a
million certificates (702,121 names) 10.7 s when nothing matches, which is what a person
searching for one supplier usually meets, and twice that at 2 M, past the app's 20 s limit.
Oxigraph has no text index, so an on-disk store keeps one beside its data, as Jena keeps a
Lucene index beside TDB: an SQLite FTS5 table (Python's own ``sqlite3``) of every
``schema:name``, in the store's derived folder (:data:`graph.store.embedded.DERIVED`), which
every write deletes first (:class:`graph.store.DerivedFiles`). It answers in milliseconds.

It answers what the query answers, because it only narrows where to look:

1. FTS5 gives the **candidates**: the names holding the typed text's words one after another,
   the last one as a prefix (a phrase prefix query over the lowercased names). A name that the
   query matches holds the text at its start or after a space, so the text's first word starts
   a word of the name there and the others follow it: every such name is a candidate.
2. Each candidate's name is tested **as the query tests it** (:func:`rank`), and its rank taken:
   0 the name is the text, 1 it starts with it, 2 a word of it does (case does not matter).
   As in the query, at most :data:`MATCHES` matches are kept (one more than the search box
   counts, so it can say "more than 1,000").
3. The rows shown are **read from the graph** (``search-organisations-among.rq``, the matches
   as ``VALUES``): only certified organisations, with their names and countries as stored.

The index is built from the store (:func:`build`: one pass over the names, about 11 s at 1 M)
by whoever first needs it and may write the store: the app's warm-up when the server opens it,
or the first search from the command line. A store in memory, a remote endpoint, a store held
read-only without an index, and a text with no word in it (``--``) are searched by the query
itself. ``tests/explore/test_name_index.py`` checks that both ways give the same rows.

Examples
--------
>>> rank("northwind trading ltd", "northwind"), rank("Acme Northwind", "north")
(1, 2)
>>> rank("Northwind", "NORTHWIND"), rank("Southnorthwind", "north") is None
(0, True)
>>> phrase('Co., Ltd'), phrase('a"b')
('"co., ltd"*', '"a""b"*')
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph import sparql
from graph.explore import sidecar
from graph.query import load_named, run_named
from graph.sparql import Rows
from graph.store import Lookups, Store
from graph.vocab.namespaces import AG, RDF, SCHEMA, XSD

__all__ = ["FILE", "MATCHES", "build", "ensure", "matches", "organisations", "phrase", "rank"]

#: The index's file name in the store's derived folder.
FILE = "organisation-names.sqlite"
#: What the file says it is: a file of another layout is built again.
FORMAT = "accredigraph organisation names 1"
#: Most matches kept, as ``search-organisations.rq``'s ``LIMIT`` (the search counts 1,000).
MATCHES = 1001
#: Matches checked in the store (are they certified organisations?) per look-up.
_BATCH = 500
#: The FTS5 table of lowercased names (the words), with their IRIs and names as stored.
_TABLE = sidecar.Table(
    "CREATE VIRTUAL TABLE names USING fts5(words, iri UNINDEXED, name UNINDEXED, prefix = '2 3')",
    "INSERT INTO names VALUES (?, ?, ?)",
    ("INSERT INTO names(names) VALUES ('optimize')",),
)


def rank(name: str, text: str) -> int | None:
    """How ``name`` matches ``text`` as ``search-organisations.rq`` ranks it: 0 equal, 1 it
    starts with the text, 2 a word of it does (after a space); ``None``: no match. Case does
    not matter (both lowercased, as SPARQL's ``LCASE``)."""
    name, text = name.lower(), text.lower()
    if name.startswith(text):
        return 0 if name == text else 1
    return 2 if " " + text in name else None


def phrase(text: str) -> str:
    """``text`` lowercased as an FTS5 phrase prefix query: its words in a row, the last one a
    prefix (a double quote doubled, so nothing in it is query syntax)."""
    return '"' + text.lower().replace('"', '""') + '"*'


def organisations(store: Store, text: str, *, build_missing: bool = True) -> Rows:
    """The certified organisations whose name is ``text``, starts with it or has a word
    starting with it, as ``search-organisations.rq`` answers (at most 1,000 rows, cut when
    there are more): from the name index when the store has one or can build it
    (``build_missing``: see :func:`ensure`), else from the query.

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> rows = organisations(store, "dairies")
    >>> sorted({str(r["kind"]) for r in rows.records()})
    ['organisation']
    """
    text = text.strip()  # as a named query's parameter is bound
    index = ensure(store, build_missing=build_missing)
    found = None if index is None else _organisations(store, index, text)
    if found is None:
        result = run_named(store, "search-organisations", {"text": text}, row_cap=MATCHES - 1)
    else:
        query = sparql.Query(_filled(found), "search-organisations-among")
        result = sparql.run(store, query, bindings={"text": ox.Literal(text)},
                            row_cap=MATCHES - 1, trusted=True)  # fmt: skip
    assert isinstance(result, Rows)
    return result


def _organisations(store: Store, index: Path, text: str) -> list[tuple[str, int]] | None:
    """The first :data:`MATCHES` certified organisations (IRI, rank) whose name matches
    ``text``, read from ``index`` and checked in the store; ``None``: ask the query."""
    if not isinstance(store, Lookups):
        return None
    found = matches(index, text)
    if found is None:
        return None
    kept: list[tuple[str, int]] = []
    a, organisation = ox.NamedNode(RDF + "type"), ox.NamedNode(AG + "CertifiedOrganization")
    try:
        with contextlib.closing(found):
            while len(kept) < MATCHES and (batch := list(itertools.islice(found, _BATCH))):
                typed = store.lookup([(ox.NamedNode(iri), a, organisation) for iri, _ in batch],
                                     default_graph=True)  # fmt: skip
                kept += [match for match, yes in zip(batch, typed, strict=True) if yes]
    except sqlite3.Error:
        return None
    return kept[:MATCHES]


def _filled(ranked: list[tuple[str, int]]) -> str:
    """``search-organisations-among.rq`` with its ``VALUES`` holding the matches (IRI and rank,
    written by :func:`graph.sparql.fill_values`'s term writer)."""
    integer = ox.NamedNode(XSD + "integer")
    rows = [(ox.NamedNode(iri), ox.Literal(str(r), datatype=integer)) for iri, r in ranked]
    return sparql.fill_values(load_named("search-organisations-among").text, ["s", "r"], rows)


def matches(index: Path, text: str) -> Iterator[tuple[str, int]] | None:
    """The named things (IRI, rank) whose name matches ``text`` (:func:`rank`), one at a
    time, read from the index file ``index`` (close the iterator when done with it); ``None``
    when the index cannot answer (the text has no word FTS5 would index, such as ``--``, the
    file cannot be read, or the text cannot be written to it): ask the query. Reading may
    raise :class:`sqlite3.Error`."""
    try:
        db = sidecar.connect(index, read_only=True)
    except sqlite3.Error:
        return None
    try:
        if not _has_words(db, text):
            db.close()
            return None
        rows = db.execute("SELECT iri, name FROM names WHERE names MATCH ?", (phrase(text),))
    except (sqlite3.Error, UnicodeError):  # a text SQLite cannot hold (a lone surrogate)
        db.close()
        return None
    return _ranked(db, rows, text)


def _ranked(db: sqlite3.Connection, rows: sqlite3.Cursor, text: str) -> Iterator[tuple[str, int]]:
    try:
        for iri, name in rows:
            r = rank(name, text)
            if r is not None:
                yield iri, r
    finally:
        db.close()


def _has_words(db: sqlite3.Connection, text: str) -> bool:
    """True when FTS5's tokenizer finds a word in ``text`` (asked of SQLite itself, whose
    idea of a letter may be another Unicode version's than Python's): an empty phrase
    matches nothing, where the query may match."""
    db.execute("CREATE VIRTUAL TABLE temp.probe USING fts5(words)")
    db.execute("CREATE VIRTUAL TABLE temp.probe_words USING fts5vocab(temp, probe, 'row')")
    db.execute("INSERT INTO temp.probe VALUES (?)", (text.lower(),))
    return db.execute("SELECT count(*) FROM temp.probe_words").fetchone()[0] > 0


def ensure(store: Store, *, build_missing: bool = True) -> Path | None:
    """The store's name index file: there already, or built now when ``build_missing`` and the
    store may be written (an on-disk embedded store this process holds); ``None`` when it has
    none (:func:`graph.explore.sidecar.ensure`).

    The app passes ``build_missing=False`` for a visitor's search: its warm-up builds the
    index, while it holds off imports (``explorer_pages.warm.exclusive``), and a search before
    then is answered by the query."""
    return sidecar.ensure(store, FILE, FORMAT, build, build_missing=build_missing)


def build(store: Store) -> Path | None:
    """Build the name index of ``store`` (an on-disk embedded store that may be written) from
    every ``schema:name`` in it and keep it in its derived folder; returns the file, or
    ``None`` when the data changed while it was read (nothing is kept)."""
    return sidecar.write(store, FILE, FORMAT, _TABLE, lambda s: _names(s))


def _names(store: Lookups) -> Iterator[tuple[str, str, str]]:
    """(lowercased name, IRI, name) of each ``schema:name`` of a named thing."""
    named = ox.NamedNode
    for subject, name in store.pairs(SCHEMA + "name"):
        if type(subject) is named and type(name) is ox.Literal:
            yield name.value.lower(), subject.value, name.value
