"""Saved scenarios in the app: save the current what-if, open one from a link, manage them.

The store is `gmdash.scenarios.store.ScenarioStore` on the engine of Streamlit's SQL connection
(`st.connection("scenarios", type="sql")`), at the URL `gmdash.scenarios.config` resolves
(an environment variable, `.streamlit/secrets.toml`, or an SQLite file outside data/). A
scenario holds the shared filters, the group, the What-if target, the Funding split settings
and typed actuals, and a summary of uploaded files (never their figures). Opening one checks it
against the dashboard as it is now and says what changed. Every call on the store steps aside
from the page run's turn (`gmdash.ui.turns`): a busy or distant database never holds up others.
"""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from gmdash.scenarios import config, validate
from gmdash.scenarios.store import ScenarioError, ScenarioStore, ScenarioSummary
from gmdash.ui import data, split, state, uploads
from gmdash.ui.turns import TURNS
from gmdash.views import whatif, whatif_split
from gmdash.whatif import plain_markdown
from gmdash.whatif import split as split_logic
from gmdash.whatif.groups import group_from_dict

LINK_PARAM = "scenario"
OPENED_KEY = "gmdash_scenario_opened"
NOTICES_KEY = "gmdash_scenario_notices"
NEXT_KEY = "gmdash_scenario_next"
PAGES = {"split": "pages/funding_split.py"}
DEFAULT_PAGE = "pages/whatif.py"
# Each page's URL path is its file name: a link straight to a page then works on a fresh server.
URL_PATHS = {"split": "funding_split"}
# Widget keys that show a saved setting: cleared when a scenario opens, so they show its values.
WIDGET_PREFIXES = ("whatif.", "split.")
SPLIT_SETTINGS = (
    "split.pot_source",
    "split.pot",
    "split.year",
    "split.method",
    "split.population",
    "split.need",
    "split.blend",
)


class StoreUnavailable(RuntimeError):
    """The scenario database cannot be reached or configured; the message says why."""


def _reason(exc: Exception) -> str:
    """What to tell the reader: the store's own words, or that the database is out of reach."""
    if isinstance(exc, SQLAlchemyError):
        return f"the scenario database could not be reached ({type(exc).__name__}); try again"
    return str(exc)


# What a scenario action can meet; the reader is told, and nothing is changed.
PROBLEMS = (ScenarioError, StoreUnavailable, SQLAlchemyError)


def plain(text: object) -> str:
    """Text from the store (names, saved periods) made safe to show as Markdown."""
    return plain_markdown(text)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ScenarioStore:
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30, "check_same_thread": False}
    connection = st.connection(config.CONNECTION_NAME, type="sql", url=url, **options)
    return ScenarioStore(connection.engine)


def store() -> ScenarioStore:
    """The app's scenario store (migrated on first use); StoreUnavailable with a reason."""
    try:
        return _store(config.scenarios_url())
    except config.ConfigError as exc:
        raise StoreUnavailable(str(exc)) from None
    except SQLAlchemyError as exc:
        raise StoreUnavailable(
            f"The scenario database could not be opened ({type(exc).__name__})."
        ) from None


def payload() -> dict[str, Any]:
    """The current what-if as a scenario payload (see gmdash.scenarios.validate)."""
    filters = state.current()
    group = filters.pooled_group()
    kind = filters.choice("whatif.target") or whatif.DEFAULT_TARGET
    target: dict[str, Any] = {"kind": kind}
    percent = filters.choice("whatif.percent")
    if kind == "percent" and percent is not None:
        target["percent"] = float(percent)
    if kind == "group" and group is not None:
        target["group"] = group.to_dict()
    out: dict[str, Any] = {
        "indicator_id": filters.indicator,
        "borough": filters.area,
        "target": target,
        "groups": [group.to_dict()] if group else [],
        "uploads": uploads.summaries(),
        "split": _split_payload(),
    }
    if filters.period:
        out["period"] = filters.period
    return out


def _split_payload() -> dict[str, Any]:
    filters = state.current()
    pots = whatif_split.published_pots(data.ask)
    source = filters.choice("split.pot_source") or next(iter(pots), split.TYPED_POT)
    pot = pots.get(source)
    out: dict[str, Any] = {"typed_actuals": dict(st.session_state.get(split.ACTUALS_KEY, {}))}
    if pot is not None:
        out |= {
            "pot": f"{pot.amount:.2f}",
            "grant": pot.grant,
            "financial_year": pot.financial_year,
        }
    elif filters.choice("split.pot"):
        out["pot"] = filters.choice("split.pot")
    year = filters.choice("split.year")
    if year and year.isdigit():
        out["year"] = int(year)
    elif pot is not None:
        out["year"] = pot.year
    need = _weights(filters.choice("split.need"))
    blend = _weights(filters.choice("split.blend"))
    with contextlib.suppress(split_logic.SplitError):
        out["method"] = whatif_split.method_for(
            filters.choice("split.method") or "per_head",
            filters.choice("split.population") or "adults",
            need or _weights(_text(whatif_split.DEFAULT_WEIGHTS["split.need"])),
            blend or _weights(_text(whatif_split.DEFAULT_WEIGHTS["split.blend"])),
        ).to_dict()
    return out


def _text(weights: dict[str, int]) -> str:
    return ",".join(f"{k}:{v}" for k, v in weights.items() if v)


def _weights(text: str | None) -> dict[str, float]:
    out = {}
    for part in (text or "").split(","):
        key, _, value = part.partition(":")
        if value.isdigit():
            out[key] = int(value) / 100
    return out


def _split_settings(saved: dict[str, Any]) -> dict[str, str]:
    """The Funding split page's settings for a saved split."""
    out: dict[str, str] = {}
    pots = whatif_split.published_pots(data.ask)
    match = [
        p.label
        for p in pots.values()
        if p.grant == saved.get("grant") and p.financial_year == saved.get("financial_year")
    ]
    if match:
        out["split.pot_source"] = match[0]
    elif "pot" in saved:
        out |= {"split.pot_source": split.TYPED_POT, "split.pot": str(saved["pot"])}
    if "year" in saved:
        out["split.year"] = str(saved["year"])
    if "method" in saved:
        method = split_logic.SplitMethod.from_dict(saved["method"])
        out["split.method"] = whatif_split.kind_of(method)
        out["split.population"] = method.population
        if method.need_weights and method.need > 0:
            out["split.need"] = ",".join(
                f"{k}:{round(100 * v)}" for k, v in method.need_weights.items() if v
            )
        if out["split.method"] == "blend":
            out["split.blend"] = ",".join(
                f"{k}:{round(100 * getattr(method, k))}"
                for k in ("equal", "per_head", "need")
                if getattr(method, k)
            )
    return out


def apply(saved: dict[str, Any]) -> None:
    """Put a checked payload into the shared filters, page settings and session."""
    filters = state.current()
    choices = {
        k: v
        for k, v in filters.choices
        if not k.startswith(("whatif.target", "whatif.percent")) and k not in SPLIT_SETTINGS
    }
    target = saved.get("target") or {}
    if target:
        choices["whatif.target"] = str(target["kind"])
        if target.get("percent") is not None:
            choices["whatif.percent"] = f"{float(target['percent']):g}"
    if saved.get("split"):
        choices |= _split_settings(saved["split"])
        st.session_state[split.ACTUALS_KEY] = dict(saved["split"].get("typed_actuals", {}))
    groups = [group_from_dict(g) for g in saved.get("groups", [])]
    if target.get("group"):
        groups.insert(0, group_from_dict(target["group"]))
    group = groups[0] if groups else None
    state.update(
        indicator=saved.get("indicator_id", filters.indicator),
        period=saved.get("period"),
        area=saved.get("borough", filters.area),
        group=group.members if group else (),
        group_name=group.name if group else "",
        choices=tuple(sorted(choices.items())),
    )
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(WIDGET_PREFIXES):
            del st.session_state[key]


def open_scenario(ref: int | str) -> str:
    """Open a scenario into the session; returns the page that shows it."""
    catalogue = validate.current_catalogue(data.ask, data.manifest().version)
    with TURNS.aside():
        scenario, checked = validate.open_checked(store(), ref, catalogue)
    apply(checked.payload)
    notices = [f"Opened the scenario “{plain(scenario.name)}”."]
    notices += [plain(change) for change in checked.changes]
    if checked.payload.get("uploads"):
        files = ", ".join(plain(u.get("filename", "")) for u in checked.payload["uploads"])
        notices.append(
            f"It was saved with your uploaded figures ({files}). Uploads are never saved: "
            "upload the file again to use them."
        )
    st.session_state[NOTICES_KEY] = notices
    st.session_state[OPENED_KEY] = scenario.slug
    return PAGES.get(scenario.kind, DEFAULT_PAGE)


def arrive() -> None:
    """On a what-if page: open the scenario a link names (once), and say what opening did."""
    slug = st.query_params.get(LINK_PARAM)
    if slug and slug != st.session_state.get(OPENED_KEY):
        st.session_state[OPENED_KEY] = slug
        try:
            open_scenario(slug)
        except PROBLEMS as exc:
            st.warning(f"The linked scenario could not be opened: {plain(_reason(exc))}")
    for line in st.session_state.pop(NOTICES_KEY, []):
        st.info(line, icon=":material/bookmark:")


def link(slug: str, kind: str) -> str:
    """The link that reopens a scenario, absolute where the app knows its own address."""
    path = URL_PATHS.get(kind, "whatif")
    base = ""
    try:
        url = str(st.context.url or "")
    except (AttributeError, RuntimeError):
        url = ""
    if url:
        base = url.split("?")[0].rsplit("/", 1)[0] if "/" in url.split("//", 1)[-1] else url
    return f"{base}/{path}?{LINK_PARAM}={slug}"


def save_box(page: str) -> None:
    """Save the current what-if under a name; says where to find it and its link."""
    with st.expander("Save this what-if as a scenario", icon=":material/bookmark_add:"):
        with st.form(key=f"{page}.save_form", border=False):
            name = st.text_input("Scenario name", max_chars=120, key=f"{page}.save_name")
            save = st.form_submit_button("Save", icon=":material/save:", key=f"{page}.save")
        if save:
            try:
                kind = "split" if page == "split" else "what-if"
                content = payload()
                with TURNS.aside():
                    saved = store().save(
                        name, content, kind=kind, data_version=data.manifest().version
                    )
            except PROBLEMS as exc:
                st.warning(f"Not saved: {plain(_reason(exc))}", icon=":material/error:")
            else:
                st.success(
                    f"Saved as “{plain(saved.name)}”. Open it again from Saved scenarios, or "
                    "share this link:",
                    icon=":material/bookmark_added:",
                )
                st.code(link(saved.slug, saved.kind), language=None)


def listing() -> list[ScenarioSummary] | None:
    """Every saved scenario, or None (with a message) when the store cannot be reached."""
    try:
        with TURNS.aside():
            return store().list()
    except PROBLEMS as exc:
        st.warning(
            f"Saved scenarios are not available: {plain(_reason(exc))}", icon=":material/error:"
        )
        return None


def manager(items: list[ScenarioSummary]) -> None:
    """Open, duplicate, rename or delete one saved scenario."""
    if not items:
        return
    by_slug = {s.slug: s for s in items}
    # A choice made by the last action (the new copy, or none after a delete) is applied before
    # the select exists: Streamlit refuses changes to a widget's value once it is drawn.
    if NEXT_KEY in st.session_state:
        following = st.session_state.pop(NEXT_KEY)
        st.session_state.pop("scenarios.sure", None)
        if following in by_slug:
            st.session_state["scenarios.chosen"] = following
        else:
            st.session_state.pop("scenarios.chosen", None)
    chosen = st.selectbox(
        "Scenario",
        list(by_slug),
        format_func=lambda s: by_slug[s].name,
        key="scenarios.chosen",
    )
    summary = by_slug[chosen]
    open_column, copy_column, delete_column = st.columns(3)
    try:
        if open_column.button("Open", icon=":material/open_in_new:", key="scenarios.open"):
            st.switch_page(open_scenario(summary.slug))
        if copy_column.button("Duplicate", icon=":material/content_copy:", key="scenarios.copy"):
            with TURNS.aside():
                copy = store().duplicate(summary.slug)
            st.session_state[NEXT_KEY] = copy.slug
            st.rerun()
        sure = delete_column.checkbox("I want to delete it", key="scenarios.sure")
        if delete_column.button(
            "Delete", icon=":material/delete:", disabled=not sure, key="scenarios.delete"
        ):
            with TURNS.aside():
                store().delete(summary.slug, expected_revision=summary.revision)
            st.session_state[NEXT_KEY] = ""
            st.rerun()
        with st.form(key="scenarios.rename_form", border=False):
            new_name = st.text_input("New name", max_chars=120, key="scenarios.new_name")
            rename = st.form_submit_button("Rename", key="scenarios.rename")
        if rename:
            with TURNS.aside():
                store().rename(summary.slug, new_name, expected_revision=summary.revision)
            st.rerun()
    except PROBLEMS as exc:
        st.warning(f"Nothing was changed: {plain(_reason(exc))}", icon=":material/error:")
