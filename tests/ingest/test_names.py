"""Issue 12: a register may not declare a look-alike of a body the graph already holds.

The attack: a visitor's own accreditation body spelt like a real one ("UKAS" for the bundled
``ukas``) passed the "known body" and "signatory" links, so a forged certificate came out
accredited. Ids, acronyms and names are compared case-, space-, punctuation- and
Unicode-insensitively (NFKC, case folding, Cyrillic and Greek look-alikes).
"""

from __future__ import annotations

import pytest

from graph.errors import DataError
from graph.ingest.build import build_store, import_register
from graph.ingest.names import body_key

#: A fictional accreditation body (its own signatory scopes are allowed).
OWN_AB = {"id": "acme-ab", "name": "Acme Accreditation", "country": "GB",
          "iaf_mla_scopes": "ISO 9001", "website": "", "acronym": "ACMEA"}  # fmt: skip


@pytest.mark.parametrize(
    "spelling",
    ["UKAS", " ukas ", "U.K.A.S.", "UKАS", "ＵＫＡＳ", "uk\u200bas", "United Kingdom  "
     "Accreditation-Service", "ΑΝΑΒ"],
)  # fmt: skip
def test_look_alikes_fold_to_the_bundled_key(spelling):
    assert body_key(spelling) in {"ukas", "unitedkingdomaccreditationservice", "anab"}


def test_different_names_stay_different():
    assert body_key("UKAS Global") != body_key("UKAS")
    assert body_key("Acme") != body_key("Acne")
    assert body_key("") == body_key(" - ") == ""


@pytest.mark.parametrize(
    ("column", "value"),
    [("id", "UKAS"), ("id", " ukas "), ("id", "UKАS"), ("acronym", "UKАS"),
     ("name", "United Kingdom Accreditation Service"), ("name", "ukas"), ("acronym", "DAkkS")],
)  # fmt: skip
def test_a_register_body_shadowing_a_bundled_one_is_refused(
    column, value, make_register, bundled_store
):
    row = {**OWN_AB, column: value}
    folder = make_register({"accreditation_bodies.csv": [row]})
    before = len(bundled_store)
    with pytest.raises(DataError) as caught:
        import_register(bundled_store, folder)
    assert len(bundled_store) == before
    (problem,) = caught.value.problems
    assert problem.line == 2 and problem.column == column
    assert "accreditation_bodies.csv" in problem.file
    assert "(id ukas)" in problem.message or "(id dakks)" in problem.message
    assert "looks like" in problem.message or "duplicate id" in problem.message


def test_the_build_with_a_register_refuses_a_look_alike_too(make_register):
    folder = make_register(
        {
            "certification_bodies.csv": [
                {"id": "my-bsi", "name": "ВSI", "country": "GB", "website": ""}
            ]
        }
    )  # Cyrillic В
    with pytest.raises(DataError, match=r"looks like the .* \(id bsi\)"):
        build_store("memory", extra=[folder])


def test_a_register_may_declare_its_own_bodies_and_signatory_scopes(make_register):
    folder = make_register({"accreditation_bodies.csv": [OWN_AB]})
    store, _ = build_store("memory", extra=[folder])
    assert len(store) > 0
