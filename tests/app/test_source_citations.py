"""Issue 13, in the app: the entity page lists a web address and a named document's citation
as written, though the graph cites the document by its citation node (docs/model.md,
"Sources")."""

from __future__ import annotations

from graph.vocab.mint import body_iri, certificate_iri
from tests.app.test_pages import assert_clean, open_page
from tests.app.test_workspace import go, upload, words
from tests.ingest.test_source_iris import CITED, CITED_AB, CITED_CERTIFICATE


def _sources(at) -> list[str]:
    """The items of the page's Sources list, as they read."""
    blocks = [m.value for m in at.markdown]
    (i,) = [n for n, text in enumerate(blocks) if text == "**Sources**"]
    return [line.removeprefix("- ").strip("`") for line in blocks[i + 1].splitlines()]


def test_the_entity_page_lists_both_kinds_of_source():
    at = upload(open_page(), CITED)
    assert_clean(at)
    for iri, cited in ((body_iri("t-ab"), CITED_AB), (certificate_iri("T-C-1"), CITED_CERTIFICATE)):
        at = go(at, "search", entity=iri)
        assert_clean(at)
        assert sorted(_sources(at)) == sorted(cited), words(at)
        assert "/id/source/" not in words(at)
