"""A networkx graph laid out for a slide: plain shapes, lines and text in pixels.

:func:`scene` places the nodes (left to right by ``level`` for a chain drawn with
``layout="LR"``, a seeded spring layout otherwise) on a 16:9 canvas and turns the drawing into
primitives — polygons, lines and text boxes with their font size in pixels — that
:mod:`graph.drawing.svg` writes as SVG and :mod:`graph.drawing.png` paints as PNG, so both files
show the same picture. Text is sized for a projector: node labels :data:`LABEL_PX`, edge labels
and the legend :data:`SMALL_PX`, never below 16 px on a canvas at least 1280 px wide.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="UKAS", kind="accreditation-body")
>>> G.add_node("b", label="IAF MLA", kind="arrangement")
>>> G.add_edge("a", "b", key="signatory", label="signatory of")
'signatory'
>>> s = scene(G, caption="Recognition")
>>> (s.width, s.height), min(t.size for t in s.texts) >= 16
((1600, 900), True)
>>> sorted(" ".join(t.lines) for t in s.texts if t.role == "node")
['IAF MLA', 'UKAS']
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.drawing.style import KIND_STYLE, STATUS_COLOURS, highlights
from graph.vocab.kinds import local_name

__all__ = [
    "CROWDED_NODES",
    "LABEL_PX",
    "SMALL_PX",
    "Polygon",
    "Scene",
    "Segment",
    "TextBox",
    "joined_edges",
    "placed",
    "scene",
    "unlabelled",
]

#: Font size of node labels and of edge labels and legend, in pixels.
LABEL_PX, SMALL_PX = 20, 16
#: Title size, pixels.
TITLE_PX = 24
_WIDTH, _HEIGHT = 1600, 900
_RADIUS = 16
_WRAP = 22  # characters per line of a node label
_MAX_LABEL = 60
_INK, _EDGE = "#212121", "#9e9e9e"
_LABEL_AT = 150  # furthest an edge label sits from the edge's start, pixels
#: A drawing of more nodes than this names on its canvas only the nodes that hold it together
#: (:func:`unlabelled`): a hub's hundred leaves, each named at a readable size, cover each other.
CROWDED_NODES = 40

Point = tuple[float, float]


@dataclass(frozen=True)
class Polygon:
    """A filled shape: its corners, fill and outline colours, outline width."""

    points: tuple[Point, ...]
    fill: str
    stroke: str
    stroke_width: float = 1.0


@dataclass(frozen=True)
class Segment:
    """A straight line."""

    start: Point
    end: Point
    colour: str = _EDGE
    width: float = 1.5


@dataclass(frozen=True)
class TextBox:
    """Lines of text whose first line's top is at ``y``; ``x`` is the centre (``middle``) or the
    left edge (``start``). ``role`` says what it labels: ``node``, ``edge``, ``legend``,
    ``title``."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: int
    role: str
    anchor: str = "middle"
    colour: str = _INK
    bold: bool = False


@dataclass(frozen=True)
class Scene:
    """Everything to paint, in drawing order: segments, then polygons, then texts."""

    width: int
    height: int
    title: str
    segments: tuple[Segment, ...]
    polygons: tuple[Polygon, ...]
    texts: tuple[TextBox, ...]


def _clean(text: str) -> str:
    """One line of printable text, shortened (control characters would break XML)."""
    text = "".join(c if c.isprintable() else " " for c in str(text))
    text = " ".join(text.split())
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def _wrap(text: str) -> tuple[str, ...]:
    return tuple(textwrap.wrap(_clean(text), _WRAP, break_long_words=True)) or ("",)


def _shape(kind_shape: str, x: float, y: float, r: float = _RADIUS) -> tuple[Point, ...]:
    """The corners of a vis-network shape centred on (x, y) (a dot is a 24-gon)."""
    if kind_shape == "star":
        return tuple(
            (
                x + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi * i / 5),
                y - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi * i / 5),
            )
            for i in range(10)
        )
    corners = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "diamond": [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
        "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "triangleDown": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
    }
    if kind_shape in corners:
        return tuple((x + r * a, y + r * b) for a, b in corners[kind_shape])
    sides, turn = (6, math.pi / 6) if kind_shape == "hexagon" else (24, 0.0)
    angles = [turn + 2 * math.pi * i / sides for i in range(sides)]
    return tuple((x + r * math.cos(a), y + r * math.sin(a)) for a in angles)


def _positions(G: nx.Graph) -> dict[str, Point]:
    """Node -> (x, y) in [0, 1]²: by level left to right for ``layout="LR"``, else spring."""
    nodes = list(G.nodes)
    if not nodes:
        return {}
    if (fixed := placed(G)) is not None:
        return fixed
    if G.graph.get("layout") == "LR":
        levels: dict[int, list[str]] = {}
        for node in nodes:
            levels.setdefault(int(G.nodes[node].get("level", 0)), []).append(node)
        order = sorted(levels)
        out = {}
        for column, level in enumerate(order):
            row = levels[level]
            for i, node in enumerate(row):
                x = column / max(1, len(order) - 1) if len(order) > 1 else 0.5
                out[node] = (x, (i + 1) / (len(row) + 1))
        return out
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((u, v) for u, v, *_ in G.edges)
    raw = nx.spring_layout(simple, seed=7, k=1.6 / math.sqrt(len(nodes)), iterations=200)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        str(n): ((float(p[0]) - min(xs)) / span_x, (float(p[1]) - min(ys)) / span_y)
        for n, p in raw.items()
    }


def placed(G: nx.Graph) -> dict[str, Point] | None:
    """Node -> (x, y) in [0, 1]² when every node is placed by hand (a ``level``, its column,
    and a ``row`` in [0, 1]); else None. A teaching picture places its nodes so that no link
    passes behind another node or label.

    >>> G = nx.DiGraph()
    >>> G.add_node("a", level=0, row=0.5); G.add_node("b", level=2, row=1.0)
    >>> placed(G)
    {'a': (0.0, 0.5), 'b': (1.0, 1.0)}
    """
    data = [(str(n), d) for n, d in G.nodes(data=True)]
    if not data or any("row" not in d or "level" not in d for _, d in data):
        return None
    last = max(int(d["level"]) for _, d in data) or 1
    return {n: (int(d["level"]) / last, float(d["row"])) for n, d in data}


def unlabelled(G: nx.Graph, keep: Iterable[str] = ()) -> frozenset[str]:
    """The nodes a crowded drawing (more than :data:`CROWDED_NODES`) leaves unnamed on its
    canvas: those linked to one other node only (a hub's leaves), but for ``keep`` (the
    highlighted nodes) and the drawing's ``centre``. Their names stay in their tooltips and
    in the list of nodes under the drawing; the links to them lose their labels too.

    >>> star = nx.star_graph(CROWDED_NODES)  # node 0 and its leaves
    >>> len(unlabelled(star)), 0 in unlabelled(star), len(unlabelled(star, keep=["3"]))
    (40, False, 39)
    >>> unlabelled(nx.star_graph(CROWDED_NODES - 1))
    frozenset()
    """
    if G.number_of_nodes() <= CROWDED_NODES:
        return frozenset()
    kept = {str(n) for n in keep}
    if (centre := G.graph.get("centre")) is not None:
        kept.add(str(centre))
    simple = nx.Graph(G.to_undirected(as_view=True)) if G.is_directed() or G.is_multigraph() else G
    return frozenset(str(n) for n in simple if simple.degree(n) == 1 and str(n) not in kept)


def joined_edges(G: nx.Graph) -> list[tuple[str, str, str, str, float]]:
    """One (source, target, label, tooltip, weight) per linked pair and direction: the links
    of a pair in one direction lie on one line, so their labels are joined with " · "
    (apart, they would print over each other).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("m", "i", label="replaces"); G.add_edge("m", "i", label="carriesOver", weight=2)
    0
    1
    >>> joined_edges(G)
    [('m', 'i', 'replaces · carriesOver', 'replaces · carriesOver (2)', 3.0)]
    """
    pairs: dict[tuple[str, str], tuple[list[str], list[str], float]] = {}
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    for edge in edges:
        u, v, data = str(edge[0]), str(edge[1]), edge[-1]
        key = str(edge[2]) if G.is_multigraph() else ""
        label = str(data.get("label") or local_name(str(data.get("predicate") or key)))
        weight = data.get("weight")
        labels, tips, total = pairs.get((u, v), ([], [], 0.0))
        labels.append(label)
        tips.append(label if weight is None else f"{label} ({weight})")
        pairs[(u, v)] = (labels, tips, total + float(weight or 1))
    return [(u, v, " · ".join(lb), " · ".join(tp), w) for (u, v), (lb, tp, w) in pairs.items()]


def _size(n: int) -> tuple[int, int]:
    """A 16:9 canvas that grows with the number of nodes (labels keep their size)."""
    grow = max(1.0, math.sqrt(n / 24))
    return int(_WIDTH * grow), int(_HEIGHT * grow)


def _arrow(a: Point, b: Point) -> tuple[Segment, Polygon]:
    """The line from node ``a`` to node ``b``, stopping at ``b``'s edge, and its arrowhead."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    tip = (b[0] - ux * (_RADIUS + 3), b[1] - uy * (_RADIUS + 3))
    base = (tip[0] - ux * 12, tip[1] - uy * 12)
    left = (base[0] - uy * 6, base[1] + ux * 6)
    right = (base[0] + uy * 6, base[1] - ux * 6)
    start = (a[0] + ux * _RADIUS, a[1] + uy * _RADIUS)
    return Segment(start, base), Polygon((tip, left, right), _EDGE, _EDGE)


def _legend(G: nx.Graph, statuses: set[str], y: float) -> list[TextBox | Polygon]:
    items: list[TextBox | Polygon] = []
    x = 40.0
    for kind in sorted({str(d.get("kind") or "other") for _, d in G.nodes(data=True)}):
        style = KIND_STYLE.get(kind, KIND_STYLE["other"])
        colour = "#616161" if statuses else style["color"]
        items.append(Polygon(_shape(style["shape"], x + 10, y + 10, 9), colour, colour))
        items.append(TextBox(x + 26, y, (kind,), SMALL_PX, "legend", anchor="start"))
        x += 26 + 0.6 * SMALL_PX * len(kind) + 28
    for status in ("pass", "fail", "unknown"):
        if status in statuses:
            colour = STATUS_COLOURS[status]
            items.append(Polygon(_shape("dot", x + 10, y + 10, 9), colour, colour))
            items.append(TextBox(x + 26, y, (status,), SMALL_PX, "legend", anchor="start"))
            x += 26 + 0.6 * SMALL_PX * len(status) + 28
    return items


def scene(
    G: nx.Graph,
    *,
    caption: str = "",
    highlight: Mapping[str, str] | Iterable[str] | None = None,
) -> Scene:
    """Lay ``G`` out on a 16:9 canvas (1600×900, larger for more than 24 nodes).

    Nodes take the colour and shape of their ``kind`` (:data:`KIND_STYLE`), or their ``color``
    when it is set (the verifier's chain); ``highlight`` rings nodes (and recolours them when
    it maps them to a colour, as :func:`graph.drawing.html.to_html` does). Labels
    are the nodes' ``label`` (else the IRI's local name) wrapped to lines of 22 characters below
    the node; edges carry their ``label`` (else the predicate's local name) at their middle.
    A crowded drawing leaves its leaves and the links to them unnamed (:func:`unlabelled`).
    """
    rings = highlights(highlight)
    width, height = _size(G.number_of_nodes())
    top, bottom, side = 80.0, 130.0, 150.0
    places = {
        node: (side + x * (width - 2 * side), top + y * (height - top - bottom))
        for node, (x, y) in _positions(G).items()
    }
    segments: list[Segment] = []
    polygons: list[Polygon] = []
    texts: list[TextBox] = []
    if caption:
        texts.append(TextBox(width / 2, 20, (_clean(caption),), TITLE_PX, "title", bold=True))
    seen: dict[tuple[str, str], int] = {}
    quiet = unlabelled(G, rings)  # as on the canvas: a crowded drawing's leaves unnamed
    for u, v, joined, _, _ in joined_edges(G):
        if u == v or u not in places or v not in places:
            continue
        line, head = _arrow(places[u], places[v])
        segments.append(line)
        polygons.append(head)
        label = "" if u in quiet or v in quiet else _clean(joined)
        pair = (min(u, v), max(u, v))
        shift = seen.get(pair, 0)
        seen[pair] = shift + 1
        # the middle of a short edge; on a long one, near its start, so that the label does
        # not sit on a node the edge passes (in columns: one column further on)
        (x1, y1), (x2, y2) = places[u], places[v]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        t = min(0.5, _LABEL_AT / length)
        mid = (x1 + t * (x2 - x1), y1 + t * (y2 - y1))
        if label:
            y = mid[1] - SMALL_PX / 2 + shift * (SMALL_PX + 4)
            texts.append(TextBox(mid[0], y, (label,), SMALL_PX, "edge", colour="#424242"))
    statuses = {str(d.get("status")) for _, d in G.nodes(data=True) if d.get("status")}
    for node, data in G.nodes(data=True):
        node = str(node)
        if node not in places:
            continue
        x, y = places[node]
        style = KIND_STYLE.get(str(data.get("kind") or "other"), KIND_STYLE["other"])
        fill = rings.get(node) or str(data.get("color") or "") or style["color"]
        ring = node in rings
        polygons.append(
            Polygon(_shape(style["shape"], x, y), fill, _INK if ring else fill, 4 if ring else 1)
        )
        label = str(data.get("label") or local_name(node) or node)
        if node not in quiet:
            texts.append(TextBox(x, y + _RADIUS + 6, _wrap(label), LABEL_PX, "node"))
    for item in _legend(G, statuses, height - 50):
        (texts if isinstance(item, TextBox) else polygons).append(item)
    return Scene(width, height, _clean(caption), tuple(segments), tuple(polygons), tuple(texts))
