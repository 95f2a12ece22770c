"""How drawings look: a colour and shape per kind of node, a colour per outcome.

One table for every drawing and its legend. It imports only the standard library, so a module
that builds a networkx graph to be drawn (the verifier's chain, :mod:`graph.verify.picture`) can
colour its nodes without importing pyvis or depending on how :mod:`graph.drawing.html` draws.

Examples
--------
>>> KIND_STYLE["accreditation-body"]["shape"]
'diamond'
>>> STATUS_COLOURS["fail"]
'#c62828'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["COLOUR", "KIND_STYLE", "STATUS_COLOURS", "highlights"]

#: What a colour may look like (``#2e7d32``, ``green``): anything else is ignored.
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$")

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
    "red-flag": {"color": "#c62828", "shape": "triangle"},
    "count": {"color": "#78909c", "shape": "square"},
    "scope": {"color": "#80cbc4", "shape": "dot"},
    "source": {"color": "#6d4c41", "shape": "square"},
    "address": {"color": "#b0bec5", "shape": "dot"},
    "other": {"color": "#90a4ae", "shape": "dot"},
}

#: Node colour of each outcome (``pass``, ``fail``, ``unknown``): the verifier's chain, and the
#: names ``to_html(highlight=...)`` accepts for colours.
STATUS_COLOURS: dict[str, str] = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#9e9e9e"}


def highlights(highlight: Mapping[str, str] | Iterable[str] | None) -> dict[str, str]:
    """Node -> colour to ring and recolour it; a bare list rings nodes without recolouring
    them ("" colour); outcomes name their colour, and what is not a colour is dropped.

    >>> highlights({"a": "pass", "b": "red;x"}), highlights(["c"])
    ({'a': '#2e7d32'}, {'c': ''})
    """
    if not highlight:
        return {}
    if isinstance(highlight, str):
        highlight = [highlight]
    if isinstance(highlight, Mapping):
        pairs = [(str(k), str(v)) for k, v in highlight.items()]
    else:
        pairs = [(str(k), "") for k in highlight]
    out = {}
    for node, colour in pairs:
        colour = STATUS_COLOURS.get(colour, colour)
        if colour == "" or COLOUR.match(colour):
            out[node] = colour
    return out
