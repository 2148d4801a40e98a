"""Controls of the Funding split page: the pot and year, weights that add up to 100, actuals.

The pot, year and weights are page settings kept in the URL (`split.*`); typed actual amounts
are kept in the session (and in a saved scenario), not in the link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from gmdash.ui import data, state, widgets
from gmdash.views.whatif_split import DEFAULT_WEIGHTS, Pot
from gmdash.whatif.split import SplitError, pot_pence, published_actuals

TYPED_POT = "Type my own amount"
ACTUALS_KEY = "gmdash_split_actuals"


@dataclass(frozen=True)
class PotChoice:
    """The pot in pounds (as text, validated by the split), its label, year and grant."""

    amount: str
    label: str
    year: int
    grant: str = ""
    financial_year: str = ""


def pot(pots: Mapping[str, Pot], years: list[int]) -> PotChoice:
    """A published pot (prefilled from the funding extract) or a typed amount, and the year."""
    options = [*pots, TYPED_POT]
    first, second, third = st.columns([3, 2, 2])
    with first:
        source = widgets.choice("Pot", options, key="split.pot_source", default=options[0])
    published = pots.get(source)
    with second:
        if published is not None:
            st.text_input(
                "Amount (£)", value=f"{published.amount:,.2f}", disabled=True, key="split.shown"
            )
            amount = f"{published.amount:.2f}"
        else:
            amount = _typed_pot()
    default_year = published.year if published and published.year in years else years[-1]
    with third:
        year = widgets.choice(
            "Population year", list(reversed(years)), key="split.year", default=default_year
        )
    if published is not None:
        return PotChoice(
            amount, published.label, int(year), published.grant, published.financial_year
        )
    return PotChoice(amount, "Your pot", int(year))


def _typed_pot() -> str:
    stored = state.current().choice("split.pot") or ""
    if "split.pot" not in st.session_state:
        st.session_state["split.pot"] = stored
    text = str(st.text_input("Amount (£)", key="split.pot", placeholder="e.g. 250000"))
    try:
        pot_pence(text)
    except SplitError:
        # the view says what is wrong; the link keeps the last amount that worked
        return text
    widgets.remember("split.pot", text.strip(), "")
    return text


def _parse(text: str | None, options: Mapping[str, str]) -> dict[str, int] | None:
    """ "imd_score:50,dependent_drinkers:50" -> weights, or None when it is not valid."""
    if not text:
        return None
    out: dict[str, int] = {}
    for part in text.split(","):
        key, _, value = part.partition(":")
        if key not in options or not value.isdigit():
            return None
        out[key] = int(value)
    return out if sum(out.values()) == 100 else None


def weights(label: str, options: Mapping[str, str], *, key: str) -> dict[str, float]:
    """Whole-percent weights over `options` that must add up to 100; returns fractions.

    Starts from `DEFAULT_WEIGHTS[key]`. Weights that do not add up to 100 get a message and
    change nothing: the last weights that did stay in force.
    """
    default = DEFAULT_WEIGHTS[key]
    default_text = ",".join(f"{k}:{v}" for k, v in default.items())
    kept = _parse(state.current().choice(key), options) or dict(default)
    st.markdown(f"**{label}**")
    columns = st.columns(len(options))
    typed: dict[str, int] = {}
    for column, (option, name) in zip(columns, options.items(), strict=True):
        widget = f"{key}_{option}"
        if widget not in st.session_state:
            st.session_state[widget] = kept.get(option, 0)
        with column:
            typed[option] = int(
                st.number_input(name, min_value=0, max_value=100, step=5, key=widget)
            )
    total = sum(typed.values())
    if total != 100:
        st.warning(
            f"These weights add up to {total}%, not 100%, so the split was not changed; it "
            "still uses " + ", ".join(f"{options[k]} {v}%" for k, v in kept.items() if v) + ".",
            icon=":material/error:",
        )
        chosen = kept
    else:
        chosen = typed
        text = ",".join(f"{k}:{v}" for k, v in typed.items() if v)
        widgets.remember(key, text, default_text)
    return {k: v / 100 for k, v in chosen.items() if v}


def actuals(boroughs: Mapping[str, str], pot: PotChoice) -> dict[str, float]:
    """Actual amounts the reader knows for boroughs without a published figure for the pot's
    grant and year (session only)."""
    known = published_actuals(data.ask, pot.grant, pot.financial_year) if pot.grant else None
    published = set() if known is None else set(known["area_code"].astype(str))
    typed: dict[str, float] = dict(st.session_state.get(ACTUALS_KEY, {}))
    with st.expander("Actual amounts you know", icon=":material/edit_note:"):
        st.caption(
            "Where the funding extract publishes a borough's actual amount for this grant and "
            "year it is used; type the amounts you know for the others to see the difference. "
            "They stay in this session (and in a scenario you save)."
        )
        columns = st.columns(5)
        for i, (code, name) in enumerate(boroughs.items()):
            widget = f"split.actual_{code}"
            if code in published:
                continue
            if widget not in st.session_state:
                st.session_state[widget] = typed.get(code)
            with columns[i % 5]:
                value = st.number_input(
                    f"{name} (£)", min_value=0.0, step=1000.0, format="%.2f", key=widget
                )
            if value is None:
                typed.pop(code, None)
            else:
                typed[code] = round(float(value), 2)
    for code in published:
        typed.pop(code, None)
    st.session_state[ACTUALS_KEY] = typed
    return typed
