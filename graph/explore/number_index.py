"""The number index: accreditations and certificates found by the start of their number
without reading every number.

For a text that looks like the start of a number (``G-C-03``, ``s-c-0001``), the search box
finds the accreditations and certificates whose number starts with it, in any case
(``search-ids.rq``). That query reads every number: 0.7 s with a million certificates, and
twice that when a number typed in lower case matches nothing and is tried again in capitals,
which is what a buyer checking a forged certificate number meets. An on-disk store keeps the
numbers beside its data instead (:mod:`graph.explore.sidecar`): an SQLite table of every
``ag:number``, lowercased, with its thing's IRI and an index on it, so the numbers starting
with a text are one range of that index.

It answers what the query answers, because it only narrows where to look:

1. The **candidates** are the numbers in the range from the lowercased text up to the first
   text after every text starting with it (:func:`prefix_range`), in the index's order, each
   tested as the query tests it (``str.startswith`` of the lowercased number), at most
   :data:`MATCHES` (as the query's ``LIMIT``).
2. The rows shown are **read from the graph** (``search-ids-among.rq``, the candidates as
   ``VALUES``): the number tested again, only accreditations and certificates, with their
   labels and statuses as stored.

Who builds it, and when a search asks the query instead, is as for the organisation name
index (:mod:`graph.explore.name_index`). Things without an IRI are left to the query.
``tests/explore/test_number_index.py`` checks that both ways give the same rows.

Examples
--------
>>> prefix_range("g-c-03")
('g-c-03', 'g-c-04')
>>> prefix_range("a\\U0010ffff")
('a\\U0010ffff', 'b')
>>> prefix_range("\\U0010ffff")
('\\U0010ffff', None)
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph import sparql
from graph.explore import sidecar
from graph.query import load_named, run_named
from graph.sparql import Rows
from graph.store import Lookups, Store
from graph.vocab.namespaces import AG

__all__ = ["FILE", "MATCHES", "build", "candidates", "ensure", "numbers", "prefix_range"]

#: The index's file name in the store's derived folder.
FILE = "numbers.sqlite"
#: What the file says it is: a file of another layout is built again.
FORMAT = "accredigraph numbers 2"
#: Most matches kept, as ``search-ids.rq``'s ``LIMIT`` (the search counts 1,000).
MATCHES = 1001
#: The numbers lowercased (indexed after every row is in) and their things' IRIs: what is
#: shown of a match is read from the graph.
_TABLE = sidecar.Table(
    "CREATE TABLE numbers (low TEXT NOT NULL, iri TEXT NOT NULL)",
    "INSERT INTO numbers VALUES (?, ?)",
    ("CREATE INDEX numbers_low ON numbers (low)",),
)
#: The last code point: no text starting with a prefix sorts after the prefix followed by it,
#: except texts that go on after it.
_LAST = 0x10FFFF


def prefix_range(prefix: str) -> tuple[str, str | None]:
    """The texts starting with ``prefix`` are those from ``prefix`` (included) to the second
    text (excluded; ``None``: no end), in code point order, which is SQLite's order for UTF-8
    text: ``prefix`` with its last character that can be raised raised by one, and what
    follows it dropped."""
    head = prefix
    while head:
        point = ord(head[-1])
        if point < _LAST:
            point += 1
            if 0xD800 <= point <= 0xDFFF:  # surrogates are no text: the next is U+E000
                point = 0xE000
            return prefix, head[:-1] + chr(point)
        head = head[:-1]
    return prefix, None


def numbers(
    store: Store, text: str, *, limit: int = MATCHES - 1, build_missing: bool = True
) -> Rows:
    """The accreditations and certificates whose number starts with ``text`` (case does not
    matter), as ``search-ids.rq`` answers (at most ``limit`` rows, cut when there are more): from
    the number index when the store has one or can build it (``build_missing``: see
    :func:`ensure`), else from the query.

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> [str(r["identifier"]) for r in numbers(store, "s-c-0001").records()]
    ['S-C-0001']
    """
    text = text.strip()  # as a named query's parameter is bound
    index = ensure(store, build_missing=build_missing)
    found = None if index is None else _candidates(index, text)
    if found is None:
        result = run_named(store, "search-ids", {"text": text}, row_cap=limit)
    else:
        filled = sparql.fill_values(load_named("search-ids-among").text, ["s"],
                                    [(ox.NamedNode(iri),) for iri in found])  # fmt: skip
        result = sparql.run(store, sparql.Query(filled, "search-ids-among"),
                            bindings={"text": ox.Literal(text)}, row_cap=limit,
                            trusted=True)  # fmt: skip
    assert isinstance(result, Rows)
    return result


def _candidates(index: Path, text: str) -> list[str] | None:
    """The IRIs of the first :data:`MATCHES` numbers starting with ``text``, read from the
    index (the same thing twice when it has two such numbers: the query counts both);
    ``None``: ask the query (the file cannot be read, or the text cannot be written to it)."""
    try:
        with contextlib.closing(candidates(index, text)) as found:
            iris = [iri for _, iri in zip(range(MATCHES), found, strict=False)]
    except (sqlite3.Error, UnicodeError):  # a text SQLite cannot hold (a lone surrogate)
        return None
    return list(dict.fromkeys(iris))


def candidates(index: Path, text: str) -> Iterator[str]:
    """The IRI of each thing whose number in the index file ``index`` starts with ``text`` in
    any case, in the order of the lowercased numbers, one at a time (close the iterator when
    done with it). Reading may raise :class:`sqlite3.Error`."""
    low = text.lower()
    start, end = prefix_range(low)
    db = sidecar.connect(index, read_only=True)
    try:
        if end is None:
            rows = db.execute("SELECT low, iri FROM numbers WHERE low >= ? ORDER BY low",
                              (start,))  # fmt: skip
        else:
            rows = db.execute("SELECT low, iri FROM numbers WHERE low >= ? AND low < ? "
                              "ORDER BY low", (start, end))  # fmt: skip
        for number_low, iri in rows:
            if number_low.startswith(low):
                yield iri
    finally:
        db.close()


def ensure(store: Store, *, build_missing: bool = True) -> Path | None:
    """The store's number index file: there already, or built now when ``build_missing`` and
    the store may be written; ``None`` when it has none (:func:`graph.explore.sidecar.ensure`,
    as :func:`graph.explore.name_index.ensure`)."""
    return sidecar.ensure(store, FILE, FORMAT, build, build_missing=build_missing)


def build(store: Store) -> Path | None:
    """Build the number index of ``store`` (an on-disk embedded store that may be written)
    from every ``ag:number`` in it and keep it in its derived folder; returns the file, or
    ``None`` when the data changed while it was read (nothing is kept)."""
    return sidecar.write(store, FILE, FORMAT, _TABLE, lambda s: _numbers(s))


def _numbers(store: Lookups) -> Iterator[tuple[str, str]]:
    """(lowercased number, IRI) of each ``ag:number`` of a named thing; the number as SPARQL's
    ``STR`` gives it (a literal's text, an IRI's)."""
    named = ox.NamedNode
    for subject, number in store.pairs(AG + "number"):
        if type(subject) is named and isinstance(number, (ox.Literal, ox.NamedNode)):
            yield number.value.lower(), subject.value
