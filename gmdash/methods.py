"""Data and methods content: indicator catalogue in words, the statistics explained, licences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from gmdash.db import Manifest
from gmdata import illustrative

POLARITY_WORDS = {
    "high_good": "Higher is better",
    "low_good": "Lower is better",
    "no_judgement": "No judgement (higher or lower is shown, not better or worse)",
}
VALUE_TYPE_WORDS = {
    "proportion": "Proportion (per cent), with Wilson score intervals",
    "crude_rate": "Crude rate, with Byars (exact Poisson below 10 events) intervals",
    "dsr": "Directly standardised rate (Dobson intervals)",
    "count": "Count (Byars or exact Poisson intervals where shown)",
}
OGL = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)
REPLACE_COMMANDS = (
    "make data FINGERTIPS=path/to/indicator-data.csv",
    "make data VIEWIT=path/to/viewit-export.csv",
)
REPORTED_NOT_PLOTTED = (
    "These are single figures quoted in council papers. The papers do not say which period "
    "(year, quarter or rolling 12 months) a figure covers, so it cannot be placed on a time "
    "axis or compared with a period in the series without guessing. It is listed here, with "
    "its source, and not plotted."
)


@dataclass(frozen=True)
class Method:
    """One statistical method, explained in plain English."""

    title: str
    body: str


METHODS: tuple[Method, ...] = (
    Method(
        "Confidence intervals for proportions: Wilson score interval",
        "A percentage such as successful completions is a count out of a total. Its 95% "
        "interval is the Wilson score interval, which stays inside 0–100% and behaves well "
        "for small numbers. For example, 60 out of 1,000 is 6.0%, with a 95% interval of "
        "4.7% to 7.7%. The 99.8% interval (wider) is used for the stricter comparison.",
    ),
    Method(
        "Confidence intervals for counts and rates: Byars and exact Poisson",
        "Deaths and other counts vary by chance from year to year. Their intervals use "
        "Byars' approximation to the Poisson distribution, and the exact Poisson method "
        "when there are fewer than 10 events. A rate's interval is the count's interval "
        "divided by the population. For 20 events the 95% limits are 12.2 to 30.9.",
    ),
    Method(
        "Directly standardised rates: Dobson's method",
        "Some rates (such as alcohol-related mortality) are age-standardised so areas with "
        "older or younger populations can be compared fairly. Their intervals use Dobson's "
        "method. A directly standardised rate is not shown when it rests on fewer than 10 "
        "events.",
    ),
    Method(
        "Benchmarking: better, similar or worse (one and two levels, with polarity)",
        "Each area is compared with a named comparator (England, the North West, Greater "
        "Manchester or a target). **One level:** if the comparator lies inside the area's "
        "95% interval the area is *similar*; otherwise it is *better* or *worse*. **Two "
        "levels:** outside the 95% interval but inside the 99.8% interval is better or worse "
        "at 95%; outside 99.8% is better or worse at 99.8%. **Polarity** decides which "
        "direction is better: for completions higher is better, for deaths lower is better; "
        "for indicators with no judgement (such as counts in treatment) areas are only "
        "*higher* or *lower* (blue and orange). With no interval or no polarity the result "
        "is *not compared*. Every category has a word as well as a colour.",
    ),
    Method(
        "Quintiles",
        "Where an indicator has no comparator judgement, areas can be placed in fifths "
        "(quintiles) of all areas with a value, using linear interpolation between ranked "
        "values. Quintiles need more than three areas.",
    ),
    Method(
        "Recent trend: the Fingertips recent-trend test",
        "Uses the last five consecutive, non-overlapping annual points. For proportions it "
        "is a chi-squared test for linear trend; for other values a weighted regression "
        "(weights from the interval width). A trend is reported as *increasing* or "
        "*decreasing* — and, with polarity, *getting better* or *getting worse* — only when "
        "it is significant at 99.8% and keeps its direction when any one point is dropped. "
        "Otherwise it is *no significant change*, or *could not be calculated* with the "
        "reason (for example, fewer than five points).",
    ),
    Method(
        "Funnel plots",
        "A funnel plot shows each area's percentage against its number of people. The "
        "centre line is the pooled value of all areas shown (total successes ÷ total "
        "people). The 95% and 99.8% control limits narrow as numbers grow: a small area "
        "needs a bigger difference before it stands out. Points outside the limits are "
        "labelled high or low at that level.",
    ),
    Method(
        "Pooled groups",
        "Greater Manchester as a whole, or any group of boroughs you pick, is calculated by "
        "adding up the numerators and the denominators and then computing the value and its "
        "interval. Percentages are never averaged.",
    ),
    Method(
        "What would it take",
        "For an area rated worse (or better), the smallest change in the numerator, with "
        "the denominator fixed, that would make it *similar* to the comparator, and the "
        "change that would make it equal. For example, 45 completions out of 1,000 (4.5%) "
        "against England's 7.0% is worse; 10 more would make it similar at 95%; 25 more "
        "would match England.",
    ),
    Method(
        "Splitting a fixed pot",
        "The funding what-if shares a pot between the boroughs equally, per head of the ONS "
        "population (all ages or adults 18+), by need (one need measure, or several weighted, "
        "each as a share of the GM total), or a weighted blend of these. Money is split in "
        "pennies by the largest-remainder method, so the shares always add up to the pot "
        "exactly; rounding each share on its own would not. Where a need measure has a 95% "
        "interval, each share's range comes from 1,000 seeded draws within every borough's "
        "interval. A model split is a what-if, not an allocation: it is shown beside the "
        "published actual figures where they exist.",
    ),
    Method(
        "Rank uncertainty",
        "Ranks (1st to 10th) hide how close areas are. The dashboard shows each borough's "
        "plausible range of ranks, from simulating values within their confidence "
        "intervals, so two boroughs whose ranges overlap should not be described as "
        "clearly different.",
    ),
    Method(
        "Disclosure control: primary and secondary suppression, rounding to 5",
        "Small numbers could identify people. **Primary suppression:** counts from 1 to 4 "
        "are not shown, nor any rate or percentage built on them; the cell says "
        "*suppressed* with the reason, never zero. **Secondary suppression:** another cell "
        "is also hidden when a suppressed count could otherwise be worked out by "
        "subtracting the others from a total shown beside them. **Rounding:** counts in "
        "slices you define (such as a pooled group) are rounded to the nearest 5, as NDTMS "
        "ViewIt does. Every view and download that applies suppression says so.",
    ),
    Method(
        "Substance groups (NDTMS)",
        "Treatment figures follow the NDTMS groups: opiate; non-opiate only; non-opiate and "
        "alcohol; alcohol only. A successful completion counts only if the person does not "
        "come back into treatment within 6 months. Unmet need depends heavily on the "
        "prevalence estimate used, so the estimate and its uncertainty are shown beside it.",
    ),
)


def methods_markdown() -> str:
    """Every method as one markdown document (for tests and plain export)."""
    return "\n\n".join(f"### {m.title}\n\n{m.body}" for m in METHODS)


def polarity_words(polarity: str) -> str:
    """An indicator's polarity in words."""
    return POLARITY_WORDS.get(polarity, "Not stated")


def value_type_words(value_type: str) -> str:
    """An indicator's value type in words."""
    return VALUE_TYPE_WORDS.get(value_type, value_type)


def _yes_no(flag: object) -> str:
    return "Yes – illustrative, not official statistics" if bool(flag) else "No"


def catalogue_view(catalogue: pd.DataFrame, search: str = "") -> pd.DataFrame:
    """The indicator catalogue in words, filtered by a case-insensitive search of its text.

    One row per indicator: title, topic, definition, source and link, licence, polarity and value
    type in words, periods (first–latest and how many), areas covered, whether illustrative.
    """
    view = pd.DataFrame(
        {
            "indicator_id": catalogue["indicator_id"],
            "Indicator": catalogue["title"],
            "Topic": catalogue["topic"],
            "Definition": catalogue["definition"],
            "Source": catalogue["source_name"],
            "Source link": catalogue["source_url"],
            "Licence": catalogue["licence"],
            "Polarity": catalogue["polarity"].map(polarity_words),
            "Value type": catalogue["value_type"].map(value_type_words),
            "Unit": catalogue["unit"],
            "Periods available": catalogue["first_period"].astype(str)
            + " to "
            + catalogue["latest_period"].astype(str),
            "Number of periods": catalogue["n_periods"].astype(int),
            "Areas covered": catalogue["n_areas"].astype(int),
            "GM boroughs included": catalogue["has_gm_boroughs"].map({True: "Yes", False: "No"}),
            "Illustrative": catalogue["is_illustrative"].map(_yes_no),
        }
    )
    term = search.strip().casefold()
    if term:
        text = view.astype(str).agg(" ".join, axis=1).str.casefold()
        view = view[text.str.contains(term, regex=False)]
    return view.reset_index(drop=True)


def indicator_markdown(row: Mapping[str, object]) -> str:
    """One indicator's full description (a catalogue_view row) as markdown."""
    lines = [
        f"**Definition.** {row['Definition']}",
        f"- **Source:** [{row['Source']}]({row['Source link']})",
        f"- **Licence:** {row['Licence']}",
        f"- **Polarity:** {row['Polarity']}",
        f"- **Value type:** {row['Value type']} ({row['Unit']})",
        f"- **Periods available:** {row['Periods available']} ({row['Number of periods']} periods)",
        f"- **Areas covered:** {row['Areas covered']} (GM boroughs included: "
        f"{row['GM boroughs included']})",
        f"- **Illustrative:** {row['Illustrative']}",
    ]
    return "\n".join(lines)


def indicator_detail(catalogue: pd.DataFrame, indicator_id: str) -> tuple[str, str]:
    """One indicator's title and its full description as markdown."""
    row = catalogue_view(catalogue).set_index("indicator_id").loc[indicator_id]
    return str(row["Indicator"]), indicator_markdown({str(k): v for k, v in row.items()})


def manifest_table(manifest: Manifest) -> pd.DataFrame:
    """The extracts the app runs on: one row per file with rows, hash, sources and attribution."""
    rows = [
        {
            "file": name,
            "table": str(meta.get("table", "")),
            "rows": int(str(meta.get("rows", 0))),
            "sha256": str(meta.get("sha256", "")),
            "sources": "; ".join(str(s) for s in meta.get("sources", []) or []),  # type: ignore[attr-defined]
            "attribution": str(meta.get("attribution", "")),
        }
        for name, meta in sorted(manifest.files.items())
    ]
    return pd.DataFrame(rows, columns=["file", "table", "rows", "sha256", "sources", "attribution"])


def illustrative_markdown() -> str:
    """How the illustrative completions are generated, each assumption with the real figure it
    is calibrated on, and how to replace them with real data."""
    doc = (illustrative.__doc__ or "").strip()
    summary, _, detail = doc.partition("\n")

    def pct(share: float) -> str:
        return f"{100 * share:.1f}%"

    rows = "\n".join(
        f"| {indicator.removeprefix('completions_').replace('_', '-')} | {pct(a.centre)} | "
        f"{pct(a.band[0])} to {pct(a.band[1])} | {pct(a.area_range[0])} to "
        f"{pct(a.area_range[1])} | {pct(a.area_sd)} | {a.anchor} |"
        for indicator, a in illustrative.GENERATOR_ASSUMPTIONS.items()
    )
    commands = "\n".join(f"    {c}" for c in (*REPLACE_COMMANDS[:1], "make data-download"))
    return (
        f"**{summary}** These are not real data.\n\n{detail.strip()}\n\n"
        "The generator's assumptions (calibrated on real figures, but assumptions, not "
        "statistics). England's level stays in the national band; every generated value, "
        "borough or aggregate, stays in the area range:\n\n"
        "| Completions | Centre | National band | Area range | Spread between areas | "
        "Calibrated on |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n\n"
        f"The spread between areas is {illustrative.AREA_CV:.2f} of the centre (the spread of "
        "the 35 real areas' non-opiate values in 2017 and 2018); the national level moves "
        f"from year to year by about {illustrative.YEAR_CV:.3f} of the centre (England's real "
        "move from 2017 to 2018).\n\n"
        "**Replacing it with real data.** Download the Fingertips indicator data (90244, "
        "90245, 92447) and rebuild the extracts; real rows replace the illustrative ones area "
        "by area and year by year, and the illustrative labels disappear wherever they are "
        f"replaced:\n\n{commands}\n\n"
        f"An NDTMS ViewIt export (`{REPLACE_COMMANDS[1]}`) adds ViewIt's financial-year "
        "completions as indicators of their own: a different measure, which replaces nothing "
        "in the Fingertips calendar-year series.\n"
    )


def reported_view(reported: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Figures quoted in council reports, with the indicator named and the period in words."""
    titles = dict(zip(catalogue["indicator_id"], catalogue["title"], strict=True))
    return pd.DataFrame(
        {
            "area_code": reported["area_code"],
            "area_name": reported["area_name"],
            "indicator": reported["indicator_id"].map(lambda i: titles.get(i, i)),
            "value": reported["value"],
            "period": reported["period"].fillna("not stated in the source").astype(str),
            "where quoted": reported["quote_location"],
            "source_url": reported["source_url"],
        }
    )


def attribution_markdown(manifest: Manifest, year: int) -> str:
    """Licence and attribution lines: OGL, the Fingertips citation, and the boundary lines."""
    boundaries = sorted(
        {str(m["attribution"]) for m in manifest.files.values() if m.get("attribution")}
    )
    lines = [
        f"- {OGL}",
        "- Fingertips data: Office for Health Improvement and Disparities. Public Health "
        f"Profiles. fingertips.phe.org.uk © Crown copyright {year}.",
        "- ONS mortality, population and deprivation data: Source: Office for National "
        "Statistics licensed under the Open Government Licence v3.0.",
        "- Funding figures: GOV.UK and UK Parliament (Open Parliament Licence v3.0) sources, "
        "council records and press reports, each linked on the Funding page.",
        *(f"- Boundaries: {line}" for line in boundaries),
    ]
    return "\n".join(lines)


def values_download(values: pd.DataFrame) -> pd.DataFrame:
    """The all-indicator values download with explicit, stable column names."""
    return values[
        [
            "indicator_id",
            "indicator_title",
            "unit",
            "value_type",
            "area_code",
            "area_name",
            "area_type",
            "period",
            "sex",
            "age",
            "count",
            "denominator",
            "value",
            "lci95",
            "uci95",
            "lci998",
            "uci998",
            "suppressed",
            "suppression_note",
            "note",
            "source",
            "is_illustrative",
        ]
    ]


def catalogue_download(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The indicator catalogue download: ids and codes kept, polarity and type also in words."""
    out = catalogue.copy()
    out["polarity_words"] = out["polarity"].map(polarity_words)
    out["value_type_words"] = out["value_type"].map(value_type_words)
    return out[
        [
            "indicator_id",
            "title",
            "short_title",
            "topic",
            "unit",
            "value_type",
            "value_type_words",
            "polarity",
            "polarity_words",
            "definition",
            "source_name",
            "source_url",
            "licence",
            "fingertips_id",
            "first_period",
            "latest_period",
            "n_periods",
            "n_areas",
            "has_gm_boroughs",
            "sexes",
            "is_illustrative",
        ]
    ]
