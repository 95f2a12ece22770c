"""Building the graph: CSV and Turtle files → validated triples → the store.

Every row of every file is checked before anything is loaded. When any problem is found, a
:class:`~graph.errors.DataError` lists them all (``file:line: column: message``) and the store is
not touched: a failed build or import loses nothing.

Examples
--------
>>> from graph.store import open_store
>>> store = open_store("memory")
>>> report = build(store)
>>> report.triples > 10_000
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.errors import DataError, Problem
from graph.ingest.context import Context, Sink, context_from_store
from graph.ingest.csvrows import read_csv
from graph.ingest.derived import refresh_derived
from graph.ingest.flag_store import certified, refresh_flags, rules_from_store
from graph.ingest.lapse_windows import lapse_windows, refresh_windows, write_windows
from graph.ingest.layout import stamp_layout
from graph.ingest.pipe import PipeLoader, release_freed_memory
from graph.ingest.reference import TABLES as REFERENCE_TABLES
from graph.ingest.register import TABLES as REGISTER_TABLES
from graph.ingest.statistics import recount_classes
from graph.ingest.summaries import write_summaries
from graph.ingest.void_nodes import finish, load_with_statistics, size, track
from graph.ingest.void_tracker import changing, read_loaded
from graph.settings import Settings
from graph.store import (
    Store,
    is_memory,
    is_remote,
    open_store,
    rebuild,
    scratch,
    update_atomically,
    writing,
)
from graph.vocab.mint import XSD_DATE
from graph.vocab.namespaces import AG, AGD, DCTERMS, OWL, PROV, RDFS

__all__ = [
    "BuildReport",
    "build",
    "build_store",
    "check",
    "compile_folders",
    "data_digest",
    "import_register",
]

#: Every file name a folder may hold, in the order the build reads them.
TABLES = {**REFERENCE_TABLES, **REGISTER_TABLES}
ORDER = (
    "standards_bodies.csv",
    "networks.csv",
    "standards.csv",
    "arrangements.csv",
    "iaf_sectors.csv",
    "accreditation_bodies.csv",
    "certification_bodies.csv",
    "memberships.csv",
    "accreditations.csv",
    "certificates.csv",
)
SAMPLE_FOLDER = "sample"


@dataclass
class BuildReport:
    """What a build or import loaded."""

    triples: int
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"loaded {self.triples:,} triples from {len(self.files)} files in {self.seconds:.1f} s"
        )


def _label(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def compile_folders(
    folders: Sequence[tuple[Path, bool]], ctx: Context, problems: list[Problem]
) -> list[str]:
    """Compile the known CSV files of each ``(folder, is_sample)`` into ``ctx.out``.

    Returns the files read. Problems are appended to ``problems``; a folder that does not exist
    is itself a problem.
    """
    files: list[str] = []
    for folder, sample in folders:
        if not folder.is_dir():
            problems.append(Problem(_label(folder), 0, "-", "no such folder"))
            continue
        ctx.sample = sample
        for name in ORDER:
            path = folder / name
            if not path.is_file():
                continue
            required, register, compile_rows = TABLES[name]
            csv_file = read_csv(path, problems, name=_label(path))
            files.append(csv_file.name)
            if not csv_file.require(required, problems):
                continue
            if register is None:  # streamed: the file may hold millions of rows
                compile_rows(csv_file.rows(), ctx)
            else:  # read twice: ids first, so rows may refer to rows further down
                rows = list(csv_file.rows())
                register(rows, ctx)
                compile_rows(rows, ctx)
        files.extend(_label(p) for p in sorted(folder.glob("*.ttl")))
    ctx.sample = False
    return files


def _check_turtle(
    paths: Iterable[Path], problems: list[Problem], out: Sink | None = None
) -> list[Path]:
    """Parse each Turtle file fully; report syntax errors with their line. With ``out``, the
    triples are written there (:meth:`Sink.parsed`: a text source becomes a citation node)."""
    good = []
    for path in paths:
        try:
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            if out is None:
                for _ in quads:
                    pass
            else:
                out.parsed(quads)
            good.append(path)
        except SyntaxError as exc:
            line = getattr(exc, "lineno", None) or 0
            problems.append(Problem(_label(path), line, "-", f"Turtle syntax error: {exc}"))
        except OSError as exc:
            problems.append(Problem(_label(path), 0, "-", f"cannot read the file: {exc}"))
    return good


def _bundled_folders(settings: Settings) -> list[tuple[Path, bool]]:
    folders = [(settings.data_dir, False)]
    if (settings.data_dir / SAMPLE_FOLDER).is_dir():
        folders.append((settings.data_dir / SAMPLE_FOLDER, True))
    return folders


def _compile_bundled_then(
    extra: Sequence[tuple[Path, bool]], settings: Settings, ctx: Context, problems: list[Problem]
) -> list[str]:
    """The bundled folders, then the ``extra`` registers, whose bodies may not look like a
    bundled one (:mod:`graph.ingest.names`)."""
    files = compile_folders(_bundled_folders(settings), ctx, problems)
    ctx.guard_names = True
    return files + compile_folders(extra, ctx, problems)


def _stamp(ctx: Context, files: list[str]) -> None:
    s = AGD + "build"
    ctx.out.typed(s, PROV + "Entity")
    ctx.out.lit(s, RDFS + "label", "This graph, as built by accredigraph")
    ctx.out.lit(s, PROV + "generatedAtTime", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "http://www.w3.org/2001/XMLSchema#dateTime")  # fmt: skip
    ctx.out.lit(s, DCTERMS + "created", dt.date.today().isoformat(), XSD_DATE)
    ctx.out.sources(s, files)  # file names: citation nodes (docs/model.md, "Sources")
    # the data's version: a digest of what was read, so a filed record names the data it used
    ctx.out.lit(s, OWL + "versionInfo", data_digest(Path(name) for name in files))
    stamp_layout(ctx.out, s)  # which build-time nodes it has (graph.ingest.layout)


def data_digest(paths: Iterable[Path]) -> str:
    """``sha256:`` and the first 16 hex digits of a digest of the files (name and content).

    >>> data_digest([]) == data_digest([])
    True
    """
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with contextlib.suppress(OSError), path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return f"sha256:{digest.hexdigest()[:16]}"


def build(
    store: Store,
    *,
    extra: Sequence[Path] = (),
    settings: Settings | None = None,
    workdir: Path | None = None,
    stream: bool = False,
) -> BuildReport:
    """Load the ontology, the bundled data and each folder in ``extra`` into an empty ``store``.

    Rows stream from CSV to an N-Triples file in ``workdir`` (default: the system's temporary
    directory) and from there into Oxigraph's bulk loader, so memory stays flat however many
    certificates there are. Raises :class:`DataError` with every problem found, before loading
    anything.

    With ``stream=True`` the N-Triples go through a named pipe into the bulk loader while the
    CSV is still being read, so compiling (Python) and loading (Rust, another thread) overlap.
    A build that finds problems then leaves triples in ``store``: use it only on a store that
    is thrown away on failure, as :func:`build_store` does on disk.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    problems: list[Problem] = []
    extra_folders = [(Path(p), False) for p in extra]
    with tempfile.TemporaryDirectory(prefix="accredigraph-build-", dir=workdir) as tmp:
        ntriples = Path(tmp) / "graph.nt"
        loader = PipeLoader(store, ntriples) if stream and hasattr(os, "mkfifo") else None
        try:
            with ntriples.open("w", encoding="utf-8", buffering=1 << 20) as handle:
                if loader is not None:
                    loader.widen(handle)
                ctx = Context(out=Sink(handle))
                files = _compile_bundled_then(extra_folders, settings, ctx, problems)
                turtle = _check_turtle([settings.ontology_path], problems)
                # a register's Turtle goes in with its rows: a text source becomes a citation
                registers = (p for d in extra for p in sorted(Path(d).glob("*.ttl")))
                own_turtle = _check_turtle(registers, problems, ctx.out)
                if problems:
                    raise DataError(problems)
                ctx.flags.pages.write(ctx.out, counts=True)  # the flags in pages, in order
                write_windows(ctx.out, lapse_windows(ctx.coverage))  # every accreditation in
                write_summaries(ctx, "build")
                _stamp(ctx, files)
        except BrokenPipeError:
            assert loader is not None
            loader.join()  # the loader stopped reading: raise its error
            raise
        finally:
            if loader is not None:
                loader.join()
        if loader is None:
            store.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES, lenient=True)
    # Flags of certificates streamed before a later folder changed their issuer's
    # accreditations (or an AB's record or memberships), recomputed now that all data is in;
    # a register's Turtle may say anything, so then every issuer's flags are.
    refresh_flags(store, certified(store) if own_turtle else ctx.flags.dirty)
    if own_turtle:  # it may have said anything: what the rows gave is derived again
        refresh_derived(store, "build")  # the lapse windows too
    release_freed_memory()  # the compile's heap, before the count's sets are made
    load_with_statistics(store, turtle, ctx.out)  # the last load: the ontology, the counts
    # the count just stored (len() reads every quad again: seconds of CPU at a million)
    return BuildReport(size(store), [_label(settings.ontology_path), *files],
                       time.perf_counter() - started)  # fmt: skip


def build_store(
    location: str | Path | None,
    *,
    extra: Sequence[Path] = (),
    settings: Settings | None = None,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    wait: float | None = None,
) -> tuple[Store, BuildReport]:
    """Build the graph into ``location`` (``"memory"``, a directory or a SPARQL endpoint URL),
    replacing what is there.

    On disk the build goes to a fresh directory that replaces the old store only when complete.
    A remote endpoint (``http(s)://…``, opened with ``update_url`` and ``graph_store_url``, whose
    defaults are those of :func:`graph.store.embedded.open_store`) is checked first, then
    cleared and loaded: whether its readers ever see a half-loaded graph is up to that engine
    (docs/scale.md). A build or import of the same on-disk store in another process is waited
    for, at most ``wait`` seconds (:func:`graph.store.rebuild`), then refused.
    """
    if is_memory(location):
        store = open_store(None)
        return store, build(store, extra=extra, settings=settings)
    if is_remote(location):
        store = open_store(location, update_url=update_url, graph_store_url=graph_store_url)
        check(extra=extra, settings=settings)  # nothing is cleared when the input is bad
        store.clear()  # type: ignore[attr-defined]
        return store, build(store, extra=extra, settings=settings)
    reports: list[BuildReport] = []
    target = Path(location).resolve()  # type: ignore[arg-type]

    def fill(store: Store) -> None:
        with scratch(target) as workdir:  # beside the store: same disk, removed if killed
            reports.append(build(store, extra=extra, settings=settings, workdir=workdir,
                                 stream=True))  # fmt: skip

    return rebuild(target, fill, wait=wait), reports[0]


def check(*, extra: Sequence[Path] = (), settings: Settings | None = None) -> list[str]:
    """Check the bundled data and ``extra`` folders without loading them; returns the files.

    Raises :class:`DataError` with every problem found.
    """
    settings = settings or Settings()
    problems: list[Problem] = []
    extra_folders = [(Path(p), False) for p in extra]
    with open(os.devnull, "w", encoding="utf-8") as sink:
        ctx = Context(out=Sink(sink))
        files = _compile_bundled_then(extra_folders, settings, ctx, problems)
    turtle = [settings.ontology_path, *(p for d in extra for p in sorted(Path(d).glob("*.ttl")))]
    _check_turtle(turtle, problems)
    if problems:
        raise DataError(problems)
    return files


def import_register(store: Store, folder: Path, *, wait: float | None = None) -> BuildReport:
    """Add a register folder (interchange CSV, Turtle) on top of what ``store`` holds.

    Everything is checked first against the store's bodies, standards and ids; then all of the
    folder is loaded or none of it. An on-disk store is loaded through a copy that replaces it
    only when complete (:func:`graph.store.embedded.update_atomically`), so even a process
    killed during the load leaves the store as it was; in memory the triples go in as one
    transaction; a remote store gets them as ``INSERT DATA``/Graph Store Protocol requests.

    A build or import of the same on-disk store in another process is waited for, at most
    ``wait`` seconds, then refused (:func:`graph.store.writing`); from then on until the
    import is in, the store is this import's alone, so it checks against and lands on the
    same graph.
    """
    store.check_writable()  # before reading anything: say so at once
    with writing(store, wait=wait, doing="import"):
        return _import(store, folder)


def _import(store: Store, folder: Path) -> BuildReport:
    started = time.perf_counter()
    problems: list[Problem] = []
    ctx = context_from_store(store)
    rules_from_store(store, ctx.flags)
    with scratch(store.path) as tmp:  # beside an on-disk store: same disk, removed if killed
        ntriples = tmp / "import.nt"
        with ntriples.open("w", encoding="utf-8", buffering=1 << 20) as handle:
            ctx.out = Sink(handle)
            files = compile_folders([(Path(folder), False)], ctx, problems)
            # with the rows: a text source in the Turtle becomes a citation node
            turtle = _check_turtle(sorted(Path(folder).glob("*.ttl")), problems, ctx.out)
            if problems:
                raise DataError(problems)
            placed = ctx.flags.pages.write(ctx.out, counts=False)  # in the store's pages
            # this import's certificate counts: a batch of their own, loaded with the rest
            write_summaries(ctx, batch := f"import-{uuid.uuid4().hex[:12]}")
        before = size(store)  # the stored count: len() reads every quad

        def fill(target: Store) -> None:
            tracker = track(target)  # the VoID counts, kept through every change below
            added = read_loaded(ntriples)  # its blank nodes new ones, as a bulk load makes
            on_disk = target.path is not None  # bulk-loaded there: fast, a copy swapped in
            changing(tracker, added, [], lambda: target.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES)
                     if on_disk else target.add(added))  # fmt: skip
            # the flags of the store's certificates whose issuer this import changed (every
            # issuer's, when Turtle may have changed anything), in the same atomic update
            cbs = certified(target) if turtle else ctx.flags.dirty
            refresh_flags(target, cbs, tracker, recount=placed > 0)  # flag pages recounted
            if turtle:  # it may have said anything: what the rows gave is derived again
                refresh_derived(target, batch, tracker)  # the lapse windows too
            elif ctx.coverage:  # a new accreditation changes its pairs' lapse windows
                refresh_windows(target, tracker)
            # the classes this import typed nodes with (and the flags', if replaced) recounted
            recount_classes(target, ctx.out.classes | ({AG + "RedFlag"} if cbs else set())
                            | ({AG + "CertificateCount"} if turtle else set()))  # fmt: skip
            finish(target, tracker)

        update_atomically(store, fill)
    return BuildReport(size(store) - before, files, time.perf_counter() - started)
