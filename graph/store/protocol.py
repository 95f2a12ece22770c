"""What accredigraph needs from a triple store: the typed :class:`Store` protocol.

Two backends implement it: the embedded Oxigraph store (:mod:`graph.store.embedded`, in memory
or on disk) and a remote SPARQL 1.1 endpoint (:mod:`graph.store.remote`). Everything above
``store/`` talks to this protocol only; SPARQL itself is run by :func:`graph.sparql.run`,
which calls :meth:`Store.query` and turns what it returns into typed results.

Examples
--------
>>> from graph.store import open_store
>>> store = open_store("memory")
>>> isinstance(store, Store), store.path, store.read_only
(True, None, False)
>>> is_memory(None), is_memory("memory"), is_remote("https://example.org/sparql")
(True, True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

import pyoxigraph as ox

__all__ = [
    "MEMORY",
    "Dataset",
    "DerivedFiles",
    "Lookups",
    "Pattern",
    "RawResult",
    "Store",
    "Term",
    "is_memory",
    "is_remote",
]

#: The location naming the in-memory store.
MEMORY = "memory"

#: A term that can be bound to a query variable.
Term = ox.NamedNode | ox.Literal | ox.BlankNode

#: A triple pattern for :meth:`Lookups.lookup`: subject, predicate and object, ``None`` for
#: any term.
Pattern = tuple[ox.NamedNode | ox.BlankNode | None, ox.NamedNode | None, Term | None]

#: What :meth:`Store.query` returns, as the engine gave it: solutions of a SELECT, the answer
#: of an ASK, or the triples of a CONSTRUCT / DESCRIBE.
RawResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs on, as the SPARQL 1.1 Protocol's ``default-graph-uri`` and
    ``named-graph-uri`` name it; empty tuples mean the store's own default and named graphs.

    >>> Dataset(default_graphs=("http://e/g",)).default_graphs
    ('http://e/g',)
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def is_memory(location: object) -> bool:
    """True when ``location`` names the in-memory store (``None`` or ``"memory"``)."""
    return location is None or str(location) == MEMORY


def is_remote(location: object) -> bool:
    """True when ``location`` is an ``http(s)://`` URL, i.e. names a SPARQL endpoint."""
    return str(location).lower().startswith(("http://", "https://"))


@runtime_checkable
class Store(Protocol):
    """A triple store accredigraph can read, and (unless read-only) write.

    Attributes
    ----------
    location
        ``"memory"``, the store's directory, or the endpoint's query URL: what a user typed.
    path
        The directory of an embedded on-disk store, else ``None``. Only such a store can be
        opened by a second process (the query worker that is killed at a deadline).
    read_only
        True when writes are refused (opened read-only, held by another process, or a remote
        endpoint without an update URL).
    generation
        Bumped by every write through this object, so callers may cache what they read.
    parallel_reads
        How many queries bulk readers (the bulk verifier) may run at once on this store.
    binds_substitutions
        True when :meth:`query` takes pre-bound variables (``substitutions``); otherwise
        :func:`graph.sparql.run` writes bound values into the query text itself.
    """

    location: str
    path: Path | None
    read_only: bool
    generation: int
    parallel_reads: int
    binds_substitutions: bool

    def query(
        self,
        text: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> RawResult:
        """Run a SPARQL query as it is (no guard, no limits): call :func:`graph.sparql.run`.

        ``prefixes`` are declared for the text unless it declares them itself; an engine's
        syntax errors then still point at the text's own lines. ``dataset`` replaces the
        store's default and named graphs for this query. ``base_iri`` resolves the text's
        relative IRIs (``<x>``) unless the text declares a ``BASE`` itself.
        """
        ...

    def update(self, text: str) -> None:
        """Run a SPARQL update: call :func:`graph.sparql.update`."""
        ...

    def answer_was_cut(self) -> bool:
        """True when the engine cut the last answer this thread read at a result cap of its
        own (a remote endpoint's); an embedded store never does."""
        ...

    def add(self, triples: Iterable[ox.Triple]) -> None:
        """Add triples in one transaction: all of them or none."""
        ...

    def check_writable(self) -> None:
        """Raise :class:`~graph.errors.StoreError`, saying why, if this store cannot change."""
        ...

    def bulk_load(self, data: bytes | str | Path, fmt: ox.RdfFormat, *, lenient: bool = False
                  ) -> None:  # fmt: skip
        """Load a large serialisation fast (not transactional). ``lenient``: the data is known
        to be valid (a build's N-Triples, every IRI minted or checked), so the engine may skip
        validating IRIs and language tags (the embedded store does: a tenth of its load)."""
        ...

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialise the default graph (small graphs: it is held in memory)."""
        ...

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat) -> None:
        """Serialise the default graph to ``output`` as it is read, never holding all of it."""
        ...

    def flush(self) -> None:
        """Write what is buffered to disk, so readers in other processes see it."""
        ...

    def close(self) -> None:
        """Release the store (flush to disk where there is one)."""
        ...

    def __len__(self) -> int: ...


@runtime_checkable
class Lookups(Protocol):
    """A store that answers triple patterns from its indexes, without SPARQL: the embedded
    Oxigraph store. A remote endpoint has no such path: ask it with SPARQL instead.

    >>> from graph.store import open_store
    >>> isinstance(open_store("memory"), Lookups)
    True
    """

    def lookup(
        self,
        patterns: Sequence[Pattern],
        *,
        default_graph: bool = False,
        skip_subjects: str | None = None,
    ) -> list[bool]:
        """For each of ``patterns``, whether the store holds a triple matching it: in any
        graph, or in the default graph only when ``default_graph``; a triple whose subject is
        an IRI starting with ``skip_subjects`` does not count. A literal matches by value, as
        in SPARQL: the store may keep it in another form (a time zone ``+00:00`` as ``Z``)."""
        ...

    def statements(self, subject: str, *, predicate: str | None = None) -> list[tuple[str, Term]]:
        """The ``(predicate IRI, object)`` of each triple of the default graph whose subject
        is the IRI ``subject`` (and whose predicate is ``predicate``, when given), in the
        store's index order: what ``SELECT ?p ?o WHERE { <subject> ?p ?o }`` answers, read
        without parsing or planning a query (about a quarter of its cost for one node)."""
        ...

    def subjects(self, predicate: str, obj: str) -> list[Term]:
        """The subject of each triple of the default graph whose predicate is the IRI
        ``predicate`` and whose object is the IRI ``obj``, in the store's index order: what
        ``SELECT ?s WHERE { ?s <predicate> <obj> }`` answers, read without a query."""
        ...

    def pairs(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        """The subject and object of each triple of the default graph whose predicate is the
        IRI ``predicate``, one at a time, in the store's index order: what
        ``SELECT ?s ?o WHERE { ?s <predicate> ?o }`` answers, read without a query."""
        ...


@runtime_checkable
class DerivedFiles(Protocol):
    """A store that keeps files derived from its data beside it (an on-disk embedded store:
    the search's indexes, :mod:`graph.explore.sidecar`). Every write deletes them
    before it changes the data, so a derived file that is there was read from the data as it
    is. A store in memory or a remote endpoint keeps none (:meth:`derived_file` is ``None``).

    >>> from graph.store import open_store
    >>> isinstance(open_store("memory"), DerivedFiles), open_store("memory").derived_file("x")
    (True, None)
    """

    generation: int
    read_only: bool

    def derived_file(self, name: str) -> Path | None:
        """Where the derived file ``name`` is kept (it may not be there), or ``None``."""
        ...

    def keep_derived(self, made: Path, name: str, *, generation: int) -> bool:
        """Keep ``made``, read from the data at ``generation``, as the derived file ``name``;
        False (``made`` left where it is) when the data changed since or nothing can be kept."""
        ...
