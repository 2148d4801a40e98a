"""Bring your own numbers: the upload control and the session's uploaded figures.

Uploaded figures live only in this browser session (`st.session_state`), never in data/ and
never in the URL; they go through `gmdash.whatif.uploads` (the build's loaders and checks).
Nothing from an uploaded file is rendered as Markdown or HTML: problems and summaries are shown
in plain-text tables.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from gmdash.whatif import uploads
from gmdash.whatif.uploads import KINDS, MAX_UPLOAD_LABEL, Lookups, Upload

SESSION_KEY = "gmdash_uploads"
RESULT_KEY = "gmdash_upload_result"
# Files the reader asked to forget: still in the upload box, but not read again.
FORGOTTEN_KEY = "gmdash_upload_forgotten"
INTRO = (
    "Upload a Fingertips indicator CSV, an NDTMS ViewIt local-authority export, or a small CSV "
    "of local figures with the columns area_code, period, count and denominator. Files up to "
    f"**{MAX_UPLOAD_LABEL}**. Your figures are checked like the dashboard's own, stay in this "
    "session only (they never change the dashboard's data and go when you close the tab), and "
    "are marked as your own wherever they are shown."
)


def session_uploads() -> list[Upload]:
    """The uploads that passed their checks in this session, newest last."""
    found: list[Upload] = st.session_state.get(SESSION_KEY, [])
    return found


def _keep(upload: Upload) -> None:
    kept = [u for u in session_uploads() if u.filename != upload.filename]
    st.session_state[SESSION_KEY] = [*kept, upload]


def summaries() -> list[dict[str, str]]:
    """What a saved scenario records of the uploads: never the figures themselves."""
    return [
        {"filename": u.filename, "kind": u.kind, "summary": u.summary} for u in session_uploads()
    ]


def control(look: Lookups, proportions: Mapping[str, str], key: str) -> None:
    """The upload expander: kind, indicator (for local figures), file, and what came of it."""
    with st.expander("Bring your own numbers", icon=":material/upload_file:"):
        st.markdown(INTRO)
        kind = st.radio(
            "What kind of file",
            list(KINDS),
            format_func=lambda k: KINDS[k],
            key=f"{key}.upload_kind",
            horizontal=True,
        )
        indicator = (
            st.selectbox(
                "Which indicator are these figures for",
                list(proportions),
                format_func=lambda i: proportions.get(i, i),
                key=f"{key}.upload_indicator",
            )
            if kind == "local"
            else None
        )
        file = st.file_uploader(
            f"CSV file (up to {MAX_UPLOAD_LABEL})", key=f"{key}.upload_file", type=None
        )
        if file is not None and file.file_id not in st.session_state.get(FORGOTTEN_KEY, ()):
            signature = (file.file_id, kind, indicator)
            result = st.session_state.get(RESULT_KEY)
            if result is None or result[0] != signature:
                upload = uploads.read_upload(
                    file.getvalue(), file.name, kind, look, indicator_id=indicator
                )
                if upload.ok:
                    _keep(upload)
                st.session_state[RESULT_KEY] = (signature, upload)
            show_result(st.session_state[RESULT_KEY][1])
        kept = session_uploads()
        if kept:
            st.caption("Your uploaded figures in this session (shown as plain text):")
            st.dataframe(
                pd.DataFrame(summaries()).rename(
                    columns={"filename": "File", "kind": "Kind", "summary": "What it holds"}
                ),
                hide_index=True,
                width="stretch",
                key=f"{key}.upload_list",
            )
            if st.button("Forget my uploaded figures", key=f"{key}.upload_forget"):
                st.session_state.pop(SESSION_KEY, None)
                st.session_state.pop(RESULT_KEY, None)
                if file is not None:
                    forgotten = set(st.session_state.get(FORGOTTEN_KEY, ()))
                    st.session_state[FORGOTTEN_KEY] = forgotten | {file.file_id}
                st.rerun()


def show_result(upload: Upload, used_on: str = "What-if and Compare") -> None:
    """What came of reading an upload: a success line, or its problems in a plain-text table."""
    if upload.ok:
        st.success(
            f"Your figures passed every check and can be used on {used_on} in this session.",
            icon=":material/check_circle:",
        )
        return
    st.warning(
        f"This file was not used: {len(upload.problems)} problem(s), listed below. Nothing was "
        "changed.",
        icon=":material/error:",
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Row": [p.row for p in upload.problems],
                "Column": [p.column or "" for p in upload.problems],
                "Problem": [p.message for p in upload.problems],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def figures_for(look: Lookups, indicator_id: str, period: str, key: str) -> pd.DataFrame | None:
    """A toggle to use the reader's uploaded figures for this indicator and period, where an
    upload covers them; returns them shaped like indicator_values_gm, or None.

    The toggle is a session setting, not a URL one: an upload does not travel with a link.
    """
    covering = [u for u in session_uploads() if period in uploads.periods_of(u, indicator_id)]
    if not covering:
        return None
    upload = covering[-1]
    if not st.toggle(f"Use your uploaded figures ({upload.filename})", key=f"{key}.uploaded"):
        return None
    return uploads.as_area_frame(upload, look, indicator_id, period)


def with_periods(periods: list[str], indicator_id: str) -> list[str]:
    """An indicator's periods and those of the session's uploads (which may be newer), in order."""
    extra = {p for u in session_uploads() for p in uploads.periods_of(u, indicator_id)}
    return sorted({*periods, *extra})
