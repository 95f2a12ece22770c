"""Typed results shared by the verifier, the CLI, the app and the exports.

A :class:`Verification` is one certificate's verdict with one :class:`Link` per hop of the
chain (certificate → standard → certification body → accreditation → accreditation body →
IAF MLA signatory status → regional group). Every renderer shows this one object.

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

__all__ = ["Link", "LinkName", "LinkStatus", "Verdict", "Verification"]


class Verdict(StrEnum):
    """The five verdicts, in the order the verifier tries them."""

    UNKNOWN = "unknown"
    INVALID = "invalid"
    NOT_IN_FORCE = "not-in-force"
    UNACCREDITED = "unaccredited"
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
    MLA_SIGNATORY = "mla-signatory"
    REGIONAL_GROUP = "regional-group"


@dataclass(frozen=True)
class Link:
    """One checked link: what, the outcome, a stable reason code, words, and evidence."""

    name: LinkName
    status: LinkStatus
    code: str
    message: str
    evidence: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

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

    @property
    def reasons(self) -> list[str]:
        """Reason codes of the links that failed or could not be confirmed, in chain order."""
        return [link.code for link in self.links if not link.ok]

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
            "reasons": self.reasons,
            "links": [link.as_dict() for link in self.links],
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
        }
