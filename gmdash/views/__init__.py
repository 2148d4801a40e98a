"""Views: what each page shows, as blocks (figures, tables, sentences, notices) built from queries.

A view takes `ask` (how to run a query) and the reader's choices, and returns blocks; it never
draws. The pages draw them with `gmdash.ui.components.render`; the committee pack lays the same
blocks out on slides, so a page and its slide cannot disagree.
"""

from __future__ import annotations

import pandas as pd

from gmdash import queries
from gmdash.queries import Ask


def borough_catalogue(ask: Ask) -> pd.DataFrame:
    """The indicators that have GM borough values, indexed by id, in catalogue order.

    Read by most pages on every run, so worked out once (`ask.memo`): treat it as read-only.
    """
    return ask.memo(_borough_catalogue)


def _borough_catalogue(ask: Ask) -> pd.DataFrame:
    catalogue = ask(queries.indicator_catalogue)
    return catalogue[catalogue["has_gm_boroughs"].astype(bool)].set_index("indicator_id")


def gm_boroughs(ask: Ask) -> dict[str, str]:
    """GM borough codes to names, in alphabetical order."""
    areas = ask(queries.gm_areas)
    rows = areas[areas["role"] == "borough"]
    return dict(zip(rows["area_code"], rows["area_name"], strict=True))


def indicator_titles(ask: Ask) -> dict[str, str]:
    """Every indicator's id to its picker title (generated ones marked), in catalogue order."""
    return picker_titles(ask(queries.indicator_catalogue).set_index("indicator_id"))


def indicator_meta(catalogue: pd.DataFrame, indicator_id: str) -> pd.Series:
    """One indicator's catalogue row (the catalogue indexed by id)."""
    row = catalogue.loc[indicator_id]
    if not isinstance(row, pd.Series):
        raise ValueError(f"indicator {indicator_id!r} is in the catalogue more than once")
    return row


def picker_titles(catalogue: pd.DataFrame) -> dict[str, str]:
    """Indicator ids to the titles a picker shows, generated indicators marked as such.

    `catalogue` is indexed by indicator id. The mark means the indicator contains generated
    values (for some or all areas and periods).
    """
    return {
        str(i): str(row["short_title"])
        + (" (illustrative)" if bool(row["is_illustrative"]) else "")
        for i, row in catalogue.iterrows()
    }


def borough_periods(ask: Ask, indicator_id: str, sex: str) -> list[str]:
    """The periods in which an indicator has GM borough values, oldest first."""
    periods = ask(queries.indicator_periods, indicator_id, sex)
    return periods.loc[periods["has_gm_boroughs"].astype(bool), "period"].tolist()


def sexes(meta: pd.Series) -> list[str]:
    """The sexes an indicator is published for (catalogue `sexes`, comma separated)."""
    return str(meta["sexes"]).split(", ")
