"""Disclosure control (NDTMS / Fingertips practice) applied before any frame reaches a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "NOT_COLLECTED_NOTE",
    "PRIMARY_DENOMINATOR_NOTE",
    "PRIMARY_NOTE",
    "ROUNDED_NOTE",
    "SECONDARY_NOTE",
    "SOURCE_SUPPRESSED_NOTE",
    "DisclosurePolicy",
    "apply_disclosure",
    "mark_source_status",
    "protect_profile",
    "protect_two_way",
    "suppress",
]

PRIMARY_NOTE = "Suppressed: count between 1 and 4 (primary suppression)"
PRIMARY_DENOMINATOR_NOTE = "Suppressed: denominator between 1 and 4 (primary suppression)"
SECONDARY_NOTE = "Suppressed to protect another suppressed cell (secondary suppression)"
ROUNDED_NOTE = "Rounded to the nearest 5 (NDTMS convention for user-defined slices)"
SOURCE_SUPPRESSED_NOTE = "Suppressed by NDTMS in the source export (*)"
NOT_COLLECTED_NOTE = "Not collected that year (NULL in the source export)"

DEFAULT_VALUE_COLS = ("value", "lci95", "uci95", "lci998", "uci998")


@dataclass(frozen=True)
class DisclosurePolicy:
    """What to protect in a frame and how.

    - ``count_col``: the numerator count.
    - ``denominator_col``: a count the value is built on (None if the frame has none; skipped
      if the column is absent).
    - ``value_cols``: values, rates and confidence limits derived from the count; hidden
      whenever the row's count or denominator is hidden (absent columns are skipped).
    - ``group_cols``: the rows that together add up to a total (e.g. the boroughs of a pooled
      group, the sexes within a borough). Empty means the whole frame is one group.
    - ``total_flag_col``: boolean column marking each group's total row (at most one per group).
    - ``total_published``: whether a group's total is known to users even with no total row
      in the frame (shown elsewhere, or a sum a user could compute). True is the safe default;
      set False only for rows that do not add up to anything (e.g. a time series).
    - ``round_to``: round shown counts and denominators to this multiple (5 for user-driven
      slices of NDTMS-style counts); None for no rounding.
    - ``smallest_shown``: counts from 1 to ``smallest_shown − 1`` are suppressed (default 5).
    """

    count_col: str = "count"
    denominator_col: str | None = "denominator"
    value_cols: tuple[str, ...] = DEFAULT_VALUE_COLS
    group_cols: tuple[str, ...] = ()
    total_flag_col: str | None = None
    total_published: bool = True
    round_to: int | None = None
    smallest_shown: int = 5


def _as_float(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _protect(
    vals: np.ndarray, hidden: np.ndarray, total_known: bool, has_total_row: bool, smallest: int
) -> tuple[np.ndarray, bool]:
    """Secondary suppression inside one group.

    ``vals`` are the cells' original counts, ``hidden`` which cells are already hidden. While
    the group total is known and (fewer than two cells are hidden, or the hidden cells add up
    to less than ``smallest``), hide the smallest shown non-zero cell (hiding a zero protects
    nothing, since it adds nothing to the difference). If no such cell is left, hide the
    total row. Returns the new hidden mask and whether the total must be hidden.
    """
    hidden = hidden.copy()
    if not hidden.any() or not total_known:
        return hidden, False
    while True:
        hidden_sum = float(np.nansum(vals[hidden]))
        if int(hidden.sum()) >= 2 and hidden_sum >= smallest:
            return hidden, False
        candidates = np.flatnonzero(~hidden & ~np.isnan(vals) & (vals > 0))
        if candidates.size == 0:
            return hidden, has_total_row
        hidden[candidates[int(np.argmin(vals[candidates]))]] = True


def _round_half_up(values: np.ndarray, base: int) -> np.ndarray:
    return np.floor(values / base + 0.5) * base


def apply_disclosure(frame: pd.DataFrame, policy: DisclosurePolicy) -> pd.DataFrame:
    """Return a copy of ``frame`` with disclosure control applied; the input is not changed.

    Rules, in order:

    1. **Primary suppression.** A count from 1 to 4 is hidden, with every value and confidence
       limit built on it (a proportion and its denominator would give the count back). A zero
       is shown. A denominator from 1 to 4 hides the whole row (count, denominator, values).
    2. **Secondary suppression**, within each group of rows that add up to a total (a total
       row, or ``total_published``): if any cell is hidden, keep hiding the smallest shown
       non-zero cell until at least two cells are hidden *and* the hidden cells add up to 5
       or more, so total − shown cells never gives back a count of 1–4 or any single hidden
       cell. When no cell is left to hide, the total row is hidden instead. Done first for
       denominators (hiding whole rows), then for counts (hiding the count and values).
       Only one level of grouping is checked per call: for a two-way table with both margins
       shown, call once per margin or treat the table as one group.
    3. **Rounding** (``round_to``, e.g. 5): shown counts and denominators are rounded half up
       to the multiple; values are not recomputed, the caller decides.

    Adds ``suppressed`` (bool: the count or denominator was hidden) and ``suppression_note``
    ("" when untouched, otherwise every reason, joined by "; "). Hidden cells become missing
    (NaN or <NA>); integer count columns become nullable ``Int64``.
    """
    _check(frame, policy)
    out = frame.copy(deep=True)
    den_col = policy.denominator_col if policy.denominator_col in out.columns else None
    count_cols = [policy.count_col] + ([den_col] if den_col else [])
    for col in count_cols:
        if pd.api.types.is_integer_dtype(out[col].dtype) and not isinstance(
            out[col].dtype, pd.api.extensions.ExtensionDtype
        ):
            out[col] = out[col].astype("Int64")  # so hidden cells can be <NA>
    count = _as_float(out[policy.count_col])
    den = _as_float(out[den_col]) if den_col else np.full(len(out), np.nan)
    if (count < 0).any() or (den < 0).any():
        raise ValueError("counts and denominators cannot be negative")
    notes = _Notes(len(out))
    hide_count, hide_den = _primary(count, den, policy.smallest_shown, notes)
    is_total = _total_flags(out, policy)
    for rows in _groups(_group_ids(out, policy, is_total), hide_count | hide_den):
        _secondary(
            rows, is_total, count, den if den_col else None, hide_count, hide_den, policy, notes
        )
    hide_values = hide_count | hide_den
    out[policy.count_col] = out[policy.count_col].mask(pd.Series(hide_count, index=out.index))
    if den_col:
        out[den_col] = out[den_col].mask(pd.Series(hide_den, index=out.index))
    for col in (c for c in policy.value_cols if c in out.columns and c not in count_cols):
        out[col] = out[col].mask(pd.Series(hide_values, index=out.index))
    if policy.round_to is not None:
        _round(out, count_cols, policy.round_to, notes)
    return _marked(out, hide_values, notes)


def _check(frame: pd.DataFrame, pol: DisclosurePolicy) -> None:
    """Refuse a policy that names columns the frame lacks, or impossible thresholds."""
    if pol.count_col not in frame.columns:
        raise ValueError(f"count column {pol.count_col!r} not in the frame")
    for col in pol.group_cols:
        if col not in frame.columns:
            raise ValueError(f"group column {col!r} not in the frame")
    if pol.total_flag_col is not None and pol.total_flag_col not in frame.columns:
        raise ValueError(f"total flag column {pol.total_flag_col!r} not in the frame")
    if pol.round_to is not None and pol.round_to < 1:
        raise ValueError("round_to must be a positive whole number")
    if pol.smallest_shown < 1:
        raise ValueError("smallest_shown must be at least 1")


class _Notes:
    """Each row's reasons, in the order they arose, without repeats (kept for marked rows only)."""

    def __init__(self, n_rows: int) -> None:
        self.n_rows = n_rows
        self.rows: dict[int, list[str]] = {}

    def add(self, pos: int, text: str) -> None:
        reasons = self.rows.setdefault(pos, [])
        if text not in reasons:
            reasons.append(text)

    def marked(self) -> list[tuple[int, list[str]]]:
        return sorted(self.rows.items())


def _primary(
    count: np.ndarray, den: np.ndarray, smallest: int, notes: _Notes
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 1: hide counts and denominators from 1 to smallest − 1 (a small denominator hides
    the row's count too). Returns the count and denominator masks."""
    hide_count = (count > 0) & (count < smallest)
    hide_den = (den > 0) & (den < smallest)
    for pos in np.flatnonzero(hide_count):
        notes.add(int(pos), PRIMARY_NOTE)
    for pos in np.flatnonzero(hide_den):
        notes.add(int(pos), PRIMARY_DENOMINATOR_NOTE)
    return hide_count | hide_den, hide_den


def _total_flags(out: pd.DataFrame, pol: DisclosurePolicy) -> np.ndarray:
    if pol.total_flag_col is None:
        return np.zeros(len(out), dtype=bool)
    return out[pol.total_flag_col].astype("boolean").fillna(False).to_numpy(dtype=bool)


def _group_ids(out: pd.DataFrame, pol: DisclosurePolicy, is_total: np.ndarray) -> np.ndarray:
    """Each row's group (the rows that add up to a total); refuses a group with two totals."""
    if not pol.group_cols:
        ids = np.zeros(len(out), dtype=int)
    else:
        ids = out.groupby(list(pol.group_cols), dropna=False, sort=False).ngroup().to_numpy()
    if is_total.any() and np.bincount(ids[is_total]).max() > 1:
        raise ValueError("a group has more than one total row")
    return ids


def _groups(ids: np.ndarray, hidden: np.ndarray) -> list[np.ndarray]:
    """Row positions (ascending) of each group that has a hidden cell.

    Secondary suppression only ever starts from a hidden cell, so a group without one is left
    as it is; finding those groups is vectorised, which keeps large frames (every indicator,
    period and area) fast when, as usual, few groups hold a small number.
    """
    wanted = np.unique(ids[hidden])
    if wanted.size == 0:
        return []
    order = np.argsort(ids, kind="stable")
    starts = np.searchsorted(ids[order], wanted, side="left")
    ends = np.searchsorted(ids[order], wanted, side="right")
    return [order[a:b] for a, b in zip(starts, ends, strict=True)]


def _secondary(
    rows: np.ndarray,
    is_total: np.ndarray,
    count: np.ndarray,
    den: np.ndarray | None,
    hide_count: np.ndarray,
    hide_den: np.ndarray,
    pol: DisclosurePolicy,
    notes: _Notes,
) -> None:
    """Rule 2 inside one group: denominators first (hiding whole rows), then counts."""
    totals, cells = rows[is_total[rows]], rows[~is_total[rows]]
    if len(totals) > 1:
        raise ValueError("a group has more than one total row")
    has_total = len(totals) == 1
    total_known = has_total or pol.total_published
    passes = ([(den, hide_den)] if den is not None else []) + [(count, hide_count)]
    for vals, mask in passes:
        if has_total and mask[totals[0]]:
            continue  # total already hidden: nothing to subtract from
        new_hidden, hide_total = _protect(
            vals[cells], mask[cells], total_known, has_total, pol.smallest_shown
        )
        newly = list(cells[new_hidden & ~mask[cells]]) + ([totals[0]] if hide_total else [])
        for p in newly:
            notes.add(int(p), SECONDARY_NOTE)
            mask[p] = True
            if mask is hide_den:
                hide_count[p] = True


def _round(out: pd.DataFrame, count_cols: list[str], base: int, notes: _Notes) -> None:
    """Rule 3: round shown counts and denominators half up to a multiple of `base`."""
    rounded = np.zeros(len(out), dtype=bool)
    for col in count_cols:
        vals = _as_float(out[col])
        shown = ~np.isnan(vals)
        new = np.where(shown, _round_half_up(vals, base), np.nan)
        rounded |= shown
        if isinstance(out[col].dtype, pd.api.extensions.ExtensionDtype):
            out[col] = pd.array(new, dtype="Float64").astype(out[col].dtype)
        else:
            out[col] = new
    for pos in np.flatnonzero(rounded):
        notes.add(int(pos), ROUNDED_NOTE.replace("5", str(base), 1))


def _marked(out: pd.DataFrame, hidden: np.ndarray, notes: _Notes) -> pd.DataFrame:
    """Add `suppressed` and `suppression_note`, keeping marks from an earlier application."""
    n_rows = len(out)
    if "suppressed" in out.columns:
        previous = out["suppressed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    else:
        previous = np.zeros(n_rows, dtype=bool)
    old_notes = (
        out["suppression_note"].astype("string").fillna("").tolist()
        if "suppression_note" in out.columns
        else [""] * n_rows
    )
    out["suppressed"] = previous | hidden
    # Most rows have no reason: only those with one are joined in Python.
    joined = list(old_notes)
    for pos, reasons in notes.marked():
        joined[pos] = "; ".join([o for o in [old_notes[pos]] if o] + reasons)
    out["suppression_note"] = pd.Series(joined, index=out.index, dtype="string")
    return out


def suppress(
    frame: pd.DataFrame,
    count_col: str = "count",
    value_cols: Sequence[str] = DEFAULT_VALUE_COLS,
    group_cols: Sequence[str] = (),
    total_flag_col: str | None = None,
    round_to: int | None = None,
    denominator_col: str | None = "denominator",
    total_published: bool = True,
) -> pd.DataFrame:
    """Shorthand for ``apply_disclosure(frame, DisclosurePolicy(...))``; see its rules."""
    policy = DisclosurePolicy(
        count_col=count_col,
        denominator_col=denominator_col,
        value_cols=tuple(value_cols),
        group_cols=tuple(group_cols),
        total_flag_col=total_flag_col,
        total_published=total_published,
        round_to=round_to,
    )
    return apply_disclosure(frame, policy)


def _add_notes(out: pd.DataFrame, notes: list[list[str]], hidden: np.ndarray) -> pd.DataFrame:
    """Set `suppressed` and `suppression_note` as apply_disclosure does, keeping earlier marks."""
    previous = (
        out["suppressed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if "suppressed" in out.columns
        else np.zeros(len(out), dtype=bool)
    )
    old = (
        out["suppression_note"].astype("string").fillna("").tolist()
        if "suppression_note" in out.columns
        else [""] * len(out)
    )
    out["suppressed"] = previous | hidden
    out["suppression_note"] = pd.Series(
        ["; ".join([o for o in [before] if o] + n) for before, n in zip(old, notes, strict=True)],
        index=out.index,
        dtype="string",
    )
    return out


def protect_two_way(
    frame: pd.DataFrame,
    row_col: str,
    col_col: str,
    row_total: str,
    col_total: str,
    count_col: str = "count",
    round_to: int | None = None,
    smallest_shown: int = 5,
) -> pd.DataFrame:
    """Primary and secondary suppression for a two-way table shown with both margins.

    The frame holds every cell of a `row_col` x `col_col` table, margins included: the rows
    whose `row_col` is `row_total` are the column totals, those whose `col_col` is `col_total`
    the row totals (e.g. sex x age with "Persons" and "18+ yrs"). Primary suppression hides
    counts 1 to 4; then every line of the table (each row and each column, each with its total)
    is protected as in apply_disclosure, and the lines are revisited until nothing changes, so
    a cell hidden to protect a row is also protected within its column. Shown counts are then
    rounded to `round_to`. Adds `suppressed` and `suppression_note`.
    """
    for column in (row_col, col_col, count_col):
        if column not in frame.columns:
            raise ValueError(f"column {column!r} not in the frame")
    out = frame.copy(deep=True)
    count = _as_float(out[count_col])
    if (count < 0).any():
        raise ValueError("counts cannot be negative")
    hidden = (count > 0) & (count < smallest_shown)
    notes: list[list[str]] = [[PRIMARY_NOTE] if h else [] for h in hidden]
    rows = out[row_col].astype("string").to_numpy(dtype=object)
    cols = out[col_col].astype("string").to_numpy(dtype=object)
    lines = [(rows == value, cols == col_total) for value in dict.fromkeys(rows.tolist())] + [
        (cols == value, rows == row_total) for value in dict.fromkeys(cols.tolist())
    ]
    changed = bool(hidden.any())
    while changed:
        changed = False
        for in_line, is_total in lines:
            totals = np.flatnonzero(in_line & is_total)
            cells = np.flatnonzero(in_line & ~is_total)
            if len(totals) != 1 or hidden[totals[0]] or cells.size == 0:
                continue
            new_hidden, hide_total = _protect(
                count[cells], hidden[cells], True, True, smallest_shown
            )
            newly = list(cells[new_hidden & ~hidden[cells]])
            if hide_total:
                newly.append(totals[0])
            for position in newly:
                hidden[position] = True
                notes[int(position)].append(SECONDARY_NOTE)
                changed = True
    out[count_col] = out[count_col].mask(pd.Series(hidden, index=out.index))
    if round_to is not None:
        shown = ~hidden & ~np.isnan(count)
        out[count_col] = np.where(shown, _round_half_up(count, round_to), np.nan)
        for position in np.flatnonzero(shown):
            notes[int(position)].append(ROUNDED_NOTE.replace("5", str(round_to), 1))
    return _add_notes(out, notes, hidden)


def protect_profile(frame: pd.DataFrame, group_cols: Sequence[str] = ()) -> pd.DataFrame:
    """Disclosure control for slices of the ViewIt service-user profile (treatment_profile).

    Counts are NDTMS counts in a slice the user chose, so: primary and secondary suppression
    within each `group_cols` group (a measure's categories add up to its total, which is shown
    as `denominator`), and rounding to 5. Cells NDTMS itself suppressed (`status` "suppressed",
    `*` in the export) are marked suppressed with that reason; NDTMS published the cells beside
    them, so they stay shown. Cells not collected that year (`status` "not_collected") say so.
    """
    out = apply_disclosure(
        frame,
        DisclosurePolicy(
            count_col="count",
            denominator_col="denominator",
            value_cols=(),
            group_cols=tuple(group_cols),
            total_published=True,
            round_to=5,
        ),
    )
    return mark_source_status(out)


def mark_source_status(frame: pd.DataFrame) -> pd.DataFrame:
    """Say why a ViewIt cell has no count: NDTMS suppressed it (`*`) or it was not collected.

    Rows with `status` "suppressed" are marked suppressed; a frame with no `status` column is
    returned unchanged.
    """
    if "status" not in frame.columns:
        return frame
    out = frame.copy()
    status = out["status"].astype("string").fillna("")
    notes: list[list[str]] = [
        [SOURCE_SUPPRESSED_NOTE]
        if s == "suppressed"
        else [NOT_COLLECTED_NOTE]
        if s == "not_collected"
        else []
        for s in status
    ]
    return _add_notes(out, notes, (status == "suppressed").to_numpy(dtype=bool))
