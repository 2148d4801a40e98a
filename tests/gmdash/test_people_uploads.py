"""An uploaded ViewIt LA export on People in treatment: read by the build's loader and checks,
laid over the extract in a private database, and run through the very same queries.

The export is the real Barnet sample, relabelled to a GM borough here, inside the tests only.
Expected counts are read from the raw file with the csv module.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import extracts_support
import pandas as pd
import pytest

from gmdash import db, queries
from gmdash.queries import Direct
from gmdash.whatif import profile_uploads as pu

BARNET_EXPORT = "outcomes/ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"
BOLTON, BURY, BARNET, OLDHAM = "E08000001", "E08000002", "E09000003", "E08000004"
# The export's service-user field families (PROVENANCE.md, outcomes: the ViewIt LA export).
FAMILIES = (
    r"^(intreatment_allintx|newpresentation_newtx|eth_|referralsource_|housingsituation_|"
    r"waitsfirst_|waitssub_|exits_|safeguarding_)"
)
PROFILE_QUERIES = (
    "treatment_profile_breakdown",
    "treatment_profile_series",
    "treatment_profile_sex_age",
    "treatment_profile_sex_age_series",
)


def export(raw_dir: Path, area: str | None = "Bolton", changes=None, drop: str = "") -> bytes:
    """The Barnet export as CSV bytes, its Area column set to `area`, cells changed by
    {(file row, column): text}, and one column left out."""
    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    if area is not None:
        rows = [[area if c == "Area" else v for c, v in zip(header, r, strict=True)] for r in rows]
    for (row, column), text in (changes or {}).items():
        rows[row - 2][header.index(column)] = text
    keep = [i for i, c in enumerate(header) if c != drop]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in [header, *rows]])
    return out.getvalue().encode("utf-8")


def raw_total(raw_dir: Path, period: str, column: str) -> float:
    """One count of the all-substances, persons, all-ages row of a year, from the raw file."""
    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        (row,) = [
            r
            for r in csv.DictReader(f)
            if r["ReportingPeriod"] == period
            and all(r[k].lower() == "total" for k in ("sex", "age_group", "drug_group"))
        ]
    return float(row[column])


@pytest.fixture(scope="module")
def committed():
    return extracts_support.committed()


@pytest.fixture(scope="module")
def areas(committed):
    return queries.area_lookup(committed)


def overlay(base, uploads):
    con = pu.overlay_connection(base, uploads)
    return pu.ProfileOverlay(Direct(base), con, pu.user_areas(uploads))


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def test_an_export_for_a_gm_borough_is_read_with_the_build_loader(raw_dir, areas):
    upload = pu.read_profile_upload(export(raw_dir), "my bolton export.csv", areas)
    assert upload.ok, upload.problem_lines()
    assert upload.kind == "viewit_profile"
    rows = upload.rows
    assert set(rows["area_code"]) == {BOLTON}
    assert set(rows["source"]) == {"uploaded: my bolton export.csv"}
    # one row per file row and service-user field, counted here from the raw header
    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        header, *body = list(csv.reader(f))
    fields = [c for c in header if re.match(FAMILIES, c)]
    assert len(rows) == len(body) * len(fields)
    assert upload.summary == (
        f"{len(body) * len(fields):,} service-user figures for Bolton (E08000001), 2009/10 to "
        "2021/22."
    )
    cell = rows[
        (rows["period"] == "2021/22")
        & (rows["sex"] == "Persons")
        & (rows["age"] == "18+ yrs")
        & (rows["substance_group"] == "total")
        & (rows["measure"] == "in_treatment")
    ]
    assert cell["count"].tolist() == [raw_total(raw_dir, "2021/22", "intreatment_allintx")]


def test_an_area_outside_gm_is_listed_but_said_not_shown(raw_dir, areas):
    upload = pu.read_profile_upload(export(raw_dir, area=None), "barnet.csv", areas)
    assert upload.ok
    assert set(upload.rows["area_code"]) == {BARNET}
    assert "Barnet (E09000003, not in Greater Manchester, so listed but not shown" in (
        upload.summary
    )


MALFORMED = {
    "missing key column": (dict(drop="drug_group"), "missing key column(s) ['drug_group']", 1),
    "unknown substance label": (
        dict(changes={(7, "drug_group"): "Cannabis"}),
        "column 'drug_group' has unknown drug group 'Cannabis'",
        7,
    ),
    "text in a count": (
        dict(changes={(5, "exits_died_allintx"): "lots"}),
        "has 'lots' where a whole-number count, '*' (suppressed) or 'NULL'",
        5,
    ),
    "unknown area": (dict(area="Atlantis"), "area name 'Atlantis' matches no known area", None),
    "formula": (
        dict(changes={(3, "eth_white_allintx"): "=1+2"}),
        "like a spreadsheet formula",
        3,
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_a_malformed_export_is_refused_with_its_row(case, raw_dir, areas, data_dir):
    before = digest(data_dir)
    how, message, row = MALFORMED[case]
    upload = pu.read_profile_upload(export(raw_dir, **how), f"{case}.csv", areas)
    assert not upload.ok and upload.rows.empty
    assert any(message in p.message for p in upload.problems), upload.problem_lines()
    assert next(p.row for p in upload.problems if message in p.message) == row
    assert digest(data_dir) == before


def test_text_in_counts_is_listed_on_every_row(raw_dir, areas):
    changes = {(4, "intreatment_allintx"): "n/a", (9, "referralsource_other_newtx"): "12.5"}
    upload = pu.read_profile_upload(export(raw_dir, changes=changes), "x.csv", areas)
    assert [(p.row, p.column) for p in upload.problems] == [
        (4, "intreatment_allintx"),
        (9, "referralsource_other_newtx"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        ("ReportingPeriod,Area\n2021/22,Bolton\n".encode("utf-16"), "saved as UTF-16"),
        (b"x" * 5_000_001, "the largest accepted is 5 MB"),
    ],
    ids=["empty", "UTF-16", "over the cap"],
)
def test_unreadable_files_are_refused(content, message, areas):
    upload = pu.read_profile_upload(content, "bad.csv", areas)
    assert not upload.ok
    assert any(message in p.message for p in upload.problems), upload.problem_lines()


def test_the_same_area_and_year_in_two_uploads_is_refused(raw_dir, areas):
    first = pu.read_profile_upload(export(raw_dir), "first.csv", areas)
    again = pu.read_profile_upload(export(raw_dir), "second.csv", areas, [first])
    assert not again.ok
    assert "area E08000001 2009/10 is also in your upload first.csv" in again.problem_lines()[0]
    # the same file name again replaces the earlier upload rather than clashing with it
    assert pu.read_profile_upload(export(raw_dir), "first.csv", areas, [first]).ok


def test_the_overlay_runs_the_same_queries_as_a_built_export(
    raw_dir, areas, committed, people_export_dir
):
    """Bolton uploaded over the committed extracts gives, query by query, exactly the frames
    the build gives for Bury built from the same file (tests/conftest.py people_export_dir)."""
    upload = pu.read_profile_upload(export(raw_dir), "bolton.csv", areas)
    ask = overlay(committed, [upload])
    built = db.connect(people_export_dir)
    try:
        for name in PROFILE_QUERIES:
            query = getattr(queries, name)
            args = ("2021/22", "total") if name.endswith(("breakdown", "sex_age")) else ("total",)
            mine = ask(query, BOLTON, *args)
            theirs = query(built, BURY, *args)
            assert set(mine["data_status"]) == {"user"}, name
            assert set(mine["area_code"]) == {BOLTON}, name
            pd.testing.assert_frame_equal(
                mine.drop(columns=["area_code", "source", "data_status"]),
                theirs.drop(columns=["area_code", "source"]),
                check_dtype=False,
            )
    finally:
        built.close()
    grid = ask(queries.treatment_profile_sex_age, BOLTON, "2021/22", "total")
    persons = grid[(grid["sex"] == "Persons") & (grid["age"] == "18+ yrs")]
    assert persons["count"].tolist() == [raw_total(raw_dir, "2021/22", "intreatment_allintx")]


def test_disclosure_control_applies_to_uploaded_figures(raw_dir, areas, committed):
    # The 2021/22 all-substances, persons, all-ages row: 20 deaths made 3, a count a local file
    # could carry; the query wrapper hides it, and the next smallest exit reason with it.
    with (raw_dir / BARNET_EXPORT).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    (line,) = [
        i + 2
        for i, r in enumerate(rows)
        if r["ReportingPeriod"] == "2021/22"
        and all(r[k].lower() == "total" for k in ("sex", "age_group", "drug_group"))
    ]
    content = export(raw_dir, changes={(line, "exits_died_allintx"): "3"})
    upload = pu.read_profile_upload(content, "bolton.csv", areas)
    ask = overlay(committed, [upload])
    frame = ask(queries.treatment_profile_breakdown, BOLTON, "2021/22", "total")
    exits = frame[frame["measure"] == "exit_reason"].set_index("category")
    assert pd.isna(exits.at["died", "count"])
    assert exits["count"].isna().sum() >= 2


def test_the_build_areas_stay_official_and_other_queries_use_the_base(raw_dir, areas, fixture_con):
    upload = pu.read_profile_upload(export(raw_dir), "bolton.csv", areas)
    ask = overlay(fixture_con, [upload])
    loaded = ask(queries.treatment_profile_areas).set_index("area_code")
    assert loaded.loc[OLDHAM, "data_status"] == "official"
    assert loaded.loc[BOLTON, "data_status"] == "user"
    assert loaded.loc[BOLTON, "sources"] == "uploaded: bolton.csv"
    # the fixture's own Oldham rows are untouched by the overlay
    oldham = ask(queries.treatment_profile_sex_age, OLDHAM, "2021/22", "total")
    pd.testing.assert_frame_equal(
        oldham.drop(columns="data_status"),
        queries.treatment_profile_sex_age(fixture_con, OLDHAM, "2021/22", "total"),
    )
    # a query that does not read the profile runs on the base connection, unmarked
    gm = ask(queries.gm_areas)
    pd.testing.assert_frame_equal(gm, queries.gm_areas(fixture_con))
    assert pu.reads_profile(queries.treatment_profile_areas)
    assert not pu.reads_profile(queries.treatment_profile_england)


def test_the_overlay_reads_and_writes_no_file(raw_dir, areas, committed, tmp_path, monkeypatch):
    upload = pu.read_profile_upload(export(raw_dir), "bolton.csv", areas)
    con = pu.overlay_connection(committed, [upload])
    monkeypatch.chdir(tmp_path)  # a relative target lands here if the write were allowed
    with pytest.raises(Exception, match="disabled"):
        con.execute("copy treatment_profile to 'escaped.csv'")
    assert not (tmp_path / "escaped.csv").exists()
    con.close()
