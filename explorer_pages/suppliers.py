"""The Verify page's supplier list: check a buyer's list, watch it over time, file a record.

A list is a CSV upload, or the example (``?verify.list=example``): ``examples/suppliers.csv``
names certificates of the example register ``examples/buyer-register/``, which is not part of
the bundled graph, so the example first loads that register into the visitor's own workspace
and checks the list there (the shared graph never changes). The list can be compared with a
second date (``?verify.compare=another+date&verify.compare_to=YYYY-MM-DD``) or with a result
file downloaded earlier: what changed comes as a table and a CSV. The results, and a printable
record (HTML, PDF), download from the page.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st

from graph.errors import DataError
from graph.settings import bundled_root
from graph.verify.changes import Change, changes_csv, compare, outcomes, read_results
from graph.verify.evidence import verdict_counts, verifications_csv
from graph.verify.model import Verdict
from graph.verify.record import data_version, record_html
from graph.verify.samples import SAMPLE_AS_OF
from graph.verify.suppliers import supplier_checks

from .common import READ_KEY, SHARED, TOKEN_KEY, WORKSPACES, md, offer_download, source, store_at
from .workspace import import_into_workspace, reading_caption, workspace

__all__ = [
    "COMPARE_MODES",
    "EXAMPLE_DATE",
    "EXAMPLE_LIST",
    "EXAMPLE_REGISTER",
    "example_files",
    "list_changes",
    "section",
    "supplier_results",
]

EXAMPLE_LIST = Path("examples") / "suppliers.csv"
EXAMPLE_REGISTER = Path("examples") / "buyer-register"
#: What a list can be compared with (``?verify.compare=``).
COMPARE_MODES = ("nothing", "another date", "a previous result file")
DATES = {"min_value": dt.date(1990, 1, 1), "max_value": dt.date(2100, 12, 31)}
#: The date the example's verdicts were written for (the sample data's as-of date).
EXAMPLE_DATE = SAMPLE_AS_OF
_LOADED = "verify.example_store"  # the workspace the example register went into


def example_files() -> tuple[tuple[str, bytes], list[tuple[str, bytes]]] | None:
    """The example list and the register it needs, as ``(name, bytes)`` (``None`` when this
    installation has no ``examples/`` folder)."""
    root = bundled_root()
    listing, register = root / EXAMPLE_LIST, root / EXAMPLE_REGISTER
    if not listing.is_file() or not register.is_dir():
        return None
    files = [(p.name, p.read_bytes()) for p in sorted(register.glob("*.csv"))]
    return (listing.name, listing.read_bytes()), files


def supplier_results(store, name: str, data: bytes, as_of: dt.date):
    """Verify an uploaded supplier list; returns ``(results, problems)`` (one of them empty)."""
    with tempfile.TemporaryDirectory(prefix="accredigraph-suppliers-") as tmp:
        path = Path(tmp) / (Path(name).name or "suppliers.csv")
        path.write_bytes(data)
        try:
            return supplier_checks(store, path, as_of), []
        except DataError as exc:
            return [], [str(p).replace(str(Path(tmp)) + "/", "") for p in exc.problems]


def _previous(name: str, data: bytes):
    """The outcomes of a result file uploaded by the visitor; ``(outcomes, problems)``."""
    with tempfile.TemporaryDirectory(prefix="accredigraph-previous-") as tmp:
        path = Path(tmp) / "previous.csv"
        path.write_bytes(data)
        try:
            return read_results(path, name=Path(name).name or "previous.csv"), []
        except DataError as exc:
            return [], [str(p) for p in exc.problems]


@st.cache_data(show_spinner="Checking the list…", max_entries=16)
def _results(where: str | None, name: str, data: bytes, as_of: dt.date):
    return supplier_results(store_at(where), name, data, as_of)


def list_changes(where: str | None, name: str, data: bytes, dates: tuple[dt.date, dt.date]):
    """The changes of a list between two dates (earlier first) on the store at ``where``."""
    first, second = sorted(dates)
    before, _ = _results(where, name, data, first)
    after, _ = _results(where, name, data, second)
    return compare(outcomes(before), outcomes(after)), len(after)


def _example_source() -> str | None:
    """Load the example register into this visitor's workspace (once); its token."""
    found = example_files()
    if found is None:
        st.error("This installation has no examples folder.")
        return None
    token = st.session_state.get(TOKEN_KEY)
    if workspace() is not None and st.session_state.get(_LOADED) is workspace():
        return token if token in WORKSPACES else None
    reading = st.session_state.get(READ_KEY, SHARED)
    outcome = import_into_workspace(found[1])
    if not outcome.loaded:
        st.error(md(outcome.message))
        return None
    # the example is checked in the workspace explicitly; the rest of the app keeps reading
    # what the visitor chose (an import would switch every page to the upload)
    st.session_state[READ_KEY] = reading
    st.session_state[_LOADED] = workspace()
    return st.session_state[TOKEN_KEY]


def _start_example() -> None:
    """The example button: the example list, as of the date it was written for."""
    st.query_params["verify.list"] = "example"
    st.session_state["verify.as_of"] = EXAMPLE_DATE


def _choose_list() -> tuple[str, bytes, str | None] | None:
    """The list to check, and the store location to check it on."""
    upload = st.file_uploader("Supplier list (CSV)", type=["csv"], key="verify.upload")
    example = st.query_params.get("verify.list") == "example"
    if upload is not None:
        from .verify import check_upload

        data = upload.getvalue()
        if refusal := check_upload(upload.name, len(data)):
            st.error(md(refusal))
            return None
        if example:
            del st.query_params["verify.list"]
        reading_caption()
        return upload.name, data, source()
    if not example:
        if example_files() is None:  # an installation without the examples folder
            return None
        st.button(
            "Try the example list",
            key="verify.example",
            icon=":material/science:",
            on_click=_start_example,
        )
        st.caption(
            "The example checks `examples/suppliers.csv` against the example register "
            "`examples/buyer-register/` (fictional suppliers), loaded into your own workspace, "
            f"as of {EXAMPLE_DATE}, the date it was written for."
        )
        return None
    where = _example_source()
    found = example_files()
    if where is None or found is None:
        return None
    st.info(
        "The example list `suppliers.csv`, checked against your workspace: the bundled data "
        "plus the example register `examples/buyer-register/` (three fictional certification "
        "bodies and their certificates), loaded for you. Only you see it; to check one of its "
        "certificates on its own above, choose *my upload* in the sidebar.",
        icon=":material/science:",
    )
    return found[0][0], found[0][1], where


def _show_changes(changes: list[Change], checked: int, label: str, as_of: dt.date) -> None:
    st.subheader("What changed")
    worse = sum(c.direction == "worse" for c in changes)
    st.markdown(
        f"**{len(changes)}** change(s) among {checked} certificate(s) {md(label)}; "
        f"**{worse}** for the worse."
    )
    if changes:
        shown = ("certificate", "change", "verdict_before", "verdict_after", "organisation")
        st.dataframe(
            [{k: c.as_dict()[k] for k in shown} for c in changes],
            hide_index=True,
            width="stretch",
        )
        st.caption("The CSV has both dates, the reasons before and after, and the summary.")
    offer_download(
        st,
        "Download the changes (CSV)",
        changes_csv(changes),
        file_name=f"changes-{as_of}.csv",
        mime="text/csv",
        key="verify.changes_csv",
        icon=":material/download:",
    )


def _compare(name: str, data: bytes, where: str | None, results, as_of: dt.date) -> None:
    mode = st.radio(
        "Compare with",
        COMPARE_MODES,
        key="verify.compare",
        horizontal=True,
        bind="query-params",
        help="Watch a list over time: what changed between two dates, or since a result "
        "file you downloaded earlier.",
    )
    if mode == "another date":
        other = st.date_input(
            "Second date",
            as_of + dt.timedelta(days=365),
            key="verify.compare_to",
            format="YYYY-MM-DD",
            bind="query-params",
            **DATES,
        )
        changes, checked = list_changes(where, name, data, (as_of, other))
        first, second = sorted((as_of, other))
        _show_changes(changes, checked, f"from {first} to {second}", second)
    elif mode == "a previous result file":
        previous = st.file_uploader(
            "A result file downloaded earlier (Download the verdicts)",
            type=["csv"],
            key="verify.previous",
        )
        if previous is None:
            return
        before, problems = _previous(previous.name, previous.getvalue())
        if problems:
            st.error(f"The result file has {len(problems)} problem(s); nothing was compared:")
            st.code("\n".join(problems), language=None)
            return
        changes = compare(before, outcomes(results))
        dates = ", ".join(sorted({o.as_of.isoformat() for o in before}))
        _show_changes(changes, len(results), f"since the check of {dates}", as_of)


def section(as_of: dt.date) -> None:
    """The supplier list: check it, compare it, download the verdicts and the record."""
    st.header("Check a supplier list")
    st.markdown(
        "Upload a CSV with a `certificate` column (certificate ids), or the columns "
        "`organisation`, `standard` and `certification_body` (a CB id). Rows can mix both. "
        "A certificate that is not in the graph this page reads comes out `unknown`: when "
        "your certificates are in a register of your own, load it first (Data page, *Import "
        "a register*)."
    )
    chosen = _choose_list()
    if chosen is None:
        return
    name, data, where = chosen
    results, problems = _results(where, name, data, as_of)
    if problems:
        st.error(f"The list has {len(problems)} problem(s); nothing was checked:")
        st.code("\n".join(problems), language=None)
        return
    counts = verdict_counts(results)
    st.markdown(f"**{len(results)}** certificate(s) as of **{as_of.isoformat()}**:")
    cols = st.columns(len(counts))
    for col, (verdict, n) in zip(cols, counts.items(), strict=True):
        col.metric(verdict, n)
    if counts[Verdict.UNKNOWN.value] == len(results):
        st.warning(
            "Every certificate is `unknown`: none is in the graph this page reads. If they "
            "come from your own register, load it first (Data page, *Import a register*)."
        )
    st.dataframe(
        [
            {
                "certificate": r.certificate,
                "verdict": r.verdict.value,
                "organisation": r.organisation or "",
                "standard": r.standard or "",
                "certification body": r.certification_body or "",
                "reasons": ", ".join(r.reasons),
                "summary": r.summary,
                "rests on user-supplied": ", ".join(r.user_supplied),
            }
            for r in results
        ],
        hide_index=True,
        width="stretch",
    )
    left, middle, right = st.columns(3)
    offer_download(
        left,
        "Download the verdicts (CSV)",
        verifications_csv(results),
        file_name=f"verdicts-{as_of}.csv",
        mime="text/csv",
        key="verify.csv",
        icon=":material/download:",
    )
    version = data_version(store_at(where))
    offer_download(
        middle,
        "Printable record (HTML)",
        record_html(results, version),
        file_name=f"verification-record-{as_of}.html",
        mime="text/html",
        key="verify.list_record_html",
        icon=":material/print:",
    )
    offer_download(
        right,
        "Printable record (PDF)",
        lambda: _pdf(results, version),
        file_name=f"verification-record-{as_of}.pdf",
        mime="application/pdf",
        key="verify.list_record_pdf",
        icon=":material/picture_as_pdf:",
    )
    _compare(name, data, where, results, as_of)


def _pdf(results, version) -> bytes:
    from graph.verify.pdf import record_pdf

    return record_pdf(results, version)
