"""Uploads: real Fingertips and ViewIt files read through the build's loaders; malformed files
each refused with a clear message, listed by row, and nothing changed."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest
from extracts_support import committed

from gmcore import stats
from gmdash import queries
from gmdash.whatif import USER_PREFIX, targets, uploads

FINGERTIPS_SAMPLE = "fingertips_93532_dependent_drinkers_not_in_treatment_SAMPLE.csv"
VIEWIT_SAMPLE = "ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"
LOCAL_HEADER = "area_code,period,count,denominator\n"


@pytest.fixture(scope="module")
def con():
    return committed()


@pytest.fixture(scope="module")
def look(con):
    return uploads.lookups(queries.Direct(con))


@pytest.fixture(scope="module")
def fingertips_bytes(raw_dir) -> bytes:
    return (raw_dir / "outcomes" / FINGERTIPS_SAMPLE).read_bytes()


@pytest.fixture(scope="module")
def viewit_bytes(raw_dir) -> bytes:
    return (raw_dir / "outcomes" / VIEWIT_SAMPLE).read_bytes()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _local(look, text: str, **kwargs) -> uploads.Upload:
    options = {"indicator_id": "completions_opiate", "age": "18+ yrs"} | kwargs
    return uploads.read_upload(text.encode(), "mine.csv", "local", look, **options)


def _edit(data: bytes, row: int, column: str, value: str) -> bytes:
    """The file with one cell changed (row counts from 1 = the header)."""
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    records[row - 1][records[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode()


def test_area_lookup_lists_every_area_with_its_years(fixture_con):
    areas = queries.area_lookup(fixture_con)
    assert list(areas.columns) == [
        "area_code",
        "area_name",
        "area_type",
        "is_gm",
        "start_year",
        "end_year",
    ]
    assert len(areas) == 15 and areas["area_code"].is_monotonic_increasing
    assert areas.set_index("area_code").loc["E06000001", "area_name"] == "Hartlepool"


def test_a_real_fingertips_file_reads_through_the_builds_loader(look, fingertips_bytes):
    upload = uploads.read_upload(fingertips_bytes, FINGERTIPS_SAMPLE, "fingertips", look)
    assert upload.ok and upload.problems == ()
    rows = upload.rows
    assert list(rows.columns) == uploads.OUTPUT_COLUMNS
    assert (rows["data_status"] == "user").all() and not rows["is_illustrative"].any()
    source = list(csv.DictReader(io.StringIO(fingertips_bytes.decode("utf-8-sig"))))
    assert len(rows) == len(source) == 17
    first = source[0]  # Warwickshire, 2018/19, written here from the raw file by csv
    row = rows[(rows["area_code"] == first["Area Code"]) & (rows["period"] == first["Time period"])]
    assert row["value"].iloc[0] == float(first["Value"])
    assert row["lci95"].iloc[0] == float(first["Lower CI 95.0 limit"])
    assert row["indicator_id"].iloc[0] == "dependent_drinkers_not_in_treatment"
    assert upload.summary.startswith("17 figures for 1 indicator(s)")
    assert rows["note"].str.startswith("Your own uploaded figures").all()


def test_a_real_viewit_export_reads_with_areas_resolved_by_name(look, viewit_bytes):
    upload = uploads.read_upload(viewit_bytes, VIEWIT_SAMPLE, "viewit", look)
    assert upload.ok
    rows = upload.rows
    # 13 years x 5 in-treatment groups + 12 collected years x 4 completion groups (the loader's
    # own test counts the same file the same way); ViewIt's financial-year completions are
    # their own indicators, not the Fingertips calendar-year ones.
    assert len(rows) == 13 * 5 + 12 * 4
    assert set(rows["area_code"]) == {"E09000003"}  # Barnet, named only by name in the file
    opiate = rows[
        (rows["indicator_id"] == "completions_viewit_opiate") & (rows["period"] == "2019/20")
    ]
    assert (opiate["count"].iloc[0], opiate["denominator"].iloc[0]) == (30, 525)
    lo, hi = stats.wilson_ci(30, 525)
    assert (opiate["lci95"].iloc[0], opiate["uci95"].iloc[0]) == pytest.approx((100 * lo, 100 * hi))


def test_local_figures_get_wilson_intervals_and_become_a_users_what_if(look):
    upload = _local(look, LOCAL_HEADER + "E08000001,2023,60,1000\nE08000002,2023,3,100\n")
    assert upload.ok, upload.problem_lines()
    bolton = upload.rows.iloc[0]
    # METHODS.md: 60/1000 -> 6.0%, 95% CI 4.69–7.65
    assert bolton["value"] == 6.0
    assert (round(bolton["lci95"], 2), round(bolton["uci95"], 2)) == (4.69, 7.65)
    assert bolton["period_start"] == pd.Timestamp("2023-01-01")
    frame = uploads.as_area_frame(upload, look, "completions_opiate", "2023")
    assert frame["area_name"].tolist() == ["Bolton", "Bury"]
    bury = frame.set_index("area_name").loc["Bury"]
    assert bool(bury["suppressed"]) and pd.isna(bury["count"])  # 3 is a small count
    meta = {"indicator_id": "completions_opiate", "value_type": "proportion"}
    table = targets.targets_table(
        frame, targets.Target("percent", percent=7.0), meta | {"polarity": "high_good"}, step=1
    )
    assert table.data_status == "user"
    assert table.sentence("Bolton").startswith(USER_PREFIX)


# Each malformed upload: (bytes or a function of the real files, kind, options, expected text).
MALFORMED = {
    "wrong columns": (
        (LOCAL_HEADER.replace("denominator", "people") + "E08000001,2023,5,10\n").encode(),
        "local",
        "Missing column(s) 'denominator'; found 'area_code', 'period', 'count', 'people'.",
    ),
    "text in numbers": (
        (LOCAL_HEADER + "E08000001,2023,forty,100\nE08000002,2023,5,1O0\n").encode(),
        "local",
        "Row 2, column 'count': has 'forty' where a number is needed.",
    ),
    "unknown area code": (
        (LOCAL_HEADER + "E08000001,2023,5,100\nE08999999,2023,5,100\n").encode(),
        "local",
        "Row 3, column 'area_code': 'E08999999' is not an area code the dashboard knows",
    ),
    "count above denominator": (
        (LOCAL_HEADER + "E08000001,2023,120,100\n").encode(),
        "local",
        "Row 2, column 'count': the count (120) is larger than its denominator 'denominator' (100).",
    ),
    "empty file": (b"", "local", "The file is empty."),
    "blank file": (b"\n \n\n", "local", "The file is empty."),
    "header only": (LOCAL_HEADER.encode(), "local", "Row 1: The file has a header but no rows"),
    "over the size cap": (
        (LOCAL_HEADER + "E08000001,2023/24,5,100\n" * 230_000).encode(),
        "local",
        "The file is 5.5 MB; the largest accepted is 5 MB.",
    ),
    "not CSV (xlsx)": (
        b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64,
        "fingertips",
        "This is an Excel workbook or other zip file, not a CSV file.",
    ),
    "not CSV (png)": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "local", "This is a PNG image"),
    "UTF-16": (
        (LOCAL_HEADER + "E08000001,2023,5,100\n").encode("utf-16"),
        "local",
        "The file is saved as UTF-16 (or is not text).",
    ),
    "not UTF-8": (
        (LOCAL_HEADER + "E08000001,2023,5,100\n").encode() + "Café".encode("latin-1"),
        "local",
        "The file is not UTF-8 text",
    ),
    "duplicate keys": (
        (
            LOCAL_HEADER + "E08000001,2023,5,100\nE08000002,2023,5,100\nE08000001,2023,6,100\n"
        ).encode(),
        "local",
        "Row 4: repeats area_code 'E08000001', period '2023' (first on row 2).",
    ),
    "formula injection": (
        (LOCAL_HEADER + 'E08000001,"=HYPERLINK(""http://x.invalid"",""x"")",5,100\n').encode(),
        "local",
        "Row 2, column 'period': starts with '=', like a spreadsheet formula",
    ),
    "formula injection (+)": (
        (LOCAL_HEADER + "E08000001,2023,+5+cmd|' /C calc'!A0,100\n").encode(),
        "local",
        "Row 2, column 'count': starts with '+', like a spreadsheet formula",
    ),
    "semicolons": (
        b"area_code;period;count;denominator\nE08000001;2023;5;100\n",
        "local",
        "The file has only one column. Is it separated by semicolons or tabs?",
    ),
    "ragged rows": (
        (LOCAL_HEADER + "E08000001,2023,5\n").encode(),
        "local",
        "Row 2: has 3 cells where the header has 4.",
    ),
    "wrong period form": (
        (LOCAL_HEADER + "E08000001,2023/24,5,100\n").encode(),
        "local",
        "Row 2, column 'period': '2023/24' is not a period of this indicator; write it like 2023.",
    ),
    "fractional count": (
        (LOCAL_HEADER + "E08000001,2023,5.5,100\n").encode(),
        "local",
        "Row 2, column 'count': '5.5' is not a whole number of people.",
    ),
    "zero denominator": (
        (LOCAL_HEADER + "E08000001,2023,0,0\n").encode(),
        "local",
        "Row 2, column 'denominator': is 0; a proportion needs a denominator above 0.",
    ),
    "negative count": (
        (LOCAL_HEADER + "E08000001,2023,-5,100\n").encode(),
        "local",
        "Row 2, column 'count': is negative (-5).",
    ),
    "fingertips text in a value": (
        lambda ft, vi: _edit(ft, 4, "Value", "n/a"),
        "fingertips",
        "Row 4, column 'Value': has 'n/a' where a number is needed.",
    ),
    "fingertips unknown area": (
        lambda ft, vi: _edit(ft, 6, "Area Code", "E10999999"),
        "fingertips",
        "Row 6, column 'Area Code': 'E10999999' is not an area code",
    ),
    "fingertips count above denominator": (
        lambda ft, vi: _edit(ft, 3, "Count", "999999"),
        "fingertips",
        "Row 3, column 'Count': the count (999999) is larger than its denominator",
    ),
    "fingertips unknown sex (the build's loader)": (
        lambda ft, vi: _edit(ft, 5, "Sex", "Both"),
        "fingertips",
        "Row 5: column 'Sex' has unexpected value 'Both'",
    ),
    "fingertips formula in a name": (
        lambda ft, vi: _edit(ft, 2, "Area Name", '=HYPERLINK("http://x.invalid","Click")'),
        "fingertips",
        "Row 2, column 'Area Name': starts with '='",
    ),
    "viewit completions above in treatment": (
        lambda ft, vi: _edit(vi, 2, "scnr_scrn_allintx", "100000"),
        "viewit",
        "Row 2, column 'scnr_scrn_allintx': the count (100000) is larger than its denominator",
    ),
    "viewit wrong file": (
        lambda ft, vi: ft,
        "viewit",
        "Missing column(s) 'ReportingPeriod', 'Area', 'sex', 'age_group', 'drug_group'",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_uploads_get_a_clear_message_and_change_nothing(
    case, look, data_dir, fingertips_bytes, viewit_bytes, tmp_path, monkeypatch
):
    data, kind, expected = MALFORMED[case]
    if callable(data):
        data = data(fingertips_bytes, viewit_bytes)
    before = _digest(data_dir)
    # any temporary file the reader makes goes here, so the test can see it is removed
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    options = {"indicator_id": "completions_opiate", "age": "18+ yrs"} if kind == "local" else {}
    upload = uploads.read_upload(data, f"{case}.csv", kind, look, **options)
    assert not upload.ok and upload.rows.empty
    lines = upload.problem_lines()
    assert any(expected in line for line in lines), lines
    assert upload.summary == "Nothing was read from this file."
    assert _digest(data_dir) == before
    assert list(tmp_path.iterdir()) == []


def test_every_bad_row_is_listed_not_only_the_first(look):
    upload = _local(
        look,
        LOCAL_HEADER + "E08000001,2023,x,100\nE08000002,2023,5,100\n"
        "E08999999,2023,y,100\nE08000004,2023,50,10\n",
    )
    lines = upload.problem_lines()
    assert [line.split(":")[0] for line in lines] == [
        "Row 2, column 'count'",
        "Row 4, column 'area_code'",
        "Row 4, column 'count'",
        "Row 5, column 'count'",
    ]


def test_the_indicator_for_local_figures_must_be_a_known_proportion(look):
    text = LOCAL_HEADER + "E08000001,2023,5,100\n"
    assert "Choose which indicator" in _local(look, text, indicator_id=None).problem_lines()[0]
    assert "not in the dashboard" in _local(look, text, indicator_id="x").problem_lines()[0]
    deaths = _local(look, text, indicator_id="drug_poisoning_deaths").problem_lines()[0]
    assert "can only be given for a proportion" in deaths


def test_uploaded_text_is_never_kept_so_it_can_never_be_shown_as_html(look, fingertips_bytes):
    data = _edit(fingertips_bytes, 2, "Area Name", "<script>alert(1)</script>")
    data = _edit(data, 3, "Value note", "<img src=x onerror=alert(1)>")
    upload = uploads.read_upload(data, "<b>evil.csv", "fingertips", look)
    assert upload.ok
    text = upload.rows.select_dtypes(exclude="number").astype(str)
    assert not text.apply(lambda s: s.str.contains("<script|<img|<b>", regex=True)).any().any()
    assert upload.filename == "b_evil.csv"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\figures.csv", "figures.csv"),
        ("=cmd|'calc'!A0.csv", "cmd__calc__A0.csv"),
        ("reports/=cmd|' /C calc'!A0.csv", "C calc__A0.csv"),
        ("", "upload.csv"),
        (None, "upload.csv"),
    ],
)
def test_file_names_are_made_safe(name, safe):
    assert uploads.safe_filename(name) == safe


def test_an_unknown_kind_is_a_programming_error(look):
    with pytest.raises(ValueError, match="kind must be one of"):
        uploads.read_upload(b"a,b\n1,2\n", "x.csv", "excel", look)
