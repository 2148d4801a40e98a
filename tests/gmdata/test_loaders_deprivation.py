"""Deprivation loaders: published IoD figures from the real files, clear errors on bad copies."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import DEPRIVATION, GM_BOROUGHS, LSOA_DEPRIVATION
from gmdata.errors import SourceError
from gmdata.loaders.deprivation import (
    load_iod2019_districts,
    load_iod2019_lsoa,
    load_iod2025_districts,
)

IOD2019 = "iod2019_lad19_summaries_england.csv"
IOD2025 = "iod2025_lad24_summaries_england.csv"
DOMAINS = "iod2019_lsoa11_domains_ranks_deciles_england.csv.gz"
DENOMINATORS = "iod2019_lsoa11_population_denominators_mid2015_england.csv.gz"
IMD = "Index of Multiple Deprivation"
MANCHESTER = "E08000003"


@pytest.fixture(scope="module")
def demographics(raw_dir: Path) -> Path:
    return raw_dir / "demographics"


@pytest.fixture(scope="module")
def lsoa(demographics: Path) -> pd.DataFrame:
    return load_iod2019_lsoa(demographics / DOMAINS, demographics / DENOMINATORS)


def imd(frame: pd.DataFrame, area: str, measure: str) -> pd.Series:
    rows = frame[
        (frame["area_code"] == area) & (frame["domain"] == IMD) & (frame["measure"] == measure)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_iod2019_manchester(demographics: Path) -> None:
    iod = load_iod2019_districts(demographics / IOD2019)
    assert list(iod.columns) == list(DEPRIVATION.columns)
    assert imd(iod, MANCHESTER, "average_score")["value"] == pytest.approx(40.005)
    assert imd(iod, MANCHESTER, "average_score")["rank"] == 6
    assert imd(iod, MANCHESTER, "average_rank")["rank"] == 2
    assert round(imd(iod, MANCHESTER, "proportion_bottom_decile")["value"], 3) == 0.433
    assert imd(iod, "E08000009", "average_score")["rank"] == 191
    assert set(iod["rank_of"]) == {317} and set(iod["edition"]) == {2019}
    assert len(iod) == 317 * 10 * 3
    assert not iod.duplicated(list(DEPRIVATION.key)).any()


def test_iod2025_manchester(demographics: Path) -> None:
    iod = load_iod2025_districts(demographics / IOD2025)
    assert imd(iod, MANCHESTER, "average_score")["rank"] == 4
    assert set(iod["rank_of"]) == {296} and set(iod["edition"]) == {2025}
    assert "Income Deprivation" in set(iod["domain"])
    assert len(iod) == 296 * 10 * 3


def test_lsoa_counts_population_and_manchester_decile_share(lsoa: pd.DataFrame) -> None:
    assert list(lsoa.columns) == list(LSOA_DEPRIVATION.columns)
    assert lsoa["lsoa_code"].nunique() == 32_844
    assert lsoa["domain"].nunique() == 8 and IMD in set(lsoa["domain"])
    index = lsoa[lsoa["domain"] == IMD]
    gm = index[index["area_code"].isin(GM_BOROUGHS)]
    assert len(gm) == 1_673
    assert gm["population_2015"].sum() == 2_752_015
    manchester = index[index["area_code"] == MANCHESTER]
    assert round((manchester["decile"] == 1).mean(), 3) == 0.433
    assert index["rank"].min() == 1 and index["rank"].max() == 32_844


def rewrite(src: Path, dst: Path, edit: Callable[[list[str]], list[str]]) -> Path:
    """Copy a (possibly gzipped) CSV with its lines passed through `edit`."""
    opener = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8-sig") as f:
        lines = f.read().splitlines(keepends=True)
    with opener(dst, "wt", encoding="utf-8-sig") as f:
        f.write("".join(edit(lines)))
    return dst


def test_lsoa_missing_from_population_file(demographics: Path, tmp_path: Path) -> None:
    bad = rewrite(demographics / DENOMINATORS, tmp_path / DENOMINATORS, lambda ls: ls[:5] + ls[6:])
    with pytest.raises(
        SourceError, match=rf"{DOMAINS}, row 6: LSOA 'E01000006' is not in {DENOMINATORS}"
    ):
        load_iod2019_lsoa(demographics / DOMAINS, bad)


def test_lsoa_bad_decile_and_population(demographics: Path, tmp_path: Path) -> None:
    def decile_11(lines: list[str]) -> list[str]:
        lines[2] = lines[2].replace("30379,10,", "30379,11,", 1)
        return lines

    bad = rewrite(demographics / DOMAINS, tmp_path / DOMAINS, decile_11)
    with pytest.raises(
        SourceError, match=r"row 3: column 'Index of Multiple Deprivation \(IMD\) Decile"
    ):
        load_iod2019_lsoa(bad, demographics / DENOMINATORS)

    def unknown_marker(lines: list[str]) -> list[str]:
        lines[1] = lines[1].replace('"1,296"', "*", 1)
        return lines

    bad = rewrite(demographics / DENOMINATORS, tmp_path / DENOMINATORS, unknown_marker)
    with pytest.raises(
        SourceError, match=rf"{DENOMINATORS}, row 2: column 'Total population.*'\*'"
    ):
        load_iod2019_lsoa(demographics / DOMAINS, bad)


def test_district_summary_errors(demographics: Path, tmp_path: Path) -> None:
    def wrong_year(lines: list[str]) -> list[str]:
        lines[4] = lines[4].rstrip("\n").removesuffix("2019") + "2018\n"
        return lines

    bad = rewrite(demographics / IOD2019, tmp_path / IOD2019, wrong_year)
    with pytest.raises(SourceError, match=rf"{IOD2019}, row 5: column 'year' value '2018'"):
        load_iod2019_districts(bad)
    bad = rewrite(demographics / IOD2019, tmp_path / IOD2019, lambda ls: [*ls, ls[1]])
    with pytest.raises(SourceError, match=r"row 3172: duplicate key"):
        load_iod2019_districts(bad)
