"""People in treatment logic on real numbers: Barnet's ViewIt sample against England's profile."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gmcore import stats
from gmcore.schema import TABLES
from gmdash import db, people, queries
from gmdash.demographics import broad_ethnic_groups
from gmdata.build import conform, write_table
from gmdata.loaders.viewit_people import load_viewit_profile

BARNET = "E09000003"
SAMPLE = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"
ENGLAND_FILE = (
    "outcomes/ndtms_viewit_england_adults_in_treatment_by_substance_sex_age_ethnicity_"
    "2009-10_to_2021-22.csv"
)
ETHNIC = ("white", "mixed", "asian", "black", "other")


def wilson(x: float, n: float, z: float) -> tuple[float, float]:
    """METHODS.md's Wilson formula, written out here so the test does not trust the module."""
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (
        100 * (2 * x + z * z - root) / (2 * (n + z * z)),
        100 * (2 * x + z * z + root) / (2 * (n + z * z)),
    )


Z95, Z998 = 1.959964, 3.090232


@pytest.fixture(scope="module")
def barnet_rows(raw_dir: Path) -> list[dict[str, str]]:
    """Barnet's export read with the csv module: the independent reader of expected values."""
    with (raw_dir / SAMPLE).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _raw(rows, period: str, sex="total", age="total", group="Total") -> dict[str, str]:
    (row,) = [
        r
        for r in rows
        if r["ReportingPeriod"] == period
        and r["sex"].lower() == sex.lower()
        and r["age_group"].lower() == age.lower()
        and r["drug_group"] == group
    ]
    return row


@pytest.fixture(scope="module")
def england_rows(raw_dir: Path) -> list[dict[str, str]]:
    with (raw_dir / ENGLAND_FILE).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def barnet_con(raw_dir, data_dir, fixture_data_dir, tmp_path_factory):
    """The fixture extracts plus Barnet's real profile, Barnet itself and England's real table."""
    folder = tmp_path_factory.mktemp("barnet") / "data"
    shutil.copytree(fixture_data_dir, folder)
    areas = pd.read_parquet(folder / "areas.parquet")
    barnet_area = {
        "area_code": BARNET,
        "area_name": "Barnet",
        "area_type": "local_authority",
        "tier": "london_borough",
        "parent_code": "E12000007",
        "region_code": "E12000007",
        "is_gm": False,
        "is_comparator": False,
    }
    areas = pd.concat([areas, pd.DataFrame([barnet_area])], ignore_index=True)
    write_table(conform(areas, TABLES["areas"]), folder / "areas.parquet")
    profile = load_viewit_profile(raw_dir / SAMPLE).assign(area_code=BARNET)
    write_table(conform(profile, TABLES["treatment_profile"]), folder / "treatment_profile.parquet")
    shutil.copy(data_dir / "treatment_demographics.parquet", folder)
    (folder / "manifest.json").write_text(
        json.dumps(json.loads((folder / "manifest.json").read_text()))
    )
    con = db.connect(folder)
    yield con
    con.close()


def test_shares_match_the_methods_check_values():
    # METHODS.md: x = 60, n = 1000 -> 6.0%, 95% CI 4.69-7.65, 99.8% CI 4.07-8.76.
    frame = pd.DataFrame({"count": [60.0, None, 5.0], "denominator": [1000.0, 1000.0, 0.0]})
    out = people.add_shares(frame)
    first = out.iloc[0]
    assert first["share"] == pytest.approx(6.0)
    assert (round(first["lci95"], 2), round(first["uci95"], 2)) == (4.69, 7.65)
    assert (round(first["lci998"], 2), round(first["uci998"], 2)) == (4.07, 8.76)
    assert out.iloc[1:][["share", "lci95", "uci998"]].isna().all().all()
    assert "share" not in frame.columns


def test_a_count_rounded_above_its_total_is_capped():
    out = people.add_shares(pd.DataFrame({"count": [105.0], "denominator": [100.0]}))
    assert out.iloc[0]["share"] == 100.0 and out.iloc[0]["uci95"] == 100.0


def test_barnet_ethnicity_shares_every_year(barnet_con, barnet_rows):
    """Each year's white share of people in treatment with a recorded ethnicity, with its CI."""
    years = sorted({r["ReportingPeriod"] for r in barnet_rows})
    for period in years:
        raw = _raw(barnet_rows, period)
        counts = {e: float(raw[f"eth_{e}_allintx"]) for e in ETHNIC}
        n = sum(counts.values())
        breakdown = queries.treatment_profile_breakdown(barnet_con, BARNET, period, "total")
        shares = people.measure_shares(breakdown, "ethnicity_in_treatment").set_index("category")
        assert list(shares.index) == list(ETHNIC)
        white = shares.loc["white"]
        assert white["share"] == pytest.approx(100 * counts["white"] / n), period
        assert (white["lci95"], white["uci95"]) == pytest.approx(wilson(counts["white"], n, Z95))
        assert (white["lci998"], white["uci998"]) == pytest.approx(wilson(counts["white"], n, Z998))
        assert white["category_label"] == "White"
    assert len(years) == 13


def test_barnet_exit_reasons_and_waits_2019_20(barnet_con, barnet_rows):
    raw = _raw(barnet_rows, "2019/20")
    exits = [c for c in raw if c.startswith("exits_")]
    left = sum(float(raw[c]) for c in exits)
    breakdown = queries.treatment_profile_breakdown(barnet_con, BARNET, "2019/20", "total")
    shares = people.measure_shares(breakdown, "exit_reason").set_index("category")
    completed = float(raw["exits_successfulcompletion_allintx"])
    assert shares.at["successful_completion", "denominator"] == left
    assert shares.at["successful_completion", "share"] == pytest.approx(100 * completed / left)
    assert shares.index[0] == "successful_completion" and len(shares) == len(exits) == 14
    waits = people.measure_shares(breakdown, "wait_first_intervention").set_index("category")
    first = [
        float(raw[f"waitsfirst_{w}_newtx"]) for w in ("3weeksandunder", "3to6weeks", "over6weeks")
    ]
    assert waits["share"].tolist() == pytest.approx([100 * v / sum(first) for v in first])


def test_barnet_sex_and_age_shares(barnet_con, barnet_rows):
    grid = queries.treatment_profile_sex_age(barnet_con, BARNET, "2021/22", "total")
    total = float(_raw(barnet_rows, "2021/22")["intreatment_allintx"])
    sex = people.sex_age_shares(grid, "sex").set_index("category")
    men = float(_raw(barnet_rows, "2021/22", sex="M")["intreatment_allintx"])
    assert sex.index.tolist() == ["Male", "Female"]
    assert sex.at["Male", "share"] == pytest.approx(100 * men / total)
    assert (sex.at["Male", "lci95"], sex.at["Male", "uci95"]) == pytest.approx(
        wilson(men, total, Z95)
    )
    age = people.sex_age_shares(grid, "age").set_index("category")
    middle = float(_raw(barnet_rows, "2021/22", age="30-49")["intreatment_allintx"])
    assert age.index.tolist() == ["18-29 yrs", "30-49 yrs", "50+ yrs"]
    assert age.at["30-49 yrs", "share"] == pytest.approx(100 * middle / total)
    cells = people.sex_age_shares(grid, "sex_age")
    women_50 = float(_raw(barnet_rows, "2021/22", sex="F", age="50+")["intreatment_allintx"])
    assert cells["category"].tolist()[:2] == ["Male 18-29 yrs", "Male 30-49 yrs"]
    assert cells.set_index("category").at["Female 50+ yrs", "share"] == pytest.approx(
        100 * women_50 / total
    )


def test_barnet_against_england_ethnicity(barnet_con, barnet_rows, england_rows):
    raw = _raw(barnet_rows, "2021/22")
    (eng,) = [
        r
        for r in england_rows
        if r["ReportingPeriod_Data"] == "2021/22"
        and r["DrugGroup_Data"].lower() == r["Gender_Data"].lower() == "total"
        and r["AgeGroup_Data"].lower() == "total"
    ]
    eng_counts = {e: float(eng[f"Eth_{e.title()}_AllInTx"]) for e in ETHNIC}
    england = people.england_ethnicity(
        queries.treatment_demographics(barnet_con, "2021/22", "total")
    )
    eng_white = 100 * eng_counts["white"] / sum(eng_counts.values())
    assert england.set_index("category").at["white", "share"] == pytest.approx(eng_white)

    breakdown = queries.treatment_profile_breakdown(barnet_con, BARNET, "2021/22", "total")
    area = people.measure_shares(breakdown, "ethnicity_in_treatment")
    compared = people.compare_with_england(area, england).set_index("category")
    counts = {e: float(raw[f"eth_{e}_allintx"]) for e in ETHNIC}
    _, high = wilson(counts["white"], sum(counts.values()), Z998)
    assert high < eng_white  # Barnet's whole 99.8% interval is below England's share
    assert compared.at["white", "england_share"] == pytest.approx(eng_white)
    assert (compared.at["white", "compared"], compared.at["white", "significance"]) == (
        "lower",
        "99.8%",
    )
    asian_low, _ = wilson(counts["asian"], sum(counts.values()), Z998)
    assert asian_low > 100 * eng_counts["asian"] / sum(eng_counts.values())
    assert compared.at["asian", "compared"] == "higher"


def test_england_sex_and_age_from_its_real_table(barnet_con, england_rows):
    demographics = queries.treatment_demographics(barnet_con, "2009/10", "opiate")
    grid = people.england_sex_age(demographics)
    shares = people.sex_age_shares(grid, "sex").set_index("category")

    def count(sex: str) -> float:
        (row,) = [
            r
            for r in england_rows
            if r["ReportingPeriod_Data"] == "2009/10"
            and r["DrugGroup_Data"].lower() in ("opiate", "opiates")
            and r["Gender_Data"].lower() == sex
            and r["AgeGroup_Data"].lower() == "total"
        ]
        return float(row["Num_InTreatment_AllInTx"])

    assert shares.at["Female", "share"] == pytest.approx(100 * count("f") / count("total"))


def test_comparison_needs_both_shares():
    area = people.add_shares(
        pd.DataFrame({"category": ["a", "b"], "count": [None, 20.0], "denominator": [100.0, 100.0]})
    )
    england = pd.DataFrame({"category": ["a"], "share": [25.0]})
    out = people.compare_with_england(area, england).set_index("category")
    assert (
        out.at["a", "compared"] == "not compared" and "no value" in out.at["a", "comparison_note"]
    )
    assert out.at["b", "compared"] == "not compared"
    assert "no comparator" in out.at["b", "comparison_note"]


def test_recent_trends_on_the_fixture_numbers(fixture_con):
    series = queries.treatment_profile_series(fixture_con, "E08000004", "total")
    trends = people.measure_trends(series).set_index(["measure", "category"])
    # Completions 100 -> 180 of 400 exits rise; drop-outs 200 -> 120 fall; deaths stay at 10.
    assert trends.loc[("exit_reason", "successful_completion"), "assessment"] == "getting better"
    assert trends.loc[("exit_reason", "dropped_out"), "direction"] == "decreasing"
    assert trends.loc[("exit_reason", "dropped_out"), "assessment"] == "getting better"
    assert trends.loc[("exit_reason", "died"), "direction"] == "no significant change"
    assert trends.loc[("exit_reason", "other"), "direction"] == "no significant change"
    for hidden in (
        ("wait_first_intervention", "over_6_weeks"),
        ("ethnicity_in_treatment", "black"),
    ):
        assert trends.loc[hidden, "direction"] == "could not be calculated"
    assert "missing" in trends.loc[("housing_at_start", "no_problem"), "reason"]
    assert trends.loc[("exit_reason", "died"), "first_period"] == "2017/18"


def test_recent_trends_on_barnet_feed_the_fingertips_test(barnet_con, barnet_rows):
    """The last five years' raw counts, with the categories' sum as denominator, go to the test."""
    series = queries.treatment_profile_series(barnet_con, BARNET, "total")
    trends = people.measure_trends(series).set_index(["measure", "category"])
    years = ["2017/18", "2018/19", "2019/20", "2020/21", "2021/22"]
    rows = [_raw(barnet_rows, y) for y in years]
    exits = [c for c in rows[0] if c.startswith("exits_")]
    x = [float(r["exits_successfulcompletion_allintx"]) for r in rows]
    n = [sum(float(r[c]) for c in exits) for r in rows]
    expected = stats.recent_trend(x, n, None, None, None, "proportion", "high_good")
    got = trends.loc[("exit_reason", "successful_completion")]
    assert (got["direction"], got["assessment"]) == (expected.direction, expected.assessment)
    assert (got["first_period"], got["latest_period"]) == ("2017/18", "2021/22")
    counts = [float(r["intreatment_allintx"]) for r in rows]
    limits = [stats.byars_ci(c) for c in counts]
    expected = stats.recent_trend(
        None, None, counts, [a for a, _ in limits], [b for _, b in limits], "count", "no_judgement"
    )
    assert trends.loc[("in_treatment", "all"), "direction"] == expected.direction
    # 2020/21 did not collect the number of children, so its trend cannot be calculated.
    assert trends.loc[("children_living_with_in_treatment", "all"), "direction"] == (
        "could not be calculated"
    )


def test_a_category_without_polarity_is_only_increasing_or_decreasing():
    series = pd.DataFrame(
        {
            "measure": "referral_source",
            "category": "criminal_justice",
            "period": [f"{y}/{(y + 1) % 100:02d}" for y in range(2015, 2020)],
            "period_start": pd.to_datetime([f"{y}-04-01" for y in range(2015, 2020)]),
            "count": [100.0, 150.0, 200.0, 250.0, 300.0],
            "denominator": [500.0] * 5,
        }
    )
    (row,) = people.measure_trends(series).itertuples()
    assert (row.direction, row.assessment) == ("increasing", "increasing")
    assert people.polarity("referral_source", "criminal_justice") == "no_judgement"


def test_years_that_are_not_consecutive_are_not_tested():
    series = pd.DataFrame(
        {
            "measure": "exit_reason",
            "category": "died",
            "period": ["2014/15", "2016/17", "2017/18", "2018/19", "2019/20"],
            "period_start": pd.to_datetime(
                ["2014-04-01", "2016-04-01", "2017-04-01", "2018-04-01", "2019-04-01"]
            ),
            "count": [10.0] * 5,
            "denominator": [100.0] * 5,
        }
    )
    (row,) = people.measure_trends(series).itertuples()
    assert row.direction == "could not be calculated" and "not consecutive" in row.reason


def test_census_ethnicity_in_the_five_groups(data_dir):
    census = pd.read_parquet(data_dir / "census.parquet")
    topic = census[(census["topic"] == "ethnic_group") & (census["measure"] == "count")]
    topic = topic.assign(area_name="Manchester")
    shares = people.census_ethnicity(broad_ethnic_groups(topic), "E08000003")
    assert shares["category"].tolist() == list(ETHNIC)
    manchester = topic[(topic["area_code"] == "E08000003") & (topic["sex"] == "Persons")]
    manchester = manchester[manchester["period"] == manchester["period"].max()]
    white = manchester[manchester["category"].str.startswith("White")]["value"].sum()
    assert shares.set_index("category").at["white", "share"] == pytest.approx(
        100 * white / manchester["value"].sum()
    )
    assert people.census_ethnicity(broad_ethnic_groups(topic), "E09000003").empty


def test_adult_population_in_ndtms_age_groups():
    cells = pd.DataFrame(
        [(sex, age, 1000.0 + age) for sex in ("Male", "Female") for age in range(91)],
        columns=["sex", "age", "population"],
    )
    out = people.adult_population_sex_age(cells).set_index(["sex", "age"])
    # Ages 18-29: 12 people-years of 1000 plus 18 + ... + 29 = 282.
    assert out.at[("Male", "18-29 yrs"), "population"] == 12_282.0
    adults = 2 * sum(1000.0 + a for a in range(18, 91))
    assert out.at[("Female", "50+ yrs"), "share"] == pytest.approx(
        100 * sum(1000.0 + a for a in range(50, 91)) / adults
    )
    assert out.index.tolist()[0] == ("Male", "18-29 yrs")


def test_coverage_and_how_to_add(fixture_con, barnet_con):
    assert people.coverage_sentence(queries.treatment_profile_areas(barnet_con)) == (
        "NDTMS ViewIt exports are loaded for: "
        "Barnet (E09000003, not in Greater Manchester), 2009/10 to 2021/22."
    )
    empty = queries.treatment_profile_areas(fixture_con).head(0)
    assert people.coverage_sentence(empty) == "No NDTMS ViewIt export is loaded for any area."
    text = people.how_to_add("Bolton")
    assert "No NDTMS ViewIt export is loaded for Bolton" in text
    assert "https://www.ndtms.net/ViewIt/Adult" in text and "make data VIEWIT=" in text
    assert 'or upload it under "Bring your own ViewIt export" above' in text
    # an export uploaded in the session is named apart, as the reader's own
    mine = queries.treatment_profile_areas(barnet_con).assign(data_status="user")
    assert people.coverage_sentence(mine) == (
        "The dashboard's own data hold no NDTMS ViewIt export. Your own uploaded exports, in this "
        "session only: Barnet (E09000003, not in Greater Manchester), 2009/10 to 2021/22."
    )


def test_measure_labels_cover_the_schema():
    from gmcore.schema import PROFILE_CATEGORIES

    assert list(people.MEASURES) == list(PROFILE_CATEGORIES)
    for measure, categories in PROFILE_CATEGORIES.items():
        assert set(people.MEASURES[measure].categories) == set(categories), measure
    with pytest.raises(ValueError, match="unknown measure"):
        people.measure_shares(pd.DataFrame(columns=["measure"]), "age")


def byars(x: float, z: float = Z95) -> tuple[float, float]:
    """METHODS.md's Byars limits, written out here (for counts of 10 or more)."""
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    x1 = x + 1
    return lower, x1 * (1 - 1 / (9 * x1) + z / (3 * math.sqrt(x1))) ** 3


def test_age_shares_within_one_sex(barnet_con, barnet_rows):
    grid = queries.treatment_profile_sex_age(barnet_con, BARNET, "2021/22", "total")
    women = people.sex_age_shares(grid, "age", within="Female").set_index("category")
    young = float(_raw(barnet_rows, "2021/22", sex="F", age="18-29")["intreatment_allintx"])
    all_women = float(_raw(barnet_rows, "2021/22", sex="F")["intreatment_allintx"])
    assert women.at["18-29 yrs", "share"] == pytest.approx(100 * young / all_women)
    assert women.at["18-29 yrs", "denominator"] == all_women
    assert (women["measure"] == "age").all()
    with pytest.raises(ValueError, match="cannot be taken within"):
        people.sex_age_shares(grid, "sex", within="Female")


def test_a_hidden_all_adults_count_leaves_no_shares():
    grid = pd.DataFrame(
        {
            "sex": ["Persons", "Persons"],
            "age": ["18+ yrs", "18-29 yrs"],
            "count": [np.nan, 20.0],
        }
    )
    shares = people.sex_age_shares(grid, "age")
    assert shares["share"].isna().all()


def test_yearly_sex_and_age_shares(barnet_con, barnet_rows):
    grid = queries.treatment_profile_sex_age_series(barnet_con, BARNET, "opiate")
    series = people.grid_series(grid)
    assert set(series["measure"]) == {"sex", "age"}
    assert series["period"].nunique() == 13
    row = series[(series["period"] == "2012/13") & (series["category"] == "Female")].iloc[0]
    women = float(_raw(barnet_rows, "2012/13", sex="F", group="Opiate")["intreatment_allintx"])
    everyone = float(_raw(barnet_rows, "2012/13", group="Opiate")["intreatment_allintx"])
    assert row["share"] == pytest.approx(100 * women / everyone)
    assert row["category_label"] == "Women" and row["measure_label"] == "Sex"
    only_age = people.grid_series(grid, "Male")
    assert set(only_age["measure"]) == {"age"}


def test_england_counts_and_ethnicity_every_year(barnet_con, england_rows):
    rows = queries.treatment_profile_england(barnet_con, "total")
    counts = people.england_counts(rows).set_index("period")
    # PROVENANCE.md: England 311,668 adults in treatment in 2009/10 and 289,215 in 2021/22.
    assert counts.at["2009/10", "value"] == 311_668 and counts.at["2021/22", "value"] == 289_215
    assert (counts.at["2021/22", "lci95"], counts.at["2021/22", "uci95"]) == pytest.approx(
        byars(289_215)
    )
    assert counts.at["2021/22", "category_label"] == "All"
    ethnicity = people.england_ethnicity_series(rows)
    (raw,) = [
        r
        for r in england_rows
        if r["ReportingPeriod_Data"] == "2015/16"
        and r["DrugGroup_Data"].lower() == r["Gender_Data"].lower() == "total"
        and r["AgeGroup_Data"].lower() == "total"
    ]
    recorded = sum(float(raw[f"Eth_{e.title()}_AllInTx"]) for e in ETHNIC)
    black = ethnicity[(ethnicity["period"] == "2015/16") & (ethnicity["category"] == "black")]
    assert black["share"].iloc[0] == pytest.approx(100 * float(raw["Eth_Black_AllInTx"]) / recorded)
    assert ethnicity["period"].nunique() == 13


def test_trend_panels_name_each_panel_by_its_trend():
    area = pd.DataFrame(
        {
            "measure": ["in_treatment", "new_presentations", "exit_reason"],
            "category": ["all", "all", "died"],
            "category_label": ["All", "All", "Died"],
            "period": ["2021/22"] * 3,
            "value": [100.0, 50.0, 3.0],
            "lci95": [80.0, 40.0, 1.0],
            "uci95": [120.0, 60.0, 5.0],
        }
    )
    trends = pd.DataFrame(
        {
            "measure": ["in_treatment", "exit_reason"],
            "category": ["all", "died"],
            "assessment": ["increasing", "getting worse"],
        }
    )
    england = area.iloc[[2]].assign(value=2.0)
    panels = people.trend_panels(area, "Bury", trends, england)
    assert panels["panel"].tolist() == [
        "People in treatment: increasing",
        "New presentations: could not be calculated",
        "Died: getting worse",
        "Died: getting worse",
    ]
    assert panels["series"].tolist() == ["Bury", "Bury", "Bury", "England"]
    assert panels["role"].tolist() == ["area", "area", "area", "comparator"]


def test_pyramid_rows_and_the_share_table():
    treatment = pd.DataFrame(
        {
            "sex": ["Male", "Female"],
            "age": ["18-29 yrs"] * 2,
            "count": [30.0, 20.0],
            "denominator": [100.0, 100.0],
        }
    ).pipe(people.add_shares)
    population = pd.DataFrame(
        {"sex": ["Male", "Female"], "age": ["18-29 yrs"] * 2, "population": [600.0, 400.0]}
    ).assign(share=[60.0, 40.0])
    frame = people.pyramid_frame(treatment, "In treatment", population, "Residents", treatment)
    assert frame["role"].tolist() == ["treatment"] * 2 + ["population"] * 2 + ["comparator"] * 2
    assert frame["bar"].tolist() == ["In treatment"] * 2 + ["Residents"] * 2 + ["In treatment"] * 2
    residents = frame[frame["role"] == "population"]
    assert residents["of"].tolist() == [1000.0, 1000.0] and residents["lci95"].isna().all()
    table = people.share_table(
        treatment.assign(
            category_label=["Men", "Women"],
            england_share=[25.0, 35.0],
            compared=["similar", "lower"],
            suppression_note=["", None],
        ),
        "England",
    )
    assert table.columns.tolist() == [
        "Category",
        "Count",
        "Of",
        "Share (%)",
        "95% lower",
        "95% upper",
        "England share (%)",
        "Compared with England",
        "Note",
    ]
    assert table["Share (%)"].tolist() == [30.0, 20.0] and table["Note"].tolist() == ["", ""]


def test_categories_nobody_ever_fell_in():
    series = pd.DataFrame(
        {
            "category_label": ["Died", "Died", "Prison", "Prison", "Other", "Other"],
            "count": [0.0, 0.0, 0.0, 5.0, 0.0, np.nan],
        }
    )
    # A hidden year may hide someone, so "Other" is kept.
    assert people.always_zero(series) == ["Died"]


def test_the_view_runs_outside_the_app_for_the_committee_pack(barnet_con):
    """The same blocks the page draws, from a plain connection (queries.Direct)."""
    from gmdash.figure import Figure, Notice
    from gmdash.views import people as view

    choice = view.Choice(BARNET, "Barnet", "total", "Female", "2021/22", "housing_at_start")
    blocks = view.blocks(queries.Direct(barnet_con), choice, "v1")
    notices = [b.text for b in blocks if isinstance(b, Notice)]
    assert notices[0] == (
        "NDTMS ViewIt exports are loaded for: Barnet (E09000003, not in Greater Manchester), "
        "2009/10 to 2021/22. This page shows the ten Greater Manchester boroughs, so exports "
        "for areas outside it are loaded but not shown here."
    )
    # The fixture extracts hold no population for Barnet, so the pyramid says so instead.
    assert "No population estimate by sex and age is held for Barnet." in notices
    figures = [b for b in blocks if isinstance(b, Figure)]
    assert [f.key for f in figures] == [
        "people.counts",
        "people.age_sex_trend",
        "people.ethnicity",
        "people.ethnicity_trend",
        "people.measure.housing_at_start",
        "people.measure_trend.housing_at_start",
    ]
    assert len({f.name for f in figures}) == len(figures)
    ethnicity = figures[2]
    assert ethnicity.name == "barnet_people-in-treatment_total_2021-22_female_ethnicity"
    assert ethnicity.context == {
        "area_code": BARNET,
        "substance_group": "total",
        "period": "2021/22",
        "sex": "Female",
    }
    assert ethnicity.title == "Ethnicity of women in treatment in Barnet"
    assert "ndtms_viewit_la_export_SAMPLE_barnet_only" in ethnicity.source_line
    assert all(f.alt_text and not f.table.empty for f in figures)


def test_the_committee_pack_takes_the_people_view(barnet_con):
    from gmdash.figure import Figure, Notice
    from gmdash.pack import content

    (spec,) = content.parse_views("people", [])
    assert spec.label == "people" and "people" in content.view_choices(pd.DataFrame())
    with pytest.raises(content.PackError, match="people"):
        content.parse_views("people:completions_opiate", [])
    ask = queries.Direct(barnet_con)
    target = content.Target(BARNET, "Barnet", (BARNET,))
    blocks = content.blocks(ask, spec, target, "v1")
    figures = [b for b in blocks if isinstance(b, Figure)]
    # The latest year of the export, all substances, persons, the default breakdown (exits).
    assert figures[0].context["period"] == "2021/22"
    assert figures[-1].key == "people.measure_trend.exit_reason"
    # Rounding to 5 is applied to every figure's counts, and each figure says so.
    assert all("Rounded to the nearest 5" in f.provenance.suppression for f in figures)
    group = content.pooled("Bolton,Bury")
    (notice,) = content.blocks(ask, spec, group, "v1")
    assert isinstance(notice, Notice) and "one borough at a time" in notice.text
