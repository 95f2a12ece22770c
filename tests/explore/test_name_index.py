"""The organisation name index (graph.explore.name_index) answers what search-organisations.rq
answers, kept beside an on-disk store and never outliving the data it was read from."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox

from graph.explore import name_index
from graph.explore.search import MATCH_LIMIT, find
from graph.sparql import Rows, run
from graph.store import open_store
from graph.vocab.namespaces import AG, RDF, SCHEMA
from tests.explore.test_sidecar import every_match, scan

ORG = "https://w3id.org/accredigraph/id/test-org/"


def _names(store) -> list[str]:
    rows = run(store, "SELECT ?n WHERE { ?s a ag:CertifiedOrganization ; schema:name ?n }",
               row_cap=None, trusted=True)  # fmt: skip
    assert isinstance(rows, Rows)
    return sorted(str(n) for n in rows.column("n"))


def _texts(store) -> list[str]:
    """What people type: whole names, their words and the starts of words, in any case, runs
    of words from inside a name, punctuation, numbers, and texts that match nothing."""
    names = _names(store)
    pick = random.Random(7)
    texts = ["ltd", "LTD", "Co., Ltd", "co.,", "(synthetic)", "ltd 3", "s.a.", "gmbh", "pty",
             "zq", "harbourside", "--", "(", '"', "o'", "x\"y", " ltd ", "ab\\", "é"]  # fmt: skip
    for name in pick.sample(names, 25):
        words = name.split(" ")
        at = pick.randrange(len(words))
        texts += [name, name.upper(), name.lower()[:-1], words[0], words[0][:2], words[at],
                  words[at][:3], " ".join(words[at : at + 2]), name[3:9]]  # fmt: skip
    return texts


def _scan(store, text: str) -> Rows:
    return scan(store, "search-organisations", text)


def _every_match(store, text: str) -> set[str]:
    """Every certified organisation the query's filter keeps, without its limit."""
    return every_match(store, "?s a ag:CertifiedOrganization ; schema:name ?v . BIND(LCASE(STR("
                       '?v)) AS ?lv) FILTER(STRSTARTS(?lv, LCASE(?text)) || CONTAINS(?lv, CONCAT('
                       '" ", LCASE(?text))))', text)  # fmt: skip


def test_the_index_answers_what_the_query_answers(disk_store, monkeypatch) -> None:
    texts = _texts(disk_store)
    scans = {text: _scan(disk_store, text) for text in texts}
    asked: list[str] = []
    real = name_index.run_named

    def query_asked(store, name, params=None, **kwargs):
        asked.append(params["text"])
        return real(store, name, params, **kwargs)

    monkeypatch.setattr(name_index, "run_named", query_asked)
    cut = 0
    for text in texts:
        indexed, scanned = name_index.organisations(disk_store, text), scans[text]
        assert indexed.variables == scanned.variables, text
        assert indexed.truncated == scanned.truncated, text
        if not scanned.truncated:
            assert sorted(indexed.rows, key=repr) == sorted(scanned.rows, key=repr), text
        else:  # both stopped reading at 1,001 matches, not necessarily the same ones
            cut += 1
            assert len(indexed.rows) == len(scanned.rows) == MATCH_LIMIT, text
            assert {str(s) for s in indexed.column("s")} <= _every_match(disk_store, text), text
    assert cut >= 2, "some texts must match more organisations than the search counts"
    # only the texts with no word in them went to the query
    assert sorted(set(asked)) == sorted({t for t in texts if not re.search(r"\w", t)})
    assert sum(1 for t in texts if name_index.organisations(disk_store, t).rows) > 100


def test_a_name_that_matches_nothing_is_not_read_name_by_name(disk_store, monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise AssertionError("search-organisations.rq was run")

    monkeypatch.setattr(name_index, "run_named", refused)
    assert name_index.organisations(disk_store, "Zyzzyva Harbourside").rows == []
    found = find(disk_store, "ltd")
    assert found.total >= MATCH_LIMIT and not found.exact
    assert "organisation" in {h.kind for h in found.hits}


def test_more_than_a_thousand_matches_are_said_to_be_more(disk_store) -> None:
    """Only certified organisations count towards the 1,001 read: a body or standard whose
    name matches does not make the search say it found them all."""
    text = "ltd"
    every = _every_match(disk_store, text)
    assert len(every) > MATCH_LIMIT
    assert name_index.organisations(disk_store, text).truncated
    assert _scan(disk_store, text).truncated


def test_the_name_as_typed_is_always_found(tmp_path: Path, monkeypatch) -> None:
    """An organisation named exactly as typed is among the matches even when more than a
    thousand others are read before it (the query's first branch, kept by the index's)."""
    real = name_index.matches

    def exact_name_last(index, text):  # the index reads the exact name after 1,500 others
        found = real(index, text)
        return None if found is None else (m for m in sorted(found, key=lambda m: m[1] == 0))

    monkeypatch.setattr(name_index, "matches", exact_name_last)
    store = open_store(str(tmp_path / "store"))
    name, a = ox.NamedNode(SCHEMA + "name"), ox.NamedNode(RDF + "type")
    org = ox.NamedNode(AG + "CertifiedOrganization")
    triples = []
    for n in range(1_500):
        s = ox.NamedNode(f"{ORG}{n}")
        triples += [ox.Triple(s, a, org), ox.Triple(s, name, ox.Literal(f"Acme Widgets {n}"))]
    exact = ox.NamedNode(f"{ORG}exact")
    triples += [ox.Triple(exact, a, org), ox.Triple(exact, name, ox.Literal("Acme"))]
    store.add(triples)
    for result in (name_index.organisations(store, "Acme"), _scan(store, "Acme")):
        assert result.truncated
        assert str(result.rows[0][1].value) == exact.value  # rank 0 comes first
    assert store.derived_file(name_index.FILE).is_file()
