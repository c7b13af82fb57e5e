"""The clause editor on the Draft page: opened from the clause, every control applying at once, undo."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from charter.drafting import assemble
from charter.drafting.demo import DEMO_NAME
from charter.store import Store
from tests.ui.conftest import drawn_clauses
from tests.ui.test_ui import app


def by_key(at: AppTest, key: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.key == key)


def open_editor(at: AppTest, clause_id: str) -> None:
    by_key(at, f"edit-{clause_id}").click().run()
    assert not at.exception, at.exception
    assert any(t.key and t.key.startswith(f"text-{clause_id}-") for t in at.text_area), "the editor did not open"


def working_clauses(db: Store) -> list:  # type: ignore[type-arg]
    kept = db.working_copy("(local owner)", DEMO_NAME)
    assert kept is not None, "no working copy was kept"
    return kept[1].clauses()


def test_every_clause_has_its_own_edit_button_next_to_it(db) -> None:
    at = app()
    ids = [c.id for c in db.load(DEMO_NAME).clauses()]
    keys = {b.key for b in at.button}
    assert all(f"edit-{cid}" in keys for cid in ids)


def test_choosing_a_status_in_the_editor_applies_it_at_once(db) -> None:
    at = app()
    first = db.load(DEMO_NAME).clauses()[0]
    open_editor(at, first.id)
    radio = next(r for r in at.radio if r.key and r.key.startswith(f"status-{first.id}-"))
    other = "bracketed" if first.status.value != "bracketed" else "agreed"
    radio.set_value(other).run()
    assert not at.exception
    assert next(c for c in working_clauses(db) if c.id == first.id).status.value == other
    assert not any(b.label == "Set status" for b in at.button)


def test_text_still_typed_when_done_is_clicked_is_applied(db) -> None:
    at = app()
    first = db.load(DEMO_NAME).clauses()[0]
    open_editor(at, first.id)
    box = next(t for t in at.text_area if t.key and t.key.startswith(f"text-{first.id}-"))
    box.input("The Participants intend to meet twice a year.")
    by_key(at, f"done-{first.id}").click().run()
    assert not at.exception
    edited = next(c for c in working_clauses(db) if c.id == first.id)
    assert edited.text == "The Participants intend to meet twice a year."
    assert not any(t.key and t.key.startswith("text-") for t in at.text_area), "Done closes the editor"
    assert not next(b for b in at.button if b.label == "Save revision").disabled


def test_removing_a_clause_asks_first_and_undo_brings_it_back(db) -> None:
    at = app()
    count = len(db.load(DEMO_NAME).clauses())
    first = db.load(DEMO_NAME).clauses()[0]
    open_editor(at, first.id)
    by_key(at, f"remove-{first.id}").click().run()
    assert db.working_copy("(local owner)", DEMO_NAME) is None, "the first click only asks"
    assert any("Remove P.1 from the working copy" in w.value.replace("\\", "") for w in at.warning)
    by_key(at, f"remove-yes-{first.id}").click().run()
    assert not at.exception
    assert first.id not in {c.id for c in working_clauses(db)}
    assert len(working_clauses(db)) == count - 1
    undo = next(b for b in at.button if b.label == "Undo last change")
    assert not undo.disabled
    undo.click().run()
    assert db.working_copy("(local owner)", DEMO_NAME) is None, "undoing the only change leaves no unsaved edits"
    assert f"edit-{first.id}" in {b.key for b in at.button}


def test_discarding_asks_first_and_undo_restores_the_discarded_edits(db) -> None:
    at = app()
    first = db.load(DEMO_NAME).clauses()[0]
    open_editor(at, first.id)
    box = next(t for t in at.text_area if t.key and t.key.startswith(f"text-{first.id}-"))
    box.input("An edit worth keeping.").run()
    by_key(at, f"done-{first.id}").click().run()
    by_key(at, "discard-yes").click().run()
    assert db.working_copy("(local owner)", DEMO_NAME) is None
    next(b for b in at.button if b.label == "Undo last change").click().run()
    assert next(c for c in working_clauses(db) if c.id == first.id).text == "An edit worth keeping."


def test_a_comment_typed_without_a_name_is_kept_in_its_box(db) -> None:
    at = app(author=None)
    first = db.load(DEMO_NAME).clauses()[0]
    open_editor(at, first.id)
    at.text_area(key=f"comment-{first.id}").input("Please check the figures.")
    by_key(at, f"add-comment-{first.id}").click().run()
    assert any("Set your name" in e.value for e in at.error)
    assert at.text_area(key=f"comment-{first.id}").value == "Please check the figures."
    next(t for t in at.text_input if t.label == "Your name").input("Ann").run()
    by_key(at, f"add-comment-{first.id}").click().run()
    comments = next(c for c in working_clauses(db) if c.id == first.id).comments
    assert [(c.author, c.text) for c in comments][-1] == ("Ann", "Please check the figures.")


def test_a_long_draft_shows_one_section_and_going_to_a_clause_opens_it_in_its_section(db) -> None:
    draft = db.load(DEMO_NAME)
    for index in range(70):
        draft, _ = assemble.add_custom(draft, "finance", f"Extra {index}", f"The Participants note item {index}.")
    db.save(draft, 3, "Ann", "long")
    at = app()
    sections = db.load(DEMO_NAME).sections
    edit_keys = {b.key for b in at.button if b.key and b.key.startswith("edit-")}
    assert edit_keys == {f"edit-{c.id}" for c in sections[0].clauses}, "only the first section is drawn"
    target = sections[-1].clauses[-1]
    at.selectbox(key="draft-jump").select(target.id).run()
    assert not at.exception
    assert at.selectbox(key="draft-section").value == sections[-1].id
    assert any(t.key and t.key.startswith(f"text-{target.id}-") for t in at.text_area)
    at.selectbox(key="draft-section").select("all").run()
    edit_buttons = {b.key for b in at.button if b.key and b.key.startswith("edit-")}
    # every clause is drawn: each with its Edit button, the one being edited with its editor in its place
    assert edit_buttons == {f"edit-{c.id}" for c in db.load(DEMO_NAME).clauses() if c.id != target.id}
    assert any(t.key and t.key.startswith(f"text-{target.id}-") for t in at.text_area)


def test_drafting_check_badges_follow_an_edit_made_in_the_editor(db) -> None:
    at = app()
    first = db.load(DEMO_NAME).clauses()[0]
    before = sum("drafting check" in clause for clause in drawn_clauses(at))
    open_editor(at, first.id)
    box = next(t for t in at.text_area if t.key and t.key.startswith(f"text-{first.id}-"))
    box.input("The Parties shall cooperate closely,").run()
    by_key(at, f"done-{first.id}").click().run()
    at.run()  # Done drew the clause alone; a browser keeps the other clauses, AppTest draws them again
    assert sum("drafting check" in clause for clause in drawn_clauses(at)) == before + 1
    next(b for b in at.button if b.label == "Undo last change").click().run()
    assert sum("drafting check" in clause for clause in drawn_clauses(at)) == before


def test_opening_another_clauses_editor_closes_the_first_and_keeps_what_was_typed_there(db) -> None:
    at = app()
    first, second = db.load(DEMO_NAME).clauses()[:2]
    open_editor(at, first.id)
    at.run()  # opening drew the clause alone; a browser keeps the other clauses' Edit buttons, AppTest redraws
    next(t for t in at.text_area if t.key and t.key.startswith(f"text-{first.id}-")).input(
        "The Participants intend to meet each spring."
    )
    by_key(at, f"edit-{second.id}").click().run()  # the box's text arrives with the click, as a browser sends it
    assert not at.exception, at.exception
    edited = next(c for c in working_clauses(db) if c.id == first.id)
    assert edited.text == "The Participants intend to meet each spring."
    boxes = [t.key for t in at.text_area if t.key and t.key.startswith("text-")]
    assert len(boxes) == 1 and boxes[0].startswith(f"text-{second.id}-"), "one editor at a time"


def test_save_includes_text_still_typed_in_an_open_editor(db) -> None:
    at = app()
    first = db.load(DEMO_NAME).clauses()[0]
    open_editor(at, first.id)
    assert not next(b for b in at.button if b.label == "Save revision").disabled, "an open editor may hold typing"
    next(t for t in at.text_area if t.key and t.key.startswith(f"text-{first.id}-")).input(
        "The Participants intend to meet every autumn."
    )
    at.text_input(key="save-message").input("Autumn")
    next(b for b in at.button if b.label == "Save revision").click().run()
    assert not at.exception, at.exception
    assert db.head(DEMO_NAME) == 4
    assert db.load(DEMO_NAME).clause(first.id).text == "The Participants intend to meet every autumn."
    assert any("Saved revision 4" in s.value for s in at.success)


def test_save_with_an_open_editor_and_nothing_changed_says_there_is_nothing_to_save(db) -> None:
    at = app()
    open_editor(at, db.load(DEMO_NAME).clauses()[0].id)
    next(b for b in at.button if b.label == "Save revision").click().run()
    assert not at.exception, at.exception
    assert any("Nothing to save" in e.value for e in at.error)
    assert db.head(DEMO_NAME) == 3


def test_a_change_the_editor_refuses_is_explained_in_that_editor_and_changes_nothing(db) -> None:
    at = app()
    bracketed = next(c for c in db.load(DEMO_NAME).clauses() if c.brackets)
    open_editor(at, bracketed.id)
    at.radio(key=f"status-{bracketed.id}-{bracketed.status.value}").set_value("agreed").run()
    assert not at.exception, at.exception
    assert any(t.key and t.key.startswith(f"text-{bracketed.id}-") for t in at.text_area), "the editor stays open"
    assert at.error and "bracket" in at.error[0].value, [e.value for e in at.error]
    assert db.working_copy("(local owner)", DEMO_NAME) is None, "nothing was changed"
