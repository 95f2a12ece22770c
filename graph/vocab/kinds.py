"""What kind of thing a node is, in the explorer's words: one mapping from classes to kinds.

Search, entity pages, neighbourhoods, paths and drawings all speak of *kinds* (``certificate``,
``accreditation-body``, ``sector`` …) rather than classes, so colours, legends and filters agree.
A node with several classes takes the first kind in :data:`KINDS` order (a body that is both a
standards body and a certification body is shown as the certification body it acts as).

Queries return a node's classes and Python names the kind with :func:`kind_of`; only
``search.rq`` computes kinds in SPARQL (to rank by them), and a test checks it agrees with
:data:`KINDS`.

Examples
--------
>>> kind_of([AG + "SampleRecord", AG + "CertificationBody"])
'certification-body'
>>> kind_of([], "https://w3id.org/accredigraph/code/iaf-sector/28")
'sector'
>>> kind_of([SKOS + "Concept"], "https://w3id.org/accredigraph/code/certificate-status/valid")
'concept'
>>> kind_of([AG + "RedFlag"])
'red-flag'
>>> local_name("http://www.w3.org/ns/org#memberOf")
'memberOf'
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.vocab.namespaces import AG, AGC, DCTERMS, ORG, SCHEMA, SKOS

__all__ = ["CLASS_KINDS", "KINDS", "SEARCH_KINDS", "SECTOR_PREFIX", "kind_of", "local_name"]

#: Every kind, in priority order: the first that applies wins, and search lists hits of equal
#: rank in this order (the bodies and standards people look for before bulk records).
KINDS = (
    "accreditation-body",
    "certification-body",
    "network",
    "standards-body",
    "standard",
    "arrangement",
    "sector",
    "accreditation",
    "certificate",
    "organisation",
    "signatory",
    "membership",
    "site",
    "red-flag",
    "count",
    "scope",
    "source",
    "address",
    "concept",
    "other",
)

#: The kinds a search looks for (:func:`graph.explore.search.find`): every kind up to
#: organisations (here, not in the search module, so the command line lists them without
#: loading the search).
SEARCH_KINDS = KINDS[: KINDS.index("organisation") + 1]

#: Class IRI -> kind.
CLASS_KINDS: dict[str, str] = {
    AG + "Certificate": "certificate",
    AG + "Accreditation": "accreditation",
    AG + "CertifiedOrganization": "organisation",
    AG + "AccreditationBody": "accreditation-body",
    AG + "CertificationBody": "certification-body",
    AG + "StandardsBody": "standards-body",
    AG + "AccreditationNetwork": "network",
    AG + "RegionalAccreditationGroup": "network",
    AG + "RecognitionArrangement": "arrangement",
    AG + "Standard": "standard",
    AG + "StandardEdition": "standard",
    AG + "SignatoryStatus": "signatory",
    ORG + "Membership": "membership",
    ORG + "Site": "site",
    AG + "RedFlag": "red-flag",
    AG + "CertificateCount": "count",
    AG + "SignatoryScope": "scope",
    AG + "ArrangementSubScope": "scope",
    DCTERMS + "BibliographicResource": "source",
    SCHEMA + "PostalAddress": "address",
    SKOS + "Concept": "concept",
}

#: IRIs of IAF sectors start with this; they are the one code list shown as nodes.
SECTOR_PREFIX = AGC + "iaf-sector/"

_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}


def local_name(iri: str) -> str:
    """The part of ``iri`` after its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] if cut >= 0 else iri


def kind_of(classes: Iterable[str], iri: str = "") -> str:
    """The kind of a node with ``classes`` (class IRIs); ``iri`` recognises IAF sectors."""
    if iri.startswith(SECTOR_PREFIX):
        return "sector"
    kinds = [CLASS_KINDS[c] for c in classes if c in CLASS_KINDS]
    return min(kinds, key=_PRIORITY.__getitem__) if kinds else "other"
