"""What every page shares: the store and library (read-only resources), and this user's workspace."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from charter.access.roles import Role, User
from charter.compare.merge import Resolution
from charter.drafting import template
from charter.drafting.model import Draft
from charter.drafting.render import escape_markdown
from charter.errors import CharterError, ConflictError
from charter.library import Library, load_library
from charter.store import SaveResult, Store
from charter.store.workspace import Workspace, local_time
from charter.textsafety import check_text, csv_rows


@st.cache_resource
def library() -> Library:
    """Return the clause library, loaded once per server (it is read-only)."""
    return load_library(os.environ.get("CHARTER_LIBRARY") or None)


@st.cache_resource
def store() -> Store:
    """Return the store on $CHARTER_DB (or the embedded database)."""
    return Store(os.environ.get("CHARTER_DB") or None)


def md(text: str) -> str:
    """Return user text escaped for st.markdown, so it always shows as text.

    Everything Streamlit renders as Markdown takes it: markdown, title, subheader, caption, the
    alerts, toasts, and the labels of expanders, tabs, metrics, buttons and radio options.
    Selectbox options, st.text, st.dataframe and input values show plain text and take none.
    """
    return escape_markdown(text)


def show_error(err: Exception) -> None:
    """Show an error message; it often quotes what the user typed, so it is escaped."""
    st.error(md(str(err)))


def table(rows: Iterable[Mapping[str, Any]], **options: Any) -> None:
    """Show rows with st.dataframe, whose "Download as CSV" then carries no cell a spreadsheet runs as a formula."""
    st.dataframe(csv_rows(rows), hide_index=True, **options)


def when(moment) -> str:  # type: ignore[no-untyped-def]
    """Return a time in the viewer's own time zone."""
    return local_time(moment, st.context.timezone)


def workspace() -> Workspace | None:
    """Return the workspace for the draft chosen in the sidebar, or None when there is none."""
    name = st.session_state.get("draft_name")
    if not name:
        return None
    # One workspace per draft, so that switching drafts never drops unsaved edits.
    spaces: dict[str, Workspace] = st.session_state.setdefault("workspaces", {})
    current = spaces.get(name)
    if current is None:
        current = Workspace.open(store(), name, owner())
        spaces[name] = current
    return current


def owner() -> str:
    """Return whose working copies these are: the signed-in user, or the local owner in local mode."""
    user = actor()
    return user.name if user is not None else "(local owner)"


def require_workspace() -> Workspace:
    """Return the current workspace, or stop the page with a note when no draft is chosen."""
    current = workspace()
    if current is None:
        st.info("Choose or create a draft in the sidebar.")
        st.stop()
    return current


def current_draft() -> Draft:
    """Return the chosen draft with this user's unsaved edits."""
    return require_workspace().draft(store())


def actor() -> User | None:
    """Return the signed-in user, or None in local mode (no users configured)."""
    user = st.session_state.get("user")
    return user if isinstance(user, User) else None


#: Where `st.session_state` keeps the delegation a local-mode author speaks for ("" for none).
DELEGATION = "delegation"


def delegation() -> str | None:
    """Return the delegation a save records: a signed-in user's own; in local mode the one picked in
    the sidebar (None for none).

    A signed-in user's is current: changing it changes their session stamp, which ends the session.
    """
    user = actor()
    if user is not None:
        return user.delegation
    return str(st.session_state.get(DELEGATION) or "") or None


def author() -> str:
    """Return who is acting: the signed-in user, or in local mode the name set in the sidebar."""
    user = actor()
    if user is not None:
        return user.name
    return str(st.session_state.get("author", "")).strip()


#: What every page says, and what an edit or a save answers, when the database may not be written.
READ_ONLY = "This database is read-only: you can read and export, not save."


def read_only() -> bool:
    """Return True when the store may not be written (the file or its folder is not writable)."""
    return store().read_only


def can_edit() -> bool:
    """Return True unless the database is read-only or the signed-in user is a viewer."""
    user = actor()
    return not read_only() and (user is None or user.role != Role.VIEWER)


def session_current() -> bool:
    """Return False when the signed-in account was removed, demoted or re-keyed since signing in.

    Every write checks this itself, because button callbacks run before the page frame's check.
    """
    user = actor()
    if user is None:
        return True
    from charter.access import accounts

    return accounts.session_stamp(store(), user.name) == st.session_state.get("user-stamp")


def _refuse_stale_session() -> bool:
    if session_current():
        return False
    st.session_state.pop("user", None)
    st.session_state["flash-error"] = "Your account was changed or removed; sign in again."
    return True


def attempt(change: Callable[[Draft], Draft], done: str | None = None) -> str | None:
    """Apply an edit to the working copy and return None, or why it was refused, as Markdown ("" when the
    refusal is reported elsewhere: a session whose account changed meets the sign-in page).

    The old copy stays when it is refused. `done` is shown as a toast by the next page or save bar drawn.
    """
    if read_only():
        return f"{READ_ONLY} Nothing was changed."
    if _refuse_stale_session():
        return ""
    try:
        require_workspace().apply(store(), change)
    except CharterError as err:
        return md(str(err))
    if done:
        st.session_state["toast"] = done
    return None


def apply(change: Callable[[Draft], Draft], done: str | None = None) -> bool:
    """Apply an edit to the working copy; show the error and keep the old copy when it fails."""
    problem = attempt(change, done)
    if problem:
        st.error(problem)
    return problem is None


def per_draft(name: str, draft: Draft, compute: Callable[[Draft], Any], also: Any = None) -> Any:
    """Return `compute(draft)`, computed again only when the draft's sections or settings change,
    or when `also` (anything else the result depends on, such as the base revision) does.

    A rerun that changes nothing (opening an editor, choosing a section, saving) reuses the last
    result. Drafts are immutable and the store caches its clause trees, so a draft read again holds
    the same clause objects and the equality below is decided mostly by identity, in microseconds.
    """
    memo: dict[str, tuple[Any, Any, Any, Any]] = st.session_state.setdefault("per-draft", {})
    kept = memo.get(name)
    if kept is not None and kept[0] == draft.sections and kept[1] == draft.settings and kept[3] == also:
        return kept[2]
    result = compute(draft)
    memo[name] = (draft.sections, draft.settings, result, also)
    return result


def variable_values() -> dict[str, str]:
    """Return the variable values (${party_a} ...) of the draft being edited."""
    return template.variables(current_draft().settings)


def attempt_save(
    message: str, resolutions: dict[str, Resolution] | None = None
) -> tuple[SaveResult | None, str | None]:
    """Save the working copy; return what happened, or None and why not.

    A conflict is remembered, so the conflict dialog opens, and an account changed meanwhile is
    signed out; neither has a reason to show beside the button (None, None).
    """
    if read_only():
        return None, f"{READ_ONLY} Nothing was saved."
    if _refuse_stale_session():
        return None, None
    if not author():
        return None, "Set your name in the sidebar before saving."
    space = require_workspace()
    try:
        # the store should check messages itself (see charter.textsafety); until it does, the edge does
        check_text(message, "save message", multiline=True)
        result = space.save(
            store(), author(), message or "(no message)", resolutions, actor=actor(), delegation=delegation()
        )
    except ConflictError as err:
        st.session_state["conflict"] = {"error": err, "message": message}
        return None, None
    except CharterError as err:
        return None, str(err)
    st.session_state.pop("conflict", None)
    st.session_state["flash"] = result.describe()
    return result, None


def save(message: str, resolutions: dict[str, Resolution] | None = None) -> SaveResult | None:
    """Save the working copy and return what happened; show why not, and return None, when it fails."""
    result, problem = attempt_save(message, resolutions)
    if problem:
        st.error(md(problem))
    return result
