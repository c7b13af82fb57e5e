"""What every page shows first: the sidebar (draft, author, revision), messages and the conflict panel.

Each page calls `page_frame()` itself rather than relying on the entry file, because AppTest
runs only the page script after the first run, and every page must work the same under test.
"""

from __future__ import annotations

import streamlit as st

from charter.errors import CharterError
from ui import state
from ui.conflict import conflict_panel


def page_frame() -> None:
    """Render the sidebar, any message left by the last action, and the conflict panel."""
    with st.sidebar:
        st.markdown("**Charter drafting assistant**")
        try:
            drafts = [d.name for d in state.store().drafts()]
        except CharterError as err:
            st.error(str(err))
            st.stop()
        # The choices live in plain session keys, copied from the widgets when they change, because
        # a widget's own state resets when the user switches pages.
        if drafts:
            if st.session_state.get("draft_name") not in drafts:
                st.session_state["draft_name"] = drafts[0]
            st.selectbox(
                "Draft",
                drafts,
                index=drafts.index(st.session_state["draft_name"]),
                key="draft-input",
                on_change=lambda: st.session_state.update(draft_name=st.session_state["draft-input"]),
            )
        st.text_input(
            "Your name",
            value=st.session_state.get("author", ""),
            placeholder="needed to save",
            key="author-input",
            on_change=lambda: st.session_state.update(author=st.session_state["author-input"].strip()),
        )
        space = state.workspace()
        if space is not None:
            head = state.store().head(space.name)
            st.caption(f"Working from revision {space.base} (latest is {head}).")
            if space.dirty:
                st.warning("You have unsaved edits.")
            elif space.base != head and st.button("Load the latest revision"):
                space.discard(state.store())
                st.rerun()
        st.caption("Local mode: a single-user tool on this computer (127.0.0.1). Sign-in comes with user accounts.")
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    if "conflict" in st.session_state:
        conflict_panel()
