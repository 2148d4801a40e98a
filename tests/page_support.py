"""AppTest helpers: run the real app (router + page) on the committed extracts."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from gmcore.schema import GM_BOROUGHS
from gmdash.ui.components import TABLE_VIEW

__all__ = [
    "APP",
    "GM_BOROUGHS",
    "assert_clean",
    "grid",
    "link_notices",
    "open_page",
    "open_table_views",
    "shown_frames",
    "table_view_keys",
]

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(
    page: str,
    params: dict[str, str | list[str]] | None = None,
    timeout: float = 120,
    *,
    table_views: bool = False,
) -> AppTest:
    """Run app.py on `page` (e.g. "pages/compare.py") with URL parameters, as a link straight to
    the page opens it, and return it.

    Every page's URL path is its file's name, so the page is found before the first run. With
    `table_views`, every chart's "Show as table" is then opened (a second run, as a reader's
    click makes), for tests that read the grids a reader opens (`open_table_views`); notices
    shown once, on arrival, are then gone.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "pages/home.py":
        at.switch_page(page)
    at.run()
    ran = at._registered_pages.get(at._finished_page_script_hash, {})
    assert Path(str(ran.get("script_path", ""))).name == Path(page).name, (
        f"{page} did not open: is its url_path its file's name?"
    )
    return open_table_views(at) if table_views else at


def table_view_keys(at: AppTest) -> list[str]:
    """The keys of the charts' "Show as table" expanders on show (True in state when open)."""
    # A keyed widget's id ends with its key: "$$ID-<hash>-table:compare.bars".
    keys = (e.proto.id.split("-", 2)[-1] for e in at.expander if e.proto.id.startswith("$$ID-"))
    return [key for key in keys if key.startswith(TABLE_VIEW)]


def open_table_views(at: AppTest) -> AppTest:
    """Open every chart's table view (drawn only when open) and rerun, if any is closed."""
    closed = [key for key in table_view_keys(at) if not at.session_state[key]]
    if closed:
        for key in closed:
            at.session_state[key] = True
        at.run()
    return at


def shown_frames(at: AppTest) -> list[pd.DataFrame]:
    """Every data grid's frame, then every static table's (its row headers as a column)."""
    return [d.value for d in at.dataframe] + [t.value.reset_index() for t in at.table]


def grid(at: AppTest, column: str) -> pd.DataFrame:
    """The first data grid with `column`, found as a reader finds it: when no grid on show has
    it, the charts' table views (drawn only when open) are opened; then the static tables."""
    for frame in (d.value for d in at.dataframe):
        if column in frame.columns:
            return frame
    for frame in shown_frames(open_table_views(at)):
        if column in frame.columns:
            return frame
    raise AssertionError(f"no grid or table on the page has a column {column!r}")


def link_notices(params: dict[str, str | list[str]]) -> list[str]:
    """The notices a new session shows for a link, as a reader sees them (Markdown escapes
    removed: values quoted from a link are escaped so they cannot inject markup)."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return [re.sub(r"\\(.)", r"\1", w.value) for w in at.run().warning]


def assert_clean(at: AppTest) -> None:
    """No exception, no error box, and no traceback text anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("Traceback" in str(t) for t in texts)
