"""The pack as a PDF, typeset by WeasyPrint from HTML of the very slides the PowerPoint draws.

Why WeasyPrint rather than LibreOffice converting the deck: it is a Python library pinned in
requirements.txt like everything else, and needs from the system only Pango (Debian's
`libpango-1.0-0`, which `make pdf-deps` installs and Chromium already brings), where LibreOffice
is several hundred megabytes of office suite, started as a separate process for every
conversion, slow to start (seconds) and with fonts and layout that change with its version.
WeasyPrint typesets real, selectable, searchable text (pdftotext reads it back) from the same
laid-out boxes as the deck (`gmdash.pack.deck`), one page per slide, so the two files hold the
same content page for page; charts are the same PNGs, with their alt text.
"""

from __future__ import annotations

import base64
import html

from gmdash.pack.deck import (
    FONT,
    SLIDE_H,
    SLIDE_W,
    Box,
    Deck,
    Para,
    Picture,
    Shape,
    TableShape,
    TextBox,
)

CSS = f"""
@page {{ size: {SLIDE_W}in {SLIDE_H}in; margin: 0; }}
html {{ font-family: {FONT}, "Liberation Sans", "DejaVu Sans", sans-serif; color: #1A1A1A; }}
body {{ margin: 0; }}
section {{ position: relative; width: {SLIDE_W}in; height: {SLIDE_H}in; overflow: hidden;
  page-break-after: always; break-after: page; }}
section:last-child {{ page-break-after: auto; break-after: auto; }}
.box {{ position: absolute; box-sizing: border-box; padding: 0.04in 0.08in; }}
.box p {{ margin: 0; line-height: 1.2; }}
.box p.bullet {{ padding-left: 0.25in; text-indent: -0.15in; }}
.filled {{ display: flex; flex-direction: column; justify-content: center; }}
img {{ position: absolute; }}
table {{ position: absolute; border-collapse: collapse; table-layout: fixed; }}
th, td {{ border: 0.5pt solid #BFBFBF; padding: 0.02in 0.05in; vertical-align: top;
  line-height: 1.2; overflow-wrap: break-word; }}
th {{ background: #E8E8E8; text-align: left; }}
td.num {{ text-align: right; }}
"""


def _at(box: Box) -> str:
    return f"left:{box.x}in;top:{box.y}in;width:{box.w}in;height:{box.h}in;"


def _para(para: Para) -> str:
    inner = "".join(
        f"<strong>{html.escape(text)}</strong>" if bold else html.escape(text)
        for text, bold in para.runs()
    )
    if para.bullet:
        inner = "• " + inner
    style = (
        f"font-size:{para.size}pt;color:{para.colour};text-align:{para.align};"
        f"margin-bottom:{para.space_after}pt;"
        + ("font-weight:bold;" if para.bold else "")
        + ("font-style:italic;" if para.italic else "")
    )
    return f'<p class="{"bullet" if para.bullet else ""}" style="{style}">{inner}</p>'


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("-", "").isdigit()


def _shape(shape: Shape) -> str:
    if isinstance(shape, TextBox):
        fill = f"background:{shape.fill};" if shape.fill else ""
        cls = "box filled" if shape.fill else "box"
        body = "".join(_para(p) for p in shape.paras)
        return f'<div class="{cls} {shape.name}" style="{_at(shape.box)}{fill}">{body}</div>'
    if isinstance(shape, Picture):
        data = base64.b64encode(shape.png).decode()
        return (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(shape.alt)}" '
            f'style="{_at(shape.box)}">'
        )
    return _table(shape)


def _table(shape: TableShape) -> str:
    box = shape.box
    cols = "".join(f'<col style="width:{w}in">' for w in shape.widths)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in shape.header)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if j and _numeric(c) else ""}">{html.escape(c)}</td>'
            for j, c in enumerate(row)
        )
        + "</tr>"
        for row in shape.rows
    )
    return (
        f'<table style="left:{box.x}in;top:{box.y}in;width:{box.w}in;font-size:{shape.size}pt">'
        f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def to_html(deck: Deck) -> str:
    """The deck as one HTML document, a fixed-size section per slide."""
    sections = "".join(
        f'<section class="{s.kind}">' + "".join(_shape(x) for x in s.shapes) + "</section>"
        for s in deck.slides
    )
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(deck.title)}</title><style>{CSS}</style></head>"
        f"<body>{sections}</body></html>"
    )


def to_pdf(deck: Deck) -> bytes:
    """The deck typeset as PDF bytes."""
    # Imported here: WeasyPrint loads Pango when imported, and the app needs it only for a pack.
    import weasyprint

    document = weasyprint.HTML(string=to_html(deck))
    return bytes(document.write_pdf() or b"")
