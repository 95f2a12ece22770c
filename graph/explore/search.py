"""Find entities by what people type: a name, an acronym, an id, a number or a designation.

Three named queries answer, each ordered and capped in SPARQL, and their hits are merged by
rank (exact, prefix, word start, anywhere), then by kind (bodies and standards before bulk
records), then by the shortest identifier:

- ``search.rq``: bodies, networks, arrangements, standards and IAF sectors, matched anywhere in
  their label, acronym, id, designation or notation ("28", "IAF 28", "EA 28"); accreditations
  and certificates whose number is exactly the text. Never touches certificates otherwise.
- ``search-ids.rq``: accreditations and certificates whose number *starts* with the text (run
  only for texts that look like the start of a number: a digit, no space) — one pass over the
  numbers, 0.7 s on disk with a million certificates, so an on-disk store answers it from its
  number index instead (:mod:`graph.explore.number_index`: the same rows, in milliseconds).
- ``search-organisations.rq``: certified organisations whose name starts with the text or has
  a word starting with it. The query reads every name (10.7 s with a million certificates
  and nothing found), so an on-disk store answers it from its name index instead
  (:mod:`graph.explore.name_index`: the same rows, in milliseconds); pass
  ``kinds=FAST_KINDS`` to leave organisations out.

and it forgives what people type:

- **designations** the way people write them (``ISO 27001`` for ISO/IEC 27001, ``iso9001``,
  with or without the edition) resolve through the standards catalogue;
- **numbers** in any case (``s-c-0001`` finds S-C-0001);
- **countries** by ISO 3166 code or name (``GB``, ``GBR``, ``United Kingdom``; ``UK`` too)
  find the bodies there (``search-country.rq``);
- **misspelt names** (``Bureau Veritaz``): when nothing else matches, the names and acronyms
  of bodies, networks, arrangements and standards close to the text (``search-names.rq``,
  :mod:`difflib`).

:func:`find` returns a page of the ranked matches with their number ("1–20 of 140") and their
counts per kind, per country and per standard (facets, :mod:`graph.explore.facets`: "GB 12 ·
DE 7", "ISO 9001 30 · ISO/IEC 27001 5"), counted over every match, not only the page;
``country=`` and ``standard=`` keep the matches of one country or standard, as ``kinds=``
keeps kinds. :func:`search` is the first page as a list.

Examples
--------
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> hit = search(store, "ukas")[0]
>>> hit.label, hit.kind, hit.identifier
('United Kingdom Accreditation Service', 'accreditation-body', 'UKAS')
>>> [h.label for h in search(store, "IAF 28", kinds=["sector"])]
['IAF 28: Construction']
>>> [h.identifier for h in search(store, "iso 27001", limit=1)]
['ISO/IEC 27001']
>>> found = find(store, "GB", kinds=["accreditation-body"])
>>> found.hits[0].identifier, found.total >= 1
('UKAS', True)
>>> found = find(store, "S-C-0", country="GB", standard="ISO 9001")
>>> dict(found.by_country)["GB"] == found.total, dict(found.by_standard)["ISO 9001"] == found.total
(True, True)
>>> search(store, "   ")
[]
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import QueryError
from graph.explore.entity import summarise, total_in_words
from graph.explore.facets import counted, country_code, country_filter, facets_of, standard_filter
from graph.explore.name_index import organisations
from graph.explore.number_index import numbers
from graph.explore.resolve import standards_catalogue
from graph.query import run_named
from graph.sparql import Rows
from graph.store import Store
from graph.vocab.kinds import KINDS, SEARCH_KINDS
from graph.vocab.mint import accreditation_iri, certificate_iri

__all__ = ["FAST_KINDS", "MATCH_LIMIT", "SEARCH_KINDS", "Found", "Hit", "find", "search"]

# The kinds :func:`search` can return (``kinds=`` takes any of them) are
# :data:`~graph.vocab.kinds.SEARCH_KINDS`.

#: Every kind but organisations: searching these never reads all organisation names.
FAST_KINDS = tuple(k for k in SEARCH_KINDS if k != "organisation")

_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_MAX_TEXT = 200
#: Most matches each of the search's queries reads; beyond it the count says "more than".
#: (``search-ids.rq`` and ``search-organisations.rq`` stop their scans at one more than this.)
MATCH_LIMIT = 1000
#: How close a misspelt name must be (difflib's ratio) to count as a match.
_CLOSE = 0.8
#: The ranks of a match: the text equals, starts, starts a word of, or is somewhere in a name;
#: or it is only close to one (misspelt).
EXACT, PREFIX, WORD, ANYWHERE, CLOSE = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Hit:
    """One search result.

    Attributes
    ----------
    iri : str
        The entity's IRI (its page is ``?entity=<iri>``).
    label : str
        Its name or label.
    kind : str
        One of :data:`SEARCH_KINDS`.
    identifier : str
        What identifies it to people: acronym, number, designation or "IAF 28".
    detail : str
        A little context: country, title, status or sector name ("" when none).
    """

    iri: str
    label: str
    kind: str
    identifier: str
    detail: str


def _hits(result: Rows) -> list[tuple[int, Hit]]:
    ranked = []
    for row in result.records():
        iri = row["s"]
        hit = Hit(
            iri=iri,
            label=str(row.get("label") or iri),
            kind=str(row["kind"]),
            identifier=str(row.get("identifier") or ""),
            detail=str(row.get("detail") or ""),
        )
        ranked.append((int(row["rank"]), hit))
    return ranked


@dataclass(frozen=True)
class Found:
    """One page of the matches of a search, how many there are, and how many of each kind.

    Attributes
    ----------
    hits : tuple of Hit
        This page of the matches, best first.
    total : int
        How many matches there are (a lower bound when ``exact`` is False).
    exact : bool
        False when a query stopped reading at :data:`MATCH_LIMIT`.
    by_kind : tuple of (str, int)
        The number of matches of each kind, in the order of the kinds (the facets).
    offset : int
        Where this page starts among the matches.
    by_country, by_standard : tuple of (str, int)
        The number of matches in each country (ISO 3166 alpha-2) and concerning each standard
        (its designation), most first; each counted with the other filters applied but not its
        own, so they show what choosing another country or standard would give. A match may
        have no country or several standards. Lower bounds when ``exact`` is False.
    country, standard : str or None
        The filters applied: a country code, a standard's designation.
    """

    hits: tuple[Hit, ...]
    total: int
    exact: bool
    by_kind: tuple[tuple[str, int], ...]
    offset: int
    by_country: tuple[tuple[str, int], ...] = ()
    by_standard: tuple[tuple[str, int], ...] = ()
    country: str | None = None
    standard: str | None = None

    def in_words(self) -> str:
        """``"1–20 of 140"``, ``"21–23 of 23"`` or ``"no matches"``.

        >>> Found((), 0, True, (), 0).in_words()
        'no matches'
        """
        if not self.total:
            return "no matches"
        first, last = self.offset + 1, self.offset + len(self.hits)
        shown = f"{first}–{last}" if self.hits else "none"
        if not self.exact and (self.country or self.standard):
            return f"{shown} of at least {self.total:,}"  # the filter kept part of a cut list
        return f"{shown} of {total_in_words(self.total, self.exact)}"

    def count_in_words(self, count: int) -> str:
        """A facet's count: ``"12"``, or ``"12+"`` when the matches were cut at the limit
        (then at least that many).

        >>> Found((), 0, False, (), 0).count_in_words(1234)
        '1,234+'
        """
        return f"{count:,}" if self.exact else f"{count:,}+"


def find(
    store: Store,
    text: str,
    *,
    kinds: Sequence[str] | None = None,
    country: str | None = None,
    standard: str | None = None,
    offset: int = 0,
    limit: int = 20,
    facets: bool = True,
    build_index: bool = True,
) -> Found:
    """The matches of ``text`` (case does not matter), ranked, counted, one page of them.

    Parameters
    ----------
    store : Store
        The graph.
    text : str
        What the user typed. Empty or blank text finds nothing.
    kinds : sequence of str, optional
        Keep only these kinds (see :data:`SEARCH_KINDS`); all kinds when None.
    country : str, optional
        Keep only matches in this country (an ISO 3166 code or name; see
        :mod:`graph.explore.facets` for what a certificate's country is).
    standard : str, optional
        Keep only matches concerning this standard (a designation as people write it; an
        edition stands for its work).
    offset, limit : int
        The page: ``limit`` matches from the ``offset``-th on.
    facets : bool
        Count the matches per country and per standard (one more query); False leaves
        ``by_country`` and ``by_standard`` empty unless a filter needs them.
    build_index : bool
        Build the store's organisation name index and number index now if the search needs
        one the store has not and may build (:func:`graph.explore.name_index.ensure`,
        :func:`graph.explore.number_index.ensure`); False: use them only if they are there.

    Returns
    -------
    Found
        Exact matches of an id, acronym, number, designation or notation first, then
        prefixes, matches at a word start, anywhere, and last names only close to the text.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> found = find(store, "27001", kinds=["standard"], limit=1)
    >>> [h.identifier for h in found.hits], found.in_words()
    (['ISO/IEC 27001'], '1–1 of 3')
    """
    text = " ".join(text.split())[:_MAX_TEXT]
    wanted = set(SEARCH_KINDS if kinds is None else kinds)
    unknown = wanted - set(SEARCH_KINDS)
    if unknown:
        raise QueryError(
            f"unknown kind {', '.join(sorted(unknown))}; use {', '.join(SEARCH_KINDS)}"
        )
    code = country_filter(country)
    work, designation = standard_filter(store, standard)
    if not text:
        return Found((), 0, True, (), 0, country=code, standard=designation)
    ranked, exact = _matches(store, text, wanted, kinds is None, build_index)
    best: dict[str, tuple[int, Hit]] = {}
    for rank, hit in ranked:
        if hit.kind in wanted and (hit.iri not in best or rank < best[hit.iri][0]):
            best[hit.iri] = (rank, hit)
    ordered = [hit for _, hit in sorted(best.values(), key=_sort_key)]
    by_country: tuple[tuple[str, int], ...] = ()
    by_standard: tuple[tuple[str, int], ...] = ()
    if facets or code or work:  # every match's country and standards, to count and filter
        of = facets_of(store, [(hit.iri, hit.kind) for hit in ordered])
        here = {h.iri for h in ordered if code is None or code in of[h.iri].countries}
        about = {h.iri for h in ordered if work is None or work in of[h.iri].standards}
        by_country = counted(of[h.iri].countries for h in ordered if h.iri in about)
        by_standard = counted(of[h.iri].standards.values() for h in ordered if h.iri in here)
        ordered = [h for h in ordered if h.iri in here and h.iri in about]
    counts = Counter(hit.kind for hit in ordered)
    by_kind = tuple((kind, counts[kind]) for kind in SEARCH_KINDS if counts[kind])
    offset, limit = max(0, int(offset)), max(0, int(limit))
    page = tuple(ordered[offset : offset + limit])
    return Found(page, len(ordered), exact, by_kind, offset, by_country, by_standard, code,
                 designation)  # fmt: skip


def search(
    store: Store, text: str, *, limit: int = 20, kinds: Sequence[str] | None = None
) -> list[Hit]:
    """The first ``limit`` matches of ``text``, best first (the first page of :func:`find`).

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> [h.identifier for h in search(store, "27001", kinds=["standard"], limit=1)]
    ['ISO/IEC 27001']
    """
    return list(find(store, text, kinds=kinds, limit=limit, facets=False).hits)


def _matches(
    store: Store, text: str, wanted: set[str], every_kind: bool, build_index: bool
) -> tuple[list[tuple[int, Hit]], bool]:
    """Every ranked match of every query, and False when one was cut at the limit."""
    kinds_param = "any" if every_kind else " ".join(sorted(wanted)) or "none"
    results = [run_named(store, "search", {"text": text, "kinds": kinds_param},
                         row_cap=MATCH_LIMIT)]  # fmt: skip
    if wanted & {"accreditation", "certificate"} and _looks_like_a_number(text):
        ids = numbers(store, text, limit=MATCH_LIMIT, build_missing=build_index)
        if not ids.rows and text.upper() != text:  # numbers in any case
            ids = numbers(store, text.upper(), limit=MATCH_LIMIT, build_missing=build_index)
        results.append(ids)
    if "organisation" in wanted and len(text) >= 2:
        results.append(organisations(store, text, build_missing=build_index))
    ranked = [match for result in results for match in _hits(result)]
    ranked += _numbers(store, text, wanted) + _designation(store, text, wanted)
    countries, cut = _country(store, text, wanted)
    ranked += countries
    if len(text) >= 4 and not any(hit.kind in wanted for _, hit in ranked):
        ranked += _close_names(store, text, wanted)  # nothing else: perhaps a misspelling
    exact = not cut and not any(isinstance(r, Rows) and r.truncated for r in results)
    return ranked, exact


def _numbers(store: Store, text: str, wanted: set[str]) -> list[tuple[int, Hit]]:
    """A certificate or accreditation whose number is ``text`` in another case."""
    found = []
    upper = text.upper()
    if upper == text or " " in text:
        return found
    for kind, iri in (("certificate", certificate_iri(upper)),
                      ("accreditation", accreditation_iri(upper))):  # fmt: skip
        if kind in wanted and (summary := summarise(store, iri)).known:
            found.append((EXACT, Hit(iri, summary.label, kind, upper, "")))
    return found


def _designation(store: Store, text: str, wanted: set[str]) -> list[tuple[int, Hit]]:
    """The standard ``text`` names, written the way people write it (``ISO 27001``)."""
    if "standard" not in wanted:
        return []
    entry = standards_catalogue(store).resolve(text)
    if entry is None:
        return []
    summary = summarise(store, entry.iri)
    return [(EXACT, Hit(entry.iri, summary.label, "standard", entry.designation, ""))]


def _country(store: Store, text: str, wanted: set[str]) -> tuple[list[tuple[int, Hit]], bool]:
    """The bodies in the country ``text`` names, and True when they were cut at the limit."""
    if not wanted & {"accreditation-body", "certification-body", "standards-body"}:
        return [], False
    code = country_code(text) if len(text) >= 2 else None
    if code is None:
        return [], False
    result = run_named(store, "search-country", {"country": code}, row_cap=MATCH_LIMIT)
    found = []
    for row in result.records():
        label = str(row.get("label") or row["s"])
        hit = Hit(str(row["s"]), label, str(row["kind"]), str(row.get("identifier") or ""), code)
        found.append((WORD, hit))
    return found, bool(result.truncated)


def _close_names(store: Store, text: str, wanted: set[str]) -> list[tuple[int, Hit]]:
    """Entities with a name close to ``text`` (a misspelling), by :mod:`difflib`'s ratio."""
    rows = run_named(store, "search-names", row_cap=None, timeout=None).records()
    names: dict[str, list[dict]] = {}
    for row in rows:
        if row["kind"] in wanted:
            names.setdefault(str(row["name"]).lower(), []).append(row)
    found = []
    for name in difflib.get_close_matches(text.lower(), names, n=10, cutoff=_CLOSE):
        for row in names[name]:
            summary = summarise(store, str(row["s"]))
            found.append((CLOSE, Hit(str(row["s"]), summary.label, str(row["kind"]),
                                     str(row["name"]), "")))  # fmt: skip
    return found


def _looks_like_a_number(text: str) -> bool:
    """Worth a pass over every number: two characters or more, a digit, no space."""
    return len(text) >= 2 and " " not in text and any(c.isdigit() for c in text)


def _sort_key(ranked: tuple[int, Hit]) -> tuple[int, int, int, str, str]:
    """The order the queries sort by: rank, kind, shortest identifier, identifier, label."""
    rank, hit = ranked
    ident = hit.identifier or hit.label
    return (rank, _ORDER.get(hit.kind, len(_ORDER)), len(ident), ident.lower(), hit.label)
