"""A visitor's own workspace, kept in their Streamlit session (``st.session_state``).

On a shared instance a visitor's upload never goes into the shared store (unless the operator
started the app with ``--allow-import``): it goes into a workspace of their own — the bundled
reference data in memory plus their register, every triple marked as theirs
(:mod:`graph.ingest.overlay`). The workspace lasts as long as the browser tab's session; no
other visitor can reach it. When they have one, the sidebar lets them choose what every page
reads: the shared graph (the default) or their upload.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import streamlit as st

from graph.ingest.overlay import Upload, import_upload, new_visitor, reference_store
from graph.store import Store

from .common import MINE, READ_KEY, SETTINGS, SHARED, TOKEN_KEY, WORKSPACE, WORKSPACES, md

__all__ = [
    "choose_graph",
    "discard",
    "import_into_workspace",
    "live_workspaces",
    "reading_caption",
    "uploads",
    "workspace",
]

STORE_KEY, UPLOADS_KEY, VISITOR_KEY = "workspace.store", "workspace.uploads", "workspace.visitor"
WIDGET_KEY = "workspace.read_widget"


def _chosen() -> None:
    st.session_state[READ_KEY] = st.session_state[WIDGET_KEY]


def workspace() -> Store | None:
    """This visitor's workspace, if they have uploaded a register."""
    return st.session_state.get(STORE_KEY)


def uploads() -> list[Upload]:
    """This visitor's uploads, oldest first."""
    return list(st.session_state.get(UPLOADS_KEY, []))


def _publish(store: Store) -> None:
    """Give the workspace a fresh token: results cached for its earlier contents are not
    reused, and the token reaches no other session."""
    token = f"{WORKSPACE}{uuid.uuid4().hex}"
    WORKSPACES[token] = store
    st.session_state[TOKEN_KEY] = token


def import_into_workspace(files: Sequence[tuple[str, bytes]]):
    """Add uploaded register files (``(name, bytes)`` pairs) to this visitor's workspace,
    creating it from the bundled reference data on first use; returns an ``ImportOutcome``.

    Bounded by :attr:`~graph.settings.Settings.workspace_bytes`,
    :attr:`~graph.settings.Settings.workspace_rows` and
    :attr:`~graph.settings.Settings.workspace_triples` (all uploads together); a new
    workspace only while fewer than :attr:`~graph.settings.Settings.max_workspaces` are live.
    """
    from .data import ImportOutcome, load_register

    if workspace() is None and live_workspaces() >= SETTINGS.max_workspaces:
        return ImportOutcome(
            False,
            f"This server already holds {SETTINGS.max_workspaces} visitors' workspaces, the "
            "most it keeps at once; a workspace ends when its browser tab closes. Try again "
            "later, or run accredigraph on your own computer. Nothing was loaded.",
        )

    total = sum(len(data) for _, data in files) + st.session_state.get("workspace.bytes", 0)
    limit = SETTINGS.workspace_bytes
    if total > limit:
        return ImportOutcome(
            False,
            f"Your uploads come to {total / 1_048_576:.1f} MB; a workspace holds at most "
            f"{limit / 1_048_576:.0f} MB. Nothing was loaded.",
        )
    store = workspace() or reference_store(SETTINGS)
    used = sum(u.rows for u in uploads())
    visitor = st.session_state.setdefault(VISITOR_KEY, new_visitor())
    staged = load_register(
        files,
        lambda folder: import_upload(
            store,
            folder,
            visitor=visitor,
            max_rows=SETTINGS.workspace_rows - used,
            max_triples=SETTINGS.workspace_triples - sum(u.triples for u in uploads()),
        ),
        turtle=False,
        unchanged="your workspace",
    )
    if isinstance(staged, ImportOutcome):
        return staged
    upload, names, ignored = staged
    st.session_state[STORE_KEY] = store
    st.session_state[UPLOADS_KEY] = [*uploads(), upload]
    st.session_state["workspace.bytes"] = total
    _publish(store)
    st.session_state[READ_KEY] = MINE
    return ImportOutcome(
        True,
        f"Added to your workspace ({upload}): {', '.join(names)}. Only you see it, for as "
        "long as this browser tab stays open; every page now reads your upload (switch back "
        "to the shared graph in the sidebar).",
        ignored=ignored,
    )


def live_workspaces() -> int:
    """How many visitors' workspaces this server process holds now (sessions still open)."""
    return len({id(store) for store in WORKSPACES.values()})


def discard() -> None:
    """Forget this visitor's workspace."""
    for key in (STORE_KEY, UPLOADS_KEY, TOKEN_KEY, "workspace.bytes"):
        st.session_state.pop(key, None)
    st.session_state[READ_KEY] = SHARED


def choose_graph() -> None:
    """In the sidebar, when the visitor has a workspace: which graph every page reads."""
    if workspace() is None:
        return
    with st.sidebar:
        # the widget shows the choice kept under READ_KEY (which outlives the widget, and which
        # an import sets); its callback, run before the page, keeps the two in step
        st.session_state[WIDGET_KEY] = st.session_state.get(READ_KEY, SHARED)
        st.radio(
            "Read",
            [SHARED, MINE],
            key=WIDGET_KEY,
            on_change=_chosen,
            help="Your upload lives in your session only: the bundled reference data plus "
            "your register, every fact of it marked as user-supplied.",
        )
        last = uploads()[-1]
        st.caption(f"My upload: {md(last.label)}, {last.rows:,} rows.")


def reading_caption() -> None:
    """Say which graph the page reads, when the visitor has a workspace."""
    if workspace() is None:
        return
    if st.session_state.get(READ_KEY) == MINE:
        last = uploads()[-1]
        st.caption(
            f":orange-badge[:material/person_alert: my upload] Reading your workspace "
            f"({md(last.label)}): the bundled reference data plus your register. Switch to the "
            "shared graph in the sidebar."
        )
    else:
        st.caption("Reading the shared graph; your upload is one click away in the sidebar.")
