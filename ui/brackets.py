"""Brackets and reservations in the browser: shown in each delegation's colour, edited in the clause editor.

The Draft page draws a clause's open brackets through `ui.reading`; the clause editor's
"Brackets and reservations" part (`bracket_controls`) brackets a phrase, adds a wording, agrees
on one wording (closing the bracket) and places or withdraws a reservation. Every control applies
at once to the working copy, through `charter.negotiation.brackets`, and can be undone until saved.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from charter.drafting import assemble, template
from charter.drafting.model import DELEGATIONS, Draft, DraftClause, Settings
from charter.drafting.render import RenderedClause
from charter.negotiation import brackets as notation
from ui import refresh, state
from ui.reading import DELEGATION_COLOURS, Badge

#: The colour each delegation's wordings are shown in (Streamlit's Markdown colour names, as on the page).
COLOURS = DELEGATION_COLOURS


def reservation_badges(clause: RenderedClause, settings: Settings) -> list[Badge]:
    """Return a badge for each reservation on a clause: 'US reserve'."""
    tags = notation.tags(settings)
    return [Badge("red", f"{tags[r.delegation]} reserve") for r in clause.reservations]


def own_delegation() -> str | None:
    """Return the delegation of whoever is working: the signed-in user's, or the one chosen in local mode."""
    return state.delegation()


def _change(clause_id: str, change: Callable[[DraftClause], DraftClause], done: str) -> None:
    refresh.apply_to(clause_id, lambda d: assemble.change_clause(d, clause_id, change), done)


def _bracket(clause_id: str, key: str) -> None:
    phrase = str(st.session_state.get(f"{key}-phrase", ""))
    theirs = str(st.session_state.get(f"{key}-wording", ""))
    original_by = st.session_state.get(f"{key}-original")
    proposer = st.session_state.get(f"{key}-proposer")
    proposals = [(original_by, phrase.strip()), (proposer, theirs.strip())]

    def bracket(draft: Draft) -> Draft:
        values = template.variables(draft.settings)  # the phrase as the clause reads, variables filled in
        return assemble.change_clause(
            draft, clause_id, lambda c: notation.bracket_phrase(c, phrase, proposals, 1, values)
        )

    refresh.apply_to(clause_id, bracket, "Bracketed (unsaved)")


def _add_wording(clause_id: str, index: int, key: str) -> None:
    wording = str(st.session_state.get(f"{key}-text", ""))
    delegation = st.session_state.get(f"{key}-by")
    _change(clause_id, lambda c: notation.add_alternative(c, index, delegation, wording), "Wording added (unsaved)")


def _resolve(clause_id: str, index: int, choice: int) -> None:
    _change(clause_id, lambda c: notation.resolve(c, index, choice), "Bracket closed on that wording (unsaved)")


def _reserve(clause_id: str, key: str) -> None:
    delegation = str(st.session_state.get(f"{key}-by"))
    note = str(st.session_state.get(f"{key}-note", ""))
    author = state.author() or "unknown"
    _change(clause_id, lambda c: notation.reserve(c, delegation, author, note), "Reservation placed (unsaved)")


def _withdraw(clause_id: str, delegation: str) -> None:
    _change(clause_id, lambda c: notation.withdraw_reservation(c, delegation), "Reservation withdrawn (unsaved)")


def bracket_controls(clause: DraftClause, settings: Settings, editable: bool) -> None:
    """Show a clause's brackets and reservations with what can be done to them, each applying at once."""
    names, tags = notation.names(settings), notation.tags(settings)
    choices = list(DELEGATIONS)

    def name_of(delegation: str | None) -> str:
        return f"{names[delegation]} ({tags[delegation]})" if delegation else "nobody named"

    own = own_delegation()
    other = {"a": "b", "b": "a"}.get(own or "", "a")
    st.markdown("**Brackets and reservations**")
    for index, bracket in enumerate(clause.brackets):
        with st.container(border=True):
            st.caption(f"Bracket {index + 1}")
            for choice, proposal in enumerate(bracket.proposals):
                words, agree = st.columns([5, 2], vertical_alignment="center")
                shown = state.md(proposal.text) if proposal.text else "_(leave out)_"
                who = state.md(name_of(proposal.delegation))
                colour = COLOURS.get(proposal.delegation or "", "gray")
                words.markdown(f":{colour}-background[{who}:] {shown}")
                agree.button(
                    "Agree on this",
                    key=f"resolve-{clause.id}-{index}-{choice}",
                    disabled=not editable,
                    on_click=_resolve,
                    args=(clause.id, index, choice),
                    help="Close the bracket with this wording as plain text",
                )
            key = f"alt-{clause.id}-{index}"
            text_box, by_box, add = st.columns([4, 2, 1], vertical_alignment="bottom")
            text_box.text_input("Another wording", key=f"{key}-text", disabled=not editable)
            by_box.selectbox(
                "Proposed by", choices, index=choices.index(own or other), format_func=name_of, key=f"{key}-by"
            )
            add.button(
                "Add", key=f"{key}-add", disabled=not editable, on_click=_add_wording, args=(clause.id, index, key)
            )
    key = f"bracket-{clause.id}"
    with st.expander("Bracket a phrase", expanded=False):
        st.text_input("Words of the clause to bracket (as they read, outside other brackets)", key=f"{key}-phrase")
        first, second = st.columns(2)
        first.selectbox(
            "These words are proposed by",
            choices,
            index=choices.index(other),
            format_func=name_of,
            key=f"{key}-original",
        )
        st.text_input("The other wording (leave empty to propose leaving the words out)", key=f"{key}-wording")
        second.selectbox(
            "The other wording is proposed by",
            choices,
            index=choices.index(own or ("b" if other == "a" else "a")),
            format_func=name_of,
            key=f"{key}-proposer",
        )
        st.button("Bracket", key=f"{key}-go", disabled=not editable, on_click=_bracket, args=(clause.id, key))
    for reservation in clause.reservations:
        text, withdraw = st.columns([5, 2], vertical_alignment="center")
        note = f": {state.md(reservation.note)}" if reservation.note else ""
        text.markdown(f":red-badge[{state.md(tags[reservation.delegation])} reserve]{note}")
        text.caption(f"{state.md(reservation.author)}, {state.when(reservation.time)}")
        withdraw.button(
            "Withdraw",
            key=f"withdraw-{clause.id}-{reservation.delegation}",
            disabled=not editable,
            on_click=_withdraw,
            args=(clause.id, reservation.delegation),
        )
    key = f"reserve-{clause.id}"
    with st.expander("Place a reservation on the whole clause", expanded=False):
        st.selectbox("Delegation", choices, index=choices.index(own or other), format_func=name_of, key=f"{key}-by")
        st.text_input("Note (optional)", key=f"{key}-note")
        st.button("Place reservation", key=f"{key}-go", disabled=not editable, on_click=_reserve, args=(clause.id, key))
