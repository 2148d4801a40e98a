"""Hostile links on every page of the real app (AppTest): no traceback, no injected markup, a notice.

Each page is opened with every shared filter set to a value the app does not have, and each of
the page's own widget keys set as a page setting (`<page>.<setting>`) to a hostile value: SQL and HTML
fragments, Markdown, Streamlit colour and icon directives, huge values and what a browser's
non-UTF-8 bytes decode to. The pure parser gets many more examples in tests/test_fuzz_links.py;
here each page gets a few, as a whole app run costs seconds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from page_support import APP, GM_BOROUGHS, assert_clean
from streamlit.testing.v1 import AppTest

SHARED = ("area", "indicator", "comparator", "sex", "areas")
HOSTILE = [
    "'; DROP TABLE indicator_values; --",
    "E08000001' OR '1'='1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](https://evil.example)",
    "![x](https://evil.example/x.png)",
    ":red[red] :material/warning: **bold** `code`",
    "$$x^2$$ | a | b |",
    "https://evil.example www.evil.example",
    b"caf\xe9 \xff\xfe".decode("utf-8", "replace"),
    "\u202eevil\u202c\x00\x07",
]
# Everything the app's own notices quote from a link sits between these marks, or after
# "ignored:" for the list of boroughs.
QUOTED = re.compile(r"“(.*?)”|ignored: (.*)$", re.S)
ACTIVE = re.compile(r"[<>\[\]`*_|~$\n\r]|://|www\.|:[a-z]+[\[/:]", re.I)
SETTING_NOTICE = re.compile(r"is not available for|is not a setting for")


def _pages() -> list[str]:
    """The page scripts app.py registers (its st.navigation registry), relative to app.py."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    root = Path(APP).parent
    return sorted(
        str(Path(info["script_path"]).relative_to(root))
        for info in at._registered_pages.values()
        if info.get("script_path")
    )


PAGES = _pages()


def _notices(at: AppTest) -> list[str]:
    return [str(n.value) for n in (*at.warning, *at.info)]


def _open(page: str, link: dict[str, str | list[str]]) -> tuple[AppTest, list[str]]:
    """The page opened from `link`, and every notice shown on the way.

    A session reads its link once, on its first run (Home, under AppTest), and says there what
    it ignored; the page then checks its own settings, which the session carries from the link.
    """
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in link.items():
        at.query_params[key] = value
    at.run()
    assert_clean(at)
    notices = _notices(at)
    if page != "pages/home.py":
        at.switch_page(page).run()
        notices += _notices(at)
    return at, notices


_keys: dict[str, list[str]] = {}


def _widget_keys(page: str) -> list[str]:
    """The keys of the widgets a page draws on a clean run: its settings are among them."""
    if page not in _keys:
        at, _ = _open(page, {})
        keys = set()
        for kind in ("selectbox", "multiselect", "checkbox", "radio", "toggle", "button_group"):
            for widget in at.get(kind):
                key = getattr(widget, "key", None)
                if key and not key.startswith("download:"):
                    keys.add(key)
        _keys[page] = sorted(keys)
    return _keys[page]


def _bad(value: str) -> bool:
    stripped = value.strip()
    return len(stripped) > 2 and stripped.casefold() not in {
        *GM_BOROUGHS,
        *(n.casefold() for n in GM_BOROUGHS.values()),
    }


hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=3, max_size=50),
    st.binary(min_size=3, max_size=30).map(lambda b: b.decode("utf-8", "replace")),
    # Huge, but the whole link stays under Streamlit's 524,288-character query-string limit.
    st.integers(min_value=1_000, max_value=3_000).map(lambda n: "<b>" * n),
).filter(_bad)


@st.composite
def links(draw: st.DrawFn, page: str) -> dict[str, str | list[str]]:
    link: dict[str, str | list[str]] = {key: draw(hostile) for key in SHARED}
    link["areas"] = [draw(hostile), draw(hostile)]
    # The parser keeps at most 12 page settings: fuzz up to 10 of the page's keys each time.
    for key in draw(st.permutations(_widget_keys(page)))[:10]:
        link[key] = draw(hostile)
    link[f"v.{draw(hostile)[:30]}"] = draw(hostile)
    return link


def _check(page: str, link: dict[str, str | list[str]]) -> None:
    at, notices = _open(page, link)
    assert_clean(at)
    assert any("The link named" in n for n in notices), notices
    for notice in notices:
        for match in QUOTED.finditer(notice):
            quoted = next(g for g in match.groups() if g is not None)
            plain = re.sub(r"\\[!-/:-@\[-`{-~]", "", quoted)
            assert not ACTIVE.search(plain), f"{page}: markup from the link in {notice!r}"
    # The URL the app writes back names only what the app has.
    assert at.query_params["area"] in GM_BOROUGHS
    # A page setting the page read (and so dropped from the URL, as the value was bad) was
    # announced: one notice per setting.
    fuzzed = set(_widget_keys(page)) & set(link)
    consumed = [k for k in fuzzed if k not in at.query_params]
    setting_notices = [n for n in notices if SETTING_NOTICE.search(n)]
    assert len(setting_notices) >= len(consumed), (consumed, notices)


@pytest.mark.parametrize("page", PAGES)
def test_every_hostile_value_at_once(page):
    link: dict[str, str | list[str]] = dict.fromkeys(SHARED, HOSTILE[0])
    link |= {"area": HOSTILE[4], "indicator": HOSTILE[2], "comparator": HOSTILE[6]}
    link |= {"sex": HOSTILE[9], "areas": HOSTILE, "period": HOSTILE[1]}
    for i, key in enumerate(_widget_keys(page)[:10]):
        link[key] = HOSTILE[i % len(HOSTILE)] + " " * i + "x" * 500
    _check(page, link)


@pytest.mark.parametrize("page", PAGES)
def test_one_huge_value(page):
    _check(page, {"area": "%" * 150_000, "compare.view": "<b>" * 10_000})


def test_a_link_longer_than_streamlit_accepts_is_dropped_whole_and_cleanly():
    # Streamlit ignores a query string over 524,288 characters, so the app sees no link at all.
    at, notices = _open("pages/compare.py", dict.fromkeys([*SHARED, "period"], "%" * 200_000))
    assert_clean(at)
    assert not any("The link named" in n for n in notices)
    assert at.query_params["area"] == "E08000001"


@pytest.mark.parametrize("page", PAGES)
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_hostile_links(page, data):
    _check(page, data.draw(links(page)))
