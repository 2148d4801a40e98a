"""NDTMS ViewIt local-authority export: successful completions and adults in treatment."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked
from gmdata.loaders.fingertips import (
    blank_to_na,
    check_unique,
    financial_start_years,
    indicator_rows,
    number,
    year_start,
)

KEYS = ["ReportingPeriod", "Area", "sex", "age_group", "drug_group"]
IN_TREATMENT = "intreatment_allintx"
COMPLETION_DENOMINATOR = "scnr_intreatment_allintx"
# The catalogue's (and PHOF C19's) numerator is completions that did not re-present within six
# months: `scnr_scrn`. `scnr_completion` counts every successful completion, re-presenters included
# (scnr_completion = scnr_representation + scnr_scrn, up to the rounding to 5).
COMPLETION_NUMERATOR = "scnr_scrn_allintx"
NOT_COLLECTED = ("NULL",)
ROUNDED_NOTE = "ViewIt counts rounded to 5"
CODE_COLUMNS = ("areacode", "area_code", "area code", "ons_code", "onscode", "code")

# Substance-group labels differ between exports and years ("Opiate", "opiates", "OPIATES",
# "Non-opiate & alcohol", "alcohol & non-opiates"), so they are matched as sets of words.
GROUP_WORDS = {
    frozenset({"total"}): "total",
    frozenset({"opiate"}): "opiate",
    frozenset({"non-opiate", "only"}): "non_opiate",
    frozenset({"alcohol", "only"}): "alcohol",
    frozenset({"alcohol", "non-opiate"}): "alcohol_non_opiate",
}


def normalise_label(values: pd.Series) -> pd.Series:
    """Lower case, single spaces, no surrounding blanks: "  TOTAL " -> "total"."""
    return values.astype("string").str.strip().str.lower().str.replace(r"\s+", " ", regex=True)


def substance_groups(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Map ViewIt drug-group labels to the catalogue's substance groups; unknown labels raise."""

    def words(label: str) -> frozenset[str]:
        text = re.sub(r"non[- ]opiate", "non-opiate", label.lower()).replace("&", " and ")
        return frozenset(re.sub(r"opiates\b", "opiate", w) for w in text.split() if w != "and")

    groups = values.map(lambda v: GROUP_WORDS.get(words(str(v))))
    bad = groups.isna().to_numpy()
    if bad.any():
        label = values.index[int(bad.argmax())]
        raise SourceError(
            path, f"column {column!r} has unknown drug group {values[label]!r}", row=file_row(label)
        )
    return groups.astype("string")


def load_viewit_la_export(path: Path) -> pd.DataFrame:
    """Completions (completions_viewit_<group>) and adults in treatment from a ViewIt LA export.

    Source: OHID National Drug Treatment Monitoring System (NDTMS) ViewIt, adult "all indicators
    for all local authorities" download, https://www.ndtms.net/ViewIt/Adult. Only the all-sex,
    all-age rows are used; counts are rounded to 5 by ViewIt and `NULL` marks fields not
    collected that year (such years give no completion row).
    """
    path = Path(path)
    raw = read_csv_checked(
        path, [*KEYS, IN_TREATMENT, COMPLETION_DENOMINATOR, COMPLETION_NUMERATOR]
    )
    labels = raw[KEYS].apply(normalise_label)
    rows = raw[(labels["sex"] == "total") & (labels["age_group"] == "total")].copy()
    if rows.empty:
        raise SourceError(path, "no rows with sex and age_group 'Total'")
    rows["group"] = substance_groups(rows["drug_group"], path, "drug_group")
    rows["period"] = rows["ReportingPeriod"].str.strip()
    rows["area_name"] = rows["Area"].str.strip()
    code_column = next((c for c in raw.columns if c.lower() in CODE_COLUMNS), None)
    rows["area_code"] = blank_to_na(rows[code_column]) if code_column else pd.NA
    check_unique(rows, ["period", "area_name", "group"], path)

    start = year_start(financial_start_years(rows["period"], path, "ReportingPeriod"), True)
    common = {
        "area_code": rows["area_code"],
        "area_name": rows["area_name"],
        "period": rows["period"],
        "period_start": start,
        "period_type": "financial_year",
        "sex": "Persons",
        "age": "18+ yrs",
        "note": ROUNDED_NOTE,
    }
    treated = number(rows, IN_TREATMENT, path, missing=NOT_COLLECTED)
    in_treatment = pd.DataFrame(
        common | {"indicator_id": "adults_in_treatment_" + rows["group"], "count": treated}
    )
    in_treatment["value"] = in_treatment["count"]

    numerator = number(rows, COMPLETION_NUMERATOR, path, missing=NOT_COLLECTED)
    denominator = number(rows, COMPLETION_DENOMINATOR, path, missing=NOT_COLLECTED)
    completions = pd.DataFrame(
        common
        | {
            "indicator_id": "completions_viewit_" + rows["group"],
            "count": numerator,
            "denominator": denominator,
            "value": 100 * numerator / denominator.where(denominator > 0),
        }
    )
    # ViewIt's financial-year completions are their own indicators, never the Fingertips
    # calendar-year series (gmdata.catalogue). There is no "total" completion indicator, and
    # not-collected years carry no completion data.
    collected = numerator.notna() | denominator.notna()
    completions = completions[(rows["group"] != "total") & collected]
    return indicator_rows(pd.concat([in_treatment.dropna(subset="count"), completions]), path)
