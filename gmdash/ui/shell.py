"""The page registry, session start, and the guard that keeps every page behind the router."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from gmdash import views
from gmdash.db import REBUILD_HELP, ExtractsMissing
from gmdash.ui import data, state
from gmdash.ui.turns import TURNS

FAILED = (
    "Sorry, this view could not be drawn. Nothing has been changed. Try another selection, "
    "or reload the page; if it keeps happening, report the link you were using."
)
Q = ParamSpec("Q")


def fragment(body: Callable[Q, None]) -> Callable[Q, None]:
    """`st.fragment` for the part of a page one widget redraws, with app.py's care around it.

    A change inside the fragment reruns `body` alone, not the page, sidebar or header, so
    app.py's handling does not run: the fragment mirrors the filters in the URL itself, and
    shows the app's messages, never a traceback, when something fails. It takes its turn at the
    interpreter as app.py does for a page run (`gmdash.ui.turns`).
    """

    @st.fragment
    @functools.wraps(body)
    def run(*args: Q.args, **kwargs: Q.kwargs) -> None:
        # A fragment's own rerun takes its turn as a page run does (inside one, it has it).
        with TURNS.turn():
            try:
                body(*args, **kwargs)
                state.publish()
            except ExtractsMissing as exc:
                st.error(
                    f"The data extracts are missing or damaged: {exc}", icon=":material/error:"
                )
                st.markdown(REBUILD_HELP)
            except Exception:
                logging.getLogger("gmdash").exception("page part failed")
                st.error(FAILED)

    return run


def pages() -> dict[str, list[st.Page]]:
    """Every page, grouped for the sidebar: the one registry app.py and the guard share."""
    return {
        "Dashboard": [
            st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
            st.Page(
                "pages/overview.py",
                title="Overview",
                icon=":material/grid_on:",
                url_path="overview",
            ),
            st.Page(
                "pages/profile.py",
                title="Borough profile",
                icon=":material/person_pin_circle:",
                url_path="profile",
            ),
            st.Page(
                "pages/compare.py",
                title="Compare boroughs",
                icon=":material/bar_chart:",
                url_path="compare",
            ),
            st.Page(
                "pages/trends.py", title="Trends", icon=":material/show_chart:", url_path="trends"
            ),
            st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map"),
            st.Page(
                "pages/whatif.py", title="What if?", icon=":material/target:", url_path="whatif"
            ),
            st.Page(
                "pages/funding_split.py",
                title="Funding split",
                icon=":material/pie_chart:",
                url_path="funding_split",
            ),
            st.Page(
                "pages/whatif_scenarios.py",
                title="Saved scenarios",
                icon=":material/bookmarks:",
                url_path="whatif_scenarios",
            ),
            st.Page(
                "pages/pack.py",
                title="Committee pack",
                icon=":material/slideshow:",
                url_path="pack",
            ),
        ],
        "Context": [
            st.Page(
                "pages/people.py",
                title="People in treatment",
                icon=":material/diversity_3:",
                url_path="people",
            ),
            st.Page(
                "pages/demographics.py",
                title="Demographics",
                icon=":material/groups:",
                url_path="demographics",
            ),
            st.Page(
                "pages/funding.py", title="Funding", icon=":material/payments:", url_path="funding"
            ),
            st.Page(
                "pages/methods.py",
                title="Data and methods",
                icon=":material/menu_book:",
                url_path="methods",
            ),
        ],
    }


def require_router() -> None:
    """Make sure this page runs inside app.py's router, with the session set up.

    A `pages/` folder beside app.py puts a freshly started Streamlit server in its legacy
    multipage mode until `st.navigation` is first called, so a link straight to a page (the
    first request after a restart) runs the page script alone, without app.py. Declaring the
    navigation here switches the server to app.py's routing, and the rerun then comes back
    through app.py to this same page, URL parameters intact.
    """
    if state.STATE_KEY not in st.session_state:
        st.navigation(pages(), position="hidden")
        st.rerun()


def boroughs() -> dict[str, str]:
    """GM borough codes to names, in alphabetical order (shared: read-only)."""
    return data.ask.memo(views.gm_boroughs)


def indicator_titles() -> dict[str, str]:
    """Every indicator's id to its picker title, generated ones marked (shared: read-only)."""
    return data.ask.memo(views.indicator_titles)


def start_session() -> None:
    """Initialise the shared filters from the URL, once per browser session."""
    gm = boroughs()
    options = state.Options(boroughs=gm, indicators=list(indicator_titles()))
    state.init(options, state.Filters(area=next(iter(gm))))
