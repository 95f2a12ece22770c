"""The vocabulary: namespaces, kinds of entity, the standards catalogue and IRI minting.

Names load their module on first use (PEP 562), so importing the package costs nothing.

>>> from graph.vocab import AG, body_iri, kind_of
>>> body_iri("ukas")
'https://w3id.org/accredigraph/id/body/ukas'
>>> kind_of([AG + "AccreditationBody"])
'accreditation-body'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.vocab.kinds import CLASS_KINDS, KINDS, SECTOR_PREFIX, kind_of, local_name
    from graph.vocab.mint import (
        accreditation_iri,
        body_iri,
        certificate_iri,
        id_from_iri,
        name_key,
        organisation_iri,
        slug,
        standard_iri,
    )
    from graph.vocab.namespaces import (
        AG,
        AGC,
        AGD,
        AGX,
        DCTERMS,
        ORG,
        OWL,
        PREFIXES,
        PROV,
        RDF,
        RDFS,
        SCHEMA,
        SH,
        SKOS,
        XSD,
        code,
        sector,
        sparql_prefixes,
    )
    from graph.vocab.standards import (
        Designation,
        StandardCatalogue,
        StandardEntry,
        parse_designation,
    )

__all__ = [
    "AG",
    "AGC",
    "AGD",
    "AGX",
    "CLASS_KINDS",
    "DCTERMS",
    "KINDS",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SECTOR_PREFIX",
    "SH",
    "SKOS",
    "XSD",
    "Designation",
    "StandardCatalogue",
    "StandardEntry",
    "accreditation_iri",
    "body_iri",
    "certificate_iri",
    "code",
    "id_from_iri",
    "kind_of",
    "local_name",
    "name_key",
    "organisation_iri",
    "parse_designation",
    "sector",
    "slug",
    "sparql_prefixes",
    "standard_iri",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "AG": "graph.vocab.namespaces",
    "AGC": "graph.vocab.namespaces",
    "AGD": "graph.vocab.namespaces",
    "AGX": "graph.vocab.namespaces",
    "DCTERMS": "graph.vocab.namespaces",
    "ORG": "graph.vocab.namespaces",
    "OWL": "graph.vocab.namespaces",
    "PREFIXES": "graph.vocab.namespaces",
    "PROV": "graph.vocab.namespaces",
    "RDF": "graph.vocab.namespaces",
    "RDFS": "graph.vocab.namespaces",
    "SCHEMA": "graph.vocab.namespaces",
    "SH": "graph.vocab.namespaces",
    "SKOS": "graph.vocab.namespaces",
    "XSD": "graph.vocab.namespaces",
    "code": "graph.vocab.namespaces",
    "sector": "graph.vocab.namespaces",
    "sparql_prefixes": "graph.vocab.namespaces",
    "CLASS_KINDS": "graph.vocab.kinds",
    "KINDS": "graph.vocab.kinds",
    "SECTOR_PREFIX": "graph.vocab.kinds",
    "kind_of": "graph.vocab.kinds",
    "local_name": "graph.vocab.kinds",
    "accreditation_iri": "graph.vocab.mint",
    "body_iri": "graph.vocab.mint",
    "certificate_iri": "graph.vocab.mint",
    "id_from_iri": "graph.vocab.mint",
    "name_key": "graph.vocab.mint",
    "organisation_iri": "graph.vocab.mint",
    "slug": "graph.vocab.mint",
    "standard_iri": "graph.vocab.mint",
    "Designation": "graph.vocab.standards",
    "StandardCatalogue": "graph.vocab.standards",
    "StandardEntry": "graph.vocab.standards",
    "parse_designation": "graph.vocab.standards",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
