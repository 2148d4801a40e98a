"""Shared filters: one typed record in session state, mirrored in the URL so a link reopens a view.

Streamlit clears query parameters when the user switches page, so the session holds the truth
and every page writes its filters back to the URL. A link is read once, when a session starts:
values it names that the app does not know are ignored with a visible notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import streamlit as st

from gmcore.schema import COMPARATORS, ENGLAND
from gmdash.whatif.groups import GroupError, PooledGroup, make_group

STATE_KEY = "gmdash_filters"
NOTICES_KEY = "gmdash_url_notices"
SEXES = ("Persons", "Male", "Female")
# Every page opens on a real indicator: alcohol treatment met need (ONS SDG 3.5.1).
DEFAULT_INDICATOR = "alcohol_met_need"
# A page's own settings (a view toggle, a baseline) travel in the URL under their widget key,
# `<page>.<setting>` (compare.view=Funnel plot). Links made before that convention named them
# `v.<old key>`; they keep working through this mapping.
SETTING_KEY = re.compile(r"^[a-z]+\.[a-z_]+$")
LEGACY_SETTING_KEYS = {
    "v.compare:view": "compare.view",
    "v.compare:centre": "compare.centre",
    "v.trends:pool": "trends.pool",
    "v.trends:baseline": "trends.baseline",
    "v.map_scheme": "map.scheme",
    "v.map_domain": "map.domain",
    "v.funding_grant": "funding.grant",
    "v.demographics_topic": "demographics.topic",
}
# Room for every page's settings at once (the What-if and Funding split pages have several).
MAX_CHOICES = 24
# Every ASCII punctuation mark: CommonMark lets each be backslash-escaped to stand for itself.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def echo(value: str, limit: int = 40) -> str:
    """A value from a link, safe to quote in a notice that Streamlit renders as Markdown.

    Cut to `limit` characters, with characters that cannot be encoded or printed replaced, and
    every punctuation mark escaped, so a link can never put a link, an image, HTML, a colour or
    an icon directive, or formatting into the page.
    """
    text = value[:limit].encode("utf-8", "replace").decode("utf-8")
    text = "".join(c if c.isprintable() else " " for c in text)
    return _PUNCTUATION.sub(r"\\\1", text)


@dataclass(frozen=True)
class Filters:
    """The filters every page shares; `None` period means "latest available"."""

    area: str
    indicator: str = DEFAULT_INDICATOR
    period: str | None = None
    comparator: str = ENGLAND
    sex: str = "Persons"
    areas: tuple[str, ...] = field(default_factory=tuple)
    choices: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # A named pooled group of boroughs (gmdash.whatif.groups), usable wherever a borough or a
    # comparator can be chosen; `group` holds its members' codes, empty when there is none.
    group: tuple[str, ...] = field(default_factory=tuple)
    group_name: str = ""

    def choice(self, key: str) -> str | None:
        """A page setting stored under its widget key, or None when the page uses its default."""
        return dict(self.choices).get(key)

    def pooled_group(self) -> PooledGroup | None:
        """The named group, or None when there is none (its members were validated on entry)."""
        if not self.group:
            return None
        return make_group(self.group_name, self.group)

    def to_params(self) -> dict[str, str | list[str]]:
        params: dict[str, str | list[str]] = {
            "area": self.area,
            "indicator": self.indicator,
            "comparator": self.comparator,
            "sex": self.sex,
        }
        if self.period:
            params["period"] = self.period
        if self.areas:
            params["areas"] = list(self.areas)
        group = self.pooled_group()
        if group is not None:
            params["group"] = ",".join(group.member_names)
            params["group_name"] = group.name
        for key, value in self.choices:
            params[key] = value
        return params


@dataclass(frozen=True)
class Options:
    """What the URL may name: valid boroughs (code -> name) and indicator ids."""

    boroughs: Mapping[str, str]
    indicators: Sequence[str]


def _one(params: Mapping[str, str | list[str]], key: str) -> str | None:
    """The last value a link gives for a key, stripped, or None when absent or blank."""
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _borough(value: str, options: Options) -> str | None:
    """A borough given by code or by name in any case, as its code."""
    if value in options.boroughs:
        return value
    by_name = {name.casefold(): code for code, name in options.boroughs.items()}
    return by_name.get(value.casefold())


def _settings(params: Mapping[str, str | list[str]]) -> tuple[tuple[str, str], ...]:
    """Page settings (`<page>.<setting>`, or an old link's `v.<key>`), bounded in number and size.

    Each page checks its own settings against what it offers.
    """
    choices: dict[str, str] = {}
    for key in sorted(params):
        name = LEGACY_SETTING_KEYS.get(key, key)
        legacy_unknown = name.startswith("v.")
        if SETTING_KEY.match(name) and not legacy_unknown and (value := _one(params, key)):
            choices.setdefault(name, value[:80])
    return tuple(sorted(choices.items()))[:MAX_CHOICES]


def _group(
    members: str | None, name: str | None, options: Options, notices: list[str]
) -> PooledGroup | None:
    """The pooled group a link names (`group=Bolton,Salford&group_name=...`), or None with a
    notice saying why it was ignored."""
    if members is None:
        return None
    listed = [m.strip() for m in members.split(",") if m.strip()]
    try:
        draft = make_group("group", listed, options.boroughs)
        return make_group(name or draft.describe(), listed, options.boroughs)
    except GroupError as exc:
        # the reason may quote the link's text: echo escapes it for Markdown
        notices.append(f"The link's pooled group was ignored: {echo(str(exc), 200)}")
        return None


Check = tuple[str | None, str | None]


def _area(raw: str, options: Options, default: Filters) -> Check:
    if code := _borough(raw, options):
        return code, None
    return None, (
        f"The link named the area “{echo(raw)}”, which is not a GM borough; "
        f"showing {options.boroughs[default.area]} instead."
    )


def _indicator(raw: str, options: Options) -> Check:
    if raw in options.indicators:
        return raw, None
    return None, (
        f"The link named the indicator “{echo(raw)}”, which this dashboard "
        "does not have; showing the default indicator instead."
    )


def _comparator(raw: str, group: PooledGroup | None) -> Check:
    if raw in COMPARATORS or (group is not None and raw == group.area_code):
        return raw, None
    return None, (
        f"The link named the comparator “{echo(raw)}”, which is not one of "
        f"{', '.join(COMPARATORS.values())}; comparing with England instead."
    )


def _sex(raw: str) -> Check:
    if raw in SEXES:
        return raw, None
    return None, f"The link named sex “{echo(raw, 20)}”; showing persons instead."


def _shared(
    params: Mapping[str, str | list[str]],
    options: Options,
    default: Filters,
    group: PooledGroup | None = None,
) -> tuple[dict[str, str], list[str]]:
    """The single-valued shared filters a link names, and a notice for each one ignored.

    The comparator may be the link's pooled `group` (its code, ``group:<slug>``). Whether a
    period exists depends on the indicator: pages check it with `period_or_latest`."""
    checks: dict[str, Callable[[str], Check]] = {
        "area": lambda raw: _area(raw, options, default),
        "indicator": lambda raw: _indicator(raw, options),
        "comparator": lambda raw: _comparator(raw, group),
        "sex": _sex,
        "period": lambda raw: (raw[:20], None),
    }
    found: dict[str, str] = {}
    notices: list[str] = []
    for name, check in checks.items():
        if (raw := _one(params, name)) is None:
            continue
        value, notice = check(raw)
        if value is not None:
            found[name] = value
        if notice:
            notices.append(notice)
    return found, notices


def parse_params(
    params: Mapping[str, str | list[str]], options: Options, default: Filters
) -> tuple[Filters, list[str]]:
    """Filters from URL parameters, and a plain-English notice for each value that was ignored.

    Pure (no Streamlit calls) so the rules are unit-tested directly. Boroughs may be given by code
    or name, in any case.
    """
    notices: list[str] = []
    group = _group(_one(params, "group"), _one(params, "group_name"), options, notices)
    found, shared_notices = _shared(params, options, default, group)
    notices += shared_notices
    result = replace(
        default,
        group=group.members if group else default.group,
        group_name=group.name if group else default.group_name,
        area=found.get("area", default.area),
        indicator=found.get("indicator", default.indicator),
        comparator=found.get("comparator", default.comparator),
        sex=found.get("sex", default.sex),
        period=found.get("period", default.period),
    )
    if areas := params.get("areas"):
        listed = [areas] if isinstance(areas, str) else list(areas)
        codes = [_borough(a.strip(), options) for a in listed]
        unknown = [a for a, c in zip(listed, codes, strict=True) if c is None]
        result = replace(result, areas=tuple(dict.fromkeys(c for c in codes if c)))
        if unknown:
            notices.append(
                "The link named area(s) that are not GM boroughs, which were "
                f"ignored: {', '.join(echo(u) for u in unknown[:5])}."
            )
    if choices := _settings(params):
        result = replace(result, choices=choices)
    return result, notices


def period_or_latest(requested: str | None, periods: Sequence[str]) -> tuple[str, str | None]:
    """The requested period if the indicator has it, else its latest, with a notice if ignored."""
    if not periods:
        raise ValueError("the indicator has no periods")
    if requested is None or requested in periods:
        return (requested or periods[-1]), None
    return periods[-1], (
        f"The period “{echo(requested, 20)}” is not available for this indicator; "
        f"showing the latest, {periods[-1]}."
    )


def init(options: Options, default: Filters) -> None:
    """Read the URL once per session into the shared filters; remember notices to show."""
    if STATE_KEY in st.session_state:
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    filters, notices = parse_params(params, options, default)
    st.session_state[STATE_KEY] = filters
    st.session_state[NOTICES_KEY] = notices


def current() -> Filters:
    filters: Filters = st.session_state[STATE_KEY]
    return filters


def update(**changes: object) -> Filters:
    """Change some filters and write them all to the URL."""
    filters = replace(current(), **changes)  # type: ignore[arg-type]
    st.session_state[STATE_KEY] = filters
    publish()
    return filters


def publish() -> None:
    """Mirror the shared filters in the URL (query parameters are cleared on page switch)."""
    wanted = current().to_params()
    if {k: st.query_params.get_all(k) for k in st.query_params} != {
        k: v if isinstance(v, list) else [v] for k, v in wanted.items()
    }:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    """Show, once, what a link asked for that the app ignored."""
    for notice in st.session_state.pop(NOTICES_KEY, []):
        st.warning(notice, icon=":material/link_off:")
