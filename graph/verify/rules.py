"""The verifier's rules: from a certificate's facts to links, reason codes, words and a verdict.

Pure functions over typed, frozen facts (:class:`~graph.verify.facts.CertificateFacts` and
:class:`~graph.verify.bodies.SharedFacts`), so the rules are the same whether the facts came
from flat lookups or a bulk pass, from Oxigraph or a remote endpoint. Every reason code
they give is listed in :data:`graph.verify.model.REASONS` with the link it belongs to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from graph.verify.bodies import AccreditationFacts, SharedFacts, SignatoryFacts
from graph.verify.facts import CertificateFacts
from graph.verify.groups import group_link
from graph.verify.model import REASONS, Link, LinkName, LinkStatus, Verdict, Verification
from graph.verify.recognition import InForce, a_or_an, in_force, signatory_link
from graph.vocab.namespaces import AG

__all__ = ["evaluate"]

P, F, U = LinkStatus.PASS, LinkStatus.FAIL, LinkStatus.UNKNOWN
L = LinkName

UNACCREDITED_NOTE = (
    "Certification without recognised accreditation is legitimate but weaker: no independent "
    "accreditation body has confirmed the certification body's competence and impartiality for "
    "this scope, and no recognition arrangement (the Global ACI MRA; from 1998 to 2025 the IAF "
    "MLA) makes the certificate recognised worldwide."
)
UNRECOGNISED_NOTE = (
    "Accredited is not the same as recognised: an accreditation body vouches for the "
    "certification body, but only a signatory of the recognition arrangement for this scope "
    "makes the certificate accepted by every other signatory."
)


def _link(
    name: LinkName,
    status: LinkStatus,
    code: str,
    message: str,
    evidence: Iterable[str | None] = (),
    sources: Iterable[str] = (),
) -> Link:
    assert REASONS[code] == name, code
    unique_evidence = tuple(dict.fromkeys(e for e in evidence if e))
    return Link(name, status, code, message, unique_evidence, tuple(dict.fromkeys(sources)))


USER_NOTE = (
    "It rests on data a visitor uploaded ({links}), not on the bundled, sourced records: treat "
    "it as that upload's claim."
)


def _user(link: Link, supplied: bool) -> Link:
    """``link``, marked as resting on a user-supplied fact when ``supplied``."""
    return replace(link, user_supplied=True) if supplied else link


# --- certificate, standard, issuer ---------------------------------------------------------


def _certificate_link(cert: CertificateFacts, as_of: dt.date) -> Link:
    iri, status = cert.iri, cert.status
    issued, until = cert.issued, cert.valid_until
    src = cert.sources
    who = cert.organisation_name or "the organisation"
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


def _replaced_note(cert: CertificateFacts, as_of: dt.date) -> str:
    """The edition that replaced the certificate's, named only if published by ``as_of``."""
    new, published = cert.replaced_by, cert.replacement_published(as_of)
    if published is None:
        return (f" Its next edition, {new}, was published in {cert.replaced_by_year}; our "
                f"sources do not give the day, so whether by {as_of} is not known.")  # fmt: skip
    day = cert.replaced_by_published
    when = f"on {day}" if day else f"in {cert.replaced_by_year}"
    return f" It has been replaced by {new} (published {when})." if published else ""


def _standard_link(cert: CertificateFacts, as_of: dt.date) -> Link:
    designation, standard = cert.designation, cert.standard
    if not standard:
        return _link(L.STANDARD, F, "STANDARD_UNKNOWN",
                     f"'{designation}' is not a standard accredigraph knows, so nothing can have "
                     "been certified against it.", [])  # fmt: skip
    kind, work = cert.kind, cert.work_label or designation
    if kind == "guidance":
        return _link(L.STANDARD, F, "STANDARD_GUIDANCE",
                     f"{work} is a guidance document: it contains no requirements, so nobody can "
                     "be certified to it.", [standard])  # fmt: skip
    if kind == "conformity-assessment":
        return _link(L.STANDARD, F, "STANDARD_CONFORMITY_ASSESSMENT",
                     f"{work} sets requirements for conformity assessment bodies, which are "
                     "accredited to it by an accreditation body, never 'certified'.",
                     [standard])  # fmt: skip
    ends = cert.transition_ends
    if ends and as_of > ends:
        successor = cert.replaced_by or "a newer edition"
        return _link(L.STANDARD, F, "EDITION_VOID",
                     f"{designation} was replaced by {successor}; certificates to it lost their "
                     f"validity after the transition ended on {ends}.", [standard])  # fmt: skip
    return _link(L.STANDARD, P, "STANDARD_CERTIFIABLE",
                 f"{designation} is a management-system requirements standard that can be "
                 f"certified.{_replaced_note(cert, as_of)}", [standard])  # fmt: skip


def _issuer_link(cert: CertificateFacts) -> Link:
    types = cert.issuer_types
    name = cert.issuer_label or cert.issuer_id or cert.issuer
    iri = cert.issuer
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


# --- accreditation, accreditation body, group (the signatory link: recognition.py) ---


def _covers_standard(accreditation: AccreditationFacts, cert: CertificateFacts) -> bool:
    standard, work = cert.standard, cert.work
    for covered, covered_work in accreditation.covers:
        if covered == standard or (covered_work == work and (covered == work or standard == work)):
            return True
    return False


def _missing_sectors(accreditation: AccreditationFacts, cert: CertificateFacts) -> list[str]:
    if accreditation.all_sectors:
        return []
    allowed = set(accreditation.sectors)
    return [sector for sector in cert.sectors if sector not in allowed]


def _accreditation_problem(
    a: AccreditationFacts, cert: CertificateFacts, as_of: dt.date
) -> tuple[int, str, str] | None:
    """The first condition accreditation ``a`` fails for ``cert``: (how many held, code, words).

    The count ranks accreditations: one that covers the standard but has lapsed explains a
    certificate better than one for another standard altogether.
    """
    name, work = a.id, cert.work_label or cert.designation
    if not _covers_standard(a, cert):
        return (0, "ACCREDITATION_STANDARD_NOT_COVERED",
                f"Accreditation {name} does not cover {work}.")  # fmt: skip
    if missing := _missing_sectors(a, cert):
        return (1, "ACCREDITATION_SECTOR_NOT_COVERED",
                f"Accreditation {name} does not cover IAF sector(s) {', '.join(missing)} "
                "named on the certificate.")  # fmt: skip
    issued = cert.issued
    if issued and not (a.valid_from <= issued <= a.valid_until):
        return (2, "ISSUED_OUTSIDE_ACCREDITATION",
                f"The certificate was issued on {issued}, outside accreditation {name}'s "
                f"validity ({a.valid_from} to {a.valid_until}).")  # fmt: skip
    if a.status in ("suspended", "withdrawn"):
        return (3, f"ACCREDITATION_{a.status.upper()}",
                f"Accreditation {name} is {a.status}.")  # fmt: skip
    if a.status == "expired" or not (a.valid_from <= as_of <= a.valid_until):
        return (3, "ACCREDITATION_EXPIRED",
                f"Accreditation {name} was valid from {a.valid_from} to {a.valid_until}: "
                f"not in force on {as_of}.")  # fmt: skip
    return None


def _record(a: AccreditationFacts, signatories: Mapping[str, SignatoryFacts]) -> SignatoryFacts:
    """The signatory record of the accreditation's body (an empty one when none is known)."""
    return signatories.get(a.ab) or SignatoryFacts(a.ab)


def _ab_link(a: AccreditationFacts, signatories: Mapping[str, SignatoryFacts]) -> Link:
    record = _record(a, signatories)
    name = a.ab_label or a.ab_id
    country = record.ab_country
    where = f" ({country})" if country else ""
    if record.ab_confidence == "unverified":
        return _link(L.ACCREDITATION_BODY, U, "AB_UNVERIFIED",
                     f"{name}{where} granted the accreditation; our record of this body comes "
                     "from unverified sources.", [a.ab])  # fmt: skip
    return _link(L.ACCREDITATION_BODY, P, "AB_KNOWN",
                 f"{name}{where} granted the accreditation.", [a.ab])  # fmt: skip


def _not_checked(why: str) -> list[Link]:
    return [
        _link(L.ACCREDITATION_BODY, U, "AB_NOT_CHECKED", why),
        _link(L.MLA_SIGNATORY, U, "MLA_NOT_CHECKED", why),
        _link(L.REGIONAL_GROUP, U, "GROUP_NOT_CHECKED", why),
    ]


def _accreditation_links(
    cert: CertificateFacts, shared: SharedFacts, as_of: dt.date, now: InForce
) -> tuple[list[Link], bool]:
    """The accreditation links of the best accreditation, and whether that accreditation meets
    every condition (whether its body is a recognised signatory is the signatory link's)."""
    cb = cert.issuer_label or cert.issuer_id
    accreditations = shared.accreditations.get(cert.issuer, ())
    if not accreditations:
        link = _link(L.ACCREDITATION, F, "NO_ACCREDITATION",
                     f"No accreditation of {cb} is recorded. {UNACCREDITED_NOTE}")  # fmt: skip
        return [link, *_not_checked("There is no accreditation to trace further.")], False
    scored = []
    for a in accreditations:
        problem = _accreditation_problem(a, cert, as_of)
        mla = signatory_link(a.ab_label or a.ab_id, cert.work_label or cert.designation,
                             cert.work, _record(a, shared.signatories), now,
                             memberships=shared.groups.get(a.ab, ()), as_of=as_of)  # fmt: skip
        held = 4 if problem is None else problem[0]
        score = (held, mla.ok, mla.status is U)
        scored.append((score, a.valid_from, a.id, a, problem, mla))
    scored.sort(key=lambda item: item[:3], reverse=True)
    _, _, _, best, problem, mla = scored[0]
    src = best.sources
    if problem is None:
        cov = f"covers {cert.work_label or cert.designation}"
        acc = _link(L.ACCREDITATION, P, "ACCREDITATION_VALID",
                    f"{cb} holds accreditation {best.id} from {best.ab_label}, which "
                    f"{cov} and the certificate's sectors, active on {as_of} and in force when "
                    "the certificate was issued.", [best.iri], src)  # fmt: skip
    else:
        _, code, words = problem
        acc = _link(L.ACCREDITATION, F, code, f"{words} {UNACCREDITED_NOTE}",
                    [best.iri], src)  # fmt: skip
    ab = best.ab_user_supplied
    record = _record(best, shared.signatories).user_supplied
    member = any(m.user_supplied for m in shared.groups.get(best.ab, ()))
    links = [
        _user(acc, best.user_supplied),
        _user(_ab_link(best, shared.signatories), ab),
        _user(mla, ab or record),
        _user(group_link(best, shared.groups, as_of), ab or member),
    ]
    return links, problem is None


SUMMARIES: dict[Verdict, str] = {
    Verdict.UNKNOWN: "No certificate with this id is in the graph: ask the certification body "
    "to confirm it, and check the accreditation body's or IAF CertSearch's register.",
    Verdict.INVALID: "This cannot be a genuine certification.",
    Verdict.NOT_IN_FORCE: "This certificate is not in force on the date checked.",
    Verdict.UNACCREDITED: "In force, but no accreditation covers it. " + UNACCREDITED_NOTE,
    Verdict.ACCREDITED_UNRECOGNISED: "In force and accredited, but not internationally "
    "recognised: the accreditation body is not a confirmed {arrangement} signatory for this "
    "scope on this date.",
    Verdict.ACCREDITED: "In force and accredited: every link of the chain holds, from the "
    "certificate to {a_arrangement} signatory for this scope.",
}


#: The summary of an accredited certificate on a date no arrangement yet covered its scope.
NOT_YET_SUMMARY = ("In force and accredited, but not internationally recognised on this date, "
                   "when no arrangement covered its scope yet.")  # fmt: skip


def evaluate(
    certificate_id: str, cert: CertificateFacts | None, shared: SharedFacts, as_of: dt.date
) -> Verification:
    """Apply the rules to a certificate's facts and return the verdict with every link checked.

    Parameters
    ----------
    certificate_id : str
        The id asked for (the verification's ``certificate``).
    cert : CertificateFacts or None
        The certificate's facts; ``None`` when there is no such certificate.
    shared : SharedFacts
        Accreditations, signatory records and groups; at least the issuer's.
    as_of : datetime.date
        The date the certificate is checked for.

    Returns
    -------
    Verification

    Examples
    --------
    >>> import datetime as dt
    >>> evaluate("NO-SUCH-ID", None, SharedFacts(), dt.date(2026, 1, 1)).reasons
    ['CERT_NOT_FOUND']
    """
    if cert is None:
        link = _link(L.CERTIFICATE, F, "CERT_NOT_FOUND",
                     f"There is no certificate '{certificate_id}' in the graph.")  # fmt: skip
        return Verification(certificate_id, None, Verdict.UNKNOWN, as_of,
                            SUMMARIES[Verdict.UNKNOWN], (link,))  # fmt: skip
    now = in_force(shared.arrangements, as_of)
    certificate = _user(_certificate_link(cert, as_of), cert.user_supplied)
    standard = _standard_link(cert, as_of)
    issuer = _user(_issuer_link(cert), cert.issuer_user_supplied)
    if issuer.ok:
        rest, accredited = _accreditation_links(cert, shared, as_of, now)
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
    elif not rest[2].ok:  # the signatory link of an accreditation that meets every condition
        verdict = Verdict.ACCREDITED_UNRECOGNISED
    else:
        verdict = Verdict.ACCREDITED
    summary = SUMMARIES[verdict].format(arrangement=now.label, a_arrangement=a_or_an(now.label))
    if verdict is Verdict.ACCREDITED_UNRECOGNISED and rest[2].code == "MLA_NOT_YET_IN_FORCE":
        summary = NOT_YET_SUMMARY
    deciding = {Verdict.INVALID: (standard, issuer), Verdict.NOT_IN_FORCE: (certificate, standard),
                Verdict.ACCREDITED_UNRECOGNISED: (rest[2],)}  # fmt: skip
    if verdict in deciding:
        summary += " " + next(link.message for link in deciding[verdict] if not link.ok)
    if verdict is Verdict.ACCREDITED_UNRECOGNISED:
        summary += " " + UNRECOGNISED_NOTE
    links = (certificate, standard, issuer, *rest)
    if supplied := [link.name.value for link in links if link.user_supplied]:
        summary += " " + USER_NOTE.format(links=", ".join(supplied))
    return Verification(
        certificate_id,
        cert.iri,
        verdict,
        as_of,
        summary,
        links,
        organisation=cert.organisation_name,
        standard=cert.designation,
        certification_body=cert.issuer_label or cert.issuer_id,
        arrangement=now.in_force,
    )
