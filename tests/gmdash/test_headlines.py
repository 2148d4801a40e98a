"""Home-page headline tiles: GM and England from an area frame."""

from __future__ import annotations

import pandas as pd

from gmdash.headlines import gm_headline


def test_gm_headline_formats_gm_and_england():
    frame = pd.DataFrame(
        {"area_code": ["E08000001", "E47000001", "E92000001"], "value": [20.0, 19.18, 17.6]}
    )
    tile = gm_headline(frame, "Alcohol met need", "%", "2018/19")
    assert tile is not None
    assert (tile.value, tile.comparison, tile.period) == ("19.2%", "England 17.6%", "2018/19")


def test_no_tile_without_a_gm_value():
    frame = pd.DataFrame({"area_code": ["E92000001"], "value": [7.6]})
    assert gm_headline(frame, "Deaths", "per 100,000", "2020") is None


def test_table_view_names_columns_plainly_and_rounds_to_one_place():
    from gmdash.analysis import table_view

    frame = pd.DataFrame(
        {
            "area_code": ["E08000001"],
            "area_name": ["Bolton"],
            "denominator": [3606.3333],
            "value": [21.6842],
            "lci95": [20.31],
            "uci95": [23.12],
            "benchmark": ["better"],
        }
    )
    view = table_view(frame, "%")
    assert list(view.columns) == [
        "Area code",
        "Area",
        "Denominator",
        "Value (%)",
        "95% CI lower",
        "95% CI upper",
        "Compared with comparator",
    ]
    assert view.iloc[0].tolist() == ["E08000001", "Bolton", 3606.3, 21.7, 20.3, 23.1, "better"]
