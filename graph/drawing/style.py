"""How drawings look: a colour and shape per kind of node, a colour per outcome.

One table for every drawing and its legend. It imports nothing, so a module that builds a
networkx graph to be drawn (the verifier's chain, :mod:`graph.verify.picture`) can colour its
nodes without importing pyvis or depending on how :mod:`graph.drawing.html` draws.

Examples
--------
>>> KIND_STYLE["accreditation-body"]["shape"]
'diamond'
>>> STATUS_COLOURS["fail"]
'#c62828'
"""

from __future__ import annotations

__all__ = ["KIND_STYLE", "STATUS_COLOURS"]

#: Colour and vis-network shape of each kind of node (one table for drawings and legends).
KIND_STYLE: dict[str, dict[str, str]] = {
    "certificate": {"color": "#7e57c2", "shape": "square"},
    "organisation": {"color": "#8d6e63", "shape": "dot"},
    "certification-body": {"color": "#1e88e5", "shape": "dot"},
    "accreditation-body": {"color": "#ef6c00", "shape": "diamond"},
    "accreditation": {"color": "#fbc02d", "shape": "triangle"},
    "network": {"color": "#d81b60", "shape": "hexagon"},
    "arrangement": {"color": "#00897b", "shape": "star"},
    "standard": {"color": "#43a047", "shape": "triangleDown"},
    "sector": {"color": "#9ccc65", "shape": "dot"},
    "standards-body": {"color": "#5e35b1", "shape": "hexagon"},
    "signatory": {"color": "#4db6ac", "shape": "diamond"},
    "membership": {"color": "#bcaaa4", "shape": "dot"},
    "site": {"color": "#a1887f", "shape": "dot"},
    "other": {"color": "#90a4ae", "shape": "dot"},
}

#: Node colour of each outcome (``pass``, ``fail``, ``unknown``): the verifier's chain, and the
#: names ``to_html(highlight=...)`` accepts for colours.
STATUS_COLOURS: dict[str, str] = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#9e9e9e"}
