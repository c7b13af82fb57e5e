"""A reload keeps the sign-in and the author's name: the app's cookies, with AppTest playing the browser.

AppTest has no browser, so `Browser` keeps the cookie jar: it hands a new session the cookies
(as `st.context.cookies` reads them) and stores what the app asked the page to write. The real
script in Chromium is tested in tests/e2e/test_sign_in_reload.py.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from streamlit.runtime import context as streamlit_context
from streamlit.testing.v1 import AppTest

from charter.access import accounts, web_sessions
from charter.access.roles import Role, User
from charter.store import sqlite as sqlite_backend
from tests.injection import unescape
from tests.ui.conftest import APP
from ui.cookies import PENDING

PASSWORD = "editor password"
ROOT = User("root", Role.ADMIN, ())


class Browser:
    """One browser's cookie jar, shared by the sessions (tabs, reloads) opened in it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.jar: dict[str, str] = {}
        client = SimpleNamespace(headers=[], cookies=self.jar, remote_ip="127.0.0.1")
        monkeypatch.setattr(streamlit_context, "_get_client_context", lambda: client)

    def open(self) -> AppTest:
        """Return a new session (a reload or a new tab), run once."""
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        return at

    def take(self, at: AppTest) -> None:
        """Store the cookies the session asked the page to write, as the script in the page does."""
        pending = at.session_state[PENDING] if PENDING in at.session_state else {}
        for name, (value, until) in pending.items():
            if value and until > time.time():
                self.jar[name] = value
            else:
                self.jar.pop(name, None)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    return Browser(monkeypatch)


@pytest.fixture
def ed(db):  # type: ignore[no-untyped-def]
    accounts.add_user(db, "ed", "editor", PASSWORD, delegation="a")
    return db


def sign_in(at: AppTest, name: str = "ed", password: str = PASSWORD, keep: bool = True) -> AppTest:
    fields = {t.label: t for t in at.text_input}
    fields["User name"].input(name)
    fields["Password"].input(password)
    if not keep:
        next(c for c in at.checkbox if c.label.startswith("Stay signed in")).uncheck()
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return at


def signed_in_as(at: AppTest, name: str) -> bool:
    return any(f"Signed in as {name}" in unescape(c.value) for c in at.caption)


def on_sign_in_page(at: AppTest) -> bool:
    return bool(at.title) and at.title[0].value == "Sign in"


def test_a_password_sign_in_survives_a_reload_and_opens_in_a_second_tab(ed, browser) -> None:
    first = sign_in(browser.open())
    assert signed_in_as(first, "ed")
    browser.take(first)
    token = browser.jar["charter_session"]
    with ed.backend.read() as tx:
        assert tx.web_session(web_sessions.token_hash(token)) is not None
    reloaded, second_tab = browser.open(), browser.open()
    assert signed_in_as(reloaded, "ed") and signed_in_as(second_tab, "ed")
    assert not any(b.label == "Sign in" for b in reloaded.button)
    shown = " ".join(str(e.value) for e in (*reloaded.markdown, *reloaded.caption, *reloaded.title))
    assert token not in shown


def test_signing_out_ends_the_kept_sign_in_in_the_store_and_the_browser(ed, browser) -> None:
    first = sign_in(browser.open())
    browser.take(first)
    token = browser.jar["charter_session"]
    next(b for b in first.button if b.label == "Sign out").click().run()
    assert on_sign_in_page(first)
    assert not web_sessions.still_kept(ed, token)
    browser.take(first)
    assert "charter_session" not in browser.jar
    assert on_sign_in_page(browser.open())


def test_signing_out_in_one_tab_signs_the_other_tabs_of_the_browser_out(ed, browser) -> None:
    first = sign_in(browser.open())
    browser.take(first)
    second = browser.open()
    assert signed_in_as(second, "ed")
    next(b for b in second.button if b.label == "Sign out").click().run()
    first.run()
    assert on_sign_in_page(first)
    assert any("you signed out in another tab" in e.value for e in first.error)


def test_a_kept_sign_in_of_a_removed_user_shows_the_sign_in_page_on_reload(ed, browser) -> None:
    browser.take(sign_in(browser.open()))
    accounts.remove_user(ed, "ed", by=ROOT)
    accounts.add_user(ed, "ed", "editor", PASSWORD, by=ROOT)
    reloaded = browser.open()
    assert on_sign_in_page(reloaded) and not signed_in_as(reloaded, "ed")
    browser.take(reloaded)
    assert "charter_session" not in browser.jar, "a token the store no longer knows is deleted from the browser"


def test_a_kept_sign_in_of_a_changed_account_shows_the_sign_in_page_with_a_note(ed, browser) -> None:
    browser.take(sign_in(browser.open()))
    accounts.set_delegation(ed, "ed", "b", by=ROOT)
    reloaded = browser.open()
    assert on_sign_in_page(reloaded)
    assert any("Your account was changed or removed" in e.value for e in reloaded.error)
    browser.take(reloaded)
    assert "charter_session" not in browser.jar


def test_a_wrong_or_expired_token_just_shows_the_sign_in_page(ed, browser) -> None:
    browser.jar["charter_session"] = "made-up-token-" + "x" * 30
    wrong = browser.open()
    assert on_sign_in_page(wrong) and not wrong.error
    user = accounts.sign_in(ed, "ed", PASSWORD)
    browser.jar["charter_session"] = str(
        web_sessions.keep_sign_in(ed, user, now=web_sessions._now() - web_sessions.KEEP_FOR)
    )
    expired = browser.open()
    assert on_sign_in_page(expired) and not expired.error


def test_unticking_stay_signed_in_keeps_nothing(ed, browser) -> None:
    first = sign_in(browser.open(), keep=False)
    assert signed_in_as(first, "ed")
    browser.take(first)
    assert "charter_session" not in browser.jar
    with ed.backend.read() as tx:
        assert tx.execute("SELECT COUNT(*) FROM web_sessions").fetchone()[0] == 0
    assert on_sign_in_page(browser.open())


def test_a_read_only_database_offers_no_kept_sign_in_and_signs_in_as_before(ed, browser, monkeypatch) -> None:
    import streamlit as st

    monkeypatch.setattr(sqlite_backend, "_writable", lambda path: False)
    st.cache_resource.clear()
    at = browser.open()
    assert not any(c.label.startswith("Stay signed in") for c in at.checkbox)
    sign_in(at)
    assert signed_in_as(at, "ed")
    browser.take(at)
    assert "charter_session" not in browser.jar


def test_in_local_mode_the_authors_name_survives_a_reload(db, browser) -> None:
    at = browser.open()
    next(t for t in at.text_input if t.label == "Your name").input("Aysel Məmmədova").run()
    browser.take(at)
    assert browser.jar["charter_author"] == "Aysel%20M%C9%99mm%C9%99dova"
    reloaded = browser.open()
    assert next(t for t in reloaded.text_input if t.label == "Your name").value == "Aysel Məmmədova"
    from ui import state

    assert reloaded.session_state["author"] == "Aysel Məmmədova"
    assert state.author  # the sidebar name is what a save records


def test_a_kept_name_holding_a_control_character_is_ignored_and_deleted(db, browser) -> None:
    browser.jar["charter_author"] = "Ann%1B%5B2J"
    at = browser.open()
    assert next(t for t in at.text_input if t.label == "Your name").value == ""
    browser.take(at)
    assert "charter_author" not in browser.jar


def test_a_live_session_ends_when_its_kept_sign_in_runs_out(ed, browser) -> None:
    at = sign_in(browser.open())
    with ed.backend.write() as tx:
        tx.execute("UPDATE web_sessions SET expires = ?", ("2000-01-01T00:00:00.000000+00:00",))
    at.run()
    assert on_sign_in_page(at)
    assert any("12 hours are over" in e.value for e in at.error)
