"""Committee pack: a borough's or a pooled group's views as a PowerPoint deck and a PDF."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gmdash import pack, views
from gmdash.pack import content
from gmdash.ui import components, data, shell, widgets
from gmdash.ui.turns import TURNS

components.header(
    "Committee pack",
    "The views you choose, for a borough or a pooled group of boroughs, as a 16:9 PowerPoint "
    "deck and a PDF of the same slides: charts, sources, methods and the data tables.",
)
boroughs = shell.boroughs()
catalogue = views.borough_catalogue(data.ask)
choices = content.view_choices(catalogue)
kind = widgets.choice(
    "Pack for",
    ("A borough", "A pooled group"),
    key="pack.for",
    default="A borough",
    kind="segmented",
)
left, right = st.columns([3, 2])
with left:
    if kind == "A borough":
        members: tuple[str, ...] = (widgets.borough(boroughs, key="pack.area"),)
    else:
        members = widgets.areas(
            boroughs, default=list(boroughs)[:3], key="pack.members", label="Boroughs to pool"
        )
with right:
    comparator = widgets.comparator(key="pack.comparator")
chosen = st.multiselect(
    "Views, in slide order",
    list(choices),
    default=[v.label for v in content.default_views()],
    format_func=choices.__getitem__,
    key="pack.views",
)
try:
    target = content.borough(members[0]) if kind == "A borough" else content.pooled(members)
    specs = content.parse_views(chosen, list(catalogue.index))
except content.PackError as problem:
    st.info(str(problem))
    st.stop()
if st.button("Build the pack", type="primary", icon=":material/slideshow:", key="pack.build"):
    with st.status(f"Building the pack for {target.describe()}…", expanded=True) as status:
        bar = st.progress(0.0, text="Running the views")

        def report(done: int, total: int, label: str) -> None:
            bar.progress(min(1.0, done / total), text=label)

        # Seconds of work: other sessions' page runs go on meanwhile (gmdash.ui.turns).
        with TURNS.aside():
            built = pack.build(
                data.ask, target, specs, data.manifest().version, date.today(), comparator, report
            )
            bar.progress(1.0, text="Writing the PowerPoint and the PDF")
            pptx, pdf = built.pptx(), built.pdf()
        status.update(label=f"Pack built: {len(built.deck.slides)} slides", state="complete")
    components.pack_downloads(built.pptx_name, pptx, built.pdf_name, pdf)
