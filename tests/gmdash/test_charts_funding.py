"""Funding chart specs: fields, titles in cash terms, source in the tooltip, alt text."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from gmdash import funding
from gmdash.charts import ChartDataError
from gmdash.charts.funding import england_totals_chart, funding_grid_chart, per_head_chart


def _allocations() -> pd.DataFrame:
    rows = [
        ("E08000001", 2015, "public_health_grant", 18_906_000.0, "final"),
        ("E92000001", 2018, "public_health_grant", 3.215e9, "final"),
        ("E92000001", 2020, "public_health_grant", 3.279e9, "final"),
        ("E92000001", 2024, "public_health_grant", 3.575e9, "indicative"),
        ("E92000001", 2024, "public_health_grant", 3.660e9, "final"),
        ("E92000001", 2026, "public_health_grant_consolidated", 4.404e9, "final"),
    ]
    return pd.DataFrame(
        [
            (c, "n", funding.financial_year(y), y, g, a, s, "https://src", "quoted note")
            for c, y, g, a, s in rows
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


def _tooltip_fields(spec: dict) -> set[str]:
    return {
        t["field"] for layer in spec["layer"] for t in layer.get("encoding", {}).get("tooltip", [])
    }


def test_grid_chart_spec():
    grid = funding.gap_grid(_allocations(), "public_health_grant", {"E08000001": "Bolton"})
    spec = funding_grid_chart(grid, grant="public_health_grant").to_dict()
    assert "cash terms" in spec["title"]["text"]
    assert {"source_note", "source_url", "amount_gbp", "cell_status"} <= _tooltip_fields(spec)
    assert spec["description"] == funding.grid_alt_text(grid, "public_health_grant")
    assert "no published figure found" in spec["description"]
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["field"] == "cell_status"
    assert colour["scale"]["domain"] == ["final", "indicative", funding.NO_FIGURE]
    text = json.dumps(spec)
    assert "no figure\\nfound" in text  # gaps are written in words, not only greyed


def test_england_chart_spec_marks_gap_and_consolidated():
    totals = funding.england_totals(_allocations())
    spec = england_totals_chart(totals).to_dict()
    assert (
        spec["title"]["text"] == "England public health grant, cash terms (not adjusted for "
        "inflation)"
    )
    assert spec["layer"][0]["encoding"]["y"]["title"] == "£ billion, cash terms"
    assert {"source_note", "source_url"} <= _tooltip_fields(spec)
    text = json.dumps(spec)
    assert "not comparable" in text and funding.NO_FIGURE in text
    assert "2019/20" in spec["description"]
    indicative = spec["layer"][2]
    assert indicative["mark"]["filled"] is False
    assert indicative["encoding"]["shape"]["scale"]["range"] == ["diamond"]


def test_per_head_chart_spec():
    view = pd.DataFrame(
        {
            "area_name": ["Bolton"],
            "financial_year": ["2015/16"],
            "per_head_gbp": [67.08],
            "status": ["final"],
            "population_basis": ["ONS mid-year estimate, mid-2015"],
            "source_url": ["https://src"],
        }
    )
    spec = per_head_chart(view, grant="public_health_grant").to_dict()
    assert "cash terms" in spec["title"]["text"] and "per resident" in spec["title"]["text"]
    assert {"population_basis", "source_url"} <= _tooltip_fields(spec)
    assert "Bolton 2015/16 £67.08" in spec["description"]


def test_charts_fail_loudly_on_missing_columns():
    with pytest.raises(ChartDataError, match="funding_grid_chart"):
        funding_grid_chart(pd.DataFrame({"area_name": ["x"]}), grant="ssmtrg")
    with pytest.raises(ChartDataError, match="england_totals_chart"):
        england_totals_chart(pd.DataFrame())
