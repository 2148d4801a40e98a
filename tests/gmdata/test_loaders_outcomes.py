"""Outcome loaders on the real raw files, and their errors on malformed copies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import GM_BOROUGHS, REPORTED_FIGURES, TREATMENT_DEMOGRAPHICS
from gmdata.catalogue import BY_ID
from gmdata.errors import SourceError
from gmdata.io import read_csv_checked
from gmdata.loaders import outcomes
from gmdata.loaders.fingertips import INDICATOR_COLUMNS

SDG = "ons_sdg_3-5-1_alcohol_treatment_met_need_by_utla_2010-11_to_2018-19.csv"
OHID = "ohid_estimates_alcohol_dependent_adults_by_utla_2010_to_2017-18.csv"
LA_DEATHS = "ons_drug_poisoning_deaths_registrations_by_la_1993_to_2020.csv"
ENGLAND_DEATHS = "ons_england_drug_poisoning_and_drug_misuse_deaths_registrations_1993_to_2023.csv"
NDTMS = (
    "ndtms_viewit_england_adults_in_treatment_by_substance_sex_age_ethnicity_2009-10_to_2021-22.csv"
)
NEXT_DATA = "fingertips_next_poc_healthdata_incl_93763_92904.csv"
NEXT_INDICATORS = "fingertips_next_poc_indicators.csv"
REPORTS = "completions_from_reports.csv"


@pytest.fixture
def outcomes_dir(raw_dir: Path) -> Path:
    return raw_dir / "outcomes"


def _frame(path: Path, encoding: str = "utf-8-sig") -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def _one(rows: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=rows.index)
    for column, value in where.items():
        mask &= rows[column] == value
    assert mask.sum() == 1, where
    return rows[mask].iloc[0]


def _keys_unique(rows: pd.DataFrame) -> bool:
    area = rows["area_code"].fillna("name:" + rows["area_name"])
    keys = rows.assign(area_code=area)[["indicator_id", "area_code", "period", "sex", "age"]]
    return not keys.duplicated().any()


def test_sdg_met_need(outcomes_dir: Path) -> None:
    rows = outcomes.load_sdg_alcohol_met_need(outcomes_dir / SDG)
    assert list(rows.columns) == list(INDICATOR_COLUMNS) and _keys_unique(rows)
    assert rows["indicator_id"].value_counts().to_dict() == {
        "alcohol_dependent_adults": 1356,
        "alcohol_in_treatment": 1351,
        "alcohol_met_need": 1348,
    }
    names = set(rows["area_name"])
    assert not any(n.endswith("(Discontinued)") or n.startswith("Decile") for n in names)
    assert "Cornwall & Isles of Scilly" not in names
    assert (
        _one(rows, indicator_id="alcohol_in_treatment", area_name="Lancashire", period="2018/19")[
            "area_code"
        ]
        is pd.NA
    )  # shire counties carry no code: the build resolves the name

    # 2018/19: the exact count (912), not the ViewIt one rounded to 5 (910).
    manchester = _one(
        rows, indicator_id="alcohol_met_need", area_code="E08000003", period="2018/19"
    )
    assert (manchester["count"], manchester["denominator"]) == (912, 8403)
    assert manchester["value"] == pytest.approx(10.853267, abs=1e-6)
    bolton = _one(
        rows, indicator_id="alcohol_in_treatment", area_code="E08000001", period="2018/19"
    )
    assert bolton["count"] == 782 and pd.isna(bolton["note"])

    # England 2015/16: the prevalence PHE published (595,856) and its matching met need.
    england = _one(rows, indicator_id="alcohol_met_need", area_code="E92000001", period="2015/16")
    assert england["denominator"] == 595856
    assert england["value"] == pytest.approx(19.0015708493327)


def test_sdg_published_met_need_is_treatment_over_prevalence(outcomes_dir: Path) -> None:
    rows = outcomes.load_sdg_alcohol_met_need(outcomes_dir / SDG)
    need = rows[rows["indicator_id"] == "alcohol_met_need"].dropna(subset=["count", "denominator"])
    assert len(need) > 1300
    gm = need[need["area_code"].isin(list(GM_BOROUGHS)) & (need["period"] == "2018/19")]
    assert len(gm) == 10
    for frame in (gm, need):
        recomputed = 100 * frame["count"] / frame["denominator"]
        assert (recomputed - frame["value"]).abs().max() < 1e-6


def test_sdg_unresolvable_duplicate(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / SDG)
    treated = raw[(raw["GeoCode"] == "E08000003") & raw["Series"].str.contains("treatment")]
    twin = treated.iloc[[0]].assign(Value="1235.0")  # 2010/11 has one met need: 1230 fits it
    assert _frame(_write(pd.concat([raw, twin]), tmp_path / "sdg.csv")).shape[0] == len(raw) + 1
    ok = outcomes.load_sdg_alcohol_met_need(tmp_path / "sdg.csv")
    assert _one(ok, indicator_id="alcohol_in_treatment", area_code="E08000003", period="2010/11")[
        "count"
    ] == float(treated.iloc[0]["Value"])
    alone = raw[(raw["GeoCode"] == "E08000003") & (raw["Year"] == "2010/11")]
    alone = alone[alone["Series"].str.contains("treatment")]
    path = _write(pd.concat([alone, alone.assign(Value="1235.0")]), tmp_path / "alone.csv")
    with pytest.raises(SourceError, match=r"alone\.csv, row 2: two 'People in treatment'"):
        outcomes.load_sdg_alcohol_met_need(path)


def test_sdg_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / SDG)
    with pytest.raises(SourceError, match=r"cut\.csv, row 1: missing column.*'GeoCode'"):
        outcomes.load_sdg_alcohol_met_need(
            _write(raw.drop(columns="GeoCode"), tmp_path / "cut.csv")
        )
    bad = raw.copy()
    bad.loc[9, "Value"] = "c"
    with pytest.raises(SourceError, match=r"bad\.csv, row 11: column 'Value' .*'c'"):
        outcomes.load_sdg_alcohol_met_need(_write(bad, tmp_path / "bad.csv"))
    series = raw.copy()
    series.loc[0, "Series"] = "Drugs - Met need"
    with pytest.raises(SourceError, match=r"row 2: column 'Series' .*'Drugs - Met need'"):
        outcomes.load_sdg_alcohol_met_need(_write(series, tmp_path / "series.csv"))


def test_ohid_estimates(outcomes_dir: Path) -> None:
    rows = outcomes.load_ohid_alcohol_dependent_estimates(outcomes_dir / OHID)
    assert list(rows.columns) == list(INDICATOR_COLUMNS) and _keys_unique(rows)
    assert len(rows) == 1211
    assert set(rows["period"]) == {f"{y}/{(y + 1) % 100:02d}" for y in range(2010, 2018)}
    latest = _one(rows, area_code="E08000003", period="2017/18")
    assert (latest["value"], latest["lci95"], latest["uci95"]) == (8321, 6394, 11682)
    relabelled = _one(rows, area_code="E08000003", period="2010/11")
    assert relabelled["value"] == 9405 and pd.isna(relabelled["lci95"])
    assert relabelled["period_start"] == pd.Timestamp("2010-04-01")
    assert relabelled["note"].endswith("source labels this year 2010")
    cornwall = rows[rows["area_name"] == "Cornwall & Isles of Scilly"]
    assert set(cornwall["area_code"]) == {"E06000052"}  # the E0999 placeholder is replaced
    assert _one(rows, area_code="E92000001", period="2015/16")["value"] == 595856


def test_ohid_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / OHID)
    bad = raw.copy()
    bad.loc[2, "Alcohol_dependent"] = "NA"  # "NA" is only allowed for the CIs
    with pytest.raises(SourceError, match=r"bad\.csv, row 4: column 'Alcohol_dependent'"):
        outcomes.load_ohid_alcohol_dependent_estimates(_write(bad, tmp_path / "bad.csv"))
    year = raw.copy()
    year.loc[5, "Year"] = "2017-18"
    with pytest.raises(SourceError, match=r"year\.csv, row 7: column 'Year' has '2017-18'"):
        outcomes.load_ohid_alcohol_dependent_estimates(_write(year, tmp_path / "year.csv"))
    twice = pd.concat([raw, raw.iloc[[0]]])
    with pytest.raises(SourceError, match=r"twice\.csv, row 1213: duplicate key"):
        outcomes.load_ohid_alcohol_dependent_estimates(_write(twice, tmp_path / "twice.csv"))


def test_drug_poisoning_deaths_by_la(outcomes_dir: Path) -> None:
    rows = outcomes.load_drug_poisoning_deaths_by_la(outcomes_dir / LA_DEATHS)
    assert list(rows.columns) == list(INDICATOR_COLUMNS) and _keys_unique(rows)
    assert len(rows) == 344 * 28  # 344 English areas kept, 1993-2020
    assert _one(rows, area_code="E47000001", period="2020")["count"] == 245
    assert _one(rows, area_code="E92000001", period="2020")["value"] == 4312
    assert not rows["area_code"].str.match(r"K04|W|E11|E13").any()
    assert _one(rows, area_code="E07000146", period="2020")["area_name"] == (
        "King’s Lynn and West Norfolk"
    )
    oldham = _one(rows, area_code="E08000004", period="1993")
    assert oldham["area_name"] == "Oldham"  # trailing space stripped
    assert oldham["period_start"] == pd.Timestamp("1993-01-01")
    assert oldham["period_type"] == "calendar_year" and oldham["age"] == "All ages"


def test_drug_poisoning_deaths_encodings(outcomes_dir: Path, tmp_path: Path) -> None:
    path = outcomes_dir / LA_DEATHS
    with pytest.raises(SourceError, match="not valid utf-8"):  # the published file is cp1252
        read_csv_checked(path, ["code"], encoding="utf-8")
    resaved = tmp_path / "utf8.csv"
    resaved.write_text(path.read_bytes().decode("cp1252"), encoding="utf-8")
    pd.testing.assert_frame_equal(
        outcomes.load_drug_poisoning_deaths_by_la(resaved).drop(columns="source"),
        outcomes.load_drug_poisoning_deaths_by_la(path).drop(columns="source"),
    )
    broken = tmp_path / "broken.csv"
    broken.write_bytes(path.read_bytes().replace(b"\x92", b"\x81"))  # 0x81 is undefined in cp1252
    with pytest.raises(SourceError, match=r"broken\.csv: not valid cp1252"):
        outcomes.load_drug_poisoning_deaths_by_la(broken)


def test_drug_poisoning_deaths_as_utf16_or_empty(outcomes_dir: Path, tmp_path: Path) -> None:
    # The same file saved as UTF-16 (a spreadsheet's "Unicode text"), and an empty file.
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((outcomes_dir / LA_DEATHS).read_bytes().decode("cp1252").encode("utf-16"))
    with pytest.raises(SourceError, match=r"utf16\.csv: not valid cp1252 text: it contains NUL"):
        outcomes.load_drug_poisoning_deaths_by_la(utf16)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match=r"empty\.csv: file is empty"):
        outcomes.load_drug_poisoning_deaths_by_la(empty)


def test_drug_poisoning_deaths_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / LA_DEATHS, encoding="cp1252")
    bad = raw.copy()
    bad.loc[33, "2015"] = ":"  # Manchester
    with pytest.raises(SourceError, match=r"bad\.csv, row 35: column '2015' .*':'"):
        outcomes.load_drug_poisoning_deaths_by_la(_write(bad, tmp_path / "bad.csv"))
    scot = raw.copy()
    scot.loc[3, "code"] = "S12000033"
    with pytest.raises(SourceError, match=r"scot\.csv, row 5: unexpected geography code"):
        outcomes.load_drug_poisoning_deaths_by_la(_write(scot, tmp_path / "scot.csv"))
    with pytest.raises(SourceError, match=r"twice\.csv, row 377: duplicate key"):
        outcomes.load_drug_poisoning_deaths_by_la(
            _write(pd.concat([raw, raw.iloc[[33]]]), tmp_path / "twice.csv")
        )


def test_england_drug_deaths(outcomes_dir: Path) -> None:
    rows = outcomes.load_england_drug_deaths(outcomes_dir / ENGLAND_DEATHS)
    assert list(rows.columns) == list(INDICATOR_COLUMNS) and _keys_unique(rows)
    assert len(rows) == 2 * 31 and set(rows["area_code"]) == {"E92000001"}
    la = outcomes.load_drug_poisoning_deaths_by_la(outcomes_dir / LA_DEATHS)
    both = _one(rows, indicator_id="drug_poisoning_deaths", period="2020")["count"]
    assert both == _one(la, area_code="E92000001", period="2020")["count"] == 4312
    assert _one(rows, indicator_id="drug_misuse_deaths", period="2023")["value"] == 3353
    assert _one(rows, indicator_id="drug_poisoning_deaths", period="2023")["value"] == 5053


def test_england_drug_deaths_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / ENGLAND_DEATHS)
    bad = raw.copy()
    bad.loc[1, "drug_misuse"] = "x"
    with pytest.raises(SourceError, match=r"bad\.csv, row 3: column 'drug_misuse'"):
        outcomes.load_england_drug_deaths(_write(bad, tmp_path / "bad.csv"))
    with pytest.raises(SourceError, match=r"twice\.csv, row 33: duplicate key"):
        outcomes.load_england_drug_deaths(
            _write(pd.concat([raw, raw.iloc[[0]]]), tmp_path / "twice.csv")
        )


def test_ndtms_england_in_treatment(outcomes_dir: Path) -> None:
    rows, demographics = outcomes.load_ndtms_england_in_treatment(outcomes_dir / NDTMS)
    assert list(rows.columns) == list(INDICATOR_COLUMNS) and _keys_unique(rows)
    assert len(rows) == 780 and len(demographics) == 780 * 6
    total = rows[(rows["indicator_id"] == "adults_in_treatment_total") & (rows["sex"] == "Persons")]
    assert _one(total, period="2009/10", age="18+ yrs")["count"] == 311668
    assert _one(total, period="2021/22", age="18+ yrs")["count"] == 289215
    # 2021/22 labels are upper case; they land in the same groups as earlier years.
    latest = rows[rows["period"] == "2021/22"]
    assert latest.groupby("indicator_id").size().to_dict() == {
        f"adults_in_treatment_{g}": 12
        for g in ("alcohol", "alcohol_non_opiate", "non_opiate", "opiate", "total")
    }
    assert set(rows["age"]) == {"18+ yrs", "18-29 yrs", "30-49 yrs", "50+ yrs"}

    assert list(demographics.columns) == list(TREATMENT_DEMOGRAPHICS.columns)
    assert not demographics.duplicated(list(TREATMENT_DEMOGRAPHICS.key)).any()
    assert set(demographics["ethnicity"]) == {"All", "White", "Mixed", "Asian", "Black", "Other"}
    first = demographics[
        (demographics["period"] == "2009/10")
        & (demographics["substance_group"] == "total")
        & (demographics["sex"] == "Persons")
        & (demographics["age"] == "18+ yrs")
    ].set_index("ethnicity")["count"]
    assert first["All"] == 311668 and first["White"] == 272788 and first["Other"] == 2127


def test_ndtms_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / NDTMS)
    sex = raw.copy()
    sex.loc[6, "Gender_Data"] = "Unknown"
    with pytest.raises(SourceError, match=r"sex\.csv, row 8: column 'Gender_Data'.*'Unknown'"):
        outcomes.load_ndtms_england_in_treatment(_write(sex, tmp_path / "sex.csv"))
    # A lower-cased copy of row 2 is the same key once labels are normalised.
    twin = raw.iloc[[0]].assign(DrugGroup_Data="TOTAL", Gender_Data="total")
    with pytest.raises(SourceError, match=r"twin\.csv, row 782: duplicate key"):
        outcomes.load_ndtms_england_in_treatment(
            _write(pd.concat([raw, twin]), tmp_path / "twin.csv")
        )
    count = raw.copy()
    count.loc[0, "Eth_Black_AllInTx"] = "*"
    with pytest.raises(SourceError, match=r"count\.csv, row 2: column 'Eth_Black_AllInTx'"):
        outcomes.load_ndtms_england_in_treatment(_write(count, tmp_path / "count.csv"))


def test_fingertips_next(outcomes_dir: Path) -> None:
    rows = outcomes.load_fingertips_next(outcomes_dir / NEXT_DATA, outcomes_dir / NEXT_INDICATORS)
    assert list(rows.columns) == list(INDICATOR_COLUMNS) and _keys_unique(rows)
    assert len(rows) == 1110
    assert rows["area_code"].str[:3].isin(["E92", "E06", "E07", "E08", "E10"]).all()
    manchester = _one(
        rows,
        indicator_id="alcohol_related_mortality",
        area_code="E08000003",
        period="2023",
        sex="Persons",
    )
    assert round(manchester["value"], 1) == 56.9  # published: 56.9 per 100,000
    assert manchester["count"] == pytest.approx(207.3, abs=0.05)
    assert manchester["denominator"] == 579917
    assert manchester["lci95"] < manchester["value"] < manchester["uci95"]
    assert manchester["period_type"] == "calendar_year" and manchester["age"] == "All ages"
    under18 = rows[rows["indicator_id"] == "alcohol_admissions_under18"]
    assert set(under18["period"]) == {
        "2018/19 - 20/21",
        "2019/20 - 21/22",
        "2020/21 - 22/23",
        "2021/22 - 23/24",
    }
    assert set(under18["period_type"]) == {"financial_year_3"}
    first = _one(under18, area_code="E08000003", period="2018/19 - 20/21", sex="Persons")
    assert first["period_start"] == pd.Timestamp("2018-04-01") and first["count"] == 135
    # One England row per period and sex: the deprivation-decile rows are gone.
    england = rows[rows["area_code"] == "E92000001"]
    assert len(england) == 10 * 3


def test_fingertips_next_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    meta = _frame(outcomes_dir / NEXT_INDICATORS)
    meta.loc[meta["IndicatorID"] == "92904", "PeriodType"] = "Calendar"
    wrong = _write(meta, tmp_path / "indicators.csv")
    with pytest.raises(SourceError, match=r"indicators\.csv: indicator 92904 .*'Financial'"):
        outcomes.load_fingertips_next(outcomes_dir / NEXT_DATA, wrong)

    raw = _frame(outcomes_dir / NEXT_DATA)
    position = int(raw.index[(raw["IndicatorId"] == "93763") & (raw["CategoryType"] == "")][0])
    bad = raw.copy()
    bad.loc[position, "Value"] = "#N/A"
    with pytest.raises(SourceError, match=rf"data\.csv, row {position + 2}: column 'Value'"):
        outcomes.load_fingertips_next(
            _write(bad, tmp_path / "data.csv"), outcomes_dir / NEXT_INDICATORS
        )
    area = raw.copy()
    area.loc[position, "AreaCode"] = "E11000001"
    with pytest.raises(SourceError, match=rf"row {position + 2}: column 'AreaCode'.*'E11'"):
        outcomes.load_fingertips_next(
            _write(area, tmp_path / "area.csv"), outcomes_dir / NEXT_INDICATORS
        )


def test_reported_figures(outcomes_dir: Path) -> None:
    rows = outcomes.load_reported_figures(outcomes_dir / REPORTS)
    assert list(rows.columns) == list(REPORTED_FIGURES.columns)
    (row,) = rows.itertuples()
    assert (row.area_code, row.indicator_id, row.value) == (
        "E08000004",
        "completions_non_opiate",
        37.2,
    )
    assert pd.isna(row.period) and pd.isna(row.count)
    assert row.source_url == "https://committees.oldham.gov.uk/mgAi.aspx?ID=43228"


def test_reported_figures_name_catalogue_indicators(outcomes_dir: Path, tmp_path: Path) -> None:
    """The file's groups (PROVENANCE 13) map to catalogue ids: the three Fingertips series and,
    for the group Fingertips has no indicator for, the ViewIt measure."""
    raw = _frame(outcomes_dir / REPORTS)
    groups = ["opiate", "non_opiate", "alcohol", "alcohol_non_opiate"]
    many = pd.concat([raw.assign(indicator=g) for g in groups], ignore_index=True)
    rows = outcomes.load_reported_figures(_write(many, tmp_path / "groups.csv"))
    assert sorted(rows["indicator_id"]) == [
        "completions_alcohol",
        "completions_non_opiate",
        "completions_opiate",
        "completions_viewit_alcohol_non_opiate",
    ]
    assert set(rows["indicator_id"]) <= set(BY_ID)


def test_reported_figures_malformed(outcomes_dir: Path, tmp_path: Path) -> None:
    raw = _frame(outcomes_dir / REPORTS)
    with pytest.raises(SourceError, match=r"all\.csv, row 2: column 'indicator'.*all_drugs"):
        outcomes.load_reported_figures(
            _write(raw.assign(indicator="all_drugs"), tmp_path / "all.csv")
        )
    with pytest.raises(SourceError, match=r"pct\.csv, row 2: column 'value_percent'.*'37.2%'"):
        outcomes.load_reported_figures(
            _write(raw.assign(value_percent="37.2%"), tmp_path / "pct.csv")
        )
    with pytest.raises(SourceError, match=r"twice\.csv, row 3: duplicate key"):
        outcomes.load_reported_figures(_write(pd.concat([raw, raw]), tmp_path / "twice.csv"))
