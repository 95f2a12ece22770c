"""Every namespace accredigraph uses, and the IRIs of frequently used terms.

No other module writes an IRI literal: they import it from here, so a change of namespace is
one edit. Values are plain strings (full IRIs), usable with pyoxigraph, rdflib and in
N-Triples alike.

Examples
--------
>>> AG + "Certificate"
'https://w3id.org/accredigraph/def#Certificate'
>>> code("certificate-status", "valid")
'https://w3id.org/accredigraph/code/certificate-status/valid'
>>> sector(28)
'https://w3id.org/accredigraph/code/iaf-sector/28'
"""

from __future__ import annotations

import re

__all__ = [
    "AG",
    "AGC",
    "AGD",
    "AGX",
    "DCTERMS",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "XSD",
    "code",
    "compact",
    "sector",
    "sparql_prefixes",
    "with_prefixes",
]

AG = "https://w3id.org/accredigraph/def#"
AGC = "https://w3id.org/accredigraph/code/"
AGD = "https://w3id.org/accredigraph/id/"
AGX = "https://w3id.org/accredigraph/extra/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"

#: Prefixes offered to every SPARQL query and used when serialising Turtle.
PREFIXES: dict[str, str] = {
    "ag": AG,
    "agc": AGC,
    "agd": AGD,
    "agx": AGX,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
}


def code(scheme: str, value: str) -> str:
    """Return the IRI of concept ``value`` in our SKOS code list ``scheme``."""
    return f"{AGC}{scheme}/{value}"


def sector(number: int) -> str:
    """Return the IRI of IAF sector ``number`` (1–39)."""
    return f"{AGC}iaf-sector/{number}"


_DECLARED = re.compile(r"PREFIX\s+([\w-]*):", re.IGNORECASE)


def with_prefixes(text: str) -> str:
    """``text`` with a ``PREFIX`` line for each of our prefixes it does not declare itself
    (for engines that cannot be given default prefixes, and for rdflib).

    >>> with_prefixes("PREFIX ag: <http://other/> ASK {}").count("PREFIX ag:")
    1
    """
    declared = {m.lower() for m in _DECLARED.findall(text)}
    lines = [f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared]
    return "".join(lines) + text


def sparql_prefixes() -> str:
    """Return the ``PREFIX`` lines a SPARQL editor is pre-filled with.

    >>> sparql_prefixes().splitlines()[0]
    'PREFIX ag: <https://w3id.org/accredigraph/def#>'
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())


def compact(iri: str) -> str:
    """``iri`` as ``prefix:local`` with the longest of our prefixes that starts it, else as is
    (a label for tables and links, not SPARQL syntax).

    >>> compact("https://w3id.org/accredigraph/def#Certificate")
    'ag:Certificate'
    >>> compact("https://w3id.org/accredigraph/id/body/ukas")
    'agd:body/ukas'
    >>> compact("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    for prefix, base in PREFIXES.items():
        if (
            iri.startswith(base)
            and len(iri) > len(base)
            and len(base) > len(PREFIXES.get(best, ""))
        ):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri
