"""A small HTML page describing one resource, for people who follow an IRI in a browser
(LodView-style): its name, its IRI, a table of its properties and values, each IRI of ours a
relative link to its own page, and links to the same description as Turtle and JSON-LD.

Every value is data and is escaped (:func:`html.escape`); a link is made only for ``http`` and
``https`` IRIs; the page has no script and is sent with a Content-Security-Policy that would
refuse one (:data:`CSP`).

>>> import pyoxigraph as ox
>>> me = ox.NamedNode("https://w3id.org/accredigraph/id/body/x")
>>> label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
>>> page = render("/id/body/x", me, [ox.Triple(me, label, ox.Literal("<script>1</script>"))])
>>> "<script>" in page, "&lt;script&gt;1&lt;/script&gt;" in page
(False, True)
>>> local_link("/id/body/x", "https://w3id.org/accredigraph/id/standard/iso-9001")
'../standard/iso-9001'
>>> local_link("/id/body/x", "https://w3id.org/accredigraph/def#issuer")
'../../def#issuer'
"""

from __future__ import annotations

import html
import posixpath
from collections import defaultdict

import pyoxigraph as ox

from graph.vocab.namespaces import AG, DCTERMS, PREFIXES, RDF, RDFS, SCHEMA, SKOS

__all__ = ["CSP", "ROOT", "local_link", "path_of", "render"]

#: The root of every IRI the endpoint dereferences: ``ROOT + path[1:]`` is a path's IRI.
ROOT = "https://w3id.org/accredigraph/"
#: What the page may load: nothing but its own inline style.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_NAMES = (
    RDFS + "label",
    SCHEMA + "name",
    SKOS + "prefLabel",
    AG + "designation",
    DCTERMS + "title",
)
_STYLE = """body{font:18px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;
padding:0 1rem}
code{font-size:15px;word-break:break-all}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{width:16rem;font-weight:600}small{color:#555}"""


def path_of(iri: str) -> str | None:
    """The endpoint's path for one of our IRIs (``/id/body/ukas``, fragment dropped), else
    ``None``."""
    if not iri.startswith(ROOT):
        return None
    return "/" + iri[len(ROOT) :].split("#", 1)[0]


def local_link(current: str, iri: str) -> str:
    """A link from the page at path ``current`` to our ``iri``'s page, relative (so it works
    behind a proxy that serves the endpoint under a prefix)."""
    path = path_of(iri)
    assert path is not None
    fragment = iri[len(ROOT) + len(path) - 1 :]
    link = posixpath.relpath(path, posixpath.dirname(current) or "/")
    if ":" in link.split("/", 1)[0]:
        link = "./" + link  # a first segment with a colon would read as a scheme
    return link + fragment


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _names(triples: list[ox.Triple]) -> dict[str, str]:
    """The best name of each resource the triples name (rdfs:label, schema:name, …)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for t in triples:
        named = isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal)
        if named and t.predicate.value in _NAMES:
            found[t.subject.value].setdefault(t.predicate.value, t.object.value)
    return {iri: next(n[p] for p in _NAMES if p in n) for iri, n in found.items()}


def _iri_cell(current: str, iri: str, names: dict[str, str]) -> str:
    shown = html.escape(names.get(iri) or _short(iri))
    if iri.startswith(ROOT):
        href = local_link(current, iri)
    elif iri.startswith(("http://", "https://")):
        href = iri
    else:
        return f"<code>{shown}</code>"
    title = f' title="{html.escape(iri)}"' if names.get(iri) else ""
    return f'<a href="{html.escape(href)}"{title}>{shown}</a>'


def _value(current: str, term: ox.NamedNode | ox.BlankNode | ox.Literal, names: dict) -> str:
    if isinstance(term, ox.NamedNode):
        return _iri_cell(current, term.value, names)
    if isinstance(term, ox.BlankNode):
        return f"<code>_:{html.escape(term.value)}</code>"
    text = html.escape(term.value).replace("\n", "<br>")
    if term.language:
        lang = html.escape(term.language)
        return f'<span lang="{lang}">{text}</span> <small>@{lang}</small>'
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text} <small>{html.escape(_short(term.datatype.value))}</small>"
    return text


def render(current: str, subject: ox.NamedNode, triples: list[ox.Triple]) -> str:
    """The HTML page of ``subject`` at path ``current`` from its description ``triples``
    (other subjects' triples, such as the labels of what it links to, name the links)."""
    names = _names(triples)
    iri = subject.value
    title = names.get(iri) or _short(iri)
    rows = []
    mine = [t for t in triples if t.subject == subject]
    mine.sort(key=lambda t: (t.predicate.value != RDF + "type", _short(t.predicate.value)))
    for t in mine:
        rows.append(f"<tr><th>{_iri_cell(current, t.predicate.value, {})}</th>"
                    f"<td>{_value(current, t.object, names)}</td></tr>")  # fmt: skip
    here = "./" + posixpath.basename(current)
    others = [t for t in triples if t.subject != subject]
    extra = f"<p><small>and {len(others)} triples about the resources it links to</small></p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · accredigraph</title><style>{_STYLE}</style></head>
<body><main>
<h1>{html.escape(title)}</h1>
<p><code>{html.escape(iri)}</code></p>
<p><small>This description as <a href="{html.escape(here)}?format=ttl">Turtle</a>,
<a href="{html.escape(here)}?format=jsonld">JSON-LD</a>,
<a href="{html.escape(here)}?format=nt">N-Triples</a>
(or ask with an <code>Accept</code> header).</small></p>
<table>{"".join(rows)}</table>
{extra if others else ""}
</main></body></html>
"""
