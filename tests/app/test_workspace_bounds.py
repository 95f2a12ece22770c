"""Issue 12, in the app: the server keeps at most ``max_workspaces`` visitors' workspaces, and a
visitor's uploads at most ``workspace_triples`` triples; past either the visitor is told plainly
and nothing is loaded."""

from __future__ import annotations

import dataclasses
import weakref

import explorer_pages.common as common
import explorer_pages.workspace as workspace_page
from graph.store import open_store
from tests.app.test_pages import assert_clean, open_page
from tests.app.test_workspace import plain, upload
from tests.conftest import BASE_REGISTER


def test_a_visitor_past_the_most_workspaces_is_told_and_nothing_is_loaded(monkeypatch):
    limited = dataclasses.replace(common.SETTINGS, max_workspaces=1)
    monkeypatch.setattr(workspace_page, "SETTINGS", limited)
    live = weakref.WeakValueDictionary()  # this server's workspaces: none left by other tests
    monkeypatch.setattr(common, "WORKSPACES", live)
    monkeypatch.setattr(workspace_page, "WORKSPACES", live)
    other = open_store(None)  # another visitor's live workspace
    live["workspace:someone-else"] = other
    try:
        at = upload(open_page("data", **{"data.tab": "Import a register"}), BASE_REGISTER)
        assert_clean(at)
        said = plain(" ".join(e.value for e in at.error))
        assert "already holds 1 visitors' workspaces, the most it keeps at once" in said
        assert "Nothing was loaded" in said and not at.success
        assert workspace_page.live_workspaces() == 1
    finally:
        del live["workspace:someone-else"]
    at = upload(open_page("data", **{"data.tab": "Import a register"}), BASE_REGISTER)
    assert "Added to your workspace" in plain(at.success[0].value)


def test_uploads_past_the_triple_bound_are_refused(monkeypatch):
    limited = dataclasses.replace(common.SETTINGS, workspace_triples=50)
    monkeypatch.setattr(workspace_page, "SETTINGS", limited)
    at = upload(open_page("data", **{"data.tab": "Import a register"}), BASE_REGISTER)
    assert_clean(at)
    assert "nothing was loaded" in plain(at.error[0].value)
    assert "a workspace takes at most 50 more" in " ".join(c.value for c in at.code)
    assert not at.success
