"""Bring your own ViewIt export on People in treatment: the upload control and the session's Ask.

An uploaded export lives only in this browser session (`st.session_state`), never in data/ and
never in the URL; it is read by `gmdash.whatif.profile_uploads` (the build's loader and checks)
and laid over the committed extract in a private in-memory database, so the page's view runs its
same queries on it. Nothing from the file is rendered as Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gmdash import people, queries
from gmdash.queries import Ask
from gmdash.ui import data
from gmdash.ui.uploads import show_result
from gmdash.whatif import profile_uploads
from gmdash.whatif.uploads import MAX_UPLOAD_LABEL, Upload

SESSION_KEY = "gmdash_people_uploads"
RESULT_KEY = "gmdash_people_upload_result"
OVERLAY_KEY = "gmdash_people_overlay"
# Files the reader asked to forget: still in the upload box, but not read again.
FORGOTTEN_KEY = "gmdash_people_upload_forgotten"
INTRO = (
    "No export for your borough? Upload its NDTMS ViewIt adult local-authority export (Download "
    "data, all indicators for all local authorities, saved as CSV) to see it here. Files up to "
    f"**{MAX_UPLOAD_LABEL}**. The file is checked like an export given to the build, stays in "
    "this session only (it never changes the dashboard's data and goes when you close the tab), "
    "and its figures are marked as your own wherever they are shown. An area outside Greater "
    "Manchester is listed but not shown."
)


def session_uploads() -> list[Upload]:
    """The exports that passed their checks in this session, newest last."""
    found: list[Upload] = st.session_state.get(SESSION_KEY, [])
    return found


def _drop_overlay() -> None:
    held = st.session_state.pop(OVERLAY_KEY, None)
    if held is not None:
        held[1].close()


def _keep(upload: Upload) -> None:
    kept = [u for u in session_uploads() if u.filename != upload.filename]
    st.session_state[SESSION_KEY] = [*kept, upload]
    _drop_overlay()


def _forget(file_id: str | None) -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(RESULT_KEY, None)
    _drop_overlay()
    if file_id is not None:
        forgotten = set(st.session_state.get(FORGOTTEN_KEY, ()))
        st.session_state[FORGOTTEN_KEY] = forgotten | {file_id}


def _read(content: bytes, name: str, file_id: str) -> None:
    result = st.session_state.get(RESULT_KEY)
    if result is None or result[0] != file_id:
        areas = data.ask(queries.area_lookup)
        upload = profile_uploads.read_profile_upload(content, name, areas, session_uploads())
        if upload.ok:
            _keep(upload)
        st.session_state[RESULT_KEY] = (file_id, upload)
    show_result(st.session_state[RESULT_KEY][1], "People in treatment")


def control(key: str) -> None:
    """The upload expander: the file, what came of it, and the session's uploaded exports."""
    with st.expander(people.UPLOAD_TITLE, icon=":material/upload_file:"):
        st.markdown(INTRO)
        file = st.file_uploader(
            f"ViewIt export, CSV (up to {MAX_UPLOAD_LABEL})", key=f"{key}.upload_file", type=None
        )
        if file is not None and file.file_id not in st.session_state.get(FORGOTTEN_KEY, ()):
            _read(file.getvalue(), file.name, file.file_id)
        kept = session_uploads()
        if not kept:
            return
        st.caption("Your uploaded exports in this session (shown as plain text):")
        st.dataframe(
            pd.DataFrame(
                {"File": [u.filename for u in kept], "What it holds": [u.summary for u in kept]}
            ),
            hide_index=True,
            width="stretch",
            key=f"{key}.upload_list",
        )
        if st.button("Forget my uploaded exports", key=f"{key}.upload_forget"):
            _forget(None if file is None else file.file_id)
            st.rerun()


def ask() -> Ask:
    """The Ask the page's view runs on: the app's own, or one over the session's uploads."""
    kept = session_uploads()
    if not kept:
        return data.ask
    version = data.manifest().version
    held = st.session_state.get(OVERLAY_KEY)
    if held is None or held[0] != version:
        _drop_overlay()
        held = (version, profile_uploads.overlay_connection(data.connection(), kept))
        st.session_state[OVERLAY_KEY] = held
    return profile_uploads.ProfileOverlay(data.ask, held[1], profile_uploads.user_areas(kept))
