"""What the verifier does with a certificate whose recognition would rest on a main scope
(issue 11): today it models management-system certificates only.

IOAS has been an IAF MLA signatory for product certification (ISO/IEC 17065) only since
2016-06-16 (``iaf_mla_scope_since``; tests/ingest/test_main_scope_dates.py). A product
certificate names a product scheme, and the graph holds no product scheme as a standard: a
certificate "to ISO/IEC 17065" names the standard its issuer is accredited against, which
nobody is certified to. So such a certificate is ``invalid`` (``STANDARD_CONFORMITY_ASSESSMENT``)
on either side of IOAS's day, and the main-scope day never reaches a verdict. These tests pin that
down, in the verifier and in ``accredigraph verify --format json`` alike, so that whoever adds
product certificates must wire the main-scope day in (docs/verifier.md says so too).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.cli.main import main
from graph.verify.chain import verify
from graph.verify.model import LinkName, Verdict

IOAS_DAY = dt.date(2016, 6, 16)
REGISTER = {
    "certification_bodies.csv": [
        {"id": "t-organic", "name": "Test Organic Certification", "country": "DE", "website": ""},
    ],
    "accreditations.csv": [
        {"id": "T-A-P", "accreditation_body": "ioas", "certification_body": "t-organic",
         "standards": "ISO/IEC 17065", "against": "ISO/IEC 17065", "sectors": "",
         "valid_from": "2010-01-01", "valid_until": "2030-12-31", "status": "active"},
    ],
    "certificates.csv": [
        {"id": "T-C-P", "organisation": "Test Organic Farm", "country": "DE",
         "certification_body": "t-organic", "standard": "ISO/IEC 17065", "sectors": "",
         "issued": "2015-01-15", "valid_until": "2030-01-14", "status": "valid",
         "scope": "Organic vegetables"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def product_register(tmp_path_factory):
    from tests.conftest import write_register

    return write_register(tmp_path_factory.mktemp("product") / "register", REGISTER)


@pytest.fixture(scope="module")
def product_store(product_register):
    from graph.ingest.build import build_store

    store, _ = build_store("memory", extra=[product_register])
    return store


@pytest.mark.parametrize("day", [IOAS_DAY - dt.timedelta(days=1), IOAS_DAY])
def test_a_product_certificate_is_refused_before_its_main_scope_day_is_reached(product_store,
                                                                               day):  # fmt: skip
    result = verify(product_store, "T-C-P", as_of=day)
    assert result.verdict is Verdict.INVALID
    assert result.link(LinkName.STANDARD).code == "STANDARD_CONFORMITY_ASSESSMENT"
    assert "MLA_SCOPE_NOT_YET_SIGNED" not in result.reasons  # no main-scope check is made


@pytest.mark.parametrize("day", ["2016-06-15", "2016-06-16"])
def test_the_cli_gives_the_same_reason(product_register, capsys, day):
    status = main(["--data", str(product_register), "verify", "T-C-P", "--as-of", day,
                   "--format", "json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)[0]
    assert data["verdict"] == "invalid" and "STANDARD_CONFORMITY_ASSESSMENT" in data["reasons"]
    assert status != 0
