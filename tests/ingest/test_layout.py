"""A store built by an earlier version is refused, not read as if it had no red flags."""

from __future__ import annotations

import pytest

from graph.cli.main import main
from graph.errors import StoreError
from graph.ingest.build import build_store
from graph.ingest.layout import STORE_LAYOUT, store_layout
from graph.query import run_named
from graph.store import open_store
from graph.workspace import open_workspace


@pytest.fixture
def old_store(tmp_path) -> str:
    """An on-disk store as an earlier version left it: built, then without the layout stamp."""
    location = tmp_path / "store"
    store, _ = build_store(location)
    assert store_layout(store) == STORE_LAYOUT
    store.update(
        "DELETE WHERE { <https://w3id.org/accredigraph/id/build> "
        "<https://w3id.org/accredigraph/def#storeLayout> ?n }"
    )
    store.close()
    return str(location)


@pytest.mark.slow
def test_a_current_store_opens(cli_store):
    store = open_workspace(cli_store)
    assert store_layout(store) == STORE_LAYOUT
    assert run_named(store, "who-is-who").rows


@pytest.mark.slow
def test_an_old_store_is_refused_with_the_command_that_rebuilds_it(old_store, capsys):
    with pytest.raises(StoreError, match=r"earlier version.*build it again") as error:
        open_workspace(old_store)
    assert f"accredigraph --store {old_store} build" in str(error.value)
    # the command line says the same and fails, instead of answering "no red flags"
    assert main(["--store", old_store, "query", "red-flag-ab-not-signatory"]) != 0
    err = capsys.readouterr().err
    assert "build it again" in err and "Traceback" not in err
    # building it again makes it readable
    assert main(["--store", old_store, "build"]) == 0
    assert store_layout(open_store(old_store)) == STORE_LAYOUT
