"""The named-query library: headers, coverage of the audiences, and each public query's answer.

Expected answers are computed here from the CSV files under ``data/`` and ``data/sample/``, not
from the graph, so a query that drifts from the data model fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from graph import sparql
from graph.errors import QueryError, ReadOnlyError
from graph.query import named_queries, run_named
from graph.vocab.standards import parse_designation
from tests.conftest import SAMPLE_AS_OF

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLE = DATA / "sample"
AUDIENCES = {"trainer", "analyst", "student", "buyer"}
PUBLIC = sorted(n for n, q in named_queries().items() if q.audience != "internal")
#: The red flags and aggregates read from build-time nodes ("") and their reference, the
#: direct query over every certificate ("-direct"): both must match the CSV files.
VARIANTS = ["", "-direct"]


# --- the data, read straight from the CSV files ---------------------------------------------


@cache
def read(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def items(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split(";") if v.strip()]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@cache
def works() -> dict[str, tuple[str, str]]:
    """Family key -> (work designation, kind), from standards.csv."""
    return {family(r["work"]): (r["work"], r["kind"]) for r in read(DATA / "standards.csv")}


@cache
def editions() -> dict[tuple[str, str], dict[str, str]]:
    """(family key, year) -> the standards.csv row of that edition."""
    return {(family(r["work"]), r["year"]): r for r in read(DATA / "standards.csv")}


def family(designation: str) -> str:
    parsed = parse_designation(designation)
    assert parsed is not None, designation
    return parsed.family


def resolve(designation: str) -> tuple[str, str | None] | None:
    """(family, year) when the designation names a catalogued work or edition, else None."""
    parsed = parse_designation(designation)
    if parsed is None or parsed.family not in works():
        return None
    if parsed.year and (parsed.family, parsed.year) not in editions():
        return None
    return parsed.family, parsed.year


def certificates() -> tuple[dict[str, str], ...]:
    return read(SAMPLE / "certificates.csv")


def accreditations() -> tuple[dict[str, str], ...]:
    # real CBs' accreditations (data/accreditations.csv) and the fictional sample ones
    return read(DATA / "accreditations.csv") + read(SAMPLE / "accreditations.csv")


def accreditation_bodies() -> tuple[dict[str, str], ...]:
    return read(DATA / "accreditation_bodies.csv") + read(SAMPLE / "accreditation_bodies.csv")


def cert_family(cert: dict[str, str]) -> str | None:
    resolved = resolve(cert["standard"])
    return resolved[0] if resolved else None


def covering(cert: dict[str, str]) -> list[dict[str, str]]:
    """The accreditations of the certificate's CB that cover the certificate's standard."""
    fam = cert_family(cert)
    return [
        a
        for a in accreditations()
        if a["certification_body"] == cert["certification_body"]
        and fam in {family(s) for s in items(a["standards"])}
    ]


@cache
def iaf_mla() -> dict[str, tuple[str, frozenset[str], bool]]:
    """AB id -> (signatory state, families listed in its IAF MLA scopes, scope list complete)."""
    states = {"yes": "signatory", "no": "not-signatory", "unverified": "unverified"}
    out = {}
    for row in accreditation_bodies():
        scopes = items(row.get("iaf_mla_scopes"))
        declared = row.get("iaf_mla_signatory") or ("yes" if scopes else "no")
        listed = frozenset(
            family(s) for s in scopes if works()[family(s)][1] == "management-system-requirements"
        )
        out[row["id"]] = (states[declared], listed, row.get("iaf_mla_scopes_complete") != "no")
    return out


def signatory_for(ab: str, fam: str | None) -> bool:
    state, listed, _ = iaf_mla()[ab]
    return state == "signatory" and fam in listed


def records(store, query: str, /, **params: str) -> list[dict[str, Any]]:
    result = run_named(store, query, params, row_cap=None)
    return result.records()


def ids(rows: list[dict[str, Any]], column: str = "id") -> set[str]:
    return {r[column] for r in rows}


# --- headers and coverage ------------------------------------------------------------------


def projection(text: str) -> set[str]:
    """The variables a SELECT query projects: bare ``?v`` at depth 0 and ``AS ?v`` targets."""
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b", text, re.IGNORECASE | re.DOTALL)
    assert match, "no SELECT ... WHERE"
    clause, depth, bare = match.group(1), 0, []
    for char in clause:
        depth += (char == "(") - (char == ")")
        bare.append(char if depth == 0 else " ")
    names = set(re.findall(r"\?(\w+)", "".join(bare)))
    return names | set(re.findall(r"\bAS\s+\?(\w+)", clause, re.IGNORECASE))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_header_has_title_description_and_known_audience(name):
    query = named_queries()[name]
    assert query.title.strip() and len(query.description) > 40
    assert query.audience in AUDIENCES | {"internal"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_param_of_a_select_query_is_projected(name):
    query = named_queries()[name]
    if query.form != "SELECT":
        pytest.skip("not a SELECT query")
    assert {p.name for p in query.params} <= projection(query.text)


def test_public_queries_are_many_and_cover_all_four_audiences():
    audiences = Counter(named_queries()[n].audience for n in PUBLIC)
    assert len(PUBLIC) >= 15
    assert set(audiences) >= AUDIENCES


def test_red_flag_queries_are_for_analysts():
    red_flags = [n for n in PUBLIC if n.startswith("red-flag-")]
    assert len(red_flags) >= 6
    assert {named_queries()[n].audience for n in red_flags} == {"analyst"}


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_query_answers_with_its_defaults(bundled_store, name):
    result = run_named(bundled_store, name, row_cap=None)
    answer = getattr(result, "rows", None) or getattr(result, "triples", None)
    assert answer or getattr(result, "value", False)


# --- analyst ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_certificates_per_standard_and_country_counts_match_the_register(bundled_store, variant):
    expected = Counter()
    for cert in certificates():
        fam = cert_family(cert)
        label = works()[fam][0] if fam else "(standard not recognised)"
        expected[(label, cert["country"])] += 1
    rows = records(bundled_store, "certificates-per-standard-and-country" + variant)
    assert {(r["designation"], r["country"]): r["certificates"] for r in rows} == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_certificates_per_standard_and_country_counts_valid_status(bundled_store, variant):
    valid = Counter(
        (cert_family(c), c["country"]) for c in certificates() if c["status"] == "valid"
    )
    rows = records(bundled_store, "certificates-per-standard-and-country" + variant)
    gb_9001 = next(r for r in rows if r["designation"] == "ISO 9001" and r["country"] == "GB")
    assert gb_9001["valid"] == valid[("iso:9001", "GB")]


@pytest.mark.parametrize("country", ["GB", "ZA", "fr"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_certificates_per_standard_counts_one_countrys_resolved_certificates(
    bundled_store, variant, country
):
    expected = Counter(
        works()[cert_family(c)][0]
        for c in certificates()
        if c["country"] == country.upper() and cert_family(c)
    )
    rows = records(bundled_store, "certificates-per-standard" + variant, country=country)
    assert {r["designation"]: r["certificates"] for r in rows} == expected
    assert {r["country"] for r in rows} == {country.upper()}


@pytest.mark.parametrize("ab", ["ukas", "anab", "sanas", "snas"])
def test_cbs_accredited_by_lists_exactly_the_abs_accreditations(bundled_store, ab):
    expected = {a["id"] for a in accreditations() if a["accreditation_body"] == ab}
    assert ids(records(bundled_store, "cbs-accredited-by", ab=ab)) == expected


def test_cbs_accredited_by_ukas_includes_northwind_for_iso_9001_all_sectors(bundled_store):
    rows = records(bundled_store, "cbs-accredited-by")
    northwind = next(r for r in rows if r["cbId"] == "s-northwind-cert")
    assert "ISO 9001" in northwind["standards"].split("; ")
    assert northwind["sectors"] == "all"
    assert northwind["status"] == "active"
    listed = next(a for a in accreditations() if a["certification_body"] == "s-northwind-cert")
    assert northwind["validFrom"] == dt.date.fromisoformat(listed["valid_from"])


def test_cbs_accredited_by_gives_sector_limits_and_status(bundled_store):
    rows = {r["id"]: r for r in records(bundled_store, "cbs-accredited-by", ab="sanas")}
    source = {a["id"]: a for a in accreditations()}
    for identifier, row in rows.items():
        assert set(row["sectors"].split(";")) == set(items(source[identifier]["sectors"]))
        assert row["status"] == source[identifier]["status"]


def test_signatories_for_iso_iec_27001_include_ukas_and_anab_not_ianz(bundled_store):
    rows = records(bundled_store, "signatories-for-standard")
    listed = {r["abId"] for r in rows if r["coverage"] == "listed"}
    assert {"ukas", "anab"} <= listed
    assert "ianz" not in ids(rows, "abId")


def test_signatories_for_standard_listed_set_matches_the_ab_table(bundled_store):
    expected = {ab for ab in iaf_mla() if signatory_for(ab, "iso:27001")}
    rows = records(bundled_store, "signatories-for-standard")
    assert {r["abId"] for r in rows if r["coverage"] == "listed"} == expected


def test_signatories_for_standard_marks_incomplete_scope_lists_unknown(bundled_store):
    expected = {
        ab
        for ab, (state, listed, complete) in iaf_mla().items()
        if state == "signatory" and not complete and "iso:45001" not in listed
    }
    rows = records(bundled_store, "signatories-for-standard", standard="ISO 45001")
    assert {r["abId"] for r in rows if r["coverage"] == "unknown"} == expected
    assert all(r["scopeComplete"] is False for r in rows if r["coverage"] == "unknown")


def test_signatories_for_standard_accepts_an_edition(bundled_store):
    by_work = records(bundled_store, "signatories-for-standard", standard="ISO/IEC 27001")
    by_edition = records(bundled_store, "signatories-for-standard", standard="ISO 27001:2022")
    assert ids(by_edition, "abId") == ids(by_work, "abId")


def test_signatories_for_standard_reports_confidence(bundled_store):
    rows = records(bundled_store, "signatories-for-standard")
    assert {r["confidence"] for r in rows} <= {"verified", "secondary", "unverified"}
    assert next(r for r in rows if r["abId"] == "ukas")["confidence"] == "verified"


@pytest.mark.parametrize(
    ("as_of", "days"), [("2026-11-23", "90"), ("2030-02-11", "0"), ("2029-12-01", "365")]
)
def test_expiring_certificates_returns_only_valid_ones_ending_in_the_window(
    bundled_store, as_of, days
):
    start, end = day(as_of), day(as_of) + dt.timedelta(days=int(days))
    expected = {
        c["id"]
        for c in certificates()
        if c["status"] == "valid" and start <= day(c["valid_until"]) <= end
    }
    rows = records(bundled_store, "expiring-certificates", asOf=as_of, days=days)
    assert expected and ids(rows) == expected
    assert all(r["until"] == end for r in rows)


def test_expiring_certificates_counts_the_days_left(bundled_store):
    rows = records(bundled_store, "expiring-certificates")
    assert all(r["daysLeft"] == (r["validUntil"] - SAMPLE_AS_OF).days for r in rows)


def member_on(row: dict[str, str], on: dt.date = SAMPLE_AS_OF) -> bool:
    """Whether a memberships.csv row is in force on ``on`` (the queries' default date)."""
    start, until = row.get("valid_from"), row.get("valid_until")
    return (not start or day(start) <= on) and (not until or on <= day(until))


def test_accreditation_bodies_by_group_counts_memberships_by_confidence(bundled_store):
    ab_ids = {r["id"] for r in accreditation_bodies()}
    expected: dict[str, Counter] = {}
    for row in read(DATA / "memberships.csv"):
        if row["member"] in ab_ids and member_on(row):
            expected.setdefault(row["organisation"], Counter())[row["confidence"]] += 1
    rows = {
        r["acronym"].lower(): r for r in records(bundled_store, "accreditation-bodies-by-group")
    }
    for group, counts in expected.items():
        if group not in rows:
            continue  # a global network (IAF, ILAC), not a regional group
        assert rows[group]["members"] == sum(counts.values())
        assert rows[group]["verified"] == counts["verified"]
        assert rows[group]["unverified"] == counts["unverified"]


def test_accreditation_bodies_by_group_counts_signatories_in_ea(bundled_store):
    members = {
        r["member"]
        for r in read(DATA / "memberships.csv")
        if r["organisation"] == "ea" and r["member"] in iaf_mla() and member_on(r)
    }
    expected = sum(iaf_mla()[m][0] == "signatory" for m in members)
    rows = records(bundled_store, "accreditation-bodies-by-group")
    assert next(r for r in rows if r["acronym"] == "EA")["signatories"] == expected


# --- red flags -------------------------------------------------------------------------------


def _mla_problem(ab: str, fam: str) -> str:
    state, _, complete = iaf_mla()[ab]
    if state == "not-signatory":
        known = any(r["member"] == ab for r in read(DATA / "memberships.csv"))
        return "not-signatory" if known else "no-recognised-network"
    if state == "unverified":
        return "signatory-status-unverified"
    return "not-signatory-for-standard" if complete else "mla-scope-unknown"


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_ab_not_signatory_matches_the_register(bundled_store, variant):
    expected = set()
    for cert in certificates():
        fam, found = cert_family(cert), covering(cert)
        if fam and found and not any(signatory_for(a["accreditation_body"], fam) for a in found):
            expected |= {
                (cert["id"], a["id"], _mla_problem(a["accreditation_body"], fam)) for a in found
            }
    rows = records(bundled_store, "red-flag-ab-not-signatory" + variant)
    assert {(r["id"], r["accreditationId"], r["problem"]) for r in rows} == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_ab_not_signatory_names_ianz_snas_and_the_mills(bundled_store, variant):
    found = records(bundled_store, "red-flag-ab-not-signatory" + variant)
    rows = {(r["id"], r["abId"]): r["problem"] for r in found}
    assert rows[("S-C-0085", "ianz")] == "not-signatory"
    assert rows[("S-C-0004", "snas")] == "not-signatory-for-standard"
    assert rows[("S-C-0215", "s-iafc")] == "no-recognised-network"
    assert rows[("S-C-0031", "accredia")] == "mla-scope-unknown"
    assert not any(cert == "S-C-0001" for cert, _ in rows)


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_sector_outside_scope_matches_the_register(bundled_store, variant):
    expected = set()
    for cert in certificates():
        found = covering(cert)
        if not cert_family(cert) or not found or any(not items(a["sectors"]) for a in found):
            continue
        allowed = {s for a in found for s in items(a["sectors"])}
        expected |= {(cert["id"], s) for s in items(cert["sectors"]) if s not in allowed}
    rows = records(bundled_store, "red-flag-sector-outside-scope" + variant)
    assert expected and {(r["id"], r["sectorCode"]) for r in rows} == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_non_certifiable_standard_finds_guidance_ca_and_unknown(bundled_store, variant):
    expected = set()
    for cert in certificates():
        fam = cert_family(cert)
        kind = works()[fam][1] if fam else "unknown"
        if kind != "management-system-requirements":
            expected.add((cert["id"], kind, cert["organisation"], cert["certification_body"]))
    rows = records(bundled_store, "red-flag-non-certifiable-standard" + variant)
    assert {(r["id"], r["kind"], r["organisationName"], r["issuerId"]) for r in rows} == expected
    expected = {(i, k) for i, k, _, _ in expected}
    assert {"guidance", "conformity-assessment", "unknown"} == {k for _, k in expected}


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_issued_before_accreditation_matches_the_register(bundled_store, variant):
    expected = set()
    for cert in certificates():
        found = covering(cert)
        if not cert_family(cert) or not found:
            continue
        first = min(day(a["valid_from"]) for a in found)
        if day(cert["issued"]) < first:
            expected |= {(cert["id"], a["id"]) for a in found if day(a["valid_from"]) == first}
    rows = records(bundled_store, "red-flag-issued-before-accreditation" + variant)
    assert {(r["id"], r["accreditationId"]) for r in rows} == expected
    assert {"S-C-0080", "S-C-0129", "S-C-0170", "S-C-0194"} <= ids(rows)


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_issued_before_accreditation_counts_the_days_early(bundled_store, variant):
    rows = records(bundled_store, "red-flag-issued-before-accreditation" + variant)
    assert all(r["daysEarly"] == (r["accreditationFrom"] - r["issued"]).days > 0 for r in rows)


def _lapsed_expected(as_of: dt.date) -> set[tuple[str, str]]:
    def in_force(a: dict[str, str]) -> bool:
        return a["status"] == "active" and day(a["valid_from"]) <= as_of <= day(a["valid_until"])

    expected = set()
    for cert in certificates():
        if cert["status"] != "valid" or day(cert["valid_until"]) < as_of:
            continue
        found = covering(cert)
        if not cert_family(cert) or any(in_force(a) for a in found):
            continue
        expected |= {
            (a["id"], cert["id"])
            for a in found
            if a["status"] != "active" or day(a["valid_until"]) < as_of
        }
    return expected


@pytest.mark.parametrize("as_of", ["2026-11-23", "2026-12-01", "2025-01-01"])
def test_red_flag_lapsed_accreditation_matches_the_register(bundled_store, as_of):
    rows = records(bundled_store, "red-flag-lapsed-accreditation-valid-certificates", asOf=as_of)
    assert {(r["accreditationId"], r["id"]) for r in rows} == _lapsed_expected(day(as_of))


def test_red_flag_lapsed_accreditation_says_why_it_lapsed(bundled_store):
    rows = records(bundled_store, "red-flag-lapsed-accreditation-valid-certificates")
    lapse = {r["accreditationId"]: r["lapse"] for r in rows}
    assert lapse == {
        "S-A-004": "withdrawn",
        "S-A-005": "expired",
        "S-A-009": "suspended",
        "S-A-012": "past-validity",
    }


def test_red_flag_lapsed_accreditation_spares_certificates_under_a_newer_one(register_store):
    old = {
        "id": "T-A-0",
        "accreditation_body": "ukas",
        "certification_body": "t-cb",
        "standards": "ISO 9001",
        "sectors": "",
        "valid_from": "2019-01-01",
        "valid_until": "2023-12-31",
        "status": "expired",
    }
    new = dict(old, id="T-A-1", valid_from="2024-01-01", valid_until="2028-12-31", status="active")
    tables = {
        "certification_bodies.csv": [
            {"id": "t-cb", "name": "Test Certification Ltd", "country": "GB", "website": ""}
        ],
        "accreditations.csv": [old, new],
        "certificates.csv": [
            {
                "id": "T-C-1",
                "organisation": "Test Widgets Ltd",
                "country": "GB",
                "certification_body": "t-cb",
                "standard": "ISO 9001:2015",
                "sectors": "17",
                "issued": "2023-06-01",
                "valid_until": "2026-05-31",
                "status": "valid",
                "scope": "x",
            }
        ],
    }
    store = register_store(tables)
    name = "red-flag-lapsed-accreditation-valid-certificates"
    flagged_after = {
        (r["accreditationId"], r["id"]) for r in records(store, name, asOf="2024-06-01")
    }
    flagged_before = {
        (r["accreditationId"], r["id"]) for r in records(store, name, asOf="2023-12-31")
    }
    assert ("T-A-0", "T-C-1") in flagged_before  # the lapse alone would flag it
    assert not any(cert == "T-C-1" for _, cert in flagged_after)


@pytest.mark.parametrize("variant", VARIANTS)
def test_red_flag_imitation_ab_names_finds_the_sample_mills_and_not_ukas(bundled_store, variant):
    rows = records(bundled_store, "red-flag-imitation-ab-names" + variant)
    assert {"s-iafc", "s-ukasc"} <= ids(rows, "abId")
    assert "ukas" not in ids(rows, "abId")


#: Bodies added to the bundled graph to give each way of imitating a row (and two that must not
#: be flagged): an acronym and an id opening a signatory's acronym, a network's acronym as a
#: word, a signatory's name inside a longer one, and a signatory named like a network.
IMITATORS = """
body:x-acr a ag:AccreditationBody ; schema:name "Xanadu Board" ; ag:acronym "UKAS-X" ;
    dcterms:identifier "x-acr" .
body:dakks-x a ag:AccreditationBody ; schema:name "Plain Board" ; dcterms:identifier "dakks-x" .
body:x-word a ag:AccreditationBody ; schema:name "Board of ILAC Friends" ;
    dcterms:identifier "x-word" ; schema:address [ schema:addressCountry "FR" ] .
body:x-name a ag:AccreditationBody ;
    schema:name "Deutsche Akkreditierungsstelle GmbH Kontrollrat" ; dcterms:identifier "x-name" .
body:x-ilacword a ag:AccreditationBody ; schema:name "Milacreek Board" ;
    dcterms:identifier "x-ilacword" .
body:x-signed a ag:AccreditationBody ; schema:name "IAF Friends Accreditation" ;
    dcterms:identifier "x-signed" .
signatory:x-signed a ag:SignatoryRecord ; ag:signatory body:x-signed ;
    ag:signatoryState <https://w3id.org/accredigraph/code/signatory-state/signatory> .
"""


def test_red_flag_imitation_ab_names_equals_its_direct_text_row_for_row():
    """The rewritten query (each body read once) gives the plain query's rows, in order, for
    every way of imitating a name."""
    import pyoxigraph as ox

    from graph.ingest.build import build_store
    from graph.vocab.namespaces import with_prefixes

    store, _ = build_store("memory")
    prefixes = with_prefixes("").replace("PREFIX", "@prefix").replace(">\n", "> .\n")
    prefixes += "@prefix body: <https://w3id.org/accredigraph/id/body/> .\n"
    prefixes += "@prefix signatory: <https://w3id.org/accredigraph/id/signatory/> .\n"
    store.add(ox.parse(prefixes + IMITATORS, format=ox.RdfFormat.TURTLE))
    got = run_named(store, "red-flag-imitation-ab-names", row_cap=None)
    want = run_named(store, "red-flag-imitation-ab-names-direct", row_cap=None)
    assert got.variables == want.variables and got.rows == want.rows
    rows = got.records()
    hows = {(r["abId"], r["how"].split()[0]) for r in rows}
    assert {("x-acr", "acronym"), ("dakks-x", "acronym"), ("x-word", "name"),
            ("x-name", "name"), ("s-iafc", "name")} <= hows  # fmt: skip
    assert not {"x-ilacword", "x-signed"} & ids(rows, "abId")
    assert {r["country"] for r in rows if r["abId"] == "x-word"} == {"FR"}


def test_red_flag_imitation_ab_names_flags_no_real_signatory(bundled_store):
    signatories = {
        r["id"]
        for r in accreditation_bodies()
        if "yes" in (r.get("iaf_mla_signatory"), r.get("ilac_mra_signatory"))
        or (not r.get("iaf_mla_signatory") and r.get("iaf_mla_scopes"))
    }
    flagged = ids(records(bundled_store, "red-flag-imitation-ab-names"), "abId")
    assert not flagged & signatories
    assert flagged <= {r["id"] for r in read(SAMPLE / "accreditation_bodies.csv")}


def test_red_flag_void_edition_matches_the_register(bundled_store):
    expected = set()
    for cert in certificates():
        resolved = resolve(cert["standard"])
        if not resolved or not resolved[1] or cert["status"] != "valid":
            continue
        ends = editions()[resolved].get("transition_ends")
        if ends and day(ends) < SAMPLE_AS_OF <= day(cert["valid_until"]):
            expected.add(cert["id"])
    assert expected and ids(records(bundled_store, "red-flag-void-edition")) == expected


# --- buyer -----------------------------------------------------------------------------------


def test_certificate_chain_of_s_c_0001_runs_from_certificate_to_regional_group(bundled_store):
    (row,) = records(bundled_store, "certificate-chain")
    assert row["id"] == "S-C-0001" and row["certificateStatus"] == "valid"
    assert row["organisationName"] == "Lindley Moss Vehicle Bodies plc (sample)"
    assert row["standard"].endswith("/standard/iso-14001")
    assert row["cbIsCertificationBody"] is True and row["accreditationId"] == "S-A-002"
    assert row["coversStandard"] is True and row["ab"].endswith("/body/ukas")
    assert (row["mlaState"], row["mlaCoversStandard"]) == ("signatory", "yes")
    assert "EA" in row["groups"].split("; ")


def test_certificate_chain_shows_every_accreditation_and_which_covers(bundled_store):
    rows = records(bundled_store, "certificate-chain", certificate="S-C-0004")
    covers = {r["accreditationId"]: (r["coversStandard"], r["mlaCoversStandard"]) for r in rows}
    assert covers == {"S-A-011": (True, "no"), "S-A-012": (False, "no")}


def test_certificate_chain_of_a_certificate_issued_by_iso_stops_at_the_issuer(bundled_store):
    (row,) = records(bundled_store, "certificate-chain", certificate="S-C-0058")
    assert row["cbIsCertificationBody"] is False
    assert row["accreditation"] is None and row["mlaCoversStandard"] is None


@pytest.mark.parametrize("cb", ["s-northwind-cert", "s-orbisure-registrar", "s-lumivert-cert"])
def test_certificates_of_cb_lists_exactly_its_certificates(bundled_store, cb):
    expected = {c["id"] for c in certificates() if c["certification_body"] == cb}
    assert ids(records(bundled_store, "certificates-of-cb", cb=cb)) == expected


def test_cb_accreditations_lists_the_cbs_accreditations_with_status(bundled_store):
    expected = {
        a["id"]: a["status"]
        for a in accreditations()
        if a["certification_body"] == "s-sevbridge-registrar"
    }
    rows = records(bundled_store, "cb-accreditations")
    assert {r["id"]: r["status"] for r in rows} == expected


def test_cb_accreditations_shows_mill_accreditations_as_not_signatory(bundled_store):
    rows = records(bundled_store, "cb-accreditations", cb="s-orbisure-registrar")
    assert {r["mlaState"] for r in rows} == {"not-signatory"}


def test_cb_accreditations_of_an_unaccredited_cb_is_empty(bundled_store):
    assert records(bundled_store, "cb-accreditations", cb="s-lumivert-cert") == []


@pytest.mark.parametrize("standard", ["ISO 9001", "ISO 45001", "ISO/IEC 27001"])
def test_accredited_cbs_for_standard_matches_the_register(bundled_store, standard):
    fam = family(standard)
    expected = {}
    for a in accreditations():
        state, listed, complete = iaf_mla()[a["accreditation_body"]]
        in_force = day(a["valid_from"]) <= SAMPLE_AS_OF <= day(a["valid_until"])
        covers = fam in {family(s) for s in items(a["standards"])}
        if a["status"] == "active" and in_force and covers and state == "signatory":
            coverage = "yes" if fam in listed else ("no" if complete else "unknown")
            if coverage != "no":
                expected[a["id"]] = coverage
    rows = records(bundled_store, "accredited-cbs-for-standard", standard=standard)
    assert expected and {r["id"]: r["mlaCoverage"] for r in rows} == expected


def test_find_certificates_returns_the_organisations_certificates(bundled_store):
    name = "lindenhof builders gmbh & co. kg (SAMPLE)"
    expected = {c["id"] for c in certificates() if c["organisation"].lower() == name.lower()}
    assert len(expected) > 1
    assert ids(records(bundled_store, "find-certificates", name=name)) == expected


def test_find_certificates_ignores_spacing_as_a_supplier_list_writes_it(bundled_store):
    typed = "  Lindenhof   Builders GmbH & Co. KG\t(sample) "
    expected = ids(records(bundled_store, "find-certificates", name="Lindenhof Builders GmbH & "
                           "Co. KG (sample)"))  # fmt: skip
    assert expected and ids(records(bundled_store, "find-certificates", name=typed)) == expected


# --- student ---------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["ea", "apac", "sadca"])
def test_regional_group_members_lists_ab_members_with_confidence(bundled_store, group):
    ab_ids = {r["id"] for r in accreditation_bodies()}
    expected = {
        r["member"]: r["confidence"]
        for r in read(DATA / "memberships.csv")
        if r["organisation"] == group and r["member"] in ab_ids and member_on(r)
    }
    rows = records(bundled_store, "regional-group-members", group=group)
    assert {r["abId"]: r["confidence"] for r in rows} == expected


def test_regional_group_members_shows_ukas_as_verified_ea_signatory(bundled_store):
    ukas = next(r for r in records(bundled_store, "regional-group-members") if r["abId"] == "ukas")
    assert (ukas["confidence"], ukas["mlaState"]) == ("verified", "signatory")


def test_standard_editions_lists_every_edition_with_its_transition(bundled_store):
    expected = {
        r["edition"]: day(r["transition_ends"]) if r["transition_ends"] else None
        for r in read(DATA / "standards.csv")
    }
    rows = records(bundled_store, "standard-editions")
    assert {r["editionDesignation"]: r["transitionEnds"] for r in rows} == expected


def test_standard_editions_marks_current_and_replaced_editions(bundled_store):
    rows = {r["editionDesignation"]: r for r in records(bundled_store, "standard-editions")}
    assert rows["ISO/IEC 27001:2022"]["isCurrent"] is True
    assert rows["ISO/IEC 27001:2013"]["replacedBy"] == "ISO/IEC 27001:2022"
    assert rows["ISO 26000:2010"]["certifiable"] is False


def test_sectors_lists_the_39_iaf_sectors_with_nace_mapping(bundled_store):
    expected = {
        r["code"]: (r["nace_rev2"], r["nace_confidence"]) for r in read(DATA / "iaf_sectors.csv")
    }
    rows = records(bundled_store, "sectors")
    assert [r["code"] for r in rows] == [str(n) for n in range(1, 40)]
    assert {r["code"]: (r["naceRev2"], r["naceConfidence"]) for r in rows} == expected


def test_who_is_who_says_iso_certifies_no_one(bundled_store):
    rows = records(bundled_store, "who-is-who")
    iso = next(r for r in rows if r["thing"].endswith("/body/iso"))
    assert iso["kind"] == "standards body" and "does not certify" in iso["role"]


def test_who_is_who_counts_iaf_mla_signatories_and_names_the_successor(bundled_store):
    rows = {r["name"]: r for r in records(bundled_store, "who-is-who")}
    signatories = sum(state == "signatory" for state, _, _ in iaf_mla().values())
    assert rows["IAF MLA"]["count"] == signatories
    assert (
        "Global Accreditation Cooperation"
        in rows["International Accreditation Forum, Inc."]["note"]
    )


# --- trainer ---------------------------------------------------------------------------------


def test_guidance_standards_lists_every_non_certifiable_work(bundled_store):
    expected = {work for work, kind in works().values() if kind != "management-system-requirements"}
    assert ids(records(bundled_store, "guidance-standards"), "designation") == expected


def test_guidance_standards_counts_certificates_claiming_them(bundled_store):
    claims = Counter(cert_family(c) for c in certificates())
    rows = {r["designation"]: r for r in records(bundled_store, "guidance-standards")}
    assert rows["ISO 26000"]["certificatesClaimingIt"] == claims["iso:26000"] > 0
    assert rows["ISO/IEC 17021-1"]["accreditedBodyKind"] == "certification-body"


def test_iaf_successor_gives_global_accreditation_cooperation_from_2026(bundled_store):
    rows = {r["acronym"]: r for r in records(bundled_store, "iaf-successor")}
    for network in ("IAF", "ILAC"):
        assert rows[network]["successor"].endswith("/body/global-accreditation-cooperation")
        assert rows[network]["takenOverOn"] == dt.date(2026, 1, 1)
        assert rows[network]["sources"]


def test_misconceptions_certified_by_iso_finds_certificates_issued_by_iso_or_an_ab(bundled_store):
    not_cbs = {r["id"] for r in read(DATA / "standards_bodies.csv")}
    not_cbs |= {r["id"] for r in read(DATA / "networks.csv")}
    not_cbs |= {r["id"] for r in accreditation_bodies()}
    expected = {c["id"] for c in certificates() if c["certification_body"] in not_cbs}
    rows = records(bundled_store, "misconceptions-certified-by-iso")
    assert expected and ids(rows) == expected
    assert {r["issuerKind"] for r in rows} == {"standards body", "accreditation body"}


# --- the earlier public queries ---------------------------------------------------------------


def test_class_counts_counts_the_sample_certificates(bundled_store):
    rows = records(bundled_store, "class-counts")
    counts = {r["class"].rsplit("#", 1)[1]: r["count"] for r in rows}
    assert counts["Certificate"] == len(certificates())


# --- errors and limits -----------------------------------------------------------------------


def test_run_named_refuses_an_unknown_parameter(bundled_store):
    with pytest.raises(QueryError, match="no parameter"):
        run_named(bundled_store, "cbs-accredited-by", {"body": "ukas"})


def test_run_named_refuses_a_bad_date(bundled_store):
    with pytest.raises(QueryError, match="not a date"):
        run_named(bundled_store, "expiring-certificates", {"asOf": "23/11/2026"})


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/g>",
    ],
)
def test_run_sparql_refuses_updates(bundled_store, update):
    with pytest.raises(ReadOnlyError):
        sparql.run(bundled_store, update)


def test_run_sparql_row_cap_sets_truncated(bundled_store):
    result = sparql.run(bundled_store, "SELECT ?c WHERE { ?c a ag:Certificate }", row_cap=5)
    assert len(result.rows) == 5 and result.truncated is True


def test_run_sparql_under_the_row_cap_is_not_truncated(bundled_store):
    result = sparql.run(bundled_store, "SELECT ?s WHERE { ?s a ag:StandardsBody }", row_cap=5)
    assert len(result.rows) == 2 and result.truncated is False
