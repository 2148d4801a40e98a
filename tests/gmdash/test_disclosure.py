"""Disclosure control: given rows → expected rows, and properties over random tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdash.disclosure import (
    PRIMARY_DENOMINATOR_NOTE,
    PRIMARY_NOTE,
    ROUNDED_NOTE,
    SECONDARY_NOTE,
    DisclosurePolicy,
    apply_disclosure,
    suppress,
)

VALUE_COLS = ("value", "lci95", "uci95")


def _frame(rows: list[tuple[str, bool, int, int]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["group", "is_total", "count", "denominator"])
    df["value"] = df["count"] / df["denominator"] * 100
    df["lci95"] = df["value"] * 0.8
    df["uci95"] = df["value"] * 1.2
    return df


def test_count_of_three_hidden_with_its_rate_and_zero_shown() -> None:
    df = pd.DataFrame(
        {
            "area": ["Bolton", "Bury", "Wigan"],
            "count": [3.0, 0.0, 40.0],
            "denominator": [100.0, 80.0, 200.0],
            "value": [3.0, 0.0, 20.0],
            "lci95": [1.0, 0.0, 15.0],
            "uci95": [8.0, 4.6, 26.0],
        }
    )
    out = suppress(df, total_published=False)
    assert out["count"].isna().tolist() == [True, False, False]
    assert out.loc[0, ["value", "lci95", "uci95"]].isna().all()
    assert out.loc[0, "denominator"] == 100.0  # count hidden, so the denominator is safe
    assert out.loc[1, "count"] == 0.0 and out.loc[1, "value"] == 0.0
    assert out["suppressed"].tolist() == [True, False, False]
    assert out["suppression_note"].tolist() == [PRIMARY_NOTE, "", ""]


def test_one_hidden_cell_and_shown_total_hides_next_smallest() -> None:
    df = _frame(
        [
            ("GM", False, 3, 50),
            ("GM", False, 0, 20),
            ("GM", False, 12, 60),
            ("GM", False, 30, 90),
            ("GM", True, 45, 220),
        ]
    )
    out = suppress(df, value_cols=VALUE_COLS, group_cols=["group"], total_flag_col="is_total")
    # 0 protects nothing, so the next-smallest non-zero cell (12) is hidden
    assert out["count"].isna().tolist() == [True, False, True, False, False]
    assert out["suppressed"].tolist() == [True, False, True, False, False]
    assert out.loc[2, "suppression_note"] == SECONDARY_NOTE
    assert out.loc[2, ["value", "lci95", "uci95"]].isna().all()
    assert out.loc[4, "count"] == 45  # total still shown: 45 − 0 − 30 = 15 = 3 + 12, not 3
    assert out["count"].dtype == "Int64"


def test_two_primary_cells_adding_to_under_five_take_a_third() -> None:
    df = _frame(
        [
            ("a", False, 1, 10),
            ("a", False, 2, 10),
            ("a", False, 7, 10),
            ("a", False, 9, 10),
            ("a", True, 19, 40),
        ]
    )
    out = suppress(df, value_cols=VALUE_COLS, group_cols=["group"], total_flag_col="is_total")
    assert out["count"].isna().tolist() == [True, True, True, False, False]


def test_total_hidden_when_no_cell_can_protect() -> None:
    # cells need not add up to the total (an 'unknown' category is not shown)
    df = _frame([("a", False, 3, 10), ("a", False, 0, 10), ("a", True, 10, 30)])
    out = suppress(df, value_cols=VALUE_COLS, group_cols=["group"], total_flag_col="is_total")
    assert out["count"].isna().tolist() == [True, False, True]
    assert out.loc[2, "suppression_note"] == SECONDARY_NOTE
    assert pd.isna(out.loc[2, "value"])


def test_groups_are_independent() -> None:
    df = _frame(
        [
            ("a", False, 2, 10),
            ("a", False, 20, 40),
            ("a", False, 25, 40),
            ("a", True, 47, 90),
            ("b", False, 10, 20),
            ("b", False, 12, 20),
            ("b", True, 22, 40),
        ]
    )
    out = suppress(df, value_cols=VALUE_COLS, group_cols=["group"], total_flag_col="is_total")
    assert out["count"].isna().tolist() == [True, True, False, False, False, False, False]


def test_published_total_without_total_row() -> None:
    df = _frame([("a", False, 2, 10), ("a", False, 20, 40), ("a", False, 25, 40)])
    assert suppress(df, value_cols=VALUE_COLS)["count"].isna().sum() == 2
    assert suppress(df, value_cols=VALUE_COLS, total_published=False)["count"].isna().sum() == 1


def test_small_denominator_hides_whole_row_and_is_protected() -> None:
    df = _frame(
        [
            ("a", False, 0, 3),
            ("a", False, 10, 40),
            ("a", False, 20, 60),
            ("a", True, 30, 103),
        ]
    )
    out = suppress(df, value_cols=VALUE_COLS, group_cols=["group"], total_flag_col="is_total")
    assert out.loc[0, "suppression_note"] == PRIMARY_DENOMINATOR_NOTE
    assert out.loc[0, ["count", "denominator", "value"]].isna().all()
    # the 3 would come back as 103 − 40 − 60, so the denominator 40 row goes too
    assert pd.isna(out.loc[1, "denominator"]) and pd.isna(out.loc[1, "value"])
    assert out.loc[1, "suppression_note"] == SECONDARY_NOTE
    assert out.loc[2, "denominator"] == 60


def test_rounding_to_five_with_notes() -> None:
    df = pd.DataFrame({"count": [0, 3, 7, 12, 13, 102], "denominator": [10, 10, 22, 40, 41, 300]})
    out = suppress(df, round_to=5, total_published=False)
    assert out["count"].tolist()[0] == 0 and pd.isna(out["count"].tolist()[1])
    assert out["count"].tolist()[2:] == [5, 10, 15, 100]
    assert out["denominator"].tolist() == [10, 10, 20, 40, 40, 300]
    assert all(ROUNDED_NOTE in note for note in out["suppression_note"])
    assert PRIMARY_NOTE in out.loc[1, "suppression_note"]


def test_every_affected_row_has_a_note() -> None:
    df = _frame(
        [
            ("a", False, 4, 50),
            ("a", False, 6, 20),
            ("a", False, 30, 60),
            ("a", True, 40, 130),
        ]
    )
    out = suppress(df, value_cols=VALUE_COLS, group_cols=["group"], total_flag_col="is_total")
    affected = out["count"].isna() | out["value"].isna() | out["denominator"].isna()
    assert (out.loc[affected, "suppression_note"] != "").all()
    assert (out.loc[~affected, "suppression_note"] == "").all()
    assert out["suppressed"].tolist() == affected.tolist()


def test_input_not_mutated_and_float_nan_counts() -> None:
    df = pd.DataFrame({"count": [2.0, np.nan, 8.0], "value": [1.0, np.nan, 4.0]})
    before = df.copy(deep=True)
    out = apply_disclosure(df, DisclosurePolicy(denominator_col=None, total_published=False))
    pd.testing.assert_frame_equal(df, before)
    assert out["count"].dtype == np.float64
    assert out["count"].isna().tolist() == [True, True, False]
    assert out["suppressed"].tolist() == [True, False, False]
    assert out["suppression_note"].tolist() == [PRIMARY_NOTE, "", ""]


def test_clear_errors() -> None:
    with pytest.raises(ValueError, match="count column"):
        suppress(pd.DataFrame({"n": [1]}))
    with pytest.raises(ValueError, match="negative"):
        suppress(pd.DataFrame({"count": [-1]}))
    with pytest.raises(ValueError, match="more than one total"):
        suppress(pd.DataFrame({"count": [5, 6], "t": [True, True]}), total_flag_col="t")


# ------------------------------------------------------------------------------ properties


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for g in range(draw(st.integers(min_value=1, max_value=4))):
        cells = draw(st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=8))
        extra = draw(
            st.lists(
                st.integers(min_value=0, max_value=60), min_size=len(cells), max_size=len(cells)
            )
        )
        dens = [c + e for c, e in zip(cells, extra, strict=True)]
        for c, d in zip(cells, dens, strict=True):
            rows.append((f"g{g}", False, c, d))
        rows.append((f"g{g}", True, sum(cells), sum(dens)))
    df = pd.DataFrame(rows, columns=["group", "is_total", "count", "denominator"])
    df["value"] = np.where(
        df["denominator"] > 0, df["count"] / df["denominator"].clip(lower=1), np.nan
    )
    return df


def _check_no_disclosure(original: pd.DataFrame, out: pd.DataFrame, col: str) -> None:
    for _, idx in original.groupby("group").groups.items():
        o = original.loc[idx]
        r = out.loc[idx]
        total_row = o["is_total"]
        cells_o = o.loc[~total_row, col]
        cells_r = r.loc[~total_row, col]
        hidden = cells_r.isna()
        if not hidden.any() or r.loc[total_row, col].isna().all():
            continue
        assert hidden.sum() >= 2
        remainder = int(o.loc[total_row, col].iloc[0]) - int(cells_o[~hidden].sum())
        assert not 1 <= remainder <= 4
        small_hidden = cells_o[hidden]
        assert remainder not in set(small_hidden[(small_hidden >= 1) & (small_hidden <= 4)])


@settings(max_examples=300, deadline=None)
@given(tables())
def test_suppressed_counts_cannot_be_recovered(df: pd.DataFrame) -> None:
    before = df.copy(deep=True)
    out = suppress(df, value_cols=("value",), group_cols=["group"], total_flag_col="is_total")
    pd.testing.assert_frame_equal(df, before)
    # directly: every 1–4 is hidden, and a hidden count never leaves its value behind
    shown = out["count"].dropna()
    assert not shown.between(1, 4).any()
    shown_den = out["denominator"].dropna()
    assert not shown_den.between(1, 4).any()
    assert out.loc[out["suppressed"], "value"].isna().all()
    assert out.loc[out["count"].isna(), "value"].isna().all()
    assert (out.loc[out["suppressed"], "suppression_note"] != "").all()
    # by subtraction from the group total
    _check_no_disclosure(df, out, "count")
    _check_no_disclosure(df, out, "denominator")


@settings(max_examples=300, deadline=None)
@given(tables())
def test_rounding_never_shows_small_counts(df: pd.DataFrame) -> None:
    out = suppress(
        df, value_cols=("value",), group_cols=["group"], total_flag_col="is_total", round_to=5
    )
    for col in ("count", "denominator"):
        shown = out[col].dropna().astype(int)
        assert not shown.between(1, 4).any()
        assert (shown % 5 == 0).all()
    assert (out["suppression_note"] != "").all()
    _check_no_disclosure(df, out, "count")
