"""Pooled groups of GM boroughs: validated membership, pooled figures and an extra "area" row.

A group's figures are the members' counts and denominators summed, with the interval computed
on the sums (METHODS.md, "Pooled groups"); never an average of percentages. Pooling works on
frames that have already been through disclosure control, and refuses to pool over a suppressed
member, because the group's total minus the other members would give the hidden count back.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gmcore import stats
from gmcore.schema import ENGLAND, GM_BOROUGHS, GREATER_MANCHESTER, NORTH_WEST
from gmdash import disclosure
from gmdash.analysis import num
from gmdash.queries import NDTMS_PREFIXES
from gmdash.whatif import ILLUSTRATIVE, combined_status, statuses

GROUP_AREA_TYPE = "pooled_group"
GROUP_CODE_PREFIX = "group:"
MAX_NAME_LENGTH = 60
MIN_MEMBERS = 2
#: Names a group may not take: a reader would mistake the group for the real area.
RESERVED_NAMES = {
    GREATER_MANCHESTER: "Greater Manchester",
    NORTH_WEST: "North West",
    ENGLAND: "England",
}
#: Keys that identify one figure in a frame; pooling happens within each combination present.
FIGURE_KEYS = ("indicator_id", "period", "sex", "age")
VALUE_COLUMNS = ("value", "lci95", "uci95", "lci998", "uci998")
POOLABLE = ("proportion", "crude_rate", "count")
#: Characters a name may not hold: they mean something to Markdown (links, images, emphasis,
#: Streamlit's :colour[...] and $maths$), and a name travels in links other people open.
MARKUP = set("[]!*_<>#`|\\~$:{}^=")


class GroupError(ValueError):
    """A group cannot be made or pooled; the message says why in words a user can act on."""


def _key(text: str) -> str:
    """Case, accent and spacing-insensitive form of a name, for matching typed input."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def slugify(name: str) -> str:
    """ "Bolton, Salford & Trafford" -> "bolton-salford-trafford" (empty if nothing is left)."""
    return _key(name).replace(" ", "-")


@dataclass(frozen=True)
class PooledGroup:
    """A named set of GM boroughs, members as area codes in the boroughs' own order."""

    name: str
    members: tuple[str, ...]

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def area_code(self) -> str:
        """The code the group's row carries beside the boroughs: ``group:<slug>``."""
        return GROUP_CODE_PREFIX + self.slug

    @property
    def member_names(self) -> tuple[str, ...]:
        return tuple(GM_BOROUGHS[code] for code in self.members)

    def describe(self) -> str:
        """ "Bolton, Salford and Trafford" """
        names = list(self.member_names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form saved in scenarios."""
        return {"name": self.name, "members": list(self.members)}


def _clean_name(name: object) -> str:
    if not isinstance(name, str):
        raise GroupError("A group needs a name (text).")
    text = " ".join(name.split())
    if not text:
        raise GroupError("A group needs a name: type one, such as 'Bolton, Salford and Trafford'.")
    if len(text) > MAX_NAME_LENGTH:
        raise GroupError(
            f"A group name can be at most {MAX_NAME_LENGTH} characters; this one has {len(text)}."
        )
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise GroupError("A group name cannot contain control characters.")
    if not slugify(text):
        raise GroupError("A group name needs at least one letter or digit.")
    if MARKUP & set(text):
        shown = " ".join(sorted(MARKUP & set(text)))
        raise GroupError(
            f"A group name can use letters, digits, spaces and , & ' + - . / ( ); not {shown}"
        )
    return text


def make_group(
    name: object, members: Iterable[object], boroughs: Mapping[str, str] = GM_BOROUGHS
) -> PooledGroup:
    """Validate a group: a name, and 2 to 10 GM boroughs given by code or name (any case).

    Raises GroupError naming every unknown member and listing the boroughs to choose from.
    Repeated members count once. A group may not share its name with a borough or with
    Greater Manchester, the North West or England.
    """
    text = _clean_name(name)
    by_key = {_key(n): c for c, n in boroughs.items()} | {_key(c): c for c in boroughs}
    taken = {_key(n) for n in (*boroughs.values(), *RESERVED_NAMES.values())}
    if _key(text) in taken:
        raise GroupError(
            f"'{text}' is already the name of an area; give the group a name of its own."
        )
    if isinstance(members, str | bytes):
        raise GroupError("Members must be a list of boroughs, not one piece of text.")
    chosen: list[str] = []
    unknown: list[str] = []
    for member in members:
        code = by_key.get(_key(str(member))) if isinstance(member, str) else None
        if code is None:
            unknown.append(repr(member))
        elif code not in chosen:
            chosen.append(code)
    if unknown:
        raise GroupError(
            f"Not a Greater Manchester borough: {', '.join(unknown)}. "
            f"Choose from {', '.join(boroughs.values())}."
        )
    if len(chosen) < MIN_MEMBERS:
        raise GroupError(
            f"A group needs at least {MIN_MEMBERS} different boroughs; it has {len(chosen)}."
        )
    if len(chosen) > len(boroughs):
        raise GroupError(f"A group can have at most {len(boroughs)} boroughs.")
    order = list(boroughs)
    return PooledGroup(text, tuple(sorted(chosen, key=order.index)))


def group_from_dict(data: object) -> PooledGroup:
    """A group from its saved JSON form, validated again (a borough may have changed)."""
    if not isinstance(data, Mapping) or "name" not in data or "members" not in data:
        raise GroupError("A saved group needs a 'name' and a list of 'members'.")
    return make_group(data["name"], data["members"])


def check_distinct(groups: Sequence[PooledGroup]) -> None:
    """Raise when two groups would share a row code (their names slugify alike)."""
    seen: dict[str, str] = {}
    for group in groups:
        if group.slug in seen:
            raise GroupError(
                f"The groups '{seen[group.slug]}' and '{group.name}' have names too alike to "
                "tell apart; rename one."
            )
        seen[group.slug] = group.name


def round_step(indicator_id: str) -> int | None:
    """NDTMS-style treatment counts are rounded to 5 when a user slices them, as ViewIt does."""
    return 5 if indicator_id.startswith(NDTMS_PREFIXES) else None


def _multiplier(unit: str) -> float:
    match = re.search(r"per\s+([\d,]+)", unit)
    if not match:
        raise GroupError(f"The unit {unit!r} names no rate multiplier, so it cannot be pooled.")
    return float(match.group(1).replace(",", ""))


def _values(
    count: float, denominator: float, value_type: str, unit: str, polarity: str
) -> dict[str, float]:
    """Value and 95%/99.8% limits of a pooled figure, computed on the summed counts."""
    nan = math.nan
    if value_type == "proportion":
        out = {"value": 100 * count / denominator}
        for level, lo, hi in ((0.95, "lci95", "uci95"), (0.998, "lci998", "uci998")):
            low, high = stats.wilson_ci(count, denominator, level)
            out[lo], out[hi] = 100 * low, 100 * high
        return out
    if value_type == "crude_rate":
        mult = _multiplier(unit)
        out = {}
        for level, lo, hi in ((0.95, "lci95", "uci95"), (0.998, "lci998", "uci998")):
            value, low, high = stats.rate_ci(count, denominator, mult, level)
            out["value"], out[lo], out[hi] = value, low, high
        return out
    # counts: Byars limits where higher or lower is judged, as the build gives single boroughs
    out = {"value": count, "lci95": nan, "uci95": nan, "lci998": nan, "uci998": nan}
    if polarity != "no_judgement":
        out["lci95"], out["uci95"] = stats.byars_ci(count, 0.95)
        out["lci998"], out["uci998"] = stats.byars_ci(count, 0.998)
    return out


def _meta(meta: Mapping[str, object]) -> tuple[str, str, str, str]:
    try:
        return (
            str(meta["indicator_id"]),
            str(meta["value_type"]),
            str(meta["unit"]),
            str(meta["polarity"]),
        )
    except KeyError as exc:
        raise ValueError(f"indicator metadata lacks {exc.args[0]!r}") from None


def pool(frame: pd.DataFrame, group: PooledGroup, meta: Mapping[str, object]) -> pd.DataFrame:
    """The group's pooled figures: one area row per period (and sex/age) in ``frame``.

    ``frame`` is a disclosure-controlled area frame (``indicator_values_gm``,
    ``indicator_trend``) with the members' rows; ``meta`` the indicator's catalogue row
    (indicator_id, value_type, unit, polarity). Counts and denominators are summed; NDTMS-style
    counts are then rounded to 5 and counts of 1–4 suppressed (gmdash.disclosure), and the value
    and both intervals are computed from the figures as shown. A figure where a member is
    suppressed or missing is not pooled, and the row says why. Columns: those of ``frame``
    that describe a figure, plus ``n_members``, ``members``, ``data_status`` and ``note``.
    """
    indicator_id, value_type, unit, polarity = _meta(meta)
    if value_type == "dsr":
        raise GroupError(
            "Directly standardised rates cannot be pooled by adding the boroughs' figures (it "
            "needs their age-specific counts), so this indicator has no pooled group figure."
        )
    if value_type not in POOLABLE:
        raise GroupError(f"Figures of type {value_type!r} cannot be pooled.")
    needs_denominator = value_type in ("proportion", "crude_rate")
    keys = [k for k in FIGURE_KEYS if k in frame.columns]
    rows = frame[frame["area_code"].isin(group.members)].copy()
    rows["_status"] = statuses(rows).to_numpy()
    if "suppressed" in rows.columns:
        rows["_hidden"] = rows["suppressed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    else:
        rows["_hidden"] = False
    figure_keys = (
        [
            {str(k): v for k, v in f.items()}
            for f in frame[keys].drop_duplicates().to_dict("records")
        ]
        if keys
        else [{}]  # one figure
    )
    out: list[dict[str, Any]] = []
    for figure in figure_keys:
        part = rows
        for k, v in figure.items():
            part = part[part[k] == v]
        record: dict[str, Any] = dict(figure)
        record |= {
            "area_code": group.area_code,
            "area_name": group.name,
            "area_type": GROUP_AREA_TYPE,
            "is_gm": True,
            "n_members": len(group.members),
            "members": ", ".join(group.members),
            "is_illustrative": bool((part["_status"] == ILLUSTRATIVE).any()),
            "data_status": combined_status(part["_status"]),
        }
        for column in ("period_start", "period_type"):
            if column in part.columns and len(part):
                record[column] = part[column].iloc[0]
        reason = _why_not_pooled(part, group, needs_denominator)
        if reason:
            record |= {"count": np.nan, "denominator": np.nan, "note": reason}
            record |= dict.fromkeys(VALUE_COLUMNS, np.nan)
            record |= {"suppressed": bool(part["_hidden"].any()), "suppression_note": reason}
        else:
            record["count"] = float(part["count"].sum())
            record["denominator"] = (
                float(part["denominator"].sum()) if needs_denominator else np.nan
            )
            record["note"] = (
                f"Pooled group of {group.describe()}: counts"
                + (" and denominators" if needs_denominator else "")
                + " summed, then the value and interval computed (never an average)."
            )
        out.append(record)
    pooled = pd.DataFrame(out)
    return _disclose(pooled, indicator_id, value_type, unit, polarity)


def _why_not_pooled(part: pd.DataFrame, group: PooledGroup, needs_denominator: bool) -> str:
    present = set(part["area_code"])
    absent = [GM_BOROUGHS[c] for c in group.members if c not in present]
    if absent:
        return f"Not pooled: no figure for {', '.join(absent)}."
    hidden = part[part["_hidden"]]
    if len(hidden):
        names = ", ".join(GM_BOROUGHS.get(c, c) for c in hidden["area_code"])
        return (
            f"Not pooled: the figure for {names} is suppressed, and a pooled total would let it "
            "be worked out (secondary suppression)."
        )
    needed = ["count", "denominator"] if needs_denominator else ["count"]
    for column in needed:
        if column not in part.columns:
            return f"Not pooled: the figures have no {column}."
        missing = part[part[column].isna()]
        if len(missing):
            names = ", ".join(GM_BOROUGHS.get(c, c) for c in missing["area_code"])
            return f"Not pooled: no {column} for {names}."
    return ""


def _disclose(
    pooled: pd.DataFrame, indicator_id: str, value_type: str, unit: str, polarity: str
) -> pd.DataFrame:
    """Disclosure control on the pooled rows, then values computed from what is shown."""
    for column in VALUE_COLUMNS:
        if column not in pooled.columns:
            pooled[column] = np.nan
    ready = pooled["count"].notna()
    if not ready.any():
        return pooled
    # Each pooled row stands alone: it adds up to nothing else a reader is shown.
    checked = disclosure.apply_disclosure(
        pooled[ready],
        disclosure.DisclosurePolicy(
            group_cols=("area_code",) + tuple(k for k in FIGURE_KEYS if k in pooled.columns),
            total_published=False,
            round_to=round_step(indicator_id),
            value_cols=(),
        ),
    )
    for column in ("count", "denominator"):
        pooled.loc[ready, column] = pd.to_numeric(checked[column], errors="coerce").to_numpy()
    notes = checked["suppression_note"].astype("string").fillna("")
    pooled.loc[ready, "suppressed"] = checked["suppressed"].to_numpy(dtype=bool)
    pooled.loc[ready, "suppression_note"] = notes.to_numpy(dtype=object)
    for idx in pooled.index[ready]:
        count, den = num(pooled.at[idx, "count"]), num(pooled.at[idx, "denominator"])
        if count is None or (value_type != "count" and (den is None or den <= 0)):
            for column in VALUE_COLUMNS:
                pooled.at[idx, column] = np.nan
            continue
        # a count has no denominator: the figure is the count itself
        values = _values(count, den if den is not None else math.nan, value_type, unit, polarity)
        for column, v in values.items():
            pooled.at[idx, column] = v
    pooled["suppressed"] = pooled["suppressed"].astype("boolean").fillna(False).astype(bool)
    pooled["suppression_note"] = pooled["suppression_note"].astype("string").fillna("")
    return pooled


def group_rows(
    frame: pd.DataFrame, groups: Sequence[PooledGroup], meta: Mapping[str, object]
) -> pd.DataFrame:
    """Each group's pooled rows in the columns of ``frame`` (extra pooled columns kept)."""
    check_distinct(groups)
    if not groups:
        return frame.iloc[0:0].copy()
    parts = [pool(frame, group, meta) for group in groups]
    pooled = pd.concat(parts, ignore_index=True)
    for column in frame.columns:
        if column not in pooled.columns:
            pooled[column] = pd.NA
    extra = [c for c in pooled.columns if c not in frame.columns]
    return pooled[[*frame.columns, *extra]]


def with_groups(
    frame: pd.DataFrame, groups: Sequence[PooledGroup], meta: Mapping[str, object]
) -> pd.DataFrame:
    """``frame`` with each group's pooled rows added after the boroughs, as extra "areas".

    The group rows have ``area_code`` ``group:<slug>``, ``area_name`` the group's name and
    ``area_type`` "pooled_group", so code that picks boroughs by ``area_type`` never mistakes a
    group for a borough, and a page can list groups beside boroughs and comparators.
    """
    extra = group_rows(frame, groups, meta)
    if extra.empty:
        return frame.copy()
    base = frame.copy()
    for column in extra.columns:
        if column not in base.columns:
            base[column] = pd.NA
    return pd.concat([base, extra[base.columns]], ignore_index=True)
