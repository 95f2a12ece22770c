"""A visitor's workspace: the bundled reference data in memory, plus the visitor's own register,
every triple of it marked as user-supplied with who uploaded it and when.

On a shared instance a visitor's upload must never change what another visitor sees, and a
verdict resting on uploaded data must never pass for one resting on the bundled, sourced data.
So an upload goes into a store of its own (:func:`reference_store`: the ontology and the
reference tables of ``data/`` — bodies, standards, networks, arrangements, sectors, the real
certification bodies' accreditations — without the sample register or any other certificates),
and :func:`import_upload` marks every subject it writes (``docs/model.md``, "User uploads"):

- ``ag:userSupplied true``;
- ``prov:wasGeneratedBy <agd:upload/ID>``, the upload: a ``prov:Activity`` with
  ``prov:wasAssociatedWith`` the visitor (an anonymous ``prov:Agent`` per session),
  ``prov:endedAtTime`` and its file names (``dcterms:source``, citation nodes).

An upload takes the interchange CSV files only (each row is checked; a Turtle file could say
anything about any node) and is bounded in rows (:attr:`graph.settings.Settings.workspace_rows`)
and in the triples it adds (:attr:`graph.settings.Settings.workspace_triples`).

Examples
--------
>>> from graph.query import run_named
>>> store = reference_store()
>>> ids = run_named(store, "internal-ids", row_cap=None).records()
>>> any(row["type"] == AG + "Certificate" for row in ids), len(store) > 5_000
(False, True)
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import DataError, Problem
from graph.ingest.build import compile_folders, data_digest
from graph.ingest.context import Context, Sink, context_from_store
from graph.ingest.flag_store import refresh_flags, rules_from_store
from graph.ingest.lapse_windows import lapse_windows, refresh_windows, write_windows
from graph.ingest.statistics import recount_classes, write_class_partition
from graph.ingest.summaries import write_summaries
from graph.ingest.void_nodes import finish, track, write_void_statistics
from graph.ingest.void_tracker import changing
from graph.query import run_named
from graph.settings import Settings
from graph.store import Store, open_store
from graph.vocab.mint import XSD_BOOLEAN
from graph.vocab.namespaces import AG, AGD, OWL, PROV, RDFS

__all__ = ["USER_SUPPLIED", "Upload", "import_upload", "new_visitor", "reference_store"]

#: The mark on every subject a visitor's upload wrote.
USER_SUPPLIED = AG + "userSupplied"
_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


@dataclass(frozen=True)
class Upload:
    """One upload into a workspace: its IRI, the visitor's, when, and what it loaded."""

    iri: str
    visitor: str
    at: dt.datetime
    files: tuple[str, ...]
    rows: int
    triples: int

    @property
    def label(self) -> str:
        """``upload of 2026-05-01 14:03 UTC``: how pages name it."""
        return f"upload of {self.at:%Y-%m-%d %H:%M} UTC"

    def __str__(self) -> str:
        return f"{self.label}: {self.rows:,} rows, {self.triples:,} triples"


def new_visitor() -> str:
    """A fresh anonymous visitor IRI (one per session; it identifies nobody)."""
    return f"{AGD}visitor/{uuid.uuid4().hex}"


@functools.lru_cache(maxsize=4)
def _reference_triples(data_dir: Path, ontology_path: Path) -> bytes:
    problems: list[Problem] = []
    ctx = Context()
    files = compile_folders([(data_dir, False)], ctx, problems)
    if problems:
        raise DataError(problems)
    write_summaries(ctx, "build")
    write_windows(ctx.out, lapse_windows(ctx.coverage))
    s = AGD + "build"
    ctx.out.typed(s, PROV + "Entity")
    ctx.out.lit(s, RDFS + "label", "The bundled reference data, as built by accredigraph")
    ctx.out.lit(s, OWL + "versionInfo", data_digest(Path(name) for name in files))
    return ctx.out.data()


def reference_store(settings: Settings | None = None) -> Store:
    """A new in-memory store holding the ontology and the bundled reference data (no sample
    register, no certificates): what a visitor's workspace starts from.

    The compiled data is kept per process, so each workspace costs one bulk load (tens of
    milliseconds).
    """
    settings = settings or Settings()
    store = open_store(None)
    store.bulk_load(settings.ontology_path, ox.RdfFormat.TURTLE)
    data = _reference_triples(settings.data_dir, settings.ontology_path)
    store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    write_class_partition(store)
    write_void_statistics(store)
    return store


def _rows_in(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        rows += max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)
    return rows


def import_upload(
    store: Store,
    folder: str | Path,
    *,
    visitor: str,
    max_rows: int | None = None,
    max_triples: int | None = None,
    at: dt.datetime | None = None,
) -> Upload:
    """Add a visitor's register folder to their workspace ``store``, every triple marked.

    Parameters
    ----------
    store
        The visitor's workspace (:func:`reference_store`, perhaps with earlier uploads).
    folder
        Interchange CSV files (``docs/interchange.md``); a Turtle file is refused.
    visitor
        The visitor's IRI (:func:`new_visitor`).
    max_rows
        Most CSV rows accepted (default :attr:`graph.settings.Settings.workspace_rows`).
    max_triples
        Most triples the upload may add, marks included (default
        :attr:`graph.settings.Settings.workspace_triples`).
    at
        When (default: now, UTC).

    Returns
    -------
    Upload

    Raises
    ------
    graph.errors.DataError
        With every problem (``file:line: column: message``); nothing is loaded then.
    """
    folder = Path(folder)
    max_rows = Settings().workspace_rows if max_rows is None else max_rows
    max_triples = Settings().workspace_triples if max_triples is None else max_triples
    at = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    problems = [
        Problem(path.name, 0, "-", "Turtle is not accepted in a workspace: its statements "
                "cannot be checked row by row; give the register's CSV files")
        for path in sorted(folder.glob("*.ttl"))
    ]  # fmt: skip
    rows = _rows_in(folder)
    if rows > max_rows:
        problems.append(Problem(folder.name, 0, "-", f"{rows:,} rows: a workspace holds at "
                                f"most {max_rows:,}"))  # fmt: skip
    if problems:
        raise DataError(problems)
    ctx = context_from_store(store)
    rules_from_store(store, ctx.flags)
    ctx.out = Sink()
    files = compile_folders([(folder, False)], ctx, problems)
    if problems:
        raise DataError(problems)
    upload = f"{AGD}upload/{uuid.uuid4().hex[:16]}"
    write_summaries(ctx, upload.rsplit("/", 1)[-1])
    placed = ctx.flags.pages.write(ctx.out, counts=False)  # in the store's flag pages
    data = ctx.out.data()
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    marks = Sink()
    # a document the bundled data cites too keeps its one citation node, unmarked: its text is
    # the same whoever cites it (docs/model.md, "Sources")
    cited = {r["source"] for r in run_named(store, "internal-citations", row_cap=None).records()}
    for subject in sorted(
        {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)} - cited
    ):
        marks.lit(subject, USER_SUPPLIED, "true", XSD_BOOLEAN)
        marks.iri(subject, PROV + "wasGeneratedBy", upload)
    when = at.isoformat(timespec="seconds")
    names = tuple(Path(f).name for f in files)
    marks.typed(upload, PROV + "Activity")
    marks.lit(upload, RDFS + "label", f"upload of {at:%Y-%m-%d %H:%M} UTC")
    marks.lit(upload, PROV + "endedAtTime", when, _DATETIME)
    marks.iri(upload, PROV + "wasAssociatedWith", visitor)
    marks.lit(upload, USER_SUPPLIED, "true", XSD_BOOLEAN)
    marks.sources(upload, names)  # file names: citation nodes (docs/model.md, "Sources")
    marks.typed(visitor, PROV + "Agent")
    marks.lit(visitor, RDFS + "label", "an anonymous visitor")
    triples.extend(ox.parse(marks.data(), format=ox.RdfFormat.N_TRIPLES))
    if len(triples) > max_triples:
        raise DataError([Problem(folder.name, 0, "-", f"{len(triples):,} triples: a workspace "
                                 f"takes at most {max_triples:,} more")])  # fmt: skip
    tracker = track(store)  # the VoID counts, kept through every change below
    changing(tracker, triples, [], lambda: store.add(triples))
    # earlier uploads' flags this one changed; the flag pages recounted
    mark = Sink()
    if refresh_flags(store, ctx.flags.dirty, tracker, recount=placed > 0):
        for row in run_named(store, "internal-unmarked-flags", row_cap=None).records():
            mark.lit(row["flag"], USER_SUPPLIED, "true", XSD_BOOLEAN)
            mark.iri(row["flag"], PROV + "wasGeneratedBy", upload)
    # the lapse windows of the pairs its accreditations cover, worked out again: new ones
    # are the upload's (graph.ingest.lapse_windows); without accreditations, none changes
    for window in sorted(refresh_windows(store, tracker) if ctx.coverage else ()):
        mark.lit(window, USER_SUPPLIED, "true", XSD_BOOLEAN)
        mark.iri(window, PROV + "wasGeneratedBy", upload)
    if data := mark.data():
        flags = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        changing(tracker, flags, [], lambda: store.add(flags))
    flagged = {AG + "RedFlag"} if ctx.flags.dirty else set()
    recount_classes(store, ctx.out.classes | marks.classes | flagged)
    finish(store, tracker)
    return Upload(upload, visitor, at, names, rows, len(triples))
