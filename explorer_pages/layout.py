"""What every page gets beyond Streamlit's theme: a phone layout, and dates applied as typed.

Phone: at 390 px nothing may make the page scroll sideways (issue 15): long words, IRIs and
code wrap, tables and pictures keep to the width of the screen, the side padding shrinks.

Dates: Streamlit 1.67's ``st.date_input`` takes a date typed into its field only when focus
leaves the field (``on_change`` reruns on a *commit*: picking in the calendar, or blur), so a
visitor who types a date and waits sees the old verdict. The script below tells the widget its
field was left — without moving the visitor's focus — once the typed date is complete (a
four-digit year) and they pause, or at once when they press Enter. The script is fixed text
that names no data; ``st.html`` runs it in the page (not in an iframe), once per tab.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["CSS", "DATE_SCRIPT", "apply"]

#: Small additive rules, scoped to phone widths where they could change the desktop layout.
CSS = """<style>
[data-testid="stMain"] { overflow-x: hidden; }
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stAlert"], [data-testid="stPageLink"] { overflow-wrap: anywhere; }
[data-testid="stMarkdownContainer"] code { white-space: pre-wrap; overflow-wrap: anywhere; }
[data-testid="stPageLink"] p { white-space: normal; text-overflow: clip; }
[data-testid="stIFrame"], iframe { max-width: 100%; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
  [data-testid="stMetric"] { min-width: 0; }
  h1 { font-size: 2rem; overflow-wrap: anywhere; }
}
</style>"""

#: Commit a typed date when it is complete and the visitor pauses (600 ms), or on Enter.
DATE_SCRIPT = """<script>
(function () {
  if (window.__accredigraphDates) { return; }
  window.__accredigraphDates = true;
  var timer = null;
  function complete(field) {
    var parts = field.querySelectorAll('[role="spinbutton"]');
    if (!parts.length) { return false; }
    for (var i = 0; i < parts.length; i++) {
      var value = parts[i].getAttribute('aria-valuenow');
      if (value === null || value === '') { return false; }
      if (parts[i].getAttribute('data-type') === 'year' && Number(value) < 1000) { return false; }
    }
    return true;
  }
  function commit(segment) {
    var field = segment.closest('[data-testid="stDateInputField"]');
    if (!field || !complete(field)) { return; }
    var left = new FocusEvent('focusout', {bubbles: true, relatedTarget: document.body});
    segment.dispatchEvent(left);
  }
  document.addEventListener('keyup', function (event) {
    var segment = event.target;
    if (!(segment instanceof Element) || segment.getAttribute('role') !== 'spinbutton'
        || !segment.closest('[data-testid="stDateInput"]')) { return; }
    clearTimeout(timer);
    if (event.key === 'Enter') { commit(segment); return; }
    if (/^[0-9]$/.test(event.key) || /^Arrow(Up|Down)$/.test(event.key)) {
      timer = setTimeout(function () { commit(segment); }, 600);
    }
  }, true);
})();
</script>"""


def apply() -> None:
    """Add the phone rules and the date script to the page (call once per run)."""
    st.html(CSS)
    st.html(DATE_SCRIPT, unsafe_allow_javascript=True)
