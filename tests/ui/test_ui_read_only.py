"""The app on a read-only database: a banner on every page, reading and export work, nothing is saved.

These tests run as whoever runs pytest, often root, whom file permissions do not bind; so the
store is told the file is not writable. tests/store/test_read_only.py and the browser test in
tests/e2e/test_read_only_serve.py check the real permissions as an unprivileged user.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from charter.access import accounts
from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.library import load_library
from charter.store import Store
from charter.store import sqlite as sqlite_backend

APP = str(Path(__file__).parents[2] / "ui" / "app.py")
BANNER = "This database is read-only: you can read and export, not save."
PAGES = ("draft", "library", "history", "compare", "word", "overview")


@pytest.fixture
def read_only_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Return the demo database, which the app then opens as a file it may not write."""
    path = tmp_path / "ui.db"
    monkeypatch.setenv("CHARTER_DB", str(path))
    monkeypatch.delenv("CHARTER_LIBRARY", raising=False)
    store = Store(path)
    ensure_demo(store, load_library())
    monkeypatch.setattr(sqlite_backend, "_writable", lambda path: False)
    st.cache_resource.clear()
    return store


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page != "draft":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def banner_shown(at: AppTest) -> bool:
    return any(w.value == BANNER for w in at.warning)


def test_every_page_shows_the_read_only_banner_and_offers_no_save(read_only_db: Store) -> None:
    for page in PAGES:
        at = open_page(page)
        assert banner_shown(at), page
        assert not any(b.key == "new-draft-open" for b in at.button), page
    draft = open_page("draft")
    assert button(draft, "Save revision").disabled
    first = read_only_db.load(DEMO_NAME).clauses()[0]
    next(b for b in draft.button if b.key == f"edit-{first.id}").click().run()
    boxes = [t for t in draft.text_area if t.key and t.key.startswith(f"text-{first.id}-")]
    assert boxes and all(t.disabled for t in boxes), "the clause editor shows the text but takes no edits"
    assert next(b for b in draft.button if b.key == f"remove-{first.id}").disabled
    assert not any("signed in as a viewer" in c.value for c in draft.caption)
    history = open_page("history")
    history.selectbox(key="history-rev").select(1).run()
    assert button(history, "Restore revision 1 as a new revision").disabled


def test_an_edit_on_a_read_only_database_is_refused_with_a_plain_message(read_only_db: Store) -> None:
    at = open_page("draft")
    next(t for t in at.text_input if t.label == "Your name").input("Ann").run()
    at.session_state["draft-custom"] = True  # the user opens "Add a clause written here"
    at.run()
    custom = next(t for t in at.text_area if t.label == "Text")
    custom.input("A clause typed on a read-only database.")
    button(at, "Add clause").click().run()
    assert not at.exception, at.exception
    assert any(e.value == f"{BANNER} Nothing was changed." for e in at.error), [e.value for e in at.error]
    assert not any(str(read_only_db.path) in e.value for e in at.error)
    library = open_page("library")
    assert not library.exception
    assert read_only_db.head(DEMO_NAME) == 3
    assert read_only_db.working_copy("(local owner)", DEMO_NAME) is None


def test_the_word_download_works_on_a_read_only_database(read_only_db: Store) -> None:
    at = open_page("word")
    assert banner_shown(at)
    assert not at.exception
    assert not any(e.value for e in at.error)
    downloads = at.get("download_button")
    assert downloads, "the Word page offers the .docx"


def test_a_user_signs_in_and_out_of_a_read_only_database_and_an_admin_cannot_change_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "users.db"
    monkeypatch.setenv("CHARTER_DB", str(path))
    monkeypatch.delenv("CHARTER_LIBRARY", raising=False)
    store = Store(path)
    ensure_demo(store, load_library())
    accounts.add_user(store, "ada", "admin", "admin password")
    before = len(accounts.audit_log(store))
    monkeypatch.setattr(sqlite_backend, "_writable", lambda path: False)
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert banner_shown(at) and at.title[0].value == "Sign in"
    fields = {t.label: t for t in at.text_input}
    fields["User name"].input("ada")
    fields["Password"].input("admin password")
    button(at, "Sign in").click().run()
    assert not at.exception, at.exception
    assert any("Signed in as ada" in c.value for c in at.caption)
    at.switch_page("views/admin.py").run()
    assert banner_shown(at)
    assert button(at, "Remove").disabled
    assert next(b for b in at.get("form_submit_button") if b.label == "Add user").disabled
    button(at, "Sign out").click().run()
    assert not at.exception, at.exception
    assert [u.name for u in accounts.users(store)] == ["ada"]
    assert len(accounts.audit_log(store)) == before
