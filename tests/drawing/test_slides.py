"""SVG and PNG downloads for slides: the same picture, labels of at least 16 px, escaped text,
nothing loaded from outside the file."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from PIL import Image

from graph.drawing.layout import LABEL_PX, SMALL_PX, scene
from graph.drawing.png import scene_png, to_png
from graph.drawing.svg import to_svg

SVG = "{http://www.w3.org/2000/svg}"


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("urn:ukas", label="United Kingdom Accreditation Service", kind="accreditation-body")
    G.add_node("urn:sig", label="UKAS: IAF MLA signatory", kind="signatory")
    G.add_node("urn:mla", label="IAF MLA", kind="arrangement")
    G.add_node("urn:mra", label="Global ACI MRA", kind="arrangement")
    G.add_edge("urn:sig", "urn:ukas", key="signatory", label="signatory")
    G.add_edge("urn:sig", "urn:mla", key="arrangement", label="arrangement")
    G.add_edge("urn:mra", "urn:mla", key="replaces", label="replaces")
    return G


def _texts(svg: str) -> list[tuple[str, float, str]]:
    root = ET.fromstring(svg)
    return [
        (t.get("class") or "", float(t.get("font-size") or 0), " ".join(t.itertext()).strip())
        for t in root.iter(f"{SVG}text")
    ]


def test_svg_holds_every_label_at_16_px_or_more():
    svg = to_svg(_graph(), caption="Recognition", highlight=["urn:ukas"])
    root = ET.fromstring(svg)
    assert int(root.get("width")) >= 1280 and int(root.get("height")) >= 720
    texts = _texts(svg)
    shown = " ".join(text for _, _, text in texts)
    for label in ("IAF MLA", "Global ACI MRA", "UKAS: IAF MLA", "replaces", "Recognition"):
        assert label in shown, label
    assert min(size for _, size, _ in texts) >= 16
    assert {size for role, size, _ in texts if role == "node"} == {LABEL_PX}
    assert {size for role, size, _ in texts if role == "edge"} == {SMALL_PX}


def test_svg_escapes_hostile_labels_and_control_characters():
    G = nx.MultiDiGraph()
    G.add_node("x", label='<script>alert(1)</script>"\x00\x07', kind="certificate")
    svg = to_svg(G, caption="<b>&")
    root = ET.fromstring(svg)  # still well-formed XML
    assert not list(root.iter(f"{SVG}script")) and "<script" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;&amp;" in svg
    assert "\x00" not in svg and "\x07" not in svg


def test_svg_references_nothing_outside_itself():
    svg = to_svg(_graph(), caption="x")
    assert not re.search(r"(href|src)\s*=", svg)
    assert "url(" not in svg and "@import" not in svg


def _ink_rows(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixel rows of ``box`` hold dark (text) pixels."""
    crop = image.convert("L").crop(box)
    width, height = crop.size
    pixels = crop.load()
    return sum(1 for y in range(height) if any(pixels[x, y] < 110 for x in range(width)))


def test_png_is_the_scene_painted_with_its_labels_readable():
    G = _graph()
    s = scene(G, caption="Recognition")
    image = Image.open(io.BytesIO(scene_png(s)))
    assert image.format == "PNG" and image.size == (s.width, s.height)
    for t in s.texts:
        if t.role != "node":
            continue
        # the label's first line: dark text pixels where the scene put it, as tall as a
        # 20 px font's letters (capitals and descenders span well over 12 rows)
        half = int(0.3 * t.size * max(len(line) for line in t.lines))
        box = (int(t.x) - half, int(t.y), int(t.x) + half, int(t.y + t.size * 1.2))
        assert _ink_rows(image, box) >= 12, (t.lines, _ink_rows(image, box))
    # and nothing drawn where the scene put nothing (a corner far from every node)
    assert _ink_rows(image, (s.width - 60, 200, s.width - 5, 260)) == 0


def test_png_and_svg_of_a_chain_lay_it_out_left_to_right_by_level():
    G = nx.MultiDiGraph(layout="LR")
    for level, name in enumerate(["certificate", "certification-body", "accreditation"]):
        G.add_node(name, label=name, kind=name, level=level, status="pass", color="#2e7d32")
    G.add_edge("certificate", "certification-body", key="issued by", label="issued by")
    s = scene(G)
    xs = {" ".join(t.lines): t.x for t in s.texts if t.role == "node"}
    assert xs["certificate"] < xs["certification-body"] < xs["accreditation"]
    assert any(t.role == "legend" and t.lines == ("pass",) for t in s.texts)
    assert to_png(G)[:4] == b"\x89PNG"


@pytest.mark.parametrize("n", [1, 30, 80])
def test_bigger_graphs_get_a_bigger_canvas_not_smaller_labels(n: int):
    G = nx.path_graph(n, create_using=nx.MultiDiGraph)
    nx.set_node_attributes(G, "standard", "kind")
    s = scene(G)
    assert s.width / s.height == pytest.approx(16 / 9, rel=0.01)
    assert s.width >= 1600 and min(t.size for t in s.texts) >= 16
    if n > 24:
        assert s.width > 1600


def test_the_interactive_drawing_asks_for_16_px_labels_and_keeps_them_when_zoomed_out():
    from graph.drawing.html import MIN_LABEL_PX, to_html

    page = to_html(_graph())
    options = json.loads(
        re.search(r"new vis\.DataSet\(edgeData\)\},\s*(\{.*?\})\);", page, re.DOTALL).group(1)
    )
    assert options["nodes"]["font"]["size"] >= 16 and options["edges"]["font"]["size"] >= 16
    assert MIN_LABEL_PX >= 16 and f"Math.ceil({MIN_LABEL_PX} / scale)" in page
    assert "window.agLabelPx" in page


def test_a_downloaded_page_links_back_to_the_app():
    from graph.drawing.download import with_link_base
    from graph.drawing.html import to_html

    G = nx.MultiDiGraph()
    G.add_node("https://w3id.org/x", label="X", kind="standard")
    page = with_link_base(to_html(G), "http://127.0.0.1:8501/learn")
    assert 'href="http://127.0.0.1:8501/learn?entity=https%3A%2F%2Fw3id.org%2Fx"' in page
    assert 'href="?entity=' not in page
    for hostile in ('http://x/"><script>', "javascript:alert(1)", "http://x/?a=1"):
        assert with_link_base(to_html(G), hostile) == to_html(G)
