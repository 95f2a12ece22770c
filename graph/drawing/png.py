"""A graph as a PNG image for slides: the same :func:`graph.drawing.layout.scene` as the SVG,
painted by matplotlib's Agg renderer with its bundled DejaVu Sans (no system library, no
network, no change to matplotlib's global state: a private ``Figure`` and canvas, no pyplot).

One canvas unit is one pixel (100 dpi), so a 20 px label is 20 px high in the image. Text is
drawn as text, never parsed: ``$`` in a label is not mathematics.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("x", label="ISO 9001", kind="standard")
>>> data = to_png(G, caption="One node")
>>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

import networkx as nx

from graph.drawing.layout import Scene, scene

__all__ = ["scene_png", "to_png"]

_DPI = 100
_LINE = 1.2


def scene_png(s: Scene) -> bytes:
    """The PNG bytes of a laid-out scene, ``s.width`` × ``s.height`` pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon as Patch

    figure = Figure(figsize=(s.width / _DPI, s.height / _DPI), dpi=_DPI, facecolor="#ffffff")
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, s.width)
    ax.set_ylim(s.height, 0)  # y grows downwards, as in SVG
    ax.set_axis_off()
    for seg in s.segments:
        ax.plot(
            [seg.start[0], seg.end[0]],
            [seg.start[1], seg.end[1]],
            color=seg.colour,
            linewidth=seg.width * 72 / _DPI,
            solid_capstyle="butt",
        )
    for poly in s.polygons:
        ax.add_patch(
            Patch(
                list(poly.points),
                closed=True,
                facecolor=poly.fill,
                edgecolor=poly.stroke,
                linewidth=poly.stroke_width * 72 / _DPI,
            )
        )
    for t in s.texts:
        ax.text(
            t.x,
            t.y,
            "\n".join(t.lines),
            fontsize=t.size * 72 / _DPI,  # points at 100 dpi: t.size pixels
            fontfamily="DejaVu Sans",
            fontweight="bold" if t.bold else "normal",
            color=t.colour,
            ha="center" if t.anchor == "middle" else "left",
            va="top",
            multialignment="center" if t.anchor == "middle" else "left",
            linespacing=_LINE,
            parse_math=False,
            bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 1, "alpha": 0.85},
        )
    out = io.BytesIO()
    canvas.print_png(out)
    return out.getvalue()


def to_png(
    G: nx.Graph,
    *,
    caption: str = "",
    highlight: Mapping[str, str] | Iterable[str] | None = None,
) -> bytes:
    """``G`` drawn as PNG bytes (see :func:`graph.drawing.layout.scene`)."""
    return scene_png(scene(G, caption=caption, highlight=highlight))
