"""The countries and standards of search matches: what the search counts them by and filters on.

:func:`facets_of` reads, for a list of entities, each one's countries (ISO 3166 alpha-2) and
standards (the works: an edition counts as its work) with the named query ``search-facets.rq``,
which says what "country" and "standard" mean for each kind: a body's or organisation's own
country, an attestation's subject's; a certificate's standard, a certification body's scope and
the standards it certifies to, and so on. Networks, arrangements and sectors have neither.

:func:`counted` counts a list of such facets: the numbers beside "GB 12 · DE 7" in the search.

Examples
--------
>>> from graph.ingest.build import build_store
>>> from graph.vocab.mint import body_iri, certificate_iri
>>> store, _ = build_store("memory")
>>> found = facets_of(store, [(body_iri("ukas"), "accreditation-body"),
...                           (certificate_iri("S-C-0001"), "certificate")])
>>> found[body_iri("ukas")].countries
frozenset({'GB'})
>>> "ISO 9001" in found[body_iri("ukas")].standards.values()
True
>>> counted([found[body_iri("ukas")].countries, found[certificate_iri("S-C-0001")].countries])
(('GB', 2),)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph import sparql
from graph.errors import QueryError
from graph.explore.resolve import standards_catalogue
from graph.query import load_named
from graph.sparql import Rows
from graph.store import Store
from graph.vocab.countries import country_code

__all__ = [
    "BATCH",
    "BLOCKS",
    "Facets",
    "counted",
    "country_code",
    "country_filter",
    "facets_of",
    "standard_filter",
]

#: Most matches one run of ``search-facets.rq`` looks up (its ``VALUES`` blocks together).
BATCH = 2000
#: Codes that are not ISO 3166 alpha-2 but that people type for a country.
#: The ``VALUES`` blocks of ``search-facets.rq``, and the kinds of match each is filled with
#: (``None``: every match).
BLOCKS: dict[str, frozenset[str] | None] = {
    "entity": None,
    "attestation": frozenset({"accreditation", "certificate"}),
    "standard": frozenset({"standard"}),
    "organisation": frozenset({"organisation"}),
    "cb": frozenset({"certification-body"}),
    "ab": frozenset({"accreditation-body"}),
    "publisher": frozenset({"standards-body"}),
}


@dataclass(frozen=True)
class Facets:
    """What one entity is counted under.

    Attributes
    ----------
    countries : frozenset of str
        ISO 3166 alpha-2 codes (usually one; none for standards, sectors, networks …).
    standards : dict
        The standard works it concerns: IRI -> designation (``"ISO 9001"``).
    """

    countries: frozenset[str] = frozenset()
    standards: dict[str, str] = field(default_factory=dict)


def _filled(text: str, matches: Sequence[tuple[str, str]]) -> str:
    """``search-facets.rq`` with each ``VALUES`` block holding the matches of its kinds (IRIs
    written by :func:`graph.sparql.fill_values`'s term writer)."""
    import pyoxigraph as ox

    for variable, kinds in BLOCKS.items():
        iris = [(ox.NamedNode(iri),) for iri, kind in matches if kinds is None or kind in kinds]
        text = sparql.fill_values(text, [variable], iris)
    return text


def facets_of(
    store: Store, matches: Iterable[tuple[str, str]], *, timeout: float | None = None
) -> dict[str, Facets]:
    """The countries and standards of each match, given as ``(iri, kind)`` (a kind of
    :data:`graph.vocab.kinds.KINDS`): one entry per IRI, empty when it has none. Read in
    batches of :data:`BATCH` matches, each one query."""
    wanted = list(dict.fromkeys(matches))
    countries: dict[str, set[str]] = {iri: set() for iri, _ in wanted}
    standards: dict[str, dict[str, str]] = {iri: {} for iri, _ in wanted}
    text = load_named("search-facets").text
    kwargs = {} if timeout is None else {"timeout": timeout}
    for at in range(0, len(wanted), BATCH):
        query = sparql.Query(_filled(text, wanted[at : at + BATCH]), "search-facets")
        result = sparql.run(store, query, row_cap=None, trusted=True, **kwargs)
        assert isinstance(result, Rows)
        for row in result.records():
            iri, value = str(row["s"]), str(row["value"])
            if row["facet"] == "country":
                countries[iri].add(value.upper())
            elif row.get("work"):
                standards[iri][str(row["work"])] = value
    return {iri: Facets(frozenset(countries[iri]), standards[iri]) for iri in countries}


def counted(values: Iterable[Iterable[str]]) -> tuple[tuple[str, int], ...]:
    """How many of ``values`` (one collection per match) hold each value, most first, then
    alphabetically.

    >>> counted([{"GB"}, {"DE"}, {"GB"}, set()])
    (('GB', 2), ('DE', 1))
    """
    counts = Counter(value for each in values for value in set(each))
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].lower(), item[0])))


def country_filter(country: str | None) -> str | None:
    """The ISO 3166 alpha-2 code a country filter names, or None for no filter."""
    if country is None or not country.strip():
        return None
    code = country_code(country.strip()[:200])
    if code is None:
        raise QueryError(f"unknown country {country.strip()[:60]!r}: give an ISO 3166 code "
                         "(GB, DEU) or a name (Germany)")  # fmt: skip
    return code


def standard_filter(store: Store, standard: str | None) -> tuple[str | None, str | None]:
    """The work a standard filter names (an edition stands for its work) and its designation,
    or (None, None) for no filter."""
    if standard is None or not standard.strip():
        return None, None
    catalogue = standards_catalogue(store)
    entry = catalogue.resolve(standard.strip()[:200])
    if entry is None:
        raise QueryError(f"{standard.strip()[:60]!r} is not a standard in the graph "
                         "(e.g. ISO 9001, ISO/IEC 27001)")  # fmt: skip
    work = next((w for w in catalogue.works.values() if w.iri == entry.work_iri), entry)
    return work.iri, work.designation
