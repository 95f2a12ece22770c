"""The verifier's result types: link names as JSON, CSV and the docs spell them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import graph
from graph.verify.evidence import evidence_pack, verifications_json, verifications_text
from graph.verify.model import REASONS, Link, LinkName, LinkStatus, Verdict, Verification

DOC = (Path(graph.__file__).resolve().parent.parent / "docs" / "verifier.md").read_text()


def _verification() -> Verification:
    links = tuple(
        Link(name, LinkStatus.PASS, code, "Fine.")
        for name, code in ((LinkName.CERTIFICATE, "CERT_IN_FORCE"),
                           (LinkName.MLA_SIGNATORY, "MLA_SIGNATORY"))
    )  # fmt: skip
    return Verification("X-1", None, Verdict.ACCREDITED, dt.date(2026, 1, 1), "Fine.", links)


def test_link_names_keep_their_spelling_and_chain_order():
    assert [str(name) for name in LinkName] == [
        "certificate", "standard", "certification-body", "accreditation", "accreditation-body",
        "mla-signatory", "regional-group"]  # fmt: skip


def test_every_link_name_is_documented_in_the_reason_table():
    documented = set(re.findall(r"^\| ([a-z-]+) \| `[A-Z_]+` \|", DOC, re.MULTILINE))
    assert documented == {str(name) for name in LinkName}


def test_every_reason_code_sits_under_the_link_the_docs_give_it():
    rows = dict(
        (code, link) for link, code in re.findall(r"^\| ([a-z-]+) \| `([A-Z_]+)` \|", DOC, re.M)
    )
    assert {code: str(link) for code, link in REASONS.items()} == rows


def test_link_names_reach_json_and_text_as_plain_strings():
    v = _verification()
    data = json.loads(verifications_json([v]))
    assert [link["link"] for link in data[0]["links"]] == ["certificate", "mla-signatory"]
    assert type(v.as_dict()["links"][0]["link"]) is str  # type: ignore[index]
    assert "  ✔ mla-signatory       MLA_SIGNATORY" in verifications_text([v])
    checks = evidence_pack([v])["@graph"][0]["ag:checkedLink"]
    assert [c["name"] for c in checks] == ["certificate check", "mla-signatory check"]


def test_a_verification_finds_its_link_by_name():
    v = _verification()
    assert v.link(LinkName.MLA_SIGNATORY).code == "MLA_SIGNATORY"  # type: ignore[union-attr]
    assert v.link(LinkName.REGIONAL_GROUP) is None
