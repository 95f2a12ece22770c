"""Pages of red flags: each rule's flags cut into ranges in the order its query shows them, so
that a page of the answer reads only the flags it shows.

Oxigraph 0.5 keeps no index in the order of a literal and sorts the whole answer before a row
cap cuts it: the first 1,000 of 35,000 flags cost the join and the sort of all 35,000. So each
rule's flags are kept in pages (:data:`PAGE_FLAGS` flags or so each) of one *group* — the
``problem`` of ``ab-not-signatory``, the ``kind`` of ``non-certifiable-standard``, one group for
the other two rules, the column the query sorts by before the certificate number — and a range
of certificate numbers: a page node has ``ag:pageRule``, ``ag:pageGroup``, ``ag:pageFrom`` (the
lowest number it holds, ``""`` for a group's first page), ``ag:pageUntil`` (the next page's
``ag:pageFrom``; none on a group's last page) and ``ag:pageFlags`` (how many flags link to it:
a guide for the paging, never trusted for the answer), and each flag ``ag:flagPage`` → its page.
The same pages also hold the certificates a date-dependent red flag starts from
(:data:`VOID_EDITION`: those certificates link to their page by ``ag:certificatePage``), and
the pages :data:`VALID_PAIR`, one per certification body and standard work, never cut.
Cutting the page list anywhere cuts the answer in its order (text order of numbers is kept by
truncation), so ``red-flag-*`` queries start from a few pages, handed on as ``VALUES`` by their
first step (``# first: internal-flag-pages-…``, :mod:`graph.query.paging`).

The bounds never move once written: a build chooses them from its own flags (every
:data:`PAGE_FLAGS`-th number of a group); an import or a recomputation places its flags in the
pages already there, and gives a group not seen before pages of its own. A page may so grow
past :data:`PAGE_FLAGS` (a page then reads more flags, never fewer rows); a build cuts afresh.

>>> from graph.ingest.context import Sink
>>> pages, out = FlagPages(size=2), Sink()
>>> for n in ("C-3", "C-1", "C-2", "C-5", "C-4"):
...     pages.note(f"urn:flag:{n}", "sector-outside-scope", "", n)
>>> pages.write(out, counts=True), sorted(pages.bounds.values())
(5, [['', 'C-3', 'C-5']])
>>> pages.note("urn:flag:C-0", "sector-outside-scope", "", "C-0")  # a later import
>>> pages.write(out, counts=False), pages.bounds[("sector-outside-scope", "")]
(1, ['', 'C-3', 'C-5'])
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.vocab.mint import XSD_DATE, XSD_INTEGER
from graph.vocab.namespaces import AG, AGD

if TYPE_CHECKING:
    from graph.ingest.context import Sink

__all__ = [
    "CERTIFICATE_LINK",
    "FLAG_LINK",
    "PAGE_FLAGS",
    "VALID_PAIR",
    "VOID_EDITION",
    "FlagPages",
    "coverage_node",
    "page_iri",
    "pair_page",
    "write_coverage",
]

#: About how many flags a build puts in one page: a page of 1,000 rows reads at most this many
#: flags more than it shows.
PAGE_FLAGS = 128

#: How a red flag is linked to its page.
FLAG_LINK = AG + "flagPage"
#: How a certificate is linked to its page, in the pages that hold certificates themselves.
CERTIFICATE_LINK = AG + "certificatePage"
#: The pages of certificates to an edition with a transition end, still "valid" when written,
#: grouped by the day the transition ends (``YYYY-MM-DD``) and by certificate number: the order
#: of ``red-flag-void-edition``, whose date then picks the groups (transitions ended before it)
#: and the rows (certificates not yet at their own end date). The date-independent part of that
#: red flag, kept like the flags' pages, linked from the certificates (:data:`CERTIFICATE_LINK`).
VOID_EDITION = "void-edition"
#: The pages of the certificates "valid" when written, of a standard the catalogue knows: one
#: page per (issuing body, standard work) pair (the group: :func:`pair_page`), never cut, so
#: that its ``ag:pageFlags`` is the pair's number of such certificates. Each accreditation has
#: a *coverage* node per pair it covers (:func:`write_coverage`, written with it), so
#: ``red-flag-lapsed-accreditation-valid-certificates`` goes from the accreditations lapsed on a
#: date straight to their certificates (``ag:certificatePage``), and its first step reads each
#: pair's count from one statement.
VALID_PAIR = "valid-pair"


def page_iri(rule: str, group: str, start: str) -> str:
    """The IRI of the page of ``rule``'s flags of ``group`` from the number ``start``."""
    digest = hashlib.blake2b(f"{group}\0{start}".encode(), digest_size=12).hexdigest()
    return f"{AGD}flag-page/{rule}/{digest}"


def pair_page(cb: str, work: str) -> str:
    """The page of :data:`VALID_PAIR` of the certificates of the body ``cb`` to the standard
    work ``work`` (IRIs): its group is the two IRIs, its only lower bound ``""``.

    >>> pair_page("urn:cb", "urn:w") == page_iri(VALID_PAIR, "urn:cb urn:w", "")
    True
    """
    return page_iri(VALID_PAIR, f"{cb} {work}", "")


def coverage_node(accreditation: str, pair: str) -> str:
    """The IRI of the coverage node of ``accreditation`` for the pair page ``pair`` (IRIs).

    >>> coverage_node("urn:a", "urn:p").startswith("https://w3id.org/accredigraph/id/coverage/")
    True
    """
    digest = hashlib.blake2b(f"{accreditation} {pair}".encode(), digest_size=12).hexdigest()
    return f"{AGD}coverage/{digest}"


def write_coverage(out: Sink, accreditation: str, number: str, ab: str, cb: str,
                   works: set[str], status: str, start: dt.date,
                   until: dt.date) -> list[tuple[str, str]]:  # fmt: skip
    """Write what ``red-flag-lapsed-accreditation-valid-certificates`` reads of the accreditation
    ``number`` of ``cb`` by ``ab`` (IRIs) covering the standard ``works``, of ``status`` (the
    code IRI), valid from ``start`` to ``until``: one node per work, with the page of the pair
    (``ag:coveragePair``, :func:`pair_page`) and the accreditation's number, bodies, status and
    dates, each on a property of its own (``ag:coverageNumber``, ``ag:coverageIssuer``,
    ``ag:coverageBody``, ``ag:coverageStatus``, ``ag:coverageFrom``, ``ag:coverageUntil``): a
    few thousand statements each, that a query reads in one pass and joins by hash, where the
    accreditation's own (``ag:number``, ``ag:status``, ...) are shared with a million
    certificates, looked up one at a time or read all. Returns each node written, with its
    pair."""
    written = []
    for work in sorted(works):
        pair = pair_page(cb, work)
        node = coverage_node(accreditation, pair)
        out.iri(node, AG + "coverageOf", accreditation)
        out.iri(node, AG + "coveragePair", pair)
        out.lit(node, AG + "coverageNumber", number)
        out.iri(node, AG + "coverageIssuer", ab)
        out.iri(node, AG + "coverageBody", cb)
        out.iri(node, AG + "coverageStatus", status)
        out.lit(node, AG + "coverageFrom", start.isoformat(), XSD_DATE)
        out.lit(node, AG + "coverageUntil", until.isoformat(), XSD_DATE)
        written.append((node, pair))
    return written


@dataclass
class FlagPages:
    """The page bounds known so far, and the flags written but not yet placed in a page."""

    #: How many flags a page gets when a group is first cut (:data:`PAGE_FLAGS`).
    size: int = field(default_factory=lambda: PAGE_FLAGS)
    #: (rule, group) -> the pages' lower bounds, sorted; the first is always "".
    bounds: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    pending: list[tuple[str, str, str, str, str]] = field(default_factory=list, repr=False)
    #: The groups of :data:`VALID_PAIR` whose certificates were linked since the last
    #: :meth:`write` -> how many: the links are written at once (:meth:`link_pair`), not held.
    pairs: Counter[str] = field(default_factory=Counter, repr=False)

    def add_bound(self, rule: str, group: str, start: str) -> None:
        """Note a page already in the store (its rule, group and lower bound)."""
        bisect.insort(self.bounds.setdefault((rule, group), []), start)

    def note(self, flag: str, rule: str, group: str, number: str, link: str = FLAG_LINK) -> None:
        """Note the flag ``flag`` of ``rule`` and ``group`` on the certificate ``number``;
        ``link``: the property that links it to its page (:data:`CERTIFICATE_LINK` when the
        page holds certificates, not flags: :data:`VOID_EDITION`)."""
        self.pending.append((flag, rule, sys.intern(group), number, link))  # a group: one copy

    def link_pair(self, out: Sink, certificate: str, cb: str, work: str) -> None:
        """Link ``certificate`` to the :data:`VALID_PAIR` page of the body ``cb`` and the
        standard work ``work`` now (such a page is never cut, so it needs no bounds), counted
        for :meth:`write`, which writes the page itself: a million certificates are not held
        in memory until the end of a build."""
        group = f"{cb} {work}"
        out.iri(certificate, CERTIFICATE_LINK, pair_page(cb, work))
        self.pairs[group] += 1

    def write(self, out: Sink, *, counts: bool) -> int:
        """Link every noted flag to its page (new groups get pages first) and forget them;
        returns how many. ``counts``: also write each page's number of flags (a build: the
        store holds no other flag; an import recounts from the store instead)."""
        groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for flag, rule, group, number, link in self.pending:
            groups.setdefault((rule, group), []).append((number, flag, link))
        for (rule, group), flags in groups.items():
            flags.sort()
            bounds = self.bounds.get((rule, group))
            if bounds is None:
                bounds = self.bounds[(rule, group)] = self._cut([n for n, _, _ in flags])
                for at, start in enumerate(bounds):
                    page = page_iri(rule, group, start)
                    out.lit(page, AG + "pageRule", rule)
                    out.lit(page, AG + "pageGroup", group)
                    out.lit(page, AG + "pageFrom", start)
                    if at + 1 < len(bounds):
                        out.lit(page, AG + "pageUntil", bounds[at + 1])
            placed: Counter[str] = Counter()
            for number, flag, link in flags:
                start = bounds[max(bisect.bisect_right(bounds, number) - 1, 0)]
                placed[page := page_iri(rule, group, start)] += 1
                out.iri(flag, link, page)
            if counts:
                for page, n in placed.items():
                    out.lit(page, AG + "pageFlags", str(n), XSD_INTEGER)
        for group, n in self.pairs.items():  # the pages of the pairs linked by link_pair
            page = page_iri(VALID_PAIR, group, "")
            if (VALID_PAIR, group) not in self.bounds:
                self.bounds[(VALID_PAIR, group)] = [""]
                out.lit(page, AG + "pageRule", VALID_PAIR)
                out.lit(page, AG + "pageGroup", group)
                out.lit(page, AG + "pageFrom", "")
            if counts:
                out.lit(page, AG + "pageFlags", str(n), XSD_INTEGER)
        n = len(self.pending) + sum(self.pairs.values())
        self.pending.clear()
        self.pairs.clear()
        return n

    def _cut(self, numbers: list[str]) -> list[str]:
        """Lower bounds for the sorted ``numbers``: "", then every ``size``-th number (a number
        shared by several flags starts one page only)."""
        bounds = [""]
        for at in range(self.size, len(numbers), self.size):
            if numbers[at] > bounds[-1]:
                bounds.append(numbers[at])
        return bounds
