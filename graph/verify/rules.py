"""The verifier's rules: from a certificate's facts to links, reason codes, words and a verdict.

Pure functions over plain dicts (rows of the ``chain-*`` named queries), so the rules are the
same whether the facts came from one bound query or a bulk pass, from Oxigraph or a remote
endpoint. Every reason code is listed in :data:`REASONS` with the link it belongs to; the docs
(``docs/verifier.md``) list them for users and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
from graph.vocab.namespaces import AG

if TYPE_CHECKING:
    from graph.verify.chain import ChainFacts

__all__ = ["REASONS", "evaluate"]

P, F, U = LinkStatus.PASS, LinkStatus.FAIL, LinkStatus.UNKNOWN
L = LinkName

#: Every reason code, with the link it belongs to.
REASONS: dict[str, LinkName] = {
    "CERT_NOT_FOUND": L.CERTIFICATE,
    "CERT_IN_FORCE": L.CERTIFICATE,
    "CERT_SUSPENDED": L.CERTIFICATE,
    "CERT_WITHDRAWN": L.CERTIFICATE,
    "CERT_EXPIRED": L.CERTIFICATE,
    "CERT_NOT_YET_VALID": L.CERTIFICATE,
    "CERT_PAST_VALIDITY": L.CERTIFICATE,
    "STANDARD_CERTIFIABLE": L.STANDARD,
    "STANDARD_UNKNOWN": L.STANDARD,
    "STANDARD_GUIDANCE": L.STANDARD,
    "STANDARD_CONFORMITY_ASSESSMENT": L.STANDARD,
    "EDITION_VOID": L.STANDARD,
    "ISSUER_IS_CB": L.CERTIFICATION_BODY,
    "ISSUER_IS_STANDARDS_BODY": L.CERTIFICATION_BODY,
    "ISSUER_IS_AB": L.CERTIFICATION_BODY,
    "ISSUER_NOT_CB": L.CERTIFICATION_BODY,
    "ACCREDITATION_VALID": L.ACCREDITATION,
    "NO_ACCREDITATION": L.ACCREDITATION,
    "ACCREDITATION_STANDARD_NOT_COVERED": L.ACCREDITATION,
    "ACCREDITATION_SECTOR_NOT_COVERED": L.ACCREDITATION,
    "ACCREDITATION_SUSPENDED": L.ACCREDITATION,
    "ACCREDITATION_WITHDRAWN": L.ACCREDITATION,
    "ACCREDITATION_EXPIRED": L.ACCREDITATION,
    "ISSUED_OUTSIDE_ACCREDITATION": L.ACCREDITATION,
    "AB_KNOWN": L.ACCREDITATION_BODY,
    "AB_UNVERIFIED": L.ACCREDITATION_BODY,
    "AB_NOT_CHECKED": L.ACCREDITATION_BODY,
    "MLA_SIGNATORY": L.MLA_SIGNATORY,
    "MLA_NOT_SIGNATORY": L.MLA_SIGNATORY,
    "MLA_SCOPE_NOT_COVERED": L.MLA_SIGNATORY,
    "MLA_SCOPE_UNKNOWN": L.MLA_SIGNATORY,
    "MLA_STATUS_UNVERIFIED": L.MLA_SIGNATORY,
    "MLA_NOT_CHECKED": L.MLA_SIGNATORY,
    "GROUP_MEMBER": L.REGIONAL_GROUP,
    "GROUP_UNVERIFIED": L.REGIONAL_GROUP,
    "GROUP_NONE": L.REGIONAL_GROUP,
    "GROUP_NOT_CHECKED": L.REGIONAL_GROUP,
}

UNACCREDITED_NOTE = (
    "Certification without recognised accreditation is legitimate but weaker: no independent "
    "accreditation body has confirmed the certification body's competence and impartiality for "
    "this scope, and the certificate is not covered by the IAF MLA's worldwide recognition."
)


def _split(value: Any, sep: str = ";") -> list[str]:
    return [v for v in (value or "").split(sep) if v]


def _sources(value: Any) -> tuple[str, ...]:
    return tuple(_split(value, " | "))


def _link(
    name: LinkName, status: LinkStatus, code: str, message: str, evidence=(), sources=()
) -> Link:
    assert REASONS[code] == name, code
    unique_evidence = tuple(dict.fromkeys(e for e in evidence if e))
    return Link(name, status, code, message, unique_evidence, tuple(dict.fromkeys(sources)))


# --- certificate, standard, issuer ---------------------------------------------------------


def _certificate_link(cert: dict, as_of: dt.date) -> Link:
    iri, status = cert["certificate"], cert["status"]
    issued, until = cert.get("issued"), cert["validUntil"]
    src = _sources(cert.get("sources"))
    who = cert.get("organisationName") or "the organisation"
    if status in ("suspended", "withdrawn", "expired"):
        words = {
            "suspended": "is suspended: the certification is temporarily invalid and "
            f"{who} must not promote it",
            "withdrawn": "has been withdrawn by the certification body",
            "expired": "has expired",
        }[status]
        return _link(L.CERTIFICATE, F, f"CERT_{status.upper()}", f"The certificate {words}.",
                     [iri], src)  # fmt: skip
    if issued and as_of < issued:
        return _link(L.CERTIFICATE, F, "CERT_NOT_YET_VALID",
                     f"The certificate is dated {issued}, after {as_of}: it was not yet valid.",
                     [iri], src)  # fmt: skip
    if as_of > until:
        return _link(L.CERTIFICATE, F, "CERT_PAST_VALIDITY",
                     f"The certificate's validity ended on {until}, before {as_of}, although its "
                     "recorded status is still 'valid'.", [iri], src)  # fmt: skip
    return _link(L.CERTIFICATE, P, "CERT_IN_FORCE",
                 f"The certificate is valid from {issued} to {until} and its status is valid.",
                 [iri], src)  # fmt: skip


def _standard_link(cert: dict, as_of: dt.date) -> Link:
    designation, standard = cert["designation"], cert.get("standard")
    if not standard:
        return _link(L.STANDARD, F, "STANDARD_UNKNOWN",
                     f"'{designation}' is not a standard accredigraph knows, so nothing can have "
                     "been certified against it.", [])  # fmt: skip
    kind, work = cert.get("kind"), cert.get("workLabel") or designation
    if kind == "guidance":
        return _link(L.STANDARD, F, "STANDARD_GUIDANCE",
                     f"{work} is a guidance document: it contains no requirements, so nobody can "
                     "be certified to it.", [standard])  # fmt: skip
    if kind == "conformity-assessment":
        return _link(L.STANDARD, F, "STANDARD_CONFORMITY_ASSESSMENT",
                     f"{work} sets requirements for conformity assessment bodies, which are "
                     "accredited to it by an accreditation body, never 'certified'.",
                     [standard])  # fmt: skip
    ends = cert.get("transitionEnds")
    if ends and as_of > ends:
        successor = cert.get("replacedBy") or "a newer edition"
        return _link(L.STANDARD, F, "EDITION_VOID",
                     f"{designation} was replaced by {successor}; certificates to it lost their "
                     f"validity after the transition ended on {ends}.", [standard])  # fmt: skip
    note = f" It has been replaced by {cert['replacedBy']}." if cert.get("replacedBy") else ""
    return _link(L.STANDARD, P, "STANDARD_CERTIFIABLE",
                 f"{designation} is a management-system requirements standard that can be "
                 f"certified.{note}", [standard])  # fmt: skip


def _issuer_link(cert: dict) -> Link:
    types = set(_split(cert.get("issuerTypes"), " "))
    name = cert.get("issuerLabel") or cert.get("issuerId") or cert["issuer"]
    iri = cert["issuer"]
    if AG + "CertificationBody" in types:
        return _link(L.CERTIFICATION_BODY, P, "ISSUER_IS_CB",
                     f"{name} is a certification body.", [iri])  # fmt: skip
    if AG + "StandardsBody" in types:
        return _link(L.CERTIFICATION_BODY, F, "ISSUER_IS_STANDARDS_BODY",
                     f"{name} writes standards and certifies no one: a certificate 'issued by "
                     f"{name}' cannot be genuine.", [iri])  # fmt: skip
    if AG + "AccreditationBody" in types:
        return _link(L.CERTIFICATION_BODY, F, "ISSUER_IS_AB",
                     f"{name} is an accreditation body: it accredits certification bodies and "
                     "does not certify organisations itself.", [iri])  # fmt: skip
    return _link(L.CERTIFICATION_BODY, F, "ISSUER_NOT_CB",
                 f"{name} is not a certification body in the graph.", [iri])  # fmt: skip


# --- accreditation, accreditation body, MLA, group -----------------------------------------


def _covers_standard(accreditation: dict, cert: dict) -> bool:
    standard, work = cert.get("standard"), cert.get("work")
    for pair in _split(accreditation.get("covers")):
        covered, covered_work = [*pair.split(" "), ""][:2]
        if covered == standard or (covered_work == work and (covered == work or standard == work)):
            return True
    return False


def _missing_sectors(accreditation: dict, cert: dict) -> list[str]:
    if accreditation.get("allSectors"):
        return []
    allowed = set(_split(accreditation.get("sectors")))
    return sorted(set(_split(cert.get("sectors"))) - allowed, key=int)


def _accreditation_problem(a: dict, cert: dict, as_of: dt.date) -> tuple[int, str, str] | None:
    """The first condition accreditation ``a`` fails for ``cert``: (how many held, code, words).

    The count ranks accreditations: one that covers the standard but has lapsed explains a
    certificate better than one for another standard altogether.
    """
    name, work = a["id"], cert.get("workLabel") or cert["designation"]
    if not _covers_standard(a, cert):
        return (0, "ACCREDITATION_STANDARD_NOT_COVERED",
                f"Accreditation {name} does not cover {work}.")  # fmt: skip
    if missing := _missing_sectors(a, cert):
        return (1, "ACCREDITATION_SECTOR_NOT_COVERED",
                f"Accreditation {name} does not cover IAF sector(s) {', '.join(missing)} "
                "named on the certificate.")  # fmt: skip
    issued = cert.get("issued")
    if issued and not (a["validFrom"] <= issued <= a["validUntil"]):
        return (2, "ISSUED_OUTSIDE_ACCREDITATION",
                f"The certificate was issued on {issued}, outside accreditation {name}'s "
                f"validity ({a['validFrom']} to {a['validUntil']}).")  # fmt: skip
    if a["status"] in ("suspended", "withdrawn"):
        return (3, f"ACCREDITATION_{a['status'].upper()}",
                f"Accreditation {name} is {a['status']}.")  # fmt: skip
    if a["status"] == "expired" or not (a["validFrom"] <= as_of <= a["validUntil"]):
        return (3, "ACCREDITATION_EXPIRED",
                f"Accreditation {name} was valid from {a['validFrom']} to {a['validUntil']}: "
                f"not in force on {as_of}.")  # fmt: skip
    return None


def _mla_link(a: dict, cert: dict, signatories: dict[str, dict]) -> Link:
    record = signatories.get(a["ab"]) or {}
    ab_name = a.get("abLabel") or a.get("abId")
    work = cert.get("workLabel") or cert["designation"]
    src = _sources(record.get("sources"))
    evidence = [record.get("record")]
    successor = ""
    if record.get("successorLabel") and record.get("successorOn"):
        successor = (
            f" Since {record['successorOn']} the arrangement is run by "
            f"{record['successorLabel']}, and existing recognitions continue."
        )
    state = record.get("state")
    if state == "signatory":
        if cert.get("work") in set(_split(record.get("subScopes"), " ")):
            return _link(L.MLA_SIGNATORY, P, "MLA_SIGNATORY",
                         f"{ab_name} is an IAF MLA signatory for {work}, so its accredited "
                         f"certificates are recognised by every other signatory.{successor}",
                         evidence, src)  # fmt: skip
        if record.get("complete") is False:
            return _link(L.MLA_SIGNATORY, U, "MLA_SCOPE_UNKNOWN",
                         f"{ab_name} is an IAF MLA signatory, but our sources do not list its full "
                         f"scope, so whether it covers {work} cannot be confirmed.", evidence,
                         src)  # fmt: skip
        return _link(L.MLA_SIGNATORY, F, "MLA_SCOPE_NOT_COVERED",
                     f"{ab_name} is an IAF MLA signatory, but not for {work}.", evidence,
                     src)  # fmt: skip
    if state == "unverified":
        return _link(L.MLA_SIGNATORY, U, "MLA_STATUS_UNVERIFIED",
                     f"No primary source confirms whether {ab_name} is an IAF MLA signatory.",
                     evidence, src)  # fmt: skip
    return _link(L.MLA_SIGNATORY, F, "MLA_NOT_SIGNATORY",
                 f"{ab_name} is not an IAF MLA signatory: its accreditations carry no worldwide "
                 "recognition.", evidence, src)  # fmt: skip


def _ab_link(a: dict, signatories: dict[str, dict]) -> Link:
    record = signatories.get(a["ab"]) or {}
    name = a.get("abLabel") or a.get("abId")
    country = record.get("abCountry")
    where = f" ({country})" if country else ""
    if record.get("abConfidence") == "unverified":
        return _link(L.ACCREDITATION_BODY, U, "AB_UNVERIFIED",
                     f"{name}{where} granted the accreditation; our record of this body comes "
                     "from unverified sources.", [a["ab"]])  # fmt: skip
    return _link(L.ACCREDITATION_BODY, P, "AB_KNOWN",
                 f"{name}{where} granted the accreditation.", [a["ab"]])  # fmt: skip


def _group_link(a: dict, groups: dict[str, list[dict]]) -> Link:
    rows = sorted(groups.get(a["ab"], []), key=lambda r: r["group"])
    name = a.get("abLabel") or a.get("abId")
    firm = [r for r in rows if r.get("confidence") != "unverified"]
    names = ", ".join(sorted({r.get("groupAcronym") or r["groupLabel"] for r in (firm or rows)}))
    evidence = [r["membership"] for r in (firm or rows)]
    sources = tuple(s for r in (firm or rows) for s in _sources(r.get("sources")))
    if firm:
        return _link(L.REGIONAL_GROUP, P, "GROUP_MEMBER",
                     f"{name} belongs to the regional group {names}, which peer-evaluates its "
                     "members.", evidence, sources)  # fmt: skip
    if rows:
        return _link(L.REGIONAL_GROUP, U, "GROUP_UNVERIFIED",
                     f"{name} probably belongs to {names}, but no primary source confirms it.",
                     evidence, sources)  # fmt: skip
    return _link(
        L.REGIONAL_GROUP,
        U,
        "GROUP_NONE",
        f"No regional accreditation group membership of {name} is recorded.",
    )


def _not_checked(why: str) -> list[Link]:
    return [
        _link(L.ACCREDITATION_BODY, U, "AB_NOT_CHECKED", why),
        _link(L.MLA_SIGNATORY, U, "MLA_NOT_CHECKED", why),
        _link(L.REGIONAL_GROUP, U, "GROUP_NOT_CHECKED", why),
    ]


def _accreditation_links(facts: ChainFacts, as_of: dt.date) -> tuple[list[Link], bool]:
    """The accreditation links of the best accreditation, and whether it passes everything."""
    cert = facts.certificate
    assert cert is not None
    cb = cert.get("issuerLabel") or cert.get("issuerId")
    if not facts.accreditations:
        link = _link(L.ACCREDITATION, F, "NO_ACCREDITATION",
                     f"No accreditation of {cb} is recorded. {UNACCREDITED_NOTE}")  # fmt: skip
        return [link, *_not_checked("There is no accreditation to trace further.")], False
    scored = []
    for a in facts.accreditations:
        problem = _accreditation_problem(a, cert, as_of)
        mla = _mla_link(a, cert, facts.signatories)
        held = 4 if problem is None else problem[0]
        score = (held, mla.ok, mla.status is U)
        scored.append((score, a["validFrom"], a["id"], a, problem, mla))
    scored.sort(key=lambda item: item[:3], reverse=True)
    _, _, _, best, problem, mla = scored[0]
    src = _sources(best.get("sources"))
    if problem is None:
        cov = f"covers {cert.get('workLabel') or cert['designation']}"
        acc = _link(L.ACCREDITATION, P, "ACCREDITATION_VALID",
                    f"{cb} holds accreditation {best['id']} from {best.get('abLabel')}, which "
                    f"{cov} and the certificate's sectors, active on {as_of} and in force when "
                    "the certificate was issued.", [best["accreditation"]], src)  # fmt: skip
    else:
        _, code, words = problem
        acc = _link(L.ACCREDITATION, F, code, f"{words} {UNACCREDITED_NOTE}",
                    [best["accreditation"]], src)  # fmt: skip
    links = [acc, _ab_link(best, facts.signatories), mla, _group_link(best, facts.groups)]
    return links, problem is None and mla.ok


SUMMARIES = {
    Verdict.UNKNOWN: "No certificate with this id is in the graph: ask the certification body "
    "to confirm it, and check the accreditation body's or IAF CertSearch's register.",
    Verdict.INVALID: "This cannot be a genuine certification.",
    Verdict.NOT_IN_FORCE: "This certificate is not in force on the date checked.",
    Verdict.UNACCREDITED: "In force, but not backed by a recognised accreditation. "
    + UNACCREDITED_NOTE,
    Verdict.ACCREDITED: "In force and accredited: every link of the chain holds, from the "
    "certificate to an IAF MLA signatory.",
}


def evaluate(certificate_id: str, facts: ChainFacts, as_of: dt.date) -> Verification:
    """Apply the rules to ``facts`` and return the verdict with every link checked."""
    cert = facts.certificate
    if cert is None:
        link = _link(L.CERTIFICATE, F, "CERT_NOT_FOUND",
                     f"There is no certificate '{certificate_id}' in the graph.")  # fmt: skip
        return Verification(certificate_id, None, Verdict.UNKNOWN, as_of,
                            SUMMARIES[Verdict.UNKNOWN], (link,))  # fmt: skip
    certificate = _certificate_link(cert, as_of)
    standard = _standard_link(cert, as_of)
    issuer = _issuer_link(cert)
    if issuer.ok:
        rest, accredited = _accreditation_links(facts, as_of)
    else:
        rest, accredited = [
            _link(L.ACCREDITATION, U, "NO_ACCREDITATION", "Not traced: the issuer is not a "
                  "certification body."),
            *_not_checked("Not traced: the issuer is not a certification body."),
        ], False  # fmt: skip
    if standard.code in ("STANDARD_UNKNOWN", "STANDARD_GUIDANCE",
                         "STANDARD_CONFORMITY_ASSESSMENT") or not issuer.ok:  # fmt: skip
        verdict = Verdict.INVALID
    elif not certificate.ok or standard.code == "EDITION_VOID":
        verdict = Verdict.NOT_IN_FORCE
    elif not accredited:
        verdict = Verdict.UNACCREDITED
    else:
        verdict = Verdict.ACCREDITED
    summary = SUMMARIES[verdict]
    deciding = {Verdict.INVALID: (standard, issuer), Verdict.NOT_IN_FORCE: (certificate, standard)}
    if verdict in deciding:
        summary += " " + next(link.message for link in deciding[verdict] if not link.ok)
    return Verification(
        certificate_id,
        cert["certificate"],
        verdict,
        as_of,
        summary,
        (certificate, standard, issuer, *rest),
        organisation=cert.get("organisationName"),
        standard=cert["designation"],
        certification_body=cert.get("issuerLabel") or cert.get("issuerId"),
    )
