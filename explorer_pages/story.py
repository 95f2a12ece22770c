"""The Learn page's story in five steps, on the page and in presentation mode.

The URL holds the view: ``?step=recognise`` picks a step, ``?present=1`` shows that step alone,
full width, in large type, with Previous / Next buttons that the arrow keys press (Streamlit's
own keyboard shortcuts: no script of ours, nothing loaded from the network). Reload and Back
reproduce the view. Every diagram is drawn with labels of at least 16 px on screen and can be
downloaded as HTML, SVG and PNG.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from graph.errors import AccredigraphError
from graph.verify.model import LinkName, Verdict
from graph.verify.samples import sample_date

from . import warm
from .common import entity_link, md, show_diagram
from .common import page as page_of
from .glossary import render
from .lessons import STEPS, Step
from .verify import MARKS, link_title
from .views import GraphView, chain_view, neighbourhood_view, selection_view

__all__ = [
    "SAMPLE_CERTIFICATE",
    "SAMPLE_VERDICT",
    "current_step",
    "presentation",
    "presenting",
    "shown_date",
    "step_after",
    "story",
]

#: Height of the chain drawing (it is wide and flat), and of the other drawings, in pixels.
CHAIN_HEIGHT, HEIGHT = 360, 620
#: The same in presentation mode, to fit a 1280×720 projector.
PRESENT_CHAIN_HEIGHT, PRESENT_HEIGHT = 300, 470
#: The sample certificate the last step and the Verify page start from, and the verdict the
#: page promises for it (its label in data/sample/certificates.csv says the same; a test checks
#: both on every date to 2029-12-31).
SAMPLE_CERTIFICATE = "S-C-0001"
SAMPLE_VERDICT = Verdict.ACCREDITED
KEYS = tuple(s.key for s in STEPS)

#: Presentation mode: no sidebar, the page's whole width, larger type (CSS only, no script).
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 1rem 2rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] li
  { font-size: 1.2rem; line-height: 1.45; }
</style>"""


def shown_date() -> dt.date:
    """The date this page checks on: today, as the Verify page and the command line do (within
    the dates the sample register's promises hold, graph.verify.samples)."""
    return sample_date(dt.date.today())


def presenting() -> bool:
    """Whether the URL asks for presentation mode (``?present=1``)."""
    return st.query_params.get("present") == "1"


def current_step() -> Step:
    """The step the URL names (``?step=``), the first when it names none or no step."""
    wanted = st.query_params.get("step")
    return STEPS[KEYS.index(wanted)] if wanted in KEYS else STEPS[0]


def step_after(key: str, delta: int) -> str:
    """The step ``delta`` steps after ``key`` (before it when negative), kept in the story.

    >>> step_after("standard", 1), step_after("check", 1), step_after("standard", -1)
    ('certify', 'check', 'standard')
    """
    index = KEYS.index(key) if key in KEYS else 0
    return KEYS[min(len(KEYS) - 1, max(0, index + delta))]


def _go(delta: int) -> None:
    st.query_params["step"] = step_after(current_step().key, delta)


def _recognition_note() -> None:
    """What the verifier says, on the page's date, about the sample certificate's AB."""
    chain = chain_view(SAMPLE_CERTIFICATE, shown_date(), height=CHAIN_HEIGHT).verification
    link = next((k for k in chain.links if k.name == LinkName.MLA_SIGNATORY), None)
    if link is not None:
        st.markdown(
            f"**As of {shown_date().isoformat()}** the arrangement in force is the "
            f"**{md(chain.arrangement or 'unknown')}**; for certificate "
            f"{md(SAMPLE_CERTIFICATE)} the verifier says: {MARKS[link.status]} {md(link.message)}"
        )


def _view(step: Step, height: int) -> GraphView:
    if step.nodes:
        return selection_view(
            step.nodes,
            classes=step.kinds,
            cap=step.cap,
            caption=step.title,
            height=height,
            centres=(step.focus, *step.also) if step.also else (),
            hidden=step.hidden,
        )
    return neighbourhood_view(
        step.focus,
        depth=step.depth,
        classes=step.kinds,
        cap=step.cap,
        also=step.also,
        caption=step.title,
        height=height,
        columns=step.columns,
    )


def _shared_step(step: Step) -> None:
    """What step ``step`` draws on the Learn page, before anyone opens it."""
    if step.focus:
        _view(step, HEIGHT)
    else:
        chain_view(SAMPLE_CERTIFICATE, shown_date(), height=CHAIN_HEIGHT)


for _order, _step_shown in enumerate(STEPS):  # the first step (the home page's) first of all
    warm.task(order=0 if _order == 0 else 10 + _order)(partial(_shared_step, _step_shown))


def _diagram(step: Step, view: GraphView, height: int, present: bool) -> None:
    show_diagram(
        view.html,
        name=f"learn-{step.key}",
        height=height,
        caption=step.title,
        download=not present,
        graph=view.graph,
        highlight=dict(view.highlight),
    )


def _chain(present: bool) -> GraphView:
    """The last step's words: the verdict and each link of the sample certificate's chain."""
    chain = chain_view(
        SAMPLE_CERTIFICATE,
        shown_date(),
        height=PRESENT_CHAIN_HEIGHT if present else CHAIN_HEIGHT,
    )
    v = chain.verification
    st.markdown(
        f"**{md(v.certificate)}** — verdict **{md(v.verdict.value)}** "
        f"as of {v.as_of.isoformat()}: {md(v.summary)}"
    )
    if not present:
        st.markdown(
            "  \n".join(
                f"{MARKS[k.status]} **{link_title(k, v)}**: {md(k.message)}" for k in v.links
            )
        )
        st.page_link(
            page_of("verify"),
            label="Check it step by step on the Verify page",
            query_params={
                "verify.certificate": SAMPLE_CERTIFICATE,
                "verify.as_of": shown_date().isoformat(),
            },
            icon=":material/verified:",
        )
    return chain.view


def _step(step: Step, *, present: bool) -> None:
    """One step: its words beside its drawing (the chain, wide and flat, below them; in
    presentation mode the chain comes first, so that it shows on a 1280×720 screen)."""
    height = PRESENT_HEIGHT if present else HEIGHT
    if present and not step.focus:
        try:
            view = _chain(present)
            _diagram(step, view, PRESENT_CHAIN_HEIGHT, present)
        except AccredigraphError as exc:
            st.error(md(str(exc)))
        st.markdown(render(step.text))
        return
    text, drawing = st.columns([1, 1.9 if present else 2.2], gap="large")
    with text:
        if not present:
            st.subheader(step.title)
        st.markdown(render(step.text))
        if step.key == "recognise":
            _recognition_note()
        if step.focus and not present:
            entity_link(step.focus, "Open its entity page")
            st.page_link(
                page_of("explore"),
                label="Explore around it",
                query_params={"focus": step.focus},
                icon=":material/hub:",
            )
    try:
        if step.focus:
            with drawing:
                view = _view(step, height)
                st.caption(
                    f"A selection: {view.shown} nodes and the links between them."
                    if step.nodes
                    else view.note
                )
                _diagram(step, view, height, present)
        else:
            with drawing:
                view = _chain(present)
            _diagram(step, view, CHAIN_HEIGHT, present)
    except AccredigraphError as exc:
        st.error(md(str(exc)))


def story() -> None:
    """The five steps on the Learn page, one at a time, picked by a selector (``?step=``)."""
    step = current_step()
    st.session_state["learn.step"] = step.key

    def chosen() -> None:
        st.query_params["step"] = st.session_state.get("learn.step") or KEYS[0]

    choice = st.segmented_control(
        "The story in five steps",
        KEYS,
        format_func=lambda k: STEPS[KEYS.index(k)].label,
        key="learn.step",
        on_change=chosen,
        width="stretch",
    )
    step = STEPS[KEYS.index(choice)] if choice in KEYS else STEPS[0]
    st.page_link(
        page_of("learn"),
        label="Present this step (full screen, arrow keys for next / previous)",
        query_params={"present": "1", "step": step.key},
        icon=":material/slideshow:",
    )
    _step(step, present=False)


def presentation() -> None:
    """One step, full width, large type, with Previous / Next (← / →) and a way out."""
    st.html(_PRESENT_CSS)
    step = current_step()
    index = KEYS.index(step.key)
    title, back, forward, leave = st.columns([4.4, 1.5, 1.2, 1.1], vertical_alignment="center")
    with title:
        st.title(step.title)
    with back:
        st.button(
            "Previous",
            key="learn.previous",
            on_click=_go,
            args=(-1,),
            disabled=index == 0,
            shortcut="Left",
            icon=":material/arrow_back:",
            width="stretch",
        )
    with forward:
        st.button(
            "Next",
            key="learn.next",
            on_click=_go,
            args=(1,),
            disabled=index == len(KEYS) - 1,
            shortcut="Right",
            icon=":material/arrow_forward:",
            width="stretch",
        )
    with leave:
        st.page_link(
            page_of("learn"),
            label="Leave",
            query_params={"step": step.key},
            icon=":material/close:",
        )
    st.caption(
        f"Step {index + 1} of {len(KEYS)} · verdicts as of {shown_date().isoformat()} · "
        "← and → change step"
    )
    _step(step, present=True)
