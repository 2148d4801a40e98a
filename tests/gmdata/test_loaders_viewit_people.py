"""ViewIt service-user profile loader, on the real Barnet sample and malformed copies of it."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import PROFILE_CATEGORIES, TREATMENT_PROFILE
from gmdata.__main__ import main
from gmdata.build import build
from gmdata.errors import SourceError
from gmdata.loaders.viewit_people import FIELDS, combine_exports, load_viewit_profile

BARNET = "ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"

# The test's own reading of the export's columns (PROVENANCE.md section 4), written out here
# rather than taken from the loader: family -> {raw column: category}.
ETHNIC = ("white", "mixed", "asian", "black", "other")
WAITS = {
    "3weeksandunder": "under_3_weeks",
    "3to6weeks": "3_to_6_weeks",
    "over6weeks": "over_6_weeks",
}
PARENTS = {
    "parentlivingwithchildren": "parent_living_with_children",
    "othercontactlivingwithchildren": "other_living_with_children",
    "parentsnotwithchildren": "parent_not_living_with_children",
    "notparentnocontactwithchildren": "not_parent_no_children",
    "livingwithincompletedata": "incomplete_data",
}
FAMILIES: dict[str, dict[str, str]] = {
    "in_treatment": {"intreatment_allintx": "all"},
    "new_presentations": {"newpresentation_newtx": "all"},
    "ethnicity_in_treatment": {f"eth_{e}_allintx": e for e in ETHNIC},
    "ethnicity_new_presentations": {f"eth_{e}_newtx": e for e in ETHNIC},
    "referral_source": {
        "referralsource_criminal_justice_newtx": "criminal_justice",
        "referralsource_health_services_social_care_newtx": "health_social_care",
        "referralsource_missing_newtx": "missing",
        "referralsource_other_newtx": "other",
        "referralsource_self_family_friends_newtx": "self_family_friends",
        "referralsource_substance_misuse_service_newtx": "substance_misuse_service",
    },
    "housing_at_start": {
        "housingsituation_urgentproblem_newtx": "urgent_problem",
        "housingsituation_housingproblem_newtx": "housing_problem",
        "housingsituation_noproblem_newtx": "no_problem",
        "housingsituation_other_newtx": "other",
        "housingsituation_notstatedormissing_newtx": "not_stated",
    },
    "wait_first_intervention": {f"waitsfirst_{k}_newtx": v for k, v in WAITS.items()},
    "wait_subsequent_intervention": {f"waitssub_{k}_newtx": v for k, v in WAITS.items()},
    "exit_reason": {
        "exits_successfulcompletion_allintx": "successful_completion",
        "exits_died_allintx": "died",
        "exits_droppedout_allintx": "dropped_out",
        "exits_movedaway_allintx": "moved_away",
        "exits_noappropriatetreatment_allintx": "no_appropriate_treatment",
        "exits_notknown_allintx": "not_known",
        "exits_other_allintx": "other",
        "exits_prison_allintx": "prison",
        "exits_transferrednotincustody_allintx": "transferred_not_in_custody",
        "exits_transferredincustody_allintx": "transferred_in_custody",
        "exits_referredon_allintx": "referred_on",
        "exits_treatmentdeclined_allintx": "treatment_declined",
        "exits_treatmentwithdrawn_allintx": "treatment_withdrawn",
        "exits_inconsistent_allintx": "inconsistent",
    },
    "parental_status_in_treatment": {f"safeguarding_{k}_allintx": v for k, v in PARENTS.items()},
    "parental_status_new_presentations": {f"safeguarding_{k}_newtx": v for k, v in PARENTS.items()},
    "children_living_with_in_treatment": {"safeguarding_num_of_children_allintx": "all"},
    "children_living_with_new_presentations": {"safeguarding_num_of_children_newtx": "all"},
}
SEX = {"F": "Female", "M": "Male", "TOTAL": "Persons"}
AGE = {"18-29": "18-29 yrs", "30-49": "30-49 yrs", "50+": "50+ yrs", "TOTAL": "18+ yrs"}
GROUP = {
    "Total": "total",
    "Opiate": "opiate",
    "Non-opiate only": "non_opiate",
    "Alcohol only": "alcohol",
    "Non-opiate & alcohol": "alcohol_non_opiate",
}


@pytest.fixture(scope="module")
def barnet(raw_dir: Path) -> Path:
    return raw_dir / "outcomes" / BARNET


@pytest.fixture(scope="module")
def raw_rows(barnet: Path) -> list[dict[str, str]]:
    """The raw file read with the csv module: the independent reader."""
    with barnet.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def profile(barnet: Path) -> pd.DataFrame:
    return load_viewit_profile(barnet)


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def test_the_test_mapping_covers_every_profile_column_of_the_file(raw_rows):
    raw_columns = set(raw_rows[0])
    named = {c for family in FAMILIES.values() for c in family}
    families = ("eth_", "referralsource_", "housingsituation_", "waits", "exits_", "safeguarding_")
    assert named == {c for c in raw_columns if c.startswith(families)} | {
        "intreatment_allintx",
        "newpresentation_newtx",
    }
    assert len(named) == 55


def test_shape_keys_and_statuses(profile, raw_rows):
    assert list(profile.columns) == [*TREATMENT_PROFILE.columns, "area_name"]
    # 13 years x 3 sexes x 4 ages x 5 substance groups = 780 file rows, each with 55 fields.
    assert len(raw_rows) == 780 and len(profile) == 780 * 55
    assert profile["area_name"].eq("Barnet").all() and profile["area_code"].isna().all()
    assert sorted(profile["period"].unique()) == sorted({r["ReportingPeriod"] for r in raw_rows})
    assert set(profile["sex"]) == {"Persons", "Male", "Female"}
    assert set(profile["age"]) == {"18+ yrs", "18-29 yrs", "30-49 yrs", "50+ yrs"}
    assert set(profile["substance_group"]) == set(GROUP.values())
    assert not profile.duplicated(list(TREATMENT_PROFILE.key) + ["area_name"]).any()
    # The file has no `*`; its NULLs (fields not collected that year) keep no count.
    nulls = sum(r[c] == "NULL" for r in raw_rows for f in FAMILIES.values() for c in f)
    assert nulls == 180
    assert (profile["status"] == "not_collected").sum() == nulls
    assert profile.loc[profile["status"] == "not_collected", "count"].isna().all()
    assert profile.loc[profile["status"] == "published", "count"].notna().all()
    assert set(profile["status"]) == {"published", "not_collected"}
    assert profile["source"].eq(BARNET).all()


def test_every_family_and_year_matches_the_raw_file(profile, raw_rows):
    """For each year, one raw row (a different slice each year) and every family's columns."""
    years = sorted({r["ReportingPeriod"] for r in raw_rows})
    assert len(years) == 13
    indexed = profile.set_index(["period", "sex", "age", "substance_group", "measure", "category"])
    checked = 0
    for i, year in enumerate(years):
        in_year = [r for r in raw_rows if r["ReportingPeriod"] == year]
        row = in_year[(7 * i) % len(in_year)]
        sex, age = SEX[row["sex"].upper()], AGE[row["age_group"].upper()]
        group = GROUP[row["drug_group"]]
        for measure, columns in FAMILIES.items():
            for column, category in columns.items():
                loaded = indexed.loc[(year, sex, age, group, measure, category)]
                if row[column] == "NULL":
                    assert loaded["status"] == "not_collected" and pd.isna(loaded["count"])
                else:
                    assert loaded["status"] == "published"
                    assert loaded["count"] == float(row[column]), (year, column)
                checked += 1
    assert checked == 13 * 55


def test_labels_that_change_by_year_are_one_vocabulary(profile, raw_rows):
    """2021/22 spells the totals "TOTAL", earlier years "Total": both are Persons, 18+."""
    spelled = {(r["ReportingPeriod"], r["sex"]) for r in raw_rows if r["sex"].lower() == "total"}
    assert ("2021/22", "TOTAL") in spelled and ("2020/21", "Total") in spelled
    for year in ("2020/21", "2021/22"):
        (raw,) = [
            r
            for r in raw_rows
            if r["ReportingPeriod"] == year
            and r["sex"].lower() == r["age_group"].lower() == "total"
            and r["drug_group"] == "Total"
        ]
        persons = profile[
            (profile["period"] == year)
            & (profile["sex"] == "Persons")
            & (profile["age"] == "18+ yrs")
            & (profile["substance_group"] == "total")
            & (profile["measure"] == "exit_reason")
        ].set_index("category")["count"]
        assert persons["successful_completion"] == float(raw["exits_successfulcompletion_allintx"])
        assert persons["prison"] == float(raw["exits_prison_allintx"])


def test_fields_and_schema_agree():
    assert {(m, c) for m, c in FIELDS.values()} == {
        (m, c) for m, categories in PROFILE_CATEGORIES.items() for c in categories
    }
    assert {(m, c) for m, cols in FAMILIES.items() for c in cols.values()} == set(FIELDS.values())
    for measure, columns in FAMILIES.items():
        for column, category in columns.items():
            assert FIELDS[column] == (measure, category)


def test_spelling_variants_give_the_same_rows(barnet, profile, tmp_path):
    raw = _frame(barnet)
    raw.columns = [c.upper() if c.startswith(("eth_", "exits_")) else c for c in raw.columns]
    raw = raw.rename(columns={"waitsfirst_3to6weeks_newtx": " Waitsfirst_3to6weeks_NEWTX "})
    raw["sex"] = raw["sex"].map({"F": "Female", "M": "male", "Total": "Persons", "TOTAL": "TOTAL"})
    raw["age_group"] = raw["age_group"].str.upper().radd(" ")
    raw["drug_group"] = raw["drug_group"].str.upper().str.replace("OPIATE", "OPIATES")
    rows = load_viewit_profile(_write(raw, tmp_path / BARNET))
    pd.testing.assert_frame_equal(rows, profile)


def test_suppressed_cells_keep_their_status(barnet, tmp_path):
    raw = _frame(barnet)
    raw.loc[5, "exits_died_allintx"] = "*"
    raw.loc[6, "waitssub_over6weeks_newtx"] = " * "
    rows = load_viewit_profile(_write(raw, tmp_path / "starred.csv"))
    starred = rows[rows["status"] == "suppressed"]
    assert sorted(starred["category"]) == ["died", "over_6_weeks"]
    assert starred["count"].isna().all()
    assert set(starred["measure"]) == {"exit_reason", "wait_subsequent_intervention"}


def test_an_older_export_without_some_fields_gives_no_rows_for_them(barnet, profile, tmp_path):
    raw = _frame(barnet)
    dropped = [c for c in raw.columns if c.startswith(("waits", "eth_")) and c.endswith("_newtx")]
    rows = load_viewit_profile(_write(raw.drop(columns=dropped), tmp_path / "older.csv"))
    gone = {
        "wait_first_intervention",
        "wait_subsequent_intervention",
        "ethnicity_new_presentations",
    }
    assert set(profile["measure"]) - set(rows["measure"]) == gone
    kept = profile[~profile["measure"].isin(gone)].reset_index(drop=True)
    pd.testing.assert_frame_equal(rows.drop(columns="source"), kept.drop(columns="source"))


def test_an_area_code_column_is_used_when_present(barnet, tmp_path):
    raw = _frame(barnet)
    raw.insert(2, "AreaCode", "E09000003")
    rows = load_viewit_profile(_write(raw, tmp_path / "coded.csv"))
    assert rows["area_code"].eq("E09000003").all()


# Malformed exports: each names the file, the row where there is one, and the problem.
def _missing_key(raw: pd.DataFrame) -> pd.DataFrame:
    return raw.drop(columns="drug_group")


def _unknown_substance(raw: pd.DataFrame) -> pd.DataFrame:
    raw.loc[23, "drug_group"] = "Crack"
    return raw


def _text_in_count(raw: pd.DataFrame) -> pd.DataFrame:
    raw.loc[11, "referralsource_other_newtx"] = "n/a"
    return raw


def _thousands_separator(raw: pd.DataFrame) -> pd.DataFrame:
    raw.loc[11, "intreatment_allintx"] = "1,105"
    return raw


def _blank_count(raw: pd.DataFrame) -> pd.DataFrame:
    raw.loc[40, "exits_prison_allintx"] = ""
    return raw


def _unmapped_column(raw: pd.DataFrame) -> pd.DataFrame:
    return raw.assign(exits_abducted_allintx="0")


def _duplicate_slice(raw: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([raw, raw.iloc[[3]]], ignore_index=True)


def _unknown_sex(raw: pd.DataFrame) -> pd.DataFrame:
    raw.loc[2, "sex"] = "X"
    return raw


def _bad_period(raw: pd.DataFrame) -> pd.DataFrame:
    raw.loc[0, "ReportingPeriod"] = "2009-10"
    return raw


def _no_profile_fields(raw: pd.DataFrame) -> pd.DataFrame:
    return raw[["ReportingPeriod", "Area", "sex", "age_group", "drug_group"]]


MALFORMED = {
    "missing key column": (_missing_key, r"row 1: missing key column\(s\) \['drug_group'\]"),
    "unknown substance label": (_unknown_substance, r"row 25: column 'drug_group' .*'Crack'"),
    "text in a count": (
        _text_in_count,
        r"row 13: column 'referralsource_other_newtx' has 'n/a': expected a whole-number count",
    ),
    "thousands separator": (_thousands_separator, r"row 13: column 'intreatment_allintx'.*1,105"),
    "blank count": (_blank_count, r"row 42: column 'exits_prison_allintx' has ''"),
    "unmapped profile column": (_unmapped_column, r"row 1: column 'exits_abducted_allintx'"),
    "duplicate slice": (_duplicate_slice, r"row 782: duplicate key"),
    "unknown sex": (_unknown_sex, r"row 4: column 'sex' has unexpected value 'X'"),
    "period not a financial year": (_bad_period, r"row 2: .*'2009-10', not a financial year"),
    "no profile fields": (_no_profile_fields, r"no service-user fields"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_export_names_file_row_and_problem(case, barnet, tmp_path):
    damage, message = MALFORMED[case]
    path = _write(damage(_frame(barnet)), tmp_path / "broken.csv")
    with pytest.raises(SourceError, match=r"^broken\.csv(, row \d+)?: ") as raised:
        load_viewit_profile(path)
    assert re.search(message, str(raised.value)), str(raised.value)


def test_utf16_and_empty_files(barnet, tmp_path):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(barnet.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(SourceError, match=r"utf16\.csv: not valid utf-8-sig text.*UTF-16"):
        load_viewit_profile(utf16)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SourceError, match=r"empty\.csv: file is empty"):
        load_viewit_profile(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text(barnet.read_text(encoding="utf-8").splitlines()[0] + "\n")
    with pytest.raises(SourceError, match=r"header\.csv: file has a header but no data rows"):
        load_viewit_profile(header_only)


def _split(barnet: Path, folder: Path, first_years: set[str]) -> tuple[Path, Path]:
    raw = _frame(barnet)
    early = raw["ReportingPeriod"].isin(first_years)
    return (
        _write(raw[early], folder / "barnet_early.csv"),
        _write(raw[~early], folder / "barnet_late.csv"),
    )


def test_exports_of_different_years_combine(barnet, profile, tmp_path):
    early, late = _split(barnet, tmp_path, {"2009/10", "2010/11", "2011/12"})
    parts = [load_viewit_profile(p).assign(area_code="E09000003") for p in (early, late)]
    combined = combine_exports(parts)
    assert len(combined) == len(profile)
    assert combined.groupby("source")["period"].nunique().to_dict() == {
        "barnet_early.csv": 3,
        "barnet_late.csv": 10,
    }


def test_two_exports_with_the_same_area_and_year_stop(barnet, tmp_path):
    one = load_viewit_profile(barnet).assign(area_code="E09000003")
    other = _write(_frame(barnet).head(60), tmp_path / "again.csv")
    two = load_viewit_profile(other).assign(area_code="E09000003")
    with pytest.raises(SourceError, match=r"E09000003 2009/10 is also in .*barnet_only"):
        combine_exports([one, two])


def test_the_same_file_name_twice_is_still_an_overlap(barnet, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _write(_frame(barnet).head(60), tmp_path / "a" / "export.csv")
    second = _write(_frame(barnet).head(60), tmp_path / "b" / "export.csv")
    frames = [load_viewit_profile(p).assign(area_code="E09000003") for p in (first, second)]
    with pytest.raises(SourceError, match=r"^export\.csv: .*2009/10 is also in another file"):
        combine_exports(frames)


def test_no_exports_give_an_empty_table_of_the_right_shape():
    empty = combine_exports([])
    assert empty.empty and list(empty.columns) == [*TREATMENT_PROFILE.columns, "area_name"]
    assert dict(empty.dtypes.astype(str))["count"] == "float64"


def test_make_passes_each_viewit_file_to_the_build(repo):
    """VIEWIT="a b" becomes one --viewit per file, for make data and make data-check alike."""
    for target in ("data", "data-check"):
        shown = subprocess.run(
            ["make", "-n", target, "VIEWIT=a b.csv", "RAW=raw"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (line,) = [x for x in shown.splitlines() if "-m gmdata" in x]
        assert "--viewit a --viewit b.csv" in line, line


# The build: exports given to it fill treatment_profile; a malformed one writes nothing.
def test_committed_extracts_hold_no_profile_rows(data_dir):
    """The only export to hand is Barnet's sample, which is not GM: see README, Data."""
    committed = pd.read_parquet(data_dir / "treatment_profile.parquet")
    assert committed.empty and list(committed.columns) == list(TREATMENT_PROFILE.columns)
    manifest = json.loads((data_dir / "manifest.json").read_text())
    assert manifest["files"]["treatment_profile.parquet"]["rows"] == 0


def test_build_with_two_exports_fills_the_table(raw_dir, barnet, profile, tmp_path):
    early, late = _split(barnet, tmp_path, {"2009/10", "2010/11"})
    out = tmp_path / "data"
    args = ["--raw", str(raw_dir), "--out", str(out), "--viewit", str(early), "--viewit", str(late)]
    assert main(args) == 0
    table = pd.read_parquet(out / "treatment_profile.parquet")
    assert len(table) == len(profile) and table["area_code"].eq("E09000003").all()
    assert list(table.columns) == list(TREATMENT_PROFILE.columns)
    expected = profile.drop(columns=["area_name", "source"]).assign(area_code="E09000003")
    got = table.drop(columns="source").sort_values(list(TREATMENT_PROFILE.key))
    expected = expected[got.columns].sort_values(list(TREATMENT_PROFILE.key))
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
    )
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["files"]["treatment_profile.parquet"]
    assert entry["rows"] == len(profile) and entry["sources"] == [str(early), str(late)]


@pytest.mark.parametrize(
    "case", ["missing key column", "unknown substance label", "text in a count"]
)
def test_a_malformed_export_stops_the_build_and_writes_nothing(case, raw_dir, barnet, tmp_path):
    damage, message = MALFORMED[case]
    bad = _write(damage(_frame(barnet)), tmp_path / "broken.csv")
    out = tmp_path / "data"
    with pytest.raises(SourceError, match=message):
        build(raw_dir, out, viewit_files=[barnet, bad])
    assert not out.exists() and not list(tmp_path.glob(".data*"))


@pytest.mark.parametrize("kind", ["utf16", "empty", "overlap"])
def test_cli_reports_a_bad_export_without_writing(kind, raw_dir, barnet, tmp_path, capsys):
    bad = tmp_path / f"{kind}.csv"
    if kind == "utf16":
        bad.write_bytes(barnet.read_text(encoding="utf-8").encode("utf-16"))
    elif kind == "empty":
        bad.write_text("")
    else:
        _write(_frame(barnet).tail(60), bad)
    out = tmp_path / "data"
    args = ["--raw", str(raw_dir), "--out", str(out), "--viewit", str(barnet), "--viewit", str(bad)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"build stopped, nothing written: {kind}.csv" in err and "Traceback" not in err
    assert not out.exists()
