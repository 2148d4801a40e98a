"""The Data and methods view: indicators, methods, illustrative data, sources, files, downloads."""

from __future__ import annotations

import datetime
from functools import partial
from pathlib import Path

import pandas as pd

from gmdash import db, methods, queries
from gmdash.db import Manifest
from gmdash.figure import Block, Download, Notice, Sentences, Table
from gmdash.queries import Ask


def values_download(ask: Ask) -> pd.DataFrame:
    """Every indicator's values for the GM boroughs and comparators, as the download has them."""
    return methods.values_download(ask(queries.gm_indicator_values))


def catalogue_part(ask: Ask, search: str) -> list[Block]:
    """`catalogue_blocks` on the extracts' catalogue (for `ask.memo`, like the two below)."""
    return catalogue_blocks(ask(queries.indicator_catalogue), search)


def indicator_part(ask: Ask, indicator_id: str) -> list[Block]:
    """`indicator_block` for one indicator of the extracts' catalogue."""
    return [indicator_block(ask(queries.indicator_catalogue), indicator_id)]


def reference_part(ask: Ask, folder: str, year: int) -> list[Block]:
    """`reference_blocks` for the extracts in `folder`, with the copyright year `year`."""
    return reference_blocks(
        ask, ask(queries.indicator_catalogue), db.load_manifest(Path(folder)), year
    )


def catalogue_blocks(catalogue: pd.DataFrame, search: str) -> list[Block]:
    """The indicator catalogue, filtered by a search, or why nothing matched."""
    view = methods.catalogue_view(catalogue, search)
    if view.empty:
        return [
            Notice(
                f"No indicator matches “{search}”. Clear the search to see all "
                f"{len(catalogue)} indicators."
            )
        ]
    return [Table(key="methods.catalogue", title="", frame=view, links=("Source link",))]


def indicator_block(catalogue: pd.DataFrame, indicator_id: str) -> Sentences:
    title, detail = methods.indicator_detail(catalogue, indicator_id)
    return Sentences(key="methods.indicator", title=title, lines=(detail,), bullets=False)


def reference_blocks(
    ask: Ask, catalogue: pd.DataFrame, manifest: Manifest, year: int | None = None
) -> list[Block]:
    """Everything below the indicator detail, in reading order."""
    version = {"extract_version": manifest.version}
    return [
        Sentences(
            key="methods.illustrative",
            title="Illustrative data",
            lines=(methods.illustrative_markdown(),),
            bullets=False,
        ),
        Table(
            key="methods.reported",
            title="Figures quoted in council reports",
            frame=methods.reported_view(ask(queries.reported_figures), catalogue),
            caption=methods.REPORTED_NOT_PLOTTED,
            links=("source_url",),
        ),
        Table(
            key="methods.files",
            title="The data files",
            frame=methods.manifest_table(manifest),
            caption=f"Extracts version {manifest.version}: one row per file the app reads.",
        ),
        Sentences(
            key="methods.licences",
            title="Licences and attribution",
            lines=(methods.attribution_markdown(manifest, year or datetime.date.today().year),),
            bullets=False,
        ),
        Download(
            key="methods.values",
            label="Download every indicator for the GM boroughs and comparators (CSV)",
            # Every value of every indicator: made when the reader clicks, not on every visit.
            frame=partial(values_download, ask),
            name=f"gm_indicator_values_{manifest.version}",
            context=version,
        ),
        Download(
            key="methods.catalogue",
            label="Download the indicator catalogue (CSV)",
            frame=methods.catalogue_download(catalogue),
            name=f"indicator_catalogue_{manifest.version}",
            context=version,
        ),
        Notice(
            "Suppressed cells are empty with the reason in suppression_note (never zero); every "
            "row carries data_status saying whether it is illustrative."
        ),
    ]
