"""A chart and everything that travels with it: alt text, table view, provenance and data status."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from gmdash.charts import Chart
from gmdash.provenance import DataStatus, Provenance


class FigureError(ValueError):
    """A figure was built without something every figure must carry (alt text, a title)."""


def slug(text: str) -> str:
    """A lower-case, hyphenated file-name part: "Completions: opiate" -> "completions-opiate"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def _title_parts(chart: Chart) -> tuple[str, tuple[str, ...]]:
    title = getattr(chart, "title", alt.Undefined)
    if isinstance(title, alt.TitleParams):
        text, sub = title.text, title.subtitle
    else:
        text, sub = title, alt.Undefined
    text = "" if text is alt.Undefined else text
    lines = () if sub is alt.Undefined else ((sub,) if isinstance(sub, str) else tuple(sub))
    return (" ".join(text) if isinstance(text, list) else str(text)), tuple(map(str, lines))


@dataclass(frozen=True)
class Figure:
    """One chart as a reader meets it, built once by the logic layer and drawn by one component.

    The chart's own title, subtitle and `description` (its alt text) are the single source of
    those words: the table view, the downloads, the slide in a committee pack and the screen
    reader all read them from here, so they cannot disagree.

    - `key`: a stable identifier, unique on its page (widget keys derive from it).
    - `table`: the table view and the CSV download, one row per mark, with `is_illustrative`
      where the rows can be generated.
    - `name`: the file-name stem of downloads, saying what the chart is
      (`bury_completions-opiate_2023_vs-england`).
    - `context`: constant columns a downloaded row carries (period, comparator...).
    - `notes`: short notes on what the chart leaves out or how to read it, shown under it.
    - `heading`: a section heading above the chart, where the page is read in sections.
    """

    key: str
    chart: Chart
    table: pd.DataFrame
    provenance: Provenance
    name: str
    context: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    heading: str = ""

    def __post_init__(self) -> None:
        if not self.alt_text:
            raise FigureError(f"figure {self.key!r}: the chart has no description (alt text)")
        if not self.title:
            raise FigureError(f"figure {self.key!r}: the chart has no title")

    @property
    def alt_text(self) -> str:
        description = getattr(self.chart, "description", alt.Undefined)
        return "" if description is alt.Undefined else str(description)

    @property
    def title(self) -> str:
        return _title_parts(self.chart)[0]

    @property
    def subtitle(self) -> tuple[str, ...]:
        return _title_parts(self.chart)[1]

    @property
    def status(self) -> DataStatus:
        return self.provenance.status

    @property
    def source_line(self) -> str:
        """One line naming where the numbers come from, for an image or a slide."""
        return self.provenance.source_line()


@dataclass(frozen=True)
class Table:
    """A titled table a page shows beside its charts (a rank table, a trend-test table).

    `status` is the data status of its values: a table built on generated values says so in
    its caption's first words.
    """

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""
    status: DataStatus = DataStatus.REAL
    links: tuple[str, ...] = ()
    # A short table of wrapped text reads better drawn whole (static) than in a scrolling grid.
    static: bool = False
    # A long reference table sits folded under its title until a reader opens it.
    folded: bool = False

    @property
    def full_caption(self) -> str:
        return labelled_caption(self.caption, self.status)


@dataclass(frozen=True)
class Sentences:
    """Plain-English statements under a heading, each already labelled if built on generated data."""

    key: str
    title: str
    lines: tuple[str, ...]
    caption: str = ""
    bullets: bool = True


@dataclass(frozen=True)
class Notice:
    """A message in place of, or beside, a view: no data, a fallback, a suppression."""

    text: str
    kind: str = "info"


@dataclass(frozen=True)
class Download:
    """A whole-table download: a button, with the rows' status and context columns in the file.

    `frame` is the table, or a function that makes it when the reader clicks (for a table too
    large to work out every time the page is drawn).
    """

    key: str
    label: str
    frame: pd.DataFrame | Callable[[], pd.DataFrame]
    name: str
    context: Mapping[str, str] = field(default_factory=dict)

    def rows(self) -> pd.DataFrame:
        """The table itself, made now if it is made on demand."""
        return self.frame if isinstance(self.frame, pd.DataFrame) else self.frame()


Block = Figure | Table | Sentences | Notice | Download


def labelled_caption(caption: str, status: DataStatus) -> str:
    """A caption that opens with the data status whenever generated values are in play."""
    if not status.has_generated:
        return caption
    return f"**{status.label}.** {caption}".strip()
