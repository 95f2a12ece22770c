"""Issue 12: a visitor's workspace is bounded in the triples it adds, so many workspaces have a
memory bound (docs/security.md, "Limits")."""

from __future__ import annotations

import pytest

from graph.errors import DataError
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from tests.conftest import BASE_REGISTER


def test_an_upload_past_the_triple_bound_is_refused_whole(make_register):
    store = reference_store()
    before = len(store)
    folder = make_register(BASE_REGISTER)
    with pytest.raises(DataError, match=r"triples: a workspace takes at most 10 more"):
        import_upload(store, folder, visitor=new_visitor(), max_triples=10)
    assert len(store) == before
    upload = import_upload(store, folder, visitor=new_visitor(), max_triples=10_000)
    assert 10 < upload.triples <= 10_000 and len(store) > before
