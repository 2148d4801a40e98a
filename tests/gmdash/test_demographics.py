"""gmdash.demographics on the committed extracts: published cross-checks, bands, Census shares."""

from __future__ import annotations

import pytest
from extracts_support import committed

from gmcore.schema import ENGLAND
from gmdash import demographics, narrative, queries

WIGAN, MANCHESTER = "E08000010", "E08000003"
IMD = "Index of Multiple Deprivation"


@pytest.fixture(scope="module")
def con():
    return committed()


def test_share_aged_65_matches_published_figures(con):
    # ONS: Wigan 19.3% aged 65+ in Census 2021; England 18.6% in the mid-2022 estimates.
    years = {
        c: demographics.latest_sex_split_year(queries.population_years(con, area_code=c))
        for c in (WIGAN, ENGLAND)
    }
    assert years == {WIGAN: 2021, ENGLAND: 2022}
    shares = demographics.age_shares(
        queries.population_age_share(con, area_codes=[WIGAN, ENGLAND], year=2022, min_age=65)
    )
    assert shares[WIGAN].text() == "19.3%" and shares[WIGAN].source == "Census 2021"
    assert shares[ENGLAND].text() == "18.6%"
    assert shares[ENGLAND].source == "ONS mid-2022 estimate"


def test_manchester_is_sixth_most_deprived_of_317_on_imd_2019(con):
    rank = demographics.deprivation_rank(
        queries.deprivation_districts(con, edition=2019, domain=IMD), MANCHESTER
    )
    assert rank is not None and rank.text() == "6th most deprived of 317"


def test_pyramid_bands_sum_to_the_whole_population(con):
    cells = queries.population_pyramid(con, area_code=WIGAN, year=2021)
    bands = demographics.pyramid_bands(cells, "Wigan")
    assert len(bands) == 2 * 19  # 0-4 ... 85-89 and 90+, for each sex
    assert bands["share"].sum() == pytest.approx(100)
    assert (bands.loc[bands["sex"] == "Male", "signed_share"] <= 0).all()
    assert set(bands["source_label"]) == {"Census 2021"}


def test_ordinals():
    assert [narrative.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "111th",
    ]


def test_census_comparison_shares_and_gm_average(fixture_con):
    rows = queries.census_topic(fixture_con, topic="ethnic_group", measure="count")
    view = demographics.census_comparison(rows, "E08000003")
    assert view["borough"].sum() == pytest.approx(100)
    white = view[view["category"] == "White"].iloc[0]
    assert white["borough"] == pytest.approx(80) and white["gm_average"] == pytest.approx(80)
    assert view["census_date"].iloc[0] == "21 March 2021"


def test_detailed_topics_keep_the_largest_categories_and_add_the_rest(con):
    rows = queries.census_topic(con, topic="ethnic_group_detailed", measure="count")
    view = demographics.census_comparison(rows, WIGAN)
    assert len(view) == demographics.MAX_CATEGORIES
    assert view["category"].iloc[-1].startswith("All other categories")
    assert view["borough"].sum() == pytest.approx(100)


def test_broad_ethnic_groups(con):
    rows = queries.census_topic(con, topic="ethnic_group", measure="count")
    broad = demographics.broad_ethnic_groups(rows)
    assert broad["category"].nunique() == 5


def test_decile_view_has_the_england_reference(fixture_con):
    counts = queries.lsoa_decile_counts(fixture_con, area_codes=["E08000003"], domain=IMD)
    view = demographics.decile_view(counts)
    assert list(view["decile"]) == list(range(1, 11))
    assert (view["england_share"] == 10).all() and view["share"].sum() == pytest.approx(100)
