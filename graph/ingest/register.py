"""The interchange tables (``docs/interchange.md``): accreditation bodies, certification bodies,
accreditations and certificates, plus ``memberships.csv``, turned into triples.

The same code reads the bundled data and a user's register, so both obey one set of rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from graph.ingest.context import Context
from graph.ingest.csvrows import Row
from graph.ingest.flag_pages import CERTIFICATE_LINK, VOID_EDITION, write_coverage
from graph.ingest.flags import Shown, standard_flags, write_flags
from graph.ingest.lapse_windows import Coverage
from graph.ingest.memberships import compile_memberships
from graph.ingest.reference import (
    ARRANGEMENT_COLUMNS,
    PROVENANCE,
    _named_body,
    provenance,
    register_ids,
    write_organisation,
)
from graph.ingest.scope_dates import COLUMNS as SCOPE_DATE_COLUMNS
from graph.ingest.scope_dates import MAIN_SCOPE_OF, write_scope_dates
from graph.ingest.summaries import count_certificate
from graph.vocab.mint import (
    XSD_BOOLEAN,
    XSD_DATE,
    accreditation_iri,
    address_iri,
    body_iri,
    certificate_iri,
    organisation_iri,
)
from graph.vocab.namespaces import AG, AGD, AGX, DCTERMS, ORG, OWL, RDF, RDFS, SCHEMA, code, sector
from graph.vocab.standards import parse_designation

__all__ = ["IMPORTED_COLUMNS", "KNOWN_COLUMNS", "TABLES", "extras"]

ACCREDITATION_STATUSES = {"active", "suspended", "withdrawn", "expired"}
CERTIFICATE_STATUSES = {"valid", "suspended", "withdrawn", "expired"}
SIGNATORY = {"yes": "signatory", "no": "not-signatory", "unverified": "unverified"}

#: Columns each file understands; any other column is an extra, kept as ``agx:<column>``.
KNOWN_COLUMNS = {
    "accreditation_bodies.csv": (
        "id", "name", "country", "iaf_mla_scopes", "website", "acronym", "iaf_mla_signatory",
        "iaf_mla_scopes_complete", "iaf_mla_scope_note", "ilac_mra_signatory",
        *SCOPE_DATE_COLUMNS, "case", *PROVENANCE,
    ),
    "certification_bodies.csv": ("id", "name", "country", "website", "acronym", "hq_city",
                                 "case", *PROVENANCE),
    "accreditations.csv": (
        "id", "accreditation_body", "certification_body", "standards", "sectors", "valid_from",
        "valid_until", "status", "against", "case", *PROVENANCE,
    ),
    "certificates.csv": (
        "id", "organisation", "country", "certification_body", "standard", "sectors", "issued",
        "valid_until", "status", "scope", "sites", "case", *PROVENANCE,
    ),
    "memberships.csv": ("member", "organisation", "role", "valid_from", "valid_until",
                        *PROVENANCE),
}  # fmt: skip
#: Every column the importer reads, per file a register may hold that the register export
#: writes back (:mod:`graph.ingest.register_export`): :data:`KNOWN_COLUMNS` and the columns of
#: ``arrangements.csv``.
IMPORTED_COLUMNS = {**KNOWN_COLUMNS, "arrangements.csv": ARRANGEMENT_COLUMNS}


def extras(row: Row, s: str, ctx: Context, known: tuple[str, ...]) -> None:
    """Keep every non-empty cell of an unknown column as ``agx:<column>`` on ``s``."""
    for column, value in row.cells.items():
        if column not in known and column and value.strip():
            term = AGX + quote(column, safe="-._~")
            if term not in ctx.extra_terms:  # OWL 2 DL: every property used is declared once
                ctx.extra_terms.add(term)
                ctx.out.iri(term, RDF + "type", OWL + "AnnotationProperty")
            ctx.out.lit(s, term, value.strip())


def _sectors(row: Row, column: str) -> list[int]:
    numbers = []
    for item in row.items(column):
        text = item.upper().removeprefix("IAF").removeprefix("EA").strip()
        if not text.isdigit() or not 1 <= int(text) <= 39:
            row.problem(column, f"{item!r} is not an IAF sector code (1-39)")
        else:
            numbers.append(int(text))
    return numbers


def _sample(s: str, ctx: Context, row: Row) -> None:
    if ctx.sample:
        ctx.out.typed(s, AG + "SampleRecord")
    if case := row.text("case"):
        ctx.out.lit(s, AG + "sampleCase", case)


def compile_accreditation_bodies(rows: list[Row], ctx: Context) -> None:
    """``accreditation_bodies.csv``: ABs and their IAF MLA (and ILAC MRA) signatory status."""
    out = ctx.out
    known = KNOWN_COLUMNS["accreditation_bodies.csv"]
    for row in rows:
        identifier = row.text("id", required=True)
        if identifier is None or "accreditation-body" not in ctx.body_kind(identifier):
            continue
        s = body_iri(identifier)
        out.typed(s, AG + "AccreditationBody")
        _named_body(row, s, ctx, identifier, row.text("name", required=True))
        provenance(row, s, ctx)
        _sample(s, ctx, row)
        extras(row, s, ctx, known)
        _iaf_signatory(row, identifier, ctx)
        if ilac := row.choice("ilac_mra_signatory", set(SIGNATORY), required=False):
            _signatory_node(row, identifier, "ilac-mra", SIGNATORY[ilac], ctx)


def _signatory_node(row: Row, body: str, arrangement: str, state: str, ctx: Context) -> str:
    s = f"{AGD}signatory/{quote(body, safe='-._~')}/{arrangement}"
    out = ctx.out
    out.typed(s, AG + "SignatoryStatus")
    out.iri(s, AG + "signatory", body_iri(body))
    out.iri(s, AG + "arrangement", f"{AGD}arrangement/{arrangement}")
    out.iri(s, AG + "signatoryState", code("signatory-state", state))
    label = {"signatory": "signatory of", "not-signatory": "not a signatory of"}.get(
        state, "signatory status unverified for"
    )
    out.lit(s, RDFS + "label", f"{ctx.body_names.get(body, body)}: {label} {arrangement.upper()}")
    field = "iaf_mla_signatory" if arrangement == "iaf-mla" else "ilac_mra_signatory"
    unverified = field in row.items("unverified_fields") or state == "unverified"
    confidence = "unverified" if unverified else (row.raw("confidence") or "verified")
    if confidence in {"verified", "secondary", "unverified"}:
        out.iri(s, AG + "confidence", code("confidence", confidence))
    out.sources(s, [src.strip() for src in row.raw("source").split(" | ") if src.strip()])
    if ctx.sample:
        out.typed(s, AG + "SampleRecord")
    return s


def _iaf_signatory(row: Row, body: str, ctx: Context) -> None:
    scopes = row.items("iaf_mla_scopes")
    declared = row.choice("iaf_mla_signatory", set(SIGNATORY), required=False)
    if declared is None:
        declared = "yes" if scopes else "no"
    if declared != "yes" and scopes:
        row.problem("iaf_mla_scopes", "scopes are listed but iaf_mla_signatory is not 'yes'")
    s = _signatory_node(row, body, "iaf-mla", SIGNATORY[declared], ctx)
    out = ctx.out
    sub_scopes: set[str] = set()
    main_scopes: dict[str, str] = {}  # the main scopes' normative documents (work IRIs)
    for text in scopes:
        entry = ctx.standards.resolve(text)
        parsed = parse_designation(text)
        if entry is None or parsed is None:
            row.problem("iaf_mla_scopes", ctx.standards.explain_unresolved(text))
            continue
        if parsed.family in MAIN_SCOPE_OF:
            out.iri(s, AG + "mainScope", code("mla-scope", MAIN_SCOPE_OF[parsed.family]))
            out.iri(s, AG + "mainScopeStandard", entry.work_iri)
            main_scopes[entry.work_iri] = MAIN_SCOPE_OF[parsed.family]
        elif entry.kind == "management-system-requirements":
            out.iri(s, AG + "mainScope", code("mla-scope", "management-systems"))
            out.iri(s, AG + "subScopeStandard", entry.work_iri)
            sub_scopes.add(entry.work_iri)
        else:
            row.problem("iaf_mla_scopes", f"{text!r} is {entry.kind}: not an IAF MLA scope")
    complete = True
    if declared == "yes":
        complete = row.flag("iaf_mla_scopes_complete", default=True)
        out.lit(s, AG + "scopeComplete", "true" if complete else "false", XSD_BOOLEAN)
    ctx.flags.add_signatory(body_iri(body), code("signatory-state", SIGNATORY[declared]),
                            bool(complete), sub_scopes)  # fmt: skip
    if note := row.text("iaf_mla_scope_note"):
        out.lit(s, AG + "scopeNote", note)
    write_scope_dates(row, s, sub_scopes, ctx, main_scopes)


def compile_certification_bodies(rows: list[Row], ctx: Context) -> None:
    """``certification_bodies.csv``: the bodies that audit and certify organisations."""
    out = ctx.out
    known = KNOWN_COLUMNS["certification_bodies.csv"]
    for row in rows:
        identifier = row.text("id", required=True)
        if identifier is None or "certification-body" not in ctx.body_kind(identifier):
            continue
        s = body_iri(identifier)
        out.typed(s, AG + "CertificationBody")
        _named_body(row, s, ctx, identifier, row.text("name", required=True))
        if city := row.text("hq_city"):
            out.lit(s, SCHEMA + "location", city)
        provenance(row, s, ctx)
        _sample(s, ctx, row)
        extras(row, s, ctx, known)


def _register_attestations(rows: list[Row], seen: set[str], what: str) -> None:
    for row in rows:
        identifier = row.text("id", required=True)
        if identifier is None:
            continue
        if identifier in seen:
            row.problem("id", f"duplicate {what} id {identifier!r}")
            row.cells["id"] = ""  # compile skips it: the first row with the id wins
        seen.add(identifier)


def _validity(row: Row, start_column: str) -> tuple:
    start = row.date(start_column, required=True)
    until = row.date("valid_until", required=True)
    if start and until and until < start:
        row.problem("valid_until", f"{until} is before {start_column} {start}")
        return None, None
    return start, until


def compile_accreditations(rows: list[Row], ctx: Context) -> None:
    """``accreditations.csv``: an AB attests a CB's competence for a scope, for a period."""
    out = ctx.out
    known = KNOWN_COLUMNS["accreditations.csv"]
    for row in rows:
        identifier = row.text("id")
        ab = row.text("accreditation_body", required=True)
        cb = row.text("certification_body", required=True)
        if ab and "accreditation-body" not in ctx.body_kind(ab):
            what = "unknown body id" if ab not in ctx.bodies else "not an accreditation body:"
            row.problem("accreditation_body", f"{what} {ab!r}")
            ab = None
        if cb and "certification-body" not in ctx.body_kind(cb):
            what = "unknown body id" if cb not in ctx.bodies else "not a certification body:"
            row.problem("certification_body", f"{what} {cb!r}")
            cb = None
        standards = []
        for text in row.items("standards"):
            entry = ctx.standards.resolve(text)
            if entry is None:
                row.problem("standards", ctx.standards.explain_unresolved(text))
            else:
                standards.append(entry)
        if not row.items("standards"):
            row.problem("standards", "is required: the standards the CB may certify to")
        against_text = row.text("against") or "ISO/IEC 17021-1"
        against = ctx.standards.resolve(against_text)
        if against is None:
            row.problem("against", ctx.standards.explain_unresolved(against_text))
        sectors = _sectors(row, "sectors")
        start, until = _validity(row, "valid_from")
        status = row.choice("status", ACCREDITATION_STATUSES)
        if not (identifier and ab and cb and standards and start and until and status):
            continue
        s = accreditation_iri(identifier)
        out.typed(s, AG + "Accreditation")
        out.lit(s, AG + "number", identifier)
        out.lit(s, DCTERMS + "identifier", identifier)
        out.lit(s, RDFS + "label", f"Accreditation {identifier}: {ctx.body_names[ab]} → "
                                   f"{ctx.body_names[cb]}")  # fmt: skip
        out.iri(s, AG + "issuer", body_iri(ab))
        out.iri(s, AG + "subject", body_iri(cb))
        if against is not None:
            out.iri(s, AG + "againstStandard", against.iri)
        for entry in standards:
            out.iri(s, AG + "coversStandard", entry.iri)
        for number in sectors:
            out.iri(s, AG + "sector", sector(number))
        if not sectors:
            out.lit(s, AG + "allSectors", "true", XSD_BOOLEAN)
        ctx.flags.add_accreditation(s, body_iri(cb), body_iri(ab), {e.work_iri for e in standards},
                                    start, all_sectors=not sectors,
                                    sectors={sector(n) for n in sectors})  # fmt: skip
        out.lit(s, AG + "validFrom", start.isoformat(), XSD_DATE)
        out.lit(s, AG + "validUntil", until.isoformat(), XSD_DATE)
        out.iri(s, AG + "status", code("accreditation-status", status))
        status_iri = code("accreditation-status", status)
        # what the lapsed-accreditation flag reads of it, and works out its windows from
        for node, pair in write_coverage(out, s, identifier, body_iri(ab), body_iri(cb),
                                         {e.work_iri for e in standards}, status_iri, start,
                                         until):  # fmt: skip
            ctx.coverage.append(Coverage(node, pair, identifier, status_iri, start, until))
        provenance(row, s, ctx)
        _sample(s, ctx, row)
        extras(row, s, ctx, known)


def compile_certificates(rows: Iterable[Row], ctx: Context) -> None:
    """``certificates.csv``: a CB attests an organisation's management system, for a scope.

    Rows stream through once; an id seen before (in this file or the store) is a problem.
    """
    out = ctx.out
    known = KNOWN_COLUMNS["certificates.csv"]
    seen = ctx.certificates
    written: tuple[tuple[str, str] | None, str] = (None, "")  # rows of one org follow
    for row in ctx.with_stored_certificates(rows):  # an import: the store's ids too
        identifier = row.text("id", required=True)
        if identifier is not None:
            if identifier in seen:
                row.problem("id", f"duplicate certificate id {identifier!r}")
                identifier = None
            else:
                seen.add(identifier)
        name = row.text("organisation", required=True)
        country = row.country("country", required=True)
        cb = row.text("certification_body", required=True)
        if cb and cb not in ctx.bodies:
            row.problem("certification_body", f"unknown body id {cb!r}")
            cb = None
        designation = row.text("standard", required=True)
        sectors = _sectors(row, "sectors")
        issued, until = _validity(row, "issued")
        status = row.choice("status", CERTIFICATE_STATUSES)
        if not (identifier and name and country and cb and designation and issued and until):
            continue
        if status is None:
            continue
        s = certificate_iri(identifier)
        org = written[1] if (name, country) == written[0] else organisation_iri(name, country)
        out.typed(s, AG + "Certificate")
        out.lit(s, AG + "number", identifier)
        out.lit(s, DCTERMS + "identifier", identifier)
        out.lit(s, RDFS + "label", f"Certificate {identifier}: {name}, {designation}")
        out.iri(s, AG + "issuer", body_iri(cb))
        out.iri(s, AG + "subject", org)
        out.lit(s, AG + "standardDesignation", designation)
        if (entry := ctx.standards.resolve(designation)) is not None:
            out.iri(s, AG + "againstStandard", entry.iri)
            if status == "valid" and (ends := ctx.transition_ends.get(entry.iri)):
                # the certificates red-flag-void-edition starts from, kept in pages
                ctx.flags.pages.note(s, VOID_EDITION, ends, identifier, CERTIFICATE_LINK)
        issuer = body_iri(cb)
        if entry is not None and status == "valid":  # by body and work, for the lapsed flag
            ctx.flags.pages.link_pair(ctx.out, s, issuer, entry.work_iri)
        count_certificate(
            ctx, entry.work_iri if entry else None, country, issuer, status, until.isoformat()
        )
        ctx.flags.certified.add(issuer)
        flags = standard_flags(entry.kind if entry else None)
        if entry is not None:
            flags += ctx.flags.flags(issuer, entry.work_iri, issued, {sector(n) for n in sectors})
        if flags:
            shown = Shown(identifier, designation, status, issued, name)
            write_flags(out, s, issuer, shown, flags, ctx.flags.pages)
        for number in sectors:
            out.iri(s, AG + "sector", sector(number))
        out.lit(s, DCTERMS + "issued", issued.isoformat(), XSD_DATE)
        out.lit(s, AG + "validFrom", issued.isoformat(), XSD_DATE)
        out.lit(s, AG + "validUntil", until.isoformat(), XSD_DATE)
        out.iri(s, AG + "status", code("certificate-status", status))
        if scope := row.text("scope"):
            out.lit(s, AG + "scopeText", scope, lang="en")
        if (name, country) != written[0]:  # the same statements again: the store keeps one
            written = ((name, country), org)
            write_organisation(out, org, name, country, sample=ctx.sample)
        out.iri(org, SCHEMA + "hasCertification", s)
        for n, site in enumerate(row.items("sites"), start=1):
            site_iri = f"{org.replace('/organisation/', '/site/')}/{n}"
            out.typed(site_iri, ORG + "Site")
            out.lit(site_iri, RDFS + "label", site)
            # org:siteAddress links to an address (W3C ORG), never to text.
            address = address_iri(site_iri)
            out.iri(site_iri, ORG + "siteAddress", address)
            out.typed(address, SCHEMA + "PostalAddress")
            out.lit(address, RDFS + "label", site)
            out.iri(org, ORG + "hasSite", site_iri)
            out.iri(s, AG + "site", site_iri)
        provenance(row, s, ctx)
        _sample(s, ctx, row)
        extras(row, s, ctx, known)


#: file name -> (required columns, register step or None, compile step), in build order.
TABLES = {
    "accreditation_bodies.csv": (
        ("id", "name", "country", "iaf_mla_scopes", "website"),
        lambda r, c: register_ids(r, c, "accreditation-body"),
        compile_accreditation_bodies,
    ),
    "certification_bodies.csv": (
        ("id", "name", "country", "website"),
        lambda r, c: register_ids(r, c, "certification-body"),
        compile_certification_bodies,
    ),
    "memberships.csv": (("member", "organisation", "role", "confidence"), None,
                        compile_memberships),
    "accreditations.csv": (
        ("id", "accreditation_body", "certification_body", "standards", "sectors", "valid_from",
         "valid_until", "status"),
        lambda r, c: _register_attestations(r, c.accreditations, "accreditation"),
        compile_accreditations,
    ),
    "certificates.csv": (
        ("id", "organisation", "country", "certification_body", "standard", "sectors", "issued",
         "valid_until", "status", "scope"),
        None,  # streamed; compile_certificates checks ids as it goes
        compile_certificates,
    ),
}  # fmt: skip
