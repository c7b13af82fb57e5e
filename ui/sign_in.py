"""The sign-in page: a charter password, or the organisation's OpenID Connect sign-in (`st.login`).

Organisational sign-in appears when the Streamlit secrets have an `[auth]` section. Streamlit keeps
the identity in a signed cookie, so a reload or a new tab signs the person in again. A password
sign-in is kept the same way when the person asks (the default): a random token in the
`charter_session` cookie, of which the store keeps only the hash (`charter.access.web_sessions`),
for 12 hours; signing out deletes it, in every tab of the browser. The session stamp is checked
against the store on every rerun either way, so a removed or changed user loses access at once.
Which charter user an identity is decides `charter.access.identity`, not this page.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from charter.access import accounts, web_sessions
from charter.access.identity import user_for_identity
from charter.access.roles import User
from charter.errors import CharterError
from ui import cookies, state

#: Where `st.session_state` notes that the user came through `st.login`, to sign out there too.
VIA_ORGANISATION = "user-via-organisation"
#: The cookie holding a kept password sign-in's token.
SESSION_COOKIE = "charter_session"
#: Where `st.session_state` keeps this session's token, to end it when the person signs out.
KEPT_TOKEN = "kept-sign-in"
#: Set once this session has looked at the cookie: the cookies a session sees never change.
KEPT_CHECKED = "kept-sign-in-checked"
#: What the person reads when their kept sign-in no longer holds because their account changed.
ACCOUNT_CHANGED = "Your account was changed or removed; sign in again."


def sign_in() -> User | None:
    """Return the signed-in user; show the sign-in page and stop when users exist and nobody is signed in."""
    store = state.store()
    if not accounts.has_users(store):
        st.session_state.pop("user", None)
        return None
    user = state.actor()
    if user is not None:
        # a removed, demoted, re-keyed or unlinked account ends its sessions at the next rerun
        if not state.session_current():
            st.session_state.pop("user", None)
            st.session_state["flash-error"] = ACCOUNT_CHANGED
        elif not _still_kept():
            # another tab of this browser, sharing this kept sign-in, signed out; or its time is up
            st.session_state.pop("user", None)
            st.session_state.pop(KEPT_TOKEN, None)
            st.session_state["flash-error"] = (
                "Your sign-in on this browser has ended (you signed out in another tab, or its "
                f"{_hours()} hours are over); sign in again."
            )
        else:
            return user
    if st.session_state.get(KEPT_TOKEN):
        _end_kept()  # the session ended, so its kept sign-in ends too
    elif (resumed := resume()) is not None:
        return resumed
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
        keep = not store.read_only and st.checkbox(
            f"Stay signed in on this browser for {_hours()} hours",
            value=True,
            help="Reloading the page or opening another tab then needs no password. Sign out to end it.",
        )
        if st.form_submit_button("Sign in", type="secondary" if providers else "primary"):
            try:
                signed = accounts.sign_in(store, name.strip(), password)
                _start_session(signed)
                if keep:
                    _keep(signed)
            except CharterError as err:
                state.show_error(err)
            else:
                st.rerun()
    cookies.write_pending()
    st.stop()


def sign_out(user: User) -> None:
    """Record the sign-out, end the session and its kept sign-in; an organisational one also clears its cookie."""
    store = state.store()
    accounts.sign_out(store, user)
    web_sessions.end_kept_sign_in(store, st.session_state.get(KEPT_TOKEN))
    via_organisation = st.session_state.get(VIA_ORGANISATION, False)
    st.session_state.clear()
    if via_organisation:
        st.logout()
    else:
        # this session's cookies still hold the ended token; it must not be read again
        st.session_state[KEPT_CHECKED] = True
        cookies.forget(SESSION_COOKIE)
        st.rerun()


def resume() -> User | None:
    """Return the user this browser's kept sign-in stands for, signing them in; None when there is none.

    The cookie is looked at once per session. A token the store no longer honours is deleted from
    the browser, with a note on the sign-in page when the account changed since.
    """
    user = state.actor()
    if user is not None or st.session_state.get(KEPT_CHECKED):
        return user
    st.session_state[KEPT_CHECKED] = True
    token = cookies.read(SESSION_COOKIE)
    if not token:
        return None
    resumed = web_sessions.resume(state.store(), token)
    if resumed.user is None:
        cookies.forget(SESSION_COOKIE)
        if resumed.ended == web_sessions.CHANGED:
            st.session_state["flash-error"] = ACCOUNT_CHANGED
        return None
    _start_session(resumed.user)
    st.session_state[KEPT_TOKEN] = token
    return resumed.user


def _keep(user: User) -> None:
    token = web_sessions.keep_sign_in(state.store(), user)
    if token is not None:
        st.session_state[KEPT_TOKEN] = token
        cookies.keep(SESSION_COOKIE, token, web_sessions.KEEP_FOR.total_seconds())


def _hours() -> str:
    return f"{web_sessions.KEEP_FOR.total_seconds() / 3600:g}"


def _still_kept() -> bool:
    token = st.session_state.get(KEPT_TOKEN)
    return not token or web_sessions.still_kept(state.store(), token)


def _end_kept() -> None:
    web_sessions.end_kept_sign_in(state.store(), st.session_state.pop(KEPT_TOKEN, None))
    cookies.forget(SESSION_COOKIE)


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
