"""Data and methods content: every method in METHODS.md explained; catalogue, manifest, downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from gmdash import db, methods, queries

METHODS_MD = Path(__file__).resolve().parents[3] / "shared" / "METHODS.md"
# Every method METHODS.md names, and the brief's additions (rank uncertainty).
NAMED_METHODS = (
    "Wilson score interval",
    "Byars",
    "exact Poisson",
    "Dobson",
    "Pooled groups",
    "One level",
    "Two levels",
    "Polarity",
    "Quintiles",
    "recent-trend test",
    "Funnel plots",
    "What would it take",
    "Primary suppression",
    "Secondary suppression",
    "nearest 5",
    "Substance groups",
    "Rank uncertainty",
)


@pytest.mark.parametrize("name", NAMED_METHODS)
def test_every_named_method_is_explained(name):
    assert name.casefold() in methods.methods_markdown().casefold()


def test_every_methods_md_section_has_an_explanation():
    if not METHODS_MD.is_file():
        pytest.skip("METHODS.md is not beside the checkout")
    headings = re.findall(r"^## (.+)$", METHODS_MD.read_text(), flags=re.M)
    assert headings
    titles = " ".join(m.title for m in methods.METHODS).casefold()
    for heading in headings:
        # "Recent trend (Fingertips)" -> "recent trend"; "Benchmarking (better / ...)" -> ...
        core = re.sub(r"\s*\(.*\)", "", heading).casefold()
        assert core.replace(" ", "") in titles.replace(" ", "").replace("-", ""), heading


def test_catalogue_view_in_words_and_search(fixture_con):
    catalogue = queries.indicator_catalogue(fixture_con)
    view = methods.catalogue_view(catalogue)
    assert len(view) == 2
    row = view.set_index("indicator_id").loc["completions_opiate"]
    assert row["Polarity"] == "Higher is better"
    assert row["Periods available"] == "2019/20 to 2021/22"
    assert row["Number of periods"] == 3
    assert row["Illustrative"].startswith("Yes")
    deaths = view.set_index("indicator_id").loc["drug_poisoning_deaths"]
    assert deaths["Polarity"] == "Lower is better" and deaths["Illustrative"] == "No"
    assert methods.catalogue_view(catalogue, "DEATHS")["indicator_id"].tolist() == [
        "drug_poisoning_deaths"
    ]
    assert methods.catalogue_view(catalogue, "no such thing").empty


def test_indicator_detail_lists_every_field(fixture_con):
    title, text = methods.indicator_detail(
        queries.indicator_catalogue(fixture_con), "drug_poisoning_deaths"
    )
    assert title == "Drug-poisoning deaths"
    for label in (
        "Source:",
        "Licence:",
        "Polarity:",
        "Value type:",
        "Periods available:",
        "Areas covered:",
        "Illustrative:",
    ):
        assert label in text
    assert "](https://example.invalid/)" in text


def test_manifest_table_and_attribution():
    manifest = db.Manifest(
        version="v1",
        files={
            "b.parquet": {
                "rows": 3,
                "sha256": "ab",
                "sources": ["x.csv", "y.csv"],
                "table": "b",
                "attribution": "Contains OS data © Crown copyright",
            },
            "a.parquet": {"rows": 1, "sha256": "cd", "sources": [], "table": "a"},
        },
        indicators={},
        illustrative_indicators=(),
    )
    table = methods.manifest_table(manifest)
    assert table["file"].tolist() == ["a.parquet", "b.parquet"]
    assert table["rows"].tolist() == [1, 3] and table["sources"].iloc[1] == "x.csv; y.csv"
    text = methods.attribution_markdown(manifest, 2025)
    assert "Open Government Licence v3.0" in text
    assert (
        "Office for Health Improvement and Disparities. Public Health Profiles. "
        "fingertips.phe.org.uk © Crown copyright 2025."
    ) in text
    assert "Boundaries: Contains OS data © Crown copyright" in text


def test_illustrative_explanation_and_how_to_replace():
    text = methods.illustrative_markdown()
    assert "not real data" in text and "calendar year" in text
    # Each assumption with its value and the real figure it is calibrated on.
    assert "| non-opiate | 35.6% | 30.6% to 40.7% |" in text
    assert "England 90245: 36.9% in 2017, 34.4% in 2018" in text
    assert "| opiate | 7.0% | 6.0% to 8.0% |" in text
    assert "national opiate completion rate of roughly 5-9%" in text
    assert "none for alcohol in the raw sources" in text
    assert "0.24 of the centre" in text and "35 real areas" in text
    assert "make data FINGERTIPS=path/to/indicator-data.csv" in text
    assert "make data-download" in text
    assert "VIEWIT=" in text and "replaces nothing" in text


def test_reported_figures_say_why_not_plotted(fixture_con):
    view = methods.reported_view(
        queries.reported_figures(fixture_con), queries.indicator_catalogue(fixture_con)
    )
    assert view[["area_name", "value", "period"]].values.tolist() == [
        ["Oldham", 37.2, "not stated in the source"]
    ]
    assert "time axis" in methods.REPORTED_NOT_PLOTTED


def test_gm_indicator_values_query_and_download(fixture_con):
    values = queries.gm_indicator_values(fixture_con)
    # GM boroughs and England only: Hartlepool (E06000001) is left out.
    assert "E06000001" not in set(values["area_code"])
    assert set(values["indicator_id"]) == {"completions_opiate", "drug_poisoning_deaths"}
    assert len(values) == 3 * 11 + 3
    bury = values[(values["area_code"] == "E08000002") & (values["period"] == "2021/22")]
    assert bury["suppressed"].tolist() == [True]
    assert pd.isna(bury["count"].iloc[0]) and pd.isna(bury["value"].iloc[0])
    assert "primary suppression" in bury["suppression_note"].iloc[0]
    # Secondary suppression within the same indicator and period, never in another period.
    hidden_2021 = values[(values["period"] == "2021/22") & values["suppressed"]]
    assert len(hidden_2021) >= 2
    assert not values[values["period"] == "2020/21"]["suppressed"].any()
    download = methods.values_download(values)
    for column in (
        "indicator_id",
        "area_code",
        "area_name",
        "period",
        "suppression_note",
        "is_illustrative",
    ):
        assert column in download.columns


def test_catalogue_download_columns(fixture_con):
    out = methods.catalogue_download(queries.indicator_catalogue(fixture_con))
    assert {
        "indicator_id",
        "polarity_words",
        "source_url",
        "licence",
        "first_period",
        "latest_period",
        "is_illustrative",
    } <= set(out.columns)
