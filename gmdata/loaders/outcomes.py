"""Outcome sources: SDG 3.5.1, alcohol dependence, ONS drug deaths, NDTMS England, Fingertips."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gmcore.schema import (
    ENGLAND,
    GREATER_MANCHESTER,
    REPORTED_FIGURES,
    SEXES,
    TREATMENT_DEMOGRAPHICS,
)
from gmdata.catalogue import FINGERTIPS_COMPLETIONS
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked, require_unique, to_number
from gmdata.loaders.fingertips import (
    blank_to_na,
    check_labels,
    check_unique,
    financial_start_years,
    indicator_rows,
    number,
    year_start,
)
from gmdata.loaders.viewit import normalise_label, substance_groups

ADULTS = "18+ yrs"
ALL_AGES = "All ages"
GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")


def load_sdg_alcohol_met_need(path: Path) -> pd.DataFrame:
    """Alcohol-dependent adults, adults in alcohol treatment and met need by upper-tier LA.

    Source: ONS UK SDG data platform, indicator 3.5.1 (alcohol), from NDTMS ViewIt, Fingertips
    93532 and the PHE / University of Sheffield prevalence estimates; Office for National
    Statistics, https://sdgdata.gov.uk/3-5-1/ (data/indicator_3-5-1.csv in ONSdigital/sdg-data).
    """
    path = Path(path)
    raw = read_csv_checked(
        path, ["Year", "Series", "Local Authority", "Deprivation decile", "GeoCode", "Value"]
    )
    raw["value"] = to_number(raw["Value"], path, "Value", missing=())
    name = raw["Local Authority"].str.strip()
    # England's deprivation-decile rows are a different breakdown, not areas.
    decile = raw["Deprivation decile"].str.strip() != ""
    # Pre-2019 areas that no longer exist (PROVENANCE): the two discontinued counties and the
    # combined Cornwall & Isles of Scilly, which has no code and cannot be split.
    gone = name.str.endswith("(Discontinued)") | (name == "Cornwall & Isles of Scilly")
    rows = raw[~decile & ~gone].copy()
    series = {
        "Alcohol - Estimated prevalence": "prevalence",
        "Alcohol - People in treatment": "treatment",
        "Alcohol - Met need": "met_need",
    }
    rows["series"] = rows["Series"].str.strip()
    check_labels(rows["series"], series, path, "Series")
    rows["series"] = rows["series"].map(series)
    rows["period"] = rows["Year"].str.strip()
    rows["start"] = financial_start_years(rows["period"], path, "Year")
    # England's rows have neither a name nor a code.
    england = name[rows.index] == ""
    rows["area_code"] = blank_to_na(rows["GeoCode"]).mask(england, ENGLAND)
    rows["area_name"] = name[rows.index].mask(england, "England")
    rows["area"] = rows["area_code"].fillna("name:" + rows["area_name"])
    key = ["area", "period"]

    # England 2015/16 lists two prevalence estimates (595,856 and 595,859). The first is the one
    # PHE published (the OHID estimates file gives England 2015/16 = 595,856), so keep the first.
    prevalence = rows[rows["series"] == "prevalence"]
    prevalence = prevalence[~prevalence.duplicated(key, keep="first")]
    published = rows[rows["series"] == "met_need"]
    lookup = rows[key].join(prevalence.set_index(key)["value"].rename("p"), on=key)["p"]

    # 2018/19 lists "People in treatment" twice per LA: the exact count behind Fingertips 93532
    # and the ViewIt count rounded to 5. The exact one is the row that reproduces the published
    # met need (100 * treatment / prevalence, to 1e-7 against ~0.01-2 for the rounded one); where
    # no met need is published, prefer the count that is not a multiple of 5.
    treatment = rows[rows["series"] == "treatment"].copy()
    first_need = published[~published.duplicated(key)].set_index(key)["value"]
    need = treatment.join(first_need.rename("m"), on=key)["m"]
    treatment["misfit"] = (100 * treatment["value"] / lookup[treatment.index] - need).abs()
    treatment["rounded"] = treatment["value"] % 5 == 0
    treatment = treatment.sort_values([*key, "misfit", "rounded"], na_position="last")
    dup = treatment[treatment.duplicated(key, keep=False)]
    tied = dup.duplicated([*key, "misfit", "rounded"], keep=False) & ~dup.duplicated(
        [*key, "value"], keep=False
    )
    if tied.any():
        label = dup.index[int(tied.to_numpy().argmax())]
        raise SourceError(
            path,
            "two 'People in treatment' values, neither identifiable as exact",
            row=file_row(label),
        )
    treatment = treatment[~treatment.duplicated(key, keep="first")].sort_index()

    # LA counts before 2018/19 come from ViewIt, rounded to 5; England's totals are exact.
    rounded = (treatment["period"] != "2018/19") & (treatment["area_code"] != ENGLAND)
    treatment["note"] = pd.Series(pd.NA, index=treatment.index, dtype="string").mask(
        rounded, "ViewIt count rounded to 5"
    )
    # England 2015/16 also has two met-need rows, one per prevalence: keep the one that matches
    # the kept prevalence and the treatment count.
    kept = treatment.set_index(key)[["value", "note"]].rename(columns={"value": "value_t"})
    published = published.join(kept, on=key)
    published["p"] = lookup[published.index]
    published["misfit"] = (published["value"] - 100 * published["value_t"] / published["p"]).abs()
    published = published.sort_values([*key, "misfit"], na_position="last")
    published = published[~published.duplicated(key, keep="first")].sort_index()

    def shaped(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "indicator_id": indicator,
                "area_code": frame["area_code"],
                "area_name": frame["area_name"],
                "period": frame["period"],
                "period_start": year_start(frame["start"], True),
                "period_type": "financial_year",
                "sex": "Persons",
                "age": ADULTS,
                "value": frame["value"],
            }
        )

    frames = [
        shaped(prevalence, "alcohol_dependent_adults").assign(count=prevalence["value"]),
        shaped(treatment, "alcohol_in_treatment").assign(
            count=treatment["value"], note=treatment["note"]
        ),
        shaped(published, "alcohol_met_need").assign(
            count=published["value_t"], denominator=published["p"], note=published["note"]
        ),
    ]
    return indicator_rows(pd.concat(frames), path)


def load_ohid_alcohol_dependent_estimates(path: Path) -> pd.DataFrame:
    """Estimated alcohol-dependent adults (18+) by upper-tier LA, 2010/11 to 2017/18, with 95% CIs.

    Source: PHE / University of Sheffield, "Alcohol dependence prevalence in England",
    https://www.gov.uk/government/publications/alcohol-dependence-prevalence-in-england
    (reformatted by ONS in ONSdigital/sdg_data_updates). CIs are published from 2015/16.
    """
    path = Path(path)
    value_columns = {
        "Alcohol_dependent": "value",
        "Alcohol_lower_CI": "lci95",
        "Alcohol_upper_CI": "uci95",
    }
    raw = read_csv_checked(path, ["Local_Authority", "Area_Code_GSS", *value_columns, "Year"])
    values = {
        new: to_number(raw[old], path, old, missing=() if new == "value" else ("NA",))
        for old, new in value_columns.items()
    }
    # "2010".."2014" are financial years 2010/11..2014/15: the source spreadsheet mislabels them.
    year = raw["Year"].str.strip()
    calendar = year.str.fullmatch(r"\d{4}")
    relabelled = year.where(
        ~calendar,
        year
        + "/"
        + (pd.to_numeric(year.where(calendar), errors="coerce") + 1)
        .mod(100)
        .astype("Int64")
        .astype("string")
        .str.zfill(2),
    )
    start = financial_start_years(relabelled, path, "Year")
    name = raw["Local_Authority"].str.strip()
    # "E0999" (Cornwall & Isles of Scilly, 2010-2014) is a placeholder, not a GSS code; the same
    # file codes that area E06000052 from 2015/16, so a placeholder takes its name's real code.
    code = blank_to_na(raw["Area_Code_GSS"])
    real = code.str.fullmatch(GSS_CODE.pattern).fillna(False).astype(bool)
    known = dict(zip(name[real], code[real], strict=True))
    code = code.where(real, name.map(known)).astype("string")
    out = pd.DataFrame(
        {
            "indicator_id": "alcohol_dependent_adults",
            "area_code": code,
            "area_name": name,
            "period": relabelled,
            "period_start": year_start(start, True),
            "period_type": "financial_year",
            "sex": "Persons",
            "age": ADULTS,
            "count": values["value"],
            "note": pd.Series("Modelled estimate", index=raw.index).mask(
                calendar, "Modelled estimate; source labels this year " + year
            ),
        }
        | values
    )
    return indicator_rows(out, path)


def _detect_encoding(path: Path) -> str:
    """UTF-8 if the bytes are valid UTF-8, else Windows-1252 (the encoding ONS used here)."""
    try:
        Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    except OSError:
        pass  # read_csv_checked reports a missing or unreadable file
    return "utf-8-sig"


# ONS geography prefixes: kept, and dropped with the reason.
DEATHS_KEEP = ("E92", "E12", "E10", "E06", "E07", "E08", "E09")
DEATHS_DROP = {
    "K04": "England and Wales",
    "W": "Wales and Welsh authorities",
    "E11": "metropolitan counties other than Greater Manchester",
    "E13": "Inner and Outer London",
}
GM_MET_COUNTY = "E11000001"


def load_drug_poisoning_deaths_by_la(path: Path) -> pd.DataFrame:
    """Deaths related to drug poisoning by English LA and registration year, 1993 to 2020.

    Source: Office for National Statistics, "Drug-related deaths by local authority, England and
    Wales", https://www.ons.gov.uk/peoplepopulationandcommunity/birthsdeathsandmarriages/deaths/datasets/drugmisusedeathsbylocalauthority
    (copy in danlewer/irid_trends). The file is Windows-1252 and names carry trailing spaces.
    """
    path = Path(path)
    raw = read_csv_checked(path, ["code", "name"], encoding=_detect_encoding(path))
    years = [c for c in raw.columns if re.fullmatch(r"(19|20)\d{2}", c)]
    if not years:
        raise SourceError(path, f"no year columns; found {list(raw.columns)[:12]}", row=1)
    raw["code"] = raw["code"].str.strip()
    require_unique(raw, ["code"], path)
    # Greater Manchester (Met County) covers the same ten boroughs as the Greater Manchester
    # Combined Authority, so its deaths are reported under the GMCA code the dashboard uses.
    gm = raw["code"] == GM_MET_COUNTY
    dropped = pd.Series(False, index=raw.index)
    for prefix in DEATHS_DROP:
        dropped |= raw["code"].str.startswith(prefix) & ~gm
    kept = raw["code"].str.startswith(DEATHS_KEEP) | gm
    unknown = (~kept & ~dropped).to_numpy()
    if unknown.any():
        pos = int(unknown.argmax())
        raise SourceError(
            path, f"unexpected geography code {raw['code'].iloc[pos]!r}", row=file_row(pos)
        )
    rows = raw[kept]
    counts = pd.DataFrame({y: number(rows, y, path, missing=()) for y in years})
    long = counts.melt(var_name="period", value_name="count", ignore_index=False)
    year = long["period"].astype("int64")
    out = pd.DataFrame(
        {
            "indicator_id": "drug_poisoning_deaths",
            "area_code": rows["code"].mask(gm[rows.index], GREATER_MANCHESTER)[long.index],
            "area_name": rows["name"].str.strip()[long.index],
            "period": long["period"],
            "period_start": year_start(year, False),
            "period_type": "calendar_year",
            "sex": "Persons",
            "age": ALL_AGES,
            "count": long["count"],
            "value": long["count"],
            "note": pd.Series(pd.NA, index=long.index, dtype="string").mask(
                (rows["code"] == GM_MET_COUNTY)[long.index],
                "ONS Greater Manchester (Met County), E11000001",
            ),
        }
    )
    return indicator_rows(out, path)


def load_england_drug_deaths(path: Path) -> pd.DataFrame:
    """England deaths related to drug poisoning and to drug misuse by registration year, 1993+.

    Source: Office for National Statistics, "Deaths related to drug poisoning in England and
    Wales" reference table, 2023 registrations, Table 1,
    https://www.ons.gov.uk/peoplepopulationandcommunity/birthsdeathsandmarriages/deaths/datasets/deathsrelatedtodrugpoisoningenglandandwalesreferencetable
    (extracted in sandyknight/mortality-and-substance-use).
    """
    path = Path(path)
    measures = {"all_drug_poisoning": "drug_poisoning_deaths", "drug_misuse": "drug_misuse_deaths"}
    raw = read_csv_checked(path, ["sex", "year", *measures])
    check_labels(raw["sex"].str.strip(), ["Persons"], path, "sex")
    year = to_number(raw["year"], path, "year", missing=())
    raw["year"] = year.astype("int64").astype("string")
    require_unique(raw, ["year"], path)
    frames = [
        pd.DataFrame(
            {
                "indicator_id": indicator,
                "area_code": ENGLAND,
                "area_name": "England",
                "period": raw["year"],
                "period_start": year_start(year, False),
                "period_type": "calendar_year",
                "sex": "Persons",
                "age": ALL_AGES,
                "count": to_number(raw[column], path, column, missing=()),
            }
        )
        for column, indicator in measures.items()
    ]
    out = pd.concat(frames)
    return indicator_rows(out.assign(value=out["count"]), path)


NDTMS_ETHNICITY = {
    "Num_InTreatment_AllInTx": "All",
    "Eth_White_AllInTx": "White",
    "Eth_Mixed_AllInTx": "Mixed",
    "Eth_Asian_AllInTx": "Asian",
    "Eth_Black_AllInTx": "Black",
    "Eth_Other_AllInTx": "Other",
}
NDTMS_SEXES = {"total": "Persons", "m": "Male", "f": "Female"}


def load_ndtms_england_in_treatment(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """England adults in treatment by substance, sex, age band and ethnicity, 2009/10 to 2021/22.

    Source: OHID NDTMS ViewIt, adults "All in treatment" -> "Numbers in treatment" ->
    "Ethnicity", https://www.ndtms.net/ViewIt/Adult (copy in ONSdigital/sdg_data_updates).
    Returns (indicator rows adults_in_treatment_<group>, TREATMENT_DEMOGRAPHICS rows).
    """
    path = Path(path)
    keys = ["ReportingPeriod_Data", "Area_Data", "DrugGroup_Data", "Gender_Data", "AgeGroup_Data"]
    raw = read_csv_checked(path, [*keys, *NDTMS_ETHNICITY])
    check_labels(raw["Area_Data"].str.strip(), ["England"], path, "Area_Data")
    # Labels switch to upper case in 2021/22 ("TOTAL", "OPIATES"): compare them lower-cased.
    sex_label = normalise_label(raw["Gender_Data"])
    check_labels(sex_label, NDTMS_SEXES, path, "Gender_Data", raw["Gender_Data"])
    age_label = normalise_label(raw["AgeGroup_Data"])
    adult_bands = age_label[age_label != "total"]
    check_labels(
        adult_bands, ["18-29", "30-49", "50+"], path, "AgeGroup_Data", raw["AgeGroup_Data"]
    )
    period = raw["ReportingPeriod_Data"].str.strip()
    start = year_start(financial_start_years(period, path, "ReportingPeriod_Data"), True)
    frame = pd.DataFrame(
        {
            "area_code": ENGLAND,
            "period": period,
            "substance_group": substance_groups(raw["DrugGroup_Data"], path, "DrugGroup_Data"),
            "sex": sex_label.map(NDTMS_SEXES),
            "age": age_label.mask(age_label == "total", "18+").astype("string") + " yrs",
        }
    )
    check_unique(frame, ["period", "substance_group", "sex", "age"], path)
    counts = pd.DataFrame(
        {eth: to_number(raw[col], path, col, missing=()) for col, eth in NDTMS_ETHNICITY.items()}
    )
    indicators = frame.assign(
        indicator_id="adults_in_treatment_" + frame["substance_group"],
        area_name="England",
        period_start=start,
        period_type="financial_year",
        count=counts["All"],
        value=counts["All"],
    )
    long = counts.melt(var_name="ethnicity", value_name="count", ignore_index=False)
    demographics = frame.loc[long.index].assign(
        ethnicity=long["ethnicity"].to_numpy(), count=long["count"].to_numpy()
    )
    demographics = (
        demographics[list(TREATMENT_DEMOGRAPHICS.columns)]
        .astype(TREATMENT_DEMOGRAPHICS.columns)
        .sort_values(list(TREATMENT_DEMOGRAPHICS.key))
        .reset_index(drop=True)
    )
    return indicator_rows(indicators, path), demographics


FINGERTIPS_NEXT = {
    93763: ("alcohol_related_mortality", "Calendar"),
    92904: ("alcohol_admissions_under18", "Financial"),
}
NEXT_KEEP = ("E92", "E12", "E47", "E06", "E07", "E08", "E09", "E10")
NEXT_DROP = ("E38", "E54", "E40")  # NHS sub-ICB locations, ICBs and NHS regions


def load_fingertips_next(healthdata_path: Path, indicators_path: Path) -> pd.DataFrame:
    """Alcohol-related mortality (93763) and under-18 alcohol admissions (92904) for NW areas.

    Source: OHID Fingertips API indicator data, https://fingertips.phe.org.uk/api, as extracted by
    DHSC's FingertipsNext proof-of-concept loader (dhsc-govuk/FingertipsNext healthdata.csv and
    indicators.csv). `Year` is the period's start year; 92904 is pooled over 3 financial years.
    """
    healthdata_path, indicators_path = Path(healthdata_path), Path(indicators_path)
    meta = read_csv_checked(indicators_path, ["IndicatorID", "PeriodType"])
    for number_id, (slug, period_type) in FINGERTIPS_NEXT.items():
        found = meta.loc[meta["IndicatorID"].str.strip() == str(number_id), "PeriodType"]
        if list(found.str.strip()) != [period_type]:
            raise SourceError(
                indicators_path,
                f"indicator {number_id} ({slug}) should have PeriodType "
                f"{period_type!r}; found {list(found)}",
            )

    path = healthdata_path
    raw = read_csv_checked(
        path,
        [
            "IndicatorId",
            "CategoryType",
            "Age",
            "Sex",
            "Denominator",
            "UpperCI",
            "Value",
            "Count",
            "AreaCode",
            "Year",
            "LowerCI",
        ],
    )
    fid = raw["IndicatorId"].str.strip()
    code = raw["AreaCode"].str.strip()
    wanted = fid.isin([str(k) for k in FINGERTIPS_NEXT])
    rows = raw[wanted & (raw["CategoryType"].str.strip() == "")]
    code = code[rows.index]
    # NHS geographies (ICBs, sub-ICBs, GP practices, PCNs) are not local-government areas.
    nhs = code.str.startswith(NEXT_DROP) | ~code.str.fullmatch(GSS_CODE.pattern)
    check_labels(code[~nhs].str[:3], NEXT_KEEP, path, "AreaCode")
    rows = rows[~nhs]
    code = code[~nhs]
    start = number(rows, "Year", path, missing=()).astype("int64")
    pooled = fid[rows.index] == "92904"
    year = start.astype("string")

    def yy(offset: int) -> pd.Series:
        return ((start + offset) % 100).astype("string").str.zfill(2)

    # Label pooled periods as Fingertips does: "2018/19 - 20/21".
    period = year.where(~pooled, year + "/" + yy(1) + " - " + yy(2) + "/" + yy(3))
    sex = rows["Sex"].str.strip()
    check_labels(sex, SEXES, path, "Sex")
    out = pd.DataFrame(
        {
            "indicator_id": fid[rows.index].map({str(k): v[0] for k, v in FINGERTIPS_NEXT.items()}),
            "area_code": code,
            "area_name": pd.NA,
            "period": period,
            "period_start": year_start(start, pooled),
            "period_type": pooled.map({True: "financial_year_3", False: "calendar_year"}),
            "sex": sex,
            "age": rows["Age"].str.strip(),
            "count": number(rows, "Count", path),
            "denominator": number(rows, "Denominator", path),
            "value": number(rows, "Value", path),
            "lci95": number(rows, "LowerCI", path),
            "uci95": number(rows, "UpperCI", path),
        }
    )
    return indicator_rows(out, path)


REPORTED_INDICATORS = {
    **{group: f"completions_{group}" for group in FINGERTIPS_COMPLETIONS},
    "alcohol_non_opiate": "completions_viewit_alcohol_non_opiate",
}


def load_reported_figures(path: Path) -> pd.DataFrame:
    """Completion percentages quoted on council web pages, each with its page and location.

    Source: public council pages copied by hand into completions_from_reports.csv (for example
    Oldham Health and Wellbeing Board minutes, https://committees.oldham.gov.uk/mgAi.aspx?ID=43228);
    the underlying figures are NDTMS / OHID data.
    """
    path = Path(path)
    raw = read_csv_checked(
        path,
        [
            "area_code",
            "indicator",
            "period",
            "value_percent",
            "count",
            "denominator",
            "source_url",
            "quote_location",
        ],
    )
    # The file's vocabulary (PROVENANCE section 13) mapped to catalogue indicators: the three
    # Fingertips groups to their calendar-year indicators; "alcohol_non_opiate" exists only as
    # the NDTMS ViewIt measure. "all_drugs" has no catalogue entry, so it is refused.
    label = raw["indicator"].str.strip()
    check_labels(label, REPORTED_INDICATORS, path, "indicator")
    indicator = label.map(REPORTED_INDICATORS)
    out = pd.DataFrame(
        {
            "area_code": raw["area_code"].str.strip(),
            "indicator_id": indicator,
            "period": blank_to_na(raw["period"]),
            "value": to_number(raw["value_percent"], path, "value_percent", missing=()),
            "count": to_number(raw["count"], path, "count"),
            "denominator": to_number(raw["denominator"], path, "denominator"),
            "source_url": blank_to_na(raw["source_url"]),
            "quote_location": blank_to_na(raw["quote_location"]),
        }
    )
    check_labels(
        out["area_code"].str.fullmatch(GSS_CODE.pattern).astype(str), ["True"], path, "area_code"
    )
    check_labels(out["source_url"].notna().astype(str), ["True"], path, "source_url")
    require_unique(out, list(REPORTED_FIGURES.key), path)
    return out.astype(REPORTED_FIGURES.columns).reset_index(drop=True)
