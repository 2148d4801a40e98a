"""ViewIt local-authority export loader, on the real Barnet sample and malformed copies of it."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from gmdata.errors import SourceError
from gmdata.loaders.fingertips import INDICATOR_COLUMNS
from gmdata.loaders.viewit import load_viewit_la_export

BARNET = "ndtms_viewit_la_export_SAMPLE_barnet_only_2009-10_to_2021-22.csv"


@pytest.fixture
def barnet(raw_dir: Path) -> Path:
    return raw_dir / "outcomes" / BARNET


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def _source_row(path: Path, period: str, group: str) -> dict[str, str]:
    """The all-sex, all-age row of the raw file, read with the csv module, not the loader."""
    with path.open(newline="") as f:
        (row,) = [
            r
            for r in csv.DictReader(f)
            if r["ReportingPeriod"] == period
            and r["drug_group"] == group
            and r["sex"].lower() == r["age_group"].lower() == "total"
        ]
    return row


def _value(rows: pd.DataFrame, indicator: str, period: str) -> pd.Series:
    (row,) = rows[(rows["indicator_id"] == indicator) & (rows["period"] == period)].itertuples()
    return pd.Series(row._asdict())


def test_barnet_completions_and_numbers(barnet: Path) -> None:
    rows = load_viewit_la_export(barnet)
    assert list(rows.columns) == list(INDICATOR_COLUMNS)
    # 13 years x 5 in-treatment groups + 12 collected years x 4 completion groups.
    assert len(rows) == 13 * 5 + 12 * 4
    assert rows["area_name"].eq("Barnet").all() and rows["area_code"].isna().all()
    assert set(rows[["sex", "age", "period_type"]].itertuples(index=False)) == {
        ("Persons", "18+ yrs", "financial_year")
    }

    source = _source_row(barnet, "2019/20", "Opiate")
    opiate = _value(rows, "completions_viewit_opiate", "2019/20")
    assert opiate["count"] == float(source["scnr_scrn_allintx"]) == 30
    assert opiate["denominator"] == float(source["scnr_intreatment_allintx"]) == 525
    assert opiate["value"] == pytest.approx(100 * 30 / 525)
    assert opiate["note"] == "ViewIt counts rounded to 5"

    mixed = _source_row(barnet, "2018/19", "Non-opiate & alcohol")
    both = _value(rows, "completions_viewit_alcohol_non_opiate", "2018/19")
    assert both["value"] == pytest.approx(
        100 * float(mixed["scnr_scrn_allintx"]) / float(mixed["scnr_intreatment_allintx"])
    )
    # 2021/22 completion fields are NULL (not collected): numbers in treatment only.
    assert _value(rows, "adults_in_treatment_total", "2021/22")["count"] == 1465
    assert rows[rows["period"] == "2021/22"]["indicator_id"].str.startswith("adults").all()
    assert _value(rows, "adults_in_treatment_total", "2009/10")["period_start"] == pd.Timestamp(
        "2009-04-01"
    )


def test_labels_vary_in_case_and_spacing(barnet: Path, tmp_path: Path) -> None:
    raw = _frame(barnet)
    raw["sex"] = raw["sex"].str.upper().radd(" ")
    raw["age_group"] = raw["age_group"].str.upper()
    raw["drug_group"] = raw["drug_group"].str.upper().str.replace(" & ", "  &  ")
    rows = load_viewit_la_export(_write(raw, tmp_path / "shouting.csv"))
    expected = load_viewit_la_export(barnet)
    pd.testing.assert_frame_equal(rows.drop(columns="source"), expected.drop(columns="source"))


def test_zero_denominator_gives_no_value(barnet: Path, tmp_path: Path) -> None:
    raw = _frame(barnet)
    total = (raw["sex"] == "Total") & (raw["age_group"] == "Total")
    raw.loc[total & (raw["drug_group"] == "Opiate"), "scnr_intreatment_allintx"] = "0"
    rows = load_viewit_la_export(_write(raw, tmp_path / "zero.csv"))
    assert rows[rows["indicator_id"] == "completions_viewit_opiate"]["value"].isna().all()


def test_missing_column(barnet: Path, tmp_path: Path) -> None:
    path = _write(_frame(barnet).drop(columns="scnr_scrn_allintx"), tmp_path / "cut.csv")
    with pytest.raises(SourceError, match=r"cut\.csv, row 1: missing column.*scnr_scrn_allintx"):
        load_viewit_la_export(path)


def test_non_numeric_count_names_its_row(barnet: Path, tmp_path: Path) -> None:
    raw = _frame(barnet)
    raw.loc[11, "intreatment_allintx"] = "1,105"  # row 11 is 2009/10 Total/Total/Total
    path = _write(raw, tmp_path / "comma.csv")
    with pytest.raises(SourceError, match=r"comma\.csv, row 13: .*'intreatment_allintx'.*'1,105'"):
        load_viewit_la_export(path)


def test_unknown_drug_group(barnet: Path, tmp_path: Path) -> None:
    raw = _frame(barnet)
    raw.loc[23, "drug_group"] = "Crack"
    with pytest.raises(SourceError, match=r"row 25: column 'drug_group' .*'Crack'"):
        load_viewit_la_export(_write(raw, tmp_path / "crack.csv"))


def test_duplicate_key(barnet: Path, tmp_path: Path) -> None:
    raw = _frame(barnet)
    path = _write(pd.concat([raw, raw.iloc[[11]]]), tmp_path / "twice.csv")
    with pytest.raises(SourceError, match=r"twice\.csv, row 782: duplicate key"):
        load_viewit_la_export(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("\n\n")
    with pytest.raises(SourceError, match=r"blank\.csv: file is empty"):
        load_viewit_la_export(path)
