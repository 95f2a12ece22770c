"""The reference tables under ``data/``: standards, standards bodies, networks, arrangements
and IAF sectors, each turned into triples (see ``docs/model.md``); memberships are
:mod:`graph.ingest.memberships`'.

Each ``compile_*`` function takes the rows of one file and writes to ``ctx.out``; problems are
recorded on the rows. ``register_*`` functions run first so rows may refer to ids of files
compiled later in the same build.
"""

from __future__ import annotations

from graph.ingest.context import Context, Sink, remember_body, taken_by
from graph.ingest.csvrows import Row
from graph.ingest.succession import COLUMNS as SUCCESSION_COLUMNS
from graph.ingest.succession import write_succession
from graph.vocab.mint import (
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_GYEAR,
    address_iri,
    body_iri,
    name_key,
    slug,
    standard_iri,
)
from graph.vocab.namespaces import AG, AGC, AGD, DCTERMS, RDFS, SCHEMA, SKOS, code, sector
from graph.vocab.standards import parse_designation

__all__ = [
    "ARRANGEMENT_COLUMNS",
    "CONFIDENCE",
    "PROVENANCE",
    "STANDARD_KINDS",
    "TABLES",
    "provenance",
    "write_country",
    "write_organisation",
]

CONFIDENCE = {"verified", "secondary", "unverified"}
STANDARD_KINDS = {"management-system-requirements", "guidance", "conformity-assessment"}
BODY_KINDS = {
    "certification-body",
    "accreditation-body",
    "laboratory",
    "medical-laboratory",
    "inspection-body",
    "proficiency-testing-provider",
    "reference-material-producer",
    "validation-verification-body",
    "persons-certification-body",
    "product-certification-body",
}
MLA_SCOPES = {
    "management-systems",
    "product",
    "persons",
    "ghg-vv",
    "vv",
    "testing-calibration",
    "medical",
    "inspection",
    "ptp",
    "rmp",
}
MEMBERSHIP_ROLES = {"member", "full-member", "associate"}
#: The columns :func:`provenance` reads, on every table that has them.
PROVENANCE = ("source", "confidence", "unverified_fields", "notes")
#: The columns of ``arrangements.csv`` that :func:`compile_arrangements` reads (extra columns
#: are not kept).
ARRANGEMENT_COLUMNS = ("id", "name", "administered_by", "main_scopes", *SUCCESSION_COLUMNS,
                       *PROVENANCE)  # fmt: skip


def provenance(row: Row, s: str, ctx: Context, *, default_confidence: str | None = None) -> None:
    """Write the row's sources, confidence, unverified fields and notes onto node ``s``."""
    out = ctx.out
    out.sources(s, [src.strip() for src in row.raw("source").split(" | ") if src.strip()])
    confidence = row.choice("confidence", CONFIDENCE, required=False) or default_confidence
    if confidence:
        out.iri(s, AG + "confidence", code("confidence", confidence))
    for name in row.items("unverified_fields"):
        out.lit(s, AG + "unverifiedField", name)
    if notes := row.text("notes"):
        out.lit(s, RDFS + "comment", notes, lang="en")


def _named_body(row: Row, s: str, ctx: Context, identifier: str, name: str | None) -> None:
    out = ctx.out
    out.lit(s, DCTERMS + "identifier", identifier)
    if name:
        out.lit(s, RDFS + "label", name)
        out.lit(s, SCHEMA + "name", name)
    if acronym := row.text("acronym"):
        out.lit(s, AG + "acronym", acronym)
    if country := row.country("country"):
        write_country(out, s, country)
    if website := row.text("website"):
        url = website if "://" in website else f"https://{website}"
        out.lit(s, SCHEMA + "url", url, datatype="http://www.w3.org/2001/XMLSchema#anyURI")


def write_organisation(out: Sink, org: str, name: str, country: str, *, sample: bool) -> None:
    """Write a certified organisation ``org`` (:func:`graph.vocab.mint.organisation_iri`): its
    type, names, name key and country, and when ``sample`` that it is fictional."""
    out.typed(org, AG + "CertifiedOrganization")
    out.lit(org, SCHEMA + "name", name)
    out.lit(org, AG + "nameKey", name_key(name))
    out.lit(org, RDFS + "label", name)
    write_country(out, org, country)
    if sample:
        out.lit(org, AG + "isFictional", "true", XSD_BOOLEAN)
        out.typed(org, AG + "SampleRecord")


def write_country(out: Sink, s: str, country: str) -> None:
    """Write ``country`` (ISO 3166-1 alpha-2) as the country of the postal address of ``s``.

    schema:addressCountry belongs on a schema:PostalAddress (schema.org), reached from the body
    or organisation by schema:address.
    """
    address = address_iri(s)
    out.iri(s, SCHEMA + "address", address)
    out.typed(address, SCHEMA + "PostalAddress")
    out.lit(address, SCHEMA + "addressCountry", country)


def register_ids(rows: list[Row], ctx: Context, kind: str, column: str = "id") -> None:
    """Record each row's id as a body of ``kind``; a second use of an id is a problem."""
    for row in rows:
        identifier = row.text(column, required=True)
        if identifier is None:
            continue
        if identifier in ctx.bodies:
            known = ctx.body_names.get(identifier, identifier)
            row.problem(column, f"duplicate id {identifier!r}: it already names a body, "
                                f"{known} (id {identifier})")  # fmt: skip
            continue
        name, acronym = row.text("name"), row.text("acronym")
        clashes = taken_by(ctx, identifier, name, acronym)
        for what, text, their_what, label, their_id in clashes:
            row.problem(
                column if what == "id" else what,
                f"{text!r} looks like the {their_what} of {label} (id {their_id}), a body the "
                "graph already holds: a register may declare its own bodies, not look-alikes "
                "of known ones",
            )
        if clashes:
            continue
        remember_body(ctx, identifier, name, acronym)
        ctx.bodies[identifier] = {kind}
        ctx.body_names[identifier] = row.raw("name") or identifier
        if kind == "network":
            ctx.networks.add(identifier)


def compile_standards_bodies(rows: list[Row], ctx: Context) -> None:
    """``standards_bodies.csv``: ISO and IEC, who write standards and certify no one."""
    for row in rows:
        identifier = row.text("id", required=True)
        if identifier is None:
            continue
        s = body_iri(identifier)
        ctx.out.typed(s, AG + "StandardsBody")
        _named_body(row, s, ctx, identifier, row.text("name", required=True))
        provenance(row, s, ctx)


def register_standards(rows: list[Row], ctx: Context) -> None:
    """Add every work and edition of ``standards.csv`` to the catalogue."""
    for row in rows:
        work, edition = row.text("work", required=True), row.text("edition", required=True)
        kind = row.choice("kind", STANDARD_KINDS)
        year = row.text("year", required=True)
        if not (work and edition and kind and year):
            continue
        if year and not (year.isdigit() and len(year) == 4):
            row.problem("year", f"not a year: {year!r}")
            continue
        try:
            entry = ctx.standards.add_work(work, standard_iri(work), kind)
            if entry.kind != kind:
                row.problem("kind", f"{work} is {entry.kind} on another row, {kind} here")
            if ctx.standards.resolve(edition) is not None:
                row.problem("edition", f"duplicate edition {edition!r}")
                continue
            ctx.standards.add_edition(edition, standard_iri(edition), entry.iri, year)
        except (ValueError, KeyError):
            row.problem("edition", f"{edition!r} is not an edition of {work!r}")


def compile_standards(rows: list[Row], ctx: Context) -> None:
    """``standards.csv``: one row per edition; works are written once, from their rows."""
    out = ctx.out
    seen_works: set[str] = set()
    for row in rows:
        entry = ctx.standards.resolve(row.raw("edition"))
        if entry is None:
            continue
        s, work = entry.iri, entry.work_iri
        kind = code("standard-kind", entry.kind)
        if work not in seen_works:
            seen_works.add(work)
            name = ctx.standards.works[_family(row.raw("work"), ctx)].designation
            out.typed(work, AG + "Standard")
            out.lit(work, AG + "designation", name)
            out.lit(work, RDFS + "label", name)
            out.iri(work, AG + "standardKind", kind)
            certifiable = "true" if entry.kind == "management-system-requirements" else "false"
            out.lit(work, AG + "certifiable", certifiable, XSD_BOOLEAN)
            for publisher in row.items("publisher"):
                if "standards-body" not in ctx.body_kind(publisher):
                    row.problem("publisher", f"{publisher!r} is not a standards body id")
                else:
                    out.iri(work, DCTERMS + "publisher", body_iri(publisher))
            if committee := row.text("committee"):
                out.lit(work, AG + "committee", committee)
            if accredits := row.choice("accredits", BODY_KINDS, required=False):
                out.iri(work, AG + "accreditationStandardFor", code("body-kind", accredits))
        out.typed(s, AG + "StandardEdition")
        out.lit(s, AG + "designation", entry.designation)
        out.lit(s, RDFS + "label", entry.designation)
        out.iri(s, AG + "standardKind", kind)
        out.iri(s, DCTERMS + "isVersionOf", work)
        out.iri(work, DCTERMS + "hasVersion", s)
        out.lit(s, AG + "editionYear", entry.year or "", XSD_GYEAR)
        if title := row.text("title"):
            out.lit(s, DCTERMS + "title", title, lang="en")
        if published := row.date("published"):
            out.lit(s, DCTERMS + "issued", published.isoformat(), XSD_DATE)
        if row.flag("current", default=False):
            out.iri(work, AG + "currentEdition", s)
        if replaces := row.text("replaces"):
            old = ctx.standards.resolve(replaces)
            if old is None or old.year is None:
                row.problem("replaces", f"{replaces!r} is not an edition in standards.csv")
            else:
                out.iri(s, DCTERMS + "replaces", old.iri)
                out.iri(old.iri, DCTERMS + "isReplacedBy", s)
        if ends := row.date("transition_ends"):
            out.lit(s, AG + "transitionEnds", ends.isoformat(), XSD_DATE)
            ctx.transition_ends[s] = ends.isoformat()
        provenance(row, s, ctx)


def _family(work: str, ctx: Context) -> str:
    parsed = parse_designation(work)
    return parsed.family if parsed else ""


def compile_networks(rows: list[Row], ctx: Context) -> None:
    """``networks.csv``: IAF, ILAC, Global Accreditation Cooperation and the regional groups."""
    out = ctx.out
    for row in rows:
        identifier = row.text("id", required=True)
        kind = row.choice("kind", {"global", "regional"})
        status = row.choice("status", {"active", "historic"})
        if identifier is None or kind is None:
            continue
        s = body_iri(identifier)
        cls = "RegionalAccreditationGroup" if kind == "regional" else "AccreditationNetwork"
        out.typed(s, AG + cls)
        _named_body(row, s, ctx, identifier, row.text("name", required=True))
        if region := row.text("region"):
            out.lit(s, SCHEMA + "areaServed", region)
        if status is not None:
            out.lit(s, AG + "historic", "true" if status == "historic" else "false", XSD_BOOLEAN)
        if successor := row.text("roles_taken_over_by"):
            if successor not in ctx.networks:
                row.problem("roles_taken_over_by", f"{successor!r} is not a network id")
            else:
                out.iri(s, AG + "rolesTakenOverBy", body_iri(successor))
        if on := row.date("roles_taken_over_on"):
            out.lit(s, AG + "rolesTakenOverOn", on.isoformat(), XSD_DATE)
        if key_dates := row.text("key_dates"):
            out.lit(s, AG + "keyDates", key_dates, lang="en")
        provenance(row, s, ctx)


def register_arrangements(rows: list[Row], ctx: Context) -> None:
    """Record the arrangement ids of ``arrangements.csv``."""
    for row in rows:
        if identifier := row.text("id", required=True):
            if identifier in ctx.arrangements:
                row.problem("id", f"duplicate arrangement id {identifier!r}")
            ctx.arrangements.add(identifier)


def compile_arrangements(rows: list[Row], ctx: Context) -> None:
    """``arrangements.csv``: the Global ACI MRA, the IAF MLA and ILAC MRA it replaced on
    1 January 2026, and the regional MLAs/MRAs."""
    out = ctx.out
    for row in rows:
        identifier = row.text("id", required=True)
        if identifier is None:
            continue
        s = f"{AGD}arrangement/{slug(identifier)}"
        out.typed(s, AG + "RecognitionArrangement")
        out.lit(s, DCTERMS + "identifier", identifier)
        if name := row.text("name", required=True):
            out.lit(s, RDFS + "label", name)
        administrator = row.text("administered_by", required=True)
        if administrator and administrator not in ctx.networks:
            row.problem("administered_by", f"{administrator!r} is not a network id")
        elif administrator:
            out.iri(s, AG + "administeredBy", body_iri(administrator))
        for scope in row.items("main_scopes"):
            if scope not in MLA_SCOPES:
                row.problem("main_scopes", f"{scope!r} is not an mla-scope code")
            else:
                out.iri(s, AG + "mainScope", code("mla-scope", scope))
        write_succession(row, s, ctx)
        provenance(row, s, ctx)


def compile_sectors(rows: list[Row], ctx: Context) -> None:
    """``iaf_sectors.csv``: the 39 IAF sector codes as SKOS concepts."""
    out = ctx.out
    scheme = AGC + "iaf-sector"
    for row in rows:
        number = row.text("code", required=True)
        if number is None or not number.isdigit() or not 1 <= int(number) <= 39:
            if number is not None:
                row.problem("code", f"{number!r} is not an IAF sector code (1-39)")
            continue
        s = sector(int(number))
        out.typed(s, SKOS + "Concept")
        out.iri(s, SKOS + "inScheme", scheme)
        out.iri(scheme, SKOS + "hasTopConcept", s)
        out.lit(s, SKOS + "notation", number)
        if name := row.text("name", required=True):
            out.lit(s, SKOS + "prefLabel", name, lang="en")
            out.lit(s, RDFS + "label", f"IAF {number}: {name}")
        if ea := row.text("ea_code"):
            out.lit(s, AG + "eaCode", ea)
        if nace := row.text("nace_rev2"):
            out.lit(s, AG + "naceRev2", nace)
        if nace_conf := row.choice("nace_confidence", CONFIDENCE, required=False):
            out.iri(s, AG + "naceConfidence", code("confidence", nace_conf))
        if name_conf := row.choice("name_confidence", CONFIDENCE, required=False):
            out.iri(s, AG + "confidence", code("confidence", name_conf))
        out.sources(s, [src.strip() for src in row.raw("source").split(" | ") if src.strip()])
        if notes := row.text("notes"):
            out.lit(s, RDFS + "comment", notes, lang="en")


#: file name -> (required columns, register step or None, compile step), in build order.
TABLES = {
    "standards_bodies.csv": (
        ("id", "name"),
        lambda r, c: register_ids(r, c, "standards-body"),
        compile_standards_bodies,
    ),
    "networks.csv": (
        ("id", "name", "kind", "status"),
        lambda r, c: register_ids(r, c, "network"),
        compile_networks,
    ),
    "standards.csv": (("work", "edition", "year", "kind"), register_standards, compile_standards),
    "arrangements.csv": (
        ("id", "name", "administered_by", "main_scopes"),
        register_arrangements,
        compile_arrangements,
    ),
    "iaf_sectors.csv": (("code", "name"), None, compile_sectors),
}
