"""The conflict panel: both texts side by side, and the user's choice for each clash.

It is a bordered panel at the top of the page rather than `st.dialog`, because AppTest cannot
see or click inside `st.dialog` (streamlit issue 9786), and this path must be tested.
"""

from __future__ import annotations

import streamlit as st

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
    choices: dict[str, str] = {}
    for index, conflict in enumerate(error.conflicts):
        key = conflict.clause_id or "settings"
        st.markdown(f"**{state.md(conflict.title or key)}**: {state.md(conflict.field)}")
        mine, theirs = st.columns(2)
        mine.caption("Your text")
        mine.text(conflict.ours if conflict.ours is not None else "(you removed this clause)")
        theirs.caption("Saved meanwhile")
        theirs.text(conflict.theirs if conflict.theirs is not None else "(removed meanwhile)")
        choice = st.radio("Keep", ["mine", "theirs", "merged text"], key=f"conflict-choice-{index}", horizontal=True)
        if choice == "merged text" and conflict.clause_id:
            choices[key] = st.text_area(
                "Merged text", value=conflict.ours or conflict.theirs or "", key=f"conflict-text-{index}"
            )
        else:
            choices[key] = "ours" if choice == "mine" else "theirs"
    left, right = st.columns(2)
    if left.button("Save with these choices", type="primary"):
        if state.save(pending["message"], choices):
            st.rerun()
    if right.button("Cancel (keep my unsaved edits)"):
        st.session_state.pop("conflict", None)
        st.rerun()
