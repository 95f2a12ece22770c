"""The verifier's chain as a picture: coloured by outcome, left to right, no store needed."""

from __future__ import annotations

import datetime as dt

from graph.drawing.html import to_html
from graph.drawing.style import STATUS_COLOURS
from graph.verify.chain import verify
from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
from graph.verify.picture import chain_graph
from graph.vocab.mint import accreditation_iri, body_iri
from tests.conftest import SAMPLE_AS_OF


def test_chain_graph_colours_a_failing_link_red(bundled_store):
    verification = verify(bundled_store, "S-C-0002", as_of=SAMPLE_AS_OF)  # withdrawn accreditation
    G = chain_graph(verification)
    accreditation = G.nodes[accreditation_iri("S-A-004")]
    assert accreditation["status"] == "fail" and accreditation["color"] == STATUS_COLOURS["fail"]
    assert "ACCREDITATION_WITHDRAWN" in accreditation["title"]
    assert G.nodes[body_iri("ukas")]["color"] == STATUS_COLOURS["pass"]


def test_chain_graph_runs_left_to_right_from_the_certificate(bundled_store):
    G = chain_graph(verify(bundled_store, "S-C-0001", as_of=SAMPLE_AS_OF))
    assert G.graph["layout"] == "LR"
    levels = [d["level"] for _, d in G.nodes(data=True)]
    assert levels == sorted(levels) and levels[0] == 0
    assert [d["label"] for *_, d in G.edges(data=True)][:2] == ["against standard", "issued by"]
    assert '"direction": "LR"' in to_html(G)


def test_chain_graph_names_the_arrangement_in_force_on_the_date(register_store):
    from tests.conftest import BASE_REGISTER

    store = register_store(BASE_REGISTER)
    labels = {
        day: {
            d["label"] for _, d in chain_graph(verify(store, "T-C-1", as_of=day)).nodes(data=True)
        }
        for day in (dt.date(2025, 12, 31), dt.date(2026, 1, 1))
    }
    assert "IAF MLA signatory" in labels[dt.date(2025, 12, 31)]
    assert "Global ACI MRA signatory" in labels[dt.date(2026, 1, 1)]
    assert "IAF MLA signatory" not in labels[dt.date(2026, 1, 1)]


def test_chain_graph_needs_no_store_and_greys_unknown_links():
    v = Verification(
        "X-1",
        None,
        Verdict.UNKNOWN,
        dt.date(2026, 1, 1),
        "Unknown.",
        links=(
            Link(LinkName.CERTIFICATE, LinkStatus.PASS, "CERT_IN_FORCE", "In force."),
            Link(LinkName.CERTIFICATION_BODY, LinkStatus.PASS, "ISSUER_IS_CB", "A CB."),
            Link(LinkName.ACCREDITATION_BODY, LinkStatus.UNKNOWN, "AB_NOT_CHECKED", "Not checked."),
        ),
    )
    G = chain_graph(v)
    colours = [d["color"] for _, d in G.nodes(data=True)]
    assert colours == [STATUS_COLOURS["pass"], STATUS_COLOURS["pass"], STATUS_COLOURS["unknown"]]
    assert G.number_of_edges() == 2  # the missing accreditation is bridged
