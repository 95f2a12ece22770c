"""Data: what the graph holds (counts as charts), its data quality (SHACL), its vocabulary, and
importing a register.

The counts come from named queries over the counts written at build time, so they answer at once
over millions of certificates. An import checks every file first and loads all of it or none
of it. By default it goes into the visitor's own workspace (``explorer_pages.workspace``); only
an app started with ``--allow-import`` imports into the shared store, and then every cached
result is cleared so each page reads the new graph.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import streamlit as st

from graph.errors import AccredigraphError, DataError
from graph.ingest.build import TABLES, import_register
from graph.ingest.validate import Report, validate_store
from graph.store import Store
from graph.vocab.namespaces import AG

from . import warm
from .common import (
    SETTINGS,
    allow_import,
    choose_entity,
    entity_link,
    error_box,
    location,
    md,
    named_records,
    offer_download,
    short_iri,
    small_table,
    source,
    store_at,
)
from .workspace import discard, import_into_workspace
from .workspace import uploads as uploads_of_workspace

__all__ = [
    "ImportOutcome",
    "import_files",
    "load_register",
    "page",
    "shared_import",
    "show_outcome",
]

T = TypeVar("T")

#: The classes counted at the top of the Counts tab.
HEADLINE = (
    "Certificate",
    "CertifiedOrganization",
    "CertificationBody",
    "Accreditation",
    "AccreditationBody",
    "Standard",
)
REGISTER_FILES = (
    "certification_bodies.csv",
    "accreditations.csv",
    "certificates.csv",
    "accreditation_bodies.csv",
)


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What an import did: loaded (with its report) or refused (with every problem)."""

    loaded: bool
    message: str
    problems: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def import_files(
    store: Store, files: Sequence[tuple[str, bytes]], *, limit: int | None = None
) -> ImportOutcome:
    """Import uploaded register files, given as ``(name, bytes)`` pairs, into ``store``.

    The files are written to a fresh folder and imported with
    :func:`graph.ingest.build.import_register`: every file is checked first, and when anything is
    wrong nothing is loaded and every problem is returned, one line each.
    """
    limit = SETTINGS.upload_limit if limit is None else limit
    total = sum(len(data) for _, data in files)
    if total > limit:
        return ImportOutcome(
            False,
            f"The files come to {total / 1_048_576:.1f} MB; the largest "
            f"upload accepted is {limit / 1_048_576:.0f} MB. Nothing was "
            "loaded.",
        )
    staged = load_register(files, lambda folder: import_register(store, folder), turtle=True,
                           unchanged="the graph")  # fmt: skip
    if isinstance(staged, ImportOutcome):
        return staged
    report, names, ignored = staged
    return ImportOutcome(True, f"Imported {', '.join(names)}: {report}.", ignored=ignored)


def load_register(
    files: Sequence[tuple[str, bytes]],
    load: Callable[[Path], T],
    *,
    turtle: bool,
    unchanged: str,
) -> tuple[T, list[str], list[str]] | ImportOutcome:
    """Write the uploaded register files to a fresh folder and ``load`` it; the shared
    import and a visitor's workspace both come through here.

    Returns what ``load`` returned with the names of the files loaded and of those ignored
    (not part of a register; Turtle files count only with ``turtle``), or the
    :class:`ImportOutcome` that refuses the upload: no register file, a file given twice, or
    the problems ``load`` found — every one, and ``unchanged`` (what stays as it was) said so.
    """
    known, ignored = [], []
    for name, data in files:
        base = Path(name).name
        if base in TABLES or (turtle and base.endswith(".ttl")):
            known.append((base, data))
        else:
            ignored.append(base)
    if not known:
        return ImportOutcome(
            False,
            "None of the files is part of a register: name them "
            + ", ".join(REGISTER_FILES)
            + (" (or .ttl)" if turtle else "")
            + ". Nothing was loaded.",
            ignored=ignored,
        )
    names = [n for n, _ in known]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        return ImportOutcome(
            False,
            "Each file may be given once; twice: "
            + ", ".join(duplicates)
            + ". Nothing was loaded.",
        )
    with tempfile.TemporaryDirectory(prefix="accredigraph-upload-") as tmp:
        folder = Path(tmp) / "register"
        folder.mkdir()
        for name, data in known:
            (folder / name).write_bytes(data)
        try:
            loaded = load(folder)
        except DataError as exc:
            problems = [
                f"{Path(p.file).name}:{p.line}: {p.column}: {p.message}" for p in exc.problems
            ]
            return ImportOutcome(
                False,
                f"{len(problems)} problem(s) found; nothing was loaded: {unchanged} is "
                "exactly as it was.",
                problems,
                ignored,
            )
        except AccredigraphError as exc:
            return ImportOutcome(False, f"{exc} Nothing was loaded.", ignored=ignored)
    return loaded, names, ignored


def show_outcome(outcome: ImportOutcome) -> None:
    """Show an import's outcome: success, or the message and every problem line."""
    if outcome.loaded:
        st.success(md(outcome.message), icon=":material/check_circle:")
    else:
        st.error(md(outcome.message), icon=":material/error:")
    if outcome.problems:
        st.code("\n".join(outcome.problems), language=None, wrap_lines=True)
    if outcome.ignored:
        st.warning("Not part of a register, left out: " + md(", ".join(outcome.ignored)))


def shared_import(files: Sequence[tuple[str, bytes]]) -> ImportOutcome:
    """Import into the shared store, which every visitor reads: only when the operator started
    the app with ``--allow-import``; otherwise refused, and the store is not touched."""
    if not allow_import():
        return ImportOutcome(
            False,
            "This instance is shared and read-only: an upload goes into your own workspace. "
            "Importing into the shared graph needs the operator's --allow-import. Nothing "
            "was loaded.",
        )
    with warm.exclusive():  # no shared work reads the graph half-way through the import
        outcome = import_files(store_at(location()), files)
        if outcome.loaded:
            st.cache_data.clear()  # the store's version changed: the next run warms it again
    return outcome


def _files_chosen(limit: int, types: list[str]) -> list | None:
    uploads = st.file_uploader(
        "Register files", type=types, accept_multiple_files=True, key="data.upload"
    )
    if not uploads:
        return None
    for upload in uploads:
        if upload.size > limit:
            st.error(
                f"{md(upload.name)} is {upload.size / 1_048_576:.1f} MB; the largest upload "
                f"accepted is {limit / 1_048_576:.0f} MB."
            )
            return None
    st.caption(f"{len(uploads)} file(s): " + md(", ".join(u.name for u in uploads)))
    return uploads


def _import_section() -> None:
    files = ", ".join(f"`{n}`" for n in REGISTER_FILES)
    if allow_import():
        st.markdown(
            "Add a register (the interchange format of `docs/interchange.md`) **to the shared "
            "graph**: this instance was started with `--allow-import`, so an import changes "
            f"what every visitor sees. Select all its files at once ({files}; any subset). "
            "Every row is checked first; if anything is wrong nothing is loaded."
        )
        uploads = _files_chosen(SETTINGS.upload_limit, ["csv", "ttl"])
        if uploads and st.button(
            "Import into the shared graph", type="primary", key="data.import",
            icon=":material/upload:",
        ):  # fmt: skip
            st.session_state["data.outcome"] = shared_import(
                [(u.name, u.getvalue()) for u in uploads]
            )
    else:
        st.markdown(
            "Check a register of your own (the interchange format of `docs/interchange.md`) "
            f"against the bundled reference data: select its CSV files at once ({files}; any "
            "subset). It goes into **your own workspace**: the bundled bodies, standards, "
            "networks and sectors plus your register, every fact of it marked as "
            "user-supplied. Only you see it, for as long as this browser tab stays open; the "
            "shared graph does not change. Every row is checked first; if anything is wrong "
            "nothing is loaded."
        )
        st.caption(
            f"At most {SETTINGS.workspace_bytes / 1_048_576:.0f} MB and "
            f"{SETTINGS.workspace_rows:,} rows in all. Your bodies may not look like a bundled "
            "one (`UKAS`, `ukas`, `UKАS` …)."
        )
        uploads = _files_chosen(SETTINGS.workspace_bytes, ["csv"])
        if uploads and st.button(
            "Add to my workspace", type="primary", key="data.import", icon=":material/upload:"
        ):
            st.session_state["data.outcome"] = import_into_workspace(
                [(u.name, u.getvalue()) for u in uploads]
            )
        if mine := uploads_of_workspace():
            st.markdown(
                "**My workspace:** "
                + "; ".join(md(str(u)) + " (" + md(", ".join(u.files)) + ")" for u in mine)
            )
            if st.button("Discard my workspace", key="data.discard", icon=":material/delete:"):
                discard()
                st.session_state.pop("data.outcome", None)
                st.rerun()
    if outcome := st.session_state.get("data.outcome"):
        show_outcome(outcome)


# --- counts -------------------------------------------------------------------------------------


def _bar(rows: dict[str, int], label: str, value: str, *, top: int = 25) -> None:
    best = sorted(rows.items(), key=lambda kv: -kv[1])[:top]
    if not best:
        st.caption("Nothing to count.")
        return
    st.bar_chart(
        {label: [k for k, _ in best], value: [v for _, v in best]},
        x=label,
        y=value,
        horizontal=True,
        sort=f"-{value}",
        height=max(260, 30 * len(best)),
    )
    if len(rows) > top:
        st.caption(f"The {top} largest of {len(rows)}.")


def _headline_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """The Counts tab's headline counts, certificates per standard and country, and
    accreditations per AB (read from the build-time summaries)."""
    return (
        named_records("headline-counts", cap=None),
        named_records("summary-certificates-per-standard-and-country", cap=None),
        named_records("accreditations-per-ab", cap=None),
    )


def _class_rows() -> list[dict]:
    """Every class counted: read from the class partition written at build time, so at once
    at any size."""
    return named_records("class-counts")


def _term_rows() -> list[dict]:
    """The ontology's terms (the Ontology tab)."""
    return named_records("ontology-terms", cap=None)


@warm.task(order=20)
def _shared_counts() -> None:
    """The Counts and Ontology tabs' queries, done before anyone opens them."""
    _headline_rows()
    _class_rows()
    _term_rows()


def _counts_section() -> None:
    try:
        small, per_standard_country, per_ab = _headline_rows()
    except AccredigraphError as exc:
        error_box(exc)
        return
    certificates = sum(int(r["certificates"]) for r in per_standard_country)
    classes = []
    try:
        classes = _class_rows()
    except AccredigraphError as exc:
        error_box(exc)

    def by_class(rows: list[dict]) -> dict[str, tuple[str, int]]:
        return {str(r["class"]): (str(r["label"]), int(r["count"])) for r in rows}

    headline = {**by_class(small), AG + "Certificate": ("Certificate", certificates)}
    headline.update(by_class(classes))
    shown = [headline[AG + name] for name in HEADLINE if AG + name in headline]
    for col, (label, count) in zip(st.columns(max(1, len(shown))), shown, strict=False):
        col.metric(md(label), f"{count:,}")
    by_standard: dict[str, int] = defaultdict(int)
    by_country: dict[str, int] = defaultdict(int)
    for row in per_standard_country:
        by_standard[str(row["designation"])] += int(row["certificates"])
        by_country[str(row["country"])] += int(row["certificates"])
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Certificates per standard")
        _bar(by_standard, "standard", "certificates")
    with right:
        st.subheader("Certificates per country")
        _bar(by_country, "country", "certificates")
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Accreditations per accreditation body")
        _bar(
            {
                str(r["acronym"] or r["name"] or short_iri(r["ab"])): int(r["accreditations"])
                for r in per_ab
            },
            "accreditation body",
            "accreditations",
        )
    with right:
        st.subheader("Everything in the graph, by class")
        if classes:
            small_table(
                [{"class": str(r["label"]), "count": int(r["count"])} for r in classes],
                alt="Everything in the graph, by class",
            )
    st.caption("More counts, with downloads, are in the SPARQL page's analyst queries.")


# --- data quality -------------------------------------------------------------------------------


@st.cache_data(show_spinner="Validating the graph against the SHACL shapes…", max_entries=2)
def _validate(where: str | None) -> Report:
    return validate_store(store_at(where))


def _quality_section() -> None:
    st.markdown(
        "The graph checked against the SHACL shapes (`shapes.ttl`): each issue names the "
        "entity, the rule, what is wrong and what to fix."
    )
    if not st.toggle(
        "Run the data-quality check",
        key="data.validate",
        bind="query-params",
        help="A few seconds on the bundled data; minutes on a very large store.",
    ):
        return
    try:
        report = _validate(source())
    except AccredigraphError as exc:
        error_box(exc)
        return
    if report.conforms and not report.issues:
        st.success("The graph conforms to the shapes: no issues.", icon=":material/check_circle:")
        return
    counts = report.counts()
    cols = st.columns(max(1, len(counts)) + 1)
    cols[0].metric("conforms", "yes" if report.conforms else "no")
    for col, (severity, n) in zip(cols[1:], sorted(counts.items()), strict=False):
        col.metric(severity, n)
    issues = report.issues[:2000]
    st.dataframe(
        [
            {
                "severity": i.severity,
                "entity": i.label,
                "what": i.message,
                "fix": i.fix,
                "property": i.path,
                "value": i.value,
                "IRI": i.focus,
            }
            for i in issues
        ],
        hide_index=True,
        width="stretch",
        height=480,
        column_config={
            "entity": st.column_config.TextColumn(width="medium"),
            "what": st.column_config.TextColumn(width="large"),
            "fix": st.column_config.TextColumn(width="medium"),
        },
    )
    if len(report.issues) > len(issues):
        st.caption(f"The first {len(issues)} of {len(report.issues)} issues; the download has all.")
    focus = {i.focus: i.label for i in issues if i.focus.startswith(("http://", "https://"))}
    label = "Open the page of an entity with issues"
    choose_entity(label, focus, key="data.issue", noun="entities")
    offer_download(
        st,
        "Download the report (JSON)",
        report.to_json(),
        file_name="data-quality.json",
        mime="application/json",
        key="data.report",
        icon=":material/download:",
    )


# --- the ontology -------------------------------------------------------------------------------


def _ontology_section() -> None:
    try:
        terms = _term_rows()
    except AccredigraphError as exc:
        error_box(exc)
        return
    kinds = sorted({str(t["type"]) for t in terms})
    left, right = st.columns([1, 2])
    with left:
        chosen = st.segmented_control(
            "Show",
            kinds,
            default=kinds[0] if kinds else None,
            key="data.termtype",
            bind="query-params",
        )
    with right:
        needle = st.text_input("Filter", key="data.termfilter", placeholder="certificate, scope …")
    rows = [
        t
        for t in terms
        if (not chosen or t["type"] == chosen)
        and (not needle or needle.lower() in f"{t['label']} {t['comment']}".lower())
    ]
    st.dataframe(
        [
            {
                "term": short_iri(str(t["term"])),
                "label": t["label"],
                "definition": t["comment"],
                "specialises": " ".join(short_iri(x) for x in str(t["specialises"] or "").split()),
                "domain": " ".join(short_iri(x) for x in str(t["domains"] or "").split()),
                "range": " ".join(short_iri(x) for x in str(t["ranges"] or "").split()),
            }
            for t in rows
        ],
        hide_index=True,
        width="stretch",
        height=420,
    )
    options = {str(t["term"]): f"{t['label']} ({short_iri(str(t['term']))})" for t in rows}
    term = st.selectbox(
        "Open a term's page",
        list(options),
        format_func=options.get,
        index=None,
        key="data.term",
        placeholder=f"{len(options)} terms",
    )
    if term:
        chosen_row = next(t for t in rows if str(t["term"]) == term)
        st.markdown(f"**{md(chosen_row['label'])}** ({md(chosen_row['type'])})")
        st.markdown(md(chosen_row["comment"] or "No definition recorded."))
        entity_link(term, f"The page of {options[term]}")


def page() -> None:
    """The Data page."""
    st.title("Data")
    tabs = st.tabs(
        ["Counts", "Data quality", "Ontology", "Import a register"],
        key="data.tab",
        bind="query-params",
    )
    sections = (_counts_section, _quality_section, _ontology_section, _import_section)
    for tab, section in zip(tabs, sections, strict=True):
        if tab.open is False:
            continue
        with tab:
            section()
