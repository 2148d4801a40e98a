"""Presentation mode's logic: a deck of views named in the URL, one figure per slide, and its theme.

A deck is written in the URL as `slides=profile:E08000002,compare:alcohol_met_need,trends:
drug_poisoning_death_rate:E08000002+E08000010`: each slide is a view and its arguments.

- `profile:<borough>` — the borough's spine chart against England.
- `compare:<indicator>[:<period>]` — the boroughs' bars on an indicator (latest period if none).
- `trends:<indicator>[:<borough>+<borough>...]` — the trend chart, with GM and England.

Boroughs may be codes or names. The comparator and sex are the shared filters'. Each slide is
drawn from the very view its page uses, so a slide and its page cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gmdash import views
from gmdash.figure import Figure, Notice
from gmdash.queries import Ask
from gmdash.views import compare, profile, trends

KINDS = ("profile", "compare", "trends")
KIND_WORDS = {"profile": "Borough profile", "compare": "Compare boroughs", "trends": "Trends"}
MAX_SLIDES = 20


@dataclass(frozen=True)
class Slide:
    """One view on one screen: which view, and its indicator, boroughs and period."""

    kind: str
    indicator: str = ""
    areas: tuple[str, ...] = ()
    period: str = ""

    def token(self) -> str:
        """The slide as the URL writes it: the inverse of `parse_slides` for one item."""
        if self.kind == "profile":
            return f"profile:{self.areas[0]}"
        parts = [self.kind, self.indicator]
        if self.kind == "compare" and self.period:
            parts.append(self.period)
        if self.kind == "trends" and self.areas:
            parts.append("+".join(self.areas))
        return ":".join(parts)


@dataclass(frozen=True)
class Setting:
    """What every slide shares: the comparator, sex and default borough (shared filters)."""

    comparator: str
    sex: str
    area: str


def deck_text(slides: Sequence[Slide]) -> str:
    """The `slides` URL value for a deck."""
    return ",".join(s.token() for s in slides)


def parse_slides(
    text: str, boroughs: Mapping[str, str], indicators: Sequence[str]
) -> tuple[list[Slide], list[str]]:
    """The deck a `slides` URL value names, and a plain notice for each item left out.

    Pure, so the rules are unit-tested directly. Unknown views, indicators or boroughs leave the
    item out with a notice; the rest of the deck still shows.
    """
    by_name = {name.casefold(): code for code, name in boroughs.items()}

    def borough(value: str) -> str | None:
        value = value.strip()
        return value if value in boroughs else by_name.get(value.casefold())

    slides: list[Slide] = []
    notices: list[str] = []
    for item in [i.strip() for i in text.split(",") if i.strip()][:MAX_SLIDES]:
        kind, *args = item.split(":")
        kind = kind.strip().lower()
        shown = item[:60]
        if kind not in KINDS:
            notices.append(
                f"“{shown}” is not a view presentation mode can show (it shows "
                f"{', '.join(KINDS)}); it was left out."
            )
            continue
        if kind == "profile":
            code = borough(args[0]) if args else None
            if code is None:
                notices.append(f"“{shown}” names no GM borough; it was left out.")
                continue
            slides.append(Slide("profile", areas=(code,)))
            continue
        indicator = args[0].strip() if args else ""
        if indicator not in indicators:
            notices.append(f"“{shown}” names no indicator this dashboard has; it was left out.")
            continue
        if kind == "compare":
            slides.append(
                Slide("compare", indicator, period=args[1].strip() if len(args) > 1 else "")
            )
            continue
        # "+" joins boroughs; an unencoded "+" reaches us as a space, so either will do.
        listed = re.split(r"[+\s]+", args[1].strip()) if len(args) > 1 else []
        listed = [a for a in listed if a]
        codes = [borough(a) for a in listed]
        if any(c is None for c in codes):
            notices.append(f"“{shown}” names a borough that is not in GM; it was left out.")
            continue
        slides.append(Slide("trends", indicator, areas=tuple(c for c in codes if c)))
    return slides, notices


def default_deck(page: str, setting: Setting, indicator: str) -> list[Slide]:
    """The deck when the URL names none: the current page's view first, then the other two."""
    own = {
        "profile": Slide("profile", areas=(setting.area,)),
        "compare": Slide("compare", indicator),
        "trends": Slide("trends", indicator, areas=(setting.area,)),
    }
    first = [own[page]] if page in own else []
    return first + [s for k, s in own.items() if k != page]


def step_of(value: str | None, n_slides: int) -> int:
    """The 1-based step a URL asks for, kept within the deck (1 when missing or not a number)."""
    try:
        step = int(value or 1)
    except ValueError:
        return 1
    return min(max(step, 1), max(n_slides, 1))


def slide_figure(
    ask: Ask,
    slide: Slide,
    setting: Setting,
    boroughs: Mapping[str, str],
    version: str,
) -> Figure | Notice:
    """The one figure a slide shows, from the view its page uses, or why there is none."""
    catalogue = views.borough_catalogue(ask)
    if slide.kind == "profile":
        code = slide.areas[0]
        return _first(profile.blocks(ask, code, boroughs[code], version))
    meta = views.indicator_meta(catalogue, slide.indicator)
    if slide.kind == "compare":
        periods = views.borough_periods(ask, slide.indicator, setting.sex)
        if not periods:
            return Notice(f"{meta['short_title']} has no borough values to compare.")
        period = slide.period if slide.period in periods else periods[-1]
        choice = compare.Choice(
            slide.indicator, period, setting.sex, setting.comparator, area=setting.area
        )
        return _first(compare.blocks(ask, meta, choice, version))
    choice_t = trends.Choice(
        slide.indicator,
        setting.sex,
        setting.comparator,
        slide.areas or (setting.area,),
        also=tuple(trends.default_also(setting.comparator)),
    )
    return _first(trends.blocks(ask, meta, choice_t, boroughs, version))


def slide_label(slide: Slide, boroughs: Mapping[str, str], titles: Mapping[str, str]) -> str:
    """A slide in words for the deck's running head: "Trends · Drug-poisoning death rate"."""
    if slide.kind == "profile":
        return f"{KIND_WORDS['profile']} · {boroughs[slide.areas[0]]}"
    return f"{KIND_WORDS[slide.kind]} · {titles.get(slide.indicator, slide.indicator)}"


def _first(blocks: Sequence[object]) -> Figure | Notice:
    for block in blocks:
        if isinstance(block, Figure):
            return block
    notices = [b for b in blocks if isinstance(b, Notice)]
    return notices[-1] if notices else Notice("This view has nothing to show for this choice.")


# The high-contrast theme: every colour pair a reader sees, meant for WCAG 2.2 AAA (7:1) text.
HIGH_CONTRAST = {
    "text": "#000000",
    "background": "#FFFFFF",
    "button_text": "#FFFFFF",
    "button_background": "#000000",
    "banner_text": "#000000",
    "banner_background": "#FFF3B0",
    "gridlines": "#595959",
}
HIGH_CONTRAST_PAIRS = (
    ("text", "background"),
    ("button_text", "button_background"),
    ("banner_text", "banner_background"),
)


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB hex colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)
