"""The ontology is OWL 2 DL, alone and with the bundled data, and reasoners agree it is consistent.

Issue 13: the OWL API's OWL 2 DL profile check (Debian's libowlapi-java) must find no violation
in ontology.ttl nor in the bundled build (ontology + data, as the store holds it); HermiT and
Pellet, both bundled by owlready2, must load both and find them consistent. Each check is also
run on a deliberately broken graph, so that a check that cannot fail would show.

Openllet is not used: it is published only on Maven Central, which this project's machines do
not reach. Pellet 2.3.1 (owlready2), its predecessor, stands in for it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.vocab.java import OWLAPI, compile_java, require, run_java

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology.ttl"

#: A graph that is not OWL 2 DL: ag:issuer (an object property) used with a text value, and a
#: reused schema.org term that the ontology does not declare.
NOT_DL = """
<https://w3id.org/accredigraph/id/certificate/X-1>
    <https://w3id.org/accredigraph/def#issuer> "ISO" ;
    <https://schema.org/sku> "x" .
"""

#: A graph that contradicts the ontology: accreditations and certificates are disjoint classes.
INCONSISTENT = """
<https://w3id.org/accredigraph/id/certificate/X-2>
    a <https://w3id.org/accredigraph/def#Accreditation> ,
      <https://w3id.org/accredigraph/def#Certificate> .
"""


@pytest.fixture(scope="module")
def bundled_nt(bundled_store, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("owl") / "bundled.nt"
    path.write_bytes(bundled_store.dump(ox.RdfFormat.N_TRIPLES))
    return path


@pytest.fixture(scope="module")
def profile_check(tmp_path_factory):
    require(OWLAPI)
    cp = compile_java("ProfileCheck", OWLAPI, tmp_path_factory.mktemp("profile"))

    def check(*files: Path) -> tuple[int, str]:
        out = run_java(cp, "ProfileCheck", *map(str, files))
        first = out.splitlines()[0]
        assert first.startswith("violations: "), out[:500]
        return int(first.removeprefix("violations: ")), out

    return check


def test_the_ontology_alone_is_owl2_dl(profile_check):
    count, report = profile_check(ONTOLOGY)
    assert count == 0, report[:3000]


def test_the_ontology_with_the_bundled_data_is_owl2_dl(profile_check, bundled_nt):
    count, report = profile_check(bundled_nt)
    assert count == 0, report[:3000]


def test_the_profile_check_finds_a_pun_and_an_undeclared_term(profile_check, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(NOT_DL)
    count, report = profile_check(ONTOLOGY, broken)
    assert count >= 2
    assert "IllegalPunning" in report and "def#issuer" in report
    assert "https://schema.org/sku" in report


# --- reasoners (owlready2 bundles HermiT and Pellet) ----------------------------------------------


def _reason(path: Path, reasoner: str) -> None:
    """Load ``path`` (N-Triples) into a fresh owlready2 world and run ``reasoner`` on it."""
    owlready2 = pytest.importorskip("owlready2")
    require()
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    run = {"hermit": owlready2.sync_reasoner_hermit, "pellet": owlready2.sync_reasoner_pellet}
    run[reasoner](world, infer_property_values=False, debug=0)


def _as_nt(tmp_path: Path, *turtle: Path, extra: str = "") -> Path:
    import rdflib

    graph = rdflib.Graph()
    for path in turtle:
        graph.parse(path)
    if extra:
        graph.parse(data=extra, format="turtle")
    out = tmp_path / "graph.nt"
    graph.serialize(out, format="nt", encoding="utf-8")
    return out


@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_the_ontology_alone_is_consistent(reasoner, tmp_path):
    _reason(_as_nt(tmp_path, ONTOLOGY), reasoner)


@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_the_bundled_data_is_consistent(reasoner, bundled_nt):
    _reason(bundled_nt, reasoner)


@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_the_reasoners_see_a_contradiction(reasoner, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(_as_nt(tmp_path, ONTOLOGY, extra=INCONSISTENT), reasoner)
