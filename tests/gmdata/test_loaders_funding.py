"""Funding loader: sourced figures from the real file, gaps kept, clear errors on bad copies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import ENGLAND, FUNDING, GM_BOROUGHS, GREATER_MANCHESTER
from gmdata.errors import SourceError
from gmdata.loaders.funding import load_funding

FUNDING_FILE = "funding_allocations.csv"


@pytest.fixture(scope="module")
def source(raw_dir: Path) -> Path:
    return raw_dir / "funding" / FUNDING_FILE


@pytest.fixture(scope="module")
def funding(source: Path) -> pd.DataFrame:
    return load_funding(source)


def rows(frame: pd.DataFrame, area: str, year: str, grant: str) -> pd.DataFrame:
    return frame[
        (frame["area_code"] == area) & (frame["financial_year"] == year) & (frame["grant"] == grant)
    ]


def edit_line(source: Path, dst: Path, line: int, old: str, new: str) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


def test_contract_and_row_count(funding: pd.DataFrame) -> None:
    assert list(funding.columns) == [*FUNDING.columns, "area_name"]
    assert len(funding) == 61
    assert not funding.duplicated(list(FUNDING.key)).any()
    assert (funding["year_start"] == funding["financial_year"].str[:4].astype(int)).all()
    assert funding[list(FUNDING.not_null)].notna().all().all()


def test_sourced_figures_and_gaps(funding: pd.DataFrame) -> None:
    assert rows(funding, "E08000010", "2021/22", "inpatient_detox")["amount_gbp"].tolist() == [
        74_000
    ]
    assert rows(funding, GREATER_MANCHESTER, "2021/22", "inpatient_detox")[
        "amount_gbp"
    ].tolist() == [650_000]
    phg_2015 = funding[
        (funding["financial_year"] == "2015/16") & (funding["grant"] == "public_health_grant")
    ]
    assert set(phg_2015["area_code"]) - {ENGLAND} == set(GM_BOROUGHS)
    assert len(phg_2015[phg_2015["area_code"].isin(GM_BOROUGHS)]) == 10
    # A real gap: no England public health grant figure for 2019/20 was found, so no row.
    assert rows(funding, ENGLAND, "2019/20", "public_health_grant").empty
    assert set(rows(funding, ENGLAND, "2024/25", "public_health_grant")["status"]) == {
        "final",
        "indicative",
    }
    cut = rows(funding, "E08000010", "2015/16", "phg_in_year_reduction_2015_16")
    assert cut["amount_gbp"].tolist() == [1_635_661]  # the size of the cut, recorded positive


def test_bad_financial_year(source: Path, tmp_path: Path) -> None:
    bad = edit_line(source, tmp_path / FUNDING_FILE, 3, "2014/15", "2014-15")
    with pytest.raises(
        SourceError, match=rf"{FUNDING_FILE}, row 3: column 'financial_year'.*2014-15"
    ):
        load_funding(bad)
    bad = edit_line(source, tmp_path / FUNDING_FILE, 3, "2014/15", "2014/16")
    with pytest.raises(SourceError, match=r"row 3: .*not consecutive"):
        load_funding(bad)


def test_unknown_status(source: Path, tmp_path: Path) -> None:
    bad = edit_line(source, tmp_path / FUNDING_FILE, 4, ",final,", ",provisional,")
    with pytest.raises(SourceError, match=r"row 4: column 'status' value 'provisional'"):
        load_funding(bad)


def test_bad_amounts(source: Path, tmp_path: Path) -> None:
    bad = edit_line(source, tmp_path / FUNDING_FILE, 2, ",2660000000,", ",£2.66bn,")
    with pytest.raises(SourceError, match=r"row 2: column 'amount_gbp' has non-numeric value"):
        load_funding(bad)
    bad = edit_line(source, tmp_path / FUNDING_FILE, 2, ",2660000000,", ",-2660000000,")
    with pytest.raises(
        SourceError, match=r"row 2: column 'amount_gbp' value '-2660000000': negative"
    ):
        load_funding(bad)


def test_duplicate_key_and_blank_source(source: Path, tmp_path: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / FUNDING_FILE).write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with pytest.raises(SourceError, match=rf"row {len(lines) + 1}: duplicate key"):
        load_funding(tmp_path / FUNDING_FILE)
    bad = edit_line(
        source, tmp_path / FUNDING_FILE, 2, "https://oneeastmidlands.org.uk/node/2402", ""
    )
    with pytest.raises(SourceError, match=r"row 2: column 'source_url' value '': blank"):
        load_funding(bad)
