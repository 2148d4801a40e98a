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
from urllib.parse import parse_qs, urlsplit

import duckdb
import pandas as pd
import pytest
from fingertips_shapes import real_rows, relabelled_as_opiate, write_api_csv, write_website_csv

from gmcore.schema import GM_BOROUGHS
from gmdata.__main__ import main
from gmdata.build import build
from gmdata.catalogue import VIEWIT_COMPLETION_IDS as VIEWIT_IDS
from gmdata.errors import CheckError, SourceError


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


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
    # An indicator is listed when it contains generated values, even if partly real.
    assert manifest["illustrative_indicators"] == [
        "completions_alcohol",
        "completions_non_opiate",
        "completions_opiate",
    ]
    assert "geo/uk_lad_dec2021_buc_bng.geojson" in manifest["raw_sources"]


def test_committed_data_equals_a_fresh_build_and_check_mode_names_a_mismatch(
    raw_dir, data_dir, tmp_path, capsys
):
    # One fresh build, through `--check`, against a copy of the committed manifest with one hash
    # altered. The committed extracts were built by another process at another time, and the
    # manifest's hashes are the files' own (test above): so every other file matching proves both
    # that data/ is current and that the build is deterministic, and the altered one is reported
    # by file name.
    altered = tmp_path / "committed"
    altered.mkdir()
    manifest = json.loads((data_dir / "manifest.json").read_text())
    manifest["files"]["funding.parquet"]["sha256"] = "0" * 64
    (altered / "manifest.json").write_text(json.dumps(manifest))
    assert main(["--raw", str(raw_dir), "--out", str(altered), "--check"]) == 1
    err = capsys.readouterr().err
    differing = [line for line in err.splitlines() if "!= fresh build" in line]
    assert differing == [differing[0]] and "funding.parquet: committed 0000" in differing[0], (
        f"run `make data` and commit data/: {differing}"
    )
    assert "committed but not built" not in err and "MISMATCH" in err


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
        "select indicator_id, bool_and(note like 'ILLUSTRATIVE%') filter (where is_illustrative)"
        " as noted, count(*) as n, count(*) filter (where not is_illustrative) as real "
        "from read_parquet(?) where indicator_id like 'completions_%' group by 1 order by 1",
        [_extract(data_dir, "indicator_values")],
    ).df()
    assert frame["noted"].all()
    assert frame["indicator_id"].tolist() == [
        "completions_alcohol",
        "completions_non_opiate",
        "completions_opiate",
    ]
    # 10 boroughs, GM, North West and England, calendar years 2010 to 2023 ...
    assert frame.set_index("indicator_id")["n"].to_dict() == {
        "completions_alcohol": 13 * 14,
        "completions_opiate": 13 * 14,
        # ... and for non-opiates the 35 real areas and England in 2017 and 2018 as well.
        "completions_non_opiate": 13 * 14 + 2 * 34,
    }
    assert frame.set_index("indicator_id")["real"].to_dict() == {
        "completions_alcohol": 0,
        "completions_opiate": 0,
        "completions_non_opiate": 2 * 36,
    }
    real = duckdb.execute(
        "select count(*) from read_parquet(?) where is_illustrative and not "
        "indicator_id like 'completions_%'",
        [_extract(data_dir, "indicator_values")],
    ).fetchone()
    assert real == (0,)


def test_real_non_opiate_completions_are_in_the_extracts(data_dir):
    """PROVENANCE sections 14 and 14b: Salford's and England's real 90245 rows, as published."""
    values = pd.read_parquet(data_dir / "indicator_values.parquet")
    rows = values[values["indicator_id"] == "completions_non_opiate"].set_index(
        ["area_code", "period"]
    )
    expected = {
        ("E08000006", "2017"): (322, 551, 58.4392, 54.2797, 62.4819),
        ("E08000006", "2018"): (278, 549, 50.6375, 46.4655, 54.8007),
        ("E92000001", "2017"): (19106, None, 36.9027, 36.488, 37.3193),
        ("E92000001", "2018"): (17956, None, 34.3774, 33.9712, 34.7859),
    }
    for key, (count, denominator, value, lower, upper) in expected.items():
        row = rows.loc[key]
        assert not row["is_illustrative"], key
        assert (row["count"], row["value"], row["lci95"], row["uci95"]) == (
            count,
            value,
            lower,
            upper,
        )
        assert row["denominator"] == denominator or (denominator is None)
        assert pd.isna(row["lci998"]) and pd.isna(row["uci998"])  # published 95% only
        assert (row["period_type"], row["age"]) == ("calendar_year", "18+ yrs")
    assert pd.isna(rows.loc[("E92000001", "2017"), "denominator"])
    indicators = pd.read_parquet(data_dir / "indicators.parquet").set_index("indicator_id")
    # Partly real: the indicator still contains generated values, so it is flagged.
    assert indicators.loc["completions_non_opiate", "is_illustrative"]
    assert not {"completions_alcohol_non_opiate", *VIEWIT_IDS} & set(indicators.index)


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
MYE = "demographics/mye_uk_lad_single_year_age_persons_1997_2020.csv"

# One case of each kind of failure, end to end through the whole build: a loader's refusal
# (file and row named), a data check's, and a missing file. Each loader's own tests cover its
# other malformed shapes (encodings, text in numbers, empty files, unknown names) directly.
MALFORMED = {
    "non-numeric value": (MYE, lambda t: t.replace(",1218,", ",12l8,", 1), "row 2"),
    "duplicate key": (FUNDING, lambda t: t + t.splitlines()[1] + "\n", "duplicate"),
    "missing file": (FUNDING, None, "not found"),
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


# Real files replace illustrative rows cell by cell, and the flag goes with them.
OPIATE, NON_OPIATE = "completions_opiate", "completions_non_opiate"
BARNET = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"


@pytest.fixture(scope="module")
def fixture_rows(raw_dir):
    """Real calendar-year 90245 rows (the walkthrough extracts, fingertips_shapes) and, for the
    test only, the same rows relabelled 90244: no real 90244 value is in shared/."""
    rows = real_rows(raw_dir)
    return rows + relabelled_as_opiate(rows)


@pytest.fixture(scope="module")
def viewit_oldham(raw_dir, tmp_path_factory):
    """The real Barnet ViewIt sample relabelled as Oldham: a test fixture, not Oldham's data."""
    text = (raw_dir / BARNET).read_text(encoding="utf-8").replace("Barnet", "Oldham")
    path = tmp_path_factory.mktemp("viewit") / "viewit-la-export.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fingertips_server(fixture_rows, tmp_path_factory):
    """A local stand-in for the Fingertips API serving the bulk CSV of the fixture rows."""
    body = write_api_csv(fixture_rows, tmp_path_factory.mktemp("api") / "all.csv").read_bytes()
    asked: list[dict[str, list[str]]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            ok = url.path == "/api/all_data/csv/by_indicator_id"
            asked.append(parse_qs(url.query))
            self.send_response(200 if ok else 404)
            self.end_headers()
            self.wfile.write(body if ok else b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def downloaded(raw_dir, tmp_path_factory, fingertips_server, viewit_oldham) -> Path:
    """`make data-download`'s path: the CLI fetches the bulk CSV from the server and builds."""
    url, asked = fingertips_server
    out = tmp_path_factory.mktemp("download") / "data"
    argv = ["--raw", str(raw_dir), "--out", str(out), "--viewit", str(viewit_oldham)]
    assert main([*argv, "--download-fingertips", "--fingertips-base-url", url]) == 0
    # The completion indicators that exist in Fingertips, upper-tier areas.
    assert asked == [{"indicator_ids": ["90244,90245,92447"], "child_area_type_id": ["502"]}]
    return out


@pytest.mark.network
def test_downloaded_rows_are_real_and_alone_in_their_cells(downloaded, fixture_rows):
    values = pd.read_parquet(downloaded / "indicator_values.parquet")
    slug = {90244: OPIATE, 90245: NON_OPIATE}
    covered = {(slug[r["id"]], r["code"], r["period"]): r for r in fixture_rows}
    assert len(covered) == 2 * 2 * 5
    cells = values.groupby(["indicator_id", "area_code", "period", "sex"])
    for (indicator, area, period), r in covered.items():
        rows = cells.get_group((indicator, area, period, "Persons"))
        assert len(rows) == 1, (indicator, area, period)
        row = rows.iloc[0]
        assert not row["is_illustrative"] and row["source"] == ".fingertips-download.csv"
        assert (row["value"], row["count"], row["lci95"], row["uci95"]) == (
            r["value"],
            r["count"],
            r["lci"],
            r["uci"],
        )
        assert (row["period_type"], row["age"]) == ("calendar_year", "18+ yrs")
    # Every GM borough and England, every year: one row per cell, illustrative unless covered.
    for indicator in (OPIATE, NON_OPIATE):
        for area in [*GM_BOROUGHS, "E92000001"]:
            for year in range(2010, 2024):
                rows = cells.get_group((indicator, area, str(year), "Persons"))
                assert len(rows) == 1, (indicator, area, year)
                assert rows["is_illustrative"].iloc[0] == (
                    (indicator, area, str(year)) not in covered
                )
    indicators = pd.read_parquet(downloaded / "indicators.parquet").set_index("indicator_id")
    # Partly real series still contain generated values: flagged, and listed in the manifest.
    assert indicators.loc[[OPIATE, NON_OPIATE, "completions_alcohol"], "is_illustrative"].all()
    manifest = json.loads((downloaded / "manifest.json").read_text())
    assert {OPIATE, NON_OPIATE} <= set(manifest["illustrative_indicators"])


@pytest.mark.network
def test_viewit_completions_are_their_own_indicators(downloaded):
    """ViewIt's financial-year completions never retire the Fingertips calendar-year rows."""
    values = pd.read_parquet(downloaded / "indicator_values.parquet")
    oldham = values[values["area_code"] == "E08000004"]
    viewit = oldham[oldham["indicator_id"].isin(VIEWIT_IDS)]
    assert set(viewit["indicator_id"]) == set(VIEWIT_IDS)
    assert not viewit["is_illustrative"].any() and set(viewit["period_type"]) == {"financial_year"}
    assert "2019/20" in set(viewit["period"])
    fingertips = oldham[oldham["indicator_id"] == OPIATE]
    assert len(fingertips) == 14 and fingertips["is_illustrative"].all()
    assert set(fingertips["period_type"]) == {"calendar_year"}


@pytest.mark.network
def test_website_export_gives_the_same_extracts_as_the_api_download(
    downloaded, fixture_rows, viewit_oldham, raw_dir, tmp_path
):
    """Both published shapes (fingertips_shapes documents them and where they were found)."""
    website = write_website_csv(fixture_rows, tmp_path / "site" / ".fingertips-download.csv")
    out = tmp_path / "data"
    build(raw_dir, out, fingertips_file=website, viewit_files=[viewit_oldham])
    tables = {k: v for k, v in _hashes(downloaded).items() if k != "manifest.json"}
    assert tables == {k: v for k, v in _hashes(out).items() if k != "manifest.json"}


def test_a_fingertips_file_in_financial_years_stops_the_build(raw_dir, fixture_rows, tmp_path):
    shifted = [
        r | {"period": f"{r['period']}/{int(r['period']) % 100 + 1:02d}"} for r in fixture_rows
    ]
    path = write_api_csv(shifted, tmp_path / "fy.csv")
    with pytest.raises(
        SourceError, match=r"fy\.csv, row 2: indicator 9024\d is published in calendar"
    ):
        build(raw_dir, tmp_path / "data", fingertips_file=path)
    assert not (tmp_path / "data").exists()
