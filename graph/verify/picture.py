"""The verifier's chain as a graph that :func:`graph.drawing.html.to_html` draws left to right.

:func:`chain_graph` turns a :class:`~graph.verify.model.Verification` into certificate →
standard and certificate → certification body → accreditation → accreditation body → signatory
status under the arrangement in force (IAF MLA, then Global ACI MRA) → regional group, each
node green (pass), red (fail) or grey (unknown), in the colours of
:data:`graph.drawing.style.STATUS_COLOURS`. It needs no store: the labels come from the
verification itself.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
>>> v = Verification("C-1", None, Verdict.UNACCREDITED, dt.date(2026, 1, 1), "No.", links=(
...     Link(LinkName.CERTIFICATE, LinkStatus.PASS, "CERT_IN_FORCE", "In force."),
...     Link(LinkName.ACCREDITATION, LinkStatus.FAIL, "NO_ACCREDITATION", "None found.")))
>>> [d["status"] for _, d in chain_graph(v).nodes(data=True)]
['pass', 'fail']
"""

from __future__ import annotations

from itertools import pairwise

import networkx as nx

from graph.drawing.style import STATUS_COLOURS
from graph.verify.model import LinkName, LinkStatus, Verification
from graph.vocab.mint import id_from_iri

__all__ = ["chain_graph"]

L = LinkName
#: Where each link of the chain sits (left to right) and its kind in the drawing.
_CHAIN: dict[LinkName, tuple[int, str]] = {
    L.CERTIFICATE: (0, "certificate"),
    L.STANDARD: (1, "standard"),
    L.CERTIFICATION_BODY: (1, "certification-body"),
    L.ACCREDITATION: (2, "accreditation"),
    L.ACCREDITATION_BODY: (3, "accreditation-body"),
    L.MLA_SIGNATORY: (4, "signatory"),
    L.REGIONAL_GROUP: (5, "network"),
}
#: The edges drawn between links, when both are present.
_CHAIN_EDGES: tuple[tuple[LinkName, LinkName, str], ...] = (
    (L.CERTIFICATE, L.STANDARD, "against standard"),
    (L.CERTIFICATE, L.CERTIFICATION_BODY, "issued by"),
    (L.CERTIFICATION_BODY, L.ACCREDITATION, "holds"),
    (L.ACCREDITATION, L.ACCREDITATION_BODY, "granted by"),
    (L.ACCREDITATION_BODY, L.MLA_SIGNATORY, "signatory of"),
    (L.MLA_SIGNATORY, L.REGIONAL_GROUP, "recognised via"),
)
#: The main line of the chain (the standard hangs off the certificate beside it).
_MAIN = tuple(name for name in LinkName if name is not L.STANDARD)


def _chain_label(name: LinkName, evidence: str | None, v: Verification) -> str:
    ident = id_from_iri(evidence) if evidence else ""
    if name == L.CERTIFICATE:
        return f"Certificate {v.certificate}"
    if name == L.STANDARD:
        return v.standard or ident or "standard"
    if name == L.CERTIFICATION_BODY:
        return v.certification_body or ident or "certification body"
    if name == L.ACCREDITATION:
        return f"Accreditation {ident}" if ident else "accreditation"
    if name == L.ACCREDITATION_BODY:
        return ident.upper() if ident else "accreditation body"
    if name == L.MLA_SIGNATORY:
        link = v.link(L.MLA_SIGNATORY)
        if link is not None and link.code == "MLA_NOT_YET_IN_FORCE":
            return "no arrangement yet"  # none covered the standard on the as-of date
        arrangement = v.arrangement or "arrangement"  # the one in force on the as-of date
        return f"{arrangement} signatory" if evidence else arrangement
    return f"{ident.upper()} (regional group)" if ident else "regional group"


def chain_graph(verification: Verification) -> nx.MultiDiGraph:
    """The verifier's chain as a left-to-right graph coloured by outcome.

    Certificate → standard, and certificate → certification body → accreditation →
    accreditation body → signatory (of the arrangement in force) → regional group; each node
    is green (pass), red (fail) or grey (unknown) and its tooltip gives the reason code and
    the verifier's words. Node ids are the links' first evidence IRIs (so the node list links
    to entity pages), or ``chain:<link>`` when a link has no evidence.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
    >>> v = Verification("C-1", None, Verdict.INVALID, dt.date(2026, 1, 1), "Invalid.", links=(
    ...     Link(LinkName.CERTIFICATE, LinkStatus.PASS, "CERT_IN_FORCE", "In force."),
    ...     Link(LinkName.STANDARD, LinkStatus.FAIL, "STANDARD_GUIDANCE", "Guidance only.")))
    >>> G = chain_graph(v)
    >>> [(d["label"], d["color"]) for _, d in G.nodes(data=True)]
    [('Certificate C-1', '#2e7d32'), ('standard', '#c62828')]
    >>> [d["label"] for _, _, d in G.edges(data=True)]
    ['against standard']
    """
    graph = nx.MultiDiGraph(layout="LR")
    ids: dict[LinkName, str] = {}
    for link in verification.links:
        if link.name in ids:
            continue
        evidence = link.evidence[0] if link.evidence else None
        node = evidence if evidence and evidence not in graph else f"chain:{link.name}"
        level, kind = _CHAIN.get(link.name, (6, "other"))
        status = link.status.value if isinstance(link.status, LinkStatus) else str(link.status)
        label = _chain_label(link.name, evidence, verification)
        title = f"{label}\n{link.name}: {status} ({link.code})\n{link.message}"
        graph.add_node(
            node,
            label=label,
            kind=kind,
            status=status,
            code=link.code,
            color=STATUS_COLOURS.get(status, STATUS_COLOURS["unknown"]),
            level=level,
            title=title,
            link=str(link.name),
        )
        ids[link.name] = node
    for a, b, label in _CHAIN_EDGES:
        if a in ids and b in ids:
            graph.add_edge(ids[a], ids[b], key=label, label=label)
    present = [name for name in _MAIN if name in ids]
    for a, b in pairwise(present):
        if not any(graph.has_edge(ids[a], ids[b], key=lbl) for _, _, lbl in _CHAIN_EDGES):
            graph.add_edge(ids[a], ids[b], key="then", label="then")
    return graph
