"""Minting IRIs for our data, and writing RDF terms as N-Triples text.

IRIs are stable (the same input always gives the same IRI), readable where the input allows,
and always valid: anything outside RFC 3986's unreserved characters is percent-encoded. Terms are
written straight to N-Triples strings because the build streams millions of them and per-row
rdflib objects would cost more than the work itself.

Examples
--------
>>> body_iri("ukas")
'https://w3id.org/accredigraph/id/body/ukas'
>>> certificate_iri("Q 12/3")
'https://w3id.org/accredigraph/id/certificate/Q%2012%2F3'
>>> organisation_iri("Acme Widgets Ltd", "GB")
'https://w3id.org/accredigraph/id/organisation/acme-widgets-ltd-gb-76566d47'
>>> nt_literal('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
>>> nt_literal("2024-01-31", XSD_DATE)
'"2024-01-31"^^<http://www.w3.org/2001/XMLSchema#date>'
>>> source_iri("IAF ID 1:2014")
'https://w3id.org/accredigraph/id/source/iaf-id-1-2014-26912387'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

import pyoxigraph as ox

from graph.errors import QueryError
from graph.vocab.namespaces import AGD, XSD

__all__ = [
    "XSD_BOOLEAN",
    "XSD_DATE",
    "XSD_GYEAR",
    "XSD_INTEGER",
    "accreditation_iri",
    "address_iri",
    "body_iri",
    "certificate_iri",
    "check_iri",
    "id_from_iri",
    "is_iri",
    "is_source_iri",
    "is_web_address",
    "name_key",
    "nt_iri",
    "nt_literal",
    "organisation_iri",
    "slug",
    "source_iri",
    "standard_iri",
]

XSD_DATE = XSD + "date"
XSD_GYEAR = XSD + "gYear"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
XSD_STRING = XSD + "string"

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``-`` (accents folded, the rest dropped).

    >>> slug("ISO/IEC 27001:2022")
    'iso-iec-27001-2022'
    >>> slug("TÜV SÜD")
    'tuv-sud'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", folded.lower()).strip("-")


def _encode(identifier: str) -> str:
    return quote(identifier, safe="-._~")


def id_from_iri(iri: str) -> str:
    """The CSV id a body, accreditation or certificate IRI was minted from.

    >>> id_from_iri(certificate_iri("Q 12/3"))
    'Q 12/3'
    """
    return unquote(iri.rsplit("/", 1)[1])


def body_iri(identifier: str) -> str:
    """IRI of a body (AB, CB, standards body, network) from its CSV id."""
    return f"{AGD}body/{_encode(identifier)}"


def address_iri(subject: str) -> str:
    """The IRI of the postal address (``schema:PostalAddress``) of a body, organisation or site.

    >>> address_iri("https://w3id.org/accredigraph/id/body/ukas")
    'https://w3id.org/accredigraph/id/body/ukas/address'
    """
    return f"{subject}/address"


def accreditation_iri(identifier: str) -> str:
    """IRI of an accreditation from its CSV id."""
    return f"{AGD}accreditation/{_encode(identifier)}"


def certificate_iri(identifier: str) -> str:
    """IRI of a certificate from its CSV id."""
    return f"{AGD}certificate/{_encode(identifier)}"


def standard_iri(designation: str) -> str:
    """IRI of a standard work or edition from its designation.

    >>> standard_iri("ISO 9001:2015")
    'https://w3id.org/accredigraph/id/standard/iso-9001-2015'
    """
    return f"{AGD}standard/{slug(designation)}"


def organisation_iri(name: str, country: str) -> str:
    """IRI of a certified organisation: readable slug, country, and a hash of the exact name.

    The hash keeps two names that slug alike ("A&B Ltd", "A-B Ltd") apart.
    """
    digest = hashlib.sha1(f"{name}\x1f{country}".encode()).hexdigest()[:8]
    readable = slug(name)[:60].strip("-") or "organisation"
    return f"{AGD}organisation/{readable}-{slug(country) or 'xx'}-{digest}"


#: Where the citation nodes minted by :func:`source_iri` live.
SOURCE_SPACE = f"{AGD}source/"

_IRI_FORBIDDEN = set(' <>"{}|^`\\') | {chr(c) for c in range(0x21)}


def is_web_address(text: str) -> bool:
    """True for an ``http(s)://`` address that is also a valid IRI: a source cited as itself.

    >>> is_web_address("https://ukas.com/x?a=1&b=2"), is_web_address("GitHub third-party file")
    (True, False)
    >>> is_web_address("https://example.org/page (newsroom, 2014)")  # a citation naming a page
    False
    >>> is_web_address("https://example.org/100%zz")  # not an IRI: cited by its text
    False
    """
    lower = text.lower()
    if not (
        (lower.startswith("http://") or lower.startswith("https://"))
        and len(text) > 10
        and not any(ch in _IRI_FORBIDDEN for ch in text)
    ):
        return False
    try:  # the whole IRI grammar (percent escapes, host, port): the build's loader trusts it
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def source_iri(citation: str) -> str:
    """IRI of a source that is not a web address (a named document, a data file), from the
    citation that names it: readable slug and a hash of the exact text, so the same citation
    always gives the same node (``docs/model.md``, "Sources").

    The node is a ``dcterms:BibliographicResource`` whose ``dcterms:bibliographicCitation`` is
    the citation; ``dcterms:source`` always points at an IRI, as DCMI defines it.
    """
    digest = hashlib.sha1(citation.encode()).hexdigest()[:8]
    readable = slug(citation)[:60].strip("-") or "source"
    return f"{SOURCE_SPACE}{readable}-{digest}"


def is_source_iri(iri: str) -> bool:
    """True for a citation node minted by :func:`source_iri` (its text is its
    ``dcterms:bibliographicCitation``).

    >>> is_source_iri(source_iri("Annual report 2025")), is_source_iri("https://ukas.com/")
    (True, False)
    """
    return iri.startswith(SOURCE_SPACE)


def name_key(name: str) -> str:
    """The lookup key of a name (``ag:nameKey``): lower case, runs of spaces made one, trimmed.

    Written at build time so a name is found with one index lookup instead of comparing every
    name in the graph; a named query's ``name`` parameter is bound as this key
    (``find-certificates.rq``), so "ACME  widgets ltd" finds "Acme Widgets Ltd".

    >>> name_key("  Acme   WIDGETS Ltd ")
    'acme widgets ltd'
    """
    return " ".join(name.split()).lower()


def nt_iri(iri: str) -> str:
    """An IRI as an N-Triples term. The IRI must already be valid (minted or checked)."""
    return f"<{iri}>"


def nt_literal(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal as an N-Triples term, escaped."""
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{text}"@{lang}'
    if datatype and datatype != XSD_STRING:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def is_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI the store can look up.

    >>> is_iri("https://w3id.org/accredigraph/id/body/ukas"), is_iri("not an iri")
    (True, False)
    """
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text or ""):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def check_iri(text: str) -> str:
    """``text`` if it is an IRI, else a :class:`~graph.errors.QueryError` saying so."""
    if not is_iri(text):
        raise QueryError(f"{text!r} is not an IRI")
    return text
