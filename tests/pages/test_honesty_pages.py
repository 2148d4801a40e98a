"""Issue 7's guarantees, on every page: generated values are labelled exactly where they appear.

- A status banner sits directly above every chart whose values include generated ones, and
  nowhere else.
- No source line under a generated value points at Fingertips or NDTMS.
- Every page with an indicator picker opens on a real indicator, and the picker marks the
  indicators that hold generated values.
"""

from __future__ import annotations

import json
import re

import pytest
from page_support import assert_clean, open_page

from gmdash import db

BANNER_WORDS = ("**Illustrative data.**", "**Partly illustrative data.**")
CHART_LABELS = ("ILLUSTRATIVE DATA", "PARTLY ILLUSTRATIVE")
OFFICIAL_HOSTS = ("fingertips", "ndtms")
# Each page, opened on its defaults and on an indicator with generated values.
PAGES = {
    "pages/home.py": [{}],
    "pages/overview.py": [{}],
    "pages/profile.py": [{"area": "E08000006"}],
    "pages/compare.py": [{}, {"indicator": "completions_non_opiate", "period": "2017"}],
    "pages/trends.py": [{}, {"indicator": "completions_non_opiate", "area": "E08000006"}],
    "pages/map.py": [{}, {"indicator": "completions_opiate"}],
    "pages/people.py": [{}, {"area": "E08000004", "sex": "Female"}],
    "pages/demographics.py": [{}],
    "pages/funding.py": [{}],
    "pages/methods.py": [{}],
}
PICKER_PAGES = ("compare", "trends", "map", "methods")
PAGE_COMPARE, PAGE_TRENDS = "pages/compare.py", "pages/trends.py"


def _flat(node, out=None):
    out = [] if out is None else out
    children = getattr(node, "children", None) or {}
    for child in children.values() if isinstance(children, dict) else children:
        out.append(child)
        _flat(child, out)
    return out


def _chart_has_generated(chart) -> bool:
    spec = json.loads(chart.proto.spec)
    sub = (spec.get("title") or {}).get("subtitle") or [""]
    first = sub[0] if isinstance(sub, list) else sub
    return str(first).startswith(CHART_LABELS)


def _is_banner(element) -> bool:
    return element.type == "warning" and str(element.value).startswith(BANNER_WORDS)


def _cases():
    for page, links in PAGES.items():
        for link in links:
            yield pytest.param(
                page, link, id=f"{page[6:-3]}-{'-'.join(link.values()) or 'default'}"
            )


@pytest.mark.parametrize(("page", "link"), list(_cases()))
def test_banners_sit_exactly_above_the_charts_with_generated_values(page, link):
    at = open_page(page, link)
    assert_clean(at)
    elements = [e for e in _flat(at.main) if e.type not in ("flex_container", "column")]
    banners_expected, banners_found = 0, sum(_is_banner(e) for e in elements)
    for i, element in enumerate(elements):
        if element.type != "vega_lite_chart":
            continue
        above = elements[i - 1] if i else None
        generated = _chart_has_generated(element)
        banners_expected += generated
        assert generated == bool(above is not None and _is_banner(above)), (
            f"chart {i} on {page}: generated={generated}, element above={above and above.type}"
        )
    assert banners_found == banners_expected


@pytest.mark.parametrize(("page", "link"), list(_cases()))
def test_no_source_under_a_generated_value_names_an_official_publisher(page, link):
    at = open_page(page, link)
    for element in _flat(at.main):
        if element.type != "markdown":
            continue
        text = str(element.value)
        sources = [line for line in text.splitlines() if line.startswith("- **Source")]
        if text.startswith("**Illustrative data.**"):
            assert sources and not any(h in s.lower() for s in sources for h in OFFICIAL_HOSTS)
        if text.startswith("**Partly illustrative data.**"):
            generated = [
                line for line in text.splitlines() if "Source of the generated values" in line
            ]
            assert generated and not any(h in generated[0].lower() for h in OFFICIAL_HOSTS)
            assert "(methods)" in generated[0]


@pytest.mark.parametrize("name", PICKER_PAGES)
def test_pages_open_on_a_real_indicator_and_mark_generated_ones(name):
    at = open_page(f"pages/{name}.py")
    assert_clean(at)
    manifest = db.load_manifest()
    picker = at.selectbox(key=f"{name}.indicator")
    assert picker.value not in manifest.illustrative_indicators
    labels = dict(zip(picker.options, picker.options, strict=True))
    marked = [o for o in picker.options if o.endswith("(illustrative)")]
    assert marked, f"no indicator marked illustrative on {name}: {list(labels)}"


GENERATED_OPENING = "Illustrative data (generated, not official statistics)"


def test_compare_tables_and_sentences_on_generated_values_say_so_first():
    at = open_page(PAGE_COMPARE, {"indicator": "completions_opiate", "period": "2021"})
    assert_clean(at)
    ranks = next(c.value for c in at.caption if "Rank 1 is the highest value" in c.value)
    assert ranks.startswith(f"**{GENERATED_OPENING}.**")
    take = next(m.value for m in at.markdown if "would need" in m.value or "already" in m.value)
    assert take.startswith(f"- {GENERATED_OPENING}: ")


def test_trends_tables_and_sentences_on_generated_values_say_so_first():
    at = open_page(PAGE_TRENDS, {"indicator": "completions_opiate", "area": "E08000004"})
    assert_clean(at)
    recent = next(c.value for c in at.caption if "Fingertips method" in c.value)
    assert recent.startswith(f"**{GENERATED_OPENING}.**")
    changes = [m.value for m in at.markdown if " → " in m.value]
    assert changes and all(
        line.startswith(f"- {GENERATED_OPENING}: ") for m in changes for line in m.splitlines()
    )


def test_real_indicators_carry_no_label():
    at = open_page(PAGE_COMPARE, {"indicator": "alcohol_met_need"})
    assert not any(GENERATED_OPENING in c.value for c in at.caption)
    assert not any(GENERATED_OPENING in m.value for m in at.markdown)


def _take_line(area: str) -> str:
    at = open_page(
        PAGE_COMPARE, {"indicator": "completions_non_opiate", "period": "2017", "area": area}
    )
    assert_clean(at)
    return next(m.value for m in at.markdown if "would need" in m.value or "already" in m.value)


def test_what_it_takes_follows_the_precision_of_the_rows_own_status():
    # 2017 non-opiate completions: Salford's row is published (exact counts), the other
    # boroughs' are generated and rounded to 5 like NDTMS's, so their answers come in fives.
    bolton = _take_line("E08000001")
    assert bolton.startswith(f"- {GENERATED_OPENING}: ")
    numbers = [int(n) for n in re.findall(r"need (?:about )?(\d+) (?:more|fewer)", bolton)]
    assert numbers and all(n % 5 == 0 for n in numbers), bolton
    salford = _take_line("E08000006")
    assert GENERATED_OPENING not in salford and "Salford" in salford
