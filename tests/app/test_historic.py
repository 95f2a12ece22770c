"""Historic dates on the Verify page (issue 11): before the IAF MLA came into force (22 January
1998) the signatory card names no arrangement as in force and says why nothing was recognised;
from that day it names the IAF MLA."""

from __future__ import annotations

from tests.app.test_pages import _memory_store, assert_clean, open_page, texts

__all__ = ["_memory_store"]  # the autouse fixture: the app on the in-memory build


def test_verify_page_before_the_iaf_mla_says_no_arrangement_was_in_force():
    # S-C-0008: an ISO 9001 sample certificate (not yet issued in 1997; the chain is still shown)
    at = open_page("verify", **{"verify.certificate": "S-C-0008", "verify.as_of": "1997-06-01"})
    assert_clean(at)
    text = texts(at).replace("\\", "")  # Markdown escapes
    assert "MLA_NOT_YET_IN_FORCE" in text and "**Arrangement signature**" in text
    assert "No worldwide recognition arrangement for certification was in force on 1997-06-01" in (
        text
    )
    assert "IAF MLA signature" not in text and "IAF MLA signatory" not in text


def test_verify_page_on_the_day_the_iaf_mla_came_into_force_names_it():
    at = open_page("verify", **{"verify.certificate": "S-C-0008", "verify.as_of": "1998-01-22"})
    assert_clean(at)
    text = texts(at)
    assert "**IAF MLA signature**" in text and "MLA_NOT_YET_IN_FORCE" not in text
