"""Demographic context for a borough: pyramid bands, age share, deprivation rank, Census shares."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmdash.narrative import ordinal

BAND_WIDTH = 5
TOP_BAND_START = 90
OLDER_AGE = 65
# The topic lists far more categories than a readable bar chart (TS022 has 287): show the
# largest and add the rest together so the shares still sum to 100%.
MAX_CATEGORIES = 15


def source_label(source: str, year: int) -> str:
    """Plain words for a population source file: "Census 2021" or "ONS mid-2022 estimate"."""
    if "census" in source.lower():
        return f"Census {year}"
    return f"ONS mid-{year} estimate"


def latest_sex_split_year(years: pd.DataFrame) -> int | None:
    """The latest year a population_years frame has estimates by sex, or None."""
    split = years[years["has_sex_split"].astype(bool)]
    return int(split["year"].max()) if not split.empty else None


def _band(age: int) -> str:
    if age >= TOP_BAND_START:
        return f"{TOP_BAND_START}+"
    start = age - age % BAND_WIDTH
    return f"{start}–{start + BAND_WIDTH - 1}"


def pyramid_bands(cells: pd.DataFrame, area_label: str) -> pd.DataFrame:
    """population_pyramid cells summed into 5-year bands: one row per sex x band.

    `share` is the band's percentage of the area's whole population (both sexes), so borough
    and England pyramids of different sizes compare by shape. `signed_share` is negative for
    males so they draw to the left.
    """
    out = cells.assign(
        band=[_band(int(a)) for a in cells["age"]],
        band_start=[min(int(a) - int(a) % BAND_WIDTH, TOP_BAND_START) for a in cells["age"]],
    )
    grouped = out.groupby(["sex", "band", "band_start"], as_index=False).agg(
        population=("population", "sum"),
        share=("share", "sum"),
        year=("year", "first"),
        source=("source", "first"),
    )
    grouped["area"] = area_label
    grouped["signed_share"] = grouped["share"].where(grouped["sex"] != "Male", -grouped["share"])
    grouped["source_label"] = [
        source_label(s, int(y)) for s, y in zip(grouped["source"], grouped["year"], strict=True)
    ]
    return grouped.sort_values(["sex", "band_start"]).reset_index(drop=True)


@dataclass(frozen=True)
class AgeShare:
    """One area's share of residents aged 65 and over, with its source and year."""

    area_name: str
    share: float
    year: int
    source: str

    def text(self) -> str:
        return f"{self.share:.1f}%"


def age_shares(frame: pd.DataFrame) -> dict[str, AgeShare]:
    """population_age_share rows as {area_code: AgeShare}."""
    return {
        str(code): AgeShare(
            str(name), float(share), int(year), source_label(str(source), int(year))
        )
        for code, name, share, year, source in zip(
            frame["area_code"],
            frame["area_name"],
            frame["share"].astype(float),
            frame["year"].astype(int),
            frame["source"],
            strict=True,
        )
    }


@dataclass(frozen=True)
class DeprivationRank:
    """A district's rank of average score in one IoD edition (1 = most deprived)."""

    edition: int
    rank: int
    rank_of: int
    average_score: float

    def text(self) -> str:
        return f"{ordinal(self.rank)} most deprived of {self.rank_of}"

    def short(self) -> str:
        return f"{ordinal(self.rank)} of {self.rank_of}"


def deprivation_rank(districts: pd.DataFrame, area_code: str) -> DeprivationRank | None:
    """The borough's rank of average score from a deprivation_districts frame, if ranked."""
    rows = districts[districts["area_code"] == area_code]
    if rows.empty or pd.isna(rows["rank_average_score"].iloc[0]):
        return None
    row = rows.iloc[0]
    return DeprivationRank(
        int(row["edition"]),
        int(row["rank_average_score"]),
        int(row["rank_of"]),
        float(row["average_score"]),
    )


def decile_view(counts: pd.DataFrame) -> pd.DataFrame:
    """lsoa_decile_counts for one borough with the England reference (10% in every decile)."""
    out = counts[["area_code", "area_name", "decile", "lsoas", "share"]].copy()
    out["england_share"] = 10.0
    return out.reset_index(drop=True)


def broad_ethnic_groups(topic: pd.DataFrame) -> pd.DataFrame:
    """Census 2021 ethnic_group (TS021) counts added up to the five broad groups."""
    out = topic.copy()
    out["category"] = out["category"].str.split(":").str[0].str.strip()
    keys = [
        "area_code",
        "area_name",
        "topic",
        "table_code",
        "sex",
        "measure",
        "unit",
        "period",
        "source_url",
        "category",
    ]
    return out.groupby(keys, as_index=False).agg(value=("value", "sum"))


def census_comparison(topic: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """One Census topic as the borough's share of each category against the GM average.

    Uses persons and the latest census date. Shares are of the borough's total (or the published
    percentage for age-standardised tables); the GM average is the mean of the ten boroughs'
    shares. Topics with one category (population density) compare the value itself.
    """
    rows = topic[topic["sex"] == "Persons"]
    rows = rows[rows["period"] == rows["period"].max()].copy()
    single = rows["category"].nunique() == 1
    if single or rows["measure"].iloc[0] == "percentage":
        rows["shown"] = rows["value"]
    else:
        rows["shown"] = 100 * rows["value"] / rows.groupby("area_code")["value"].transform("sum")
    borough = rows[rows["area_code"] == area_code].set_index("category")["shown"]
    gm = rows.groupby("category")["shown"].mean()
    out = pd.DataFrame({"borough": borough, "gm_average": gm}).reset_index()
    out = out.rename(columns={"index": "category"}).sort_values("borough", ascending=False)
    if len(out) > MAX_CATEGORIES:
        top, rest = out.iloc[: MAX_CATEGORIES - 1], out.iloc[MAX_CATEGORIES - 1 :]
        other = pd.DataFrame(
            {
                "category": [f"All other categories ({len(rest)})"],
                "borough": [rest["borough"].sum()],
                "gm_average": [rest["gm_average"].sum()],
            }
        )
        out = pd.concat([top, other], ignore_index=True)
    out["area_code"] = area_code
    out["area_name"] = rows.loc[rows["area_code"] == area_code, "area_name"].iloc[0]
    out["unit"] = rows["unit"].iloc[0] if single else "%"
    out["table_code"] = rows["table_code"].iloc[0]
    out["census_date"] = pd.Timestamp(rows["period"].iloc[0]).strftime("%-d %B %Y")
    out["source_url"] = rows["source_url"].iloc[0]
    return out.reset_index(drop=True)


def topic_title(topic: str) -> str:
    """A Census topic id in words: "ethnic_group_detailed" -> "Ethnic group detailed"."""
    words = topic.replace("_age_std", " (age-standardised)").replace("_", " ")
    return words[:1].upper() + words[1:]


def pyramid_table(borough: pd.DataFrame, england: pd.DataFrame) -> pd.DataFrame:
    """The pyramid as a table: one row per area x sex x age band, with its source."""
    both = pd.concat([borough, england], ignore_index=True)
    table = both[["area", "source_label", "sex", "band", "population", "share"]]
    return table.rename(
        columns={
            "area": "Area",
            "source_label": "Source",
            "sex": "Sex",
            "band": "Age band",
            "population": "Population",
            "share": "% of all residents",
        }
    )
