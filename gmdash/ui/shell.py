"""Session start: load the options the URL may name and initialise the shared filters."""

from __future__ import annotations

from gmdash.ui import data, state


def boroughs() -> dict[str, str]:
    """GM borough codes to names, in alphabetical order."""
    areas = data.query("gm_areas")
    rows = areas[areas["role"] == "borough"]
    return dict(zip(rows["area_code"], rows["area_name"], strict=True))


def indicator_titles() -> dict[str, str]:
    """Indicator ids to short titles, in catalogue order."""
    catalogue = data.query("indicator_catalogue")
    return dict(zip(catalogue["indicator_id"], catalogue["short_title"], strict=True))


def start_session() -> None:
    """Initialise the shared filters from the URL, once per browser session."""
    gm = boroughs()
    options = state.Options(boroughs=gm, indicators=list(indicator_titles()))
    state.init(options, state.Filters(area=next(iter(gm))))
