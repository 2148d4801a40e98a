"""English Indices of Deprivation: district summaries (2019, 2025) and 2019 LSOA ranks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gmcore.schema import DEPRIVATION, LSOA_DEPRIVATION
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked, require_unique, to_number

# measure -> the column holding its district rank (1 = most deprived)
SUMMARY_MEASURES = {
    "average_score": "rank_average_score",
    "average_rank": "rank_average_rank",
    "proportion_bottom_decile": "rank_proportion_bottom_decile",
}
LSOA_CODE = "LSOA code (2011)"
LSOA_NAME = "LSOA name (2011)"
LAD_CODE = "Local Authority District code (2019)"
POPULATION_2015 = "Total population: mid 2015 (excluding prisoners)"
# File 2's domains as published; the IMD's "(IMD)" suffix is dropped in the output so that it
# matches the district summaries' "Index of Multiple Deprivation".
LSOA_DOMAINS = (
    "Index of Multiple Deprivation (IMD)",
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health Deprivation and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
)


def _rank_column(domain: str) -> str:
    return f"{domain} Rank (where 1 is most deprived)"


def _decile_column(domain: str) -> str:
    return f"{domain} Decile (where 1 is most deprived 10% of LSOAs)"


def _whole(values: pd.Series, path: Path, column: str, low: int, high: int) -> pd.Series:
    """Text to int64 within [low, high]; anything else raises naming its row."""
    numbers = to_number(values, path, column, missing=())
    bad = ((numbers % 1 != 0) | (numbers < low) | (numbers > high)).to_numpy()
    if bad.any():
        pos = int(bad.argmax())
        raise SourceError(
            path,
            f"column {column!r} value {values.iloc[pos]!r} is not a whole number in {low}..{high}",
            row=file_row(pos),
        )
    return numbers.astype("int64")


def _load_summaries(path: Path, edition: int, code: str, year: str) -> pd.DataFrame:
    """A File 10 district summary in the repo's long layout, as DEPRIVATION rows."""
    path = Path(path)
    numeric = [*SUMMARY_MEASURES, *SUMMARY_MEASURES.values()]
    raw = read_csv_checked(path, [code, "index_domain", year, *numeric])
    require_unique(raw, [code, "index_domain"], path)
    editions = _whole(raw[year], path, year, edition, edition)
    values = {c: to_number(raw[c], path, c, missing=()) for c in numeric}
    # Ranks run 1..n over the districts in the edition: 317 in 2019, 296 in 2024 boundaries.
    rank_of = raw[code].nunique()
    frames = [
        pd.DataFrame(
            {
                "area_code": raw[code],
                "edition": editions,
                "domain": raw["index_domain"].str.strip(),
                "measure": measure,
                "value": values[measure],
                "rank": values[rank],
                "rank_of": rank_of,
            }
        )
        for measure, rank in SUMMARY_MEASURES.items()
    ]
    out = pd.concat(frames, ignore_index=True).astype(DEPRIVATION.columns)
    bad = (out["rank"] < 1) | (out["rank"] > rank_of)
    if bad.any():
        pos = int(bad.to_numpy().argmax()) % len(raw)
        raise SourceError(path, f"a rank lies outside 1..{rank_of}", row=file_row(pos))
    return out.sort_values(list(DEPRIVATION.key)).reset_index(drop=True)


def load_iod2019_districts(path: Path) -> pd.DataFrame:
    """IoD 2019 district summaries for the 317 English districts (2019 boundaries), 10 domains.

    Source: MHCLG, English indices of deprivation 2019, File 10 "Local Authority District
    Summaries (lower-tier)" (long copy in traffordDataLab/open_data),
    https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019

    `proportion_bottom_decile` stays the published 0-1 fraction of the district's LSOAs in the
    most deprived 10% nationally (Manchester 0.4326), not a percentage.
    """
    return _load_summaries(path, 2019, "lad19cd", "year")


def load_iod2025_districts(path: Path) -> pd.DataFrame:
    """IoD 2025 district summaries for the 296 English districts (2024 boundaries), 10 domains.

    Source: MHCLG, English indices of deprivation 2025, File 10 "Local Authority District
    Summaries (lower-tier)" (long copy in traffordDataLab/open_data),
    https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025

    Domain names are as published and differ from 2019 (e.g. "Income Deprivation"); scores are
    not comparable between editions, ranks only with care. Fractions as for 2019.
    """
    return _load_summaries(path, 2025, "area_code", "deprivation_data_year")


def load_iod2019_lsoa(domains_path: Path, population_path: Path) -> pd.DataFrame:
    """IoD 2019 national rank and decile of every 2011 LSOA in England, by domain, with the
    mid-2015 population (excluding prisoners) that MHCLG used as weights.

    Sources: MHCLG, English indices of deprivation 2019, File 2 "Domains of deprivation" and
    File 6 "Population denominators" (gzipped CSV copies in anetobradley/energy_flex),
    https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019
    """
    domains_path, population_path = Path(domains_path), Path(population_path)
    rank_cols = [_rank_column(d) for d in LSOA_DOMAINS]
    decile_cols = [_decile_column(d) for d in LSOA_DOMAINS]
    raw = read_csv_checked(domains_path, [LSOA_CODE, LSOA_NAME, LAD_CODE, *rank_cols, *decile_cols])
    pop = read_csv_checked(population_path, [LSOA_CODE, LAD_CODE, POPULATION_2015])
    require_unique(raw, [LSOA_CODE], domains_path)
    require_unique(pop, [LSOA_CODE], population_path)
    n = len(raw)
    population = to_number(pop[POPULATION_2015], population_path, POPULATION_2015, thousands=True)
    for path, frame, other in ((domains_path, raw, pop), (population_path, pop, raw)):
        # A set, not Series.isin: pandas builds the value set of an Arrow text column one
        # Python object at a time, which costs more than the rest of this check.
        known = set(other[LSOA_CODE].tolist())
        absent = np.array([code not in known for code in frame[LSOA_CODE].tolist()], dtype=bool)
        if absent.any():
            pos = int(absent.argmax())
            missing_from = population_path if path == domains_path else domains_path
            raise SourceError(
                path,
                f"LSOA {frame[LSOA_CODE].iloc[pos]!r} is not in {missing_from.name}",
                row=file_row(pos),
            )
    checked = {
        domain: (
            _whole(raw[_rank_column(domain)], domains_path, _rank_column(domain), 1, n),
            _whole(raw[_decile_column(domain)], domains_path, _decile_column(domain), 1, 10),
        )
        for domain in LSOA_DOMAINS
    }
    # Rows are laid out in key order (LSOAs by code, each with its domains by name) rather than
    # sorted afterwards: sorting 260,000 rows of text costs more than reading the file.
    named = sorted((domain.removesuffix(" (IMD)"), domain) for domain in LSOA_DOMAINS)
    order = raw[LSOA_CODE].reset_index(drop=True).sort_values().index.to_numpy()
    repeat = np.repeat(order, len(named))
    weights = population.set_axis(pop[LSOA_CODE].to_numpy()).loc[raw[LSOA_CODE]].to_numpy()
    out = pd.DataFrame(
        {
            "lsoa_code": raw[LSOA_CODE].array.take(repeat),
            "lsoa_name": raw[LSOA_NAME].array.take(repeat),
            "area_code": raw[LAD_CODE].array.take(repeat),
            "domain": np.tile(np.array([name for name, _ in named], dtype=object), n),
            "rank": np.column_stack([checked[d][0].to_numpy()[order] for _, d in named]).ravel(),
            "decile": np.column_stack([checked[d][1].to_numpy()[order] for _, d in named]).ravel(),
            "population_2015": weights[repeat],
        }
    )
    return out.astype(LSOA_DEPRIVATION.columns)
