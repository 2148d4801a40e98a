"""A saved scenario checked against the dashboard as it is now, saying in words what changed.

The payload (JSON, version 1) may hold: ``indicator_id``, ``period``, ``borough`` (a code),
``target`` (``{"kind", "percent"?, "group"?}``), ``groups`` (``[{"name", "members"}]``),
``split`` (``{"pot", "year", "grant"?, "financial_year"?, "method", "typed_actuals"?}``) and
``uploads`` (summaries of uploaded files, never their figures). A borough, indicator or period
that no longer exists is dropped or replaced by the nearest sensible choice, and every such
change comes back as a sentence to show when the scenario opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gmdash import queries
from gmdash.queries import Ask
from gmdash.scenarios.store import PAYLOAD_VERSION, Scenario, ScenarioStore
from gmdash.whatif.groups import GroupError, make_group
from gmdash.whatif.split import SplitError, SplitMethod, pot_pence
from gmdash.whatif.targets import Target, TargetError

KNOWN_KEYS = (
    "indicator_id",
    "period",
    "borough",
    "target",
    "groups",
    "split",
    "uploads",
)
UPLOAD_FIELDS = ("filename", "kind", "summary")


@dataclass(frozen=True)
class Catalogue:
    """What the dashboard has now: boroughs, indicators and each indicator's periods."""

    version: str
    boroughs: Mapping[str, str]
    indicators: Mapping[str, str]
    periods: Mapping[str, tuple[str, ...]]


def current_catalogue(ask: Ask, version: str) -> Catalogue:
    """The catalogue of the open extracts, through the query layer."""
    areas = ask(queries.gm_areas)
    boroughs = areas[areas["role"] == "borough"]
    catalogue = ask(queries.indicator_catalogue)
    periods = {
        str(i): tuple(ask(queries.indicator_periods, str(i))["period"].astype(str))
        for i in catalogue["indicator_id"]
    }
    return Catalogue(
        version=version,
        boroughs=dict(zip(boroughs["area_code"], boroughs["area_name"], strict=True)),
        indicators=dict(zip(catalogue["indicator_id"], catalogue["title"], strict=True)),
        periods=periods,
    )


@dataclass(frozen=True)
class Checked:
    """The payload as it can be used now, and what had to change (empty when nothing did)."""

    payload: dict[str, Any]
    changes: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        return not self.changes


def _group(data: object, cat: Catalogue, where: str, changes: list[str]) -> dict[str, Any] | None:
    if not isinstance(data, Mapping):
        changes.append(f"A group {where} could not be read, so it was left out.")
        return None
    name = str(data.get("name", ""))[:80]
    members = data.get("members", [])
    members = list(members) if isinstance(members, list | tuple) else []
    gone = [m for m in members if str(m) not in cat.boroughs]
    if gone:
        changes.append(
            f"{', '.join(map(str, gone))} {'is' if len(gone) == 1 else 'are'} no longer among "
            f"the dashboard's boroughs, so {'it was' if len(gone) == 1 else 'they were'} "
            f"removed from the group '{name}'{where}."
        )
    kept = [str(m) for m in members if str(m) in cat.boroughs]
    try:
        return make_group(name, kept, cat.boroughs).to_dict()
    except GroupError as exc:
        changes.append(f"The group '{name}'{where} was left out: {exc}")
        return None


def _target(data: object, cat: Catalogue, changes: list[str]) -> dict[str, Any] | None:
    if not isinstance(data, Mapping):
        changes.append("The saved target could not be read, so no target is set.")
        return None
    group = None
    if data.get("kind") == "group":
        group_data = _group(data.get("group"), cat, " used as the target", changes)
        if group_data is None:
            changes.append("The target was a group that no longer works, so no target is set.")
            return None
        group = make_group(group_data["name"], group_data["members"], cat.boroughs)
    try:
        percent = data.get("percent")
        return Target(str(data.get("kind")), percent, group).to_dict()
    except TargetError as exc:
        changes.append(f"The saved target was left out: {exc}")
        return None


def _split(data: object, cat: Catalogue, changes: list[str]) -> dict[str, Any] | None:
    if not isinstance(data, Mapping):
        changes.append("The saved funding split could not be read, so it was left out.")
        return None
    out: dict[str, Any] = {}
    try:
        out["pot"] = f"{pot_pence(data.get('pot')) / 100:.2f}"
    except SplitError as exc:
        changes.append(f"The saved pot was left out: {exc}")
    year = data.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and 1990 <= year <= 2100:
        out["year"] = year
    elif year is not None:
        changes.append(f"The saved year {year!r} is not a year, so it was left out.")
    for key in ("grant", "financial_year"):
        if isinstance(data.get(key), str):
            out[key] = str(data[key])[:60]
    try:
        out["method"] = SplitMethod.from_dict(dict(data.get("method") or {})).to_dict()
    except (SplitError, TypeError, ValueError) as exc:
        changes.append(f"The saved way of splitting the pot was left out: {exc}")
    typed = data.get("typed_actuals") or {}
    if isinstance(typed, Mapping):
        gone = [str(k) for k in typed if str(k) not in cat.boroughs]
        if gone:
            changes.append(
                f"Actual figures typed for {', '.join(gone)} were left out: not a borough now."
            )
        out["typed_actuals"] = {str(k): v for k, v in typed.items() if str(k) in cat.boroughs}
    return out


def _versions(
    payload: Mapping[str, Any],
    cat: Catalogue,
    data_version: str | None,
    payload_version: int,
    changes: list[str],
) -> None:
    """What the scenario was saved with that differs from now: versions and unknown parts."""
    if payload_version > PAYLOAD_VERSION:
        changes.append(
            "This scenario was saved by a newer version of the dashboard; parts this version "
            "does not know are left out."
        )
    if data_version is not None and data_version != cat.version:
        changes.append(
            f"It was saved with the extracts of {data_version}; the dashboard now has "
            f"{cat.version}, so figures may differ from when it was saved."
        )
    unknown = sorted(set(payload) - set(KNOWN_KEYS))
    if unknown:
        changes.append(f"Parts this dashboard does not know were left out: {', '.join(unknown)}.")


def _indicator_and_period(
    payload: Mapping[str, Any], cat: Catalogue, out: dict[str, Any], changes: list[str]
) -> None:
    """The indicator if it still exists, and its period, or the latest one if that is gone."""
    indicator = payload.get("indicator_id")
    if indicator is not None:
        if str(indicator) in cat.indicators:
            out["indicator_id"] = str(indicator)
        else:
            changes.append(
                f"The indicator '{indicator}' is no longer in the dashboard, so the scenario "
                "opens without one: choose an indicator."
            )
    period = payload.get("period")
    if "indicator_id" not in out or period is None:
        return
    periods = cat.periods.get(out["indicator_id"], ())
    title = cat.indicators[out["indicator_id"]]
    if str(period) in periods:
        out["period"] = str(period)
    elif periods:
        out["period"] = periods[-1]
        changes.append(
            f"The period {period} of {title} is no longer available; the latest, "
            f"{periods[-1]}, is shown instead."
        )
    else:
        changes.append(f"{title} has no periods now, so no period is chosen.")


def _borough(
    payload: Mapping[str, Any], cat: Catalogue, out: dict[str, Any], changes: list[str]
) -> None:
    borough = payload.get("borough")
    if borough is None:
        return
    if str(borough) in cat.boroughs:
        out["borough"] = str(borough)
    else:
        changes.append(
            f"The borough {borough} is no longer one of the dashboard's boroughs, so no "
            "borough is chosen."
        )


def _groups(payload: Mapping[str, Any], cat: Catalogue, changes: list[str]) -> list[Any]:
    saved = payload.get("groups") or []
    if not isinstance(saved, list):
        changes.append("The saved groups could not be read, so they were left out.")
        saved = []
    kept = [_group(g, cat, "", changes) for g in saved]
    return [g for g in kept if g is not None]


def _uploads(payload: Mapping[str, Any]) -> list[dict[str, str]]:
    """Summaries of uploaded files (never their figures), each field cut to a sensible length."""
    uploads = payload.get("uploads") or []
    return [
        {k: str(u[k])[:300] for k in UPLOAD_FIELDS if k in u}
        for u in (uploads if isinstance(uploads, list) else [])
        if isinstance(u, Mapping)
    ]


def check_payload(
    payload: Mapping[str, Any],
    cat: Catalogue,
    *,
    data_version: str | None = None,
    payload_version: int = PAYLOAD_VERSION,
) -> Checked:
    """Check a saved payload against ``cat``; drop or replace what no longer exists, and say so."""
    changes: list[str] = []
    out: dict[str, Any] = {}
    _versions(payload, cat, data_version, payload_version, changes)
    _indicator_and_period(payload, cat, out, changes)
    _borough(payload, cat, out, changes)
    if payload.get("target") is not None:
        target = _target(payload["target"], cat, changes)
        if target is not None:
            out["target"] = target
    out["groups"] = _groups(payload, cat, changes)
    if payload.get("split") is not None:
        split = _split(payload["split"], cat, changes)
        if split:
            out["split"] = split
    out["uploads"] = _uploads(payload)
    return Checked(out, tuple(changes))


def open_checked(store: ScenarioStore, ref: int | str, cat: Catalogue) -> tuple[Scenario, Checked]:
    """Open a scenario by id or link and check it against the dashboard as it is now."""
    scenario = store.open(ref)
    checked = check_payload(
        scenario.payload,
        cat,
        data_version=scenario.data_version,
        payload_version=scenario.payload_version,
    )
    return scenario, checked
