"""The Overview page under AppTest: the rug for each comparator, needs attention, links."""

from __future__ import annotations

import json

import pytest
from page_support import assert_clean, grid, open_page

PAGE = "pages/overview.py"


def rug_spec(at) -> dict:
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_overview_compares_every_borough_with_england_by_default():
    at = open_page(PAGE)
    assert_clean(at)
    assert at.selectbox(key="overview.comparator").value == "E92000001"
    spec = rug_spec(at)
    legend = spec["layer"][0]["encoding"]["color"]["legend"]["title"]
    assert legend == "Compared with England (95% / 99.8% where published)"
    captions = " ".join(c.value for c in at.caption)
    assert "Grid of 10 indicators for 10 GM boroughs, each compared with England" in captions
    assert "A recent trend could be tested for" in captions
    headings = [h.value for h in at.subheader]
    assert headings == ["How to read the rug", "Needs attention"]
    # Real data: Manchester's and Oldham's alcohol met need are worse than England's and falling.
    attention = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert attention and "Manchester — alcohol met need" in attention[0]
    # The rug mixes real indicators with generated completions: one banner, above it, says so.
    assert [w.value[:28] for w in at.warning] == ["**Partly illustrative data.*"]


@pytest.mark.parametrize(
    ("code", "name"), [("E12000002", "North West"), ("E47000001", "Greater Manchester")]
)
def test_changing_the_comparator_redraws_the_rug_and_the_link(code, name):
    at = open_page(PAGE)
    at.selectbox(key="overview.comparator").select(code).run()
    assert_clean(at)
    assert at.query_params["comparator"] == code
    spec = rug_spec(at)
    assert spec["layer"][0]["encoding"]["color"]["legend"]["title"].startswith(
        f"Compared with {name} "
    )
    table = grid(at, "Row")
    header = table[table["Row"] == "comparator"]
    assert set(header["Area"]) == {name}
    # Alcohol-related mortality has no North West or GM value: its cells say so.
    mortality = table[
        (table["Indicator"] == "Alcohol-related mortality") & (table["Row"] == "borough")
    ]
    assert len(mortality) == 10
    assert set(mortality[f"Compared with {name}"]) == {"not compared: no comparator value"}


def test_a_link_with_a_comparator_opens_on_it():
    at = open_page(PAGE, {"comparator": "E12000002"})
    assert_clean(at)
    assert at.selectbox(key="overview.comparator").value == "E12000002"
    assert any(
        "No borough figure is both significantly worse than North West" in m.value
        for m in at.markdown
    )
