"""Bring your own numbers under AppTest: malformed files listed by row, good ones used and
labelled on What if? and Compare, nothing written to data/, no uploaded text as Markdown."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from extracts_support import committed
from page_support import assert_clean, grid, open_page

from gmdash import queries

PAGE = "pages/whatif.py"
LINK = {"area": "E08000001", "indicator": "alcohol_met_need", "period": "2018/19"}
HEADER = "area_code,period,count,denominator\n"
GOOD_ROW = "E08000001,2018/19,700,3600\n"
# Each file is wrong in one way; the message the page lists for it.
MALFORMED = {
    "wrong columns": (b"area,when,n,d\nE08000001,2018/19,700,3600\n", "Missing column(s)"),
    "text in a number": ((HEADER + "E08000001,2018/19,lots,3600\n").encode(), "'lots' where"),
    "unknown area code": (
        (HEADER + "E08999999,2018/19,700,3600\n").encode(),
        "is not an area code the dashboard knows",
    ),
    "count above denominator": (
        (HEADER + "E08000001,2018/19,4000,3600\n").encode(),
        "is larger than its denominator",
    ),
    "empty file": (b"", "The file is empty."),
    "over the size cap": (
        (HEADER + GOOD_ROW * 200_000).encode(),
        "the largest accepted is 5 MB",
    ),
    "not a CSV": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "This is a PNG image, not a CSV file"),
    "UTF-16": ((HEADER + GOOD_ROW).encode("utf-16"), "saved as UTF-16"),
    "duplicate keys": ((HEADER + GOOD_ROW + GOOD_ROW).encode(), "repeats area_code"),
    "formula injection": (
        (HEADER + 'E08000001,2018/19,"=HYPERLINK(""http://x.invalid"",""y"")",3600\n').encode(),
        "like a spreadsheet formula",
    ),
    "markup in a cell": (
        (HEADER + "![x](http://x.invalid/a.png)<b>hi</b>,2018/19,700,3600\n").encode(),
        "is not an area code the dashboard knows",
    ),
}


@pytest.fixture(autouse=True)
def scenario_db(tmp_path, monkeypatch):
    monkeypatch.setenv("GMDASH_SCENARIOS_DB", str(tmp_path / "scenarios.db"))
    monkeypatch.delenv("GMDASH_SCENARIOS_URL", raising=False)


def _digest(folder) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def _upload(at, name: str, content: bytes, kind: str = "local"):
    at.radio(key="whatif.upload_kind").set_value(kind).run()
    if kind == "local":
        at.selectbox(key="whatif.upload_indicator").set_value("alcohol_met_need").run()
    at.file_uploader(key="whatif.upload_file").set_value((name, content, "text/csv")).run()
    return at


def _shown_text(at) -> list[str]:
    """Everything drawn as Markdown: headings, text, captions, alerts."""
    return [
        str(e.value)
        for e in (*at.markdown, *at.caption, *at.warning, *at.info, *at.success, *at.subheader)
    ]


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_a_malformed_upload_lists_its_problems_and_changes_nothing(case, data_dir):
    content, expected = MALFORMED[case]
    before = _digest(data_dir)
    at = _upload(open_page(PAGE, LINK), f"{case}.csv", content)
    assert_clean(at)
    assert any(w.value.startswith("This file was not used") for w in at.warning)
    problems = grid(at, "Problem")
    assert problems["Problem"].str.contains(expected, regex=False).any(), problems
    assert not _has_toggle(at)
    # uploaded text appears only in the plain-text table, never as Markdown or HTML
    for text in _shown_text(at):
        assert "HYPERLINK" not in text and "<b>" not in text and "x.invalid" not in text
    assert _digest(data_dir) == before


def _has_toggle(at) -> bool:
    return any(t.key == "whatif.uploaded" for t in at.toggle)


def _own_figures() -> tuple[bytes, dict[str, float]]:
    """Local figures built from the dashboard's own: every borough's count 50 higher."""
    frame = queries.indicator_values_gm(committed(), "alcohol_met_need", "2018/19")
    boroughs = frame[frame["area_type"] == "local_authority"]
    mine = pd.DataFrame(
        {
            "area_code": boroughs["area_code"],
            "period": "2018/19",
            "count": (boroughs["count"] + 50).astype(int),
            "denominator": boroughs["denominator"].round(0).astype(int),
        }
    )
    counts = dict(zip(boroughs["area_name"], mine["count"].astype(float), strict=True))
    return mine.to_csv(index=False).encode(), counts


def test_own_figures_are_used_on_whatif_and_compare_and_marked_as_the_users(data_dir):
    before = _digest(data_dir)
    content, counts = _own_figures()
    at = _upload(open_page(PAGE, LINK), "my figures.csv", content)
    assert_clean(at)
    assert any(s.value.startswith("Your figures passed every check") for s in at.success)
    listed = grid(at, "What it holds")
    assert listed["File"].tolist() == ["my figures.csv"]
    assert listed["What it holds"].iloc[0].startswith("10 figures for 1 indicator(s)")
    at.toggle(key="whatif.uploaded").set_value(True).run()
    assert_clean(at)
    answers = grid(at, "Now, against the target")
    assert set(answers["Data"]) == {"your own upload"}
    assert dict(zip(answers["Borough"], answers["Count"], strict=True)) == counts
    assert any(w.value.startswith("**Your own uploaded figures.**") for w in at.warning)
    assert any(c.value.startswith("Your own uploaded figures. Bar chart") for c in at.caption)
    assert any(
        m.value.startswith("- Your own uploaded figures, not official statistics: Bolton")
        for m in at.markdown
    )
    # the same session's Compare page can use them too
    at.switch_page("pages/compare.py").run()
    at.toggle(key="compare.uploaded").set_value(True).run()
    assert_clean(at)
    bars = grid(at, "Compared with comparator")
    assert dict(zip(bars["Area"], bars["Count"], strict=True)) == counts
    assert any(c.value.startswith("Your own uploaded figures. Bar chart") for c in at.caption)
    assert _digest(data_dir) == before


def test_uploads_go_with_the_session():
    content, _ = _own_figures()
    at = _upload(open_page(PAGE, LINK), "mine.csv", content)
    assert _has_toggle(at)
    at.button(key="whatif.upload_forget").click().run()
    assert_clean(at)
    assert not _has_toggle(at)
    fresh = open_page(PAGE, LINK)  # a new session knows nothing of the last one's upload
    assert not _has_toggle(fresh)


def test_a_real_fingertips_file_is_accepted(raw_dir):
    sample = (
        raw_dir / "outcomes" / "fingertips_93532_dependent_drinkers_not_in_treatment_SAMPLE.csv"
    )
    at = _upload(open_page(PAGE, LINK), sample.name, sample.read_bytes(), kind="fingertips")
    assert_clean(at)
    assert any(s.value.startswith("Your figures passed every check") for s in at.success)
    listed = grid(at, "What it holds")
    assert "dependent_drinkers_not_in_treatment" in listed["What it holds"].iloc[0]
