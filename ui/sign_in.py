"""The sign-in page: a charter password, or the organisation's OpenID Connect sign-in (`st.login`).

Organisational sign-in appears when the Streamlit secrets have an `[auth]` section. Streamlit keeps
the identity in a signed cookie, so a reload or a new tab signs the person in again; the session
stamp is checked against the store on every rerun either way, so a removed or changed user loses
access at once. Which charter user an identity is decides `charter.access.identity`, not this page.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from charter.access import accounts
from charter.access.identity import user_for_identity
from charter.access.roles import User
from charter.errors import CharterError
from ui import state

#: Where `st.session_state` notes that the user came through `st.login`, to sign out there too.
VIA_ORGANISATION = "user-via-organisation"


def sign_in() -> User | None:
    """Return the signed-in user; show the sign-in page and stop when users exist and nobody is signed in."""
    store = state.store()
    if not accounts.has_users(store):
        st.session_state.pop("user", None)
        return None
    user = state.actor()
    if user is not None:
        # a removed, demoted, re-keyed or unlinked account ends its sessions at the next rerun
        if state.session_current():
            return user
        st.session_state.pop("user", None)
        st.session_state["flash-error"] = "Your account was changed or removed; sign in again."
    providers = organisation_providers()
    if providers and st.user.get("is_logged_in"):
        return _organisation_user()
    if message := st.session_state.pop("flash-error", None):
        st.error(message)
    st.title("Sign in", anchor=False)
    st.caption("This draft charter is confidential negotiating material. Sign in to continue.")
    for provider in providers:
        label = "Sign in with your organisation" if len(providers) == 1 else f"Sign in with {provider}"
        if st.button(label, type="primary", key=f"sign-in-{provider}"):
            st.login(None if provider == "default" else provider)
    if providers:
        st.caption("Or, with a charter password:")
    with st.form("sign-in"):
        name = st.text_input("User name")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in", type="secondary" if providers else "primary"):
            try:
                signed = accounts.sign_in(store, name.strip(), password)
                _start_session(signed)
            except CharterError as err:
                state.show_error(err)
            else:
                st.rerun()
    st.stop()


def sign_out(user: User) -> None:
    """Record the sign-out and end the session; an organisational sign-in also clears Streamlit's cookie."""
    accounts.sign_out(state.store(), user)
    via_organisation = st.session_state.get(VIA_ORGANISATION, False)
    st.session_state.clear()
    if via_organisation:
        st.logout()
    else:
        st.rerun()


def organisation_providers() -> list[str]:
    """Return the `st.login` providers set up in the secrets' `[auth]` section ("default" for a bare one)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return []
        auth = st.secrets.get("auth")
    except (FileNotFoundError, KeyError, ValueError):
        return []
    if not isinstance(auth, Mapping):
        return []
    if auth.get("client_id"):
        return ["default"]
    return sorted(key for key, value in auth.items() if isinstance(value, Mapping) and value.get("client_id"))


def _organisation_user() -> User:
    """Return the charter user of the identity in Streamlit's cookie; refuse and stop when there is none."""
    identity = st.user
    verified = identity.get("email_verified")
    try:
        user = user_for_identity(
            state.store(),
            str(identity.get("iss") or identity.get("provider") or ""),
            str(identity.get("sub") or ""),
            str(identity.get("email") or "") or None,
            verified if isinstance(verified, bool) else None,
        )
    except CharterError as err:
        st.session_state.pop("flash-error", None)
        st.title("Sign in", anchor=False)
        state.show_error(err)
        # The refusal stays on the page until the person signs out of the organisation here: st.logout
        # starts a new session, which would wipe the message before anyone could read it.
        st.caption("You have no access to this charter. Sign out to use another account.")
        if st.button("Sign out", type="primary"):
            st.logout()
        st.stop()
    if st.session_state.pop("flash-error", None):
        st.toast(state.md(f"Your account was changed; you are signed in as {user.describe()}."))
    _start_session(user)
    st.session_state[VIA_ORGANISATION] = True
    return user


def _start_session(user: User) -> None:
    st.session_state["user"] = user
    st.session_state["user-stamp"] = accounts.session_stamp(state.store(), user.name)
