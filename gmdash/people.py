"""People in treatment: shares with intervals, England's profile beside an area's, recent trends."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gmcore import stats
from gmcore.schema import PROFILE_CATEGORIES
from gmdash.analysis import num

VIEWIT_URL = "https://www.ndtms.net/ViewIt/Adult"
ADULTS = "18+ yrs"
AGE_GROUPS = ("18-29 yrs", "30-49 yrs", "50+ yrs")
SEXES = ("Male", "Female")
# The five broad groups NDTMS publishes, in its order (England's file capitalises them).
ETHNIC_LABELS = {
    "white": "White",
    "mixed": "Mixed",
    "asian": "Asian",
    "black": "Black",
    "other": "Other",
}
SHARE_COLUMNS = ("share", "lci95", "uci95", "lci998", "uci998")


@dataclass(frozen=True)
class Measure:
    """A service-user measure: its title, whom it counts, and each category in words."""

    label: str
    base: str
    categories: dict[str, str]


MEASURES: dict[str, Measure] = {
    "in_treatment": Measure("People in treatment", "people in treatment", {"all": "All"}),
    "new_presentations": Measure("New presentations", "new presentations", {"all": "All"}),
    "ethnicity_in_treatment": Measure(
        "Ethnicity of people in treatment",
        "people in treatment with a recorded ethnicity",
        ETHNIC_LABELS,
    ),
    "ethnicity_new_presentations": Measure(
        "Ethnicity of new presentations",
        "new presentations with a recorded ethnicity",
        ETHNIC_LABELS,
    ),
    "referral_source": Measure(
        "Referral source",
        "new presentations",
        {
            "self_family_friends": "Self, family or friends",
            "health_social_care": "Health services or social care",
            "criminal_justice": "Criminal justice",
            "substance_misuse_service": "Substance misuse service",
            "other": "Other",
            "missing": "Missing",
        },
    ),
    "housing_at_start": Measure(
        "Housing situation at the start of treatment",
        "new presentations",
        {
            "urgent_problem": "Urgent housing problem",
            "housing_problem": "Housing problem",
            "no_problem": "No housing problem",
            "other": "Other",
            "not_stated": "Not stated or missing",
        },
    ),
    "wait_first_intervention": Measure(
        "Wait for the first intervention",
        "new presentations starting a first intervention",
        {
            "under_3_weeks": "3 weeks or under",
            "3_to_6_weeks": "Over 3 and up to 6 weeks",
            "over_6_weeks": "Over 6 weeks",
        },
    ),
    "wait_subsequent_intervention": Measure(
        "Wait for a subsequent intervention",
        "new presentations starting a subsequent intervention",
        {
            "under_3_weeks": "3 weeks or under",
            "3_to_6_weeks": "Over 3 and up to 6 weeks",
            "over_6_weeks": "Over 6 weeks",
        },
    ),
    "exit_reason": Measure(
        "Reason for leaving treatment",
        "people who left treatment",
        {
            "successful_completion": "Successful completion",
            "dropped_out": "Dropped out",
            "died": "Died",
            "prison": "Prison",
            "transferred_in_custody": "Transferred in custody",
            "transferred_not_in_custody": "Transferred, not in custody",
            "referred_on": "Referred on",
            "moved_away": "Moved away",
            "no_appropriate_treatment": "No appropriate treatment",
            "treatment_declined": "Treatment declined",
            "treatment_withdrawn": "Treatment withdrawn",
            "other": "Other",
            "not_known": "Not known",
            "inconsistent": "Inconsistent data",
        },
    ),
    "parental_status_in_treatment": Measure(
        "Parents and children: people in treatment",
        "people in treatment",
        {
            "parent_living_with_children": "Parent living with children",
            "other_living_with_children": "Not a parent, living with children",
            "parent_not_living_with_children": "Parent not living with children",
            "not_parent_no_children": "Not a parent, not living with children",
            "incomplete_data": "Incomplete data",
        },
    ),
    "parental_status_new_presentations": Measure(
        "Parents and children: new presentations",
        "new presentations",
        {
            "parent_living_with_children": "Parent living with children",
            "other_living_with_children": "Not a parent, living with children",
            "parent_not_living_with_children": "Parent not living with children",
            "not_parent_no_children": "Not a parent, not living with children",
            "incomplete_data": "Incomplete data",
        },
    ),
    "children_living_with_in_treatment": Measure(
        "Children living with people in treatment", "children", {"all": "All"}
    ),
    "children_living_with_new_presentations": Measure(
        "Children living with new presentations", "children", {"all": "All"}
    ),
}

# The sex and age of people in treatment, as shares of all adults in treatment: both sources
# (an area's export and England's profile) publish the sex x age grid.
GRID_MEASURES: dict[str, Measure] = {
    "sex": Measure("Sex", "adults in treatment", {"Male": "Men", "Female": "Women"}),
    "age": Measure(
        "Age group",
        "adults in treatment",
        {"18-29 yrs": "Aged 18 to 29", "30-49 yrs": "Aged 30 to 49", "50+ yrs": "Aged 50 and over"},
    ),
}
# The substance groups NDTMS reports, in its order (METHODS.md), as a reader names them.
SUBSTANCES = {
    "total": "All substances",
    "opiate": "Opiates",
    "non_opiate": "Non-opiates only",
    "alcohol_non_opiate": "Non-opiates and alcohol",
    "alcohol": "Alcohol only",
}


def measure_info(measure: str) -> Measure:
    """The title, base and category words of a profile measure or of "sex" and "age"."""
    found = GRID_MEASURES.get(measure) or MEASURES.get(measure)
    if found is None:
        raise ValueError(f"unknown measure {measure!r}")
    return found


# Whether a rising share is good news; every other category has no judgement (a change in who
# is referred or housed is not better or worse in itself).
POLARITY: dict[tuple[str, str], str] = {
    ("exit_reason", "successful_completion"): "high_good",
    ("exit_reason", "dropped_out"): "low_good",
    ("exit_reason", "died"): "low_good",
    ("wait_first_intervention", "under_3_weeks"): "high_good",
    ("wait_first_intervention", "over_6_weeks"): "low_good",
    ("wait_subsequent_intervention", "under_3_weeks"): "high_good",
    ("wait_subsequent_intervention", "over_6_weeks"): "low_good",
}
NO_JUDGEMENT = "no_judgement"


def polarity(measure: str, category: str) -> str:
    """The trend polarity of one category of a measure."""
    return POLARITY.get((measure, category), NO_JUDGEMENT)


def is_single_count(measure: str) -> bool:
    """True for measures that are one count (people in treatment), not a split into categories."""
    return tuple(PROFILE_CATEGORIES.get(measure, ())) == ("all",)


def _interval(count: float, denominator: float, level: float) -> tuple[float, float]:
    # Counts and their total are rounded to 5 independently, so a count can exceed its total.
    low, high = stats.wilson_ci(min(count, denominator), denominator, level)
    return 100 * low, 100 * high


def add_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Each row's `count` as a percentage of its `denominator`, with Wilson 95% and 99.8% limits.

    Rows whose count is hidden (suppressed, not collected) or whose denominator is missing or
    zero get no share. The input is not changed.
    """
    for column in ("count", "denominator"):
        if column not in frame.columns:
            raise ValueError(f"the frame has no {column!r} column")
    count = pd.to_numeric(frame["count"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    denominator = pd.to_numeric(frame["denominator"], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    # Worked out row by row into arrays and set as whole columns: setting cells one by one
    # was most of the cost of a new People view.
    values = np.full((len(frame), len(SHARE_COLUMNS)), np.nan)
    for row, (x, n) in enumerate(zip(count, denominator, strict=True)):
        if np.isnan(x) or np.isnan(n) or not n > 0:
            continue
        values[row] = (100 * min(x, n) / n, *_interval(x, n, 0.95), *_interval(x, n, 0.998))
    out = frame.copy()
    for column, share_values in zip(SHARE_COLUMNS, values.T, strict=True):
        out[column] = share_values
    return out


def label_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Add `measure_label` and `category_label`, and sort by measure then category, as defined."""
    out = frame.copy()
    known = {**GRID_MEASURES, **MEASURES}
    measure_order = {m: i for i, m in enumerate(known)}
    out["measure_label"] = out["measure"].map({m: v.label for m, v in known.items()})
    out["category_label"] = [
        known[m].categories.get(c, c) for m, c in zip(out["measure"], out["category"], strict=True)
    ]
    rank = [
        list(known[m].categories).index(c) if c in known[m].categories else 99
        for m, c in zip(out["measure"], out["category"], strict=True)
    ]
    keys = [k for k in ("period_start",) if k in out.columns]
    out = out.assign(_m=out["measure"].map(measure_order), _c=rank)
    out = out.sort_values([*keys, "_m", "_c"], kind="mergesort")
    return out.drop(columns=["_m", "_c"]).reset_index(drop=True)


def measure_shares(breakdown: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure of a (disclosed) treatment_profile_breakdown frame as labelled shares."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {list(MEASURES)}")
    rows = breakdown[breakdown["measure"] == measure]
    return label_rows(add_shares(rows))


def sex_age_shares(frame: pd.DataFrame, breakdown: str, within: str = "Persons") -> pd.DataFrame:
    """People in treatment by sex, by age group, or by both, as shares of all adults.

    `frame` is a treatment_profile_sex_age frame (or England's treatment_demographics rows for
    "All" ethnicities, which have the same sex x age grid). `breakdown` is "sex" (Male, Female
    of all adults), "age" (each age group of `within`: both sexes, men or women) or "sex_age"
    (the six pyramid cells). The denominator is the published all-adults count of `within`
    ("18+ yrs"); shares of sex are of everyone, so they need `within` "Persons". A hidden
    all-adults count leaves every share empty. Adds `measure` ("sex", "age" or "sex_age").
    """
    if breakdown not in ("sex", "age", "sex_age"):
        raise ValueError(f"breakdown must be 'sex', 'age' or 'sex_age', got {breakdown!r}")
    if within not in ("Persons", *SEXES) or (breakdown != "age" and within != "Persons"):
        raise ValueError(f"shares by {breakdown} cannot be taken within {within!r}")
    total = frame[(frame["sex"] == within) & (frame["age"] == ADULTS)]["count"]
    if len(total) != 1:
        raise ValueError(f"the frame needs exactly one all-adults row ({within}, 18+ yrs)")
    rows = _breakdown_rows(frame, breakdown, within)
    shares = add_shares(rows.assign(denominator=float(total.iloc[0]), measure=breakdown))
    ranks = _cell_rank(shares)
    return shares.assign(_r=ranks).sort_values("_r").drop(columns="_r").reset_index(drop=True)


_CELL_ORDER = {s: i for i, s in enumerate(SEXES)} | {a: i for i, a in enumerate(AGE_GROUPS)}


def _breakdown_rows(frame: pd.DataFrame, breakdown: str, within: str) -> pd.DataFrame:
    """The sex x age rows a breakdown counts (sex_age_shares), each with its `category`."""
    if breakdown == "sex":
        rows = frame[frame["sex"].isin(SEXES) & (frame["age"] == ADULTS)]
        return rows.assign(category=rows["sex"])
    if breakdown == "age":
        rows = frame[(frame["sex"] == within) & frame["age"].isin(AGE_GROUPS)]
        return rows.assign(category=rows["age"])
    rows = frame[frame["sex"].isin(SEXES) & frame["age"].isin(AGE_GROUPS)]
    return rows.assign(category=rows["sex"] + " " + rows["age"])


def _cell_rank(rows: pd.DataFrame) -> pd.Series:
    """The grid's reading order: by sex, then age group (rows outside the grid first)."""
    return rows["sex"].map(_CELL_ORDER).fillna(-1) * 10 + rows["age"].map(_CELL_ORDER).fillna(-1)


def england_sex_age(demographics: pd.DataFrame) -> pd.DataFrame:
    """England's treatment_demographics rows for all ethnicities, in the sex x age grid."""
    rows = demographics[demographics["ethnicity"] == "All"]
    return rows.drop(columns="ethnicity").reset_index(drop=True)


def england_ethnicity(
    demographics: pd.DataFrame, sex: str = "Persons", age: str = ADULTS
) -> pd.DataFrame:
    """England's people in treatment by the five ethnic groups, as shares of their sum."""
    rows = _ethnicity_rows(demographics, sex, age)
    complete = rows["count"].notna().all() and len(rows) == len(ETHNIC_LABELS)
    rows = rows.assign(denominator=rows["count"].sum() if complete else np.nan)
    return label_rows(add_shares(rows))


def _ethnicity_rows(demographics: pd.DataFrame, sex: str, age: str) -> pd.DataFrame:
    """The five ethnic groups' rows of one sex and age band, each with its `category` code."""
    rows = demographics[
        (demographics["sex"] == sex)
        & (demographics["age"] == age)
        & demographics["ethnicity"].isin(ETHNIC_LABELS.values())
    ]
    codes = {label: code for code, label in ETHNIC_LABELS.items()}
    return rows.assign(
        measure="ethnicity_in_treatment", category=rows["ethnicity"].map(codes).astype("string")
    )


def census_ethnicity(broad_groups: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """An area's Census 2021 residents in the five broad ethnic groups, as shares of the total.

    `broad_groups` is gmdash.demographics.broad_ethnic_groups of the ethnic_group topic; its
    group names ("Asian, Asian British or Asian Welsh") map to NDTMS's by their first word.
    Residents of all ages, so set beside adults in treatment as context, not a benchmark.
    """
    rows = broad_groups[
        (broad_groups["area_code"] == area_code) & (broad_groups["sex"] == "Persons")
    ].copy()
    if rows.empty:
        return pd.DataFrame(columns=["category", "category_label", "count", "share"])
    rows = rows[rows["period"].eq(rows["period"].max())]
    first_word = rows["category"].str.extract(r"^(\w+)")[0].str.lower()
    unknown = sorted(set(first_word) - set(ETHNIC_LABELS))
    if unknown:
        raise ValueError(f"Census ethnic groups not in the five NDTMS groups: {unknown}")
    out = rows.assign(category=first_word, count=rows["value"])
    out = out.groupby("category", as_index=False).agg(count=("count", "sum"))
    out["share"] = 100 * out["count"] / out["count"].sum()
    out["category_label"] = out["category"].map(ETHNIC_LABELS)
    order = {c: i for i, c in enumerate(ETHNIC_LABELS)}
    return out.sort_values("category", key=lambda c: c.map(order)).reset_index(drop=True)


def adult_population_sex_age(cells: pd.DataFrame) -> pd.DataFrame:
    """A population_pyramid frame's adults (18+) by sex and NDTMS age group, as shares of adults."""
    adults = cells[cells["age"] >= 18]
    group = np.select(
        [adults["age"] < 30, adults["age"] < 50], ["18-29 yrs", "30-49 yrs"], "50+ yrs"
    )
    out = (
        adults.assign(age_group=group)
        .groupby(["sex", "age_group"], as_index=False)
        .agg(population=("population", "sum"))
        .rename(columns={"age_group": "age"})
    )
    out["share"] = 100 * out["population"] / out["population"].sum()
    order = {s: i for i, s in enumerate(SEXES)}
    out = out.assign(_s=out["sex"].map(order)).sort_values(["_s", "age"]).drop(columns="_s")
    return out.reset_index(drop=True)


def compare_with_england(area: pd.DataFrame, england: pd.DataFrame) -> pd.DataFrame:
    """An area's shares beside England's, each category rated higher, lower or similar.

    Both frames come from add_shares (same categories). England's share is the comparator;
    the rating is the Fingertips two-level test with no judgement of direction ("higher" or
    "lower" at 95% or 99.8%, "similar", or "not compared" with the reason).
    """
    comparator = england.set_index("category")["share"]
    out = area.copy()
    out["england_share"] = out["category"].map(comparator)
    ratings = [
        stats.benchmark(
            num(row.share),
            num(row.lci95),
            num(row.uci95),
            num(row.england_share),
            NO_JUDGEMENT,
            num(row.lci998),
            num(row.uci998),
        )
        for row in out.itertuples(index=False)
    ]
    out["compared"] = [r.category for r in ratings]
    out["significance"] = [r.level for r in ratings]
    out["comparison_note"] = [r.reason for r in ratings]
    return out


def _consecutive(starts: pd.Series) -> bool:
    years = pd.to_datetime(starts).dt.year.to_numpy()
    return bool(len(years) and (np.diff(years) == 1).all())


def measure_trends(series: pd.DataFrame, points: int = 5) -> pd.DataFrame:
    """The Fingertips recent trend of every measure and category in a (disclosed) series.

    Categories are tested as shares of their measure's total (Cochran-Armitage), single-count
    measures as counts (weighted least squares with Byars limits), over the last `points`
    years, which must be consecutive. One row per measure x category with `direction`,
    `assessment` (better or worse where the category has a polarity) and `reason`.
    """
    rows = []
    for (measure, category), part in series.groupby(["measure", "category"], sort=False):
        part = part.sort_values("period_start")
        last = part.tail(points)
        pol = polarity(str(measure), str(category))
        if len(last) == points and not _consecutive(last["period_start"]):
            trend = stats.Trend(
                "could not be calculated",
                "could not be calculated",
                None,
                f"could not be calculated: the last {points} years are not consecutive",
            )
        elif is_single_count(str(measure)):
            counts = last["count"].astype(float).to_numpy()
            limits = [
                stats.byars_ci(float(c)) if np.isfinite(c) else (np.nan, np.nan) for c in counts
            ]
            trend = stats.recent_trend(
                None,
                None,
                counts,
                [lo for lo, _ in limits],
                [hi for _, hi in limits],
                "count",
                pol,
            )
        else:
            trend = stats.recent_trend(
                last["count"].astype(float).to_numpy(),
                last["denominator"].astype(float).to_numpy(),
                None,
                None,
                None,
                "proportion",
                pol,
            )
        rows.append(
            {
                "measure": measure,
                "category": category,
                "first_period": str(last["period"].iloc[0]),
                "latest_period": str(last["period"].iloc[-1]),
                "direction": trend.direction,
                "assessment": trend.assessment,
                "reason": trend.reason,
            }
        )
    columns = [
        "measure",
        "category",
        "first_period",
        "latest_period",
        "direction",
        "assessment",
        "reason",
    ]
    return label_rows(pd.DataFrame(rows, columns=columns))


UPLOAD_TITLE = "Bring your own ViewIt export"
USER_COVERAGE = (
    "the figures for {} on this page come from the NDTMS ViewIt export you uploaded in this "
    "session. They are shown as a built-in export would be, with the same disclosure control, "
    "are not checked by any publisher, and go when you close the session."
)


def _listed(rows: pd.DataFrame) -> str:
    parts = []
    for row in rows.itertuples(index=False):
        where = "" if bool(row.is_gm) else ", not in Greater Manchester"
        first, latest = str(row.first_period), str(row.latest_period)
        years = first if first == latest else f"{first} to {latest}"
        parts.append(f"{row.area_name} ({row.area_code}{where}), {years}")
    return "; ".join(parts)


def coverage_sentence(loaded: pd.DataFrame) -> str:
    """One sentence naming the areas with a ViewIt export loaded (treatment_profile_areas).

    Areas whose rows carry `data_status` "user" (an export uploaded in the session) are named
    apart, as the reader's own.
    """
    mine = (
        loaded["data_status"] == "user"
        if "data_status" in loaded.columns
        else pd.Series(False, index=loaded.index)
    )
    built, uploaded = loaded[~mine], loaded[mine]
    if not built.empty:
        sentence = "NDTMS ViewIt exports are loaded for: " + _listed(built) + "."
    elif uploaded.empty:
        sentence = "No NDTMS ViewIt export is loaded for any area."
    else:
        sentence = "The dashboard's own data hold no NDTMS ViewIt export."
    if not uploaded.empty:
        sentence += " Your own uploaded exports, in this session only: " + _listed(uploaded) + "."
    return sentence


def how_to_add(area_name: str) -> str:
    """The plain sentence shown for an area with no export: where to get it and how to add it."""
    return (
        f"No NDTMS ViewIt export is loaded for {area_name}, so this page shows England's "
        f"profile and {area_name}'s residents instead. To add it, download the adult "
        f"local-authority export from {VIEWIT_URL} (Download data, all indicators for all "
        "local authorities) and rebuild the data with "
        "`make data VIEWIT=path/to/viewit-export.csv`, or upload it under "
        f'"{UPLOAD_TITLE}" above to see it in this session only.'
    )


def grid_series(grid: pd.DataFrame, within: str = "Persons") -> pd.DataFrame:
    """Each year's shares by sex and by age group from a sex x age grid over several years.

    `grid` is treatment_profile_sex_age_series (or England's "All" rows with `period_start`).
    Within "Persons" both measures ("sex", "age") are given; within one sex only "age".
    Every year is sex_age_shares of that year's rows; the years are worked out together, in one
    pass of add_shares and label_rows, not year by year.
    """
    breakdowns = ("sex", "age") if within == "Persons" else ("age",)
    if grid.empty:
        return label_rows(
            add_shares(grid.head(0).assign(denominator=np.nan, measure="", category=""))
        )
    totals = grid[(grid["sex"] == within) & (grid["age"] == ADULTS)]
    per_year = totals.groupby("period", sort=False).size().reindex(grid["period"].unique())
    if per_year.isna().any() or (per_year != 1).any():
        raise ValueError(f"the frame needs exactly one all-adults row ({within}, 18+ yrs)")
    denominators = totals.set_index("period")["count"].astype(float)
    # Years in the order they first appear, as grouping them did.
    year_rank = {period: i for i, period in enumerate(grid["period"].unique())}
    parts = []
    for rank, breakdown in enumerate(breakdowns):
        rows = _breakdown_rows(grid, breakdown, within)
        cell = _cell_rank(rows)
        parts.append(
            rows.assign(
                denominator=rows["period"].map(denominators).to_numpy(dtype=float),
                measure=breakdown,
                _y=rows["period"].map(year_rank),
                _b=rank,
                _r=cell,
            )
        )
    rows = pd.concat(parts).sort_values(["_y", "_b", "_r"], kind="mergesort")
    shares = add_shares(rows.drop(columns=["_y", "_b", "_r"]).reset_index(drop=True))
    return label_rows(shares)


def england_ethnicity_series(england: pd.DataFrame, sex: str = "Persons") -> pd.DataFrame:
    """England's ethnicity shares of people in treatment in every year (treatment_profile_england).

    Every year is england_ethnicity of that year's rows, worked out together in one pass.
    """
    if england.empty:
        return england_ethnicity(england, sex)
    rows = _ethnicity_rows(england, sex, ADULTS)
    counts = rows.groupby("period", sort=False)["count"]
    # A year's denominator is the sum of its five groups, only when all five are published.
    complete = (counts.transform("size") == len(ETHNIC_LABELS)) & (
        counts.transform("count") == len(ETHNIC_LABELS)
    )
    year_rank = {period: i for i, period in enumerate(england["period"].unique())}
    rows = rows.assign(
        denominator=counts.transform("sum").where(complete).to_numpy(dtype=float),
        _y=rows["period"].map(year_rank),
    )
    rows = rows.sort_values("_y", kind="mergesort").drop(columns="_y").reset_index(drop=True)
    return label_rows(add_shares(rows))


def count_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of single-count measures with Byars 95% limits as `value`, `lci95`, `uci95`."""
    out = frame[[is_single_count(str(m)) for m in frame["measure"]]].copy()
    count = pd.to_numeric(out["count"], errors="coerce")
    limits = [stats.byars_ci(float(c)) if pd.notna(c) else (np.nan, np.nan) for c in count]
    return out.assign(
        value=count,
        lci95=[low for low, _ in limits],
        uci95=[high for _, high in limits],
    )


def england_counts(england: pd.DataFrame, sex: str = "Persons") -> pd.DataFrame:
    """England's adults in treatment (all ethnicities, 18+) of one sex, every year, as counts."""
    rows = england[
        (england["ethnicity"] == "All") & (england["sex"] == sex) & (england["age"] == ADULTS)
    ]
    rows = rows.drop(columns="ethnicity").assign(measure="in_treatment", category="all")
    return label_rows(count_points(rows))


def share_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Share rows with the share as `value`, so shares and counts draw the same way."""
    return frame.assign(value=frame["share"])


def trend_panels(
    area: pd.DataFrame,
    area_name: str,
    trends: pd.DataFrame,
    comparator: pd.DataFrame | None = None,
    comparator_name: str = "England",
) -> pd.DataFrame:
    """One small-multiple panel per category: the area's line and the comparator's.

    `area` and `comparator` are points (share_points or count_points) with `category_label`,
    `period`, `value`, `lci95`, `uci95`; `trends` is measure_trends of `area`. Each panel is
    named by its category and the area's recent trend ("Women: increasing").
    """
    assessed = {
        (str(m), str(c)): str(a)
        for m, c, a in zip(trends["measure"], trends["category"], trends["assessment"], strict=True)
    }
    keep = ["measure", "category", "category_label", "period", "value", "lci95", "uci95"]
    extra = [c for c in ("count", "denominator", "suppression_note") if c in area.columns]
    parts = [area[keep + extra].assign(series=area_name, role="area")]
    if comparator is not None and not comparator.empty:
        wanted = comparator[comparator["category"].isin(set(area["category"]))]
        extra = [c for c in ("count", "denominator", "suppression_note") if c in wanted.columns]
        parts.append(wanted[keep + extra].assign(series=comparator_name, role="comparator"))
    out = pd.concat(parts, ignore_index=True)
    # A single count ("all") is named by its measure: "People in treatment", "New presentations".
    single = out["category"] == "all"
    out.loc[single, "category_label"] = [
        measure_info(str(m)).label for m in out.loc[single, "measure"]
    ]
    out["trend"] = [
        assessed.get((str(m), str(c)), "could not be calculated")
        for m, c in zip(out["measure"], out["category"], strict=True)
    ]
    out["panel"] = out["category_label"] + ": " + out["trend"]
    return out


def pyramid_frame(
    treatment: pd.DataFrame,
    treatment_label: str,
    population: pd.DataFrame,
    population_label: str,
    comparator: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The people-in-treatment pyramid beside the adult residents', one row per bar or mark.

    `treatment` and `comparator` are sex_age_shares(..., "sex_age") frames, `population` an
    adult_population_sex_age frame. Rows: `bar` (which pair of bars a row belongs to), `role`
    ("treatment", "population", "comparator"), sex, age, share, lci95, uci95, count, of.
    """
    columns = ["sex", "age", "share", "lci95", "uci95", "count", "denominator"]
    population_rows = population.assign(
        count=population["population"],
        denominator=population["population"].sum(),
        lci95=np.nan,
        uci95=np.nan,
    )
    parts = [
        treatment[columns].assign(bar=treatment_label, role="treatment"),
        population_rows[columns].assign(bar=population_label, role="population"),
    ]
    if comparator is not None and not comparator.empty:
        parts.append(comparator[columns].assign(bar=treatment_label, role="comparator"))
    out = pd.concat(parts, ignore_index=True)
    return out.rename(columns={"denominator": "of"})


SHARE_TABLE = {
    "category_label": "Category",
    "count": "Count",
    "denominator": "Of",
    "share": "Share (%)",
    "lci95": "95% lower",
    "uci95": "95% upper",
}


def share_table(
    shares: pd.DataFrame, comparator_name: str | None = None, residents_name: str | None = None
) -> pd.DataFrame:
    """A figure's table view: each category's count, total, share and interval, in words.

    Adds England's share and the comparison where `england_share` is present (from
    compare_with_england), residents' share where `residents_share` is, and the disclosure note.
    """
    columns = dict(SHARE_TABLE)
    if comparator_name and "england_share" in shares.columns:
        columns |= {
            "england_share": f"{comparator_name} share (%)",
            "compared": f"Compared with {comparator_name}",
        }
    if residents_name and "residents_share" in shares.columns:
        columns["residents_share"] = f"{residents_name} (%)"
    out = shares.reindex(columns=list(columns)).rename(columns=columns)
    notes = shares.get("suppression_note", pd.Series("", index=shares.index))
    return out.assign(Note=notes.fillna("").astype(str).to_numpy())


def always_zero(series: pd.DataFrame) -> list[str]:
    """Categories (by label) counted as zero in every year: nobody ever fell in them.

    A hidden count is not a zero, so a category with any suppressed year is kept.
    """
    count = pd.to_numeric(series["count"], errors="coerce")
    zero = (count == 0).groupby(series["category_label"], sort=False).all()
    return [str(label) for label, is_zero in zero.items() if is_zero]
