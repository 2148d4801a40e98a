"""AppTest helpers: run the real app (router + page) on the committed extracts."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from gmcore.schema import GM_BOROUGHS

__all__ = ["APP", "GM_BOROUGHS", "assert_clean", "link_notices", "open_page"]

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(
    page: str, params: dict[str, str | list[str]] | None = None, timeout: float = 120
) -> AppTest:
    """Run app.py on `page` (e.g. "pages/compare.py") with URL parameters, as a link straight to
    the page opens it, and return it.

    Every page's URL path is its file's name, so the page is found before the first run.
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
    return at


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
