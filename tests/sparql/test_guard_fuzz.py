"""Issue 12: the guard, fuzzed. Queries are built from the pieces attackers used — comments
ended by CR / LF / CRLF, every escape form, case variations, ``SERVICE SILENT``,
``SERVICE ?var``, nesting in sub-queries, OPTIONAL, UNION, GRAPH, MINUS, EXISTS — and the
property is checked against Oxigraph itself: whatever the guard lets through never makes
Oxigraph connect to the listener, and whatever it refuses is refused in words, without a
traceback."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import QueryError
from graph.sparql.guard import check
from tests.servers import ConnectionRecorder

PREFIX = "PREFIX ag: <http://example.org/>\n"
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@pytest.fixture(scope="module")
def recorder():
    listening = ConnectionRecorder()
    yield listening
    listening.close()


def _escaped(word: str, which: list[int]) -> str:
    """``word`` with the letters at ``which`` written as ``\\uXXXX`` or ``\\UXXXXXXXX``."""
    out = []
    for i, char in enumerate(word):
        form = which[i % len(which)] if which else 0
        out.append([char, f"\\u{ord(char):04X}", f"\\U{ord(char):08x}", char.swapcase()][form])
    return "".join(out)


LINE_ENDS = st.sampled_from(["\r", "\n", "\r\n", " \r ", "\r\r"])
#: Something a scanner may misread as running to the end of the line or to the next quote.
HIDERS = st.sampled_from([
    "", "# a comment", "BIND(ag:a\\#b AS ?h)", "BIND(ag:a\\'b AS ?h)", "BIND('#' AS ?h)",
    "BIND(\"\\\"\" AS ?h)", "BIND(ag:a\\#b\\'c AS ?h)", "?s ?p ag:a\\(b .",
    "BIND(<http://e/#> AS ?h)",
])  # fmt: skip
TAILS = st.sampled_from(["", "FILTER(?h != 'z')", "# '", "BIND('x' AS ?t)"])
WRAPPERS = st.sampled_from([
    "{}", "OPTIONAL {{ {} }}", "{{ BIND(1 AS ?u) }} UNION {{ {} }}", "GRAPH ?g {{ {} }}",
    "BIND(1 AS ?m) MINUS {{ {} }}", "FILTER EXISTS {{ {} }}", "FILTER(NOT EXISTS {{ {} }})",
    "{{ SELECT * WHERE {{ {} }} }}", "BIND(EXISTS {{ {} }} AS ?e)",
])  # fmt: skip


@st.composite
def service_queries(draw: st.DrawFn, url: str) -> str:
    keyword = _escaped("SERVICE", draw(st.lists(st.integers(0, 3), max_size=7)))
    silent = draw(st.sampled_from(["", " SILENT", " silent", " \\u0053ILENT"]))
    by_variable = draw(st.booleans())
    target = "?svc" if by_variable else f"<{url}>"
    service = f"{keyword}{silent} {target} {{ ?s ?p ?o }}"
    for _ in range(draw(st.integers(0, 2))):
        service = draw(WRAPPERS).format(service)
    hider, tail = draw(HIDERS), draw(TAILS)
    gap = draw(st.sampled_from([" ", "\t", draw(LINE_ENDS)]))
    values = f"VALUES ?svc {{ <{url}> }} " if by_variable else ""
    return f"{PREFIX}SELECT * WHERE {{ {values}{hider}{gap}{service} {tail} }}"


def _connections_when_run(recorder: ConnectionRecorder, text: str) -> int:
    before = recorder.connections
    try:
        result = ox.Store().query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError):
        pass
    time.sleep(0.05)
    return recorder.connections - before


def test_the_oracle_sees_the_connections_the_guard_prevents(recorder):
    """The property below means something: Oxigraph run on the raw attack texts connects."""
    url = recorder.url
    attacks = [
        f"SELECT * WHERE {{ # c\r SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"{PREFIX}SELECT * WHERE {{ BIND(ag:a\\#b AS ?h) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ service silent <{url}> {{ ?s ?p ?o }} }} }}",
    ]
    for attack in attacks:
        assert _connections_when_run(recorder, attack) >= 1, attack
        with pytest.raises(QueryError):
            check(attack)


@FUZZ
@given(data=st.data())
def test_nothing_the_guard_lets_through_connects_out(recorder, data):
    text = data.draw(service_queries(recorder.url))
    try:
        checked = check(text)
    except QueryError as exc:
        message = str(exc)
        assert "Traceback" not in message and 'File "' not in message and "/work" not in message
        assert "pyparsing" not in message and "rdflib" not in message
        return
    assert _connections_when_run(recorder, checked.text) == 0, text
    assert _connections_when_run(recorder, text) == 0, text


#: Characters that matter to SPARQL's lexer, and some that do not.
ALPHABET = st.sampled_from([*"{}()[]<>#'\"\\\r\n\t ?$:;.,=!&|+*/^@-_aSERVICEselct0uU",
                            "SERVICE", "SELECT", "\\u0053", "<http://e/>", "ag:"])  # fmt: skip


@FUZZ
@given(pieces=st.lists(ALPHABET, max_size=60))
def test_any_text_is_either_a_checked_query_or_a_refusal_in_words(recorder, pieces):
    text = "SELECT * WHERE { " + "".join(pieces) + " }"
    try:
        checked = check(text)
    except QueryError as exc:
        assert "Traceback" not in str(exc) and "pyparsing" not in str(exc)
        return
    assert checked.form == "SELECT"
    assert _connections_when_run(recorder, checked.text) == 0, text
