"""Fingertips indicator-data CSVs in both published shapes, written from real walkthrough rows.

The two shapes, as found in public sources (searched for this test; nothing here is invented):

- **API bulk CSV** (`/api/all_data/csv/by_indicator_id?indicator_ids=...&child_area_type_id=502`,
  what `make data-download` fetches). Its header is written by Fingertips' own exporter,
  ukhsa-collaboration/fingertips-open `PholioVisualisationWS/Export/FileBuilder/Writers/
  CsvBuilderIndicatorDataHeaderWriter.cs`: "Indicator ID" ... "Compared to England value or
  percentiles", then "Compared to " + the parent area type's short name + " value or
  percentiles" ("Compared to percentiles" when the parent is England), "Time period Sortable",
  "New data", "Compared to goal". Current files add "Time period range" (27 columns): a header
  "of a real Fingertips all_data CSV export" quoted in a public pipeline test ends
  "Compared to Regions (statistical) value or percentiles,Time period Sortable,New data,Compared
  to goal,Time period range", and an R session listing a download's names shows the same 27 with
  "[23] Compared to parent value or percentiles". fingertipsR (`R/retrieve_data.R`) calls the
  same endpoint. Periods of 90244/90245 are calendar years, "2017", sortable 20170000, range
  "1y" (shared/data/raw/outcomes/PROVENANCE.md section 14); the age is "18+ yrs" (the
  walkthrough script filters `Age == "18+ yrs"` for 90245).
- **Website "export data" CSV** (`indicators-CountyUA.data.csv`, e.g. jargonautical/data-dev):
  26 columns, the same as above without "Time period range", the parent column named "Compared
  to Region value or percentiles"; the indicator name is quoted with a line break inside it;
  areas have "Area Type" "County & UA" and regions are named "North West region".

Values are the real Fingertips 90245 rows of the walkthrough extracts (PROVENANCE sections 14
and 14b), read here with the json module, for the areas whose codes the files themselves give
(the three Sussex areas in the companion file), Salford (E08000006, PROVENANCE's GM list) and
England (the companion's comparator fields; no England denominator is published).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

BASE = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
]
TAIL = ["Time period Sortable", "New data", "Compared to goal"]
API_COLUMNS = [*BASE, "Compared to Regions (statistical) value or percentiles", *TAIL]
API_COLUMNS.append("Time period range")
WEBSITE_COLUMNS = [*BASE, "Compared to Region value or percentiles", *TAIL]

OUTCOMES = "outcomes"
NEIGHBOURS = "wsx_walkthrough_ut_neighbours_incl_salford_90245_{year}.json"
COMPANION = "wsx_walkthrough_extract_compare_england_90245_{year}.json"
SALFORD, ENGLAND = "E08000006", "E92000001"
YEARS = (2017, 2018)


def real_rows(raw_dir: Path) -> list[dict[str, object]]:
    """Real 90245 rows for the Sussex areas, Salford and England, 2017 and 2018."""
    rows: list[dict[str, object]] = []
    for year in YEARS:
        companion = json.loads((raw_dir / OUTCOMES / COMPANION.format(year=year)).read_text())
        mine = [r for r in companion if r["ID"] == "90245"]
        neighbours = json.loads((raw_dir / OUTCOMES / NEIGHBOURS.format(year=year)).read_text())
        codes = {r["Area_name"]: r["Area_code"] for r in mine} | {"Salford": SALFORD}
        name = mine[0]["Name"]
        period = mine[0]["Timeperiod"]
        seen = set()
        for r in neighbours:
            if r["Name"] != name or r["Area_name"] not in codes or r["Area_name"] in seen:
                continue
            seen.add(r["Area_name"])
            rows.append(
                {
                    "id": 90245,
                    "name": name,
                    "code": codes[r["Area_name"]],
                    "area": r["Area_name"],
                    "period": period,
                    "value": r["Value"],
                    "lci": r["Lower_CI"],
                    "uci": r["Upper_CI"],
                    "count": r["Numerator"],
                    "denominator": r["Denominator"],
                }
            )
        comp = mine[0]
        rows.append(
            {
                "id": 90245,
                "name": name,
                "code": ENGLAND,
                "area": "England",
                "period": period,
                "value": comp["Comp_Value"],
                "lci": comp["Comp_Lower_CI"],
                "uci": comp["Comp_Upper_CI"],
                "count": comp["Comp_Numerator"],
                "denominator": "",
            }
        )
    return rows


def relabelled_as_opiate(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The same real rows labelled 90244: a test fixture only (no real 90244 is in shared/)."""
    name = "Successful completion of drug treatment - opiate users"
    return [r | {"id": 90244, "name": name} for r in rows]


def _record(row: dict[str, object], website: bool) -> dict[str, object]:
    england = row["code"] == ENGLAND
    region = "North West region" if website else "North West"
    parent = ("E12000002", region) if row["code"] == SALFORD else ("", "")
    return {
        "Indicator ID": row["id"],
        # The website export carries a line break at the end of the quoted name.
        "Indicator Name": f"{row['name']}\n" if website else row["name"],
        "Parent Code": parent[0],
        "Parent Name": parent[1],
        "Area Code": row["code"],
        "Area Name": row["area"],
        "Area Type": "England" if england else "County & UA" if website else "Counties & UAs",
        "Sex": "Persons",
        "Age": "18+ yrs",
        "Category Type": "",
        "Category": "",
        "Time period": row["period"],
        "Value": row["value"],
        "Lower CI 95.0 limit": row["lci"],
        "Upper CI 95.0 limit": row["uci"],
        "Count": row["count"],
        "Denominator": row["denominator"],
        "Compared to England value or percentiles": "Not compared" if england else "",
        "Time period Sortable": f"{row['period']}0000",
        "Time period range": "1y",
    }


def write_api_csv(rows: list[dict[str, object]], path: Path) -> Path:
    """The API bulk shape: 27 columns, "Time period range" last."""
    return _write(rows, path, API_COLUMNS, website=False)


def write_website_csv(rows: list[dict[str, object]], path: Path) -> Path:
    """The website export shape: 26 columns, no "Time period range"."""
    return _write(rows, path, WEBSITE_COLUMNS, website=True)


def _write(rows: list[dict[str, object]], path: Path, columns: list[str], website: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for row in rows:
            writer.writerow(_record(row, website))
    return path
