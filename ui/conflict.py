"""The conflict panel: both texts side by side, and the user's choice for each clash.

It is a bordered panel at the top of the page rather than `st.dialog`, because AppTest cannot
see or click inside `st.dialog` (streamlit issue 9786), and this path must be tested.
"""

from __future__ import annotations

import streamlit as st

from charter.compare.merge import Keep, Merged, Resolution
from charter.compare.report import highlighted_pair
from charter.drafting.template import render
from ui import state


def conflict_panel() -> None:
    """Show each conflict with both texts; keep mine, take theirs, or write a merged text."""
    with st.container(border=True):
        _panel()


def _panel() -> None:
    pending = st.session_state["conflict"]
    st.error("Your edits clash with a revision saved meanwhile. Nothing has been overwritten.")
    error = pending["error"]
    st.write(
        f"You started from revision {error.base}; revision {error.head} was saved meanwhile. "
        "Choose what to keep for each clash, then save again. Your other edits merge as they are."
    )
    choices: dict[str, Resolution] = {}
    values = state.variable_values()
    for index, conflict in enumerate(error.conflicts):
        key = conflict.key
        st.markdown(f"**{state.md(conflict.title or conflict.clause_id or 'Settings')}**: {state.md(conflict.field)}")
        mine, theirs = st.columns(2)
        mine.caption("Your text (words only here in red)")
        theirs.caption("Saved meanwhile (words only here in green)")
        if conflict.ours is not None and conflict.theirs is not None:
            ours_md, theirs_md = highlighted_pair(render(conflict.ours, values), render(conflict.theirs, values))
            mine.markdown(ours_md)
            theirs.markdown(theirs_md)
        else:
            mine.text(render(conflict.ours, values) if conflict.ours is not None else "(you removed this clause)")
            theirs.text(render(conflict.theirs, values) if conflict.theirs is not None else "(removed meanwhile)")
        options = ["mine", "theirs"]
        if conflict.field == "text" and conflict.clause_id:
            options.append("merged text")  # a settings or status clash has no text to write
        choice = st.radio("Keep", options, key=f"conflict-choice-{index}-{key}", horizontal=True)
        if choice == "merged text":
            written = st.text_area(
                "Merged text", value=conflict.ours or conflict.theirs or "", key=f"conflict-text-{index}-{key}"
            )
            choices[key] = Merged(written)
        else:
            choices[key] = Keep.OURS if choice == "mine" else Keep.THEIRS
    left, right = st.columns(2)
    if left.button("Save with these choices", type="primary"):
        if state.save(pending["message"], choices):
            st.rerun()
    if right.button("Cancel (keep my unsaved edits)"):
        st.session_state.pop("conflict", None)
        st.rerun()
