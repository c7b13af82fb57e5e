"""Delegations in the browser: their names and colours, the author's own, and the tags brackets name them by."""

from __future__ import annotations

import streamlit as st

from charter.drafting.model import DELEGATIONS, Draft
from charter.negotiation import brackets
from charter.negotiation.delegations import set_tags
from charter.negotiation.progress import UNATTRIBUTED
from ui import state

#: One colour per delegation (and for wordings that name none), the same in every chart.
COLOURS = {"a": "#2563eb", "b": "#dc2626", "chair": "#7c3aed", UNATTRIBUTED: "#94a3b8"}


def names(draft: Draft | None = None) -> dict[str, str]:
    """Return each delegation's display name in `draft` (the chosen draft when None), or generic ones."""
    if draft is None:
        space = state.workspace()
        draft = space.draft(state.store()) if space is not None else None
    if draft is None:
        return {"a": "Participant A", "b": "Participant B", "chair": brackets.CHAIR_NAME}
    return brackets.names(draft.settings)


def label(delegation: str | None, shown: dict[str, str] | None = None) -> str:
    """Return how a delegation reads in a list: its name, or 'none' (user text, not yet escaped)."""
    if not delegation:
        return "none"
    return (shown or names()).get(delegation, delegation)


def own_delegation_picker() -> None:
    """Show, in local mode, which delegation the author speaks for; each save records it."""
    shown = names()
    choices = ["", *DELEGATIONS]
    current = st.session_state.get(state.DELEGATION, "")
    st.selectbox(
        "Your delegation",
        choices,
        index=choices.index(current) if current in choices else 0,
        format_func=lambda key: shown[key] if key else "None",
        key="delegation-input",
        help="Each revision you save records the delegation you speak for.",
        on_change=lambda: st.session_state.update({state.DELEGATION: st.session_state["delegation-input"]}),
    )


def tags_form(draft: Draft) -> None:
    """Show the tags brackets name each delegation by ("[AZ: ... / US: ...]"), and let an editor change them."""
    current = brackets.tags(draft.settings)
    shown = brackets.names(draft.settings)
    with st.form("delegation-tags"):
        st.caption("The short tags brackets name each delegation by, e.g. [AZ: intend to / US: will seek to].")
        columns = st.columns(len(DELEGATIONS))
        typed = {
            key: column.text_input(f"Tag of {state.md(shown[key])}", current[key], key=f"tag-{key}")
            for key, column in zip(DELEGATIONS, columns, strict=True)
        }
        if st.form_submit_button("Apply tags", disabled=not state.can_edit()):
            if state.apply(lambda d: set_tags(d, typed), "Tags changed (unsaved)"):
                st.session_state["flash"] = "Tags changed; save the draft on the Draft page to keep them."
                st.rerun()
