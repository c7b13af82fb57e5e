"""Which parts of the Draft page a change reruns: the fragment keys, and the rerun of only those parts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from charter.drafting.model import Draft
from ui import state

#: The session key holding the ids of the clauses the last full run drew, each in its fragment.
DRAWN = "draft-drawn"
#: The fragment keys of the Draft page's save bar and of the sidebar's working-copy status.
SAVE_BAR = "save-bar"
STATUS = "workspace-status"
#: The session key holding why the last change made in a clause's editor was refused, for that editor to show.
PROBLEM = "editor-problem"


def row_key(clause_id: str) -> str:
    """Return the fragment key of a clause's row on the Draft page."""
    return f"clause-{clause_id}"


def drawn() -> set[str]:
    """Return the ids of the clauses the last full run drew."""
    return st.session_state.setdefault(DRAWN, set())  # type: ignore[no-any-return]


def begin_full_run() -> None:
    """Forget which clauses were drawn: this full run draws its own."""
    st.session_state[DRAWN] = set()


def rerun_parts(clause_ids: Iterable[str] = ()) -> None:
    """Rerun only the save bar, the sidebar's status and the drawn rows of `clause_ids`.

    Only a widget callback may call this, as its last step; everything else on the page stays as drawn.
    """
    shown = drawn()
    st.rerun(scope=[SAVE_BAR, STATUS, *(row_key(c) for c in clause_ids if c in shown)])


def attempt_in_editor(change: Callable[[Draft], Draft], done: str | None = None) -> bool:
    """Apply a change made in a clause's editor; return False, keeping why for the editor, when it is refused.

    A callback run for a fragment must not draw: the reason waits for the clause's editor, drawn next.
    """
    problem = state.attempt(change, done)
    if problem:
        st.session_state[PROBLEM] = problem
    return problem is None


def apply_to(clause_id: str, change: Callable[[Draft], Draft], done: str | None = None) -> None:
    """Apply a change made in a clause's editor; then draw that clause, the save bar and the status again.

    A control's callback calls this last. A refused change reruns only the clause, whose editor says why.
    """
    if attempt_in_editor(change, done):
        rerun_parts([clause_id])
