"""Lapse windows: the days on which an accreditation's coverage of a pair can show in the red
flag ``red-flag-lapsed-accreditation-valid-certificates``, worked out at build and import time.

That red flag lists, on a date, the "valid" certificates of the (certification body, standard
work) pairs whose accreditation is lapsed on that date — suspended, withdrawn or expired, or
active but past its validity — while no other accreditation in force covers the pair. Which
coverage nodes (:func:`graph.ingest.flag_pages.write_coverage`, one per accreditation and pair)
that holds for changes only on the days an accreditation of the pair starts or ends, so it is
worked out once for every day: each coverage node gets a *window* node per run of days on
which it is lapsed and its pair not covered by an accreditation in force (``ag:lapseOf`` the
coverage node, ``ag:lapseFrom`` and ``ag:lapseUntil`` both days included, with the coverage's
``ag:lapseNumber`` and ``ag:lapsePair`` for the first step's order and counts). The first step
(``internal-flag-pages-lapsed-accreditation``) then reads the few hundred windows that hold the
date, instead of the status and dates of every coverage node and a ``MINUS`` over the pairs'
accreditations in force.

The windows only narrow where the red flag starts: the red flag itself still checks the lapse
and the accreditations in force, so a window may hold more days, never fewer. A date the
windows cannot place (anything but a plain ``xsd:date``: with a time zone, of another datatype,
malformed) widens them: an accreditation ending on such a date counts as lapsed on every day,
one in force with such dates as covering none. An open end is the first or the last day a
date can name (0001-01-01, 9999-12-31).

Examples
--------
An accreditation withdrawn, and its pair covered by a renewal in force from 2024 to 2026:

>>> day = dt.date.fromisoformat
>>> ACTIVE, WITHDRAWN = (f"{AGC}accreditation-status/{s}" for s in ("active", "withdrawn"))
>>> old = Coverage("urn:old", "urn:pair", "A-1", WITHDRAWN, day("2019-01-01"), day("2023-12-31"))
>>> new = Coverage("urn:new", "urn:pair", "A-2", ACTIVE, day("2024-01-01"), day("2026-12-31"))
>>> for w in lapse_windows([old, new]):
...     print(w.coverage, w.start, w.until)
urn:new 2027-01-01 9999-12-31
urn:old 0001-01-01 2023-12-31
urn:old 2027-01-01 9999-12-31
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.ingest.context import Sink
from graph.ingest.void_tracker import Tracker, changing
from graph.query import run_named
from graph.store import Store
from graph.vocab.mint import XSD_DATE
from graph.vocab.namespaces import AG, AGC, AGD, with_prefixes

__all__ = [
    "FIRST",
    "LAST",
    "UNPLACED",
    "Coverage",
    "Unplaced",
    "Window",
    "coverage_from_store",
    "lapse_windows",
    "refresh_windows",
    "write_windows",
]

#: The first and last days a date can name: the open ends of a window.
FIRST, LAST = dt.date.min, dt.date.max
_DAY = dt.timedelta(days=1)
_ACTIVE = f"{AGC}accreditation-status/active"
_PLAIN = re.compile(r"\d{4}-\d{2}-\d{2}")
_DELETE = "DELETE { ?window ?p ?o } WHERE { ?window ag:lapseOf ?coverage ; ?p ?o }"


class Unplaced:
    """A date the windows cannot place (see the module's text): compared with no day."""

    def __repr__(self) -> str:
        return "UNPLACED"


#: The one :class:`Unplaced` value.
UNPLACED = Unplaced()
Day = dt.date | Unplaced | None


@dataclass(frozen=True)
class Coverage:
    """What a coverage node says (one value of each; a node with several gives one record per
    combination): its IRI, its pair's page, the accreditation's number, status (an IRI, or a
    literal's text when ``status_iri`` is false) and first and last days (``None``: missing,
    :data:`UNPLACED`: not a plain date)."""

    node: str
    pair: str
    number: str | None
    status: str | None
    start: Day
    until: Day
    status_iri: bool = True


@dataclass(frozen=True)
class Window:
    """The days from ``start`` to ``until`` (both included) on which ``coverage`` (of the pair
    page ``pair``, the accreditation ``numbers``) is lapsed and its pair not covered."""

    coverage: str
    pair: str
    numbers: tuple[str, ...]
    start: dt.date
    until: dt.date

    @property
    def iri(self) -> str:
        key = f"{self.coverage} {self.pair} {self.start.isoformat()}"
        return f"{AGD}lapse/{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}"


def lapse_windows(coverages: Iterable[Coverage]) -> list[Window]:
    """The windows of every coverage node in ``coverages``, in coverage, pair and day order."""
    covered: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    lapsed: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    numbers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in coverages:
        start, until = c.start, c.until
        if (c.status_iri and c.status == _ACTIVE and isinstance(start, dt.date)
                and isinstance(until, dt.date) and start <= until):  # fmt: skip
            covered[c.pair].append((start, until))
        if c.number is None or c.status is None or until is None:
            continue  # the red flag does not find it
        key = (c.node, c.pair)
        numbers[key].add(c.number)
        active = c.status_iri and c.status.partition("accreditation-status/")[2] == "active"
        if not active or not isinstance(until, dt.date):
            lapsed[key].append((FIRST, LAST))
        elif until < LAST:
            lapsed[key].append((until + _DAY, LAST))
    out = []
    for (node, pair), spans in sorted(lapsed.items()):
        free = _complement(_union(covered.get(pair, [])))
        for start, until in _intersect(_union(spans), free):
            out.append(Window(node, pair, tuple(sorted(numbers[(node, pair)])), start, until))
    return out


def _union(spans: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """``spans`` (days, both ends included) merged: sorted, apart, not touching."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, until in sorted(spans):
        if out and (out[-1][1] >= LAST or start <= out[-1][1] + _DAY):
            out[-1] = (out[-1][0], max(out[-1][1], until))
        else:
            out.append((start, until))
    return out


def _complement(spans: Sequence[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The days from :data:`FIRST` to :data:`LAST` outside the merged ``spans``."""
    out, at = [], FIRST
    for start, until in spans:
        if start > at:
            out.append((at, start - _DAY))
        if until >= LAST:
            return out
        at = until + _DAY
    return [*out, (at, LAST)]


def _intersect(a: Sequence[tuple[dt.date, dt.date]],
               b: Sequence[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:  # fmt: skip
    """The days in both merged lists of spans."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, until = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start <= until:
            out.append((start, until))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def write_windows(out: Sink, windows: Iterable[Window]) -> None:
    """Write ``windows`` to ``out``."""
    for w in windows:
        node = w.iri
        out.iri(node, AG + "lapseOf", w.coverage)
        out.iri(node, AG + "lapsePair", w.pair)
        for number in w.numbers:
            out.lit(node, AG + "lapseNumber", number)
        out.lit(node, AG + "lapseFrom", w.start.isoformat(), XSD_DATE)
        out.lit(node, AG + "lapseUntil", w.until.isoformat(), XSD_DATE)


def _day(term: ox.Term | None) -> Day:
    if term is None:
        return None
    if not isinstance(term, ox.Literal) or term.datatype.value != XSD_DATE:
        return UNPLACED
    if not _PLAIN.fullmatch(term.value):
        return UNPLACED
    try:
        return dt.date.fromisoformat(term.value)
    except ValueError:
        return UNPLACED


def coverage_from_store(store: Store) -> list[Coverage]:
    """Every coverage node of ``store`` as :class:`Coverage` records
    (``internal-lapse-coverage``)."""
    rows = run_named(store, "internal-lapse-coverage", row_cap=None, timeout=None).rows
    out = []
    for node, pair, number, status, start, until in rows:
        out.append(Coverage(node.value, pair.value,
                            None if number is None else number.value,
                            None if status is None else status.value,
                            _day(start), _day(until),
                            status_iri=isinstance(status, ox.NamedNode)))  # fmt: skip
    return out


def refresh_windows(store: Store, tracker: Tracker | None = None) -> set[str]:
    """Replace every window of ``store`` by those its coverage nodes now give, after an
    import with accreditations (or with Turtle: :func:`graph.ingest.derived.refresh_derived`
    calls it once it has written the coverage nodes again); returns the IRIs of
    the windows that were not there before. A ``tracker`` (an import's) counts the old
    triples out of, and the new ones into, the VoID statistics."""
    out = Sink()
    write_windows(out, lapse_windows(coverage_from_store(store)))
    data = out.data()
    new = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else []
    rows = run_named(store, "internal-lapse-window-triples", row_cap=None, timeout=None).rows
    old = [ox.Triple(*row) for row in rows]  # type: ignore[misc]
    if set(new) == set(old):
        return set()  # nothing changed: no update at all

    def replace() -> None:
        store.update(with_prefixes(_DELETE))
        if new:
            store.add(new)

    changing(tracker, new, old, replace)
    return {t.subject.value for t in new} - {t.subject.value for t in old}
