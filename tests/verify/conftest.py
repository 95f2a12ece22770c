"""What the verifier's tests share: a visitor's workspace with a forged chain and the base
register uploaded (issue 12's attack, ``test_user_supplied.py``)."""

from __future__ import annotations

import pytest

from graph.ingest.overlay import import_upload, new_visitor, reference_store
from tests.conftest import BASE_REGISTER, write_register

FORGED = {
    "accreditation_bodies.csv": [
        {"id": "acme-ab", "name": "Acme Accreditation Board", "country": "GB",
         "iaf_mla_scopes": "ISO 9001", "website": ""}],
    "certification_bodies.csv": [
        {"id": "acme-cb", "name": "Acme Certification", "country": "GB", "website": ""}],
    "accreditations.csv": [
        {"id": "ACME-A-1", "accreditation_body": "acme-ab", "certification_body": "acme-cb",
         "standards": "ISO 9001", "sectors": "", "valid_from": "2024-01-01",
         "valid_until": "2029-12-31", "status": "active"}],
    "certificates.csv": [
        {"id": "ACME-C-1", "organisation": "Forged Widgets Ltd", "country": "GB",
         "certification_body": "acme-cb", "standard": "ISO 9001:2015", "sectors": "17",
         "issued": "2025-01-01", "valid_until": "2027-12-31", "status": "valid", "scope": "x"}],
}  # fmt: skip


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    store = reference_store()
    root = tmp_path_factory.mktemp("ws")
    import_upload(store, write_register(root / "forged", FORGED), visitor=new_visitor())
    import_upload(store, write_register(root / "base", BASE_REGISTER), visitor=new_visitor())
    return store
