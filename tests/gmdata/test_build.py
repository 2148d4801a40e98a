"""The whole build: deterministic, equal to the committed data/, traceable to the raw files,
stopped by malformed sources without writing anything, and replaced by real files when given."""

from __future__ import annotations

import csv
import gzip
import hashlib
import http.server
import json
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from gmcore.schema import GM_BOROUGHS
from gmdata.__main__ import main
from gmdata.build import build
from gmdata.errors import CheckError, SourceError


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def fresh_build(raw_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fresh") / "data"
    build(raw_dir, out)
    return out


def test_committed_data_equals_a_fresh_build(fresh_build, data_dir):
    assert _hashes(fresh_build) == _hashes(data_dir), "run `make data` and commit data/"


def test_two_builds_are_byte_identical(fresh_build, raw_dir, tmp_path):
    build(raw_dir, tmp_path / "data")
    assert _hashes(tmp_path / "data") == _hashes(fresh_build)


def test_manifest_records_sources_rows_and_hashes(data_dir):
    manifest = json.loads((data_dir / "manifest.json").read_text())
    for name, entry in manifest["files"].items():
        path = data_dir / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        if entry["table"] == "treatment_profile":
            # Filled only from ViewIt exports given to the build (VIEWIT=); none is committed.
            assert entry["rows"] == 0 and entry["sources"] == [], name
        else:
            assert entry["rows"] > 0 and entry["sources"], name
    assert manifest["illustrative_indicators"] == [
        "completions_alcohol",
        "completions_alcohol_non_opiate",
        "completions_non_opiate",
        "completions_opiate",
    ]
    assert "geo/uk_lad_dec2021_buc_bng.geojson" in manifest["raw_sources"]


def test_check_mode_reports_a_match(raw_dir, data_dir, capsys):
    assert main(["--raw", str(raw_dir), "--out", str(data_dir), "--check"]) == 0
    assert "match a fresh build" in capsys.readouterr().err


# Values in the extracts match their sources: each figure is read from the raw file with the
# standard csv module, independently of the loaders, and looked up in the committed extracts.
def _extract(data_dir: Path, table: str) -> str:
    return str(data_dir / f"{table}.parquet")


def _one(sql: str, params: list[object]) -> float:
    row = duckdb.execute(sql, params).fetchone()
    assert row is not None, (sql, params)
    return float(row[0])


def test_alcohol_met_need_matches_the_sdg_file(raw_dir, data_dir):
    path = (
        raw_dir / "outcomes/ons_sdg_3-5-1_alcohol_treatment_met_need_by_utla_2010-11_to_2018-19.csv"
    )
    with path.open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["GeoCode"] in GM_BOROUGHS and r["Series"] == "Alcohol - Met need"
        ]
    assert len(rows) >= 80
    for r in rows:
        value = _one(
            "select value from read_parquet(?) where indicator_id = 'alcohol_met_need' "
            "and area_code = ? and period = ?",
            [_extract(data_dir, "indicator_values"), r["GeoCode"], r["Year"]],
        )
        assert value == pytest.approx(float(r["Value"]), abs=1e-6)


def test_drug_deaths_match_the_ons_file(raw_dir, data_dir):
    path = raw_dir / "outcomes/ons_drug_poisoning_deaths_registrations_by_la_1993_to_2020.csv"
    with path.open(encoding="cp1252") as f:
        rows = {r["code"].strip(): r for r in csv.DictReader(f)}
    for code in [*GM_BOROUGHS, "E12000002", "E92000001"]:
        for year in ("1993", "2010", "2020"):
            count = _one(
                "select count from read_parquet(?) where indicator_id = "
                "'drug_poisoning_deaths' and area_code = ? and period = ?",
                [_extract(data_dir, "indicator_values"), code, year],
            )
            assert count == float(rows[code][year])
    gm = _one(
        "select count from read_parquet(?) where indicator_id = 'drug_poisoning_deaths' "
        "and area_code = 'E47000001' and period = '2020'",
        [_extract(data_dir, "indicator_values")],
    )
    assert gm == float(rows["E11000001"]["2020"]) == 245


def test_population_matches_the_mid_year_estimates(raw_dir, data_dir):
    path = raw_dir / "demographics/mye_uk_lad_single_year_age_persons_1997_2020.csv"
    with path.open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["code"] in GM_BOROUGHS and r["year"] in ("2005", "2020")
        ]
    for r in rows:
        for age in ("0", "45", "89"):
            got = _one(
                "select population from read_parquet(?) where area_code = ? and year = ? "
                "and sex = 'Persons' and age = ?",
                [_extract(data_dir, "population"), r["code"], int(r["year"]), int(age)],
            )
            assert got == float(r[f"Age {age}"])
        top = _one(
            "select population from read_parquet(?) where area_code = ? and year = ? "
            "and sex = 'Persons' and age = 90 and is_top_band",
            [_extract(data_dir, "population"), r["code"], int(r["year"])],
        )
        assert top == float(r["Aged 90+"])


def test_funding_deprivation_and_census_match_their_files(raw_dir, data_dir):
    with (raw_dir / "funding/funding_allocations.csv").open(encoding="utf-8") as f:
        funding = list(csv.DictReader(f))
    for r in funding:
        got = _one(
            "select amount_gbp from read_parquet(?) where area_code = ? and "
            'financial_year = ? and "grant" = ? and status = ?',
            [
                _extract(data_dir, "funding"),
                r["area_code"],
                r["financial_year"],
                r["grant"],
                r["status"],
            ],
        )
        assert got == float(r["amount_gbp"])
    rank = _one(
        "select rank from read_parquet(?) where area_code = 'E08000003' and edition = "
        "2019 and domain = 'Index of Multiple Deprivation' and measure = 'average_score'",
        [_extract(data_dir, "deprivation")],
    )
    assert rank == 6  # shared/data/README.md: Manchester 6th most deprived of 317
    with (raw_dir / "demographics/census2021_religion_gm_lad.csv").open(encoding="utf-8") as f:
        religion = [r for r in csv.DictReader(f) if r["measure"] == "Count"]
    for r in religion:
        got = _one(
            "select value from read_parquet(?) where area_code = ? and topic = 'religion'"
            " and category = ? and measure = 'count'",
            [_extract(data_dir, "census"), r["area_code"], r["religion"]],
        )
        assert got == float(r["value"])


def test_lsoa_deciles_match_the_iod_file(raw_dir, data_dir):
    with gzip.open(
        raw_dir / "demographics/iod2019_lsoa11_domains_ranks_deciles_england.csv.gz",
        "rt",
        encoding="utf-8-sig",
    ) as f:
        rows = [r for _, r in zip(range(500), csv.DictReader(f), strict=False)]
    frame = (
        duckdb.execute(
            "select lsoa_code, rank, decile from read_parquet(?) where domain = "
            "'Index of Multiple Deprivation'",
            [_extract(data_dir, "lsoa_deprivation")],
        )
        .df()
        .set_index("lsoa_code")
    )
    for r in rows:
        code = r["LSOA code (2011)"]
        assert frame.loc[code, "rank"] == int(
            r["Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"]
        )
        assert frame.loc[code, "decile"] == int(
            r["Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"]
        )


def test_illustrative_rows_are_flagged_and_noted(data_dir):
    frame = duckdb.execute(
        "select indicator_id, bool_and(is_illustrative) as flagged, bool_and(note like "
        "'ILLUSTRATIVE%') as noted, count(*) as n from read_parquet(?) where indicator_id like "
        "'completions_%' group by 1",
        [_extract(data_dir, "indicator_values")],
    ).df()
    assert len(frame) == 4 and frame["flagged"].all() and frame["noted"].all()
    # 10 boroughs, GM, North West and England, 2010/11 to 2023/24.
    assert set(frame["n"]) == {13 * 14}
    real = duckdb.execute(
        "select count(*) from read_parquet(?) where is_illustrative and not "
        "indicator_id like 'completions_%'",
        [_extract(data_dir, "indicator_values")],
    ).fetchone()
    assert real == (0,)


def test_illustrative_gm_and_england_are_sums_of_their_parts(data_dir):
    frame = duckdb.execute(
        "select area_code, period, count, denominator from read_parquet(?) "
        "where indicator_id = 'completions_opiate'",
        [_extract(data_dir, "indicator_values")],
    ).df()
    boroughs = (
        frame[frame["area_code"].isin(list(GM_BOROUGHS))]
        .groupby("period")[["count", "denominator"]]
        .sum()
    )
    gm = frame[frame["area_code"] == "E47000001"].set_index("period")[["count", "denominator"]]
    pd.testing.assert_frame_equal(boroughs.sort_index(), gm.sort_index(), check_names=False)
    assert (frame["count"] % 5 == 0).all() and (frame["denominator"] % 5 == 0).all()
    england = frame[frame["area_code"] == "E92000001"].set_index("period")
    nw = frame[frame["area_code"] == "E12000002"].set_index("period")
    assert (england["denominator"] > nw["denominator"]).all()
    assert (nw["denominator"] > gm["denominator"]).all()


# Malformed sources stop the build with a message naming the file and row; nothing is written.
def _raw_with(raw_dir: Path, tmp: Path, relative: str, content: bytes | None) -> Path:
    """A raw tree of links to the real files, with one file replaced (or removed if None)."""
    copy = tmp / "raw"
    for path in raw_dir.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(raw_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    broken = copy / relative
    broken.unlink()
    if content is not None:
        broken.write_bytes(content)
    return copy


def _edit_csv(raw_dir: Path, relative: str, edit, encoding: str = "utf-8") -> bytes:
    text = (raw_dir / relative).read_bytes().decode(encoding)
    return edit(text).encode(encoding)


FUNDING = "funding/funding_allocations.csv"
DEATHS = "outcomes/ons_drug_poisoning_deaths_registrations_by_la_1993_to_2020.csv"
MYE = "demographics/mye_uk_lad_single_year_age_persons_1997_2020.csv"
REGIONS = "demographics/mye_england_regions_single_year_age_persons_1991_2020.csv"
CENSUS = "demographics/census2021_religion_gm_lad.csv"

MALFORMED = {
    "missing column": (FUNDING, lambda t: t.replace("amount_gbp", "amount", 1), "amount_gbp"),
    "wrong encoding": (DEATHS, None, "not valid"),
    "non-numeric value": (MYE, lambda t: t.replace(",1218,", ",12l8,", 1), "row 2"),
    "duplicate key": (FUNDING, lambda t: t + t.splitlines()[1] + "\n", "duplicate"),
    "unknown area code": (FUNDING, lambda t: t.replace("E08000010", "E08000099", 1), "E08000099"),
    "unknown area name": (REGIONS, lambda t: t.replace("North West", "Narnia"), "Narnia"),
    "empty file": (CENSUS, lambda t: "", "empty"),
    "missing file": (FUNDING, None, "not found"),
    "bad status": (FUNDING, lambda t: t.replace(",final,", ",rumoured,", 1), "rumoured"),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_source_stops_the_build_and_writes_nothing(case, raw_dir, tmp_path):
    relative, edit, message = MALFORMED[case]
    if case == "wrong encoding":
        content: bytes | None = (raw_dir / relative).read_bytes().decode("cp1252").encode("utf-16")
    elif case == "missing file":
        content = None
    else:
        content = _edit_csv(raw_dir, relative, edit, "utf-8")
    raw = _raw_with(raw_dir, tmp_path, relative, content)
    out = tmp_path / "data"
    out.mkdir()
    (out / "sentinel.txt").write_text("previous extracts")
    with pytest.raises((SourceError, CheckError)) as caught:
        build(raw, out)
    assert Path(relative).name in str(caught.value) or case == "bad status"
    assert message in str(caught.value)
    assert [p.name for p in out.iterdir()] == ["sentinel.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_reports_a_malformed_source_without_a_traceback(raw_dir, tmp_path, capsys):
    raw = _raw_with(raw_dir, tmp_path, FUNDING, b"")
    assert main(["--raw", str(raw), "--out", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert "build stopped, nothing written: funding_allocations.csv" in err
    assert "Traceback" not in err and not (tmp_path / "data").exists()


# Real files replace illustrative rows key by key, and the flag goes with them.
FINGERTIPS_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Column not used",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]


def _fingertips_file(path: Path, areas: list[str]) -> None:
    """A Fingertips-format file for indicator 90244 covering `areas`, 2010/11 to 2023/24.

    The numbers are test fixtures (count = 7% of 1,000), chosen only to be recognisable.
    """
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, FINGERTIPS_COLUMNS)
        writer.writeheader()
        for year in range(2010, 2024):
            for code in areas:
                writer.writerow(
                    {
                        "Indicator ID": 90244,
                        "Indicator Name": "Successful completion of drug treatment: opiate users (18-75 yrs)",
                        "Area Code": code,
                        "Area Name": "",
                        "Area Type": "Counties & UAs",
                        "Sex": "Persons",
                        "Age": "18-75 yrs",
                        "Category Type": "",
                        "Category": "",
                        "Time period": f"{year}/{(year + 1) % 100:02d}",
                        "Value": 7.0,
                        "Count": 70,
                        "Denominator": 1000,
                        "Time period Sortable": f"{year}0000",
                        "Time period range": "1y",
                    }
                )


@pytest.fixture(scope="module")
def fingertips_server(tmp_path_factory):
    """A local stand-in for the Fingertips API serving the fixture file."""
    folder = tmp_path_factory.mktemp("fingertips")
    _fingertips_file(folder / "all.csv", [*GM_BOROUGHS, "E47000001", "E12000002", "E92000001"])
    body = (folder / "all.csv").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            ok = self.path.startswith("/api/all_data/csv/by_indicator_id?")
            self.send_response(200 if ok else 404)
            self.end_headers()
            self.wfile.write(body if ok else b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.network
def test_downloaded_fingertips_rows_replace_illustrative_ones(raw_dir, tmp_path, fingertips_server):
    viewit = raw_dir / "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"
    out = tmp_path / "data"
    assert (
        main(
            [
                "--raw",
                str(raw_dir),
                "--out",
                str(out),
                "--viewit",
                str(viewit),
                "--download-fingertips",
                "--fingertips-base-url",
                fingertips_server,
            ]
        )
        == 0
    )
    values = pd.read_parquet(out / "indicator_values.parquet")
    opiate = values[values["indicator_id"] == "completions_opiate"]
    assert not opiate["is_illustrative"].any()
    assert set(opiate[opiate["area_code"] == "E08000004"]["age"]) == {"18-75 yrs"}
    indicators = pd.read_parquet(out / "indicators.parquet").set_index("indicator_id")
    assert not indicators.loc["completions_opiate", "is_illustrative"]
    assert indicators.loc["completions_alcohol", "is_illustrative"]
    barnet = values[
        (values["area_code"] == "E09000003") & (values["indicator_id"] == "completions_non_opiate")
    ]
    assert len(barnet) > 0 and not barnet["is_illustrative"].any()
    manifest = json.loads((out / "manifest.json").read_text())
    assert "completions_opiate" not in manifest["illustrative_indicators"]


def test_partial_real_file_keeps_the_rest_illustrative(raw_dir, tmp_path):
    supplied = tmp_path / "oldham.csv"
    _fingertips_file(supplied, ["E08000004"])
    build(raw_dir, tmp_path / "data", fingertips_file=supplied)
    values = pd.read_parquet(tmp_path / "data" / "indicator_values.parquet")
    opiate = values[values["indicator_id"] == "completions_opiate"]
    oldham = opiate[opiate["area_code"] == "E08000004"]
    assert len(oldham) == 14 and not oldham["is_illustrative"].any()
    assert opiate[opiate["area_code"] == "E08000001"]["is_illustrative"].all()
    indicators = pd.read_parquet(tmp_path / "data" / "indicators.parquet")
    assert indicators.set_index("indicator_id").loc["completions_opiate", "is_illustrative"]
