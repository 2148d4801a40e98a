"""Shared fixtures: where the raw sources and the committed extracts live."""

from __future__ import annotations

import fcntl
import functools
import os
from pathlib import Path

import pytest
from streamlit.components.v2 import manifest_scanner

from gmcore.schema import GM_BOROUGHS

REPO = Path(__file__).resolve().parents[1]

# Every new AppTest scans the metadata of every installed distribution for Streamlit components
# (streamlit.components.v2.manifest_scanner, called by AppTest._run through
# BidiComponentManager.discover_and_register_components): about 0.1 s of CPU each time, and the
# suite makes hundreds of AppTests. The installed packages cannot change during a test run, so
# the scan's answer is kept for the run. (The server scans once, at start.)
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The real public source files: ../shared/data/raw beside the checkout, or $GMDASH_RAW."""
    path = Path(os.environ.get("GMDASH_RAW", REPO.parent / "shared" / "data" / "raw")).resolve()
    assert path.is_dir(), f"raw source folder not found at {path}; set GMDASH_RAW"
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The committed extracts the app runs on."""
    return REPO / "data"


# Fixture extracts built in code: small, hand-checkable tables in the real schema, so query tests
# give rows in and expect rows out on real DuckDB.
GM = GM_BOROUGHS


def _fixture_tables():
    import pandas as pd

    from gmcore.schema import TABLES
    from gmdata.build import conform
    from gmdata.derived import mark_comparators, with_coverage

    areas = pd.DataFrame(
        [
            ("E92000001", "England", "country", "country", None, None, False),
            ("E12000002", "North West", "region", "region", "E92000001", "E12000002", False),
            ("E12000001", "North East", "region", "region", "E92000001", "E12000001", False),
            (
                "E47000001",
                "Greater Manchester",
                "combined_authority",
                "combined_authority",
                "E12000002",
                "E12000002",
                True,
            ),
            (
                "E06000001",
                "Hartlepool",
                "local_authority",
                "unitary",
                "E12000001",
                "E12000001",
                False,
            ),
        ]
        + [
            (c, n, "local_authority", "metropolitan_district", "E47000001", "E12000002", True)
            for c, n in GM.items()
        ],
        columns=[
            "area_code",
            "area_name",
            "area_type",
            "tier",
            "parent_code",
            "region_code",
            "is_gm",
        ],
    ).assign(start_year=pd.NA, end_year=pd.NA)
    indicators = pd.DataFrame(
        [
            (
                "completions_opiate",
                "Successful completions: opiate",
                "Completions: opiate",
                "Treatment outcomes",
                "%",
                "proportion",
                "high_good",
                True,
                90244,
            ),
            (
                "drug_poisoning_deaths",
                "Drug-poisoning deaths",
                "Drug deaths",
                "Deaths",
                "deaths",
                "count",
                "low_good",
                False,
                None,
            ),
        ],
        columns=[
            "indicator_id",
            "title",
            "short_title",
            "topic",
            "unit",
            "value_type",
            "polarity",
            "is_illustrative",
            "fingertips_id",
        ],
    ).assign(definition="d", source_name="s", source_url="https://example.invalid/", licence="OGL")
    rows = []
    for year in (2019, 2020, 2021):
        period = f"{year}/{(year + 1) % 100:02d}"
        for i, code in enumerate([*GM, "E06000001"]):
            count, den = 10 + i + (year - 2019), 200 + 10 * i
            if code == "E08000002" and year == 2021:
                count = 3  # a small count the disclosure layer must hide
            rows.append(
                (
                    "completions_opiate",
                    code,
                    period,
                    f"{year}-04-01",
                    "financial_year",
                    count,
                    den,
                    100 * count / den,
                    True,
                )
            )
        rows.append(
            (
                "completions_opiate",
                "E92000001",
                period,
                f"{year}-04-01",
                "financial_year",
                6000,
                100000,
                6.0,
                True,
            )
        )
        rows.append(
            (
                "drug_poisoning_deaths",
                "E08000003",
                str(year),
                f"{year}-01-01",
                "calendar_year",
                40 + year - 2019,
                None,
                40 + year - 2019,
                False,
            )
        )
    values = pd.DataFrame(
        rows,
        columns=[
            "indicator_id",
            "area_code",
            "period",
            "period_start",
            "period_type",
            "count",
            "denominator",
            "value",
            "is_illustrative",
        ],
    )
    values = values.assign(
        sex="Persons",
        age="18+ yrs",
        note=None,
        source="fixture",
        lci95=values["value"] * 0.8,
        uci95=values["value"] * 1.2,
        lci998=values["value"] * 0.7,
        uci998=values["value"] * 1.3,
    )
    population = pd.DataFrame(
        [
            (code, 2020, sex, age, age == 90, 1000.0 + age, "mye_fixture")
            for code in ("E08000003", "E92000001")
            for sex in ("Male", "Female", "Persons")
            for age in range(91)
        ],
        columns=["area_code", "year", "sex", "age", "is_top_band", "population", "source"],
    )
    population.loc[population["sex"] == "Persons", "population"] *= 2
    deprivation = pd.DataFrame(
        [
            (c, 2019, "Index of Multiple Deprivation", "average_score", 20.0 + i, i + 1, 317)
            for i, c in enumerate(GM)
        ],
        columns=["area_code", "edition", "domain", "measure", "value", "rank", "rank_of"],
    )
    lsoa = pd.DataFrame(
        [
            (
                f"E0100{i:04d}",
                f"Manchester {i:03d}A",
                "E08000003",
                "Index of Multiple Deprivation",
                100 + i,
                1 + i % 10,
                1500.0,
            )
            for i in range(20)
        ],
        columns=[
            "lsoa_code",
            "lsoa_name",
            "area_code",
            "domain",
            "rank",
            "decile",
            "population_2015",
        ],
    )
    funding = pd.DataFrame(
        [
            ("E08000010", "2021/22", 2021, "inpatient_detox", 74000.0, "final", "https://x", "n"),
            ("E47000001", "2021/22", 2021, "inpatient_detox", 650000.0, "final", "https://x", "n"),
            ("E08000003", "2020/21", 2020, "public_health_grant", 1.0e6, "final", "https://x", "n"),
        ],
        columns=[
            "area_code",
            "financial_year",
            "year_start",
            "grant",
            "amount_gbp",
            "status",
            "source_url",
            "source_note",
        ],
    )
    census = pd.DataFrame(
        [
            (
                c,
                "ethnic_group",
                "TS021",
                cat,
                "Persons",
                "count",
                "Persons",
                "2021-03-21",
                v,
                "https://nomis",
            )
            for c in ("E08000001", "E08000003")
            for cat, v in (("White", 800.0), ("Asian", 150.0), ("Other", 50.0))
        ],
        columns=[
            "area_code",
            "topic",
            "table_code",
            "category",
            "sex",
            "measure",
            "unit",
            "period",
            "value",
            "source_url",
        ],
    )
    treatment = pd.DataFrame(
        [
            ("E92000001", "2021/22", "total", s, "18-29", e, float(n))
            for s in ("Male", "Female")
            for e, n in (("White", 100), ("Mixed", 3), ("Asian", 20))
        ],
        columns=["area_code", "period", "substance_group", "sex", "age", "ethnicity", "count"],
    )
    reported = pd.DataFrame(
        [("E08000004", "completions_non_opiate", None, 37.2, None, None, "https://oldham", "q")],
        columns=[
            "area_code",
            "indicator_id",
            "period",
            "value",
            "count",
            "denominator",
            "source_url",
            "quote_location",
        ],
    )
    # The build's derived columns, worked out the build's way.
    areas = mark_comparators(areas)
    indicators = with_coverage(indicators, values, areas)
    frames = {
        "areas": areas,
        "indicators": indicators,
        "indicator_values": values,
        "population": population,
        "deprivation": deprivation,
        "lsoa_deprivation": lsoa,
        "funding": funding,
        "census": census,
        "treatment_demographics": treatment,
        "reported_figures": reported,
        "treatment_profile": _treatment_profile_fixture(),
    }
    return {name: conform(frame, TABLES[name]) for name, frame in frames.items()}


PROFILE_AREA = "E08000004"  # Oldham: the one fixture borough with a ViewIt export loaded


def _treatment_profile_fixture():
    """Five years of a ViewIt profile for one borough, small enough to check by hand.

    Persons in treatment by sex and age; ethnicity with a count of 3 (primary suppression) in
    2021/22; exits whose successful-completion share rises 25% -> 45% while drop-outs fall; a
    first-wait category NDTMS suppressed (`*`) in 2021/22; housing not collected in 2017/18.
    """
    import pandas as pd

    rows = []
    year = 2017

    def add(measure, category, count, status="published", sex="Persons", age="18+ yrs"):
        period = f"{year}/{(year + 1) % 100:02d}"
        rows.append((period, f"{year}-04-01", sex, age, measure, category, count, status))

    # add() reads `year` when called, so it files each row under the loop's current year.
    for i, year in enumerate(range(2017, 2022)):
        bands = {"18-29 yrs": (100, 50), "30-49 yrs": (300, 150), "50+ yrs": (200, 100)}
        for age, (male, female) in bands.items():
            add("in_treatment", "all", male + 10 * i, sex="Male", age=age)
            add("in_treatment", "all", female, sex="Female", age=age)
            add("in_treatment", "all", male + 10 * i + female, age=age)
        add("in_treatment", "all", 600 + 30 * i, sex="Male")
        add("in_treatment", "all", 300, sex="Female")
        add("in_treatment", "all", 900 + 30 * i)
        black = 3 if year == 2021 else 10
        for category, count in (
            ("white", 800),
            ("mixed", 20),
            ("asian", 60),
            ("black", black),
            ("other", 15),
        ):
            add("ethnicity_in_treatment", category, count)
        for category, count in (
            ("successful_completion", 100 + 20 * i),
            ("dropped_out", 200 - 20 * i),
            ("died", 10),
            ("prison", 20),
            ("other", 70),
        ):
            add("exit_reason", category, count)
        over = ("*", None) if year == 2021 else ("published", 5)
        add("wait_first_intervention", "under_3_weeks", 280)
        add("wait_first_intervention", "3_to_6_weeks", 15)
        add("wait_first_intervention", "over_6_weeks", over[1], status=over[0])
        for category, count in (
            ("no_problem", 250),
            ("housing_problem", 40),
            ("urgent_problem", 10),
        ):
            if year == 2017:
                add("housing_at_start", category, None, status="not_collected")
            else:
                add("housing_at_start", category, count)
    frame = pd.DataFrame(
        rows,
        columns=["period", "period_start", "sex", "age", "measure", "category", "count", "status"],
    )
    frame["status"] = frame["status"].replace("*", "suppressed")
    return frame.assign(area_code=PROFILE_AREA, substance_group="total", source="fixture.csv")


@pytest.fixture()
def fixture_tables():
    """Small valid tables in the extract schema (a fresh copy per test)."""
    return _fixture_tables()


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory) -> Path:
    """The fixture tables written as extracts with a manifest, like data/."""
    import json

    from gmcore.schema import TABLES
    from gmdata.build import write_table

    out = tmp_path_factory.mktemp("fixture_data")
    for name, frame in _fixture_tables().items():
        write_table(frame, out / TABLES[name].filename)
    manifest = {
        "version": "fixture",
        "files": {},
        "indicators": {},
        "illustrative_indicators": ["completions_opiate"],
    }
    (out / "manifest.json").write_text(json.dumps(manifest))
    return out


@pytest.fixture(scope="session")
def fixture_con(fixture_data_dir):
    """The app's read-only connection over the fixture extracts."""
    from gmdash import db

    con = db.connect(fixture_data_dir)
    yield con
    con.close()


BARNET_EXPORT = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"


@pytest.fixture(scope="session")
def people_export_dir(raw_dir, tmp_path_factory) -> Path:
    """Extracts built as `make data VIEWIT="bury.csv wigan.csv"` would, from the real Barnet export.

    Barnet is not in GM, so its rows are relabelled to GM boroughs here, inside the tests only:
    `Bury` is the Barnet file with only the Area column changed. `Wigan` is the same with two
    cells of the 2021/22 all-substances, persons, all-ages row changed so that disclosure
    control has work to do: `exits_died_allintx` 20 -> 3 (a small count a local file could
    carry) and `waitsfirst_over6weeks_newtx` 0 -> `*` (a cell NDTMS suppressed).

    Built once per test run: under pytest-xdist the first worker to ask builds it in the run's
    shared temporary folder while any other waits on a lock; then all read the same extracts,
    which the app opens read-only.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _build_people_export(raw_dir, tmp_path_factory.mktemp("people_export"))
    shared = tmp_path_factory.getbasetemp().parent / "people_export"
    shared.mkdir(exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = shared / "data"
        if (built / "manifest.json").is_file():
            return built
        return _build_people_export(raw_dir, shared)


def _build_people_export(raw_dir: Path, folder: Path) -> Path:
    """Write the two relabelled exports into `folder` and build the extracts in `folder`/data."""
    import csv

    from gmdata.build import build

    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    area = header.index("Area")
    changes = {"exits_died_allintx": "3", "waitsfirst_over6weeks_newtx": "*"}
    files = []
    for name in ("Bury", "Wigan"):
        relabelled = [[*r[:area], name, *r[area + 1 :]] for r in rows]
        if name == "Wigan":
            for row in relabelled:
                keys = (row[header.index(k)].lower() for k in ("sex", "age_group", "drug_group"))
                if row[header.index("ReportingPeriod")] == "2021/22" and all(
                    k == "total" for k in keys
                ):
                    for column, value in changes.items():
                        row[header.index(column)] = value
        path = folder / f"{name.lower()}_viewit_export.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header, *relabelled])
        files.append(path)
    out = folder / "data"
    build(raw_dir, out, viewit_files=files)
    return out
