"""The Word page offers each language's original and the bilingual table (AppTest, real database)."""

from __future__ import annotations

from tests.ui.test_ui import app


def labels(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [element.proto.label for element in at.get("download_button")]


def test_the_word_page_offers_the_azerbaijani_original_and_the_bilingual_table(db) -> None:
    at = app("word")
    language = next(s for s in at.selectbox if s.label == "Language")
    assert language.options == ["English (working language)", "Azerbaijani (original)"]
    charter_files = ["Download .docx", "Download the bilingual table (.docx)"]
    assert labels(at)[:2] == charter_files, "the prints for the negotiation follow"
    language.select("az").run()
    assert not at.exception and labels(at)[:2] == charter_files
    assert not at.warning, "the demo has every part in Azerbaijani"
    upload = next(s for s in at.selectbox if s.label == "The file is")
    assert upload.options == ["the working text", "the Azerbaijani original, translated"]


def test_a_gap_in_the_azerbaijani_original_is_named_on_the_page(db) -> None:
    from charter.drafting import assemble
    from charter.drafting.demo import DEMO_NAME

    head = db.head(DEMO_NAME)
    draft = db.load(DEMO_NAME, head)
    draft, _ = assemble.add_custom(draft, "final", "Reporting", "The Participants intend to report each year.")
    db.save(draft, head, "Ann", "an English clause")
    at = app("word")
    next(s for s in at.selectbox if s.label == "Language").select("az").run()
    shown = [w.value for w in at.warning]
    assert any("Not yet translated" in value and "clause VI\\.4" in value for value in shown), shown



def opened_languages_panel(at):  # type: ignore[no-untyped-def]
    """Open the Word page's languages panel, as a member does (it is drawn only when open)."""
    at.session_state["word-languages"] = True
    return at.run()


def test_the_word_page_gives_the_azerbaijani_values_and_the_glossary_to_the_working_copy(db) -> None:
    from charter.drafting.demo import DEMO_NAME

    at = opened_languages_panel(app("word"))
    place = next(t for t in at.text_input if t.key == "localized-az-place")
    assert place.value == "Vaşinqton"
    place.input("Bakı")
    next(b for b in at.button if b.label == "Apply the Azerbaijani values").click().run()
    assert not at.exception, at.exception
    next(t for t in at.text_input if t.key == "glossary-term").input("EXIM")
    next(t for t in at.text_input if t.key == "glossary-translation").input("EXİM")
    next(b for b in at.button if b.label == "Add to the glossary").click().run()
    assert not at.exception, at.exception
    kept = db.working_copy("(local owner)", DEMO_NAME)
    assert kept is not None, "the edits went to the working copy, to be saved on the Draft page"
    settings = kept[1].settings
    assert settings.localized["az"]["place"] == "Bakı" and settings.glossary["EXIM"] == {"az": "EXİM"}


def test_the_word_page_refuses_a_working_language_the_clauses_have_versions_in(db) -> None:
    at = opened_languages_panel(app("word"))
    next(s for s in at.selectbox if s.key == "working-language-pick").select("az")
    next(b for b in at.button if b.label == "Apply the working language").click().run()
    assert not at.exception, at.exception
    assert any("have a version in Azerbaijani" in e.value for e in at.error)
