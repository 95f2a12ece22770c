"""Writing the graph's own register back out as interchange CSV (``docs/interchange.md``).

:func:`export_register` reads the accreditation bodies, certification bodies, accreditations,
certificates, recognition arrangements and memberships that did not come with accredigraph
(anything not in ``data/`` or ``data/sample/``) and writes them in every column the importer
reads (``IMPORTED_COLUMNS`` of :mod:`graph.ingest.register`: a signatory's dated sub-scopes,
an arrangement's days in force, a membership's first and last day), extra columns
(``agx:*``) included, so that building the bundled data plus the exported folder gives the
same graph back: ``build_store("memory", extra=[out])`` is isomorphic to the store it was
exported from, apart from the build stamp ``agd:build`` and the citation nodes of the files it
names (tests/ingest/test_register_export.py). A source that names a document is written back as
its citation, the text it was imported as (``docs/model.md``, "Sources").

Not exported: Turtle files that were imported (they are not told apart from the rest of the
graph), and — when two certificates of the same organisation list different sites at the same
position — which certificate named which site.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> export_register(store, Path(tempfile.mkdtemp()))  # the bundle alone: nothing to export
{}
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from graph import sparql
from graph.ingest.context import context_from_store
from graph.ingest.register import IMPORTED_COLUMNS, MAIN_SCOPE_OF
from graph.query import load_named
from graph.settings import Settings
from graph.store import Store
from graph.vocab.mint import id_from_iri
from graph.vocab.namespaces import AG, AGX, DCTERMS, ORG, RDF, RDFS, SCHEMA

__all__ = ["export_register"]

Facts = dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]]
SIGNATORY = {"signatory": "yes", "not-signatory": "no", "unverified": "unverified"}
_SOURCE = DCTERMS + "source"
_FILES = ("accreditation_bodies.csv", "certification_bodies.csv", "accreditations.csv",
          "certificates.csv", "arrangements.csv", "memberships.csv")  # fmt: skip
#: How a row of each bundled file is told apart: its id, or its member and network.
_KEYS = {name: ("id",) for name in _FILES} | {"memberships.csv": ("member", "organisation")}


def _citations(store: Store) -> dict[str, ox.Literal]:
    """The citation of each source that names a document, by its citation node's IRI."""
    rows = sparql.stream(store, load_named("internal-citations").query, trusted=True)
    return {r["source"].value: r["citation"] for r in rows}


def _entities(store: Store, cls: str) -> Iterator[tuple[str, Facts]]:
    """``(subject IRI, {predicate IRI: [objects]})`` for every entity of class ``cls``."""
    raw = sparql.stream(store, load_named("internal-export-facts").query,
                        bindings={"class": ox.NamedNode(cls)}, trusted=True)  # fmt: skip
    citations = _citations(store)
    current: str | None = None
    facts: Facts = defaultdict(list)
    for solution in raw:
        subject, predicate, value = solution["s"], solution["p"], solution["o"]
        if not isinstance(subject, ox.NamedNode) or predicate is None:
            continue
        if subject.value != current:
            if current is not None:
                yield current, facts
            current, facts = subject.value, defaultdict(list)
        if isinstance(value, ox.NamedNode) and value.value in citations:
            value = citations[value.value]  # a named document: the text it was imported as
        facts[predicate.value].append(value)
    if current is not None:
        yield current, facts


def _text(facts: Facts, predicate: str) -> str:
    values = facts.get(predicate) or []
    return values[0].value if values else ""


def _all(facts: Facts, predicate: str) -> list[str]:
    return sorted(v.value for v in facts.get(predicate) or [])


def _id(iri: str) -> str:
    return id_from_iri(iri) if iri else ""


def _tail(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _bundled_ids(settings: Settings) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = defaultdict(set)
    for folder in (settings.data_dir, settings.data_dir / "sample"):
        for name, key in _KEYS.items():
            path = folder / name
            if path.is_file():
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    ids[name].update(
                        "\t".join((row.get(k) or "").strip() for k in key)
                        for row in csv.DictReader(handle)
                    )
    return ids


def _standard_of(facts: Facts) -> str:
    """The standard a dated scope node names: a sub-scope's, else a main scope's."""
    return _text(facts, AG + "subScopeStandard") or _text(facts, AG + "mainScopeStandard")


def _when(earliest: str, latest: str) -> str:
    """The ``WHEN`` of ``iaf_mla_scope_since`` for a first day between ``earliest`` and
    ``latest`` (:func:`graph.ingest.scope_dates.parse_when` reads it back to the same two days).

    >>> _when("2020-02-05", "2020-02-05"), _when("2022-09-01", "2022-09-30")
    ('2020-02-05', '2022-09')
    >>> _when("2003-01-01", "2003-12-31"), _when("2015-10-21", "2015-11-05")
    ('2003', '2015-10-21/2015-11-05')
    """
    first, last = dt.date.fromisoformat(earliest), dt.date.fromisoformat(latest)
    if first == last:
        return earliest
    if first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year)
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and (last.year, last.month, last.day) == (first.year, first.month, month_end):
        return earliest[:7]
    return f"{earliest}/{latest}"


def _provenance(facts: Facts) -> dict[str, str]:
    return {
        "source": " | ".join(_all(facts, _SOURCE)),
        "confidence": _tail(_text(facts, AG + "confidence")),
        "unverified_fields": ";".join(_all(facts, AG + "unverifiedField")),
        "notes": _text(facts, RDFS + "comment"),
        "case": _text(facts, AG + "sampleCase"),
    }


def _extras(facts: Facts) -> dict[str, str]:
    return {unquote(p[len(AGX) :]): v[0].value for p, v in facts.items() if p.startswith(AGX)}


def _sectors(facts: Facts) -> str:
    return ";".join(sorted((_tail(s) for s in _all(facts, AG + "sector")), key=int))


def _body(facts: Facts) -> dict[str, str]:
    return {
        "id": _text(facts, DCTERMS + "identifier"),
        "name": _text(facts, SCHEMA + "name"),
        "country": _text(facts, SCHEMA + "addressCountry"),
        "website": _text(facts, SCHEMA + "url"),
        "acronym": _text(facts, AG + "acronym"),
        **_provenance(facts),
        **_extras(facts),
    }


class _Exporter:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.bundled = _bundled_ids(settings)
        self.catalogue = context_from_store(store).standards
        self.nodes = {  # the dated scopes of signatories and sub-scopes of arrangements
            iri: facts
            for cls in (AG + "SignatoryScope", AG + "ArrangementSubScope")
            for iri, facts in _entities(store, cls)
        }
        self.designations = {
            entity: _text(facts, AG + "designation")
            for cls in (AG + "Standard", AG + "StandardEdition")
            for entity, facts in _entities(store, cls)
        }

    def _new(self, facts: Facts, name: str, key: str | None = None) -> bool:
        identifier = key if key is not None else _text(facts, DCTERMS + "identifier")
        sample = any(t.value == AG + "SampleRecord" for t in facts.get(RDF + "type", []))
        return bool(identifier) and not sample and identifier not in self.bundled[name]

    def _scope_dates(self, iaf: Facts) -> dict[str, str]:
        """``iaf_mla_scope_since`` and its sources, from the signatory record's dated scopes."""
        since, sources = [], []
        for node in _all(iaf, AG + "signatoryScope"):
            facts = self.nodes.get(node, {})
            designation = self._designation(_standard_of(facts))
            when = _when(_text(facts, AG + "signatorySince"),
                         _text(facts, AG + "signatorySinceLatest"))  # fmt: skip
            via = _text(facts, AG + "recognisedThrough")
            since.append(f"{designation}={when}" + (f" via {id_from_iri(via)}" if via else ""))
            sources += [f"{designation}={source}" for source in _all(facts, _SOURCE)]
        return {"iaf_mla_scope_since": ";".join(since),
                "iaf_mla_scope_since_source": " | ".join(sources)}  # fmt: skip

    def _designation(self, iri: str) -> str:
        return self.designations.get(iri) or iri

    def _scope_designation(self, scope: str) -> str:
        for designation in ("ISO/IEC 17021-1", "ISO/IEC 17021", "ISO/IEC 17065", "ISO/IEC 17024",
                            "ISO/IEC 17029", "ISO 14065"):  # fmt: skip
            parsed = self.catalogue.resolve(designation)
            family = designation.split(" ")[-1]
            if parsed is not None and MAIN_SCOPE_OF.get(f"iso:{family}") == scope:
                return designation
        return scope

    def accreditation_bodies(self, signatories: dict[str, dict[str, Facts]]) -> list[dict]:
        rows = []
        for iri, facts in _entities(self.store, AG + "AccreditationBody"):
            if not self._new(facts, "accreditation_bodies.csv"):
                continue
            row = _body(facts)
            iaf = signatories.get(iri, {}).get("iaf-mla")
            if iaf is not None:
                row["iaf_mla_signatory"] = SIGNATORY[_tail(_text(iaf, AG + "signatoryState"))]
                subs = [self._designation(s) for s in _all(iaf, AG + "subScopeStandard")]
                mains = [_tail(m) for m in _all(iaf, AG + "mainScope")]
                scopes = subs + [self._scope_designation(m) for m in mains
                                 if not (m == "management-systems" and subs)]  # fmt: skip
                row["iaf_mla_scopes"] = ";".join(scopes)
                complete = _text(iaf, AG + "scopeComplete")
                row["iaf_mla_scopes_complete"] = {"true": "yes", "false": "no"}.get(complete, "")
                row["iaf_mla_scope_note"] = _text(iaf, AG + "scopeNote")
                row.update(self._scope_dates(iaf))
            ilac = signatories.get(iri, {}).get("ilac-mra")
            if ilac is not None:
                row["ilac_mra_signatory"] = SIGNATORY[_tail(_text(ilac, AG + "signatoryState"))]
            rows.append(row)
        return rows

    def certification_bodies(self) -> list[dict]:
        return [
            {**_body(facts), "hq_city": _text(facts, SCHEMA + "location")}
            for _, facts in _entities(self.store, AG + "CertificationBody")
            if self._new(facts, "certification_bodies.csv")
        ]

    def accreditations(self) -> list[dict]:
        rows = []
        for _, facts in _entities(self.store, AG + "Accreditation"):
            if not self._new(facts, "accreditations.csv"):
                continue
            rows.append({
                "id": _text(facts, DCTERMS + "identifier"),
                "accreditation_body": id_from_iri(_text(facts, AG + "issuer")),
                "certification_body": id_from_iri(_text(facts, AG + "subject")),
                "standards": ";".join(self._designation(s)
                                      for s in _all(facts, AG + "coversStandard")),
                "sectors": _sectors(facts),
                "valid_from": _text(facts, AG + "validFrom"),
                "valid_until": _text(facts, AG + "validUntil"),
                "status": _tail(_text(facts, AG + "status")),
                "against": self._designation(_text(facts, AG + "againstStandard")),
                **_provenance(facts),
                **_extras(facts),
            })  # fmt: skip
        return rows

    def certificates(self) -> list[dict]:
        organisations = {
            iri: facts for iri, facts in _entities(self.store, AG + "CertifiedOrganization")
        }
        sites = {
            iri: _text(facts, RDFS + "label") for iri, facts in _entities(self.store, ORG + "Site")
        }
        rows = []
        for _, facts in _entities(self.store, AG + "Certificate"):
            if not self._new(facts, "certificates.csv"):
                continue
            org = organisations.get(_text(facts, AG + "subject"), {})
            site_iris = sorted(_all(facts, AG + "site"), key=lambda s: int(_tail(s)))
            rows.append({
                "id": _text(facts, DCTERMS + "identifier"),
                "organisation": _text(org, SCHEMA + "name"),
                "country": _text(org, SCHEMA + "addressCountry"),
                "certification_body": id_from_iri(_text(facts, AG + "issuer")),
                "standard": _text(facts, AG + "standardDesignation"),
                "sectors": _sectors(facts),
                "issued": _text(facts, DCTERMS + "issued"),
                "valid_until": _text(facts, AG + "validUntil"),
                "status": _tail(_text(facts, AG + "status")),
                "scope": _text(facts, AG + "scopeText"),
                "sites": ";".join(sites.get(s, "") for s in site_iris),
                **_provenance(facts),
                **_extras(facts),
            })  # fmt: skip
        return rows

    def arrangements(self) -> list[dict]:
        found = list(_entities(self.store, AG + "RecognitionArrangement"))
        ids = {iri: _text(facts, DCTERMS + "identifier") for iri, facts in found}
        rows = []
        for iri, facts in found:
            if not self._new(facts, "arrangements.csv"):
                continue
            sub_scopes = [self.nodes.get(node, {}) for node in _all(facts, AG + "subScope")]
            rows.append({
                "id": ids[iri],
                "name": _text(facts, RDFS + "label"),
                "administered_by": _id(_text(facts, AG + "administeredBy")),
                "main_scopes": ";".join(_tail(m) for m in _all(facts, AG + "mainScope")),
                "in_force_from": _text(facts, AG + "inForceFrom"),
                "in_force_source": " | ".join(_all(facts, AG + "inForceSource")),
                "sub_scopes_in_force_from": ";".join(sorted(
                    f"{self._designation(_standard_of(n))}="
                    f"{_text(n, AG + 'inForceFrom')}" for n in sub_scopes)),
                "superseded_by": ids.get(_text(facts, DCTERMS + "isReplacedBy"), ""),
                "superseded_on": _text(facts, AG + "supersededOn"),
                "carries_over": ";".join(ids.get(a, a) for a in _all(facts, AG + "carriesOver")),
                "carry_over_source": " | ".join(_all(facts, AG + "carryOverSource")),
                **{k: v for k, v in _provenance(facts).items() if k != "case"},
            })  # fmt: skip
        return rows

    def memberships(self) -> list[dict]:
        rows = []
        for _, facts in _entities(self.store, ORG + "Membership"):
            member = id_from_iri(_text(facts, ORG + "member"))
            network = id_from_iri(_text(facts, ORG + "organization"))
            if not self._new(facts, "memberships.csv", f"{member}\t{network}"):
                continue
            provenance = _provenance(facts)
            rows.append({
                "member": member,
                "organisation": network,
                "role": _tail(_text(facts, ORG + "role")),
                "valid_from": _text(facts, AG + "validFrom"),
                "valid_until": _text(facts, AG + "validUntil"),
                **{k: v for k, v in provenance.items() if k != "case"},
            })  # fmt: skip
        return rows


def _signatories(store: Store) -> dict[str, dict[str, Facts]]:
    found: dict[str, dict[str, Facts]] = defaultdict(dict)
    for _, facts in _entities(store, AG + "SignatoryStatus"):
        body = _text(facts, AG + "signatory")
        found[body][_tail(_text(facts, AG + "arrangement"))] = facts
    return found


def _write(path: Path, known: tuple[str, ...], rows: list[dict]) -> None:
    columns = list(known) + sorted({c for row in rows for c in row if c not in known})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def export_register(
    store: Store, out_dir: Path, *, settings: Settings | None = None
) -> dict[str, int]:
    """Write the non-bundled register of ``store`` as interchange CSV files into ``out_dir``.

    Returns the rows written per file; files with no rows are not written.
    """
    exporter = _Exporter(store, settings or Settings())
    tables = {
        "accreditation_bodies.csv": exporter.accreditation_bodies(_signatories(store)),
        "certification_bodies.csv": exporter.certification_bodies(),
        "accreditations.csv": exporter.accreditations(),
        "certificates.csv": exporter.certificates(),
    }
    tables["arrangements.csv"] = exporter.arrangements()
    tables["memberships.csv"] = exporter.memberships()
    out_dir = Path(out_dir)
    written = {}
    for name, rows in tables.items():
        if not rows:
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        known = IMPORTED_COLUMNS[name]
        _write(out_dir / name, known, rows)
        written[name] = len(rows)
    return written
