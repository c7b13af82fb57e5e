"""What every page shows first: the sidebar (draft, author, revision), messages and the conflict panel.

Each page calls `page_frame()` itself rather than relying on the entry file, because AppTest
runs only the page script after the first run, and every page must work the same under test.
"""

from __future__ import annotations

import streamlit as st

from charter.bilingual.versions import unknown_languages
from charter.drafting import assemble
from charter.drafting.sets import SETS, start_from_draft, start_from_set
from charter.errors import CharterError
from charter.textsafety import check_text
from ui import cookies, delegations, refresh, state
from ui.conflict import conflict_panel
from ui.sign_in import sign_in, sign_out

#: The cookie that keeps the author's name in local mode across reloads (it is not secret).
AUTHOR_COOKIE = "charter_author"
#: How long the browser keeps that name after it was last typed.
AUTHOR_DAYS = 180


def page_frame() -> None:
    """Render the sign-in form or the sidebar, any message left by the last action, and the conflict panel."""
    try:
        if state.read_only():
            st.warning(state.READ_ONLY)
        signed_in = sign_in()
        drafts = [d.name for d in state.store().drafts()]
    except CharterError as err:
        state.show_error(err)
        st.stop()
    with st.sidebar:
        st.markdown("**Charter drafting assistant**")
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
        if signed_in is None:
            _recall_author()
            st.text_input(
                "Your name",
                value=st.session_state.get("author", ""),
                placeholder="needed to save",
                key="author-input",
                on_change=_set_author,
            )
            if "author-error" in st.session_state:
                st.error(state.md(st.session_state["author-error"]))
            delegations.own_delegation_picker()
        else:
            own = state.delegation()
            speaks = f", {delegations.label(own)} delegation" if own else ""
            st.caption(f"Signed in as {state.md(signed_in.describe() + speaks)}")
            if st.button("Sign out"):
                sign_out(signed_in)
        if state.workspace() is not None:
            workspace_status()
        if signed_in is None:
            st.caption(
                "Local mode: no users are set up, so this is a single-user tool on this computer "
                "(127.0.0.1). Add users with `charter user add` to require sign-in."
            )
        if state.can_edit():
            _new_draft_form()
        cookies.write_pending()
    if "flash" in st.session_state:
        # flash messages quote draft names, clause titles and file names
        st.success(state.md(st.session_state.pop("flash")))
    for warning in st.session_state.pop("flash-warnings", []):
        st.warning(state.md(warning))
    if "toast" in st.session_state:
        # a toast shows where the user is looking, however far down the page they are
        st.toast(state.md(st.session_state.pop("toast")), icon=":material/check:")
    if "conflict" in st.session_state:
        conflict_panel()


@st.fragment(key=refresh.STATUS)
def workspace_status() -> None:
    """Show which revision the working copy is based on and whether it holds unsaved edits."""
    space = state.workspace()
    if space is None:
        return
    head = state.store().head(space.name)
    st.caption(f"Working from revision {space.base} (latest is {head}).")
    if space.dirty and space.restored is not None:
        st.warning(
            f"You have unsaved edits from {state.when(space.restored)}, based on revision {space.base}, "
            "kept from an earlier session; save them or discard them."
        )
    elif space.dirty:
        st.warning("You have unsaved edits.")
    elif space.base != head and st.button("Load the latest revision"):
        space.discard(state.store())
        st.rerun()


def _set_author() -> None:
    # The store records this name on every revision, so it is checked here, where it is typed.
    typed = st.session_state["author-input"].strip()
    try:
        st.session_state["author"] = check_text(typed, "your name")
    except CharterError as err:
        st.session_state["author-error"] = str(err)
    else:
        st.session_state.pop("author-error", None)
        if typed:
            cookies.keep(AUTHOR_COOKIE, typed, AUTHOR_DAYS * 86_400)
        else:
            cookies.forget(AUTHOR_COOKIE)


def _recall_author() -> None:
    """Take the name this browser kept from an earlier session, once, when none is set in this one."""
    if "author" in st.session_state or st.session_state.get("author-recalled"):
        return
    st.session_state["author-recalled"] = True
    kept = (cookies.read(AUTHOR_COOKIE) or "").strip()[:200]
    try:
        if kept:
            st.session_state["author"] = check_text(kept, "your name")
    except CharterError:
        cookies.forget(AUTHOR_COOKIE)


def _new_draft_form() -> None:
    st.button(
        "Start a new draft",
        key="new-draft-open",
        width="stretch",
        on_click=lambda: st.session_state.update({"new-draft-open-dialog": True}),
    )
    if st.session_state.get("new-draft-open-dialog"):
        _new_draft_dialog()


def _close_new_draft() -> None:
    st.session_state.pop("new-draft-open-dialog", None)


@st.dialog("Start a new draft", width="large", on_dismiss=_close_new_draft)
def _new_draft_dialog() -> None:
    store, library = state.store(), state.library()
    others = [d.name for d in store.drafts()]
    starts = {"empty": "Empty: add clauses from the Library", **{k: f"The {k} set: {v}" for k, v in SETS.items()}}
    if others:
        starts["draft"] = "The sections and clauses of another draft, as a fresh proposal"
    with st.form("new-draft", clear_on_submit=False, border=False):
        name = st.text_input("Short name (letters, digits, - and _)")
        party_a = st.text_input("Participant A", placeholder="the Republic of Azerbaijan")
        party_b = st.text_input("Participant B", placeholder="the United States of America")
        place = st.text_input("Place of signature")
        languages = st.text_input("Languages", "English")
        start = st.radio("Start from", list(starts), format_func=starts.__getitem__, index=1 if SETS else 0)
        other = st.selectbox("Which draft (when starting from another draft)", others) if others else None
        if st.form_submit_button("Create draft", type="primary"):
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
                draft = assemble.new_draft(name.strip(), settings)
                if start == "draft" and other:
                    draft = start_from_draft(draft, store.load(other))
                elif start in SETS:
                    draft = start_from_set(draft, library, start)
                message = {"empty": "New draft", "draft": f"New draft from the structure of {other}"}.get(
                    start, f"New draft from the {start} set"
                )
                store.create(draft, state.author(), message, actor=state.actor(), delegation=state.delegation())
            except CharterError as err:
                state.show_error(err)
                return
            st.session_state["draft_name"] = name.strip()
            # the sidebar selector shows the new draft, and nothing typed for the old one carries over
            for key in ("draft-input", "save-message", "draft-section", "draft-jump", "new-draft-open-dialog"):
                st.session_state.pop(key, None)
            held = len(draft.clauses())
            st.session_state["flash"] = (
                f"Created draft {name.strip()} with {held} clauses."
                if held
                else f"Created draft {name.strip()}; add clauses from the Library page."
            )
            st.session_state["flash-warnings"] = unknown_languages(settings.languages)
            st.rerun()
