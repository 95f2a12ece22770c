"""A path between two entities in words, each link read the way the graph states it.

A path from X to Y may follow a link backwards: from a certification body to the accreditation
granted to it. Its sentence still says what the graph says — "Accreditation S-A-002 was granted
to Northwind Cert", never "Northwind Cert was granted to Accreditation S-A-002" — by putting the
link's own subject first, whichever way the path walks it.

Examples
--------
>>> step_sentence("UKAS", "accredits", "Northwind Cert")
'UKAS accredits Northwind Cert'
>>> path_sentence(["cert", "cb", "acc", "ukas"],
...               [[("issuer", True)], [("subject", False)], [("issuer", True)]],
...               {"cert": "S-C-0001", "cb": "Northwind Cert", "acc": "S-A-002", "ukas": "UKAS"})
'S-C-0001 was issued by Northwind Cert; S-A-002 was granted to Northwind Cert; S-A-002 was issued by UKAS.'
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

__all__ = ["RELATION_WORDS", "path_sentence", "step_sentence"]

#: How a link reads from its subject to its object, by the relation or predicate name a path
#: step carries (the projection's relations, and predicates' labels or local names).
RELATION_WORDS: dict[str, str] = {
    # the projection's relations (graph.explore.neighbourhood.projection)
    "accredits": "accredits",
    "certifies to": "certifies to",
    "named as issuer for": "is named as the issuer of certificates to",
    "member of": "is a member of",
    "signatory of": "is a signatory of",
    "administers": "administers",
    "roles taken over by": "had its roles taken over by",
    "published by": "is published by",
    # predicates (their labels, or local names when the ontology gives none)
    "issuer": "was issued by",
    "subject": "was granted to",
    "hasCertification": "holds",
    "sector": "covers the sector",
    "against standard": "was granted against",
    "againstStandard": "was granted against",
    "covers standard": "covers",
    "coversStandard": "covers",
    "sub-scope standard": "covers",
    "subScopeStandard": "covers",
    "main-scope standard": "covers the main scope of",
    "mainScopeStandard": "covers the main scope of",
    "signatory": "records as signatory",
    "arrangement": "is a signatory status in",
    "organization": "is a membership of",
    "member": "is held by",
    "memberOf": "is a member of",
    "publisher": "is published by",
    "isVersionOf": "is an edition of",
    "hasVersion": "has the edition",
    "current edition": "has the current edition",
    "currentEdition": "has the current edition",
    "site": "covers the site",
    "hasSite": "has the site",
    "replaces": "replaces",
    "isReplacedBy": "is replaced by",
    "administered by": "is administered by",
    "administeredBy": "is administered by",
    "rolesTakenOverBy": "had its roles taken over by",
    "carries over": "carries over",
    "carriesOver": "carries over",
}


def step_sentence(subject: str, relation: str, obj: str) -> str:
    """One link as a clause, subject first: ``UKAS accredits Northwind Cert``.

    Several relations from the same subject to the same object (``"accredits; member of"``)
    are joined with "and"; a relation without words reads ``subject —relation→ object``.

    >>> step_sentence("a", "somethingNew", "b")
    'a —somethingNew→ b'
    """
    names = [r.strip() for r in relation.split(";") if r.strip()] or [relation]
    if all(name in RELATION_WORDS for name in names):
        return f"{subject} {' and '.join(RELATION_WORDS[n] for n in names)} {obj}"
    return f"{subject} —{relation}→ {obj}"


def path_sentence(
    path: Sequence[str],
    links: Sequence[Sequence[tuple[str, bool]]],
    labels: Mapping[str, object],
) -> str:
    """A path as clauses, one per link, each read the way the graph states the link.

    Parameters
    ----------
    path : sequence of str
        The nodes, from the first to the last.
    links : sequence of sequences of (str, bool)
        For each step (one fewer than the nodes), its relations, each with True when the graph
        states it from the earlier node to the later one, False when the path walks it
        backwards. Relations of one step that run the same way share a clause.
    labels : mapping
        Node -> its name (the node itself when missing).
    """

    def name(node: str) -> str:
        return str(labels.get(node) or node)

    clauses = []
    for i, (earlier, later) in enumerate(pairwise(path)):
        step = list(links[i]) if i < len(links) else [("", True)]
        for ahead in (True, False):
            relations = [relation for relation, way in step if way is ahead]
            if relations:
                subject, obj = (earlier, later) if ahead else (later, earlier)
                clauses.append(step_sentence(name(subject), "; ".join(relations), name(obj)))
    text = "; ".join(clauses) if clauses else name(path[0]) if path else ""
    return text if text.endswith(".") else text + "."
