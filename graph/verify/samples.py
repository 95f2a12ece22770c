"""The fictional sample register's promises, and the dates they hold on.

Every sample certificate (``data/sample/certificates.csv``, typed ``ag:SampleRecord``) has a
``case`` (kept as ``ag:sampleCase``) such as ``accredited`` or
``accredited-unrecognised:other-scopes-only``: the part before the colon is the verdict it
promises. The promise holds on every date from :data:`SAMPLE_AS_OF` to :data:`PROMISED_UNTIL`
(a test walks the dates), so the Learn page, the Verify page and the command line, which all
default to today, show what the labels say.

Examples
--------
>>> import datetime as dt
>>> promised_verdict("accredited-unrecognised:outside-arrangement").value
'accredited-unrecognised'
>>> sample_date(dt.date(2031, 5, 1))
datetime.date(2029, 12, 31)
"""

from __future__ import annotations

import datetime as dt

from graph.verify.model import Verdict

__all__ = ["PROMISED_UNTIL", "SAMPLE_AS_OF", "promised_verdict", "sample_date"]

#: The sample data's as-of date: its promises hold from this day ...
SAMPLE_AS_OF = dt.date(2026, 11, 23)
#: ... to this day at least.
PROMISED_UNTIL = dt.date(2029, 12, 31)


def promised_verdict(case: str) -> Verdict:
    """The verdict a sample case promises (the text before its first colon)."""
    return Verdict(case.split(":", 1)[0])


def sample_date(today: dt.date | None = None) -> dt.date:
    """The date to show the samples on: ``today`` (default: the real today) when the promises
    hold then, else the nearest day they do.

    Examples
    --------
    >>> import datetime as dt
    >>> sample_date(dt.date(2027, 3, 1)), sample_date(dt.date(2020, 1, 1))
    (datetime.date(2027, 3, 1), datetime.date(2026, 11, 23))
    """
    today = today or dt.date.today()
    return min(max(today, SAMPLE_AS_OF), PROMISED_UNTIL)
