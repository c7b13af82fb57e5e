"""History page: revisions under each round (author, delegation, time, message); open, restore, name rounds."""

from __future__ import annotations

import streamlit as st

from charter.drafting.render import render_draft, to_text
from charter.errors import CharterError
from charter.negotiation.rounds import group_by_round
from charter.store import RevisionInfo
from ui import delegations, state
from ui.frame import page_frame

page_frame()

space = state.require_workspace()
store = state.store()
st.title("History", anchor=False)
history = store.history(space.name)
rounds = store.rounds(space.name)
shown = delegations.names(store.load(space.name))


def rows(revisions: tuple[RevisionInfo, ...]) -> list[dict[str, object]]:
    return [
        {
            "revision": info.revision,
            "author": info.author,
            "delegation": shown.get(info.delegation or "", ""),
            "time": state.when(info.time),
            "message": info.message,
            "merged": "yes" if info.merged else "",
        }
        for info in reversed(revisions)
    ]


if not rounds:
    st.caption("No rounds yet: name the revision a meeting ended on as a round below.")
    state.table(rows(tuple(history)), width="stretch")
else:
    for group in reversed(group_by_round(history, rounds)):
        st.subheader(state.md(group.title), anchor=False)
        if group.round is not None:
            st.caption(state.md(f"Named by {group.round.author} on {state.when(group.round.time)}."))
        if group.revisions:
            state.table(rows(group.revisions), width="stretch")
        else:
            st.caption("No revisions of its own: it names the same revision as the round before it.")

newest_first = [info.revision for info in reversed(history)]
revision = st.selectbox("Open a revision (read-only)", newest_first, key="history-rev")
with st.expander(f"Revision {revision}", expanded=True):
    st.text(to_text(render_draft(store.load(space.name, revision)), with_ids=False))
restorable = revision != newest_first[0] and state.can_edit()
if st.button(f"Restore revision {revision} as a new revision", disabled=not restorable):
    if not state.author():
        st.error("Set your name in the sidebar before restoring.")
    elif space.dirty:
        st.error("Save or discard your unsaved edits first.")
    else:
        try:
            result = store.restore(
                space.name, revision, state.author(), actor=state.actor(), delegation=state.delegation()
            )
        except CharterError as err:
            state.show_error(err)
        else:
            space.discard(store)
            st.session_state["flash"] = f"Restored revision {revision} as revision {result.revision}."
            st.rerun()

st.subheader("Rounds", anchor=False)
with st.form("mark-round", clear_on_submit=True):
    st.caption("A round names the revision a meeting or a call ended on, e.g. “Round 2, Baku”.")
    name_box, revision_box = st.columns([3, 1])
    round_name = name_box.text_input("Round name", placeholder="Round 2, Baku", key="round-name")
    round_revision = revision_box.selectbox(
        "Revision", newest_first, format_func=lambda n: f"{n} (latest)" if n == newest_first[0] else str(n)
    )
    if st.form_submit_button("Name this revision as a round", disabled=not state.can_edit()):
        if not state.author():
            st.error("Set your name in the sidebar before naming a round.")
        else:
            try:
                marked = store.mark_round(
                    space.name, round_name, round_revision, author=state.author(), actor=state.actor()
                )
            except CharterError as err:
                state.show_error(err)
            else:
                st.session_state["flash"] = f"Revision {marked.revision} is now the round {marked.name}."
                st.rerun()
if rounds:
    gone_box, button_box = st.columns([3, 1])
    gone = gone_box.selectbox(
        "Remove a round (its revisions stay)",
        [r.name for r in rounds],
        format_func=lambda name: f"{name} (revision {next(r.revision for r in rounds if r.name == name)})",
        key="round-remove",
    )
    if button_box.button("Remove round", disabled=not state.can_edit()):
        try:
            store.remove_round(space.name, gone, actor=state.actor())
        except CharterError as err:
            state.show_error(err)
        else:
            st.session_state["flash"] = f"Removed the round {gone}."
            st.rerun()
