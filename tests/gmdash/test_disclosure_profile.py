"""Disclosure control for ViewIt profile slices: two-way tables with margins, source statuses."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from gmdash.disclosure import (
    NOT_COLLECTED_NOTE,
    PRIMARY_NOTE,
    SECONDARY_NOTE,
    SOURCE_SUPPRESSED_NOTE,
    mark_source_status,
    protect_profile,
    protect_two_way,
)

AGES = ("18-29", "30-49", "50+")


def _grid(male: tuple[int, ...], female: tuple[int, ...]) -> pd.DataFrame:
    """A sex x age table with both margins, the totals added up here."""
    persons = tuple(m + f for m, f in zip(male, female, strict=True))
    rows = [
        (sex, age, float(count))
        for sex, counts in (("Male", male), ("Female", female), ("Persons", persons))
        for age, count in zip([*AGES, "18+"], [*counts, sum(counts)], strict=True)
    ]
    return pd.DataFrame(rows, columns=["sex", "age", "count"])


def _recoverable(original: pd.DataFrame, shown: pd.DataFrame) -> list[str]:
    """Every way a hidden cell comes back by subtraction along a row or a column."""
    problems = []
    hidden = shown["count"].isna()
    for col, other, total in (("sex", "age", "18+"), ("age", "sex", "Persons")):
        for value in original[col].unique():
            line = original[col] == value
            total_row = line & (original[other] == total)
            if hidden[total_row].any():
                continue
            cells = line & ~total_row
            gone = original.loc[cells & hidden, "count"]
            if len(gone) == 1 or 0 < gone.sum() < 5:
                problems.append(f"{col}={value}: hidden {gone.tolist()}")
    return problems


def test_two_way_hides_along_rows_and_columns():
    original = _grid(male=(3, 40, 20), female=(10, 30, 25))
    shown = protect_two_way(original, "sex", "age", "Persons", "18+")
    hidden = set(shown.loc[shown["count"].isna(), ["sex", "age"]].itertuples(index=False))
    # The 3 (primary); then 20 to protect the Male row, 10 for the 18-29 column, 25 for 50+.
    assert hidden == {("Male", "18-29"), ("Male", "50+"), ("Female", "18-29"), ("Female", "50+")}
    notes = shown.set_index(["sex", "age"])["suppression_note"]
    assert notes[("Male", "18-29")] == PRIMARY_NOTE
    assert notes[("Female", "50+")] == SECONDARY_NOTE
    assert _recoverable(original, shown) == []
    assert shown["suppressed"].sum() == 4
    assert shown.set_index(["sex", "age"])["count"][("Persons", "18+")] == 128.0


def test_two_way_hides_a_margin_when_nothing_else_can_protect_it():
    # The only other Female cells are zeros, which protect nothing: the row total must go.
    original = _grid(male=(30, 40, 20), female=(2, 0, 0))
    shown = protect_two_way(original, "sex", "age", "Persons", "18+")
    assert _recoverable(original, shown) == []
    grid = shown.set_index(["sex", "age"])["count"]
    assert pd.isna(grid[("Female", "18-29")]) and pd.isna(grid[("Female", "18+")])


@pytest.mark.parametrize("seed", range(25))
def test_two_way_never_leaves_a_cell_recoverable(seed):
    rng = np.random.default_rng(seed)
    male, female = (tuple(int(v) for v in rng.integers(0, 12, size=3)) for _ in range(2))
    original = _grid(male, female)
    shown = protect_two_way(original, "sex", "age", "Persons", "18+")
    assert _recoverable(original, shown) == []
    small = original["count"].between(1, 4)
    assert shown.loc[small, "count"].isna().all()


def test_two_way_rounds_what_it_shows():
    original = _grid(male=(12, 41, 23), female=(10, 30, 26))
    shown = protect_two_way(original, "sex", "age", "Persons", "18+", round_to=5)
    grid = shown.set_index(["sex", "age"])["count"]
    # 12 -> 10, 41 -> 40, 23 -> 25, and the margins on their own: 76 -> 75, 142 -> 140.
    assert [grid[("Male", a)] for a in (*AGES, "18+")] == [10.0, 40.0, 25.0, 75.0]
    assert grid[("Persons", "18+")] == 140.0
    assert "Rounded to the nearest 5" in shown["suppression_note"].iloc[0]
    assert not shown["suppressed"].any()


def test_two_way_rejects_missing_columns_and_negative_counts():
    with pytest.raises(ValueError, match="'band' not in the frame"):
        protect_two_way(_grid((1, 2, 3), (4, 5, 6)), "sex", "band", "Persons", "18+")
    bad = _grid((10, 20, 30), (10, 20, 30))
    bad.loc[0, "count"] = -5
    with pytest.raises(ValueError, match="negative"):
        protect_two_way(bad, "sex", "age", "Persons", "18+")


def _measure(counts: dict[str, float | None], statuses: dict[str, str] | None = None):
    statuses = statuses or {}
    rows = [
        (c, v, statuses.get(c, "published" if v is not None else "suppressed"))
        for c, v in counts.items()
    ]
    frame = pd.DataFrame(rows, columns=["category", "count", "status"])
    complete = (frame["status"] == "published").all()
    return frame.assign(
        measure="exit_reason", denominator=frame["count"].sum() if complete else None
    )


def test_profile_slice_primary_secondary_and_rounding():
    frame = _measure({"successful_completion": 52, "dropped_out": 31, "died": 2, "prison": 8})
    shown = protect_profile(frame, group_cols=["measure"]).set_index("category")
    # 2 is hidden; the next smallest (8) with it, so 93 - 83 gives back only their sum, 10.
    assert shown["count"].isna().to_dict() == {
        "successful_completion": False,
        "dropped_out": False,
        "died": True,
        "prison": True,
    }
    assert shown.at["successful_completion", "count"] == 50.0  # 52 rounded to 5
    assert shown.at["dropped_out", "count"] == 30.0
    assert shown["denominator"].tolist() == [95.0] * 4  # 93 rounded to 5
    assert shown["suppression_note"].str.contains("suppress", case=False).sum() == 2


def test_profile_slice_marks_source_statuses():
    frame = _measure(
        {"successful_completion": 50, "dropped_out": None, "died": 5, "prison": None},
        {"prison": "not_collected"},
    )
    shown = protect_profile(frame, group_cols=["measure"]).set_index("category")
    assert shown.at["dropped_out", "suppression_note"] == SOURCE_SUPPRESSED_NOTE
    assert bool(shown.at["dropped_out", "suppressed"])
    assert shown.at["prison", "suppression_note"] == NOT_COLLECTED_NOTE
    assert not bool(shown.at["prison", "suppressed"])
    # A published 5 is shown: NDTMS published it beside its own suppressed cell.
    assert shown.at["died", "count"] == 5.0 and not bool(shown.at["died", "suppressed"])


def test_mark_source_status_without_a_status_column_changes_nothing():
    frame = pd.DataFrame({"count": [5.0]})
    assert mark_source_status(frame) is frame


def test_every_small_count_in_a_slice_is_hidden():
    for counts in itertools.product((0, 1, 4, 5, 9), repeat=3):
        frame = _measure(dict(zip(("a", "b", "c"), counts, strict=True)))
        shown = protect_profile(frame, group_cols=["measure"])
        small = frame["count"].between(1, 4)
        assert shown.loc[small, "count"].isna().all(), counts
        gone = frame.loc[shown["count"].isna(), "count"]
        if shown["denominator"].notna().any():  # a total a reader could subtract from
            assert len(gone) != 1 and (gone.sum() == 0 or gone.sum() >= 5), counts
        else:
            assert 0 < frame["count"].sum() < 5, counts
