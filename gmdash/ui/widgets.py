"""Filter widgets bound to the shared filters: each shows the current value and writes changes back."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import streamlit as st

from gmcore.schema import COMPARATORS
from gmdash.ui import state
from gmdash.whatif.groups import GROUP_CODE_PREFIX, PooledGroup


def _pick(
    label: str,
    options: Sequence[str],
    current: str,
    names: Mapping[str, str],
    key: str,
    help_text: str | None = None,
) -> str:
    index = list(options).index(current) if current in options else 0
    return str(
        st.selectbox(
            label,
            options,
            index=index,
            format_func=lambda o: names.get(o, o),
            key=key,
            help=help_text,
        )
    )


def borough(boroughs: Mapping[str, str], key: str = "area") -> str:
    """The borough select; returns its area code."""
    code = _pick("Borough", list(boroughs), state.current().area, boroughs, key)
    if code != state.current().area:
        state.update(area=code)
    return code


def indicator(catalogue: Mapping[str, str], key: str = "indicator") -> str:
    """The indicator select over {indicator_id: title}; returns the id."""
    current = state.current().indicator
    # An indicator the page cannot show gives way to the dashboard's (real) default.
    start = current if current in catalogue else state.DEFAULT_INDICATOR
    chosen = _pick("Indicator", list(catalogue), start, catalogue, key)
    if current not in catalogue and current != state.DEFAULT_INDICATOR:
        # Chosen on another page or named by a link, but not one this page can show.
        st.info(
            f"This page does not offer the indicator “{state.echo(current)}” chosen before; "
            f"showing {catalogue[chosen]} instead.",
            icon=":material/swap_horiz:",
        )
    if chosen != current:
        # A new indicator has its own periods: fall back to its latest.
        state.update(indicator=chosen, period=None)
    return chosen


def period(periods: Sequence[str], key: str = "period") -> str:
    """The period select over an indicator's periods (oldest first); returns the label."""
    chosen, notice = state.period_or_latest(state.current().period, periods)
    if notice:
        st.info(notice, icon=":material/event_busy:")
    options = list(reversed(periods))
    value = _pick("Period", options, chosen, {}, key)
    if value != state.current().period:
        state.update(period=value)
    return value


def comparator(key: str = "comparator", group: PooledGroup | None = None) -> str:
    """England, North West or Greater Manchester, and the pooled group where the page can use
    it as a comparator (`group`); returns the area code (``group:<slug>`` for the group)."""
    names = dict(COMPARATORS)
    if group is not None:
        names[group.area_code] = f"{group.name} (pooled group)"
    current = state.current().comparator
    value = _pick(
        "Compare with",
        list(names),
        current,
        names,
        key,
        "Benchmarks are judged against this area's value.",
    )
    # A group chosen as comparator on another page stays chosen where this page cannot use it.
    if value != current and (current in names or not current.startswith(GROUP_CODE_PREFIX)):
        state.update(comparator=value)
    return value


def sex(available: Sequence[str], key: str = "sex") -> str:
    """Persons, Male or Female where the indicator is published by sex."""
    options = [s for s in state.SEXES if s in available] or ["Persons"]
    value = _pick("Sex", options, state.current().sex, {}, key)
    if value != state.current().sex:
        state.update(sex=value)
    return value


def areas(
    boroughs: Mapping[str, str], default: Sequence[str], key: str = "areas", label: str = "Boroughs"
) -> tuple[str, ...]:
    """A multi-borough selection (for trends and pooled groups); returns area codes."""
    current = state.current().areas or tuple(default)
    chosen = st.multiselect(
        label,
        list(boroughs),
        default=[c for c in current if c in boroughs],
        format_func=lambda c: boroughs[c],
        key=key,
    )
    value = tuple(chosen)
    if value != state.current().areas:
        state.update(areas=value)
    return value


def _remember(key: str, value: str, default: str) -> None:
    """Keep a page setting in the shared filters (and so the URL) unless it is the default."""
    choices = dict(state.current().choices)
    if value == default:
        choices.pop(key, None)
    else:
        choices[key] = value
    updated = tuple(sorted(choices.items()))
    if updated != state.current().choices:
        state.update(choices=updated)


def choice(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Any,
    kind: Literal["select", "segmented", "radio"] = "select",
    format_func: Callable[[Any], str] = str,
    **kwargs: Any,
) -> Any:
    """A page's own setting (a view, a baseline, a grant), kept in the URL so a link reopens it.

    A value from the URL that this page does not offer falls back to `default` with a notice.
    """
    options = list(options)
    labels = [str(o) for o in options]
    current = default
    stored = state.current().choice(key)
    if stored is not None:
        if stored in labels:
            current = options[labels.index(stored)]
        else:
            st.info(
                f"“{state.echo(stored)}” is not available for {label.lower()} in this view; "
                f"showing {format_func(default)}.",
                icon=":material/link_off:",
            )
    if kind == "segmented":
        picked = st.segmented_control(
            label, options, default=current, key=key, format_func=format_func, **kwargs
        )
        value = current if picked is None else picked
    elif kind == "radio":
        value = st.radio(
            label,
            options,
            index=options.index(current),
            key=key,
            format_func=format_func,
            horizontal=True,
            **kwargs,
        )
    else:
        value = st.selectbox(
            label,
            options,
            index=options.index(current),
            key=key,
            format_func=format_func,
            **kwargs,
        )
    _remember(key, str(value), str(default))
    return value


def toggle(label: str, *, key: str, default: bool = False, **kwargs: Any) -> bool:
    """A page's own on/off setting, kept in the URL as 1 or 0."""
    stored = state.current().choice(key)
    current = default if stored not in ("0", "1") else stored == "1"
    if stored is not None and stored not in ("0", "1"):
        st.info(
            f"“{state.echo(stored)}” is not a setting for {label.lower()} (the link should say 1 "
            f"or 0); showing it {'on' if default else 'off'}.",
            icon=":material/link_off:",
        )
    value = bool(st.checkbox(label, value=current, key=key, **kwargs))
    _remember(key, "1" if value else "0", "1" if default else "0")
    return value


def several(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: Sequence[str],
    format_func: Callable[[str], str] = str,
    **kwargs: Any,
) -> tuple[str, ...]:
    """A page's own multi-valued setting (codes), kept in the URL comma-separated ("none" if empty).

    Values from the URL that this page does not offer are dropped with a notice.
    """
    options = list(options)
    current = [o for o in default if o in options]
    stored = state.current().choice(key)
    if stored is not None:
        listed = [] if stored == "none" else [v for v in stored.split(",") if v]
        unknown = [v for v in listed if v not in options]
        if unknown:
            st.info(
                f"“{', '.join(state.echo(u, 20) for u in unknown[:3])}” is not available for "
                f"{label.lower()} in this view; it was left out.",
                icon=":material/link_off:",
            )
        current = [v for v in listed if v in options]
    picked = st.pills(
        label,
        options,
        selection_mode="multi",
        default=current,
        key=key,
        format_func=format_func,
        **kwargs,
    )
    value = tuple(o for o in options if o in (picked or []))
    _remember(
        key, ",".join(value) or "none", ",".join(o for o in default if o in options) or "none"
    )
    return value


def percent(label: str, *, key: str, placeholder: str = "e.g. 7.5") -> float | None:
    """A typed percentage from 0 to 100, kept in the URL; None until one is typed.

    Text that is not a number, or a number outside 0–100, gets a message and changes nothing:
    the last valid value stays in force.
    """
    stored = state.current().choice(key)
    if key not in st.session_state:
        st.session_state[key] = stored or ""
    text = str(st.text_input(label, key=key, placeholder=placeholder)).strip().rstrip("%")
    kept = _valid_percent(stored)
    if not text:
        return kept
    try:
        value = float(text)
    except ValueError:
        st.warning(
            f"Type the target as a number between 0 and 100, such as 7.5; the target was not "
            f"changed{f' (still {kept:g}%)' if kept is not None else ''}.",
            icon=":material/error:",
        )
        return kept
    if _valid_percent(text) is None:
        st.warning(
            f"A target percentage must be between 0 and 100, not {value:g}; the target was not "
            f"changed{f' (still {kept:g}%)' if kept is not None else ''}.",
            icon=":material/error:",
        )
        return kept
    _remember(key, f"{value:g}", "")
    return value


def _valid_percent(text: str | None) -> float | None:
    try:
        value = float(text) if text else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= 100 else None


def remember(key: str, value: str, default: str) -> None:
    """Keep a page setting that a page's own control produced (typed text, weights) in the URL."""
    _remember(key, value, default)
