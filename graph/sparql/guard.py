"""What a query must pass before it runs: read-only, no federation.

The checks look at the query's *keywords* (:func:`graph.sparql.text.keywords`: bare words
outside strings, IRIs, comments, variables and prefixed names, after decoding ``\\u`` escapes).

Examples
--------
>>> check_read_only("SELECT ?insert WHERE { ?s ex:load 'DROP' } # CLEAR")
>>> check_no_federation("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.FederationError: SERVICE (federated query) is turned off: ...
>>> query_form("PREFIX x: <http://x/> # SELECT in a comment\\nASK { ?s ?p ?o }")
'ASK'
"""

from __future__ import annotations

import re

from graph.errors import FederationError, ReadOnlyError
from graph.sparql.text import keywords

__all__ = [
    "UPDATE_KEYWORDS",
    "check_no_federation",
    "check_read_only",
    "query_form",
]

#: The words an update operation starts with (SPARQL 1.1 Update, section 3); none of them is a
#: keyword of the query language, so their presence alone marks a text as an update.
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                   "WITH")  # fmt: skip

_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")
_IRI_OR_STRING = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def query_form(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of a SPARQL query text, or ``""``."""
    stripped = _COMMENT.sub("", _IRI_OR_STRING.sub("''", text))
    match = _FORM.search(stripped)
    return match.group(1).upper() if match else ""


def check_read_only(text: str) -> None:
    """Raise :class:`~graph.errors.ReadOnlyError` if ``text`` is (or holds) a SPARQL update.

    Every update operation starts with one of :data:`UPDATE_KEYWORDS`, and none of them is a
    query keyword, so the check looks for them as bare words. That is stricter than parsing:
    an update this engine's parser would not understand is refused all the same.

    >>> check_read_only("PREFIX ex: <http://e/> clear all")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyError: updates are refused: ... (CLEAR is a SPARQL update keyword)
    """
    found = keywords(text)
    for word in UPDATE_KEYWORDS:
        if word in found:
            raise ReadOnlyError(
                "updates are refused: accredigraph queries are read-only "
                f"({word} is a SPARQL update keyword)"
            )


def check_no_federation(text: str) -> None:
    """Raise :class:`~graph.errors.FederationError` if ``text`` uses ``SERVICE``: federation is
    off, so a query typed by a user can never make this machine send requests elsewhere."""
    if "SERVICE" in keywords(text):
        raise FederationError("SERVICE (federated query) is turned off: accredigraph queries only "
                         "read the local graph")  # fmt: skip
