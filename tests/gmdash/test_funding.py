"""Funding reshaping: gap grids keep gaps explicit, statuses distinct, England totals in order."""

from __future__ import annotations

import pandas as pd
import pytest
from extracts_support import committed

from gmdash import funding, queries

BOROUGHS = {"E08000001": "Bolton", "E08000010": "Wigan"}


def _allocations(rows: list[tuple[str, str, int, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (c, n, f"{y}/{(y + 1) % 100:02d}", y, g, a, s, f"https://src/{c}/{y}", f"note {c} {y}")
            for c, n, y, g, a, s in [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
        ],
        columns=[
            "area_code",
            "area_name",
            "financial_year",
            "year_start",
            "grant",
            "amount_gbp",
            "status",
            "source_url",
            "source_note",
        ],
    )


def test_gap_grid_has_every_cell_and_gaps_are_not_zero():
    allocations = _allocations(
        [
            ("E08000001", "Bolton", 2015, "public_health_grant", 18_906_000.0, "final"),
            ("E08000010", "Wigan", 2017, "public_health_grant", 20_000_000.0, "final"),
            ("E92000001", "England", 2013, "public_health_grant", 2.66e9, "final"),
        ]
    )
    grid = funding.gap_grid(allocations, "public_health_grant", BOROUGHS)
    # England's 2013/14 figure sets the span: 2013/14 to 2017/18 for both boroughs.
    assert len(grid) == 2 * 5
    assert grid["financial_year"].unique().tolist() == [
        "2013/14",
        "2014/15",
        "2015/16",
        "2016/17",
        "2017/18",
    ]
    gap = grid[(grid["area_code"] == "E08000001") & (grid["financial_year"] == "2016/17")]
    assert gap["cell_status"].tolist() == [funding.NO_FIGURE]
    assert gap["amount_gbp"].isna().all()
    assert gap["label"].tolist() == [funding.NO_FIGURE]
    assert (grid["amount_gbp"].fillna(-1) != 0).all()
    found = grid[grid["cell_status"] == "final"]
    assert found[["area_name", "financial_year"]].values.tolist() == [
        ["Bolton", "2015/16"],
        ["Wigan", "2017/18"],
    ]
    assert found["source_url"].str.startswith("https://src/").all()


def test_gap_grid_keeps_indicative_and_final_as_separate_rows():
    allocations = _allocations(
        [
            ("E08000010", "Wigan", 2024, "ssmtrg", 1_760_000.0, "indicative"),
            ("E08000010", "Wigan", 2024, "ssmtrg", 1_686_225.0, "final"),
        ]
    )
    grid = funding.gap_grid(allocations, "ssmtrg", BOROUGHS)
    wigan = grid[grid["area_code"] == "E08000010"]
    assert wigan["cell_status"].tolist() == ["indicative", "final"]
    assert wigan["amount_gbp"].tolist() == [1_760_000.0, 1_686_225.0]
    assert wigan["label"].tolist() == ["£1.76m (indicative)", "£1.69m (final)"]
    assert grid[grid["area_code"] == "E08000001"]["cell_status"].tolist() == [funding.NO_FIGURE]


def test_gap_grid_of_unknown_grant_is_empty():
    assert funding.gap_grid(_allocations([]), "adder", BOROUGHS).empty


def test_grid_areas_name_gm_so_it_is_not_read_as_a_sum():
    areas = funding.grid_areas(BOROUGHS)
    assert list(areas) == ["E08000001", "E08000010", "E47000001"]
    assert areas["E47000001"] == funding.GM_ROW_NAME


def test_england_totals_order_gaps_and_comparability():
    allocations = _allocations(
        [
            ("E92000001", "England", 2020, "public_health_grant", 3.279e9, "final"),
            ("E92000001", "England", 2018, "public_health_grant", 3.215e9, "final"),
            ("E92000001", "England", 2024, "public_health_grant", 3.660e9, "final"),
            ("E92000001", "England", 2024, "public_health_grant", 3.575e9, "indicative"),
            ("E92000001", "England", 2026, "public_health_grant_consolidated", 4.404e9, "final"),
            ("E08000010", "Wigan", 2021, "public_health_grant", 2.63e7, "final"),
        ]
    )
    totals = funding.england_totals(allocations)
    assert totals["year_start"].is_monotonic_increasing
    assert totals["financial_year"].iloc[0] == "2018/19"
    assert totals["financial_year"].iloc[-1] == "2026/27"
    gap = totals[totals["financial_year"] == "2019/20"]
    assert gap["cell_status"].tolist() == [funding.NO_FIGURE] and gap["amount_gbp"].isna().all()
    year_2024 = totals[totals["financial_year"] == "2024/25"]
    assert year_2024["cell_status"].tolist() == ["indicative", "final"]
    consolidated = totals[totals["financial_year"] == "2026/27"].iloc[0]
    assert not consolidated["comparable"] and "not comparable" in consolidated["label"]
    assert totals[totals["financial_year"] != "2026/27"]["comparable"].all()
    text = funding.england_alt_text(totals)
    assert "cash terms" in text and "2019/20" in text and "not comparable" in text


def test_per_head_view_names_the_population_estimate():
    per_head = pd.DataFrame(
        {
            "area_code": ["E08000001", "E08000001"],
            "area_name": ["Bolton", "Bolton"],
            "financial_year": ["2015/16", "2015/16"],
            "grant": ["public_health_grant", "other"],
            "status": ["final", "final"],
            "amount_gbp": [18_906_000.0, 1.0],
            "population": [281_828.0, 1.0],
            "population_year": [2015, 2015],
            "per_head_gbp": [18_906_000.0 / 281_828.0, 1.0],
            "source_url": ["u", "u"],
        }
    )
    view = funding.per_head_view(per_head, "public_health_grant")
    assert len(view) == 1
    assert view["population_basis"].iloc[0].startswith("ONS mid-year estimate, mid-2015")
    assert view["label"].iloc[0] == "£67.08 per resident (final)"


def test_funding_per_head_query_matches_the_same_year_estimate(fixture_con):
    rows = queries.funding_per_head(fixture_con, ["E08000003", "E08000010"])
    # Only Manchester 2020/21 has a mid-2020 estimate in the fixtures; Wigan has none.
    assert rows[["area_code", "financial_year", "population_year"]].values.tolist() == [
        ["E08000003", "2020/21", 2020]
    ]


def test_money_labels():
    assert funding.money(3.66e9) == "£3.66bn"
    assert funding.money(18_906_000) == "£18.9m"
    assert funding.money(1_760_000) == "£1.76m"
    assert funding.money(74_557) == "£74.6k"


def test_caveats_cover_the_provenance_warnings():
    text = funding.caveats_markdown()
    for phrase in (
        "Notional",
        "2026/27",
        "must not be added",
        "Indicative",
        "Cash terms",
        "not allocations",
        "PROVENANCE.md",
    ):
        assert phrase in text


def test_borough_figures_grouped_by_grant_in_plain_words_and_pounds():
    allocations = _allocations(
        [
            ("E08000010", "Wigan", 2015, "public_health_grant", 2.4e7, "final"),
            ("E08000010", "Wigan", 2021, "inpatient_detox", 74_000.0, "final"),
            ("E08000010", "Wigan", 2024, "inpatient_detox", 74_557.0, "final"),
            ("E08000001", "Bolton", 2015, "public_health_grant", 1.9e7, "final"),
        ]
    )
    table = funding.borough_figures(allocations, "E08000010")
    assert list(table.columns) == [
        "Grant group",
        "Grant",
        "Area",
        "Financial year",
        "Amount (cash)",
        "Status",
        "Source note",
        "Source",
    ]
    # The public health grant comes first, then the treatment grants, newest first within one.
    assert table["Grant"].tolist() == [
        "Public health grant (ring-fenced; notional for GM from 2017/18)",
        "Inpatient detoxification grant",
        "Inpatient detoxification grant",
    ]
    assert table["Grant group"].tolist() == [
        "Public health grant",
        "Drug and alcohol treatment grants",
        "Drug and alcohol treatment grants",
    ]
    assert table["Financial year"].tolist() == ["2015/16", "2024/25", "2021/22"]
    assert table["Amount (cash)"].tolist() == ["£24,000,000", "£74,557", "£74,000"]
    assert table["Source"].str.startswith("https://").all()
    assert not table.isin(["inpatient_detox", 74_557.0]).any().any()


def test_figures_data_keeps_codes_and_numbers_for_the_download():
    allocations = _allocations([("E08000010", "Wigan", 2024, "inpatient_detox", 74_557.0, "final")])
    data = funding.figures_data(allocations)
    assert data[["grant", "amount_gbp"]].iloc[0].tolist() == ["inpatient_detox", 74_557.0]


def test_pounds_in_full():
    assert funding.pounds(74_557) == "£74,557"
    assert funding.pounds(650_000) == "£650,000"
    assert funding.pounds(-1_635_661) == "−£1,635,661"


def test_every_grant_has_a_group_and_the_picker_lists_them_grouped():
    for grant in funding.GRANT_LABELS:
        assert funding.grant_group(grant) != funding.OTHER_GROUP, grant
    order = funding.grant_order(
        [
            "adder",
            "inpatient_detox",
            "la_budget_public_health_net",
            "ssmtrg",
            "public_health_grant",
            "new_grant",
        ]
    )
    assert order == [
        "public_health_grant",
        "ssmtrg",
        "inpatient_detox",
        "adder",
        "la_budget_public_health_net",
        "new_grant",
    ]
    assert funding.grant_option("inpatient_detox") == (
        "Drug and alcohol treatment grants › Inpatient detoxification grant"
    )
    assert funding.grant_option("new_grant") == "Other figures › new_grant"


def test_consortium_share_from_the_extract():
    allocations = _allocations(
        [
            ("E08000010", "Wigan", 2021, "inpatient_detox", 74_000.0, "final"),
            ("E47000001", "Greater Manchester", 2021, "inpatient_detox", 650_000.0, "final"),
            ("E08000010", "Wigan", 2024, "inpatient_detox", 74_557.0, "final"),
            ("E08000010", "Wigan", 2021, "public_health_grant", 2.4e7, "final"),
        ]
    )
    shares = funding.consortium_shares(allocations, "E08000010")
    assert shares["financial_year"].tolist() == ["2021/22", "2024/25"]
    assert shares["share_pct"].iloc[0] == pytest.approx(74_000 / 650_000 * 100)
    assert shares["sentence"].iloc[0] == (
        "Wigan's £74,000 is 11.4% of the £650,000 Greater Manchester inpatient detoxification "
        "grant consortium pot in 2021/22 (both final). The pot and the boroughs' shares are "
        "separate figures: never add them together."
    )
    assert pd.isna(shares["share_pct"].iloc[1])
    assert "no consortium total for 2024/25 was found" in shares["sentence"].iloc[1]
    assert funding.consortium_shares(allocations, "E08000001").empty


def test_consortium_share_on_the_real_extract():
    con = committed()
    codes = tuple(queries.gm_areas(con)["area_code"])
    shares = funding.consortium_shares(queries.funding_allocations(con, codes), "E08000010")
    # Issue 10 and the funding PROVENANCE.md: Wigan's £74,000 of the GM consortium's £650,000.
    first = shares.iloc[0]
    assert (first["amount_gbp"], first["pot_gbp"]) == (74_000.0, 650_000.0)
    assert f"{first['share_pct']:.1f}" == "11.4"
