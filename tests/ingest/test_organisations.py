"""A certified organisation's statements (type, names, name key, country) are written once
per run of its certificates (issue 14: 8 % of a million-certificate build's N-Triples were
those statements again); every certificate still names its organisation, and an organisation
whose certificates are not next to each other, or a name in two countries, is its own node."""

from __future__ import annotations

from collections import Counter

from graph import sparql
from graph.ingest.build import build, build_store
from graph.store import open_store
from graph.vocab.mint import certificate_iri, organisation_iri
from tests.conftest import write_register


def _certificate(identifier: str, organisation: str, country: str) -> dict[str, str]:
    return {"id": identifier, "organisation": organisation, "country": country,
            "certification_body": "t-cb", "standard": "ISO 9001:2015", "sectors": "17",
            "issued": "2025-03-01", "valid_until": "2028-02-28", "status": "valid",
            "scope": "Machining"}  # fmt: skip


#: Acme (GB) twice in a row, Bolt, Acme (GB) again, then Acme in Ireland.
ROWS = [("O-1", "Acme Ltd", "GB"), ("O-2", "Acme Ltd", "GB"), ("O-3", "Bolt GmbH", "DE"),
        ("O-4", "Acme Ltd", "GB"), ("O-5", "Acme Ltd", "IE")]  # fmt: skip
REGISTER = {
    "certification_bodies.csv": [
        {"id": "t-cb", "name": "Test Certification Ltd", "country": "GB", "website": ""},
    ],
    "certificates.csv": [_certificate(*row) for row in ROWS],
}


def test_each_certificate_names_its_organisation_and_each_organisation_is_whole(tmp_path):
    store, _ = build_store("memory", extra=[write_register(tmp_path / "r", REGISTER)])
    query = """SELECT ?c ?org ?name ?key ?country WHERE {
      ?c ag:subject ?org . ?org schema:hasCertification ?c ; a ag:CertifiedOrganization ;
         schema:name ?name ; rdfs:label ?name ; ag:nameKey ?key ;
         schema:address/schema:addressCountry ?country }"""
    ours = {certificate_iri(identifier) for identifier, _, _ in ROWS}
    rows = [r for r in sparql.run(store, query, row_cap=None, timeout=None).records()
            if r["c"] in ours]  # fmt: skip
    got = {r["c"]: (r["org"], r["name"], r["key"], r["country"]) for r in rows}
    assert len(rows) == len(ROWS)  # one name, key and country each
    for identifier, name, country in ROWS:
        org = organisation_iri(name, country)
        assert got[certificate_iri(identifier)] == (org, name, name.lower(), country)
    orgs = Counter(org for org, *_ in got.values())
    assert sorted(orgs.values()) == [1, 1, 3]  # Acme GB, Bolt, Acme IE


def test_the_build_writes_an_organisations_statements_once_per_run(tmp_path, monkeypatch):
    """What goes to the loader: Acme (GB)'s statements twice (two runs), not three times."""
    written: list[bytes] = []
    real = type(open_store("memory")).bulk_load

    def keep(self, data, fmt, **kwargs):
        written.append(data.read_bytes() if hasattr(data, "read_bytes") else data)
        return real(self, data, fmt, **kwargs)

    monkeypatch.setattr(type(open_store("memory")), "bulk_load", keep)
    build(open_store("memory"), extra=[write_register(tmp_path / "r", REGISTER)])
    acme = organisation_iri("Acme Ltd", "GB")
    lines = Counter(line for line in written[0].decode().splitlines()
                    if line.startswith(f"<{acme}> <https://schema.org/name>"))  # fmt: skip
    assert list(lines.values()) == [2]
