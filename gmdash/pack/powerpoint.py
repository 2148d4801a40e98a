"""The pack as a 16:9 PowerPoint deck (python-pptx), drawn from the laid-out slides of `deck`."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Inches, Pt

from gmdash.pack.deck import (
    FONT,
    SLIDE_H,
    SLIDE_W,
    Deck,
    Para,
    Picture,
    TableShape,
    TextBox,
    row_height,
)

ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
HEADER_FILL = "E8E8E8"


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _paragraphs(frame: TextFrame, paras: tuple[Para, ...]) -> None:
    frame.word_wrap = True
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = ALIGN[para.align]
        if para.space_after:
            p.space_after = Pt(para.space_after)
        text_runs = para.runs()
        if para.bullet:
            text_runs = [("• ", False), *text_runs]
        for text, bold in text_runs:
            run = p.add_run()
            run.text = text
            font = run.font
            font.name = FONT
            font.size = Pt(para.size)
            font.bold = bold
            font.italic = para.italic
            font.color.rgb = _rgb(para.colour)


def _text(slide: PptxSlide, shape: TextBox) -> None:
    b = shape.box
    box = slide.shapes.add_textbox(Inches(b.x), Inches(b.y), Inches(b.w), Inches(b.h))
    box.name = shape.name
    frame = box.text_frame
    frame.margin_left = frame.margin_right = Inches(0.08)
    frame.margin_top = frame.margin_bottom = Inches(0.04)
    if shape.fill:
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(shape.fill)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _paragraphs(frame, shape.paras)


def _picture(slide: PptxSlide, shape: Picture) -> None:
    b = shape.box
    pic = slide.shapes.add_picture(
        io.BytesIO(shape.png), Inches(b.x), Inches(b.y), Inches(b.w), Inches(b.h)
    )
    pic.name = shape.name
    # The alt text screen readers and PowerPoint's "Alt Text" pane read: p:cNvPr/@descr.
    pic._element.find(".//" + qn("p:cNvPr")).set("descr", shape.alt)


def _table(slide: PptxSlide, shape: TableShape) -> None:
    b = shape.box
    rows, cols = len(shape.rows) + 1, len(shape.header)
    frame = slide.shapes.add_table(rows, cols, Inches(b.x), Inches(b.y), Inches(b.w), Inches(b.h))
    frame.name = shape.name
    table = frame.table
    # Plain rules rather than the default banded theme: the header alone is shaded.
    table.first_row = True
    table.horz_banding = False
    for j, width in enumerate(shape.widths):
        table.columns[j].width = Inches(width)
    for i in range(rows):
        values = shape.header if i == 0 else shape.rows[i - 1]
        table.rows[i].height = Inches(row_height(values, shape.widths, shape.size))
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(HEADER_FILL if i == 0 else "FFFFFF")
            align = "left" if j == 0 or not _numeric(value) else "right"
            _paragraphs(cell.text_frame, (Para(value, shape.size, bold=i == 0, align=align),))


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("-", "").replace("–", "").isdigit()


def to_pptx(deck: Deck) -> bytes:
    """The deck as .pptx bytes."""
    presentation = Presentation()
    presentation.slide_width = Inches(SLIDE_W)
    presentation.slide_height = Inches(SLIDE_H)
    presentation.core_properties.title = deck.title
    presentation.core_properties.subject = "Committee pack"
    blank = presentation.slide_layouts[6]
    for laid in deck.slides:
        slide = presentation.slides.add_slide(blank)
        for shape in laid.shapes:
            if isinstance(shape, TextBox):
                _text(slide, shape)
            elif isinstance(shape, Picture):
                _picture(slide, shape)
            else:
                _table(slide, shape)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
