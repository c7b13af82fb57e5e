"""What every page shows first: the sidebar (draft, author, revision), messages and the conflict panel.

Each page calls `page_frame()` itself rather than relying on the entry file, because AppTest
runs only the page script after the first run, and every page must work the same under test.
"""

from __future__ import annotations

import streamlit as st

from charter import assemble
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
        _new_draft_form()
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    if "conflict" in st.session_state:
        conflict_panel()


def _new_draft_form() -> None:
    with st.expander("Start a new draft"), st.form("new-draft", clear_on_submit=True):
        name = st.text_input("Short name (letters, digits, - and _)")
        party_a = st.text_input("Participant A", placeholder="the Republic of Azerbaijan")
        party_b = st.text_input("Participant B", placeholder="the United States of America")
        place = st.text_input("Place of signature")
        languages = st.text_input("Languages", "English")
        if st.form_submit_button("Create draft"):
            if not state.author():
                st.error("Set your name before creating a draft.")
                return
            try:
                settings = assemble.make_settings(
                    party_a,
                    party_b,
                    place=place,
                    languages=tuple(x.strip() for x in languages.split(",") if x.strip()),
                )
                state.store().create(assemble.new_draft(name.strip(), settings), state.author())
            except CharterError as err:
                st.error(str(err))
                return
            st.session_state["draft_name"] = name.strip()
            st.session_state.pop("workspace", None)
            st.session_state["flash"] = f"Created draft {name.strip()}; add clauses from the Library page."
            st.rerun()
