"""The pack laid out once, as slides of positioned boxes, for the PowerPoint and the PDF to draw.

Both files draw these very boxes (text, pictures, tables, each at a position in inches on a
16:9 slide), so they hold the same content page for page. Text is paginated here, by an
estimate of how many characters a line holds, so that no box overflows: a long narrative moves
to slides of its own, a long table continues on the next page with its header repeated, and a
wide one is split into column groups that each repeat the table's first column.
"""

from __future__ import annotations

import math
import numbers
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from gmdash import images
from gmdash.charts import ILLUSTRATIVE_LABEL, TEXT
from gmdash.figure import Block, Figure, Notice, Sentences, Table
from gmdash.pack.content import Target, ViewSpec
from gmdash.provenance import DataStatus, labelled, status_of

SLIDE_W, SLIDE_H = 13.333, 7.5
LEFT, INNER = 0.5, 12.333
WATERMARK = images.WATERMARK
WATERMARK_FILL = images.WATERMARK_FILL
FONT = "Arial"
MUTED = "#404040"
# An average letter of a sans-serif face is about half an em wide; a little over keeps the
# estimate on the safe side, so a box estimated to fit does fit.
EM = 0.53
LINE = 1.22
TABLE_SIZE = 9.0
MAX_COLUMNS = 9
MAX_CELL = 160
METHODS_POINTER = " … (the full method is under Methods and sources, at the end)"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from the top left."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Para:
    """A paragraph; `**bold**` spans in `text` are drawn bold."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    colour: str = TEXT
    align: str = "left"
    space_after: float = 0.0

    def runs(self) -> list[tuple[str, bool]]:
        """(text, bold) pieces: the `**...**` spans of the text bold."""
        parts = re.split(r"\*\*(.+?)\*\*", self.text)
        return [(p, self.bold or i % 2 == 1) for i, p in enumerate(parts) if p]

    @property
    def plain(self) -> str:
        return self.text.replace("**", "")


@dataclass(frozen=True)
class TextBox:
    box: Box
    paras: tuple[Para, ...]
    name: str = "text"
    fill: str | None = None
    border: str | None = None


@dataclass(frozen=True)
class Picture:
    box: Box
    png: bytes
    alt: str
    name: str


@dataclass(frozen=True)
class TableShape:
    box: Box
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    size: float = TABLE_SIZE
    name: str = "table"


Shape = TextBox | Picture | TableShape


@dataclass(frozen=True)
class Slide:
    """One slide (one PDF page): its kind, title, shapes, and whether it shows generated data."""

    kind: str
    title: str
    shapes: tuple[Shape, ...]
    generated: bool = False


@dataclass(frozen=True)
class Deck:
    """The whole pack: its title, the file-name stem, and its slides in order."""

    title: str
    stem: str
    slides: tuple[Slide, ...]


def chars_per_line(width: float, size: float) -> int:
    """How many average letters of `size` points fit in `width` inches."""
    return max(8, int(width * 72 / (size * EM)))


def lines_of(text: str, width: float, size: float) -> int:
    """Lines `text` takes in a box `width` inches wide at `size` points (wrapping at spaces)."""
    return max(1, len(textwrap.wrap(text.replace("**", ""), chars_per_line(width, size))))


def height_of(paras: Sequence[Para], width: float) -> float:
    """Inches a column of paragraphs takes."""
    points = 0.0
    for p in paras:
        indent = 0.25 if p.bullet else 0.0
        points += lines_of(p.plain, width - indent - 0.2, p.size) * p.size * LINE + p.space_after
    return points / 72 + 0.1


def clip(text: str, width: float, size: float, lines: int, tail: str = "") -> str:
    """`text` cut to `lines` lines of the box, ending with `tail` when anything was cut."""
    if lines_of(text, width - 0.2, size) <= lines:
        return text
    budget = chars_per_line(width - 0.2, size) * lines - len(tail) - 4
    return textwrap.shorten(text, max(20, budget), placeholder="") + tail


def _watermark() -> TextBox:
    return TextBox(
        Box(9.23, 0.28, 3.6, 0.44),
        (Para(WATERMARK, 13, bold=True, colour="#000000", align="center"),),
        name="watermark",
        fill=WATERMARK_FILL,
    )


def _heading(title: str, generated: bool, size: float = 24) -> list[Shape]:
    """The slide's title on one line (a size or two smaller if need be) and any watermark."""
    width = 8.6 if generated else INNER
    fitted = next(
        (s for s in (size, size * 0.85, size * 0.72) if lines_of(title, width - 0.2, s) == 1),
        size * 0.72,
    )
    title = clip(title, width, fitted, 1, "…")
    box = TextBox(Box(LEFT, 0.25, width, 0.6), (Para(title, fitted, bold=True),), "title")
    return [box, _watermark()] if generated else [box]


def _foot(label: str) -> TextBox:
    return TextBox(Box(LEFT, 7.08, INNER, 0.3), (Para(label, 8, colour=MUTED),), "pack-label")


@dataclass
class _Builder:
    """Collects slides while the views are laid out."""

    label: str
    slides: list[Slide] = field(default_factory=list)
    appendix: list[Slide] = field(default_factory=list)
    methods: list[tuple[Figure, str]] = field(default_factory=list)

    def add(self, kind: str, title: str, shapes: Sequence[Shape], generated: bool) -> None:
        self.slides.append(Slide(kind, title, (*shapes, _foot(self.label)), generated))


def _context_line(figure: Figure) -> str:
    ctx = figure.context
    parts = [
        ctx.get("period", ""),
        f"compared with {ctx['comparator']}" if "comparator" in ctx else "",
    ]
    if ctx.get("sex") and ctx.get("sex") != "Persons":
        parts.append(str(ctx["sex"]))
    return " · ".join(p for p in parts if p)


def _subtitle(figure: Figure) -> tuple[Para, ...]:
    lines = [s for s in figure.subtitle if s != ILLUSTRATIVE_LABEL]
    context = _context_line(figure)
    paras = [Para(context, 14)] if context else []
    if lines:
        text = " ".join(line if line.endswith((".", ":", ";")) else line + "." for line in lines)
        paras.append(Para(clip(text, INNER, 10.5, 2, "…"), 10.5, colour=MUTED))
    return tuple(paras)


def _footer(figure: Figure, box: Box) -> TextBox:
    """Source line, method and disclosure control, the method cut to what the box leaves."""
    prov = figure.provenance
    source = Para(figure.source_line, 9)
    suppression = Para(f"Disclosure control: {prov.suppression}", 8, colour=MUTED)
    paras = [source]
    used = height_of([source, suppression], box.w)
    if prov.method:
        left = int((box.h - used) * 72 / (8 * LINE))
        if left >= 1:
            method = clip(f"Method: {prov.method}", box.w, 8, left, METHODS_POINTER)
            paras.append(Para(method, 8, colour=MUTED))
    paras.append(suppression)
    return TextBox(box, tuple(paras), "footer")


def _narrative(sentences: Sequence[Sentences], size: float = 11) -> list[Para]:
    paras: list[Para] = []
    for s in sentences:
        if s.title:
            paras.append(Para(s.title, size + 1, bold=True, space_after=3))
        if s.caption:
            paras.append(Para(s.caption, size - 2, italic=True, colour=MUTED, space_after=3))
        paras += [Para(line, size, bullet=s.bullets, space_after=4) for line in s.lines]
    return paras


def _notes(figure: Figure, notices: Sequence[Notice]) -> list[Para]:
    return [Para(n, 9, italic=True, colour=MUTED, space_after=3) for n in figure.notes] + [
        Para(n.text, 9, italic=True, colour=MUTED, space_after=3) for n in notices
    ]


def _pages(paras: Sequence[Para], width: float, height: float) -> list[list[Para]]:
    """Paragraphs split into pages of at most `height` inches (a heading stays with its text)."""
    pages: list[list[Para]] = [[]]
    for para in paras:
        if pages[-1] and height_of([*pages[-1], para], width) > height:
            carried = (
                [pages[-1].pop()] if pages[-1] and pages[-1][-1].bold and not para.bold else []
            )
            pages.append(carried)
        pages[-1].append(para)
    return [p for p in pages if p]


def chart_slides(
    builder: _Builder,
    title: str,
    figure: Figure,
    png: bytes,
    sentences: Sequence[Sentences],
    notices: Sequence[Notice],
) -> None:
    """The figure's slide, and slides of its narrative when it does not fit beside the chart."""
    generated = figure.status.has_generated
    picture = Picture(Box(LEFT, 1.62, 7.8, 4.39), png, figure.alt_text, "chart")
    side = Box(8.55, 1.62, 4.28, 4.39)
    notes = _notes(figure, notices)
    # Beside the chart at 11 or 10 points if it fits there; else on slides of its own.
    for size in (11, 10):
        narrative = _narrative(sentences, size)
        beside = height_of([*narrative, *notes], side.w) <= side.h
        if beside:
            break
    if not beside:
        narrative = _narrative(sentences, 12)
    pointer = Para("In plain English: on the next slide.", 11, italic=True, space_after=6)
    column = [*narrative, *notes] if beside else [pointer, *notes]
    if not beside and height_of(notes, side.w) > side.h:
        column = _pages(notes, side.w, side.h)[0]
    shapes: list[Shape] = [
        *_heading(title, generated),
        TextBox(Box(LEFT, 0.85, INNER, 0.75), _subtitle(figure), "subtitle"),
        picture,
        TextBox(side, tuple(column), "narrative"),
        _footer(figure, Box(LEFT, 6.08, INNER, 0.98)),
    ]
    builder.add("chart", title, shapes, generated)
    builder.methods.append((figure, title))
    if beside:
        return
    body = Box(LEFT, 1.0, INNER, 5.1)
    pages = _pages(narrative, body.w, body.h)
    for i, page in enumerate(pages, 1):
        more = f" ({i} of {len(pages)})" if len(pages) > 1 else ""
        heading = f"In plain English: {title}{more}"
        builder.add(
            "text",
            heading,
            [
                *_heading(heading, generated, 22),
                TextBox(body, tuple(page), "narrative"),
                TextBox(Box(LEFT, 6.45, INNER, 0.6), (Para(figure.source_line, 9),), "footer"),
            ],
            generated,
        )


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Real):
        if math.isnan(float(value)):
            return "–"
        text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    text = str(value).replace("**", "")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _header(column: str) -> str:
    text = str(column).replace("_", " ")
    return text[0].upper() + text[1:] if text else text


def table_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The frame as text cells, without empty columns; constant columns become caption lines."""
    cells = frame.map(_cell) if len(frame) else frame.astype(str)
    keep, constant = [], []
    for column in cells.columns:
        values = cells[column]
        if (values == "–").all() or (values == "").all():
            continue
        if len(cells) > 1 and values.nunique() == 1 and column != cells.columns[0]:
            constant.append(f"{_header(column)}: {values.iloc[0]}")
            continue
        keep.append(column)
    return cells[keep].rename(columns=_header), constant


def column_widths(frame: pd.DataFrame, width: float, size: float) -> list[float]:
    """Column widths in inches: each in proportion to its longest word-wrapped content."""
    char = size * EM / 72
    natural = []
    for column in frame.columns:
        longest = max([len(str(column)) * 0.6, *frame[column].str.len().tolist(), 4])
        natural.append(min(longest, 28) * char + 0.12)
    total = sum(natural)
    return [w * width / total for w in natural]


def row_height(row: Sequence[str], widths: Sequence[float], size: float) -> float:
    return (
        max(lines_of(c, w - 0.12, size) for c, w in zip(row, widths, strict=True))
        * (size * LINE / 72)
        + 0.07
    )


def table_slides(
    builder: _Builder,
    title: str,
    frame: pd.DataFrame,
    caption: str,
    status: DataStatus,
    source: str,
) -> None:
    """A table on as many appendix pages as it needs, header repeated, wide ones split."""
    cells, constant = table_frame(frame)
    if cells.empty or not len(cells.columns):
        return
    generated = status.has_generated
    key, rest = cells.columns[0], list(cells.columns[1:])
    groups = [rest[i : i + MAX_COLUMNS - 1] for i in range(0, len(rest), MAX_COLUMNS - 1)] or [[]]
    note = " · ".join(constant)
    caption = labelled(caption, status) if caption or generated else caption
    caption_text = ". ".join(t.rstrip(". ") for t in (caption, note) if t)
    caption_box = Box(LEFT, 0.9, INNER, 0.5 if caption_text else 0.0)
    top = 1.0 + (height_of([Para(caption_text, 10)], INNER) if caption_text else 0)
    area = Box(LEFT, top, INNER, 6.35 - top)
    pages: list[tuple[tuple[str, ...], list[tuple[str, ...]], list[float]]] = []
    for columns in groups:
        part = cells[[key, *columns]]
        widths = column_widths(part, INNER, TABLE_SIZE)
        header = tuple(part.columns)
        used = row_height(header, widths, TABLE_SIZE)
        rows: list[tuple[str, ...]] = []
        for row in part.itertuples(index=False):
            h = row_height(tuple(row), widths, TABLE_SIZE)
            if rows and used + h > area.h:
                pages.append((header, rows, widths))
                rows, used = [], row_height(header, widths, TABLE_SIZE)
            rows.append(tuple(row))
            used += h
        pages.append((header, rows, widths))
    for i, (head, rows, widths) in enumerate(pages, 1):
        more = f" ({i} of {len(pages)})" if len(pages) > 1 else ""
        heading = f"Appendix: {title}{more}"
        shapes: list[Shape] = [*_heading(heading, generated, 20)]
        if caption_text:
            shapes.append(
                TextBox(
                    Box(caption_box.x, caption_box.y, INNER, top - 0.9),
                    (Para(caption_text, 10, colour=MUTED),),
                    "caption",
                )
            )
        used = row_height(head, widths, TABLE_SIZE) + sum(
            row_height(r, widths, TABLE_SIZE) for r in rows
        )
        shapes.append(
            TableShape(Box(area.x, area.y, INNER, used), head, tuple(rows), tuple(widths))
        )
        shapes.append(
            TextBox(Box(LEFT, 6.5, INNER, 0.55), (Para(source, 8, colour=MUTED),), "footer")
        )
        builder.appendix.append(Slide("table", heading, (*shapes, _foot(builder.label)), generated))


def title_slide(
    target: Target, day: date, version: str, specs: Sequence[ViewSpec], figures: Sequence[Figure]
) -> Slide:
    """Area, date, extract version, what the pack holds and where its numbers come from."""
    sources: dict[str, str] = {}
    for figure in figures:
        for name, url in figure.provenance.sources:
            sources.setdefault(name, url)
    generated = any(f.status.has_generated for f in figures)
    paras = [
        Para(f"Committee pack · {day.day} {day:%B %Y}", 18, space_after=6),
        Para(f"Extracts version {version}", 14, space_after=14),
        Para("Sources", 13, bold=True, space_after=3),
        *[
            Para(f"{n} ({u})" if u else n, 10.5, bullet=True, space_after=2)
            for n, u in sources.items()
        ],
    ]
    if generated:
        paras.append(
            Para(
                "Some figures in this pack are illustrative: generated by this project's build "
                "where no official series was available, not official statistics. Every slide "
                "that uses them is marked as such in its top right corner.",
                11,
                bold=True,
                space_after=0,
            )
        )
    paras += [
        Para("Views: " + ", ".join(s.label for s in specs), 9, colour=MUTED),
        Para(
            "Published figures contain public sector information licensed under the Open "
            "Government Licence v3.0 (Crown copyright). Small counts are suppressed (1–4) and "
            "treatment counts rounded to 5, as NDTMS publishes them.",
            9,
            colour=MUTED,
        ),
    ]
    title = f"Drug and alcohol treatment: {target.describe()}"
    shapes = (
        TextBox(Box(LEFT, 0.9, INNER, 1.3), (Para(title, 30, bold=True),), "title"),
        TextBox(Box(LEFT, 2.3, INNER, 4.8), tuple(paras), "details"),
    )
    return Slide("title", title, shapes, False)


def methods_slides(builder: _Builder) -> list[Slide]:
    """Each figure's full provenance: sources with links, method, disclosure control, licence."""
    paras: list[Para] = []
    for figure, title in builder.methods:
        prov = figure.provenance
        paras.append(Para(title, 11, bold=True, space_after=2))
        if prov.status.has_generated:
            paras.append(Para(prov.status.label + ".", 9, bold=True))
        paras.append(Para(figure.source_line, 9))
        for name, url in prov.sources:
            if url:
                paras.append(Para(f"{name}: {url}", 8, colour=MUTED))
        if prov.method:
            paras.append(Para(f"Method: {prov.method}", 8, colour=MUTED))
        paras.append(Para(f"Disclosure control: {prov.suppression}", 8, colour=MUTED))
        paras.append(Para(f"Licence: {prov.licence}", 8, colour=MUTED, space_after=8))
    body = Box(LEFT, 1.0, INNER, 5.9)
    pages = _pages(paras, body.w, body.h)
    out = []
    for i, page in enumerate(pages, 1):
        more = f" ({i} of {len(pages)})" if len(pages) > 1 else ""
        title = f"Methods and sources{more}"
        out.append(
            Slide(
                "methods",
                title,
                (
                    *_heading(title, False, 22),
                    TextBox(body, tuple(page), "methods"),
                    _foot(builder.label),
                ),
                False,
            )
        )
    return out


@dataclass
class _Section:
    """A figure with the sentences that follow it and the notices around it."""

    figure: Figure
    sentences: list[Sentences] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


TableItem = tuple[str, pd.DataFrame, str, DataStatus, str]


def slide_title(spec: ViewSpec, figure: Figure) -> str:
    """A figure's slide title, saying which view it is: one indicator appears in two."""
    suffix = {"compare": ": the boroughs compared", "trends": " over time"}.get(spec.kind, "")
    return figure.title + suffix


def _sections(
    spec: ViewSpec,
    blocks: Sequence[Block],
) -> tuple[list[_Section], list[Notice | Sentences], list[TableItem]]:
    """A view's blocks grouped: figure sections, words before any figure, and its tables.

    A notice before a figure (a comparator without a value) belongs to that figure's slide.
    """
    sections: list[_Section] = []
    loose: list[Notice | Sentences] = []
    tables: list[TableItem] = []
    for block in blocks:
        if isinstance(block, Figure):
            pending = [b for b in loose if isinstance(b, Notice)]
            loose = [b for b in loose if not isinstance(b, Notice)]
            sections.append(_Section(block, notices=pending))
            context = _context_line(block)
            title = slide_title(spec, block)
            tables.append((title, block.table, context, block.status, block.source_line))
        elif isinstance(block, Sentences | Notice):
            if sections and isinstance(block, Sentences):
                sections[-1].sentences.append(block)
            elif sections and isinstance(block, Notice):
                sections[-1].notices.append(block)
            else:
                loose.append(block)
        elif isinstance(block, Table):
            source = sections[-1].figure.source_line if sections else ""
            of = f" ({slide_title(spec, sections[-1].figure)})" if sections else ""
            tables.append(
                ((block.title or "Table") + of, block.frame, block.caption, block.status, source)
            )
    return sections, loose, tables


def build(
    target: Target,
    views: Sequence[tuple[ViewSpec, Sequence[Block]]],
    version: str,
    day: date,
    progress: Progress | None = None,
) -> Deck:
    """Lay out the pack: title slide, a slide per figure, the appendix of tables, the methods.

    `views` are each view's blocks in reading order. A view's sentences go on its figure's
    slide (or slides of their own when long), its notices under the chart, its tables and each
    figure's table in the appendix. `progress(done, total, label)` is told of each slide drawn.
    """
    label = f"Committee pack: {target.describe()} · {day.isoformat()} · extracts {version}"
    builder = _Builder(label)
    figures = [b for _, blocks in views for b in blocks if isinstance(b, Figure)]
    total = len(figures) + 1
    done = 0
    for spec, blocks in views:
        sections, loose, tables = _sections(spec, blocks)
        for section in sections:
            if progress:
                progress(done, total, f"Drawing {section.figure.title}")
            png = images.figure_png(section.figure, titled=False)
            title = slide_title(spec, section.figure)
            chart_slides(builder, title, section.figure, png, section.sentences, section.notices)
            done += 1
        if not sections and loose:
            title = f"{spec.label}: nothing to draw"
            paras = [Para(b.text, 14, space_after=6) for b in loose if isinstance(b, Notice)]
            paras += _narrative([b for b in loose if isinstance(b, Sentences)])
            body = TextBox(Box(LEFT, 1.2, INNER, 5.5), tuple(paras))
            builder.add("text", title, [*_heading(title, False), body], False)
        for title, frame, caption, status, source in tables:
            shown = status_of(frame) if "is_illustrative" in frame.columns else status
            table_slides(builder, title, frame, caption, shown, source)
    if progress:
        progress(done, total, "Laying out the appendix")
    slides = [
        title_slide(target, day, version, [s for s, _ in views], figures),
        *builder.slides,
        *builder.appendix,
        *methods_slides(builder),
    ]
    slides = _numbered(slides)
    if progress:
        progress(total, total, "Done")
    stem = f"{target.slug}_committee-pack_{day.isoformat()}"
    return Deck(slides[0].title, stem, tuple(slides))


def _numbered(slides: list[Slide]) -> list[Slide]:
    """Each slide with "n of N" in its bottom corner."""
    n = len(slides)
    return [
        Slide(
            s.kind,
            s.title,
            (
                *s.shapes,
                TextBox(
                    Box(11.33, 7.08, 1.5, 0.3),
                    (Para(f"{i} of {n}", 8, colour=MUTED, align="right"),),
                    "page-number",
                ),
            ),
            s.generated,
        )
        for i, s in enumerate(slides, 1)
    ]
