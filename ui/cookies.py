"""Cookies this app keeps in the browser: read with `st.context.cookies`, written by a tiny script on the page.

Streamlit reads the cookies a browser sent when its session opened, and has no way to set one. So
a session notes what it wants kept (`keep`, `forget`), and `write_pending()` mounts an
`st.components.v2` component whose few lines of JavaScript, run in the app's own page (not in an
iframe), set `document.cookie`. The values travel as the component's data over Streamlit's
connection, never in the page's HTML or the URL. A script cannot make a cookie HttpOnly; what a
cookie holds must therefore be either not secret (the author's name) or useless without the store
(a kept sign-in's token, which signing out deletes there). Every cookie gets Path=/ and
SameSite=Strict, and Secure when the page is served over https.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote, unquote

import streamlit as st

#: What st.session_state holds: the cookies this session wants the browser to keep, by name,
#: with the moment (seconds since the epoch) each should go; 0 deletes it.
PENDING = "cookies-pending"

#: The browser ignores cookies above about 4 KB; ours stay well below.
MAX_VALUE = 1_000

_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")

_SCRIPT = """
export default function (component) {
    const cookies = component.data;
    if (!Array.isArray(cookies)) return;
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    for (const cookie of cookies) {
        document.cookie = cookie.name + "=" + cookie.value + "; Path=/; Max-Age=" + cookie.age
            + "; SameSite=Strict" + secure;
    }
}
"""

_writer = st.components.v2.component("charter_cookies", js=_SCRIPT)


def read(name: str) -> str | None:
    """Return the value of a cookie the browser sent when this session opened, or None."""
    value = st.context.cookies.get(name)
    # outside a browser session (AppTest) there is no real request to read
    return unquote(value) if isinstance(value, str) and value else None


def keep(name: str, value: str, seconds: float) -> bool:
    """Ask the browser to keep a cookie for `seconds`; return False (and keep nothing) when the value is too long."""
    encoded = quote(value, safe="")
    if not _NAME.fullmatch(name) or len(encoded) > MAX_VALUE:
        return False
    pending: dict[str, tuple[str, float]] = st.session_state.setdefault(PENDING, {})
    pending[name] = (encoded, time.time() + seconds)
    return True


def forget(name: str) -> None:
    """Ask the browser to delete a cookie."""
    pending: dict[str, tuple[str, float]] = st.session_state.setdefault(PENDING, {})
    pending[name] = ("", 0.0)


def write_pending() -> None:
    """Mount the cookie writer when this session wants any cookie kept or deleted; call it once per run.

    It is mounted on every run, with the time left, so that a run cut short by the next one
    cannot lose a write; writing a cookie again with the same value and end changes nothing.
    """
    pending: dict[str, tuple[str, float]] = st.session_state.get(PENDING, {})
    if not pending:
        return
    now = time.time()
    cookies = [
        {"name": name, "value": value, "age": max(0, int(until - now)) if value else 0}
        for name, (value, until) in sorted(pending.items())
    ]
    _writer(data=cookies, key="cookie-writer", height=0, width="stretch")
