"""Saved scenarios: every saved what-if, to open, duplicate, rename or delete."""

from __future__ import annotations

from gmdash.ui import components, scenarios
from gmdash.views import whatif_scenarios as view

components.header(
    "Saved scenarios",
    "What-ifs saved on the What-if and Funding split pages: open one to pick up where it was "
    "left, or share its link.",
)
scenarios.arrive()
items = scenarios.listing()
if items is not None:
    components.render(view.blocks(items, scenarios.link))
    scenarios.manager(items)
