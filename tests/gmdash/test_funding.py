"""Funding reshaping: gap grids keep gaps explicit, statuses distinct, England totals in order."""

from __future__ import annotations

import pandas as pd

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


def test_borough_figures_newest_first_with_source():
    allocations = _allocations(
        [
            ("E08000010", "Wigan", 2015, "public_health_grant", 2.4e7, "final"),
            ("E08000010", "Wigan", 2021, "inpatient_detox", 74_000.0, "final"),
            ("E08000001", "Bolton", 2015, "public_health_grant", 1.9e7, "final"),
        ]
    )
    table = funding.borough_figures(allocations, "E08000010")
    assert table["financial_year"].tolist() == ["2021/22", "2015/16"]
    assert table["grant_name"].iloc[0] == "Inpatient detoxification grant"
    assert table["source_url"].str.startswith("https://").all()
