"""Funding split: a fixed pot split across the ten boroughs by rules you choose."""

from __future__ import annotations

import streamlit as st

from gmdash.ui import components, data, scenarios, shell, split, widgets
from gmdash.views import whatif_split as view
from gmdash.whatif.split import POPULATION_BASES

components.header(
    "Funding split",
    "Split a fixed pot across the ten boroughs equally, per head, by need or by a blend, and "
    "see each borough's share, its uncertainty and the difference from what was actually paid.",
)
scenarios.arrive()
pot = split.pot(data.ask.memo(view.published_pots), data.ask.memo(view.population_years))
method_column, population_column = st.columns([3, 2])
with method_column:
    kind = widgets.choice(
        "Split the pot",
        list(view.METHODS),
        key="split.method",
        default="per_head",
        kind="radio",
        format_func=view.METHODS.__getitem__,
    )
with population_column:
    population = widgets.choice(
        "Population for per head",
        list(POPULATION_BASES),
        key="split.population",
        default="adults",
        kind="radio",
        format_func=POPULATION_BASES.__getitem__,
    )
need, blend = {}, {}
if kind in ("need", "blend"):
    need = split.weights("Weights of the need measures (%)", view.NEED_LABELS, key="split.need")
if kind == "blend":
    blend = split.weights("Blend of the methods (%)", view.BLEND_PARTS, key="split.blend")
typed = split.actuals(shell.boroughs(), pot)
method = view.method_for(kind, population, need, blend)
choice = view.SplitChoice(
    pot.amount, pot.year, method, pot.label, pot.grant, pot.financial_year, typed
)
components.render(data.ask.memo(view.blocks, choice, data.manifest().version))
scenarios.save_box("split")
