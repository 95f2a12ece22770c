"""A graph as an SVG file for slides: the :func:`graph.drawing.layout.scene` written as XML.

Every text from the data is escaped for XML (``&``, ``<``, ``>`` and quotes) and stripped of
control characters, so a hostile label stays text; the file references nothing outside itself
(no fonts, images or scripts), so it opens offline in a browser, Inkscape, PowerPoint or
LibreOffice. Text sizes are ``font-size`` attributes in pixels, at least 16.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("x", label="<script>alert(1)", kind="certificate")
>>> text = to_svg(G, caption="A & B")
>>> "<script>" in text, "&lt;script&gt;alert(1)" in text, "A &amp; B" in text
(False, True, True)
>>> import xml.etree.ElementTree as ET
>>> ET.fromstring(text).tag
'{http://www.w3.org/2000/svg}svg'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from graph.drawing.layout import Scene, scene

__all__ = ["FONT_FAMILY", "scene_svg", "to_svg"]

#: Fonts the SVG asks for (DejaVu Sans is what the PNG is painted with).
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
_LINE = 1.2  # line height, in font sizes


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def scene_svg(s: Scene) -> str:
    """The SVG text of a laid-out scene."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{s.width}" height="{s.height}" '
        f'viewBox="0 0 {s.width} {s.height}" font-family={quoteattr(FONT_FAMILY)}>',
        f"<title>{escape(s.title or 'accredigraph diagram')}</title>",
        f'<rect width="{s.width}" height="{s.height}" fill="#ffffff"/>',
        '<g class="edges">',
    ]
    for seg in s.segments:
        (x1, y1), (x2, y2) = seg.start, seg.end
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke={quoteattr(seg.colour)} stroke-width="{seg.width}"/>'
        )
    out.append('</g>\n<g class="shapes">')
    for poly in s.polygons:
        out.append(
            f'<polygon points="{_points(poly.points)}" fill={quoteattr(poly.fill)} '
            f'stroke={quoteattr(poly.stroke)} stroke-width="{poly.stroke_width}"/>'
        )
    out.append('</g>\n<g class="texts">')
    for t in s.texts:
        weight = ' font-weight="bold"' if t.bold else ""
        # a white halo keeps labels readable where they cross lines
        out.append(
            f'<text class="{t.role}" x="{t.x:.1f}" y="{t.y:.1f}" font-size="{t.size}" '
            f'text-anchor="{t.anchor}" dominant-baseline="hanging" fill={quoteattr(t.colour)} '
            f'stroke="#ffffff" stroke-width="4" paint-order="stroke"{weight}>'
        )
        for i, line in enumerate(t.lines):
            dy = f' dy="{_LINE * t.size:.1f}"' if i else ""
            out.append(f'<tspan x="{t.x:.1f}"{dy}>{escape(line)}</tspan>')
        out.append("</text>")
    out.append("</g>\n</svg>\n")
    return "\n".join(out)


def to_svg(
    G: nx.Graph,
    *,
    caption: str = "",
    highlight: Mapping[str, str] | Iterable[str] | None = None,
) -> str:
    """``G`` drawn as a self-contained SVG document (see :func:`graph.drawing.layout.scene`)."""
    return scene_svg(scene(G, caption=caption, highlight=highlight))
