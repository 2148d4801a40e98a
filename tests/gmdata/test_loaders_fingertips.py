"""Fingertips indicator-data CSV loader and downloader, on the real samples and a local server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from fingertips_shapes import real_rows, relabelled_as_opiate, write_api_csv, write_website_csv

from gmdata.errors import SourceError
from gmdata.loaders.fingertips import (
    INDICATOR_COLUMNS,
    FingertipsDownloadError,
    download_fingertips_csv,
    fingertips_url,
    load_fingertips_csv,
)

ALCOHOL = "fingertips_93532_dependent_drinkers_not_in_treatment_SAMPLE.csv"
OCU = "fingertips_93517_ocu_not_in_treatment_SAMPLE.csv"


@pytest.fixture
def alcohol_csv(raw_dir: Path) -> Path:
    return raw_dir / "outcomes" / ALCOHOL


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def _one(rows: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=rows.index)
    for column, value in where.items():
        mask &= rows[column] == value
    assert mask.sum() == 1, where
    return rows[mask].iloc[0]


def test_unmet_alcohol_need_sample(alcohol_csv: Path) -> None:
    rows = load_fingertips_csv(alcohol_csv)
    assert list(rows.columns) == list(INDICATOR_COLUMNS)
    assert len(rows) == 17
    assert set(rows["indicator_id"]) == {"dependent_drinkers_not_in_treatment"}
    england = _one(rows, area_code="E92000001", period="2019/20")
    assert england["value"] == pytest.approx(82.30641882)
    assert england["count"] == pytest.approx(487877.3333)  # a 3-year average: kept fractional
    assert england["denominator"] == 592757
    assert england["lci95"] == pytest.approx(78.00995087)
    assert pd.isna(england["lci998"])
    assert england["period_start"] == pd.Timestamp("2019-04-01")
    assert (england["period_type"], england["sex"], england["age"]) == (
        "financial_year",
        "Persons",
        "18+ yrs",
    )
    assert rows["source"].eq(ALCOHOL).all()


def test_unmet_opiate_need_sample(raw_dir: Path) -> None:
    rows = load_fingertips_csv(raw_dir / "outcomes" / OCU)
    assert len(rows) == 13
    england = _one(rows, area_code="E92000001", period="2020/21")
    assert england["indicator_id"] == "ocu_not_in_treatment"
    assert round(england["value"], 1) == 52.1
    assert england["age"] == "15-64 yrs"


def test_pooled_periods_categories_notes_and_calendar_years(
    alcohol_csv: Path, tmp_path: Path
) -> None:
    raw = _frame(alcohol_csv).head(3).copy()
    raw.loc[0, ["Time period", "Time period range", "Value note"]] = [
        "2018/19 - 20/21",
        "3y",
        "Value aggregated from all known lower geography values",
    ]
    raw.loc[1, ["Indicator ID", "Indicator Name", "Time period", "Time period Sortable"]] = [
        "90244",
        "Successful completion of drug treatment - opiate users",
        "2020",
        "20200000",
    ]
    # Not a catalogue indicator (Fingertips has no alcohol-and-non-opiate one): left out.
    raw.loc[2, ["Indicator ID", "Indicator Name"]] = ["99999", "Something else"]
    decile = raw.iloc[[0]].assign(**{"Category Type": "County & UA deprivation deciles"})
    rows = load_fingertips_csv(_write(pd.concat([raw, decile]), tmp_path / "ft.csv"))
    assert len(rows) == 2  # the category row and the unknown indicator are dropped
    pooled = _one(rows, period="2018/19 - 20/21")
    assert pooled["period_type"] == "financial_year_3"
    assert pooled["period_start"] == pd.Timestamp("2018-04-01")
    assert pooled["note"].startswith("Value aggregated")
    opiate = _one(rows, indicator_id="completions_opiate")
    assert (opiate["period"], opiate["period_type"], opiate["period_start"]) == (
        "2020",
        "calendar_year",
        pd.Timestamp("2020-01-01"),
    )


def test_calendar_year_indicator_in_financial_years_is_refused(
    alcohol_csv: Path, tmp_path: Path
) -> None:
    raw = _frame(alcohol_csv).head(2).copy()
    raw.loc[1, ["Indicator ID", "Time period"]] = ["90245", "2017/18"]
    with pytest.raises(
        SourceError,
        match=r"fy\.csv, row 3: indicator 90245 is published in calendar years.*2017/18",
    ):
        load_fingertips_csv(_write(raw, tmp_path / "fy.csv"))


def test_both_published_shapes_give_the_same_rows(raw_dir: Path, tmp_path: Path) -> None:
    """The API bulk CSV and the website export (fingertips_shapes documents both, with where
    each was found) land cell by cell on identical rows."""
    rows = real_rows(raw_dir)
    rows += relabelled_as_opiate(rows)
    api = load_fingertips_csv(write_api_csv(rows, tmp_path / "api" / "indicator-data.csv"))
    site = load_fingertips_csv(write_website_csv(rows, tmp_path / "website" / "indicator-data.csv"))
    pd.testing.assert_frame_equal(api, site)
    assert len(api) == 2 * 2 * 5  # two indicators, two years, four areas and England
    # PROVENANCE section 14: Salford 2017, 322 / 551, 58.4392% (54.2797-62.4819).
    salford = _one(api, indicator_id="completions_non_opiate", area_code="E08000006", period="2017")
    assert (salford["count"], salford["denominator"]) == (322, 551)
    assert (salford["value"], salford["lci95"], salford["uci95"]) == (58.4392, 54.2797, 62.4819)
    assert (salford["period_type"], salford["period_start"], salford["age"]) == (
        "calendar_year",
        pd.Timestamp("2017-01-01"),
        "18+ yrs",
    )
    # PROVENANCE section 14b: England 2018, 34.3774% (33.9712-34.7859), 17,956; no denominator.
    england = _one(api, indicator_id="completions_opiate", area_code="E92000001", period="2018")
    assert (england["value"], england["lci95"], england["uci95"]) == (34.3774, 33.9712, 34.7859)
    assert england["count"] == 17956 and pd.isna(england["denominator"])


def test_period_label_of_unknown_shape_without_a_range_column(
    raw_dir: Path, tmp_path: Path
) -> None:
    rows = real_rows(raw_dir)[:1]
    path = write_website_csv([rows[0] | {"period": "2017 Q1"}], tmp_path / "q.csv")
    with pytest.raises(SourceError, match=r"q\.csv, row 2: column 'Time period'.*'2017 Q1'"):
        load_fingertips_csv(path)


def test_missing_column(alcohol_csv: Path, tmp_path: Path) -> None:
    path = _write(_frame(alcohol_csv).drop(columns="Value"), tmp_path / "no_value.csv")
    with pytest.raises(SourceError, match=r"no_value\.csv, row 1: missing column.*'Value'"):
        load_fingertips_csv(path)


def test_non_numeric_value_names_its_row(alcohol_csv: Path, tmp_path: Path) -> None:
    raw = _frame(alcohol_csv)
    raw.loc[4, "Value"] = "n/a"
    path = _write(raw, tmp_path / "bad.csv")
    with pytest.raises(SourceError, match=r"bad\.csv, row 6: column 'Value' .*'n/a'"):
        load_fingertips_csv(path)


def test_file_without_catalogue_indicators(alcohol_csv: Path, tmp_path: Path) -> None:
    raw = _frame(alcohol_csv).assign(**{"Indicator ID": "12345", "Indicator Name": "Other"})
    path = _write(raw, tmp_path / "other.csv")
    with pytest.raises(SourceError, match=r"other\.csv: no catalogue indicator.*\[12345\]"):
        load_fingertips_csv(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(SourceError, match=r"empty\.csv: file is empty"):
        load_fingertips_csv(path)


def test_conflicting_duplicate_names_its_row(alcohol_csv: Path, tmp_path: Path) -> None:
    raw = _frame(alcohol_csv)
    twin = raw.iloc[[3]].assign(Value="50")
    path = _write(pd.concat([raw, twin]), tmp_path / "dup.csv")
    with pytest.raises(SourceError, match=r"dup\.csv, row 19: duplicate key"):
        load_fingertips_csv(path)


def test_unknown_time_period_range(alcohol_csv: Path, tmp_path: Path) -> None:
    raw = _frame(alcohol_csv)
    raw.loc[0, "Time period range"] = "5y"
    with pytest.raises(SourceError, match=r"row 2: column 'Time period range'.*'5y'"):
        load_fingertips_csv(_write(raw, tmp_path / "range.csv"))


def test_fingertips_url() -> None:
    assert fingertips_url([90244, 90245], 502) == (
        "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id"
        "?indicator_ids=90244,90245&child_area_type_id=502"
    )
    assert fingertips_url([93532], 501, "http://127.0.0.1:8/").endswith(
        "/api/all_data/csv/by_indicator_id?indicator_ids=93532&child_area_type_id=501"
    )


@contextmanager
def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True  # closing must not wait for a deliberately slow handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _handler(body: bytes, status: int = 200, delay: float = 0.0) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            expected = {"indicator_ids": ["93532"], "child_area_type_id": ["502"]}
            if url.path != "/api/all_data/csv/by_indicator_id" or query != expected:
                self.send_error(404, "unexpected request")
                return
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (the timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.mark.network
def test_download_serves_and_parses(alcohol_csv: Path, tmp_path: Path) -> None:
    with _serve(_handler(alcohol_csv.read_bytes())) as base:
        dest = download_fingertips_csv([93532], 502, tmp_path / "ft.csv", base_url=base)
    assert dest == tmp_path / "ft.csv"
    rows = load_fingertips_csv(dest)
    assert len(rows) == 17
    assert _one(rows, area_code="E92000001", period="2020/21")["value"] == pytest.approx(
        81.87656332
    )
    assert [p.name for p in tmp_path.iterdir()] == ["ft.csv"]  # no temporary file left


@pytest.mark.network
def test_download_http_error(tmp_path: Path) -> None:
    with (
        _serve(_handler(b"oops", status=500)) as base,
        pytest.raises(FingertipsDownloadError, match=r"indicators 93532 from http.*HTTP 500"),
    ):
        download_fingertips_csv([93532], 502, tmp_path / "ft.csv", base_url=base)
    assert not any(tmp_path.iterdir())


@pytest.mark.network
def test_download_empty_or_unusable_body(tmp_path: Path) -> None:
    with _serve(_handler(b"")) as base, pytest.raises(FingertipsDownloadError, match="empty"):
        download_fingertips_csv([93532], 502, tmp_path / "ft.csv", base_url=base)
    with (
        _serve(_handler(b"<html>maintenance</html>\n")) as base,
        pytest.raises(FingertipsDownloadError, match="not a usable Fingertips CSV"),
    ):
        download_fingertips_csv([93532], 502, tmp_path / "ft.csv", base_url=base)
    assert not any(tmp_path.iterdir())


@pytest.mark.network
def test_download_closed_port(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    began = time.monotonic()
    with pytest.raises(FingertipsDownloadError, match=r"Check the network or pass .*FINGERTIPS="):
        download_fingertips_csv(
            [93532], 502, tmp_path / "ft.csv", base_url=f"http://127.0.0.1:{port}", timeout=5
        )
    assert time.monotonic() - began < 3


@pytest.mark.network
def test_download_timeout(alcohol_csv: Path, tmp_path: Path) -> None:
    began = time.monotonic()
    with (
        _serve(_handler(alcohol_csv.read_bytes(), delay=2.0)) as base,
        pytest.raises(FingertipsDownloadError, match="timeout"),
    ):
        download_fingertips_csv([93532], 502, tmp_path / "ft.csv", base_url=base, timeout=0.5)
    assert time.monotonic() - began < 1.9
