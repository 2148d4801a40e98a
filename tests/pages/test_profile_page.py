"""The Borough profile page under AppTest: every borough, its spine, table and sentences."""

from __future__ import annotations

import json

import pytest
from page_support import GM_BOROUGHS, assert_clean, open_page

PAGE = "pages/profile.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_profile_runs_for_every_borough(code):
    name = GM_BOROUGHS[code]
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert at.selectbox(key="profile.area").value == code
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["title"]["text"] == f"{name} compared with England and other areas"
    labels = spec["layer"][0]["encoding"]["y"]["sort"]
    assert any("range: GM boroughs" in label for label in labels)
    assert any("range: English local authorities" in label for label in labels)
    table = at.table[0].value
    assert f"{name} (95% CI)" in table.columns and len(table) == 10
    assert table["Recent trend"].str.match(r"^[↑↓→–] ").all()
    sentences = [
        line.removeprefix("- ")
        for m in at.markdown
        for line in m.value.splitlines()
        if line.startswith("- **") and "** — " in line
    ]
    assert len(sentences) == 10
    assert all(f"{name}" in s for s in sentences)
    assert all("Illustrative data" in s for s in sentences if s.startswith("**Completions"))


def test_oldham_reads_as_the_brief_describes():
    at = open_page(PAGE, {"area": "E08000004"})
    assert_clean(at)
    met = next(m.value for m in at.markdown if "- **Alcohol met need**" in m.value)
    assert (
        "Oldham's alcohol met need in 2018/19 (13.0%, 95% CI 11.9–14.3%) is lower than "
        "England's (17.6%), and the difference is statistically significant"
    ) in met
    captions = " ".join(c.value for c in at.caption)
    assert "Not drawn: Drug-poisoning deaths" in captions
    assert "Spine chart of 7 indicators for Oldham" in captions


def test_choosing_another_borough_updates_the_page_and_the_link():
    at = open_page(PAGE, {"area": "E08000004"})
    at.selectbox(key="profile.area").select("E08000010").run()
    assert_clean(at)
    assert at.query_params["area"] == "E08000010"
    assert any("- **Alcohol met need** — Wigan's" in m.value for m in at.markdown)
