"""AppTest helpers: run the real app (router + page) on the committed extracts."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

GM_BOROUGHS = {
    "E08000001": "Bolton",
    "E08000002": "Bury",
    "E08000003": "Manchester",
    "E08000004": "Oldham",
    "E08000005": "Rochdale",
    "E08000006": "Salford",
    "E08000007": "Stockport",
    "E08000008": "Tameside",
    "E08000009": "Trafford",
    "E08000010": "Wigan",
}


def open_page(
    page: str, params: dict[str, str | list[str]] | None = None, timeout: float = 120
) -> AppTest:
    """Run app.py, switch to `page` (e.g. "pages/compare.py") with URL parameters, and return it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception, no error box, and no traceback text anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("Traceback" in str(t) for t in texts)
