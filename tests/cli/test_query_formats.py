"""``accredigraph query --format``: the SPARQL 1.1 results formats (CSV, TSV, JSON, XML) for
SELECT and ASK, the RDF formats for CONSTRUCT, every row (issue 13). Each answer is parsed back
with pyoxigraph's and rdflib's parsers and compared term by term with what the engine gave."""

from __future__ import annotations

import csv
import io
import time

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.query import Result as RdflibResult

from graph import sparql
from graph.cli.main import main
from graph.settings import Settings
from graph.sparql.deadline import runaway_count
from graph.store import open_store
from graph.vocab.namespaces import XSD

#: A float rounding would spoil, a long decimal, a boolean, a language-tagged literal, a
#: blank node, an IRI, an unbound cell, a text with a comma, quotes and a line break.
TRICKY = """SELECT ?v ?w WHERE {
  VALUES (?v ?w) {
    (1.0000000000000002e0 "3.14159265358979323846264338327950288"^^xsd:decimal)
    (true "chat"@fr)
    (<https://w3id.org/accredigraph/id/body/ukas> UNDEF)
    ("a, \\"quoted\\"\\nline" 12345678901234567890)
  }
}"""
FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
           "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}  # fmt: skip
BLANK = "SELECT ?b ?n WHERE { BIND(BNODE() AS ?b) BIND('x' AS ?n) }"


def _query(cli_store, capsys, *args) -> tuple[int, str, str]:
    code = main(["--store", cli_store, "query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _expected(cli_store, text):
    result = sparql.run(open_store(cli_store), text, row_cap=None, timeout=None)
    return result.variables, result.rows


@pytest.mark.parametrize("fmt", ["tsv", "json", "xml"])
def test_typed_formats_carry_every_term_exactly(cli_store, capsys, fmt):
    variables, rows = _expected(cli_store, TRICKY)
    code, out, _ = _query(cli_store, capsys, TRICKY, "--format", fmt)
    assert code == 0
    parsed = ox.parse_query_results(out.encode(), FORMATS[fmt])
    assert [v.value for v in parsed.variables] == variables
    back = [tuple(solution) for solution in parsed]
    assert back == rows  # the same terms: datatypes, language tags, lexical forms
    assert back[0][1].value == "3.14159265358979323846264338327950288"  # not rounded


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_rdflib_reads_every_format_back(cli_store, capsys, fmt):
    variables, rows = _expected(cli_store, TRICKY)
    _, out, _ = _query(cli_store, capsys, TRICKY, "--format", fmt)
    result = RdflibResult.parse(io.BytesIO(out.encode()), format=fmt)
    assert [str(v) for v in result.vars] == variables
    got = [tuple(row) for row in result]
    for mine, theirs in zip(rows, got, strict=True):
        for term, read in zip(mine, theirs, strict=True):
            if term is None:
                assert read is None or (fmt == "csv" and str(read) == "")
            elif fmt == "csv":  # CSV carries the lexical form only (the W3C format)
                assert str(read) == term.value
            elif isinstance(term, ox.Literal):
                plain = term.language or term.datatype.value == XSD + "string"
                datatype = None if plain else rdflib.URIRef(term.datatype.value)
                assert read == rdflib.Literal(term.value, lang=term.language, datatype=datatype)
            else:
                assert read == rdflib.URIRef(term.value)


def test_csv_is_the_w3c_format_not_python_values(cli_store, capsys):
    _, out, _ = _query(cli_store, capsys, TRICKY, "--format", "csv")
    assert out.startswith("v,w\r\n")  # CRLF line ends, header without "?"
    cells = list(csv.reader(io.StringIO(out, newline="")))
    assert cells[1] == ["1.0000000000000002", "3.14159265358979323846264338327950288"]
    assert cells[2] == ["true", "chat"]  # not Python's True
    assert cells[4] == ['a, "quoted"\nline', "12345678901234567890"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_a_blank_node_stays_a_blank_node(cli_store, capsys, fmt):
    _, out, _ = _query(cli_store, capsys, BLANK, "--format", fmt)
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(out, newline="")))[1][0].startswith("_:")
        return
    (solution,) = list(ox.parse_query_results(out.encode(), FORMATS[fmt]))
    assert isinstance(solution["b"], ox.BlankNode) and solution["n"] == ox.Literal("x")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("answer", [True, False])
def test_ask_is_a_w3c_boolean(cli_store, capsys, fmt, answer):
    text = "ASK { agd:body\\/ukas ?p ?o }" if answer else "ASK { agd:body\\/nowhere ?p ?o }"
    code, out, _ = _query(cli_store, capsys, text, "--format", fmt)
    assert code == 0
    assert bool(ox.parse_query_results(out.encode(), FORMATS[fmt])) is answer
    assert RdflibResult.parse(io.BytesIO(out.encode()), format=fmt).askAnswer is answer


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdfxml"])
def test_construct_in_every_rdf_format(cli_store, capsys, fmt):
    text = "CONSTRUCT WHERE { agd:body\\/ukas ?p ?o }"
    expected = set(sparql.run(open_store(cli_store), text, timeout=None).triples)
    code, out, _ = _query(cli_store, capsys, text, "--format", fmt)
    assert code == 0 and len(expected) > 5
    rdf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
           "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]  # fmt: skip
    assert {q.triple for q in ox.parse(out.encode(), rdf)} == expected
    assert len(rdflib.Graph().parse(data=out, format={"ttl": "turtle", "nt": "nt",
               "jsonld": "json-ld", "rdfxml": "xml"}[fmt])) == len(expected)  # fmt: skip


def test_a_format_that_does_not_fit_the_query_is_refused(cli_store, capsys):
    code, out, err = _query(cli_store, capsys, "SELECT * WHERE { ?s ?p ?o }", "--format", "ttl")
    assert code == 1 and out == ""
    assert "SELECT" in err and "csv, tsv, json, xml" in err
    code, _, err = _query(cli_store, capsys, "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv")
    assert code == 1 and "ttl, nt, jsonld, rdfxml" in err


def test_every_row_is_written_past_the_row_cap(cli_store, capsys):
    total = len(open_store(cli_store))
    assert total > 10 * Settings().row_cap
    code, out, err = _query(cli_store, capsys, "SELECT * WHERE { ?s ?p ?o }", "--format", "tsv")
    assert code == 0 and err == ""
    assert out.count("\n") == total + 1  # the header and every triple of the default graph


def test_a_limit_cuts_and_says_so(cli_store, capsys):
    code, out, err = _query(cli_store, capsys, "SELECT * WHERE { ?s ?p ?o }", "--format", "csv",
                            "--limit", "5")  # fmt: skip
    assert code == 0 and out.count("\r\n") == 6
    assert "cut at 5 rows" in err


def test_the_table_keeps_its_row_cap_and_says_so(cli_store, capsys):
    code, out, err = _query(cli_store, capsys, "SELECT * WHERE { ?s ?p ?o }")
    assert code == 0
    assert f"({Settings().row_cap} rows, truncated at the row cap)" in out
    assert "--format csv" in err


def test_a_named_query_streams_with_its_parameters(cli_store, capsys):
    code, out, _ = _query(cli_store, capsys, "signatories-for-standard", "--param",
                          "standard=ISO 9001", "--format", "json")  # fmt: skip
    assert code == 0
    solutions = list(ox.parse_query_results(out.encode(), ox.QueryResultsFormat.JSON))
    assert solutions and all(s["designation"].value == "ISO 9001" for s in solutions)


@pytest.mark.slow
def test_a_streamed_answer_stops_at_the_time_limit(cli_store, capsys):
    endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 2·10^12 rows
    started = time.monotonic()
    code, _, err = _query(cli_store, capsys, endless, "--format", "csv", "--timeout", "1")
    assert code == 1 and "time limit" in err
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 10  # the writing thread stops at its next write
    while runaway_count() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runaway_count() == 0
