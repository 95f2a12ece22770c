"""The embedded store: Oxigraph in memory or on disk. The only module touching pyoxigraph's
``Store``.

:class:`OxigraphStore` implements :class:`~graph.store.protocol.Store`. An on-disk directory is
opened once per process (:func:`open_on_disk`); another process holding it makes this one a
reader. Atomic builds and imports of an on-disk store are :mod:`graph.store.swap`'s, and
:func:`graph.store.open_store` opens whatever a location names.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from graph.errors import QueryError, QuerySyntaxError, StoreError
from graph.store.protocol import MEMORY, Dataset, Pattern, RawResult, Term

__all__ = ["DERIVED", "OxigraphStore", "held_message", "is_locked", "is_store", "open_on_disk"]

#: The folder, inside an on-disk store's directory, of files derived from its data (the
#: search's indexes, :mod:`graph.explore.sidecar`). RocksDB ignores it, a checkpoint
#: (:meth:`OxigraphStore.backup`) leaves it out, and every write deletes it first.
DERIVED = "derived"


class OxigraphStore:
    """An embedded Oxigraph store, in memory (``path=None``) or on disk: a
    :class:`~graph.store.protocol.Store` that also answers triple patterns from its indexes
    (:class:`~graph.store.protocol.Lookups`).

    >>> store = OxigraphStore(None)
    >>> store.add([ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"),
    ...                      ox.Literal("x"))])
    >>> len(store), [str(s["o"].value) for s in store.query("SELECT ?o { ?s ?p ?o }")]
    (1, ['x'])
    """

    generation: int = 0
    binds_substitutions = True

    #: Oxigraph's ``Store`` is safe to read from several threads and evaluates queries without
    #: Python's lock, so reads scale with the cores (at most four, to leave room for the rest).
    parallel_reads = max(1, min(4, os.cpu_count() or 1))

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.location = MEMORY if path is None else str(path)
        #: True when this object may only read: asked for, or the directory is held by another
        #: process (RocksDB lets one process write a directory; others may open it read-only).
        self.read_only = read_only
        #: True when it is read-only because another process holds the directory.
        self.held_elsewhere = False
        #: Held while the generation changes and derived files go (a write) or come
        #: (:meth:`keep_derived`), so a derived file never outlives the data it was read from.
        self._derived_lock = threading.Lock()
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = self._open_writable(path)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def _open_writable(self, path: Path) -> ox.Store:
        """Open ``path`` for writing or, when another process (the app, ``accredigraph
        serve``, another command) holds it, for reading only.

        Reading beside a writer is safe here because accredigraph never changes a store
        directory in place once built: builds and imports write a copy and swap it in. So the
        app can stay open while an analyst queries the same store from the command line.
        """
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if not is_locked(exc):
                raise
        self.read_only = self.held_elsewhere = True
        return ox.Store.read_only(str(path))

    def check_writable(self) -> None:
        if not self.read_only:
            return
        if self.held_elsewhere:
            raise StoreError(held_message(self.location, "change the store"))
        raise StoreError(f"the store at {self.location} was opened read-only")

    def query(
        self,
        text: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> RawResult:
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        default = named = None
        if dataset is not None and dataset.default_graphs:
            default = [ox.NamedNode(g) for g in dataset.default_graphs]
        if dataset is not None and dataset.named_graphs:
            named = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            return self._store.query(text, substitutions=subs or None,
                                     prefixes=dict(prefixes) if prefixes else None,
                                     default_graph=default, named_graphs=named,
                                     base_iri=base_iri)  # fmt: skip
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None
        except ValueError as exc:  # a graph name that is not an IRI
            raise QueryError(str(exc)) from None
        except RuntimeError as exc:
            raise QueryError(str(exc)) from exc

    def add(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Add ``triples`` to the default graph in one transaction (a quad's graph is
        dropped; a quad of the default graph, as :func:`pyoxigraph.parse` reads N-Triples,
        goes in as it is)."""
        self.check_writable()
        self._changing()
        default = ox.DefaultGraph()
        self._store.extend(
            t if type(t) is ox.Quad and t.graph_name == default
            else ox.Quad(t.subject, t.predicate, t.object)
            for t in triples
        )  # fmt: skip

    def lookup(
        self,
        patterns: Sequence[Pattern],
        *,
        default_graph: bool = False,
        skip_subjects: str | None = None,
    ) -> list[bool]:
        """For each pattern, whether a matching triple is here (see
        :meth:`graph.store.protocol.Lookups.lookup`): one index seek each, about 2 µs.

        >>> store = OxigraphStore(None)
        >>> a, p, b = (ox.NamedNode(f"http://e/{n}") for n in "apb")
        >>> store.add([ox.Triple(a, p, b)])
        >>> store.lookup([(a, None, None), (None, None, a), (None, p, b), (a, p, b)])
        [True, False, True, True]
        >>> store.lookup([(None, None, b)], skip_subjects="http://e/")
        [False]
        """
        find = self._store.quads_for_pattern
        graph = ox.DefaultGraph() if default_graph else None
        named = ox.NamedNode
        found = []
        for s, p, o in patterns:
            if skip_subjects is None and graph is not None and None not in (s, p, o):
                hit = ox.Quad(s, p, o) in self._store  # type: ignore[arg-type]
            elif skip_subjects is None:
                hit = next(find(s, p, o, graph), None) is not None
            elif s is not None:
                skipped = type(s) is named and s.value.startswith(skip_subjects)
                hit = not skipped and next(find(s, p, o, graph), None) is not None
            else:
                hit = any(
                    type(q.subject) is not named or not q.subject.value.startswith(skip_subjects)
                    for q in find(s, p, o, graph)
                )
            found.append(hit)
        return found

    def statements(self, subject: str, *, predicate: str | None = None) -> list[tuple[str, Term]]:
        """The predicates and objects of ``subject`` in the default graph (see
        :meth:`graph.store.protocol.Lookups.statements`): one index range read.

        >>> store = OxigraphStore(None)
        >>> a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
        >>> store.add([ox.Triple(a, p, ox.Literal("x"))])
        >>> store.statements("http://e/a")
        [('http://e/p', <Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>)]
        >>> store.statements("http://e/a", predicate="http://e/q")
        []
        """
        quads = self._store.quads_for_pattern(
            ox.NamedNode(subject),
            None if predicate is None else ox.NamedNode(predicate),
            None,
            ox.DefaultGraph(),
        )
        return [(quad.predicate.value, quad.object) for quad in quads]  # type: ignore[misc]

    def subjects(self, predicate: str, obj: str) -> list[Term]:
        """The subjects of ``?s <predicate> <obj>`` in the default graph (see
        :meth:`graph.store.protocol.Lookups.subjects`): one index range read.

        >>> store = OxigraphStore(None)
        >>> a, p, b = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/b")
        >>> store.add([ox.Triple(a, p, b)])
        >>> store.subjects("http://e/p", "http://e/b"), store.subjects("http://e/p", "http://e/a")
        ([<NamedNode value=http://e/a>], [])
        """
        quads = self._store.quads_for_pattern(
            None, ox.NamedNode(predicate), ox.NamedNode(obj), ox.DefaultGraph()
        )
        return [quad.subject for quad in quads]  # type: ignore[misc]

    def _changing(self) -> None:
        """Before a write: a new generation, and the files derived from the old data gone."""
        with self._derived_lock:
            self.generation += 1
            if self.path is not None:
                shutil.rmtree(self.path / DERIVED, ignore_errors=True)

    def derived_file(self, name: str) -> Path | None:
        """Where the file ``name`` derived from this store's data is kept (it may not be
        there yet): in the store's :data:`DERIVED` folder; ``None`` in memory.

        >>> OxigraphStore(None).derived_file("names.sqlite") is None
        True
        """
        return None if self.path is None else self.path / DERIVED / name

    def keep_derived(self, made: Path, name: str, *, generation: int) -> bool:
        """Move ``made``, a file derived from this store's data as it was at ``generation``,
        to :meth:`derived_file` ``name``, unless the data changed since (or the store is
        read-only, in memory or let go): then ``made`` is left where it is and False is
        returned. ``made`` must be on the store's file system (a file of the derived folder).
        """
        with self._derived_lock:
            if (self.path is None or self.read_only or self.is_released
                    or generation != self.generation):  # fmt: skip
                return False
            target = self.path / DERIVED / name
            target.parent.mkdir(exist_ok=True)
            os.replace(made, target)
            return True

    def pairs(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        """The subjects and objects of ``?s <predicate> ?o`` in the default graph, one at a
        time (see :meth:`graph.store.protocol.Lookups.pairs`): one index range read.

        >>> store = OxigraphStore(None)
        >>> a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
        >>> store.add([ox.Triple(a, p, ox.Literal("x"))])
        >>> [(s.value, o.value) for s, o in store.pairs("http://e/p")]
        [('http://e/a', 'x')]
        """
        quads = self._store.quads_for_pattern(None, ox.NamedNode(predicate), None,
                                              ox.DefaultGraph())  # fmt: skip
        for quad in quads:
            yield quad.subject, quad.object  # type: ignore[misc]

    def answer_was_cut(self) -> bool:
        return False  # the embedded engine never cuts an answer

    def update(self, text: str) -> None:
        self.check_writable()
        self._changing()
        try:
            self._store.update(text)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None

    def bulk_load(self, data: bytes | str | Path, fmt: ox.RdfFormat, *, lenient: bool = False
                  ) -> None:  # fmt: skip
        self.check_writable()
        self._changing()
        if isinstance(data, Path):
            self._store.bulk_load(path=str(data), format=fmt, lenient=lenient)
        else:
            self._store.bulk_load(data, format=fmt, lenient=lenient)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self._store.dump(format=fmt, from_graph=ox.DefaultGraph())

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        self._store.dump(output, format=fmt, from_graph=ox.DefaultGraph())

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write what is buffered to disk, so readers in other processes see it."""
        if self.path is not None and not self.read_only:  # read-only: nothing to flush
            with contextlib.suppress(OSError):
                self._store.flush()

    def backup(self, target: Path) -> None:
        """A consistent copy of this on-disk store at ``target`` (a RocksDB checkpoint: hard
        links, made in milliseconds)."""
        self._store.backup(str(target))

    def release(self) -> None:
        """Flush and let go of the directory's files and lock (before a swap); :meth:`reopen`
        opens the directory again."""
        self.flush()
        del self._store

    def reopen(self) -> None:
        """Open the (possibly swapped) directory again, for writing (for reading only when
        another process holds it meanwhile)."""
        assert self.path is not None, "only an on-disk store is reopened"
        self.read_only = self.held_elsewhere = False
        self._store = self._open_writable(self.path)
        self.generation += 1

    @property
    def is_released(self) -> bool:
        """True between :meth:`release` (or :meth:`close`) and :meth:`reopen`."""
        return not hasattr(self, "_store")

    def close(self) -> None:
        if not hasattr(self, "_store"):
            return
        if self.path is not None:
            _OPEN.pop(self.path.resolve(), None)
            if not self.read_only:  # a read-only store has nothing to flush
                with contextlib.suppress(OSError):
                    self._store.flush()
        del self._store


#: On-disk stores open in this process, by resolved path. RocksDB locks a directory per
#: process, so a second open of the same path must share the first one.
_OPEN: dict[Path, OxigraphStore] = {}


def open_on_disk(path: Path, *, read_only: bool = False) -> OxigraphStore:
    """The on-disk store at ``path``, opened once per process (a second open of the same
    directory returns the same object: RocksDB locks a directory per process)."""
    path = path.resolve()
    if path not in _OPEN:
        _OPEN[path] = OxigraphStore(path, read_only=read_only)
    return _OPEN[path]


def is_open(path: Path) -> OxigraphStore | None:
    """The store this process has open at ``path``, if any."""
    return _OPEN.get(path.resolve())


def is_store(path: Path) -> bool:
    """True when ``path`` is an on-disk store (a directory RocksDB has written: ``CURRENT``).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> is_store(folder), is_store(folder / "typo")
    (False, False)
    >>> OxigraphStore(folder / "store").close(); is_store(folder / "store")
    True
    """
    return (path / "CURRENT").is_file()


def is_locked(exc: OSError) -> bool:
    """True when opening a store failed because another process holds its RocksDB lock."""
    return "lock" in str(exc).lower()


def held_message(location: str | Path, doing: str) -> str:
    """Why a store another process holds cannot be changed from here."""
    return (
        f"the store at {location} is open in another process (the app, accredigraph serve or "
        f"another command), so this one may only read it: stop that process to {doing}"
    )
