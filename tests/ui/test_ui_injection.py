"""The injection corpus in every field a user can set, page by page with AppTest: Markdown shows it as text."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Markdown, Radio, Toast

from charter.access import accounts
from charter.drafting import assemble
from charter.drafting.render import escape_markdown
from charter.errors import CharterError
from charter.store import Store
from tests.injection import (
    AUTHOR,
    COMMENT_AUTHOR,
    CORPUS,
    FORMULA_AUTHOR,
    FORMULA_MESSAGE,
    LINE,
    MESSAGE,
    NAME,
    PARTY_A,
    PARTY_B,
    PLACE,
    SECTION,
    TITLE,
    seed,
    unescape,
)
from tests.ui.conftest import badge_shown, drawn_clauses, reading

APP = str(Path(__file__).parents[2] / "ui" / "app.py")
PASSWORD = "admin password 1"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store holding one draft with the corpus in every field, saved in two revisions."""
    path = tmp_path / "inj.db"
    monkeypatch.setenv("CHARTER_DB", str(path))
    monkeypatch.delenv("CHARTER_LIBRARY", raising=False)
    st.cache_resource.clear()
    store = Store(path)
    seed(store)
    return store


def markdown_strings(at: AppTest) -> list[str]:
    """Return every string on the page that Streamlit renders as Markdown: elements, labels, radio options."""
    found: list[str] = []
    # the whole tree: the main area, the sidebar, and the event block where an open dialog lives
    for node in at._tree:
        if isinstance(node, Markdown | AlertBase | HeadingBase | Toast):
            found.append(node.value)
        label = getattr(node, "label", None)
        if isinstance(label, str):
            found.append(label)
        if isinstance(node, Radio):
            found.extend(node.options)
    found.extend(toast.value for toast in at.toast)
    return found


def assert_no_live_markdown(strings: list[str]) -> None:
    for source in strings:
        for payload in CORPUS:
            assert payload not in source, f"{payload!r} reaches Markdown unescaped in {source!r}"
        assert "](" not in source, source
        assert "https://" not in source.replace("\\", ""), f"a bare URL would become a link in {source!r}"


def assert_no_live_html(clauses: list[str]) -> None:
    for clause in clauses:
        assert "<script" not in clause and "<a " not in clause and "href" not in clause, clause
        for payload in CORPUS:
            assert payload not in clause or payload == html.escape(payload), f"{payload!r} reaches HTML unescaped"


def open_page(page: str | None, author: str = AUTHOR) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    next(t for t in at.text_input if t.label == "Your name").input(author).run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def open_editor(at: AppTest, clause_id: str) -> None:
    next(b for b in at.button if b.key == f"edit-{clause_id}").click().run()
    assert not at.exception, at.exception


def shown(strings: list[str], literal: str) -> bool:
    return any(literal in unescape(source) for source in strings)


PAGES = {
    "draft": [TITLE, f"Section I: {SECTION}", f"X {LINE} in {PLACE}", PARTY_A, PARTY_B, COMMENT_AUTHOR],
    "library": [],
    "history": [],
    "compare": [],
    "word": [],
    "overview": [],
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_the_injection_corpus_as_literal_text(db, page: str) -> None:
    at = open_page(page)
    if page == "draft":
        open_editor(at, db.load(NAME).clauses()[0].id)  # comments and checks show in the clause editor
        at.run()  # opening drew the clause alone; a browser keeps the rest of the page, AppTest draws it again
    strings = markdown_strings(at)
    assert_no_live_markdown(strings)
    clauses = drawn_clauses(at)  # the Draft page draws each clause as HTML it escaped itself
    assert_no_live_html(clauses)
    for literal in PAGES[page]:
        in_clauses = any(literal in reading(clause) for clause in clauses)
        assert shown(strings, literal) or in_clauses, f"{literal!r} is not shown on the {page} page"


def test_the_history_table_shows_authors_and_messages_as_typed(db) -> None:
    table = open_page("history").dataframe[0].value
    assert AUTHOR in list(table["author"]) and MESSAGE in list(table["message"])


def test_history_cells_that_start_like_a_formula_get_a_leading_quote_for_the_csv_download(db) -> None:
    table = open_page("history").dataframe[0].value
    assert "'" + FORMULA_AUTHOR in list(table["author"])
    assert "'" + FORMULA_MESSAGE in list(table["message"])
    assert FORMULA_MESSAGE not in list(table["message"])


def test_audit_cells_from_sign_ins_under_formula_names_get_a_leading_quote(db) -> None:
    accounts.add_user(db, "admin", "admin", PASSWORD)
    with pytest.raises(CharterError):
        accounts.sign_in(db, FORMULA_AUTHOR, "anything at all")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    fields = {t.label: t for t in at.text_input}
    fields["User name"].input("admin")
    fields["Password"].input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.switch_page("views/admin.py").run()
    assert not at.exception, at.exception
    audit = at.dataframe[1].value
    assert "'" + FORMULA_AUTHOR in list(audit["user"]) and FORMULA_AUTHOR not in list(audit["user"])
    assert_no_live_markdown(markdown_strings(at))


def test_an_error_that_quotes_a_typed_draft_name_is_escaped(db) -> None:
    at = open_page(None)
    next(b for b in at.button if b.key == "new-draft-open").click().run()
    form = {t.label: t for t in at.text_input}
    form["Short name (letters, digits, - and _)"].input(LINE)
    form["Participant A"].input("Ruritania")
    form["Participant B"].input("Elbonia")
    next(b for b in at.button if b.label == "Create draft").click().run()
    errors = [e.value for e in at.error]
    assert any("invalid draft name" in unescape(e) and LINE in unescape(e) for e in errors), errors
    assert_no_live_markdown(markdown_strings(at))


def test_the_message_after_creating_a_draft_escapes_its_name(db) -> None:
    at = open_page(None)
    next(b for b in at.button if b.key == "new-draft-open").click().run()
    form = {t.label: t for t in at.text_input}
    form["Short name (letters, digits, - and _)"].input("new __bold__ (a)")
    form["Participant A"].input(PARTY_A)
    form["Participant B"].input("Elbonia")
    next(b for b in at.button if b.label == "Create draft").click().run()
    assert any(escape_markdown("Created draft new __bold__ (a)") in s.value for s in at.success)
    assert_no_live_markdown(markdown_strings(at))


def test_a_clause_with_a_bidi_override_shows_a_warning_beside_it_and_a_badge_in_the_text(db) -> None:
    draft = db.load(NAME)
    first = draft.clauses()[0]
    db.save(assemble.set_text(draft, first.id, "Pay \u202eSU 01\u202c now."), 2, "Ann", "bidi")
    at = open_page("draft")
    assert badge_shown(at, "red", "direction controls: see the editor")
    open_editor(at, first.id)
    assert any("U+202E (RIGHT-TO-LEFT OVERRIDE)" in unescape(w.value) for w in at.warning)


def test_a_typed_name_with_a_terminal_escape_is_refused_in_the_sidebar(db) -> None:
    at = open_page(None, author="Ann\x1b[2J")
    assert any("your name" in unescape(e.value) and "U+001B" in unescape(e.value) for e in at.error)
    assert "author" not in at.session_state
