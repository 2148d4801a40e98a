"""What-if analysis: targets, pooled groups, funding splits and the user's own figures.

Every frame here carries a ``data_status`` beside ``is_illustrative``, so an answer built on
generated or uploaded inputs is labelled as such wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from gmdash.narrative import ILLUSTRATIVE_PREFIX

#: Published statistics, the build's generated (illustrative) rows, and figures a user uploaded.
OFFICIAL, ILLUSTRATIVE, USER = "official", "illustrative", "user"
DATA_STATUSES = (OFFICIAL, ILLUSTRATIVE, USER)
USER_PREFIX = "Your own uploaded figures, not official statistics: "
PREFIXES = {OFFICIAL: "", ILLUSTRATIVE: ILLUSTRATIVE_PREFIX, USER: USER_PREFIX}
#: Characters Markdown (and Streamlit's :colour[...] and $maths$) would act on.
MARKDOWN_ACTIVE = set("\\`*_{}[]<>#|~$^=!:")


def plain_markdown(text: object) -> str:
    """Text from a link, a saved scenario or a file, escaped so Markdown shows it as written:
    no link, image, emphasis or formula can be smuggled into a message."""
    return "".join("\\" + ch if ch in MARKDOWN_ACTIVE else ch for ch in str(text))


def indicator_facts(meta: pd.Series, indicator_id: str) -> dict[str, object]:
    """An indicator's catalogue row (indexed by id, so without it) as the what-if logic reads
    it: its fields by name, with the id."""
    return {str(k): v for k, v in meta.items()} | {"indicator_id": indicator_id}


def combined_status(statuses: Iterable[str]) -> str:
    """The status of an answer built from inputs of these statuses: the least official wins.

    Uploaded figures outrank generated ones because a user must not mistake their own numbers
    for the dashboard's; both outrank official statistics.
    """
    seen = set(statuses)
    unknown = seen - set(DATA_STATUSES)
    if unknown:
        raise ValueError(f"unknown data status {sorted(unknown)}; expected {DATA_STATUSES}")
    for status in (USER, ILLUSTRATIVE):
        if status in seen:
            return status
    return OFFICIAL


def statuses(frame: pd.DataFrame) -> pd.Series:
    """Each row's data status: its ``data_status`` column, else from ``is_illustrative``."""
    if "data_status" in frame.columns:
        return frame["data_status"].astype("string").fillna(OFFICIAL).astype(object)
    if "is_illustrative" in frame.columns:
        flags = frame["is_illustrative"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        return pd.Series(
            [ILLUSTRATIVE if f else OFFICIAL for f in flags], index=frame.index, dtype=object
        )
    return pd.Series(OFFICIAL, index=frame.index, dtype=object)


def prefix(status: str) -> str:
    """The words that open every sentence built on inputs of this status ("" when official)."""
    return PREFIXES[combined_status([status])]
