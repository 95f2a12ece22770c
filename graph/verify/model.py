"""Typed results shared by the verifier, the CLI, the app and the exports.

A :class:`Verification` is one certificate's verdict with one :class:`Link` per hop of the
chain (certificate → standard → certification body → accreditation → accreditation body →
signatory status under the recognition arrangement in force → regional group). Every renderer
shows this one object.

>>> link = Link(LinkName.STANDARD, LinkStatus.FAIL, "STANDARD_GUIDANCE", "ISO 31000 is guidance.")
>>> link.ok
False
>>> [str(name) for name in LinkName][:3]
['certificate', 'standard', 'certification-body']
>>> Verdict.NOT_IN_FORCE.value
'not-in-force'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["REASONS", "Link", "LinkName", "LinkStatus", "Verdict", "Verification"]


class Verdict(StrEnum):
    """The six verdicts, in the order the verifier tries them (docs/verifier.md).

    ``accredited-unrecognised``: an accreditation meets every condition, but its body is not a
    confirmed signatory for the scope of the arrangement in force on the date (the IAF MLA
    before 2026-01-01, the Global ACI MRA from then on). Accredited is not recognised.

    Examples
    --------
    >>> [v.value for v in Verdict][3:]
    ['unaccredited', 'accredited-unrecognised', 'accredited']
    """

    UNKNOWN = "unknown"
    INVALID = "invalid"
    NOT_IN_FORCE = "not-in-force"
    UNACCREDITED = "unaccredited"
    ACCREDITED_UNRECOGNISED = "accredited-unrecognised"
    ACCREDITED = "accredited"


class LinkStatus(StrEnum):
    """Whether one link of the chain holds."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class LinkName(StrEnum):
    """The links of the chain, in the order they are checked and shown.

    The values are the names that JSON, CSV and the evidence pack carry, and that
    ``docs/verifier.md`` lists; iterate the enum for every link in chain order.

    Examples
    --------
    >>> LinkName.MLA_SIGNATORY == "mla-signatory"
    True
    >>> len(LinkName)
    7
    """

    CERTIFICATE = "certificate"
    STANDARD = "standard"
    CERTIFICATION_BODY = "certification-body"
    ACCREDITATION = "accreditation"
    ACCREDITATION_BODY = "accreditation-body"
    #: Signatory of the arrangement in force: the IAF MLA before 2026, the Global ACI MRA since.
    MLA_SIGNATORY = "mla-signatory"
    REGIONAL_GROUP = "regional-group"


#: Every reason code the rules give, with the link it belongs to. ``docs/verifier.md`` lists
#: them for users, and a test keeps the two in step.
REASONS: dict[str, LinkName] = {
    "CERT_NOT_FOUND": LinkName.CERTIFICATE,
    "CERT_IN_FORCE": LinkName.CERTIFICATE,
    "CERT_SUSPENDED": LinkName.CERTIFICATE,
    "CERT_WITHDRAWN": LinkName.CERTIFICATE,
    "CERT_EXPIRED": LinkName.CERTIFICATE,
    "CERT_NOT_YET_VALID": LinkName.CERTIFICATE,
    "CERT_PAST_VALIDITY": LinkName.CERTIFICATE,
    "STANDARD_CERTIFIABLE": LinkName.STANDARD,
    "STANDARD_UNKNOWN": LinkName.STANDARD,
    "STANDARD_GUIDANCE": LinkName.STANDARD,
    "STANDARD_CONFORMITY_ASSESSMENT": LinkName.STANDARD,
    "EDITION_VOID": LinkName.STANDARD,
    "ISSUER_IS_CB": LinkName.CERTIFICATION_BODY,
    "ISSUER_IS_STANDARDS_BODY": LinkName.CERTIFICATION_BODY,
    "ISSUER_IS_AB": LinkName.CERTIFICATION_BODY,
    "ISSUER_NOT_CB": LinkName.CERTIFICATION_BODY,
    "ACCREDITATION_VALID": LinkName.ACCREDITATION,
    "NO_ACCREDITATION": LinkName.ACCREDITATION,
    "ACCREDITATION_STANDARD_NOT_COVERED": LinkName.ACCREDITATION,
    "ACCREDITATION_SECTOR_NOT_COVERED": LinkName.ACCREDITATION,
    "ACCREDITATION_SUSPENDED": LinkName.ACCREDITATION,
    "ACCREDITATION_WITHDRAWN": LinkName.ACCREDITATION,
    "ACCREDITATION_EXPIRED": LinkName.ACCREDITATION,
    "ISSUED_OUTSIDE_ACCREDITATION": LinkName.ACCREDITATION,
    "AB_KNOWN": LinkName.ACCREDITATION_BODY,
    "AB_UNVERIFIED": LinkName.ACCREDITATION_BODY,
    "AB_NOT_CHECKED": LinkName.ACCREDITATION_BODY,
    "MLA_SIGNATORY": LinkName.MLA_SIGNATORY,
    "MLA_NOT_SIGNATORY": LinkName.MLA_SIGNATORY,
    "MLA_SCOPE_NOT_COVERED": LinkName.MLA_SIGNATORY,
    "MLA_SCOPE_UNKNOWN": LinkName.MLA_SIGNATORY,
    "MLA_STATUS_UNVERIFIED": LinkName.MLA_SIGNATORY,
    "MLA_NO_NETWORK": LinkName.MLA_SIGNATORY,
    "MLA_NOT_YET_IN_FORCE": LinkName.MLA_SIGNATORY,
    "MLA_SCOPE_NOT_YET_SIGNED": LinkName.MLA_SIGNATORY,
    "MLA_NOT_CHECKED": LinkName.MLA_SIGNATORY,
    "GROUP_MEMBER": LinkName.REGIONAL_GROUP,
    "GROUP_UNVERIFIED": LinkName.REGIONAL_GROUP,
    "GROUP_NONE": LinkName.REGIONAL_GROUP,
    "GROUP_ENDED": LinkName.REGIONAL_GROUP,
    "GROUP_NOT_YET": LinkName.REGIONAL_GROUP,
    "GROUP_NOT_CHECKED": LinkName.REGIONAL_GROUP,
}


@dataclass(frozen=True)
class Link:
    """One checked link: what, the outcome, a stable reason code, words, and evidence."""

    name: LinkName
    status: LinkStatus
    code: str
    message: str
    evidence: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    #: The link rests on a fact a visitor uploaded (``ag:userSupplied``), not on bundled,
    #: sourced data.
    user_supplied: bool = False

    @property
    def ok(self) -> bool:
        """True when the link holds."""
        return self.status is LinkStatus.PASS

    def as_dict(self) -> dict[str, object]:
        """The link as JSON-ready data."""
        return {
            "link": self.name.value,
            "status": self.status.value,
            "code": self.code,
            "message": self.message,
            "evidence": list(self.evidence),
            "sources": list(self.sources),
            "user_supplied": self.user_supplied,
        }


@dataclass(frozen=True)
class Verification:
    """A certificate's verdict on a date, with every link checked and a one-line summary."""

    certificate: str
    iri: str | None
    verdict: Verdict
    as_of: dt.date
    summary: str
    links: tuple[Link, ...] = ()
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    organisation: str | None = None
    standard: str | None = None
    certification_body: str | None = None
    #: The recognition arrangement in force on ``as_of`` ("IAF MLA", "Global ACI MRA"); ``None``
    #: before the first came into force (the IAF MLA, on 22 January 1998).
    arrangement: str | None = None

    @property
    def reasons(self) -> list[str]:
        """Reason codes of the links that failed or could not be confirmed, in chain order."""
        return [link.code for link in self.links if not link.ok]

    @property
    def user_supplied(self) -> list[str]:
        """The links that rest on user-supplied facts, in chain order (empty: none does)."""
        return [link.name.value for link in self.links if link.user_supplied]

    def link(self, name: LinkName) -> Link | None:
        """The link called ``name``, if it was checked."""
        return next((link for link in self.links if link.name == name), None)

    def as_dict(self) -> dict[str, object]:
        """The verification as JSON-ready data (the CLI's ``--format json``)."""
        return {
            "certificate": self.certificate,
            "iri": self.iri,
            "verdict": self.verdict.value,
            "as_of": self.as_of.isoformat(),
            "summary": self.summary,
            "organisation": self.organisation,
            "standard": self.standard,
            "certification_body": self.certification_body,
            "arrangement": self.arrangement,
            "reasons": self.reasons,
            "user_supplied": self.user_supplied,
            "links": [link.as_dict() for link in self.links],
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
        }
