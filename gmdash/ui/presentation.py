"""Presentation mode (`?present=1`): one view per screen for a projector, stepped by arrow keys.

No sidebar, no filters, larger type; the deck comes from the URL (`slides=`), the step is in the
URL (`step=3`), so a copied link reopens the same slide, and `contrast=high` turns on the
high-contrast theme. The arrow keys are Streamlit's own button shortcuts: no script is injected.
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from gmdash.charts import accessible
from gmdash.figure import Figure
from gmdash.ui import data, shell, state

PARAM, SLIDES, STEP, CONTRAST = "present", "slides", "step", "contrast"
# Chart text grows by this much on a projector (and the room labels may take with it).
ENLARGE = 1.4
ROOM = 140

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
html { font-size: 21px; }
[data-testid="stMainBlockContainer"] {
  padding: 1rem 2.5rem 1rem 2.5rem !important; max-width: none !important;
}
.gm-running-head { font-size: 0.8rem; display: flex; justify-content: space-between; }
</style>
"""


def _high_contrast_css() -> str:
    from gmdash import present  # with the deck builders, loaded only when a deck is shown

    HC = present.HIGH_CONTRAST
    return f"""
<style>
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  background: {HC["background"]} !important; color: {HC["text"]} !important;
}}
h1, h2, h3, p, li, span, label, [data-testid="stCaptionContainer"],
[data-testid="stMarkdownContainer"] {{ color: {HC["text"]} !important; opacity: 1 !important; }}
.stButton button {{
  background: {HC["button_background"]} !important; color: {HC["button_text"]} !important;
  border: 3px solid {HC["button_background"]} !important;
}}
.stButton button * {{ color: {HC["button_text"]} !important; opacity: 1 !important; }}
.stButton button:disabled {{
  background: {HC["background"]} !important; border: 3px dashed {HC["gridlines"]} !important;
}}
.stButton button:disabled * {{ color: {HC["gridlines"]} !important; }}
.stButton button:focus-visible {{ outline: 4px solid {HC["text"]} !important; outline-offset: 3px; }}
[data-testid="stAlert"] > div {{
  background: {HC["banner_background"]} !important; color: {HC["banner_text"]} !important;
  border: 3px solid {HC["text"]} !important;
}}
</style>
"""


# What the buttons ask for, kept in session state by their callbacks and applied to the URL by
# the run that follows (the URL is changed in the script, where every runner honours it).
ASKED = "present.asked"


def requested() -> bool:
    """Whether the URL asks for presentation mode (and the reader has not just left it)."""
    if st.session_state.get(ASKED, {}).get("leave"):
        del st.session_state[ASKED]
        for key in (PARAM, SLIDES, STEP, CONTRAST):
            if key in st.query_params:
                del st.query_params[key]
    return st.query_params.get(PARAM) == "1"


def _ask(**wish: object) -> None:
    st.session_state[ASKED] = wish


def _apply_asked() -> None:
    wish = st.session_state.pop(ASKED, {})
    if "step" in wish:
        st.query_params[STEP] = str(wish["step"])
    if "high" in wish:
        if wish["high"]:
            st.query_params[CONTRAST] = "high"
        elif CONTRAST in st.query_params:
            del st.query_params[CONTRAST]


def enlarge(spec: Any, factor: float = ENLARGE) -> Any:
    """A Vega-Lite spec with every font size (and label length limit) scaled up, for a projector."""
    if isinstance(spec, list):
        return [enlarge(item, factor) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {}
    for key, value in spec.items():
        sized = key == "fontSize" or key.endswith(("FontSize", "Limit"))
        if key == "datasets":
            out[key] = value
        elif sized and isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = round(value * factor, 1)
        else:
            out[key] = enlarge(value, factor)
    return out


def projector_spec(figure: Figure, high: bool) -> dict[str, Any]:
    """The figure's chart as a spec sized for a projector (and in high contrast if asked)."""
    from gmdash import present  # the deck builders, loaded when a deck is shown

    chart = accessible(figure.chart)
    base = {
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 200},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 200},
        "header": {"labelFontSize": 13},
        "title": {"fontSize": 16, "subtitleFontSize": 12},
    }
    if high:
        ink, grid = present.HIGH_CONTRAST["text"], present.HIGH_CONTRAST["gridlines"]
        chart = (
            chart.configure_axis(
                labelColor=ink, titleColor=ink, domainColor=ink, tickColor=ink, gridColor=grid
            )
            .configure_legend(labelColor=ink, titleColor=ink)
            .configure_title(color=ink, subtitleColor=ink)
            .configure_view(stroke=ink)
        )
    spec: dict[str, Any] = chart.to_dict()
    config = spec.setdefault("config", {})
    for part, sizes in base.items():
        config.setdefault(part, {})
        for key, size in sizes.items():
            config[part].setdefault(key, size)
    spec.pop("description", None)
    spec = dict(enlarge(spec))
    # Streamlit fits a fixed-height chart's title, legend and axes inside its height: the larger
    # text gets room of its own instead of squeezing the plot. (Row-step heights grow anyway.)
    if isinstance(spec.get("height"), int | float):
        spec["height"] = round(spec["height"] + ROOM)
    return spec


def run(page: str) -> None:
    """Draw the current slide of the deck, with the keys to step through it."""
    from gmdash import present  # the deck builders, loaded when a deck is shown

    _apply_asked()
    boroughs, titles = shell.boroughs(), shell.indicator_titles()
    filters = state.current()
    setting = present.Setting(filters.comparator, filters.sex, filters.area)
    text = st.query_params.get(SLIDES)
    if text:
        slides, notices = present.parse_slides(text, boroughs, list(titles))
    else:
        slides, notices = present.default_deck(page, setting, filters.indicator), []
    high = st.query_params.get(CONTRAST) == "high"
    st.html(CSS + (_high_contrast_css() if high else ""))
    for notice in notices:
        # The notice quotes the link: escaped, so a link cannot put Markdown or HTML on the page.
        st.warning(state.echo(notice, limit=400), icon=":material/link_off:")
    if not slides:
        st.warning("The link names no slide this dashboard can show.")
        st.button("Exit presentation", on_click=_ask, kwargs={"leave": True}, key="present.exit")
        return
    step = present.step_of(st.query_params.get(STEP), len(slides))
    # The URL always holds the whole deck and the step, so a copied link reopens this slide.
    if st.query_params.get(SLIDES) != present.deck_text(slides):
        st.query_params[SLIDES] = present.deck_text(slides)
    if st.query_params.get(STEP) != str(step):
        st.query_params[STEP] = str(step)
    slide = slides[step - 1]
    st.html(
        '<div class="gm-running-head">'
        f"<span>{html.escape(present.slide_label(slide, boroughs, titles))}</span>"
        f"<span>Slide {step} of {len(slides)}</span></div>"
    )
    shown = present.slide_figure(data.ask, slide, setting, boroughs, data.manifest().version)
    if isinstance(shown, Figure):
        if shown.status.has_generated:
            st.warning(
                f"**{shown.status.label}.** Generated values are not official statistics: "
                "do not quote them.",
                icon=":material/science:",
            )
        st.vega_lite_chart(
            spec=projector_spec(shown, high),
            width="stretch",
            alt=shown.alt_text,
        )
        st.caption(shown.source_line)
    else:
        st.info(shown.text)
    back, forward, contrast, leave = st.columns(4)
    back.button(
        "Previous",
        icon=":material/arrow_back:",
        shortcut="Left",
        disabled=step == 1,
        on_click=_ask,
        kwargs={"step": step - 1},
        key="present.previous",
        width="stretch",
    )
    forward.button(
        "Next",
        icon=":material/arrow_forward:",
        shortcut="Right",
        disabled=step == len(slides),
        on_click=_ask,
        kwargs={"step": step + 1},
        key="present.next",
        width="stretch",
    )
    contrast.button(
        "Standard contrast" if high else "High contrast",
        icon=":material/contrast:",
        shortcut="H",
        on_click=_ask,
        kwargs={"high": not high},
        key="present.contrast",
        width="stretch",
    )
    leave.button(
        "Exit presentation",
        icon=":material/close:",
        shortcut="Esc",
        on_click=_ask,
        kwargs={"leave": True},
        key="present.exit",
        width="stretch",
    )
