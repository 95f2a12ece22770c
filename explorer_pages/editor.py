"""The SPARQL editor of the SPARQL page: CodeMirror 6 in a Streamlit component (``sparql_editor/``,
built from npm packages by ``frontend/``; nothing is fetched from the network).

It highlights SPARQL, completes our prefixes, this graph's classes and properties and SPARQL's
keywords (Ctrl+Space), marks a syntax error on its line and column, and runs with Ctrl+Enter or
its Run button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from graph.query import Completion

__all__ = ["Edited", "editor_completions", "error_place", "sparql_editor"]

_EDITOR = components.declare_component(
    "sparql_editor", path=str(Path(__file__).with_name("sparql_editor"))
)
#: CodeMirror's completion types (they choose the icon shown beside each option).
_TYPES = {"prefix": "namespace", "class": "class", "property": "property", "keyword": "keyword"}
_PLACE = re.compile(r"error at (\d+):(\d+)")


@dataclass(frozen=True)
class Edited:
    """What the editor holds, and whether the user asked to run it (Run or Ctrl+Enter)."""

    text: str
    run: bool


def editor_completions(terms: list[Completion]) -> list[dict[str, Any]]:
    """The editor's completion options for ``terms``.

    >>> editor_completions([Completion("ag:Certificate", "class", "https://w3id.org/x", 7)])
    [{'label': 'ag:Certificate', 'type': 'class', 'detail': 'class · 7 uses', 'info': 'https://w3id.org/x'}]
    """
    out = []
    for term in terms:
        detail = term.kind if not term.uses else f"{term.kind} · {term.uses:,} uses"
        option = {"label": term.label, "type": _TYPES.get(term.kind, "text"), "detail": detail}
        if term.detail:
            option["info"] = term.detail
        out.append(option)
    return out


def error_place(message: str) -> dict[str, Any] | None:
    """Where a syntax error ``message`` says the text went wrong, for the editor's marker.

    >>> error_place("SPARQL syntax error: error at 3:7 (line 3, column 7): unexpected 'x'")
    {'line': 3, 'column': 7, 'message': "error at 3:7 (line 3, column 7): unexpected 'x'"}
    >>> error_place("the query ran past the time limit") is None
    True
    """
    match = _PLACE.search(message)
    if match is None:
        return None
    return {
        "line": int(match.group(1)),
        "column": int(match.group(2)),
        "message": message[match.start() :],
    }


def sparql_editor(
    text: str,
    *,
    completions: list[dict[str, Any]],
    error: dict[str, Any] | None = None,
    key: str,
    height: int = 420,
) -> Edited:
    """The editor, showing ``text`` (the page's text: a URL's query or an example; what the
    user types stays in the editor until the page gives it another ``text``)."""
    runs_key = f"_{key}.runs"
    seen = st.session_state.get(runs_key, 0)
    value = _EDITOR(
        text=text,
        completions=completions,
        error=error,
        height=height,
        runs=seen,
        key=key,
        default=None,
    )
    if not isinstance(value, dict):
        return Edited(text, False)
    runs = int(value.get("runs") or 0)
    st.session_state[runs_key] = max(seen, runs)
    return Edited(str(value.get("text", text)), runs > seen)
