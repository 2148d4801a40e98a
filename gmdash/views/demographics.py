"""The Demographics view: who lives in a borough, against England, from the Census and ONS."""

from __future__ import annotations

from dataclasses import dataclass

from gmcore.schema import ENGLAND, GM_BOROUGHS
from gmdash import demographics as demo
from gmdash import queries
from gmdash.charts import demographics as charts
from gmdash.figure import Figure, slug
from gmdash.provenance import Provenance
from gmdash.queries import Ask

IMD = "Index of Multiple Deprivation"
ONS = "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration"
IOD = "https://www.gov.uk/government/collections/english-indices-of-deprivation"
EDITIONS = (2019, 2025)
RANK_NOTE = (
    "Rank of average score among English districts; 1 = the most deprived. IMD 2025 ranks the "
    "296 districts after the 2023 reorganisation, so the two ranks are of different sets."
)


@dataclass(frozen=True)
class Metric:
    """One figure for a metric tile: label, value and an optional longer explanation."""

    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True)
class Residents:
    """The borough's age pyramid, its older-residents and deprivation tiles, and LSOA deciles."""

    pyramid: Figure
    older: tuple[Metric, ...]
    ranks: tuple[Metric, ...]
    deciles: Figure


def residents(ask: Ask, area: str, area_name: str, version: str) -> Residents:
    years: dict[str, int] = {}
    for code in (area, ENGLAND):
        year = demo.latest_sex_split_year(ask(queries.population_years, code))
        if year is None:
            raise ValueError(f"no population estimate by sex and age for {code}")
        years[code] = year
    borough_bands = demo.pyramid_bands(
        ask(queries.population_pyramid, area, years[area]), area_name
    )
    england_bands = demo.pyramid_bands(
        ask(queries.population_pyramid, ENGLAND, years[ENGLAND]), "England"
    )
    latest = max(years.values())
    older = demo.age_shares(ask(queries.population_age_share, (area, ENGLAND), latest, 65))
    summary = (
        f"Aged 65 and over: {older[area].area_name} {older[area].text()} ({older[area].source}), "
        f"England {older[ENGLAND].text()} ({older[ENGLAND].source})."
    )
    pyramid = Figure(
        key="demographics.pyramid",
        chart=charts.pyramid_chart(
            borough_bands,
            england_bands,
            description=charts.pyramid_alt_text(borough_bands, england_bands, summary),
        ),
        table=demo.pyramid_table(borough_bands, england_bands),
        provenance=Provenance.for_sources(
            (("ONS Census 2021 and mid-year population estimates", ONS),),
            version,
            "Shares of each area's whole population, 5-year bands.",
        ),
        name=f"{slug(area_name)}_population-pyramid_vs-england",
        context={"area_code": area},
    )
    ranks = []
    for edition in EDITIONS:
        rank = demo.deprivation_rank(ask(queries.deprivation_districts, edition, IMD), area)
        ranks.append(
            Metric(
                f"IMD {edition}",
                rank.short() if rank else "not ranked",
                rank.text() if rank else None,
            )
        )
    deciles = demo.decile_view(ask(queries.lsoa_decile_counts, (area,), IMD))
    return Residents(
        pyramid=pyramid,
        older=tuple(
            Metric(f"{older[c].area_name} ({older[c].source})", older[c].text())
            for c in (area, ENGLAND)
        ),
        ranks=tuple(ranks),
        deciles=Figure(
            key="demographics.deciles",
            chart=charts.decile_chart(
                deciles, domain=IMD, description=charts.decile_alt_text(deciles, IMD)
            ),
            table=deciles,
            provenance=Provenance.for_sources(
                (("English Indices of Deprivation 2019", IOD),),
                version,
                "Count of 2011 LSOAs per decile.",
            ),
            name=f"{slug(area_name)}_lsoa-deprivation-deciles_iod2019",
            context={"area_code": area, "domain": IMD},
        ),
    )


def census_topics(ask: Ask) -> dict[str, str]:
    """Census topic ids to their titles, in the extract's order."""
    topics = ask(queries.census_topics)["topic"].tolist()
    return {str(t): demo.topic_title(str(t)) for t in topics}


def census_figure(ask: Ask, topic: str, area: str, version: str) -> Figure:
    """One Census 2021 topic for the borough against England and the GM average."""
    topics = ask(queries.census_topics).set_index("topic")
    rows = ask(queries.census_topic, topic, str(topics.loc[topic, "measures"]))
    if topic == "ethnic_group":
        rows = demo.broad_ethnic_groups(rows)
    view = demo.census_comparison(rows, area)
    title = demo.topic_title(topic)
    return Figure(
        key=f"demographics.census.{topic}",
        chart=charts.census_chart(
            view, title=title, description=charts.census_alt_text(view, title)
        ),
        table=view,
        provenance=Provenance.for_sources(
            (
                (
                    f"ONS Census 2021, table {view['table_code'].iloc[0]}",
                    str(topics.loc[topic, "source_url"]),
                ),
            ),
            version,
            "Shares of the borough's total.",
        ),
        name=f"{slug(GM_BOROUGHS.get(area, area))}_census2021_{slug(topic)}_vs-england-and-gm",
        context={"area_code": area, "topic": topic},
    )
