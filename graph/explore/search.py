"""Find entities by what people type: a name, an acronym, an id, a number or a designation.

Three named queries answer, each ordered and capped in SPARQL, and their hits are merged by
rank (exact, prefix, word start, anywhere), then by kind (bodies and standards before bulk
records), then by the shortest identifier:

- ``search.rq``: bodies, networks, arrangements, standards and IAF sectors, matched anywhere in
  their label, acronym, id, designation or notation ("28", "IAF 28", "EA 28"); accreditations
  and certificates whose number is exactly the text. Never touches certificates otherwise.
- ``search-ids.rq``: accreditations and certificates whose number *starts* with the text (run
  only for texts that look like the start of a number: a digit, no space) — one pass over the
  numbers, about 1 s on disk with a million certificates.
- ``search-organisations.rq``: certified organisations whose name starts with the text or has
  a word starting with it — one pass over the names, a few seconds with a million
  certificates (about 700,000 organisations); pass ``kinds=FAST_KINDS`` to skip it.

Examples
--------
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> hit = search(store, "ukas")[0]
>>> hit.label, hit.kind, hit.identifier
('United Kingdom Accreditation Service', 'accreditation-body', 'UKAS')
>>> [h.label for h in search(store, "IAF 28", kinds=["sector"])]
['IAF 28: Construction']
>>> search(store, "   ")
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import QueryError
from graph.query import run_named
from graph.sparql import Rows
from graph.store import Store
from graph.vocab.kinds import KINDS

__all__ = ["FAST_KINDS", "SEARCH_KINDS", "Hit", "search"]

#: The kinds :func:`search` can return (``kinds=`` takes any of them).
SEARCH_KINDS = KINDS[: KINDS.index("organisation") + 1]

#: Every kind but organisations: searching these never reads all organisation names.
FAST_KINDS = tuple(k for k in SEARCH_KINDS if k != "organisation")

_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_MAX_TEXT = 200


@dataclass(frozen=True)
class Hit:
    """One search result.

    Attributes
    ----------
    iri : str
        The entity's IRI (its page is ``?entity=<iri>``).
    label : str
        Its name or label.
    kind : str
        One of :data:`SEARCH_KINDS`.
    identifier : str
        What identifies it to people: acronym, number, designation or "IAF 28".
    detail : str
        A little context: country, title, status or sector name ("" when none).
    """

    iri: str
    label: str
    kind: str
    identifier: str
    detail: str


def _hits(result: Rows) -> list[tuple[int, Hit]]:
    ranked = []
    for row in result.records():
        iri = row["s"]
        hit = Hit(
            iri=iri,
            label=str(row.get("label") or iri),
            kind=str(row["kind"]),
            identifier=str(row.get("identifier") or ""),
            detail=str(row.get("detail") or ""),
        )
        ranked.append((int(row["rank"]), hit))
    return ranked


def search(
    store: Store, text: str, *, limit: int = 20, kinds: Sequence[str] | None = None
) -> list[Hit]:
    """Entities matching ``text`` (case does not matter), best first, at most ``limit``.

    Parameters
    ----------
    store : Store
        The graph.
    text : str
        What the user typed. Empty or blank text finds nothing.
    limit : int
        The most hits returned.
    kinds : sequence of str, optional
        Keep only these kinds (see :data:`SEARCH_KINDS`); all kinds when None.

    Returns
    -------
    list of Hit
        Exact matches of an id, acronym, number or notation first, then prefixes, then
        matches at a word start, then anywhere.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> [h.identifier for h in search(store, "27001", kinds=["standard"], limit=1)]
    ['ISO/IEC 27001']
    """
    text = " ".join(text.split())[:_MAX_TEXT]
    if not text or limit <= 0:
        return []
    wanted = set(SEARCH_KINDS if kinds is None else kinds)
    unknown = wanted - set(SEARCH_KINDS)
    if unknown:
        raise QueryError(
            f"unknown kind {', '.join(sorted(unknown))}; use {', '.join(SEARCH_KINDS)}"
        )
    kinds_param = "any" if kinds is None else " ".join(sorted(wanted)) or "none"
    ranked = _hits(run_named(store, "search", {"text": text, "kinds": kinds_param}, row_cap=limit))
    if wanted & {"accreditation", "certificate"} and _looks_like_a_number(text):
        ranked += _hits(run_named(store, "search-ids", {"text": text}, row_cap=limit))
    if "organisation" in wanted and len(text) >= 2:
        ranked += _hits(run_named(store, "search-organisations", {"text": text}, row_cap=limit))
    best: dict[str, tuple[int, Hit]] = {}
    for rank, hit in ranked:
        if hit.kind in wanted and (hit.iri not in best or rank < best[hit.iri][0]):
            best[hit.iri] = (rank, hit)
    return [hit for _, hit in sorted(best.values(), key=_sort_key)[:limit]]


def _looks_like_a_number(text: str) -> bool:
    """Worth a pass over every number: two characters or more, a digit, no space."""
    return len(text) >= 2 and " " not in text and any(c.isdigit() for c in text)


def _sort_key(ranked: tuple[int, Hit]) -> tuple[int, int, int, str, str]:
    """The order the queries sort by: rank, kind, shortest identifier, identifier, label."""
    rank, hit = ranked
    ident = hit.identifier or hit.label
    return (rank, _ORDER.get(hit.kind, len(_ORDER)), len(ident), ident.lower(), hit.label)
