"""The pooled-group editor: name a group of boroughs once, then use it on every page.

The group lives in the shared filters (`state.Filters.group` and `group_name`), so it follows
the reader between pages and travels in the link (`group=Bolton,Salford,Trafford&group_name=…`).
It is validated by `gmdash.whatif.groups.make_group`; an invalid edit shows why and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from gmcore.schema import ENGLAND
from gmdash.ui import state
from gmdash.whatif.groups import GroupError, PooledGroup, make_group

HELP = (
    "Pick two or more boroughs and name them. Their counts and denominators are added up and "
    "the interval worked out again: never an average of percentages. Where a member's figure "
    "is suppressed the group has no figure, as a total would give the hidden one away. The "
    "group follows you to Compare, Trends, Borough profile, Map and What-if, and is kept in "
    "the page's link."
)


def current() -> PooledGroup | None:
    """The reader's named group, or None."""
    return state.current().pooled_group()


def set_group(group: PooledGroup | None) -> None:
    """Make `group` the reader's group (None removes it); a comparator that was the old group
    follows the new one, or falls back to England."""
    filters = state.current()
    old = filters.pooled_group()
    comparator = filters.comparator
    if old is not None and comparator == old.area_code:
        comparator = group.area_code if group is not None else ENGLAND
    state.update(
        group=group.members if group else (),
        group_name=group.name if group else "",
        comparator=comparator,
    )


def _sync(page: str, group: PooledGroup | None) -> None:
    """Show the shared group in this page's widgets whenever it changed elsewhere (another page,
    a link, a saved scenario), without undoing an edit the reader has not applied yet."""
    shown = (group.name, group.members) if group else ("", ())
    marker = f"{page}.group_shown"
    if st.session_state.get(marker) != shown:
        st.session_state[f"{page}.group_name"] = shown[0]
        st.session_state[f"{page}.group_members"] = list(shown[1])
        st.session_state[marker] = shown


def editor(boroughs: Mapping[str, str], page: str) -> PooledGroup | None:
    """An expander to name, change or remove the group; returns the group in force."""
    group = current()
    _sync(page, group)
    title = f"Pooled group: {group.name}" if group else "Pooled group: none yet"
    with st.expander(title, icon=":material/join:"):
        st.markdown(HELP)
        with st.form(key=f"{page}.group_form", border=False):
            name = st.text_input(
                "Group name",
                key=f"{page}.group_name",
                max_chars=60,
                placeholder="e.g. Bolton, Salford and Trafford",
            )
            members = st.multiselect(
                "Boroughs in the group",
                list(boroughs),
                key=f"{page}.group_members",
                format_func=lambda c: boroughs.get(c, c),
            )
            use_column, remove_column = st.columns(2)
            use = use_column.form_submit_button(
                "Use this group", icon=":material/check:", key=f"{page}.group_use"
            )
            remove = remove_column.form_submit_button(
                "Remove the group",
                icon=":material/delete:",
                disabled=group is None,
                key=f"{page}.group_remove",
            )
        if remove:
            set_group(None)
            st.rerun()
        if use:
            try:
                draft = make_group("draft", members, boroughs)
                chosen = make_group(name.strip() or draft.describe(), members, boroughs)
            except GroupError as exc:
                st.warning(f"The group was not changed. {exc}", icon=":material/error:")
            else:
                set_group(chosen)
                st.rerun()
    return current()
