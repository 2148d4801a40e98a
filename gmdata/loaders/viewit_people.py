"""NDTMS ViewIt LA export: who is in treatment, how they arrive, how long they wait, how they leave."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from gmcore.schema import TREATMENT_PROFILE
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked
from gmdata.loaders.fingertips import (
    blank_to_na,
    check_labels,
    check_unique,
    financial_start_years,
    year_start,
)
from gmdata.loaders.viewit import CODE_COLUMNS, KEYS, normalise_label, substance_groups

# Every export column this loader reads, by name (lower case), and the (measure, category) it
# holds. `_allintx` columns count everyone in treatment in the year, `_newtx` columns the year's
# new presentations. Columns are never taken by position: exports differ in which they carry.
FIELDS: dict[str, tuple[str, str]] = {
    "intreatment_allintx": ("in_treatment", "all"),
    "newpresentation_newtx": ("new_presentations", "all"),
    "eth_white_allintx": ("ethnicity_in_treatment", "white"),
    "eth_mixed_allintx": ("ethnicity_in_treatment", "mixed"),
    "eth_asian_allintx": ("ethnicity_in_treatment", "asian"),
    "eth_black_allintx": ("ethnicity_in_treatment", "black"),
    "eth_other_allintx": ("ethnicity_in_treatment", "other"),
    "eth_white_newtx": ("ethnicity_new_presentations", "white"),
    "eth_mixed_newtx": ("ethnicity_new_presentations", "mixed"),
    "eth_asian_newtx": ("ethnicity_new_presentations", "asian"),
    "eth_black_newtx": ("ethnicity_new_presentations", "black"),
    "eth_other_newtx": ("ethnicity_new_presentations", "other"),
    "referralsource_criminal_justice_newtx": ("referral_source", "criminal_justice"),
    "referralsource_health_services_social_care_newtx": ("referral_source", "health_social_care"),
    "referralsource_missing_newtx": ("referral_source", "missing"),
    "referralsource_other_newtx": ("referral_source", "other"),
    "referralsource_self_family_friends_newtx": ("referral_source", "self_family_friends"),
    "referralsource_substance_misuse_service_newtx": (
        "referral_source",
        "substance_misuse_service",
    ),
    "housingsituation_urgentproblem_newtx": ("housing_at_start", "urgent_problem"),
    "housingsituation_housingproblem_newtx": ("housing_at_start", "housing_problem"),
    "housingsituation_noproblem_newtx": ("housing_at_start", "no_problem"),
    "housingsituation_other_newtx": ("housing_at_start", "other"),
    "housingsituation_notstatedormissing_newtx": ("housing_at_start", "not_stated"),
    "waitsfirst_3weeksandunder_newtx": ("wait_first_intervention", "under_3_weeks"),
    "waitsfirst_3to6weeks_newtx": ("wait_first_intervention", "3_to_6_weeks"),
    "waitsfirst_over6weeks_newtx": ("wait_first_intervention", "over_6_weeks"),
    "waitssub_3weeksandunder_newtx": ("wait_subsequent_intervention", "under_3_weeks"),
    "waitssub_3to6weeks_newtx": ("wait_subsequent_intervention", "3_to_6_weeks"),
    "waitssub_over6weeks_newtx": ("wait_subsequent_intervention", "over_6_weeks"),
    "exits_successfulcompletion_allintx": ("exit_reason", "successful_completion"),
    "exits_died_allintx": ("exit_reason", "died"),
    "exits_droppedout_allintx": ("exit_reason", "dropped_out"),
    "exits_movedaway_allintx": ("exit_reason", "moved_away"),
    "exits_noappropriatetreatment_allintx": ("exit_reason", "no_appropriate_treatment"),
    "exits_notknown_allintx": ("exit_reason", "not_known"),
    "exits_other_allintx": ("exit_reason", "other"),
    "exits_prison_allintx": ("exit_reason", "prison"),
    "exits_transferrednotincustody_allintx": ("exit_reason", "transferred_not_in_custody"),
    "exits_transferredincustody_allintx": ("exit_reason", "transferred_in_custody"),
    "exits_referredon_allintx": ("exit_reason", "referred_on"),
    "exits_treatmentdeclined_allintx": ("exit_reason", "treatment_declined"),
    "exits_treatmentwithdrawn_allintx": ("exit_reason", "treatment_withdrawn"),
    "exits_inconsistent_allintx": ("exit_reason", "inconsistent"),
    "safeguarding_parentlivingwithchildren_allintx": (
        "parental_status_in_treatment",
        "parent_living_with_children",
    ),
    "safeguarding_othercontactlivingwithchildren_allintx": (
        "parental_status_in_treatment",
        "other_living_with_children",
    ),
    "safeguarding_parentsnotwithchildren_allintx": (
        "parental_status_in_treatment",
        "parent_not_living_with_children",
    ),
    "safeguarding_notparentnocontactwithchildren_allintx": (
        "parental_status_in_treatment",
        "not_parent_no_children",
    ),
    "safeguarding_livingwithincompletedata_allintx": (
        "parental_status_in_treatment",
        "incomplete_data",
    ),
    "safeguarding_num_of_children_allintx": ("children_living_with_in_treatment", "all"),
    "safeguarding_parentlivingwithchildren_newtx": (
        "parental_status_new_presentations",
        "parent_living_with_children",
    ),
    "safeguarding_othercontactlivingwithchildren_newtx": (
        "parental_status_new_presentations",
        "other_living_with_children",
    ),
    "safeguarding_parentsnotwithchildren_newtx": (
        "parental_status_new_presentations",
        "parent_not_living_with_children",
    ),
    "safeguarding_notparentnocontactwithchildren_newtx": (
        "parental_status_new_presentations",
        "not_parent_no_children",
    ),
    "safeguarding_livingwithincompletedata_newtx": (
        "parental_status_new_presentations",
        "incomplete_data",
    ),
    "safeguarding_num_of_children_newtx": ("children_living_with_new_presentations", "all"),
}
# A column that starts like one of these families but is not in FIELDS would silently drop a
# category and skew every share beside it, so it stops the build until the mapping names it.
FAMILY_PREFIXES = (
    "eth_",
    "referralsource_",
    "housingsituation_",
    "waitsfirst_",
    "waitssub_",
    "exits_",
    "safeguarding_",
)
SUPPRESSED = "*"
NOT_COLLECTED = "NULL"
COUNT = re.compile(r"^\d+$")
# Sex and age labels change case between years ("Total" to 2020/21, "TOTAL" in 2021/22).
SEX_LABELS = {
    "f": "Female",
    "female": "Female",
    "m": "Male",
    "male": "Male",
    "total": "Persons",
    "persons": "Persons",
}
AGE_LABELS = {"18-29": "18-29 yrs", "30-49": "30-49 yrs", "50+": "50+ yrs", "total": "18+ yrs"}
SLICE = ["period", "area", "sex", "age", "substance_group"]
# What the loader returns: the table's columns plus the export's area name, which the build
# resolves to a code (the Barnet sample, like ViewIt's own download, carries names only).
COLUMNS = {**TREATMENT_PROFILE.columns, "area_name": "string"}


def _column_name(name: str) -> str:
    """Export column names compared in lower case with blanks as underscores."""
    return re.sub(r"\s+", "_", name.strip().lower())


def _columns_by_name(raw: pd.DataFrame, path: Path) -> dict[str, str]:
    """{normalised name: column as written}; two columns with the same normalised name raise."""
    names: dict[str, str] = {}
    for column in raw.columns:
        name = _column_name(str(column))
        if name in names:
            raise SourceError(
                path, f"columns {names[name]!r} and {column!r} are the same field", row=1
            )
        names[name] = str(column)
    return names


def _counts(text: pd.Series, path: Path, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(counts, statuses) of one field: a whole number, `*` (suppressed) or `NULL` (not collected)."""
    cells = text.astype("string").str.strip().fillna("")
    suppressed = (cells == SUPPRESSED).to_numpy()
    not_collected = (cells.str.upper() == NOT_COLLECTED).to_numpy()
    numeric = cells.str.fullmatch(COUNT).fillna(False).to_numpy(dtype=bool)
    bad = ~(numeric | suppressed | not_collected)
    if bad.any():
        position = int(bad.argmax())
        raise SourceError(
            path,
            f"column {column!r} has {text.iloc[position]!r}: expected a whole-number count, "
            f"{SUPPRESSED!r} (suppressed) or {NOT_COLLECTED!r} (not collected)",
            row=file_row(position),
        )
    counts = pd.to_numeric(cells.where(numeric), errors="coerce").to_numpy(dtype="float64")
    status = np.where(
        numeric, "published", np.where(suppressed, "suppressed", "not_collected")
    ).astype(object)
    return counts, status


def load_viewit_profile(path: Path) -> pd.DataFrame:
    """The service-user fields of an NDTMS ViewIt LA export, one row per slice x measure x category.

    Source: OHID National Drug Treatment Monitoring System (NDTMS) ViewIt, adult "all indicators
    for all local authorities" download, https://www.ndtms.net/ViewIt/Adult. Counts are kept as
    published (NDTMS rounds them to 5); `*` becomes status "suppressed" and `NULL` (a field not
    collected that year) "not_collected", both with no count. A field the export does not carry
    gives no rows; a column that looks like a profile field but is not in FIELDS raises.
    """
    path = Path(path)
    raw = read_csv_checked(path, [])
    names = _columns_by_name(raw, path)
    missing = [k for k in KEYS if _column_name(k) not in names]
    if missing:
        raise SourceError(
            path,
            f"missing key column(s) {missing}; found {list(raw.columns)[:12]}",
            row=1,
        )
    unmapped = [
        column
        for name, column in names.items()
        if name.startswith(FAMILY_PREFIXES) and name not in FIELDS
    ]
    if unmapped:
        raise SourceError(
            path,
            f"column {unmapped[0]!r} looks like a service-user field but is not in "
            "gmdata/loaders/viewit_people.py FIELDS: add it there rather than lose a category",
            row=1,
        )
    fields = [(names[name], *FIELDS[name]) for name in FIELDS if name in names]
    if not fields:
        raise SourceError(path, "no service-user fields (intreatment_allintx, eth_*, exits_* …)")

    key = {k: raw[names[_column_name(k)]] for k in KEYS}
    period = key["ReportingPeriod"].astype("string").str.strip()
    start = year_start(financial_start_years(period, path, "ReportingPeriod"), True)
    area = blank_to_na(key["Area"])
    if area.isna().any():
        raise SourceError(path, "column 'Area' is blank", row=file_row(int(area.isna().argmax())))
    sex = normalise_label(key["sex"])
    check_labels(sex, SEX_LABELS, path, "sex", key["sex"])
    age = normalise_label(key["age_group"])
    check_labels(age, AGE_LABELS, path, "age_group", key["age_group"])
    code_column = next((names[n] for n in names if n in CODE_COLUMNS), None)
    slices = pd.DataFrame(
        {
            "period": period,
            "period_start": start,
            "area": area,
            "area_code": blank_to_na(raw[code_column]) if code_column else pd.NA,
            "sex": sex.map(SEX_LABELS),
            "age": age.map(AGE_LABELS),
            "substance_group": substance_groups(key["drug_group"], path, "drug_group"),
        }
    )
    check_unique(slices, SLICE, path)

    parsed = [_counts(raw[column], path, column) for column, _, _ in fields]
    n_rows, n_fields = len(slices), len(fields)
    long = slices.loc[np.repeat(slices.index.to_numpy(), n_fields)].reset_index(drop=True)
    long["measure"] = [measure for _, measure, _ in fields] * n_rows
    long["category"] = [category for _, _, category in fields] * n_rows
    # Row-major: each file row's fields in FIELDS order, matching the repeated slices above.
    long["count"] = np.column_stack([c for c, _ in parsed]).reshape(-1)
    long["status"] = np.column_stack([s for _, s in parsed]).reshape(-1)
    long["source"] = path.name
    long = long.rename(columns={"area": "area_name"})
    order = ["area_name", *(k for k in TREATMENT_PROFILE.key if k != "area_code")]
    return long[list(COLUMNS)].astype(COLUMNS).sort_values(order).reset_index(drop=True)


def empty_profile() -> pd.DataFrame:
    """The loader's shape with no rows: what the build holds when no export is given."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in COLUMNS.items()})


def combine_exports(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Several exports' rows (area codes resolved) as one; an area-year in two files raises.

    Two files covering the same area and year would give two counts for one cell, and which is
    right cannot be told from the files, so the build stops and names both.
    """
    parts = [f.assign(_file=n) for n, f in enumerate(frames) if not f.empty]
    if not parts:
        return empty_profile()
    combined = pd.concat(parts, ignore_index=True)
    # Files are told apart by their place in the list: two folders may hold the same file name.
    owners = combined.drop_duplicates(["area_code", "period", "_file"])
    again = owners.duplicated(["area_code", "period"], keep="first")
    if again.any():
        later = owners[again].iloc[0]
        earlier = owners[
            (owners["area_code"] == later["area_code"]) & (owners["period"] == later["period"])
        ].iloc[0]
        other = (
            f"another file of the same name ({earlier['source']})"
            if earlier["source"] == later["source"]
            else earlier["source"]
        )
        raise SourceError(
            later["source"],
            f"area {later['area_code']} {later['period']} is also in {other}: "
            "give each area and year in one ViewIt export only",
        )
    combined = combined.drop(columns="_file")
    return combined.sort_values(list(TREATMENT_PROFILE.key)).reset_index(drop=True)
