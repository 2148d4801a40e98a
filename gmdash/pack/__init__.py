"""The committee pack: a borough's or a pooled group's views as a 16:9 PowerPoint deck and a PDF.

`build` runs the app's own views (`gmdash.views`) for the chosen area with the same `ask` the
pages use, draws each chart from its page's spec (`gmdash.images`), lays the slides out once
(`deck`) and hands them to `powerpoint` and `pdf`, which draw the same boxes. The command line
(`python -m gmdash.pack`) and the Committee pack page both call `build`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gmcore.schema import ENGLAND
from gmdash.figure import Block
from gmdash.pack import content, deck
from gmdash.pack.content import PackError, Target, ViewSpec
from gmdash.queries import Ask

__all__ = ["Pack", "PackError", "Target", "ViewSpec", "build"]


@dataclass(frozen=True)
class Pack:
    """A laid-out pack, ready to write as PowerPoint or PDF."""

    deck: deck.Deck

    @property
    def pptx_name(self) -> str:
        return f"{self.deck.stem}.pptx"

    @property
    def pdf_name(self) -> str:
        return f"{self.deck.stem}.pdf"

    def pptx(self) -> bytes:
        from gmdash.pack.powerpoint import to_pptx

        return to_pptx(self.deck)

    def pdf(self) -> bytes:
        from gmdash.pack.pdf import to_pdf

        return to_pdf(self.deck)


def build(
    ask: Ask,
    target: Target,
    views: Sequence[ViewSpec],
    version: str,
    day: date,
    comparator: str = ENGLAND,
    progress: deck.Progress | None = None,
) -> Pack:
    """Run each view for the target and lay out the pack; `progress(done, total, label)`."""
    blocks: list[tuple[ViewSpec, Sequence[Block]]] = []
    for spec in views:
        if progress:
            progress(0, 1, f"Running the {spec.label} view")
        blocks.append((spec, content.blocks(ask, spec, target, version, comparator)))
    return Pack(deck.build(target, blocks, version, day, progress))
