"""The Saved scenarios view: every saved what-if, with the link that reopens it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from gmdash.figure import Block, Notice, Table
from gmdash.scenarios.store import ScenarioSummary

KIND_WORDS = {"what-if": "What-if targets", "split": "Funding split"}


def blocks(items: Sequence[ScenarioSummary], link: Callable[[str, str], str]) -> list[Block]:
    """A table of the saved scenarios, most recently changed first (names shown as plain text)."""
    if not items:
        return [
            Notice(
                "No scenario has been saved yet. Set up a what-if on the What-if or Funding "
                "split page and save it there; it will be listed here for everyone using this "
                "dashboard."
            )
        ]
    frame = pd.DataFrame(
        {
            "Name": [s.name for s in items],
            "Made on": [KIND_WORDS.get(s.kind, s.kind) for s in items],
            "Last changed (UTC)": [s.updated_at.strftime("%Y-%m-%d %H:%M") for s in items],
            "Times saved": [s.revision for s in items],
            "Link": [link(s.slug, s.kind) for s in items],
        }
    )
    return [
        Table(
            key="scenarios.list",
            title="Every saved scenario",
            frame=frame,
            # never static: st.table renders Markdown, and names are the users' own text
            caption="Anyone using this dashboard can open these. A scenario opened after the "
            "data changed says what is different.",
        )
    ]
