"""Which parts of the Draft page a change reruns: the fragment keys, and the rerun of only those parts."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

#: The session key holding the ids of the clauses the last full run drew, each in its fragment.
DRAWN = "draft-drawn"
#: The fragment keys of the Draft page's save bar and of the sidebar's working-copy status.
SAVE_BAR = "save-bar"
STATUS = "workspace-status"


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
