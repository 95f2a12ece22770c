"""Issue 12: a verdict resting on a visitor's upload never passes for one resting on bundled,
sourced data.

The attack reproduced: a visitor declares an accreditation body of their own (an IAF MLA
signatory, they say), accredits their own certification body with it and issues a certificate.
The chain holds, so the verdict is ``accredited`` — but every link resting on the upload
carries ``user_supplied``, in the verification, its summary, the CSV, the text report and the
evidence pack; read one at a time or in bulk.
"""

from __future__ import annotations

import datetime as dt
import json

from graph.verify import verify, verify_many
from graph.verify.evidence import evidence_pack, verifications_csv, verifications_text
from graph.verify.model import LinkName, Verdict

AS_OF = dt.date(2026, 6, 1)


def test_a_forged_chain_from_a_user_ab_is_never_plain_accredited(workspace):
    result = verify(workspace, "ACME-C-1", as_of=AS_OF)
    assert result.verdict is Verdict.ACCREDITED  # the chain holds, as the upload says …
    assert result.user_supplied == [  # … and every link resting on the upload says so
        "certificate", "certification-body", "accreditation", "accreditation-body",
        "mla-signatory", "regional-group"]  # fmt: skip
    assert "rests on data a visitor uploaded" in result.summary
    assert result.as_dict()["user_supplied"] == result.user_supplied
    assert not result.link(LinkName.STANDARD).user_supplied  # standards are bundled


def test_a_user_certificate_under_a_real_ab_marks_only_what_was_uploaded(workspace):
    result = verify(workspace, "T-C-1", as_of=AS_OF)
    assert result.verdict is Verdict.ACCREDITED
    assert result.user_supplied == ["certificate", "certification-body", "accreditation"]
    assert not result.link(LinkName.ACCREDITATION_BODY).user_supplied  # UKAS: bundled


def test_bulk_verification_marks_the_same_links(workspace):
    one = [verify(workspace, c, as_of=AS_OF) for c in ("ACME-C-1", "T-C-1")]
    many = verify_many(workspace, ["ACME-C-1", "T-C-1"], as_of=AS_OF)
    every = {r.certificate: r for r in verify_many(workspace, as_of=AS_OF)}
    for single, bulk in zip(one, many, strict=True):
        assert bulk.user_supplied == single.user_supplied == every[single.certificate].user_supplied


def test_exports_carry_the_mark(workspace):
    results = verify_many(workspace, ["ACME-C-1"], as_of=AS_OF)
    csv_text = verifications_csv(results)
    assert csv_text.splitlines()[0].endswith(",user_supplied")
    assert "certificate;certification-body;accreditation" in csv_text
    assert "[user-supplied]" in verifications_text(results, detail=True)
    assert "accredited*" in verifications_text(results, detail=False)
    pack = json.loads(json.dumps(evidence_pack(results)))
    check = pack["@graph"][0]
    assert check["ag:userSupplied"] is True
    marked = [a["name"] for a in check["ag:checkedLink"] if a.get("ag:userSupplied")]
    assert marked[0] == "certificate check" and len(marked) == 6


def test_bundled_verdicts_carry_no_mark(bundled_store):
    result = verify(bundled_store, "S-C-0001")
    assert result.user_supplied == [] and "uploaded" not in result.summary
