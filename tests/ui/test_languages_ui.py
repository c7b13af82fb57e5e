"""The clause in the draft's other languages in the browser: side by side, confirmed, marked stale, counted."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from charter.bilingual import versions
from charter.bilingual.versions import State
from charter.drafting.demo import DEMO_NAME
from charter.store import Store
from tests.ui.conftest import APP, badge_shown
from tests.ui.test_editor import by_key, open_editor, working_clauses
from tests.ui.test_ui import app
from ui.reading import Badge


def version_box(at: AppTest, clause_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in at.text_area if t.key and t.key.startswith(f"vtext-{clause_id}-az-"))


def working_box(at: AppTest, clause_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in at.text_area if t.key and t.key.startswith(f"text-{clause_id}-"))


def first_agreed(db: Store):  # type: ignore[no-untyped-def]
    return next(c for c in db.load(DEMO_NAME).clauses() if c.area != "preamble" and not c.brackets)


def test_the_editor_shows_the_azerbaijani_working_translation_next_to_the_english_marked_unreviewed(db: Store) -> None:
    at = app()
    clause = first_agreed(db)
    open_editor(at, clause.id)
    held = versions.version(clause, "az")
    assert held is not None
    assert version_box(at, clause.id).value == held.text
    # the editor names each version's state beside it
    assert any(Badge("gray", "Azerbaijani: unreviewed").markdown() in m.value for m in at.markdown)


def test_confirming_then_changing_the_english_marks_the_azerbaijani_as_needing_update_with_the_changes(
    db: Store,
) -> None:
    at = app()
    clause = first_agreed(db)
    open_editor(at, clause.id)
    by_key(at, f"vconfirm-{clause.id}-az").click().run()
    assert not at.exception, at.exception
    settings = db.load(DEMO_NAME).settings
    confirmed = next(c for c in working_clauses(db) if c.id == clause.id)
    assert versions.state(confirmed, "az", settings) == State.CONFIRMED
    working_box(at, clause.id).input(confirmed.text.replace("The Participants", "Both Participants", 1)).run()
    changed = next(c for c in working_clauses(db) if c.id == clause.id)
    assert versions.state(changed, "az", settings) == State.NEEDS_UPDATE
    assert badge_shown(at, "orange", "Azerbaijani: needs update")
    page = " ".join(m.value for m in at.markdown)
    assert ":green[**Both**]" in page, "the editor shows what changed since the translation was confirmed"


def test_a_figure_typed_only_in_the_azerbaijani_text_is_found_next_to_the_clause(db: Store) -> None:
    at = app()
    clause = first_agreed(db)
    open_editor(at, clause.id)
    version_box(at, clause.id).input(versions.version(clause, "az").text + " 2031.").run()  # type: ignore[union-attr]
    assert not at.exception, at.exception
    assert any("2031 only in the Azerbaijani text" in w.value for w in at.warning)
    by_key(at, f"done-{clause.id}").click().run()
    assert badge_shown(at, "red", "1 alignment finding(s)")


def test_the_overview_counts_the_versions_of_each_language(db: Store) -> None:
    at = app("overview")
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["language"]) == ["Azerbaijani"]
    # the demo's English added a sentence to I.2 and a bracket to I.3 after the library translation
    assert int(table["needs update (unreviewed)"].iloc[0]) == 2
    assert int(table["unreviewed"].iloc[0]) == len(db.load(DEMO_NAME).clauses()) - 2


def test_the_demo_clause_whose_english_moved_on_shows_needs_update_unreviewed_with_the_changes(db: Store) -> None:
    at = app()
    draft = db.load(DEMO_NAME)
    stale = next(c for c in draft.clauses() if versions.state(c, "az", draft.settings) == State.NEEDS_UPDATE_UNREVIEWED)
    assert badge_shown(at, "orange", "Azerbaijani: needs update (unreviewed)")
    open_editor(at, stale.id)
    assert not at.exception, at.exception
    assert any("changed since this version was written" in c.value for c in at.caption)
    page = " ".join(m.value for m in at.markdown)
    assert " :green[**The Participants also intend to review progress" in page, "the editor shows what was added"


def test_adding_a_language_in_the_draft_settings_brings_the_library_translations_and_names_an_unknown_one(
    db: Store,
) -> None:
    from charter.drafting import assemble
    from charter.drafting.sets import start_from_set
    from charter.library import load_library

    library = load_library()
    settings = assemble.make_settings("the Republic of Azerbaijan", "the United States of America")
    english = start_from_set(assemble.new_draft("en-only", settings), library, "standard")
    db.create(english, "Ann", "English only")
    assert not any(c.versions for c in english.clauses())
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["draft_name"] = "en-only"
    at.session_state["draft-settings"] = True  # the member opens the settings panel
    at.run()
    next(t for t in at.text_input if t.label == "Your name").input("Ann").run()
    next(t for t in at.text_input if t.label == "Languages (comma-separated)").input("Azerbaijani, English, Klingon")
    next(b for b in at.button if b.label == "Apply settings").click().run()
    assert not at.exception, at.exception
    unknown = [w.value for w in at.warning if "does not know the language" in w.value]
    assert len(unknown) == 1 and "Klingon" in unknown[0], [w.value for w in at.warning]
    working = db.working_copy("(local owner)", "en-only")
    assert working is not None
    brought = [c for c in working[1].clauses() if versions.version(c, "az") is not None]
    translated = [
        c for c in english.clauses() if c.origin and library.translation("az", c.origin.clause_id, "preferred")
    ]
    assert translated and len(brought) == len(translated), "every clause the library translates is brought in"
    assert all(versions.state(c, "az", working[1].settings) != State.CONFIRMED for c in brought), "unreviewed"
