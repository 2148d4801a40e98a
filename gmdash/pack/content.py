"""What a committee pack holds: its area (a borough or a pooled group), its views, and their blocks.

Every view is one of the app's own (`gmdash.views`), run with the same `ask`, so a slide and the
page it comes from cannot disagree. A pooled group gets its pooled figures: its profile is the
Borough profile drawn for the group's summed counts (`GroupAsk`), its trends are the Trends
page's pooled line, and each comparison adds a sentence on the pooled figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Concatenate

import pandas as pd

from gmcore.schema import COMPARATORS, ENGLAND, GM_BOROUGHS
from gmdash import queries, views
from gmdash.analysis import add_benchmarks, comparator_value
from gmdash.figure import Block, Notice, Sentences
from gmdash.provenance import labelled, status_of
from gmdash.queries import Ask, Connection, P, T
from gmdash.views import compare, overview, profile, trends
from gmdash.views import people as people_view
from gmdash.whatif.groups import GroupError, PooledGroup, make_group, with_groups

PROFILE, COMPARE, TRENDS, OVERVIEW = "profile", "compare", "trends", "overview"
PEOPLE = "people"
KINDS = (PROFILE, COMPARE, TRENDS, OVERVIEW, PEOPLE)
#: Kinds that take an indicator (`compare:alcohol_met_need`).
WITH_INDICATOR = (COMPARE, TRENDS)
#: The pack's views when none are chosen: the profile, then the headline indicators (the home
#: page's two) and the opiate completions, each compared and over time.
DEFAULT_INDICATORS = ("alcohol_met_need", "drug_poisoning_death_rate", "completions_opiate")
SEX = "Persons"


class PackError(ValueError):
    """A pack cannot be built as asked; the message says what to change."""


@dataclass(frozen=True)
class ViewSpec:
    """One view of the pack: a kind, and the indicator for a comparison or a trend."""

    kind: str
    indicator: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.indicator}" if self.indicator else self.kind


@dataclass(frozen=True)
class Target:
    """What the pack is about: one borough, or a pooled group of boroughs."""

    code: str
    name: str
    members: tuple[str, ...]
    group: PooledGroup | None = None

    @property
    def is_group(self) -> bool:
        return self.group is not None

    @property
    def slug(self) -> str:
        return self.group.slug if self.group else self.name.lower().replace(" ", "-")

    def describe(self) -> str:
        if self.group is None:
            return self.name
        if self.name == self.group.describe():
            return f"{self.name} (pooled group)"
        return f"{self.name} (pooled group of {self.group.describe()})"


def default_views() -> list[ViewSpec]:
    out = [ViewSpec(PROFILE)]
    for indicator in DEFAULT_INDICATORS:
        out += [ViewSpec(COMPARE, indicator), ViewSpec(TRENDS, indicator)]
    return out


def view_choices(catalogue: pd.DataFrame) -> dict[str, str]:
    """Every view a pack can hold, label ("compare:alcohol_met_need") to its words.

    `catalogue` is indexed by indicator id (`views.borough_catalogue`).
    """
    out = {PROFILE: "Profile: every indicator against England"}
    for kind, words in ((COMPARE, "the boroughs compared"), (TRENDS, "over time")):
        for indicator, title in views.picker_titles(catalogue).items():
            out[f"{kind}:{indicator}"] = f"{title}: {words}"
    out[OVERVIEW] = "Overview: every borough on every indicator"
    out[PEOPLE] = "People in treatment: who they are, how they arrive, wait and leave"
    return out


def parse_views(text: str | Sequence[str], indicators: Sequence[str]) -> list[ViewSpec]:
    """Views from "profile,compare:alcohol_met_need,trends:completions_opiate" (or a list).

    Raises PackError naming each unknown view or indicator and what may be chosen instead.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    items = [i.strip() for i in items if i.strip()]
    if not items:
        raise PackError(f"Choose at least one view: {', '.join(KINDS)}.")
    out: list[ViewSpec] = []
    for item in items:
        kind, _, indicator = (part.strip() for part in item.partition(":"))
        if kind not in KINDS:
            raise PackError(
                f"Unknown view {item!r}: choose from profile, overview, people, "
                "compare:<indicator> and trends:<indicator>."
            )
        if kind in WITH_INDICATOR and indicator not in indicators:
            raise PackError(
                f"The view {item!r} needs an indicator with borough figures: "
                f"{kind}:<indicator>, one of {', '.join(indicators)}."
            )
        if kind not in WITH_INDICATOR and indicator:
            raise PackError(f"The view {kind!r} takes no indicator (got {item!r}).")
        spec = ViewSpec(kind, indicator)
        if spec not in out:
            out.append(spec)
    return out


def borough(area: str, boroughs: Mapping[str, str] = GM_BOROUGHS) -> Target:
    """The borough named by its code or name (any case); PackError lists the choices."""
    by_name = {n.lower(): c for c, n in boroughs.items()}
    code = area.strip() if area.strip() in boroughs else by_name.get(area.strip().lower())
    if code is None:
        raise PackError(
            f"{area!r} is not a Greater Manchester borough: give a code or name, one of "
            + ", ".join(f"{c} ({n})" for c, n in boroughs.items())
            + "."
        )
    return Target(code, boroughs[code], (code,))


def pooled(
    members: str | Sequence[str], name: str = "", boroughs: Mapping[str, str] = GM_BOROUGHS
) -> Target:
    """A pooled group from its members (codes or names, a list or "Bolton,Salford,Trafford").

    Without a name the group is called after its members ("Bolton, Salford and Trafford").
    """
    items = [m.strip() for m in members.split(",")] if isinstance(members, str) else list(members)
    items = [m for m in items if m]
    try:
        if not name:
            # Validated once without a name, to name it after its members in their own order.
            group = make_group("Pooled group", items, boroughs)
            name = (
                group.describe()
                if len(group.members) <= 3
                else (f"Pooled group of {len(group.members)} boroughs")
            )
        group = make_group(name, items, boroughs)
    except GroupError as exc:
        raise PackError(str(exc)) from None
    return Target(group.area_code, group.name, group.members, group)


class GroupAsk:
    """An `ask` that adds a pooled group's rows beside the boroughs' in the latest-value frames.

    The Borough profile reads the latest values and the series of every GM borough; with the
    group's pooled rows added (counts and denominators summed, the interval computed on the
    sums, disclosure control applied: `gmdash.whatif.groups`) it draws the group as it draws a
    borough. Indicators that cannot be pooled (directly standardised rates) are left out, and
    `not_pooled` names them.
    """

    POOLED_QUERIES = ("latest_values_gm", "gm_borough_series")

    def __init__(self, ask: Ask, group: PooledGroup) -> None:
        self.ask = ask
        self.group = group
        catalogue = ask(queries.indicator_catalogue)
        self.meta = catalogue.set_index("indicator_id")
        self.not_pooled: dict[str, str] = {}

    def __call__(
        self,
        query: Callable[Concatenate[Connection, P], pd.DataFrame],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> pd.DataFrame:
        frame = self.ask(query, *args, **kwargs)
        if query.__name__ not in self.POOLED_QUERIES:
            return frame
        parts = []
        for indicator_id, rows in frame.groupby("indicator_id", sort=False):
            row = views.indicator_meta(self.meta, str(indicator_id))
            meta = {"indicator_id": indicator_id, **{str(k): v for k, v in row.items()}}
            try:
                parts.append(with_groups(rows, [self.group], meta)[rows.columns])
            except GroupError as exc:
                self.not_pooled[str(meta["short_title"])] = str(exc)
                parts.append(rows)
        return pd.concat(parts, ignore_index=True) if parts else frame

    def memo(self, fn: Callable[Concatenate[Ask, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        # Never the app's shared results: they are the boroughs' alone, without the group's rows.
        return fn(self, *args, **kwargs)


def _latest_period(ask: Ask, indicator_id: str) -> str:
    periods = views.borough_periods(ask, indicator_id, SEX)
    return periods[-1] if periods else ""


def _pooled_comparison(
    ask: Ask, target: Target, meta: pd.Series, period: str, comparator: str
) -> Block:
    """One sentence on the group's pooled figure against the comparator."""
    assert target.group is not None
    title = str(meta["short_title"])
    frame = ask(queries.indicator_values_gm, str(meta.name), period, SEX)
    try:
        fields = {str(k): v for k, v in meta.items()}
        rows = with_groups(frame, [target.group], {"indicator_id": meta.name, **fields})
    except GroupError as exc:
        return Notice(f"{title}: {exc}")
    row = rows[rows["area_code"] == target.code]
    value = comparator_value(frame, comparator)
    if row.empty or pd.isna(row["value"].iloc[0]):
        note = str(row["note"].iloc[0]) if not row.empty else "no figure"
        return Notice(f"{title}, {target.name}: {note}")
    judged = add_benchmarks(row, value, str(meta["polarity"])).iloc[0]
    unit = str(meta["unit"])
    figure = f"{judged['value']:,.1f}{'%' if unit == '%' else ' ' + unit}"
    ci = f"95% CI {judged['lci95']:,.1f}–{judged['uci95']:,.1f}"
    name = COMPARATORS[comparator]
    words = {"similar": "similar to", "not compared": "not compared with"}
    benchmark = str(judged["benchmark"])
    against = (
        f"{name} has no value to compare with"
        if value is None
        else f"{words.get(benchmark, benchmark + ' than')} {name} ({value:,.1f})"
    )
    line = f"{target.name}, pooled, {period}: {figure} ({ci}); {against}."
    return Sentences(
        key=f"pack.pooled.{meta.name}",
        title="The pooled group",
        lines=(labelled(line, status_of(row)),),
        caption=str(row["note"].iloc[0]),
    )


def _people(ask: Ask, target: Target, version: str) -> list[Block]:
    """The People in treatment page for a borough, all substances, its latest year."""
    if target.is_group:
        return [
            Notice(
                "People in treatment is drawn for one borough at a time, from that borough's "
                "own NDTMS ViewIt export: choose a single borough for it."
            )
        ]
    periods = people_view.periods(ask, target.code, people_view.DEFAULT_SUBSTANCE)
    choice = people_view.Choice(target.code, target.name, period=periods[-1])
    return people_view.blocks(ask, choice, version)


def blocks(
    ask: Ask,
    spec: ViewSpec,
    target: Target,
    version: str,
    comparator: str = ENGLAND,
) -> list[Block]:
    """The blocks of one view for the pack's area, as the page would draw them."""
    if spec.kind == OVERVIEW:
        return overview.blocks(ask, comparator, version)
    if spec.kind == PEOPLE:
        return _people(ask, target, version)
    if spec.kind == PROFILE:
        if target.group is None:
            return profile.blocks(ask, target.code, target.name, version)
        grouped = GroupAsk(ask, target.group)
        out = profile.blocks(grouped, target.code, target.name, version)
        out += [
            Notice(f"{title} is not shown for the pooled group: {why}")
            for title, why in grouped.not_pooled.items()
        ]
        return out
    catalogue = views.borough_catalogue(ask)
    meta = views.indicator_meta(catalogue, spec.indicator)
    if spec.kind == TRENDS:
        choice = trends.Choice(spec.indicator, SEX, comparator, target.members, group=target.group)
        return trends.blocks(ask, meta, choice, GM_BOROUGHS, version)
    period = _latest_period(ask, spec.indicator)
    if not period:
        return [Notice(f"{meta['short_title']} has no borough figures to compare.")]
    area = "" if target.is_group else target.code
    out = compare.blocks(
        ask, meta, compare.Choice(spec.indicator, period, SEX, comparator, area=area), version
    )
    if target.is_group:
        out.append(_pooled_comparison(ask, target, meta, period, comparator))
    return out
