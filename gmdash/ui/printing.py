"""The print stylesheet and the print-only header: the one place the app's print CSS lives.

Printing any page gives A4 landscape pages with no sidebar, controls or buttons, no chart split
across pages and tables at a readable size, headed by the view's title, its filters, the date
and the extract version. app.py keeps a slot above the page and fills it once the page has
run, so the header names the filters the page ended on.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from gmcore.schema import COMPARATORS
from gmdash.ui import data, shell, state, tables

HEADER_CLASS = "gm-print-header"
# Containers whose key starts with this are drawn on paper only (Streamlit names their class
# `st-key-<key>`).
PRINT_COPY = "gm-print-copy-"
PRINT_ROWS = 60
# Tables with more columns than this print in smaller type, so each column keeps some width.
WIDE_COLUMNS = 8
# A keyed container sits in a layout wrapper: the wrapper is what shows or hides. (A `:has()`
# cannot hold another `:has()`, so selectors that need the wrapper spell it out.)
COPY = f'[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{PRINT_COPY}"])'

# Which shared filters each page uses (by URL path), so a printout names only those.
PAGE_FILTERS: Mapping[str, tuple[str, ...]] = {
    "": (),
    "overview": ("comparator",),
    "profile": ("area",),
    "compare": ("indicator", "period", "sex", "comparator", "area"),
    "trends": ("indicator", "sex", "comparator", "areas"),
    "map": ("indicator", "period", "sex", "comparator"),
    "demographics": ("area",),
    "funding": ("area",),
    "methods": (),
}
FILTER_WORDS = {
    "area": "Borough",
    "indicator": "Indicator",
    "period": "Period",
    "sex": "Sex",
    "comparator": "Compared with",
    "areas": "Boroughs",
}

CSS = f"""
<style>
.{HEADER_CLASS}, {COPY} {{ display: none; }}
[data-testid="stElementContainer"]:has(.{HEADER_CLASS}) {{ display: none; }}
@media print {{
  @page {{ size: A4 landscape; margin: 10mm 12mm; }}
  html, body {{ background: #FFFFFF !important; }}
  /* Streamlit sizes its type in rem: a smaller root fits a page without squeezing tables. */
  html {{ font-size: 13px !important; }}
  /* Streamlit scrolls inside a fixed-height pane; a printout needs the whole flowing page. */
  .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {{
    position: static !important; overflow: visible !important; height: auto !important;
    min-height: 0 !important;
  }}
  [data-testid="stMainBlockContainer"] {{
    padding: 0 !important; max-width: none !important; width: 100% !important;
  }}
  /* Page breaks fall cleanly between plain blocks; Chromium leaves blank pages when it has to
     break inside nested flex columns. Margins stand in for the flex gaps. */
  [data-testid="stVerticalBlock"] {{ display: block !important; }}
  [data-testid="stVerticalBlock"] > * {{ margin-bottom: 0.6rem; }}
  [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:empty,
  [data-testid="stVerticalBlock"] > :has(> [data-testid="stVerticalBlock"]:empty) {{
    margin-bottom: 0;
  }}
  /* No sidebar, toolbar, controls or buttons on paper. */
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stBottom"],
  [data-testid="stElementToolbar"], .stButton, .stDownloadButton, .stLinkButton,
  .stPageLink, .stSelectbox, .stMultiSelect, .stCheckbox, .stRadio, .stToggle,
  .stSlider, .stTextInput, .stNumberInput, .stDateInput, .stFileUploader,
  [data-testid="stButtonGroup"], [data-testid="stPills"],
  [data-testid="stExpander"]:has(details:not([open])),
  [data-testid="stElementContainer"]:has(.stButton, .stDownloadButton, .stSelectbox,
    .stMultiSelect, .stCheckbox, .stRadio, [data-testid="stButtonGroup"]) {{
    display: none !important;
  }}
  /* Columns that held only controls collapse instead of leaving blank bands. */
  [data-testid="stHorizontalBlock"]:not(:has([data-testid="stVegaLiteChart"],
    [data-testid="stMarkdown"], [data-testid="stMetric"], [data-testid="stTable"],
    [data-testid="stDataFrame"], [data-testid="stAlert"])) {{
    display: none !important;
  }}
  [data-testid="stElementContainer"]:has(.{HEADER_CLASS}) {{ display: block !important; }}
  /* A data grid gives way to its plain copy, which prints whole and as text. */
  {COPY} {{ display: block !important; }}
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]):has(
    + [data-testid="stLayoutWrapper"] > [class*="st-key-{PRINT_COPY}"]) {{
    display: none !important;
  }}
  .{HEADER_CLASS} {{
    display: block !important; border-bottom: 2px solid #000000; padding-bottom: 4px;
    margin-bottom: 6px; color: #000000;
  }}
  .{HEADER_CLASS} h1 {{ font-size: 20pt; margin: 0; padding: 0; }}
  .{HEADER_CLASS} p {{ font-size: 10pt; margin: 2px 0 0 0; }}
  /* The page's own title repeats the header's. */
  [data-testid="stMainBlockContainer"] h1 {{ display: none; }}
  [data-testid="stMainBlockContainer"] .{HEADER_CLASS} h1 {{ display: block; }}
  /* A chart, a table or a banner is never cut in two; a heading stays with what follows. */
  [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]),
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]),
  [data-testid="stElementContainer"]:has([data-testid="stAlert"]),
  [data-testid="stVegaLiteChart"], tr {{
    break-inside: avoid; page-break-inside: avoid;
  }}
  h1, h2, h3, [data-testid="stElementContainer"]:has(h2, h3),
  [data-testid="stElementContainer"]:has(h2, h3)
    + [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {{
    break-after: avoid; page-break-after: avoid;
  }}
  /* Charts drawn for a wider screen shrink to the paper's width instead of being cut off. */
  [data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg {{
    max-width: 100% !important; max-height: 120mm !important; width: auto !important;
    height: auto !important;
  }}
  /* A scrolling box is printed as one unsplittable block: tables flow across pages instead. */
  [data-testid="stTable"], [data-testid="stTable"] div {{
    overflow: visible !important; max-height: none !important; height: auto !important;
  }}
  /* An inline table is one unbreakable box; as a block table it breaks between rows. */
  [data-testid="stTable"] table {{ display: table !important; font-size: 9pt; width: 100%; }}
  [data-testid="stTable"] td, [data-testid="stTable"] th {{ padding: 2px 6px !important; }}
  [class*="st-key-{PRINT_COPY}wide-"] table {{ font-size: 7pt; }}
  [data-testid="stAlert"] {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
  body, p, li, [data-testid="stCaptionContainer"] {{ color: #000000 !important; }}
}}
</style>
"""


def filter_words(
    page: str,
    filters: state.Filters,
    boroughs: Mapping[str, str],
    indicators: Mapping[str, str],
) -> list[str]:
    """The filters a page uses, in words ("Borough: Bury"), then the page's own settings."""
    names = {**boroughs, **COMPARATORS, **indicators}

    def words(value: str) -> str:
        return ", ".join(names.get(v, v) for v in value.split(","))

    values: dict[str, str] = {
        "area": boroughs.get(filters.area, filters.area),
        "indicator": indicators.get(filters.indicator, filters.indicator),
        "period": filters.period or "latest available",
        "sex": filters.sex,
        "comparator": COMPARATORS.get(filters.comparator, filters.comparator),
        "areas": ", ".join(boroughs.get(a, a) for a in filters.areas) or "the chosen borough",
    }
    out = [f"{FILTER_WORDS[key]}: {values[key]}" for key in PAGE_FILTERS.get(page, ())]
    prefix = f"{page}."
    for key, value in filters.choices:
        if page and key.startswith(prefix):
            label = key.removeprefix(prefix).replace("_", " ").capitalize()
            out.append(f"{label}: {'none' if value == 'none' else words(value)}")
    return out


def header_html(title: str, lines: list[str], version: str, today: dt.date) -> str:
    """The print-only header: the view's title, its filters, the date and the extract version."""
    filters = " · ".join(html.escape(line) for line in lines) or "No filters"
    return (
        f'<div class="{HEADER_CLASS}"><h1>{html.escape(title)}</h1>'
        f"<p>{filters}</p>"
        f"<p>Printed {today.day} {today:%B %Y} · Extracts version {html.escape(version)} · "
        "GM drug and alcohol treatment dashboard</p></div>"
    )


def print_copy(frame: pd.DataFrame, *, key: str) -> None:
    """A plain HTML copy of a data grid, shown only on paper, where the grid cannot print.

    Streamlit's data grid is drawn on a canvas that scrolls: on paper it would be cut to the
    rows and columns in view, as a picture. Long tables (over PRINT_ROWS rows) are left out.
    """
    if frame.empty or len(frame) > PRINT_ROWS:
        return
    wide = "wide-" if len(frame.columns) > WIDE_COLUMNS else ""
    with st.container(key=f"{PRINT_COPY}{wide}{key}"):
        st.table(tables.arrow(frame, indexed=True))


def slot() -> DeltaGenerator:
    """The print stylesheet, and a place at the top of the page for the print header.

    The stylesheet goes first, so the paper-only copies of tables never flash up on screen
    while the page draws; the header is filled in once the page has run.
    """
    st.html(CSS)
    return st.empty()


def page_header(place: DeltaGenerator, title: str, page: str) -> None:
    """Put the print-only header in `place` (after the page ran).

    Filled after the page script, the header names the filters the page ended on, not the ones
    it started with (a widget changes a filter part-way through a run).
    """
    lines = filter_words(page, state.current(), shell.boroughs(), shell.indicator_titles())
    place.html(header_html(title, lines, data.manifest().version, dt.date.today()))
