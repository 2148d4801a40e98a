"""Funding allocations reshaped for display: gap grids, England totals, per-head and caveats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from gmcore.schema import ENGLAND, GREATER_MANCHESTER

NO_FIGURE = "no published figure found"
FINAL = "final"
INDICATIVE = "indicative"
CELL_STATUSES = (FINAL, INDICATIVE, NO_FIGURE)
CASH_TERMS = "cash terms (not adjusted for inflation)"
PUBLIC_HEALTH_GRANT = "public_health_grant"
CONSOLIDATED_GRANT = "public_health_grant_consolidated"
GM_ROW_NAME = "Greater Manchester (all ten together)"
# Grants paid to a GM consortium (led by Wigan) whose GM row is the consortium's whole pot and
# whose borough rows are shares of it (funding PROVENANCE.md, note 4).
CONSORTIUM_GRANTS = ("inpatient_detox",)

GRANT_LABELS = {
    "public_health_grant": "Public health grant (ring-fenced; notional for GM from 2017/18)",
    "public_health_grant_consolidated": "Consolidated public health grant (2026/27 on)",
    "phg_drug_alcohol_ringfence": "Drug and alcohol ring-fence within the 2026/27 grant",
    "phg_smoking_cessation_ringfence": "Stop-smoking ring-fence within the 2026/27 grant",
    "phg_in_year_reduction_2015_16": "2015/16 in-year cut to the grant (a reduction)",
    "universal_drug_treatment_2021": "Universal drug treatment funding 2021/22",
    "ssmtrg": "Supplementary Substance Misuse Treatment and Recovery Grant (SSMTRG)",
    "inpatient_detox": "Inpatient detoxification grant",
    "ssmtrg_plus_inpatient_detox": "SSMTRG and inpatient detox combined (as reported)",
    "drug_strategy_additional_total": "Additional drug strategy funding (England total)",
    "adder": "Project ADDER (England total)",
    "datrig": "Drug and Alcohol Treatment and Recovery Improvement Grant (DATRIG)",
    "datrig_rsdatg_component": "DATRIG: rough-sleeping component (RSDATG)",
    "la_budget_drug_alcohol_gross": "Council budget: drug and alcohol, gross (not an allocation)",
    "la_budget_drug_alcohol_net": "Council budget: drug and alcohol, net (not an allocation)",
    "la_budget_public_health_gross": "Council budget: public health, gross (not an allocation)",
    "la_budget_public_health_net": "Council budget: public health, net (not an allocation)",
    "la_community_substance_misuse_spend_foi": "Council community substance-misuse spend (FOI)",
    "la_residential_detox_spend_foi": "Council residential detox spend (FOI)",
    "la_substance_misuse_spend_foi": "Council substance-misuse spend (FOI)",
}

# Families of grants, in the order pickers and tables list them.
GRANT_GROUPS: dict[str, tuple[str, ...]] = {
    "Public health grant": (
        "public_health_grant",
        "public_health_grant_consolidated",
        "phg_drug_alcohol_ringfence",
        "phg_smoking_cessation_ringfence",
        "phg_in_year_reduction_2015_16",
    ),
    "Drug and alcohol treatment grants": (
        "universal_drug_treatment_2021",
        "ssmtrg",
        "inpatient_detox",
        "ssmtrg_plus_inpatient_detox",
        "datrig",
        "datrig_rsdatg_component",
    ),
    "England programme totals": ("drug_strategy_additional_total", "adder"),
    "Council budgets and spend (not allocations)": (
        "la_budget_drug_alcohol_gross",
        "la_budget_drug_alcohol_net",
        "la_budget_public_health_gross",
        "la_budget_public_health_net",
        "la_substance_misuse_spend_foi",
        "la_community_substance_misuse_spend_foi",
        "la_residential_detox_spend_foi",
    ),
}
OTHER_GROUP = "Other figures"

# Funding figures are sourced one by one: each row names its own source.
SOURCE = (
    "Funding extract: GOV.UK, UK Parliament, council and press sources, one per figure (see each "
    "row's source_url)",
    "",
)
NOT_COUNTS = "Not applicable: these are published money totals, not counts of people."
_ATTRIBUTION = "(funding extract notes, PROVENANCE.md)"
CAVEATS = (
    "**Notional for GM from 2017/18.** The ten GM councils fund public health from retained "
    "business rates, not the grant; DHSC still publishes notional amounts for them.",
    "**2026/27 is not comparable.** The consolidated grant absorbs the former drug and alcohol "
    "(DATRIG), employment support and stop-smoking grants, so it is not the same thing as "
    "earlier public health grants.",
    "**Consortium and borough figures are separate.** Inpatient detox money is allocated "
    "through a GM consortium led by Wigan; the consortium total and the boroughs' shares are "
    "different rows and must not be added together.",
    "**Indicative is not final.** Forward indications were later replaced by confirmed figures; "
    "both are shown, labelled, and never added.",
    "**Cash terms only.** No figure has been adjusted for inflation.",
    "**Budgets and FOI spend are not allocations.** They are council budget or spend figures "
    "with differing scopes, shown only because no spend return was available.",
    "**Gaps are gaps.** Where no published figure was found the cell says so; it is not zero.",
)


def grant_label(grant: str) -> str:
    """The plain-English name of a grant, or its id when the dictionary does not know it."""
    return GRANT_LABELS.get(grant, grant)


def caveats_markdown() -> str:
    """The funding caveats as a short bullet list, attributed to the extract's notes."""
    return "\n".join(f"- {c}" for c in CAVEATS) + f"\n\nSource of these caveats: {_ATTRIBUTION}."


def financial_year(year_start: int) -> str:
    """The UK financial year label starting in April of `year_start`, e.g. 2019 -> "2019/20"."""
    return f"{year_start}/{(year_start + 1) % 100:02d}"


def year_span(first: int, last: int) -> list[str]:
    """Every financial year from `first` to `last` start years, inclusive, oldest first."""
    return [financial_year(y) for y in range(first, last + 1)]


def money(amount: float) -> str:
    """A short cash label: £3.66bn, £18.9m, £74.6k, £950."""
    size = abs(amount)
    if size >= 1e9:
        return f"£{amount / 1e9:,.2f}bn"
    if size >= 1e6:
        return f"£{amount / 1e6:,.2f}m" if size < 1e7 else f"£{amount / 1e6:,.1f}m"
    if size >= 1e3:
        return f"£{amount / 1e3:,.1f}k"
    return f"£{amount:,.0f}"


def gap_grid(allocations: pd.DataFrame, grant: str, areas: Mapping[str, str]) -> pd.DataFrame:
    """A complete borough x financial-year grid for one grant, with every gap as an explicit row.

    `allocations` are funding_allocations rows (any areas); `areas` maps the grid's rows (area
    code -> display name, in order). Years run over the grant's whole span in the extract, any
    area. One row per area x year x status found; a cell with no figure is one row with
    `cell_status` "no published figure found" and a missing amount (never zero). Indicative and
    final figures for one cell stay separate rows. Columns: area_code, area_name, financial_year,
    year_start, grant, amount_gbp, cell_status, label, source_note, source_url.
    """
    rows = allocations[allocations["grant"] == grant]
    columns = [
        "area_code",
        "area_name",
        "financial_year",
        "year_start",
        "grant",
        "amount_gbp",
        "cell_status",
        "label",
        "source_note",
        "source_url",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    first, last = int(rows["year_start"].min()), int(rows["year_start"].max())
    full = pd.DataFrame(
        [
            (code, name, financial_year(y), y)
            for code, name in areas.items()
            for y in range(first, last + 1)
        ],
        columns=["area_code", "area_name", "financial_year", "year_start"],
    )
    found = rows[
        ["area_code", "financial_year", "amount_gbp", "status", "source_note", "source_url"]
    ]
    grid = full.merge(found, on=["area_code", "financial_year"], how="left")
    grid["grant"] = grant
    grid["cell_status"] = grid["status"].fillna(NO_FIGURE).astype(str)
    grid["label"] = [
        NO_FIGURE if pd.isna(a) else f"{money(float(a))} ({s})"
        for a, s in zip(grid["amount_gbp"], grid["cell_status"], strict=True)
    ]
    grid["source_note"] = grid["source_note"].fillna(
        "No figure for this area and year was found in the sources searched."
    )
    grid["source_url"] = grid["source_url"].fillna("")
    order = {code: i for i, code in enumerate(areas)}
    rank = {INDICATIVE: 0, FINAL: 1, NO_FIGURE: 2}
    grid = grid.assign(_area=grid["area_code"].map(order), _rank=grid["cell_status"].map(rank))
    grid = grid.sort_values(["_area", "year_start", "_rank"])
    return grid[columns].reset_index(drop=True)


def grid_alt_text(grid: pd.DataFrame, grant: str) -> str:
    """What the gap grid shows, in words: how many cells have figures, and which are gaps."""
    if grid.empty:
        return f"{grant_label(grant)}: no figures in the extract."
    cells = grid.drop_duplicates(["area_code", "financial_year"])
    n_cells = len(cells)
    have = grid[grid["cell_status"] != NO_FIGURE]
    n_gaps = int((grid["cell_status"] == NO_FIGURE).sum())
    years = grid["financial_year"].iloc[0], grid["financial_year"].iloc[-1]
    parts = [
        f"Grid of {grant_label(grant)} by area and financial year, {years[0]} to {years[1]}, "
        f"{CASH_TERMS}. {len(have)} published figure(s) in {n_cells} cells; {n_gaps} cells have "
        "no published figure found."
    ]
    for status in (FINAL, INDICATIVE):
        n = int((have["cell_status"] == status).sum())
        if n:
            parts.append(f"{n} {status}.")
    top = have.head(12)
    listed = "; ".join(
        f"{name} {year} {money(amount)} {status}"
        for name, year, amount, status in zip(
            top["area_name"].tolist(),
            top["financial_year"].tolist(),
            top["amount_gbp"].tolist(),
            top["cell_status"].tolist(),
            strict=True,
        )
    )
    if listed:
        parts.append(f"Figures: {listed}" + ("…" if len(have) > 12 else "."))
    return " ".join(parts)


def grid_areas(boroughs: Mapping[str, str]) -> dict[str, str]:
    """The grid's rows: the ten boroughs, then GM as a whole, named so it is not read as a sum."""
    return {**boroughs, GREATER_MANCHESTER: GM_ROW_NAME}


def england_totals(allocations: pd.DataFrame) -> pd.DataFrame:
    """England public health grant totals by year in cash terms, with gaps and comparability.

    One row per financial year x status, oldest first (indicative before final within a year);
    a year with no figure is one row with `cell_status` "no published figure found". The
    2026/27 consolidated grant is kept with `comparable` False. Columns: financial_year,
    year_start, series, amount_gbp, cell_status, comparable, label, source_note, source_url.
    """
    england = allocations[
        (allocations["area_code"] == ENGLAND)
        & allocations["grant"].isin([PUBLIC_HEALTH_GRANT, CONSOLIDATED_GRANT])
    ]
    columns = [
        "financial_year",
        "year_start",
        "series",
        "amount_gbp",
        "cell_status",
        "comparable",
        "label",
        "source_note",
        "source_url",
    ]
    if england.empty:
        return pd.DataFrame(columns=columns)
    years = pd.DataFrame(
        {
            "year_start": range(
                int(england["year_start"].min()), int(england["year_start"].max()) + 1
            )
        }
    )
    years["financial_year"] = years["year_start"].map(financial_year)
    found = england[
        ["financial_year", "grant", "amount_gbp", "status", "source_note", "source_url"]
    ]
    out = years.merge(found, on="financial_year", how="left")
    out["comparable"] = out["grant"] != CONSOLIDATED_GRANT
    out["series"] = out["comparable"].map(
        {True: "Public health grant", False: "Consolidated grant (not comparable)"}
    )
    out["cell_status"] = out["status"].fillna(NO_FIGURE).astype(str)
    out["label"] = [
        NO_FIGURE
        if pd.isna(a)
        else money(float(a)) + ("" if s == FINAL else f" ({s})") + ("" if c else ", not comparable")
        for a, s, c in zip(out["amount_gbp"], out["cell_status"], out["comparable"], strict=True)
    ]
    out["source_note"] = out["source_note"].fillna("No England total was found for this year.")
    out["source_url"] = out["source_url"].fillna("")
    rank = {INDICATIVE: 0, FINAL: 1, NO_FIGURE: 2}
    out = out.assign(_rank=out["cell_status"].map(rank)).sort_values(["year_start", "_rank"])
    return out[columns].reset_index(drop=True)


def england_alt_text(totals: pd.DataFrame) -> str:
    """What the England totals chart shows, in words."""
    if totals.empty:
        return "England public health grant totals: no figures in the extract."
    have = totals[(totals["cell_status"] == FINAL) & totals["comparable"]]
    gaps = totals.loc[totals["cell_status"] == NO_FIGURE, "financial_year"].tolist()
    amounts, years = have["amount_gbp"].tolist(), have["financial_year"].tolist()
    parts = [
        f"Bar chart of the England public health grant, {CASH_TERMS}, "
        f"{totals['financial_year'].iloc[0]} to {totals['financial_year'].iloc[-1]}. "
        f"Final totals: {money(amounts[0])} in {years[0]}, "
        f"{money(amounts[-1])} in {years[-1]}."
    ]
    if gaps:
        parts.append(f"No published figure found for {', '.join(gaps)}.")
    indicative = totals[totals["cell_status"] == INDICATIVE]
    for year, amount in zip(
        indicative["financial_year"].tolist(), indicative["amount_gbp"].tolist(), strict=True
    ):
        parts.append(f"{year} also has an indicative figure of {money(amount)}, shown separately.")
    apart = totals[~totals["comparable"].astype(bool)]
    for year, amount in zip(
        apart["financial_year"].tolist(), apart["amount_gbp"].tolist(), strict=True
    ):
        parts.append(
            f"{year}: consolidated grant {money(amount)}, not comparable with earlier years."
        )
    return " ".join(parts)


def per_head_view(per_head: pd.DataFrame, grant: str) -> pd.DataFrame:
    """Per-resident funding for one grant, saying which population estimate each row used.

    Rows come from funding_per_head (already matched to the mid-year estimate of the year the
    financial year starts). Columns: area_code, area_name, financial_year, status, amount_gbp,
    population, population_basis, per_head_gbp, label, source_url.
    """
    rows = per_head[per_head["grant"] == grant].copy()
    rows["population_basis"] = [
        f"ONS mid-year estimate, mid-{int(y)} (same year the financial year starts)"
        for y in rows["population_year"]
    ]
    rows["label"] = [
        f"£{v:,.2f} per resident ({s})"
        for v, s in zip(rows["per_head_gbp"], rows["status"], strict=True)
    ]
    rows = rows.sort_values(["financial_year", "area_name"])
    return rows[
        [
            "area_code",
            "area_name",
            "financial_year",
            "status",
            "amount_gbp",
            "population",
            "population_basis",
            "per_head_gbp",
            "label",
            "source_url",
        ]
    ].reset_index(drop=True)


def per_head_alt_text(view: pd.DataFrame, grant: str) -> str:
    """What the per-head chart shows, in words."""
    if view.empty:
        return f"{grant_label(grant)}: no figure has a same-year population estimate."
    listed = "; ".join(
        f"{r.area_name} {r.financial_year} £{r.per_head_gbp:,.2f}" for r in view.itertuples()
    )
    return (
        f"Dot chart of {grant_label(grant)} per resident, {CASH_TERMS}, using each year's "
        f"ONS mid-year population estimate. {listed}."
    )


def pounds(amount: float) -> str:
    """A whole-pound figure as a reader writes it: £74,557, £650,000, £1,760,000."""
    return f"£{amount:,.0f}" if amount >= 0 else f"−£{-amount:,.0f}"


def grant_group(grant: str) -> str:
    """The family a grant belongs to, for grouping pickers and tables."""
    for group, grants in GRANT_GROUPS.items():
        if grant in grants:
            return group
    return OTHER_GROUP


def grant_order(grants: Sequence[str]) -> list[str]:
    """Grants grouped by family (in GRANT_GROUPS order), each family in its own listed order."""
    groups = list(GRANT_GROUPS) + [OTHER_GROUP]
    listed = [g for grants_ in GRANT_GROUPS.values() for g in grants_]

    def rank(grant: str) -> tuple[int, int, str]:
        inside = listed.index(grant) if grant in listed else len(listed)
        return groups.index(grant_group(grant)), inside, grant

    return sorted(grants, key=rank)


def grant_option(grant: str) -> str:
    """A grant as a picker shows it, led by its family: "Drug treatment grants › Inpatient …"."""
    return f"{grant_group(grant)} › {grant_label(grant)}"


FIGURE_COLUMNS = {
    "group": "Grant group",
    "grant_name": "Grant",
    "area_name": "Area",
    "financial_year": "Financial year",
    "amount": "Amount (cash)",
    "status": "Status",
    "source_note": "Source note",
    "source_url": "Source",
}


def figures_data(allocations: pd.DataFrame) -> pd.DataFrame:
    """Every figure with its codes and the amount as a number: the machine-readable download."""
    return allocations[
        [
            "area_code",
            "area_name",
            "financial_year",
            "grant",
            "amount_gbp",
            "status",
            "source_note",
            "source_url",
        ]
    ].reset_index(drop=True)


def figures_table(allocations: pd.DataFrame) -> pd.DataFrame:
    """Every figure as a reader's table: grants in words and grouped, amounts in pounds.

    Rows run by grant group (GRANT_GROUPS order), then grant, newest year first, then area.
    Columns: Grant group, Grant, Area, Financial year, Amount (cash), Status, Source note,
    Source (the link).
    """
    order = {g: i for i, g in enumerate(grant_order(list(dict.fromkeys(allocations["grant"]))))}
    out = allocations.assign(
        group=allocations["grant"].map(grant_group),
        grant_name=allocations["grant"].map(grant_label),
        amount=allocations["amount_gbp"].map(lambda a: pounds(float(a))),
        _grant=allocations["grant"].map(order),
    )
    out = out.sort_values(
        ["_grant", "year_start", "area_name", "status"], ascending=[True, False, True, True]
    )
    return out[list(FIGURE_COLUMNS)].rename(columns=FIGURE_COLUMNS).reset_index(drop=True)


def borough_figures(allocations: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Every sourced figure for one area, grouped by grant family, newest first within a grant."""
    return figures_table(allocations[allocations["area_code"] == area_code])


def consortium_shares(allocations: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """A borough's share of each consortium pot it has a figure in, where the pot is known.

    A pot is the GM row of a CONSORTIUM_GRANTS grant (the consortium's total, PROVENANCE.md
    note 4). The borough's figure is matched to the pot of the same grant, year and status.
    Columns: area_name, financial_year, grant, status, amount_gbp, pot_gbp, share_pct (NaN when
    no pot for that year was found), sentence.
    """
    columns = [
        "area_name",
        "financial_year",
        "grant",
        "status",
        "amount_gbp",
        "pot_gbp",
        "share_pct",
        "sentence",
    ]
    mine = allocations[
        (allocations["area_code"] == area_code) & allocations["grant"].isin(CONSORTIUM_GRANTS)
    ]
    if mine.empty:
        return pd.DataFrame(columns=columns)
    pots = allocations[
        (allocations["area_code"] == GREATER_MANCHESTER)
        & allocations["grant"].isin(CONSORTIUM_GRANTS)
    ][["grant", "financial_year", "status", "amount_gbp"]].rename(columns={"amount_gbp": "pot_gbp"})
    rows = mine.merge(pots, on=["grant", "financial_year", "status"], how="left")
    rows = rows.sort_values("year_start")
    rows["share_pct"] = rows["amount_gbp"] / rows["pot_gbp"] * 100
    rows["sentence"] = [
        _share_sentence(str(n), str(y), str(g), str(s), float(a), float(p))
        for n, y, g, s, a, p in zip(
            rows["area_name"],
            rows["financial_year"],
            rows["grant"],
            rows["status"],
            rows["amount_gbp"].astype(float),
            rows["pot_gbp"].astype(float),
            strict=True,
        )
    ]
    return rows[columns].reset_index(drop=True)


def _share_sentence(
    name: str, year: str, grant: str, status: str, amount: float, pot: float
) -> str:
    what = grant_label(grant).lower()
    if pd.isna(pot):
        return (
            f"{name}'s {pounds(amount)} in {year} ({status}) is its part of the Greater "
            f"Manchester {what} consortium allocation; no consortium total for {year} was found, "
            "so its share cannot be worked out."
        )
    return (
        f"{name}'s {pounds(amount)} is {amount / pot * 100:.1f}% of the {pounds(pot)} Greater "
        f"Manchester {what} consortium pot in {year} (both {status}). The pot and the "
        "boroughs' shares are separate figures: never add them together."
    )
