"""People in treatment under AppTest: a borough with a ViewIt export, boroughs without, links.

The export is the real Barnet file relabelled as Bury (and, with two cells changed, as Wigan)
inside the tests only (tests/conftest.py `people_export_dir`). Every expected number is read
here from the raw files with the csv module or written out from them by hand.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from page_support import GM_BOROUGHS, assert_clean, open_page, open_table_views

PAGE = "pages/people.py"
BURY, WIGAN, BOLTON = "E08000002", "E08000010", "E08000001"
ENGLAND_FILE = (
    "outcomes/ndtms_viewit_england_adults_in_treatment_by_substance_sex_age_ethnicity_"
    "2009-10_to_2021-22.csv"
)
CENSUS_ETHNICITY = "demographics/census2021_ethnic_group_gm_lad.csv"
CENSUS_AGE_SEX = "demographics/census2021_pop_by_sex_single_year_age_gm_lad.csv"
ETHNIC = ("White", "Mixed", "Asian", "Black", "Other")
Z95 = 1.959964
ROUNDED = "Rounded to the nearest 5 (NDTMS convention for user-defined slices)"


def wilson(x: float, n: float) -> tuple[float, float]:
    """METHODS.md's Wilson 95% interval in percent, written out so the test trusts no module."""
    root = Z95 * math.sqrt(Z95 * Z95 + 4 * x * (1 - x / n))
    return (
        100 * (2 * x + Z95 * Z95 - root) / (2 * (n + Z95 * Z95)),
        100 * (2 * x + Z95 * Z95 + root) / (2 * (n + Z95 * Z95)),
    )


@pytest.fixture()
def exported(people_export_dir: Path, monkeypatch):
    """Point the app at the extracts with Bury's and Wigan's exports (GMDASH_DATA_DIR).

    Every cache of the app is keyed by the extracts' folder, so tests on either extract share
    their caches without clearing them.
    """
    monkeypatch.setenv("GMDASH_DATA_DIR", str(people_export_dir))
    return people_export_dir


@pytest.fixture()
def committed(monkeypatch):
    """The committed extracts, which hold no ViewIt export: every borough has none."""
    monkeypatch.delenv("GMDASH_DATA_DIR", raising=False)


def england(raw_dir: Path, drug: str = "total", sex: str = "total") -> dict[str, float]:
    """England's 2021/22 adults in treatment, all ages, from the raw ViewIt England file."""
    with (raw_dir / ENGLAND_FILE).open(newline="", encoding="utf-8") as f:
        (row,) = [
            r
            for r in csv.DictReader(f)
            if r["ReportingPeriod_Data"] == "2021/22"
            and r["DrugGroup_Data"].lower() == drug
            and r["Gender_Data"].lower() == sex
            and r["AgeGroup_Data"].lower() == "total"
        ]
    return {"All": float(row["Num_InTreatment_AllInTx"])} | {
        e: float(row[f"Eth_{e}_AllInTx"]) for e in ETHNIC
    }


def residents_white_share(raw_dir: Path, area: str) -> float:
    """An area's Census 2021 residents in the White groups, % of all residents (raw TS021)."""
    with (raw_dir / CENSUS_ETHNICITY).open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["area_code"] == area]
    white = sum(float(r["value"]) for r in rows if r["ethnic_group"].startswith("White"))
    return 100 * white / sum(float(r["value"]) for r in rows)


def adult_share(raw_dir: Path, area: str, sex: str, low: int, high: int) -> float:
    """Residents of one sex aged low-high as % of all adults (18+), from the raw Census file."""
    with (raw_dir / CENSUS_AGE_SEX).open(newline="", encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f) if r["area_code"] == area and r["sex"] != "All persons"
        ]
    ages = [
        int(re.search(r"\d+", r["age"]).group()) if "under" not in r["age"] else 0 for r in rows
    ]
    adults = sum(float(r["value"]) for r, a in zip(rows, ages, strict=True) if a >= 18)
    cell = sum(
        float(r["value"])
        for r, a in zip(rows, ages, strict=True)
        if r["sex"] == sex and low <= a <= high
    )
    return 100 * cell / adults


def table_with(at, category: str) -> pd.DataFrame:
    """The first table view on the page listing `category` (its table views opened)."""
    for frame in (d.value for d in open_table_views(at).dataframe):
        for column in ("Category", "Age"):
            if column in frame.columns and category in set(frame[column]):
                return frame
    raise AssertionError(f"no table lists {category!r}")


def texts(at) -> str:
    return " ".join(
        [m.value for m in at.markdown] + [i.value for i in at.info] + [w.value for w in at.warning]
    )


def test_a_borough_with_an_export_shows_its_own_profile(exported, raw_dir):
    at = open_page(PAGE, {"area": BURY})
    assert_clean(at)
    assert next(i.value for i in at.info) == (
        "NDTMS ViewIt exports are loaded for: Bury (E08000002), 2009/10 to 2021/22; "
        "Wigan (E08000010), 2009/10 to 2021/22."
    )
    assert not any("No NDTMS ViewIt export" in w.value for w in at.warning)
    # Barnet 2021/22, all substances, persons, all ages: intreatment_allintx 1465,
    # newpresentation_newtx 650.
    assert (
        "In 2021/22, 1,465 adults were in treatment in Bury for all substances, and 650 started "
        "treatment (new presentations); counts are rounded to 5." in texts(at)
    )
    assert "In England, 289,215 adults were in treatment for all substances in 2021/22." in texts(
        at
    )

    # Ethnicity: eth_*_allintx white 955, mixed 80, asian 150, black 120, other 90 = 1395.
    ethnicity = table_with(at, "Mixed").set_index("Category")
    white = ethnicity.loc["White"]
    assert (white["Count"], white["Of"]) == (955, 1395)
    assert white["Share (%)"] == pytest.approx(100 * 955 / 1395)
    assert (white["95% lower"], white["95% upper"]) == pytest.approx(wilson(955, 1395))
    eng = england(raw_dir)
    england_white = 100 * eng["White"] / sum(eng[e] for e in ETHNIC)
    assert white["England share (%)"] == pytest.approx(england_white)
    assert white["95% upper"] < england_white and white["Compared with England"] == "lower"
    assert white["Bury residents, Census 2021 (%)"] == pytest.approx(
        residents_white_share(raw_dir, BURY)
    )
    assert white["Note"] == ROUNDED

    # Pyramid: men aged 30-49 are 540 of the 1465 in treatment; England's from its raw file.
    pyramid = table_with(at, "30-49 yrs")
    men = pyramid[(pyramid["Sex"] == "Male") & (pyramid["Age"] == "30-49 yrs")].set_index("Series")
    assert men.at["In treatment", "Share (%)"] == pytest.approx(100 * 540 / 1465)
    assert (men.at["In treatment", "95% lower"], men.at["In treatment", "95% upper"]) == (
        pytest.approx(wilson(540, 1465))
    )
    assert men.at["Residents", "Share (%)"] == pytest.approx(
        adult_share(raw_dir, BURY, "Male", 30, 49)
    )
    with (raw_dir / ENGLAND_FILE).open(newline="", encoding="utf-8") as f:
        (row,) = [
            r
            for r in csv.DictReader(f)
            if r["ReportingPeriod_Data"] == "2021/22"
            and r["DrugGroup_Data"].lower() == "total"
            and r["Gender_Data"] == "M"
            and r["AgeGroup_Data"] == "30-49"
        ]
    england_men = 100 * float(row["Num_InTreatment_AllInTx"]) / eng["All"]
    assert men.at["England", "Share (%)"] == pytest.approx(england_men)

    # Exits, the default breakdown: 290 successful of 290+20+220+5+40+10+5 = 590 who left.
    exits = table_with(at, "Successful completion").set_index("Category")
    done = exits.loc["Successful completion"]
    assert (done["Count"], done["Of"]) == (290, 590)
    assert done["Share (%)"] == pytest.approx(100 * 290 / 590)
    assert (done["95% lower"], done["95% upper"]) == pytest.approx(wilson(290, 590))
    assert at.selectbox(key="people.measure").value == "exit_reason"
    provenance = " ".join(m.value for m in at.markdown if "Disclosure control" in m.value)
    assert "bury_viewit_export.csv" in provenance and ROUNDED in provenance


def test_sex_substance_year_and_breakdown_reopen_from_a_link(exported):
    at = open_page(
        PAGE,
        {
            "area": BURY,
            "people.substance": "opiate",
            "people.period": "2019/20",
            "people.measure": "referral_source",
        },
    )
    assert_clean(at)
    assert at.selectbox(key="people.substance").value == "opiate"
    assert at.selectbox(key="people.period").value == "2019/20"
    # Barnet 2019/20, opiates: intreatment_allintx 540; referral sources (new presentations)
    # criminal justice 35, health and social care 15, missing 0, other 5, self 105, substance
    # misuse service 15 = 175.
    assert "In 2019/20, 540 adults were in treatment in Bury for opiates" in texts(at)
    referrals = table_with(at, "Self, family or friends").set_index("Category")
    assert referrals.at["Self, family or friends", "Of"] == 175
    assert referrals.at["Self, family or friends", "Share (%)"] == pytest.approx(60.0)
    assert referrals.at["Criminal justice", "Share (%)"] == pytest.approx(20.0)


def test_the_sex_filter_uses_treatment_data_by_sex(exported, raw_dir):
    at = open_page(PAGE, {"area": BURY})
    at.selectbox(key="people.sex").select("Female").run()
    assert_clean(at)
    assert at.query_params["sex"] == "Female"
    # Women, 2021/22, all substances: 455 in treatment; white 325, mixed 30, asian 25, black 45,
    # other 15 = 440 with a recorded ethnicity.
    assert "1,465" not in texts(at) and "455 women were in treatment in Bury" in texts(at)
    white = table_with(at, "Mixed").set_index("Category").loc["White"]
    assert (white["Count"], white["Of"]) == (325, 440)
    women = england(raw_dir, sex="f")
    assert white["England share (%)"] == pytest.approx(
        100 * women["White"] / sum(women[e] for e in ETHNIC)
    )
    assert "In England, 94,135 women were in treatment" in texts(at)
    # Referral sources of women: self 110 of 10+70+0+10+110+10 = 210.
    at.selectbox(key="people.measure").select("referral_source").run()
    self_referred = table_with(at, "Self, family or friends").set_index("Category")
    assert self_referred.at["Self, family or friends", "Share (%)"] == pytest.approx(
        100 * 110 / 210
    )


def test_small_and_suppressed_cells_are_protected(exported):
    """Wigan's copy: 3 deaths (primary), the next smallest exit hidden too, and a `*` wait."""
    at = open_page(PAGE, {"area": WIGAN})
    assert_clean(at)
    exits = table_with(at, "Successful completion").set_index("Category")
    # 290 + 3 + 220 + 5 + 40 + 10 + 5 = 573 who left, shown rounded to 575. Died (3) is hidden;
    # so is prison (5), the first of the two smallest shown counts, so that 575 minus the shown
    # counts never gives a single hidden one back.
    assert exits["Count"].isna().tolist().count(True) == 2
    assert pd.isna(exits.at["Died", "Count"]) and pd.isna(exits.at["Prison", "Count"])
    assert "primary suppression" in exits.at["Died", "Note"]
    assert "secondary suppression" in exits.at["Prison", "Note"]
    assert exits.at["Treatment declined", "Count"] == 5
    done = exits.loc["Successful completion"]
    assert (done["Count"], done["Of"]) == (290, 575)
    assert done["Share (%)"] == pytest.approx(100 * 290 / 575)
    assert (done["95% lower"], done["95% upper"]) == pytest.approx(wilson(290, 575))
    assert pd.isna(exits.at["Died", "Share (%)"])
    provenance = " ".join(m.value for m in at.markdown if "Disclosure control" in m.value)
    assert "primary suppression" in provenance and "secondary suppression" in provenance

    at.selectbox(key="people.measure").select("wait_first_intervention").run()
    assert_clean(at)
    assert (
        "Wait for the first intervention in 2021/22 has a category NDTMS did not publish, so its "
        "total and shares are unknown; choose another year." in texts(at)
    )
    # The other years still draw their trend lines; 2021/22 is a gap.
    trend = table_with(at, "3 weeks or under")
    under = trend[trend["Category"] == "3 weeks or under"].set_index("Year")
    assert pd.isna(under.at["2021/22", "Value"]) and under["Value"].notna().sum() == 12


def test_an_unknown_setting_in_a_link_falls_back_with_a_notice(exported):
    at = open_page(PAGE, {"area": BURY, "people.measure": "horoscopes"})
    assert_clean(at)
    assert any("“horoscopes” is not available" in i.value for i in at.info)
    assert at.selectbox(key="people.measure").value == "exit_reason"


def test_a_borough_without_an_export_shows_england_and_its_residents(committed, raw_dir):
    at = open_page(PAGE, {"area": BOLTON})
    assert_clean(at)
    assert "No NDTMS ViewIt export is loaded for any area." in [i.value for i in at.info]
    (how,) = [
        w.value for w in at.warning if "No NDTMS ViewIt export is loaded for Bolton" in w.value
    ]
    assert "https://www.ndtms.net/ViewIt/Adult" in how and "make data VIEWIT=" in how
    assert "or upload it under" in how and "in this session only" in how
    assert "all indicators for all local authorities" in how
    assert "In England, 289,215 adults were in treatment for all substances in 2021/22." in texts(
        at
    )
    # No Bolton service-user figure anywhere: England's shares beside Bolton's residents.
    ethnicity = table_with(at, "Mixed").set_index("Category")
    eng = england(raw_dir)
    assert ethnicity.at["White", "Count"] == eng["White"]
    assert ethnicity.at["White", "Share (%)"] == pytest.approx(
        100 * eng["White"] / sum(eng[e] for e in ETHNIC)
    )
    assert ethnicity.at["White", "Bolton residents, Census 2021 (%)"] == pytest.approx(
        residents_white_share(raw_dir, BOLTON)
    )
    pyramid = table_with(at, "30-49 yrs")
    assert set(pyramid["Bars"]) == {
        "People in treatment in England, 2021/22",
        "Adult residents of Bolton (Census 2021)",
    }
    women = pyramid[(pyramid["Sex"] == "Female") & (pyramid["Age"] == "50+ yrs")]
    assert women.set_index("Series").at["Residents", "Share (%)"] == pytest.approx(
        adult_share(raw_dir, BOLTON, "Female", 50, 200)
    )
    assert not [s for s in at.selectbox if s.label == "Breakdown"]
    assert "come only from a borough's own ViewIt export" in texts(at)


def test_without_an_export_the_sex_filter_uses_englands_profile(committed, raw_dir):
    at = open_page(PAGE, {"area": BOLTON, "sex": "Male", "people.substance": "opiate"})
    assert_clean(at)
    men = england(raw_dir, drug="opiates", sex="m")
    assert f"In England, {men['All']:,.0f} men were in treatment for opiates" in texts(at)
    white = table_with(at, "Mixed").set_index("Category").loc["White"]
    assert white["Share (%)"] == pytest.approx(100 * men["White"] / sum(men[e] for e in ETHNIC))


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_every_borough_runs_without_an_export(committed, code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert any(
        f"No NDTMS ViewIt export is loaded for {GM_BOROUGHS[code]}" in w.value for w in at.warning
    )
    assert len(at.get("vega_lite_chart")) == 5
