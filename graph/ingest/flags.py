"""Red flags kept as triples, so the date-independent red-flag queries answer at once at scale.

Three rules of ``graph/query/queries/red-flag-*-direct.rq`` check every certificate against
its issuer's accreditations; over a million certificates that join takes tens of seconds. So
while certificates stream through a build or import, :meth:`FlagRules.flags` applies the same
rules with dictionary look-ups against the accreditations, IAF MLA signatory records and
memberships known so far, :func:`standard_flags` the fourth (a standard nobody can be certified
to), and :func:`write_flags` writes one ``ag:RedFlag`` node per row the direct query would
return:

- ``ab-not-signatory``: ``ag:flagAccreditation`` and ``ag:flagProblem`` (the direct query's
  ``?problem``);
- ``issued-before-accreditation``: ``ag:flagAccreditation`` (a first accreditation for the
  standard) and ``ag:daysEarly``;
- ``sector-outside-scope``: ``ag:flagSector``;
- ``non-certifiable-standard``: ``ag:flagStandardKind`` (the direct query's ``?kind``: the
  standard's kind, or "unknown" when the designation named no known standard) and
  ``ag:flagOrganisationName``.

Each node also carries ``ag:flagRule``, ``ag:flaggedCertificate``, ``ag:flagIssuer`` (the
certification body, or whatever a non-certifiable certificate names as issuer) and what the
queries show of the certificate (:class:`Shown`); the public ``red-flag-*`` queries read them
with one pass over each flag property, joined by hash, and
the rest of their columns from the small tables of accreditations, bodies and sectors. The
node's IRI is a digest of what it says, so the same flag is always the same node.
Each flag is also kept in a page of its rule's flags (``ag:flagPage``, placed by
:class:`graph.ingest.flag_pages.FlagPages` once the flags are all written), so that a page of a
query's answer reads only the flags it shows.

Unlike the certificate counts (:mod:`graph.ingest.summaries`), a flag of an old certificate can
change: a later folder or import may add an earlier accreditation, a sector, a membership.
:class:`FlagRules` notes which certification bodies with certificates already flagged such a
change touches (:attr:`FlagRules.dirty`); :func:`graph.ingest.flag_store.refresh_flags` then
recomputes those bodies' flags from the store and replaces their old nodes, in the same atomic
update as the build or import.

Examples
--------
>>> import datetime as dt
>>> rules = FlagRules()
>>> rules.add_accreditation("http://x/a1", "http://x/cb", "http://x/ab", {"http://x/9001"},
...                         dt.date(2020, 1, 1), all_sectors=False, sectors={"http://x/s17"})
>>> [f.rule for f in rules.flags("http://x/cb", "http://x/9001", dt.date(2019, 12, 1),
...                               {"http://x/s17", "http://x/s30"})]
['ab-not-signatory', 'issued-before-accreditation', 'sector-outside-scope']
>>> rules.certified.add("http://x/cb")
>>> rules.add_member("http://x/ab")  # the AB joins a network: the CB's flags change
>>> sorted(rules.dirty)
['http://x/cb']
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from graph.ingest.flag_pages import FlagPages
from graph.vocab.mint import XSD_DATE, XSD_INTEGER
from graph.vocab.namespaces import AG, AGD, RDFS, code

if TYPE_CHECKING:
    from graph.ingest.context import Sink

__all__ = ["RULES", "Flag", "FlagRules", "Shown", "standard_flags", "write_flags"]

#: The rules materialised, each answered by ``red-flag-<rule>`` (``-direct``: the reference).
RULES = (
    "ab-not-signatory",
    "issued-before-accreditation",
    "sector-outside-scope",
    "non-certifiable-standard",
)
#: The only standard kind anyone can be certified to (``ag:certifiable true``).
CERTIFIABLE_KIND = "management-system-requirements"

#: How a flag's label names its rule (entity pages show flags among a certificate's links).
RULE_WORDS = {
    "ab-not-signatory": "accredited only by bodies not signatories for the standard",
    "issued-before-accreditation": "issued before the body's accreditation for the standard",
    "sector-outside-scope": "a sector outside the accreditation's scope",
    "non-certifiable-standard": "a standard nobody can be certified to",
}

SIGNATORY = code("signatory-state", "signatory")
NOT_SIGNATORY = code("signatory-state", "not-signatory")
UNVERIFIED = code("signatory-state", "unverified")


class Shown(NamedTuple):
    """What the red-flag queries show of the flagged certificate, kept on each of its flags so
    that they read it without looking the certificate up (Oxigraph looks up a few hundred
    thousand statements a second; tens of thousands of flags would take seconds)."""

    number: str
    designation: str
    status: str  #: the status code: "valid", "suspended", "withdrawn" or "expired"
    issued: dt.date
    organisation: str | None = None  #: the certified organisation's name


class Flag(NamedTuple):
    """One row of a red flag: the rule, and what the row names besides the certificate."""

    rule: str
    accreditation: str | None = None
    problem: str | None = None
    days_early: int | None = None
    sector: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class _Accreditation:
    iri: str
    ab: str
    start: dt.date
    all_sectors: bool
    sectors: frozenset[str]


@dataclass(frozen=True)
class _Pair:
    """What the rules say about every certificate of one (certification body, standard work)."""

    not_signatory: tuple[Flag, ...]
    first: dt.date | None
    first_ones: tuple[str, ...]
    allowed: frozenset[str] | None  # None: some accreditation has no sector limits


@dataclass
class FlagRules:
    """The accreditations, IAF MLA signatory records and memberships the rules look at."""

    #: (CB IRI, standard work IRI) -> accreditation IRI -> the accreditation.
    covers: dict[tuple[str, str], dict[str, _Accreditation]] = field(default_factory=dict)
    #: AB IRI -> (signatory state IRI, scope list complete, sub-scope standard works).
    signatories: dict[str, tuple[str, bool, frozenset[str]]] = field(default_factory=dict)
    #: ABs that are members (``org:member``) of some ``org:Membership``.
    members: set[str] = field(default_factory=set)
    #: AB IRI -> the CBs it accredits.
    accredits: dict[str, set[str]] = field(default_factory=dict)
    #: CBs whose certificates have been flagged already (streamed, or in the store).
    certified: set[str] = field(default_factory=set)
    #: CBs of :attr:`certified` whose flags a later accreditation, signatory record or
    #: membership may have changed: to be recomputed from the store.
    dirty: set[str] = field(default_factory=set)
    #: The pages flags are kept in (:mod:`graph.ingest.flag_pages`) and the flags to place.
    pages: FlagPages = field(default_factory=FlagPages)
    _pairs: dict[tuple[str, str], _Pair] = field(default_factory=dict, repr=False)

    def add_accreditation(
        self,
        iri: str,
        cb: str,
        ab: str,
        works: Iterable[str],
        start: dt.date,
        *,
        all_sectors: bool,
        sectors: Iterable[str],
    ) -> None:
        """Note an accreditation of ``cb`` by ``ab`` covering the standard ``works``."""
        record = _Accreditation(iri, ab, start, all_sectors, frozenset(sectors))
        for work in works:
            self.covers.setdefault((cb, work), {})[iri] = record
        self.accredits.setdefault(ab, set()).add(cb)
        self._changed({cb})

    def add_signatory(self, ab: str, state: str, complete: bool, scopes: Iterable[str]) -> None:
        """Note ``ab``'s IAF MLA record: its state, scope list complete, sub-scope works."""
        self.signatories[ab] = (state, complete, frozenset(scopes))
        self._changed(self.accredits.get(ab, set()))

    def add_member(self, ab: str) -> None:
        """Note that ``ab`` is a member of some network."""
        if ab not in self.members:
            self.members.add(ab)
            self._changed(self.accredits.get(ab, set()))

    def _changed(self, cbs: set[str]) -> None:
        self._pairs.clear()
        self.dirty |= cbs & self.certified

    def flags(self, cb: str, work: str, issued: dt.date, sectors: Iterable[str]) -> list[Flag]:
        """The flags of a certificate of ``cb`` for the standard ``work``, issued on ``issued``
        and naming ``sectors`` (IRIs), in the order the rules are listed."""
        pair = self._pairs.get((cb, work))
        if pair is None:
            pair = self._pairs[(cb, work)] = self._pair(cb, work)
        found = list(pair.not_signatory)
        if pair.first is not None and issued < pair.first:
            days = (pair.first - issued).days
            found += [Flag(RULES[1], iri, days_early=days) for iri in pair.first_ones]
        if pair.allowed is not None:
            found += [Flag(RULES[2], sector=s) for s in sorted(set(sectors) - pair.allowed)]
        return found

    def _pair(self, cb: str, work: str) -> _Pair:
        covering = sorted(self.covers.get((cb, work), {}).values(), key=lambda a: a.iri)
        if not covering:
            return _Pair((), None, (), None)
        first = min(a.start for a in covering)
        firsts = tuple(a.iri for a in covering if a.start == first)
        if any(a.all_sectors for a in covering):
            allowed = None
        else:
            allowed = frozenset().union(*(a.sectors for a in covering))
        if any(self._good(a.ab, work) for a in covering):
            return _Pair((), first, firsts, allowed)
        bad = tuple(Flag(RULES[0], a.iri, problem=self._problem(a.ab)) for a in covering)
        return _Pair(bad, first, firsts, allowed)

    def _good(self, ab: str, work: str) -> bool:
        record = self.signatories.get(ab)
        return record is not None and record[0] == SIGNATORY and work in record[2]

    def _problem(self, ab: str) -> str:
        """The direct query's ``?problem`` for an accreditation by ``ab`` that is not good."""
        state, complete, _ = self.signatories.get(ab, (None, True, frozenset()))
        if state is None or state == NOT_SIGNATORY:
            return "not-signatory" if ab in self.members else "no-recognised-network"
        if state == UNVERIFIED:
            return "signatory-status-unverified"
        return "not-signatory-for-standard" if complete else "mla-scope-unknown"


def standard_flags(kind: str | None) -> list[Flag]:
    """The ``non-certifiable-standard`` flag of a certificate whose standard is of ``kind``
    (``None``: its designation named no known standard), if any.

    >>> [f.kind for f in standard_flags(None)], standard_flags(CERTIFIABLE_KIND)
    (['unknown'], [])
    """
    if kind == CERTIFIABLE_KIND:
        return []
    return [Flag(RULES[3], kind=kind or "unknown")]


def write_flags(out: Sink, certificate: str, cb: str, shown: Shown, flags: Iterable[Flag],
                pages: FlagPages | None = None) -> int:  # fmt: skip
    """Write ``flags`` of ``certificate`` (issued by ``cb``, showing ``shown``) to the sink
    ``out`` as ``ag:RedFlag`` nodes, noted in ``pages`` to be placed in a page later
    (:meth:`FlagPages.write`); returns how many."""
    n = 0
    for flag in flags:
        other = flag.accreditation or flag.sector or ""
        digest = hashlib.blake2b(f"{certificate} {other}".encode(), digest_size=12).hexdigest()
        s = f"{AGD}flag/{flag.rule}/{digest}"
        out.typed(s, AG + "RedFlag")
        out.lit(s, AG + "flagRule", flag.rule)
        out.lit(s, RDFS + "label", f"Red flag on {shown.number}: {RULE_WORDS[flag.rule]}")
        out.iri(s, AG + "flaggedCertificate", certificate)
        out.iri(s, AG + "flagIssuer", cb)
        if flag.accreditation:
            out.iri(s, AG + "flagAccreditation", flag.accreditation)
        if flag.problem:
            out.lit(s, AG + "flagProblem", flag.problem)
        if flag.days_early is not None:
            out.lit(s, AG + "daysEarly", str(flag.days_early), XSD_INTEGER)
        if flag.sector:
            out.iri(s, AG + "flagSector", flag.sector)
        if flag.kind:
            out.lit(s, AG + "flagStandardKind", flag.kind)
            if shown.organisation is not None:
                out.lit(s, AG + "flagOrganisationName", shown.organisation)
        out.lit(s, AG + "flagCertificateNumber", shown.number)
        out.lit(s, AG + "flagDesignation", shown.designation)
        out.lit(s, AG + "flagStatus", shown.status)
        if flag.rule == RULES[1]:
            out.lit(s, AG + "flagIssued", shown.issued.isoformat(), XSD_DATE)
        if pages is not None:
            pages.note(s, flag.rule, flag.problem or flag.kind or "", shown.number)
        n += 1
    return n
