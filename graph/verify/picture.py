"""The verifier's chain as a graph that :func:`graph.drawing.html.to_html` draws left to right.

:func:`chain_graph` turns a :class:`~graph.verify.model.Verification` into certificate → standard and
certificate → certification body → accreditation → accreditation body → IAF MLA → regional
group, each node green (pass), red (fail) or grey (unknown). It needs no store: the labels come
from the verification itself.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Link, LinkStatus, Verdict, Verification
>>> v = Verification("C-1", None, Verdict.UNACCREDITED, dt.date(2026, 1, 1), "No.", links=(
...     Link("certificate", LinkStatus.PASS, "CERT_IN_FORCE", "In force."),
...     Link("accreditation", LinkStatus.FAIL, "NO_ACCREDITATION", "None found.")))
>>> [d["status"] for _, d in chain_graph(v).nodes(data=True)]
['pass', 'fail']
"""

from __future__ import annotations

from itertools import pairwise

import networkx as nx

from graph.verify.model import LinkStatus, Verification
from graph.vocab.mint import id_from_iri

__all__ = ["STATUS_COLOURS", "chain_graph"]

#: Node colours of the verifier's chain.
STATUS_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#9e9e9e"}

#: Where each link of the chain sits (left to right) and its kind in the drawing.
_CHAIN = {
    "certificate": (0, "certificate"),
    "standard": (1, "standard"),
    "certification-body": (1, "certification-body"),
    "accreditation": (2, "accreditation"),
    "accreditation-body": (3, "accreditation-body"),
    "mla-signatory": (4, "signatory"),
    "regional-group": (5, "network"),
}
#: The edges drawn between links, when both are present.
_CHAIN_EDGES = (
    ("certificate", "standard", "against standard"),
    ("certificate", "certification-body", "issued by"),
    ("certification-body", "accreditation", "holds"),
    ("accreditation", "accreditation-body", "granted by"),
    ("accreditation-body", "mla-signatory", "signatory of"),
    ("mla-signatory", "regional-group", "recognised via"),
)
_MAIN = (
    "certificate",
    "certification-body",
    "accreditation",
    "accreditation-body",
    "mla-signatory",
    "regional-group",
)


def _chain_label(name: str, evidence: str | None, v: Verification) -> str:
    ident = id_from_iri(evidence) if evidence else ""
    if name == "certificate":
        return f"Certificate {v.certificate}"
    if name == "standard":
        return v.standard or ident or "standard"
    if name == "certification-body":
        return v.certification_body or ident or "certification body"
    if name == "accreditation":
        return f"Accreditation {ident}" if ident else "accreditation"
    if name == "accreditation-body":
        return ident.upper() if ident else "accreditation body"
    if name == "mla-signatory":
        return "IAF MLA signatory" if evidence else "IAF MLA"
    return f"{ident.upper()} (regional group)" if ident else "regional group"


def chain_graph(verification: Verification) -> nx.MultiDiGraph:
    """The verifier's chain as a left-to-right graph coloured by outcome.

    Certificate → standard, and certificate → certification body → accreditation →
    accreditation body → IAF MLA → regional group; each node is green (pass), red (fail) or
    grey (unknown) and its tooltip gives the reason code and the verifier's words. Node ids
    are the links' first evidence IRIs (so the node list links to entity pages), or
    ``chain:<link>`` when a link has no evidence.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.verify.model import Link, LinkStatus, Verdict, Verification
    >>> v = Verification("C-1", None, Verdict.INVALID, dt.date(2026, 1, 1), "Invalid.", links=(
    ...     Link("certificate", LinkStatus.PASS, "CERT_IN_FORCE", "In force."),
    ...     Link("standard", LinkStatus.FAIL, "STANDARD_GUIDANCE", "Guidance only.")))
    >>> G = chain_graph(v)
    >>> [(d["label"], d["color"]) for _, d in G.nodes(data=True)]
    [('Certificate C-1', '#2e7d32'), ('standard', '#c62828')]
    >>> [d["label"] for _, _, d in G.edges(data=True)]
    ['against standard']
    """
    graph = nx.MultiDiGraph(layout="LR")
    ids: dict[str, str] = {}
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
            link=link.name,
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
