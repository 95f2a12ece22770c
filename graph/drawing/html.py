"""networkx → an HTML page that draws the graph offline (pyvis data, vis-network inlined).

pyvis collects the nodes, edges and their styles; the page is our own small template with
vis-network's script and stylesheet inlined from pyvis's package, because pyvis 0.3.2's template
links Bootstrap from a CDN even with ``cdn_resources="in_line"`` and switches tooltips to
``innerHTML`` when any tooltip contains the word "href". The page holds no ``http(s)://``
script, stylesheet or font, so it works in an offline classroom.

Everything from the data is escaped for where it goes: tooltips with :func:`html.escape` (the
page turns them into elements whose text is the tooltip), the caption, legend and node list
with :func:`html.escape`; canvas labels are drawn as text by vis-network and travel in JSON
whose ``<``, ``>`` and ``&`` are escaped, so no markup from the data reaches the page.

The layout is stabilised, then physics is switched off so the drawing stays still; a drawing
of more than :data:`IMPROVED_LAYOUT_NODES` nodes skips vis-network's costly initial placement
(below). Colour and shape follow the node's kind (:data:`graph.drawing.style.KIND_STYLE`, with
a legend); ``highlight`` recolours nodes, by colour or by outcome (``pass``, ``fail``,
``unknown``: :data:`graph.drawing.style.STATUS_COLOURS`), and nodes with a ``status`` — the
verifier's green, red and grey chain, which :mod:`graph.verify.picture` builds — get a legend
of outcomes.
Below the canvas, a list links every node to its entity page (``?entity=<IRI>``). A node's
tooltip is its label, kind, country and compact id (``agd:body/ukas``), never a
percent-encoded IRI; clicking a node offers to open its page or expand it in place
(:mod:`graph.drawing.clicks`).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("https://example.org/a", label="<img src=x onerror=alert(1)>", kind="certificate")
>>> page = to_html(G, caption="A & B")
>>> "<img" in page, "A &amp; B" in page
(False, True)
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Set
from typing import Any
from urllib.parse import quote, unquote

import networkx as nx
from pyvis.network import Network

from graph.drawing.assets import vis_assets
from graph.drawing.clicks import MENU_CSS, MENU_HTML, click_script
from graph.drawing.layout import LABEL_PX, SMALL_PX, joined_edges, placed, unlabelled
from graph.drawing.style import COLOUR, KIND_STYLE, STATUS_COLOURS, highlights
from graph.vocab.kinds import local_name
from graph.vocab.namespaces import PREFIXES

__all__ = ["IMPROVED_LAYOUT_NODES", "MIN_LABEL_PX", "entity_href", "to_html"]

_LENGTH = re.compile(r"^\d{1,5}(\.\d{1,2})?(px|%|vh|em|rem)$")
_MAX_LABEL = 42
#: The smallest a label may look on screen, whatever the zoom (CSS pixels).
MIN_LABEL_PX = 16
#: Most nodes a drawing laid out by physics starts from vis-network's Kamada-Kawai placement
#: (``layout.improvedLayout``); a larger one starts from vis-network's plain placement. That
#: placement is worked out in the page before anything is drawn and grows fast with the nodes:
#: in headless Chromium on the reference machine (2 cores) a drawing's frame was ready 0.07 s
#: later with it at 50 nodes, 0.2 s at 100 and 0.45 s at 150 (the app's cap, a hub of
#: certificates), while the settled picture of such a hub is the same ring either way.
IMPROVED_LAYOUT_NODES = 100


def _canvas(text: str) -> str:
    """A canvas label: shortened, never HTML. vis-network draws it with ``fillText``, so it is
    text whatever it holds; it reaches the page inside JSON with ``<``, ``>`` and ``&``
    escaped (:func:`_script_json`). ``html.escape`` here would show ``&amp;`` on screen:
    vis-network 9.1.2's ``html`` label mode does not decode entities (measured)."""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


_PAGE_PATH = re.compile(r"^[A-Za-z0-9_-]{0,64}$")


def entity_href(iri: str, page: str = "") -> str:
    """The app's URL of an entity's page (relative, so it works wherever the app runs):
    ``?entity=<IRI>`` on the page ``page`` (the URL path of the app's entity page), or on
    the page showing the drawing when ``page`` is "".

    >>> entity_href("https://w3id.org/accredigraph/id/body/ukas", "search")
    'search?entity=https%3A%2F%2Fw3id.org%2Faccredigraph%2Fid%2Fbody%2Fukas'
    """
    return (page if _PAGE_PATH.match(page) else "") + "?entity=" + quote(iri, safe="")


def _compact(iri: str) -> str:
    """An IRI as people read it: a known prefix and the rest decoded (``agd:body/ukas``).

    >>> _compact("https://w3id.org/accredigraph/id/organisation/caf%C3%A9-ltd")
    'agd:organisation/café-ltd'
    """
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{unquote(iri[len(base) :])}"
    return unquote(iri)


def _is_iri(node: str) -> bool:
    return node.startswith(("https://", "http://"))


def _options(G: nx.Graph) -> dict[str, Any]:
    layout_lr = G.graph.get("layout") == "LR"
    options: dict[str, Any] = {
        # long labels wrap (at word boundaries) instead of running into their neighbours
        "nodes": {
            "font": {"size": LABEL_PX},
            "borderWidth": 1,
            "widthConstraint": {"maximum": 220},
        },
        "edges": {
            "font": {"size": SMALL_PX, "align": "middle"},
            "color": {"color": "#9e9e9e", "highlight": "#616161"},
            "smooth": {"type": "continuous"},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    }
    if placed(G) is not None:  # placed by hand: straight links, labels level on a white ground
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = False
        options["edges"]["font"].update(align="horizontal", background="#ffffff")
    elif layout_lr:
        options["layout"] = {
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "levelSeparation": 220,
                "nodeSpacing": 150,
            }
        }
        options["physics"] = {"enabled": False}
    else:
        options["layout"] = {"improvedLayout": G.number_of_nodes() <= IMPROVED_LAYOUT_NODES}
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    return options


def _tooltip(node: str, data: Mapping[str, Any]) -> str:
    text = str(data.get("title") or f"{data.get('label') or node}\n{data.get('kind') or ''}")
    facts = data.get("facts")
    if facts:
        text += "\n" + "\n".join(str(f) for f in list(facts)[:12])
    if _is_iri(node):
        text += f"\n{_compact(node)}\nClick: open its page or expand it"
    return html.escape(text)


def _node_colour(background: str, border: str) -> dict[str, Any]:
    """The same colours at rest, selected and hovered (vis-network's default turns nodes blue)."""
    state = {"background": background, "border": border}
    return {**state, "highlight": dict(state), "hover": dict(state)}


#: Pixels between columns and between the top and bottom row of a picture placed by hand.
_PLACED_SPAN = (1100, 620)


def _network(G: nx.Graph, colours: dict[str, str], height: str, quiet: Set[str]) -> Network:
    """The pyvis network of ``G``; the nodes of ``quiet`` (a crowded drawing's leaves,
    :func:`~graph.drawing.layout.unlabelled`) and the links to them unnamed on the canvas."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    spots = placed(G) or {}
    for node, data in G.nodes(data=True):
        node = str(node)
        kind = str(data.get("kind") or "other")
        style = KIND_STYLE.get(kind, KIND_STYLE["other"])
        colour = colours.get(node) or str(data.get("color") or "") or style["color"]
        if not COLOUR.match(colour):
            colour = style["color"]
        accent = node in colours
        net.add_node(
            node,
            label=_canvas(str(data.get("label") or local_name(node) or node)),
            shape=style["shape"],
            color=_node_colour(colour, "#212121" if accent else colour),
            borderWidth=4 if accent else 1,
            title=_tooltip(node, data),
            **({"level": int(data["level"])} if "level" in data and not spots else {}),
            **(_spot(spots[node]) if node in spots else {}),
        )
        if node in quiet:  # after add_node: pyvis puts the node's id in place of an empty label
            net.node_map[node]["label"] = ""
    arrows = "to" if G.is_directed() else ""
    for u, v, label, tip, weight in joined_edges(G):
        label = "" if u in quiet or v in quiet else _canvas(label)
        net.add_edge(u, v, label=label, title=html.escape(tip), arrows=arrows,
                     width=1 + math.log10(max(1.0, weight)))  # fmt: skip
    return net


def _spot(point: tuple[float, float]) -> dict[str, Any]:
    """vis-network's fixed place of a node placed by hand (x, y in [0, 1])."""
    return {"x": round(point[0] * _PLACED_SPAN[0]), "y": round(point[1] * _PLACED_SPAN[1]),
            "physics": False}  # fmt: skip


_GLYPHS = {
    "square": "■",
    "dot": "●",
    "diamond": "◆",
    "triangle": "▲",
    "triangleDown": "▼",
    "hexagon": "⬢",
    "star": "★",
}


def _legend(G: nx.Graph, colours: dict[str, str]) -> str:
    """Kinds (shape in the kind's colour; grey when colour means outcome) and outcomes."""
    statuses = {str(d.get("status")) for _, d in G.nodes(data=True) if d.get("status")}
    items = []
    for kind in sorted({str(d.get("kind") or "other") for _, d in G.nodes(data=True)}):
        style = KIND_STYLE.get(kind, KIND_STYLE["other"])
        colour = "#616161" if statuses else style["color"]
        glyph = _GLYPHS.get(style["shape"], "●")
        items.append(
            f'<span class="ag-item"><span class="ag-glyph" style="color:{colour}">'
            f"{glyph}</span>{html.escape(kind)}</span>"
        )
    for status in ("pass", "fail", "unknown"):
        if status in statuses:
            items.append(
                f'<span class="ag-item"><span class="ag-glyph" style="color:'
                f'{STATUS_COLOURS[status]}">●</span>{status}</span>'
            )
    if colours and not statuses:
        items.append('<span class="ag-item"><span class="ag-glyph">◯</span>highlighted</span>')
    return '<div class="ag-legend">' + " ".join(items) + "</div>"


def _node_list(G: nx.Graph, page: str, quiet: Set[str] = frozenset()) -> str:
    rows = []
    for node, data in sorted(
        G.nodes(data=True), key=lambda nd: (str(nd[1].get("kind")), str(nd[1].get("label")))
    ):
        node = str(node)
        label = html.escape(str(data.get("label") or local_name(node) or node))
        kind = html.escape(str(data.get("kind") or "other"))
        if _is_iri(node):
            href = html.escape(entity_href(node, page))
            iri = html.escape(node)
            link = f'<a href="{href}" data-iri="{iri}" target="_blank" rel="noopener">{label}</a>'
        else:
            link = label
        rows.append(f'<li>{link} <span class="ag-kind">{kind}</span></li>')
    hover = f" ({len(quiet)} with one link, named on hover)" if quiet else ""
    return (
        f'<details class="ag-nodes"><summary>{len(rows)} nodes: open an entity page{hover}'
        f"</summary><ul>{''.join(rows)}</ul></details>"
    )


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #212121; }
#ag-network { width: 100%; box-sizing: border-box; border: 1px solid #e0e0e0; background: #ffffff; }
.ag-caption { margin: 0.3em 0; font-size: 0.95em; }
.ag-legend { margin: 0.3em 0; font-size: 16px; line-height: 1.6; display: flex; flex-wrap: wrap;
             column-gap: 1em; }
.ag-item { white-space: nowrap; }
.ag-glyph { margin-right: 0.3em; }
.ag-nodes { font-size: 0.85em; overflow-wrap: anywhere; }
.ag-kind { color: #757575; }
div.vis-tooltip { white-space: pre-line; max-width: 28em; font-family: inherit; }
"""

_SCRIPT = """
(function () {
  function asElement(escaped) {
    var div = document.createElement("div");
    div.innerHTML = escaped;  /* already HTML-escaped text: no markup can come through */
    return div;
  }
  var nodeData = %(nodes)s, edgeData = %(edges)s;
  nodeData.forEach(function (n) { if (n.title) { n.title = asElement(n.title); } });
  edgeData.forEach(function (e) { if (e.title) { e.title = asElement(e.title); } });
  var container = document.getElementById("ag-network");
  var nodes = new vis.DataSet(nodeData);
  var network = new vis.Network(container, {nodes: nodes, edges: new vis.DataSet(edgeData)},
                                %(options)s);
  /* Labels stay readable on a projector: when the drawing is zoomed out (to fit it, or by
     the user) the fonts grow so that no label is drawn smaller than %(min_px)s screen pixels. */
  var base = {node: %(node_px)s, edge: %(edge_px)s}, size = {node: base.node, edge: base.edge};
  var refits = 0;
  function readable(refit) {
    var scale = network.getScale();
    if (!(scale > 0)) { return; }
    var node = Math.max(base.node, Math.ceil(%(min_px)s / scale));
    var edge = Math.max(base.edge, Math.ceil(%(min_px)s / scale));
    if (node !== size.node || edge !== size.edge) {
      size = {node: node, edge: edge};
      network.setOptions({nodes: {font: {size: node}}, edges: {font: {size: edge}}});
      /* larger labels take more room: fit the drawing again (a few times at most) */
      if (refit && refits < 3) { refits += 1; network.fit({animation: false}); readable(true); }
    }
  }
  network.on("zoom", function () { readable(false); });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    readable(true);
  });
  window.setTimeout(function () { readable(true); }, 0);
  /* The smallest label on screen, in CSS pixels (the browser tests read it). */
  window.agLabelPx = function () {
    return Math.min(size.node, size.edge) * network.getScale();
  };
  window.agNetwork = network;
  window.agNodes = nodes;
})();
"""


def to_html(
    G: nx.MultiDiGraph | nx.Graph,
    *,
    height: str = "640px",
    highlight: Mapping[str, str] | Iterable[str] | None = None,
    caption: str = "",
    expand: bool = False,
    entity_page: str = "",
) -> str:
    """A self-contained HTML page drawing ``G`` (no CDN: vis-network is inlined).

    Parameters
    ----------
    G : networkx graph
        Nodes keyed by IRI (or any id) with ``label``, ``kind`` and optionally ``title`` (plain
        tooltip text), ``color``, ``status``, ``level``, ``facts``; edges with ``label`` or
        ``predicate`` (shown as its local name) and optionally ``weight``.
    height : str
        CSS height of the canvas (``640px``, ``70vh`` …).
    highlight : mapping or iterable, optional
        Node -> colour (``#2e7d32``, ``green``, or ``pass``/``fail``/``unknown``), or just the
        nodes to ring.
    caption : str
        Text above the drawing (escaped).
    expand : bool
        Whether clicking a node also offers "Expand its neighbours here" (the app adds
        ``expand=<IRI>`` to its URL); "Open its page" is always offered for IRIs.
    entity_page : str
        The URL path of the app's entity page (``search``): node links and "Open its page"
        lead there; "" keeps them on the page showing the drawing.

    Returns
    -------
    str
        The page; embed it with ``st.iframe`` / ``components.html`` or save it as a file.
    """
    if not _LENGTH.match(height):
        height = "640px"
    colours = highlights(highlight)
    quiet = unlabelled(G, colours)  # a crowded drawing names its leaves on hover only
    net = _network(G, colours, height, quiet)
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    script = _SCRIPT % {
        "nodes": _script_json(nodes),
        "edges": _script_json(edges),
        "options": _script_json(_options(G)),
        "node_px": LABEL_PX,
        "edge_px": SMALL_PX,
        "min_px": MIN_LABEL_PX,
    }
    js, css = vis_assets()
    caption_html = f'<p class="ag-caption">{html.escape(caption)}</p>' if caption else ""
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<style>{css}</style>\n<style>{_STYLE}{MENU_CSS}</style>\n<script>{js}</script>\n"
        f"</head>\n<body>\n{caption_html}{_legend(G, colours)}\n"
        f'<div id="ag-wrap"><div id="ag-network" style="height: {height}"></div>{MENU_HTML}</div>\n'
        f"{_node_list(G, entity_page, quiet)}\n<script>{script}</script>\n"
        f"<script>{click_script(expand=expand, entity_page=entity_page)}</script>\n"
        "</body>\n</html>\n"
    )
