"""Brackets and reservations in the browser: drawn in each delegation's colour, edited in the clause editor."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest

from charter.drafting.demo import DEMO_NAME
from charter.drafting.model import BRACKET_MARK
from charter.negotiation import brackets
from charter.store import Store
from tests.injection import unescape
from tests.ui.conftest import drawn_clauses
from tests.ui.test_editor import by_key, open_editor, working_clauses
from tests.ui.test_ui import app


def clause_box(at: AppTest, clause_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in at.text_area if t.key and t.key.startswith(f"text-{clause_id}-"))


def operative(db: Store):  # type: ignore[no-untyped-def]
    """Return the first operative clause of the demo draft holding the words 'the Participants'."""
    return next(c for c in db.load(DEMO_NAME).clauses() if c.area != "preamble" and "Participants" in c.text)


def bracket_in_editor(at: AppTest, clause_id: str, phrase: str, wording: str) -> None:
    key = f"bracket-{clause_id}"
    at.text_input(key=f"{key}-phrase").input(phrase)
    at.selectbox(key=f"{key}-original").set_value("a")
    at.text_input(key=f"{key}-wording").input(wording)
    at.selectbox(key=f"{key}-proposer").set_value("b")
    by_key(at, f"{key}-go").click().run()
    assert not at.exception, at.exception


def test_bracketing_a_phrase_in_the_editor_stores_both_wordings_attributed_and_shows_them_coloured(db: Store) -> None:
    at = app()
    clause = operative(db)
    open_editor(at, clause.id)
    bracket_in_editor(at, clause.id, "Participants", "Sides")
    edited = next(c for c in working_clauses(db) if c.id == clause.id)
    assert [(p.delegation, p.text) for p in edited.brackets[0].proposals] == [("a", "Participants"), ("b", "Sides")]
    assert edited.status.value == "bracketed"
    assert "[AZ: Participants / US: Sides]" in clause_box(at, clause.id).value
    by_key(at, f"done-{clause.id}").click().run()
    page = " ".join(drawn_clauses(at))
    # each delegation's wording in its colour, named by its tag
    assert '<span class="charter-wording blue"><b>AZ:</b> Participants</span>' in page
    assert '<span class="charter-wording violet"><b>US:</b> Sides</span>' in page


def test_agreeing_on_one_wording_closes_the_bracket_and_undo_reopens_it(db: Store) -> None:
    at = app()
    clause = operative(db)
    open_editor(at, clause.id)
    bracket_in_editor(at, clause.id, "Participants", "Sides")
    by_key(at, f"resolve-{clause.id}-0-1").click().run()
    assert not at.exception, at.exception
    edited = next(c for c in working_clauses(db) if c.id == clause.id)
    assert edited.brackets == ()
    assert "Sides" in edited.text and BRACKET_MARK not in edited.text
    by_key(at, f"done-{clause.id}").click().run()
    next(b for b in at.button if b.label == "Undo last change").click().run()
    assert next(c for c in working_clauses(db) if c.id == clause.id).brackets


def test_a_bracket_typed_in_the_notation_becomes_an_attributed_bracket_and_an_unclear_one_is_warned_about(
    db: Store,
) -> None:
    at = app()
    clause = operative(db)
    open_editor(at, clause.id)
    typed = clause_box(at, clause.id).value.replace("Participants", "[US: Sides / AZ: Participants]", 1)
    clause_box(at, clause.id).input(typed).run()
    edited = next(c for c in working_clauses(db) if c.id == clause.id)
    assert [(p.delegation, p.text) for p in edited.brackets[0].proposals] == [("b", "Sides"), ("a", "Participants")]
    clause_box(at, clause.id).input(typed + " [UK: later").run()
    assert any("is not closed" in w.value for w in at.warning), [w.value for w in at.warning]
    assert brackets.clause_literal(
        next(c for c in working_clauses(db) if c.id == clause.id), db.load(DEMO_NAME).settings
    ).endswith("[UK: later")


def test_a_reservation_is_placed_shown_as_a_badge_and_withdrawn(db: Store) -> None:
    at = app()
    clause = operative(db)
    open_editor(at, clause.id)
    at.selectbox(key=f"reserve-{clause.id}-by").set_value("b")
    at.text_input(key=f"reserve-{clause.id}-note").input("Subject to review in Washington")
    by_key(at, f"reserve-{clause.id}-go").click().run()
    edited = next(c for c in working_clauses(db) if c.id == clause.id)
    assert [(r.delegation, r.note) for r in edited.reservations] == [("b", "Subject to review in Washington")]
    assert any(":red-badge[US reserve]" in m.value for m in at.markdown)
    radio = next(r for r in at.radio if r.key and r.key.startswith(f"status-{clause.id}-"))
    radio.set_value("agreed").run()
    assert any("reservation" in e.value for e in at.error), "a reserved clause cannot be agreed"
    by_key(at, f"withdraw-{clause.id}-b").click().run()
    assert next(c for c in working_clauses(db) if c.id == clause.id).reservations == ()


def test_bracketed_words_holding_markdown_or_html_are_shown_as_text(db: Store) -> None:
    at = app()
    clause = operative(db)
    open_editor(at, clause.id)
    bracket_in_editor(at, clause.id, "Participants", "<script>alert(1)</script> **bold**")
    by_key(at, f"done-{clause.id}").click().run()
    page = " ".join(drawn_clauses(at))
    assert "<script>" not in page
    assert html.escape("<script>alert(1)</script> **bold**") in page, "shown as the words typed"
    assert "<b>bold</b>" not in page


def test_adding_a_wording_to_an_open_bracket_with_its_add_button_attributes_it_to_the_chosen_delegation(
    db: Store,
) -> None:
    at = app()
    clause = operative(db)
    open_editor(at, clause.id)
    bracket_in_editor(at, clause.id, "Participants", "Sides")
    key = f"alt-{clause.id}-0"
    at.text_input(key=f"{key}-text").input("Parties <b>both</b>")
    at.selectbox(key=f"{key}-by").set_value("chair")
    by_key(at, f"{key}-add").click().run()
    assert not at.exception, at.exception
    edited = next(c for c in working_clauses(db) if c.id == clause.id)
    assert [(p.delegation, p.text) for p in edited.brackets[0].proposals] == [
        ("a", "Participants"),
        ("b", "Sides"),
        ("chair", "Parties <b>both</b>"),
    ]
    assert "[AZ: Participants / US: Sides / Chair: Parties <b>both</b>]" in clause_box(at, clause.id).value
    at.text_input(key=f"{key}-text").input("Parties /")
    by_key(at, f"{key}-add").click().run()
    assert any("may not start or end with '/'" in unescape(e.value) for e in at.error), [e.value for e in at.error]
    assert len(next(c for c in working_clauses(db) if c.id == clause.id).brackets[0].proposals) == 3


def test_a_phrase_with_a_filled_in_name_is_bracketed_as_it_reads_and_keeps_its_variable(db: Store) -> None:
    at = app()
    clause = next(c for c in db.load(DEMO_NAME).clauses() if "companies of ${party_b}" in c.text)
    open_editor(at, clause.id)
    bracket_in_editor(at, clause.id, "companies of the United States of America", "American companies")
    edited = next(c for c in working_clauses(db) if c.id == clause.id)
    assert [(p.delegation, p.text) for p in edited.brackets[0].proposals] == [
        ("a", "companies of ${party_b}"),
        ("b", "American companies"),
    ]
