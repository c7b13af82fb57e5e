"""History page: every revision with author, time and message; open one; restore one."""

from __future__ import annotations

import streamlit as st

from charter.drafting.render import render_draft, to_text
from charter.errors import CharterError
from ui import state
from ui.frame import page_frame

page_frame()

space = state.require_workspace()
store = state.store()
st.title("History", anchor=False)
history = list(reversed(store.history(space.name)))
state.table(
    [
        {
            "revision": info.revision,
            "author": info.author,
            "time": state.when(info.time),
            "message": info.message,
            "merged": "yes" if info.merged else "",
        }
        for info in history
    ],
    width="stretch",
)
revision = st.selectbox("Open a revision (read-only)", [info.revision for info in history], key="history-rev")
with st.expander(f"Revision {revision}", expanded=True):
    st.text(to_text(render_draft(store.load(space.name, revision)), with_ids=False))
restorable = revision != history[0].revision and state.can_edit()
if st.button(f"Restore revision {revision} as a new revision", disabled=not restorable):
    if not state.author():
        st.error("Set your name in the sidebar before restoring.")
    elif space.dirty:
        st.error("Save or discard your unsaved edits first.")
    else:
        try:
            result = store.restore(space.name, revision, state.author(), actor=state.actor())
        except CharterError as err:
            state.show_error(err)
        else:
            space.discard(store)
            st.session_state["flash"] = f"Restored revision {revision} as revision {result.revision}."
            st.rerun()
