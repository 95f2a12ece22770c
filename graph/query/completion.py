"""What a SPARQL editor completes: our prefixes, SPARQL's keywords, and the classes and
properties of the graph at hand as ``prefix:local`` names (named query ``internal-vocabulary``).

>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> terms = completions(store)
>>> cert = next(t for t in terms if t.label == "ag:Certificate")
>>> cert.kind, cert.uses > 0
('class', True)
>>> any(t.label == "ag:" and t.kind == "prefix" for t in terms)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import QueryError
from graph.query.named import run_named
from graph.sparql import Rows
from graph.store import Store
from graph.vocab.namespaces import PREFIXES, compact

__all__ = ["KEYWORDS", "Completion", "completions"]

#: SPARQL 1.1 query keywords and functions an editor offers.
_KEYWORDS = (
    "SELECT DISTINCT REDUCED WHERE OPTIONAL FILTER UNION MINUS GRAPH BIND VALUES AS ORDER BY "
    "ASC DESC GROUP HAVING LIMIT OFFSET ASK CONSTRUCT DESCRIBE PREFIX BASE NOT EXISTS IN COUNT "
    "SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI "
    "BNODE COALESCE IF STRSTARTS STRENDS CONTAINS STRBEFORE STRAFTER REGEX REPLACE LCASE UCASE "
    "STRLEN SUBSTR CONCAT YEAR MONTH DAY NOW isIRI isLITERAL isBLANK"
)
KEYWORDS = tuple(_KEYWORDS.split())


@dataclass(frozen=True)
class Completion:
    """One thing the editor offers: ``label`` as typed, ``kind`` (``prefix``, ``class``,
    ``property``, ``keyword``), ``detail`` (the full IRI, or a note) and ``uses`` (how many
    subjects or triples use a class or property in this graph)."""

    label: str
    kind: str
    detail: str = ""
    uses: int = 0


def completions(
    store: Store, *, cap: int = 3000, timeout: float | None = 20.0, count_within: float = 5.0
) -> list[Completion]:
    """Our prefixes, the graph's classes and properties (at most ``cap``, the most used first;
    only those under one of our prefixes, as ``prefix:local``) and the SPARQL keywords.

    Counting every use reads every triple: a graph too large for that within ``count_within``
    seconds gets the terms its ontology declares and those of a sample of its triples, without
    counts (``internal-vocabulary-sample``); one too large even for that within ``timeout``
    gets prefixes and keywords only.
    """
    out = [Completion(f"{p}:", "prefix", iri) for p, iri in PREFIXES.items()]
    result = None
    for name, limit in (
        ("internal-vocabulary", count_within),
        ("internal-vocabulary-sample", timeout),
    ):
        try:
            result = run_named(store, name, row_cap=cap, timeout=limit)
            break
        except QueryError:  # a timeout included: completion is a help, not a must
            continue
    seen: set[str] = set()
    if isinstance(result, Rows):
        for row in result.records():
            iri = str(row["term"])
            label = compact(iri)
            if label == iri or label in seen or not _completable(label):
                continue
            seen.add(label)
            uses = int(row.get("uses") or 0)
            out.append(Completion(label, str(row["kind"]), iri, uses))
    out.extend(Completion(k, "keyword") for k in KEYWORDS)
    return out


def _completable(label: str) -> bool:
    """Whether ``label`` can be typed as a prefixed name (no ``/``, ``#`` or spaces in it)."""
    local = label.split(":", 1)[1]
    return bool(local) and all(c.isalnum() or c in "_-." for c in local) and local[-1] != "."
