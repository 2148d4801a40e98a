"""Hostile links, property-tested on the pure parser: whatever a URL carries, parse_params returns
valid filters, never raises, says what it ignored, and quotes nothing that could become markup.

The app-level counterpart (AppTest on every page) is tests/pages/test_fuzz_links_pages.py.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gmcore.schema import GM_BOROUGHS
from gmdash.ui.state import (
    COMPARATORS,
    MAX_CHOICES,
    SEXES,
    Filters,
    Options,
    echo,
    parse_params,
    period_or_latest,
)

INDICATORS = ["completions_opiate", "alcohol_met_need", "drug_poisoning_deaths"]
OPTIONS = Options(boroughs=GM_BOROUGHS, indicators=INDICATORS)
DEFAULT = Filters(area="E08000001")
SHARED = ("area", "indicator", "comparator", "sex", "period", "areas")

SQL = [
    "' OR '1'='1",
    "'; DROP TABLE indicator_values; --",
    "E08000001' UNION SELECT * FROM areas --",
    "1; COPY areas TO '/tmp/x.csv'",
    "$indicator_id",
    "read_csv('/etc/passwd')",
]
HTML = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "</div><h1>pwned</h1>",
    "[click me](https://evil.example)",
    "![x](https://evil.example/x.png)",
    "**bold** _it_ `code` # heading",
    ":red[red text] :material/warning:",
    "$$x^2$$",
    "https://evil.example/path",
    "www.evil.example",
    "<https://evil.example>",
    "| a | b |\n|---|---|",
    "&lt;b&gt;entity&lt;/b&gt;",
]
# What a browser's bytes become: Streamlit decodes the query string as UTF-8 with replacement.
NOT_UTF8 = [
    b"\xff\xfe\xfd".decode("utf-8", "replace"),
    b"caf\xe9".decode("utf-8", "replace"),
    b"\xc3\x28".decode("latin-1"),
    "\udcff\udcfe",  # lone surrogates, as surrogateescape decoding leaves them
    "\x00\x07\x1b[31m",
    "\u202eevil\u202c",
]
KNOWN = [*GM_BOROUGHS, *GM_BOROUGHS.values(), *INDICATORS, *COMPARATORS, *SEXES, "2021/22"]

hostile_text = st.one_of(
    st.sampled_from(SQL + HTML + NOT_UTF8),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.binary(max_size=40).map(lambda b: b.decode("utf-8", "replace")),
    st.binary(max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.integers(min_value=1_000, max_value=200_000).map(lambda n: "A" * n),
    st.sampled_from(KNOWN).map(lambda k: k.upper() + "'"),
)
any_value = st.one_of(st.sampled_from(KNOWN), hostile_text)
param_value = st.one_of(any_value, st.lists(any_value, max_size=6))
# Page settings travel as <page>.<setting>; links from before that named them v.<old key>.
setting_key = st.one_of(
    st.sampled_from(
        ["compare.view", "trends.pool", "map.scheme", "v.compare:view", "v.trends:pool"]
    ),
    st.from_regex(r"[a-z]{1,30}\.[a-z_]{1,60}", fullmatch=True),
    hostile_text.map(lambda k: "v." + k),
)
params = st.dictionaries(
    st.one_of(st.sampled_from(SHARED), setting_key, hostile_text),
    param_value,
    max_size=12,
)

# Markdown that Streamlit would turn into markup: HTML, links, images, code, emphasis, tables,
# colour and icon directives, maths, and bare URLs (GFM autolinks). Escaped characters (\x) are
# literal, so they are removed before looking.
ACTIVE = re.compile(r"[<>\[\]`*_|~$\n\r]|://|www\.|:[a-z]+[\[/:]", re.I)


def _unescaped(notice: str) -> str:
    return re.sub(r"\\[!-/:-@\[-`{-~]", "", notice)


def _known(key: str, raw: str) -> bool:
    if key == "area":
        names = {n.casefold() for n in GM_BOROUGHS.values()}
        return raw in GM_BOROUGHS or raw.casefold() in names
    return raw in {"indicator": INDICATORS, "comparator": COMPARATORS, "sex": SEXES}[key]


def _last(value: str | list[str]) -> str | None:
    if isinstance(value, list):
        value = value[-1] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params)
@example({"area": "<script>alert(1)</script>", "indicator": "[x](https://evil.example)"})
@example({"areas": [*SQL, *HTML], "sex": "\udcff", "comparator": "A" * 100_000})
@example({"v.compare:view": "</div>" * 1000, "v.<b>": "x", "period": "'; DROP TABLE x; --"})
@example({"a." + "b" * 100_000: "x", "compare.view": "<b>" * 10_000})
def test_any_link_gives_valid_filters_and_safe_notices(link):
    filters, notices = parse_params(link, OPTIONS, DEFAULT)

    assert filters.area in GM_BOROUGHS
    assert filters.indicator in INDICATORS
    assert filters.comparator in COMPARATORS
    assert filters.sex in SEXES
    assert set(filters.areas) <= set(GM_BOROUGHS)
    assert filters.period is None or len(filters.period) <= 20
    assert len(filters.choices) <= MAX_CHOICES
    assert all(len(v) <= 80 for _, v in filters.choices)
    assert all(re.fullmatch(r"[a-z]+\.[a-z_]+", k) for k, _ in filters.choices)

    for notice in notices:
        assert len(notice) < 500, "a notice quotes a value at length"
        assert not ACTIVE.search(_unescaped(notice)), notice
        notice.encode("utf-8")  # Streamlit must be able to send it

    # Each shared filter the link names with a value the app lacks gets its own notice.
    for key in ("area", "indicator", "comparator", "sex"):
        raw = _last(link[key]) if key in link else None
        if raw is not None and not _known(key, raw):
            assert any(f"named the {key}" in n or f"named {key}" in n for n in notices), key


@settings(max_examples=300, deadline=None)
@given(hostile_text, st.lists(st.sampled_from(["2019/20", "2020/21", "2021/22"]), min_size=1))
def test_a_period_the_indicator_lacks_falls_back_to_the_latest_with_a_safe_notice(period, periods):
    periods = sorted(set(periods))
    chosen, notice = period_or_latest(period, periods)
    assert chosen in periods
    if period in periods:
        assert notice is None
    else:
        assert chosen == periods[-1] and notice is not None
        assert not ACTIVE.search(_unescaped(notice)), notice


@settings(max_examples=500, deadline=None)
@given(hostile_text, st.integers(min_value=1, max_value=80))
def test_echo_escapes_every_markup_character_and_keeps_the_text(value, limit):
    quoted = echo(value, limit)
    assert not ACTIVE.search(_unescaped(quoted))
    quoted.encode("utf-8")
    # Removing the escapes gives back the value, cut and with unprintable characters replaced.
    plain = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", quoted)
    assert len(plain) == len(value[:limit])


def test_echo_examples_written_out():
    assert echo("[x](https://e.org)") == r"\[x\]\(https\:\/\/e\.org\)"
    assert echo("<b>Bolton</b>") == r"\<b\>Bolton\<\/b\>"
    assert echo("Bolton") == "Bolton"
    assert echo("a\nb\x00c") == "a b c"
    assert echo("x" * 100, 5) == "xxxxx"
    assert echo("\udcff") == r"\?"
