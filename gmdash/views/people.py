"""The People in treatment view: who is in treatment, how they arrive, wait and leave, and England."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from gmdash import demographics as demo
from gmdash import people, queries
from gmdash.charts import people as charts
from gmdash.figure import Block, Figure, Notice, Sentences, Table, slug
from gmdash.provenance import DataStatus, Provenance, labelled
from gmdash.queries import Ask
from gmdash.views.demographics import ONS
from gmdash.whatif import OFFICIAL, USER

SEXES = ("Persons", "Male", "Female")
# The breakdowns only a borough's own ViewIt export carries (England's profile has none of them).
DETAIL_MEASURES = (
    "exit_reason",
    "referral_source",
    "housing_at_start",
    "wait_first_intervention",
    "wait_subsequent_intervention",
    "ethnicity_new_presentations",
    "parental_status_in_treatment",
    "parental_status_new_presentations",
)
DEFAULT_MEASURE = "exit_reason"
HEADLINE_COUNTS = ("in_treatment", "new_presentations")
DEFAULT_SUBSTANCE = "total"
ENGLAND_NAME = "England"
ENGLAND_SOURCE = (
    "OHID, NDTMS ViewIt: adults in treatment in England by substance, sex, age and ethnicity",
    people.VIEWIT_URL,
)
POPULATION_SOURCE = ("ONS Census 2021 and mid-year population estimates", ONS)
SHARE_METHOD = (
    "Shares of {base}, with Wilson score 95% confidence intervals; counts as published by NDTMS "
    "(rounded to 5) and rounded to 5 again after any suppression."
)
COMPARISON_METHOD = (
    " Compared with England's share at 95% and 99.8%, with no judgement of direction: higher, "
    "lower or similar."
)
TREND_METHOD = (
    "Recent trend: the Fingertips test over the last five consecutive years (chi-squared test "
    "for linear trend of a share; weighted regression of a count with Byars limits)."
)
NOT_IN_ENGLAND = (
    "England does not publish this breakdown in the files this dashboard holds, so there is no "
    "England mark."
)


@dataclass(frozen=True)
class Choice:
    """What the reader chose on the People in treatment page."""

    area: str
    area_name: str
    substance: str = DEFAULT_SUBSTANCE
    sex: str = "Persons"
    period: str = ""
    measure: str = DEFAULT_MEASURE


def loaded(ask: Ask) -> pd.DataFrame:
    """The areas with a ViewIt export loaded (treatment_profile_areas)."""
    return ask(queries.treatment_profile_areas)


def has_export(ask: Ask, area: str) -> bool:
    """Whether a ViewIt export is loaded for the area (the build's, or one uploaded)."""
    return area in set(loaded(ask)["area_code"])


def is_user(ask: Ask, area: str) -> bool:
    """Whether the area's export is the reader's own upload (rows marked `data_status` "user")."""
    areas = loaded(ask)
    if "data_status" not in areas.columns:
        return False
    return bool((areas.loc[areas["area_code"] == area, "data_status"] == USER).any())


def periods(ask: Ask, area: str, substance: str) -> list[str]:
    """The years the page can show, oldest first: the export's, or England's without one."""
    if has_export(ask, area):
        rows = ask(queries.treatment_profile_sex_age_series, area, substance)
    else:
        rows = ask(queries.treatment_profile_england, substance)
    return rows.sort_values("period_start")["period"].drop_duplicates().tolist()


def measure_options(ask: Ask, area: str) -> dict[str, str]:
    """The export-only breakdowns a reader can pick, by title; none without an export."""
    if not has_export(ask, area):
        return {}
    return {m: people.MEASURES[m].label for m in DETAIL_MEASURES}


def _who(sex: str) -> str:
    return {"Persons": "adults", "Male": "men", "Female": "women"}[sex]


def _name(choice: Choice, kind: str) -> str:
    parts = [slug(choice.area_name), "people-in-treatment", slug(choice.substance)]
    return "_".join([*parts, slug(choice.period), slug(choice.sex), kind])


def _context(choice: Choice) -> dict[str, str]:
    return {
        "area_code": choice.area,
        "substance_group": choice.substance,
        "period": choice.period,
        "sex": choice.sex,
    }


def _export_source(frame: pd.DataFrame) -> tuple[str, str]:
    files = (
        ", ".join(sorted(set(frame["source"].dropna().astype(str)))) if "source" in frame else ""
    )
    return (f"OHID, NDTMS ViewIt adult local-authority export ({files})", people.VIEWIT_URL)


@dataclass(frozen=True)
class _Data:
    """Everything the view reads for a choice, read once."""

    exported: bool
    england: pd.DataFrame
    grid: pd.DataFrame
    series: pd.DataFrame
    # The export is the reader's own upload: its figures are marked as theirs wherever shown.
    user: bool = False

    def england_in(self, period: str) -> pd.DataFrame:
        return self.england[self.england["period"] == period]


def _read(ask: Ask, choice: Choice) -> _Data:
    exported = has_export(ask, choice.area)
    england = ask(queries.treatment_profile_england, choice.substance)
    if exported:
        grid = ask(queries.treatment_profile_sex_age_series, choice.area, choice.substance)
        series = ask(
            queries.treatment_profile_series,
            choice.area,
            choice.substance,
            choice.sex,
            people.ADULTS,
        )
    else:
        grid = people.england_sex_age(england)
        series = pd.DataFrame(columns=["measure", "category", "period", "count", "source"])
    return _Data(exported, england, grid, series, exported and is_user(ask, choice.area))


def _sources(data: _Data, frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The export's source line; none for an upload, whose source line Provenance writes."""
    return [] if data.user else [_export_source(frame)]


def _provenance(
    data: _Data,
    sources: list[tuple[str, str]],
    version: str,
    method: str,
    frame: pd.DataFrame,
) -> Provenance:
    """Provenance.for_sources, with status USER when the area's figures are the reader's own."""
    found = Provenance.for_sources(sources, version, method, frame)
    return replace(found, status=DataStatus.USER) if data.user else found


def _marked(data: _Data, table: pd.DataFrame, own: pd.Series | None = None) -> pd.DataFrame:
    """A table view whose rows say, for an upload, which values are the reader's (`own`, default
    every row): `data_status` "user" there, so the CSV download says so on each row."""
    if not data.user:
        return table
    mine = pd.Series(True, index=table.index) if own is None else own.astype(bool)
    return table.assign(is_illustrative=False, data_status=mine.map({True: USER, False: OFFICIAL}))


def coverage(ask: Ask, choice: Choice) -> list[Block]:
    """Which areas have an export, and for a borough without one how to add it."""
    areas = loaded(ask)
    sentence = people.coverage_sentence(areas)
    if not areas["is_gm"].astype(bool).all():
        sentence += (
            " This page shows the ten Greater Manchester boroughs, so exports for areas outside "
            "it are loaded but not shown here."
        )
    out: list[Block] = [Notice(sentence)]
    if is_user(ask, choice.area):
        mine = people.USER_COVERAGE.format(choice.area_name)
        out.append(Notice(labelled(mine, DataStatus.USER), "warning"))
    if choice.area not in set(areas["area_code"]):
        out.append(Notice(people.how_to_add(choice.area_name), "warning"))
    return out


def summary(ask: Ask, choice: Choice, version: str) -> list[Block]:
    """Coverage, the headline numbers, and who is in treatment: age, sex and ethnicity."""
    data = _read(ask, choice)
    out = coverage(ask, choice)
    if data.exported:
        out += _headline(data, choice, version)
    else:
        # England's numbers, the same for every borough without an export: worked out once.
        england = ask.memo(england_headline, choice.substance, choice.sex, choice.period, version)
        out += [_in_year(block, choice, "counts-over-time") for block in england]
    out.append(_pyramid(ask, data, choice, version))
    # Shared by every year of a choice, and for boroughs without an export by every borough.
    whose = (choice.area, choice.area_name) if data.exported else ("", ENGLAND_NAME)
    age_sex, trend = ask.memo(over_time, *whose, choice.substance, choice.sex, version)
    out.append(_in_year(age_sex, choice, "age-sex-over-time"))
    out.append(_ethnicity(ask, data, choice, version))
    if trend is not None:
        out.append(_in_year(trend, choice, "ethnicity-over-time"))
    return out


def over_time(
    ask: Ask, area: str, area_name: str, substance: str, sex: str, version: str
) -> tuple[Block, Block | None]:
    """The age-and-sex and the ethnicity figures over time, which no year choice changes.

    Worked out once (`ask.memo`) for an area with an export, and once for England, which is
    what every borough without one shows (`area` ""): these trends are most of the cost of a
    new choice on the page. Their download names and context are the year's (_in_year).
    """
    choice = Choice(area, area_name, substance, sex)
    data = _read(ask, choice)
    return _age_sex_trend(data, choice, version), _ethnicity_trend(data, choice, version)


def england_headline(ask: Ask, substance: str, sex: str, period: str, version: str) -> list[Block]:
    """The headline numbers and England's counts over time, as every borough without an export
    shows them (_headline); their download names and context are the reader's (_in_year)."""
    choice = Choice("", ENGLAND_NAME, substance, sex, period)
    return _headline(_read(ask, choice), choice, version)


def _in_year(block: Block, choice: Choice, kind: str) -> Block:
    """A shared over-time figure named for the reader's choice; its chart stays the shared one."""
    if not isinstance(block, Figure):
        return block
    return replace(block, name=_name(choice, kind), context=_context(choice))


def detail(ask: Ask, choice: Choice, version: str) -> list[Block]:
    """One export-only breakdown (referrals, housing, waits, exits...) and its trend lines."""
    if not has_export(ask, choice.area):
        return [
            Notice(
                "Referral sources, housing at the start of treatment, waits and reasons for "
                f"leaving come only from a borough's own ViewIt export, and none is loaded for "
                f"{choice.area_name}. England's national figures for them are not among the "
                "files this dashboard holds, so nothing is shown in their place."
            )
        ]
    data = _read(ask, choice)
    return [*_measure(ask, data, choice, version), _trend_table(data, choice)]


def blocks(ask: Ask, choice: Choice, version: str) -> list[Block]:
    """Everything the page shows for a choice, in reading order (for the committee pack)."""
    return [*summary(ask, choice, version), *detail(ask, choice, version)]


def _headline(data: _Data, choice: Choice, version: str) -> list[Block]:
    substance = people.SUBSTANCES[choice.substance].lower()
    england = people.england_counts(data.england, choice.sex)
    england_now = england[england["period"] == choice.period]
    lines = []
    if data.exported:
        counted = data.series[data.series["measure"].isin(HEADLINE_COUNTS)]
        counts = people.label_rows(people.count_points(counted))
        trends = people.measure_trends(counts).set_index(["measure", "category"])
        now = counts[counts["period"] == choice.period].set_index("measure")["value"]
        treated, started = now.get("in_treatment"), now.get("new_presentations")
        treated = None if treated is None else float(treated)
        started = None if started is None else float(started)
        sentence = (
            f"In {choice.period}, {_count(treated)} {_who(choice.sex)} were in treatment in "
            f"{choice.area_name} for {substance}"
        )
        if started is not None and pd.notna(started):
            sentence += f", and {_count(started)} started treatment (new presentations)"
        own = [sentence + "; counts are rounded to 5.", *_treatment_trend(trends, "the")]
        lines += [labelled(line, DataStatus.USER) if data.user else line for line in own]
        chart_frame = counts
        area_name = choice.area_name
    else:
        trends = people.measure_trends(england).set_index(["measure", "category"])
        chart_frame, area_name = england, ENGLAND_NAME
    if not england_now.empty:
        lines.append(
            f"In England, {_count(float(england_now['value'].iloc[0]))} {_who(choice.sex)} were in "
            f"treatment for {substance} in {choice.period}."
        )
        if not data.exported:
            lines += _treatment_trend(trends, "England's")
    out: list[Block] = [
        Sentences(key="people.headline", title="How many are in treatment", lines=tuple(lines))
    ]
    panels = people.trend_panels(chart_frame, area_name, trends.reset_index())
    if panels["value"].notna().any():
        title = f"{_who(choice.sex).capitalize()} in treatment over time, {area_name}"
        chart = charts.trend_multiples(
            panels,
            title=title,
            lines=[
                f"{people.SUBSTANCES[choice.substance]}. Shaded: 95% confidence interval "
                "(Byars). Each panel is named by its recent trend."
            ],
            unit="People",
            decimals=0,
            user=data.user,
        )
        sources = _sources(data, data.series) if data.exported else [ENGLAND_SOURCE]
        out.append(
            Figure(
                key="people.counts",
                chart=chart,
                table=_marked(data, _trend_table_view(panels)),
                provenance=_provenance(
                    data, sources, version, "Counts as published. " + TREND_METHOD, panels
                ),
                name=_name(choice, "counts-over-time"),
                context=_context(choice),
            )
        )
    return out


def _treatment_trend(trends: pd.DataFrame, whose: str) -> list[str]:
    """The recent trend in the number in treatment, in a sentence, where measure_trends has one.

    `trends` is measure_trends indexed by measure and category; `whose` is "the" or "England's".
    """
    if ("in_treatment", "all") not in trends.index:
        return []
    row = trends.loc[("in_treatment", "all")]
    if not isinstance(row, pd.Series):
        raise ValueError("measure_trends has more than one row for the number in treatment")
    return [
        f"Recent trend in {whose} number in treatment ({row['first_period']} to "
        f"{row['latest_period']}): {row['assessment']}."
    ]


def _count(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "an unpublished number of"
    return f"{value:,.0f}"


def adult_residents(ask: Ask, area: str) -> tuple[pd.DataFrame, str] | None:
    """An area's adult residents by sex and age group and its source label, or None if no
    estimate by sex and age is held. The same for every substance, sex and year: worked out
    once per area (`ask.memo`), not on each new choice."""
    year = demo.latest_sex_split_year(ask(queries.population_years, area))
    if year is None:
        return None
    cells = ask(queries.population_pyramid, area, year)
    return people.adult_population_sex_age(cells), demo.source_label(
        str(cells["source"].iloc[0]), year
    )


def _pyramid(ask: Ask, data: _Data, choice: Choice, version: str) -> Block:
    residents = ask.memo(adult_residents, choice.area)
    if residents is None:
        return Notice(f"No population estimate by sex and age is held for {choice.area_name}.")
    population, source = residents
    population_label = f"Adult residents of {choice.area_name} ({source})"
    england_grid = people.england_sex_age(data.england_in(choice.period))
    england = people.sex_age_shares(england_grid, "sex_age") if not england_grid.empty else None
    if data.exported:
        grid = ask(queries.treatment_profile_sex_age, choice.area, choice.period, choice.substance)
        treatment = people.sex_age_shares(grid, "sex_age")
        label = f"People in treatment in {choice.area_name}, {choice.period}"
        title = f"Who is in treatment in {choice.area_name}: age and sex, beside its adults"
        comparator, sources = england, [*_sources(data, grid), ENGLAND_SOURCE]
    elif england is not None:
        treatment, grid = england, england_grid
        label = f"People in treatment in England, {choice.period}"
        title = f"People in treatment in England by age and sex, beside {choice.area_name}'s adults"
        comparator, sources = None, [ENGLAND_SOURCE]
    else:
        return Notice(f"England's profile has no figures for {choice.period}.")
    lines = [
        f"{people.SUBSTANCES[choice.substance]}, {choice.period}. Each bar is a share of all "
        "adults in treatment, or of all adult residents; black whiskers: 95% confidence "
        "intervals."
    ]
    if comparator is not None:
        lines.append("Black marks: England's people in treatment, the same year and substances.")
    if choice.sex != "Persons":
        lines.append("The pyramid shows both sexes whatever the Sex filter.")
    frame = people.pyramid_frame(treatment, label, population, population_label, comparator)
    table = frame.rename(
        columns={
            "bar": "Bars",
            "role": "Series",
            "sex": "Sex",
            "age": "Age",
            "share": "Share (%)",
            "lci95": "95% lower",
            "uci95": "95% upper",
            "count": "Count",
            "of": "Of",
        }
    )
    table["Series"] = table["Series"].map(
        {"treatment": "In treatment", "population": "Residents", "comparator": "England"}
    )
    return Figure(
        key="people.pyramid",
        chart=charts.treatment_pyramid(frame, title=title, lines=lines, user=data.user),
        table=_marked(data, table, table["Series"] == "In treatment"),
        provenance=_provenance(
            data,
            [*sources, POPULATION_SOURCE],
            version,
            SHARE_METHOD.format(base="all adults in treatment (both sexes)"),
            grid,
        ),
        name=_name(choice, "age-sex-pyramid"),
        context=_context(choice),
        heading="Who is in treatment",
    )


def _age_sex_trend(data: _Data, choice: Choice, version: str) -> Block:
    england = people.grid_series(people.england_sex_age(data.england), choice.sex)
    if data.exported:
        area = people.grid_series(data.grid, choice.sex)
        name, comparator = choice.area_name, people.share_points(england)
        sources = [*_sources(data, data.grid), ENGLAND_SOURCE]
    else:
        area, name, comparator, sources = england, ENGLAND_NAME, None, [ENGLAND_SOURCE]
    trends = people.measure_trends(area)
    panels = people.trend_panels(people.share_points(area), name, trends, comparator)
    if panels["value"].isna().all():
        return Notice(f"No year has age and sex figures for {name}.")
    lines = [
        f"{people.SUBSTANCES[choice.substance]}. Shares of all {_who(choice.sex)} in treatment; "
        "shaded: 95% confidence interval."
        + (" Dashed black line: England." if comparator is not None else "")
    ]
    title = (
        f"Age and sex of people in treatment over time, {name}"
        if choice.sex == "Persons"
        else f"Age of {_who(choice.sex)} in treatment over time, {name}"
    )
    return Figure(
        key="people.age_sex_trend",
        chart=charts.trend_multiples(
            panels,
            title=title,
            lines=lines,
            unit="Share (%)",
            user=data.user,
        ),
        table=_marked(data, _trend_table_view(panels), panels["role"] == "area"),
        provenance=_provenance(
            data,
            sources,
            version,
            SHARE_METHOD.format(base="adults in treatment") + " " + TREND_METHOD,
            area,
        ),
        name=_name(choice, "age-sex-over-time"),
        context=_context(choice),
    )


def residents_by_ethnicity(ask: Ask, area: str) -> tuple[pd.DataFrame, str]:
    """An area's residents in the five broad ethnic groups (Census 2021) and the table's URL.

    The same for every substance, sex and year: worked out once per area (`ask.memo`).
    """
    rows = ask(queries.census_topic, "ethnic_group", "count")
    shares = people.census_ethnicity(demo.broad_ethnic_groups(rows), area)
    url = str(rows["source_url"].iloc[0]) if not rows.empty else ""
    return shares, url


def _ethnicity(ask: Ask, data: _Data, choice: Choice, version: str) -> Block:
    england = people.england_ethnicity(data.england_in(choice.period), choice.sex)
    residents, census_url = ask.memo(residents_by_ethnicity, choice.area)
    residents_name = f"{choice.area_name} residents, Census 2021"
    comparator_name: str | None = None
    marker_frames: list[tuple[str, str, pd.DataFrame]]
    if data.exported:
        breakdown = ask(
            queries.treatment_profile_breakdown,
            choice.area,
            choice.period,
            choice.substance,
            choice.sex,
            people.ADULTS,
        )
        shares = people.measure_shares(breakdown, "ethnicity_in_treatment")
        if not england.empty:
            shares = people.compare_with_england(shares, england)
            comparator_name = ENGLAND_NAME
        title = f"Ethnicity of {_who(choice.sex)} in treatment in {choice.area_name}"
        sources = [*_sources(data, breakdown), ENGLAND_SOURCE]
        marker_frames = [("England, people in treatment", "comparator", england)]
    elif not england.empty:
        shares = england
        title = (
            f"Ethnicity of {_who(choice.sex)} in treatment in England, beside "
            f"{choice.area_name}'s residents"
        )
        sources = [ENGLAND_SOURCE]
        marker_frames = []
    else:
        return Notice(f"England's profile has no ethnicity figures for {choice.period}.")
    marker_frames.append((residents_name, "residents", residents))
    shown = [
        f[["category", "category_label", "share"]].assign(marker=n, kind=k)
        for n, k, f in marker_frames
        if not f.empty
    ]
    markers = pd.concat(shown, ignore_index=True) if shown else None
    shares = shares.assign(
        residents_share=shares["category"].map(residents.set_index("category")["share"])
        if not residents.empty
        else float("nan")
    )
    lines = [
        f"{people.SUBSTANCES[choice.substance]}, {choice.period}. Shares of "
        f"{_who(choice.sex)} in treatment with a recorded ethnicity; black whiskers: 95% "
        "confidence intervals.",
        "Grey triangles: residents of every age and both sexes (Census 2021), as context, "
        "not a benchmark."
        if not residents.empty
        else "",
    ]
    if comparator_name:
        lines.insert(1, "Bars coloured by comparison with England (black diamonds).")
    method = SHARE_METHOD.format(base="people in treatment with a recorded ethnicity")
    return Figure(
        key="people.ethnicity",
        chart=charts.share_bars(
            shares,
            title=title,
            lines=lines,
            comparator_name=comparator_name,
            markers=markers,
            user=data.user,
        ),
        table=_marked(data, people.share_table(shares, comparator_name, residents_name)),
        provenance=_provenance(
            data,
            [*sources, ("ONS Census 2021, table TS021 (ethnic group)", census_url)],
            version,
            method + (COMPARISON_METHOD if comparator_name else ""),
            shares,
        ),
        name=_name(choice, "ethnicity"),
        context=_context(choice),
    )


def _ethnicity_trend(data: _Data, choice: Choice, version: str) -> Block | None:
    england = people.england_ethnicity_series(data.england, choice.sex)
    if data.exported:
        area = people.label_rows(
            people.add_shares(data.series[data.series["measure"] == "ethnicity_in_treatment"])
        )
        name, comparator = choice.area_name, people.share_points(england)
        sources = [*_sources(data, data.series), ENGLAND_SOURCE]
    else:
        area, name, comparator, sources = england, ENGLAND_NAME, None, [ENGLAND_SOURCE]
    if area.empty or area["share"].isna().all():
        return None
    trends = people.measure_trends(area)
    panels = people.trend_panels(people.share_points(area), name, trends, comparator)
    return Figure(
        key="people.ethnicity_trend",
        chart=charts.trend_multiples(
            panels,
            title=f"Ethnicity of {_who(choice.sex)} in treatment over time, {name}",
            lines=[
                f"{people.SUBSTANCES[choice.substance]}. Shares of those with a recorded "
                "ethnicity; shaded: 95% confidence interval."
                + (" Dashed black line: England." if comparator is not None else "")
            ],
            unit="Share (%)",
            user=data.user,
        ),
        table=_marked(data, _trend_table_view(panels), panels["role"] == "area"),
        provenance=_provenance(
            data,
            sources,
            version,
            SHARE_METHOD.format(base="people in treatment with a recorded ethnicity")
            + " "
            + TREND_METHOD,
            area,
        ),
        name=_name(choice, "ethnicity-over-time"),
        context=_context(choice),
    )


def _measure(ask: Ask, data: _Data, choice: Choice, version: str) -> list[Block]:
    measure = people.MEASURES[choice.measure]
    breakdown = ask(
        queries.treatment_profile_breakdown,
        choice.area,
        choice.period,
        choice.substance,
        choice.sex,
        people.ADULTS,
    )
    shares = people.measure_shares(breakdown, choice.measure)
    method = SHARE_METHOD.format(base=measure.base)
    source = _sources(data, breakdown)
    out: list[Block] = []
    if shares.empty or shares["share"].isna().all():
        reason = (
            "was not collected that year"
            if shares.empty or (shares["status"] == "not_collected").all()
            else "has a category NDTMS did not publish, so its total and shares are unknown"
        )
        out.append(Notice(f"{measure.label} in {choice.period} {reason}; choose another year."))
    else:
        out.append(
            Figure(
                key=f"people.measure.{choice.measure}",
                chart=charts.share_bars(
                    shares,
                    title=f"{measure.label}, {_who(choice.sex)} in {choice.area_name}",
                    lines=[
                        f"{people.SUBSTANCES[choice.substance]}, {choice.period}. Shares of "
                        f"{measure.base}; black whiskers: 95% confidence intervals.",
                        NOT_IN_ENGLAND,
                    ],
                    user=data.user,
                ),
                table=_marked(data, people.share_table(shares)),
                provenance=_provenance(data, source, version, method, shares),
                name=_name(choice, slug(measure.label)),
                context=_context(choice),
            )
        )
    rows = data.series[data.series["measure"] == choice.measure]
    area = people.label_rows(people.add_shares(rows))
    empty = people.always_zero(area)
    area = area[~area["category_label"].isin(empty)]
    if area["share"].notna().any():
        trends = people.measure_trends(area)
        panels = people.trend_panels(people.share_points(area), choice.area_name, trends)
        left_out = (
            f"Not drawn, as nobody was counted in them in any year: {', '.join(empty)}."
            if empty
            else ""
        )
        out.append(
            Figure(
                key=f"people.measure_trend.{choice.measure}",
                chart=charts.trend_multiples(
                    panels,
                    title=f"{measure.label} over time, {choice.area_name}",
                    lines=[
                        f"{people.SUBSTANCES[choice.substance]}, {_who(choice.sex)}. Shares of "
                        f"{measure.base}; shaded: 95% confidence interval. A year with a "
                        "category not published or not collected leaves a gap.",
                        left_out,
                    ],
                    unit="Share (%)",
                    user=data.user,
                ),
                table=_marked(data, _trend_table_view(panels)),
                provenance=_provenance(data, source, version, method + " " + TREND_METHOD, area),
                name=_name(choice, slug(measure.label) + "-over-time"),
                context=_context(choice),
            )
        )
    return out


def _trend_table(data: _Data, choice: Choice) -> Table:
    shares = people.label_rows(people.add_shares(data.series))
    trends = pd.concat(
        [
            people.measure_trends(shares),
            people.measure_trends(people.grid_series(data.grid, choice.sex)),
        ],
        ignore_index=True,
    )
    frame = people.label_rows(trends).rename(
        columns={
            "measure_label": "Measure",
            "category_label": "Category",
            "first_period": "From",
            "latest_period": "To",
            "assessment": "Recent trend",
            "reason": "Why",
        }
    )[["Measure", "Category", "From", "To", "Recent trend", "Why"]]
    return Table(
        key="people.trends",
        title=f"Recent trend of every measure, {choice.area_name}",
        frame=frame,
        caption=TREND_METHOD
        + " Better or worse only where a higher share is plainly good or bad (completions, "
        "drop-outs, deaths, short and long waits); otherwise increasing or decreasing.",
        status=DataStatus.USER if data.user else DataStatus.REAL,
        folded=True,
    )


def _trend_table_view(panels: pd.DataFrame) -> pd.DataFrame:
    columns = {
        "series": "Area",
        "measure_label": "Measure",
        "category_label": "Category",
        "period": "Year",
        "count": "Count",
        "denominator": "Of",
        "value": "Value",
        "lci95": "95% lower",
        "uci95": "95% upper",
        "trend": "Recent trend",
        "suppression_note": "Note",
    }
    out = panels.reindex(columns=[c for c in columns if c in panels.columns])
    return out.rename(columns=columns)
