"""Two authentic texts: versions per language, stale marks, confirmation and the alignment checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.bilingual import alignment, versions
from charter.bilingual.versions import State
from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft
from charter.errors import DraftError
from charter.library import Library, load_library
from charter.store import Store

ENGLISH = "The Participants intend to invest 500 million dollars in SOFAZ projects by 2030."
AZERBAIJANI = "İştirakçılar 2030-cu ilədək ARDNF layihələrinə 500 milyon dollar yatırmaq niyyətindədirlər."


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def bilingual(english: str = ENGLISH, azerbaijani: str | None = AZERBAIJANI) -> tuple[Draft, str]:
    draft = assemble.new_draft("two-texts", demo_settings())
    draft, clause = assemble.add_custom(draft, "finance", "Investment", english)
    if azerbaijani is not None:
        draft = versions.set_version(draft, clause.id, "az", azerbaijani, "İnvestisiya", confirm=True)
    return draft, clause.id


def test_the_working_language_is_english_and_the_other_is_azerbaijani() -> None:
    assert versions.languages(demo_settings()) == ["en", "az"]
    assert versions.other_languages(demo_settings().model_copy(update={"working_language": "az"})) == ["en"]


def test_a_library_clause_brings_its_azerbaijani_working_translation_marked_unreviewed(library: Library) -> None:
    draft = assemble.new_draft("two-texts", demo_settings())
    draft, clause = assemble.add_clause(draft, library, "energy.gas-corridor-expansion")
    held = versions.version(draft.clause(clause.id), "az")
    assert held is not None and held.text.startswith("İştirakçılar Xəzər hövzəsini")
    assert versions.state(draft.clause(clause.id), "az", draft.settings) == State.UNREVIEWED
    confirmed = versions.confirm(draft, clause.id, "az")
    assert versions.state(confirmed.clause(clause.id), "az", draft.settings) == State.CONFIRMED


def test_a_library_translation_needs_update_unreviewed_once_its_english_changes_with_the_changes_since(
    library: Library,
) -> None:
    draft = assemble.new_draft("two-texts", demo_settings())
    draft, clause = assemble.add_clause(draft, library, "energy.gas-corridor-expansion")
    english = clause.text + " The Participants also intend to review progress each year."
    edited = assemble.set_text(draft, clause.id, english)
    [standing] = versions.standings(edited)
    assert standing.state == State.NEEDS_UPDATE_UNREVIEWED and standing.state.stale
    assert (standing.basis, standing.current) == (clause.text, english), "the diff runs from the library's text"
    assert versions.counts(edited)["az"][State.NEEDS_UPDATE_UNREVIEWED] == 1
    confirmed = versions.confirm(edited, clause.id, "az")
    assert versions.state(confirmed.clause(clause.id), "az", confirmed.settings) == State.CONFIRMED


def test_a_language_added_later_brings_the_library_translations_in_unreviewed(library: Library) -> None:
    from charter.drafting.library_translations import add_library_translations
    from charter.drafting.sets import start_from_set

    english = assemble.new_draft("later", demo_settings().model_copy(update={"languages": ("English",)}))
    english = start_from_set(english, library, "standard")
    edited = english.clauses()[4]
    english = assemble.set_text(english, edited.id, edited.text + " The Participants also meet each year.")
    assert all(not clause.versions for clause in english.clauses())
    both = assemble.update_settings(english, languages=("Azerbaijani", "English"))
    both = add_library_translations(both, library)
    states = {c.id: versions.state(c, "az", both.settings) for c in both.clauses()}
    assert states.pop(edited.id) == State.NEEDS_UPDATE_UNREVIEWED, "the translation is of the library's text"
    assert set(states.values()) == {State.UNREVIEWED}
    assert add_library_translations(both, library) == both, "a version already there is kept"


def test_a_working_translation_typed_now_is_stale_unreviewed_after_the_english_changes() -> None:
    draft, clause_id = bilingual(azerbaijani=None)
    draft = versions.set_version(draft, clause_id, "az", AZERBAIJANI)
    assert versions.state(draft.clause(clause_id), "az", draft.settings) == State.UNREVIEWED
    changed = assemble.set_text(draft, clause_id, ENGLISH.replace("500", "750"))
    assert versions.state(changed.clause(clause_id), "az", changed.settings) == State.NEEDS_UPDATE_UNREVIEWED


def test_the_demo_flags_the_sentence_its_english_added_to_i2_and_the_bracket_of_i3(tmp_path: Path) -> None:
    from charter.drafting.demo import DEMO_NAME, ensure_demo
    from charter.drafting.render import render_draft

    store = Store(tmp_path / "charter.db")
    ensure_demo(store, load_library())
    draft = store.load(DEMO_NAME)
    labels = {c.id: c.label for c in render_draft(draft).clauses()}
    stale = [labels[s.clause_id] for s in versions.standings(draft) if s.state == State.NEEDS_UPDATE_UNREVIEWED]
    assert stale == ["I.2", "I.3"]
    [i2] = [s for s in versions.standings(draft) if labels[s.clause_id] == "I.2"]
    assert i2.basis is not None and "review progress on this work each year" in i2.current
    assert "each year" not in i2.basis


def test_a_version_without_made_from_is_stored_as_before_so_its_clause_keeps_its_hash() -> None:
    from charter.store.trees import stored_form

    draft, clause_id = bilingual()
    [held] = stored_form(draft.clause(clause_id))["versions"]
    assert "made_from" not in held and held["basis"] == ENGLISH


def test_a_change_in_english_marks_the_azerbaijani_stale_and_the_check_shows_it() -> None:
    draft, clause_id = bilingual()
    assert versions.counts(draft)["az"][State.CONFIRMED] == 1
    assert alignment.check_alignment(draft) == []
    changed = assemble.set_text(draft, clause_id, ENGLISH.replace("500", "750"))
    standing = versions.standings(changed)[0]
    assert standing.state == State.NEEDS_UPDATE
    assert (standing.basis, standing.current) == (ENGLISH, ENGLISH.replace("500", "750"))
    [finding] = alignment.check_alignment(changed)
    assert finding.rule == "alignment.numbers" and "750 million only in the working text" in finding.message
    assert "500 milyon only in the Azerbaijani text" in finding.message
    assert finding.label == "I.1" and finding.translated == AZERBAIJANI


def test_the_stale_versions_are_listed_with_the_working_change_since_and_long_unchanged_runs_cut() -> None:
    from charter.bilingual.stale import changes, stale_versions

    draft, clause_id = bilingual()
    longer = ENGLISH.replace("by 2030.", "by 2030, with a review of every project each year by both Participants.")
    [stale] = stale_versions(assemble.set_text(draft, clause_id, longer))
    assert (stale.label, stale.state, stale.since) == ("I.1", State.NEEDS_UPDATE, ENGLISH)
    assert stale.changes() == (
        "... dollars in SOFAZ projects by 2030{+, with a review of every project each year by both Participants+}."
    )
    assert changes("a b", "a c") == "a [-b-]{+c+}"


def test_confirming_after_the_translator_updates_the_text_clears_the_mark() -> None:
    draft, clause_id = bilingual()
    changed = assemble.set_text(draft, clause_id, ENGLISH.replace("500", "750"))
    updated = versions.set_version(changed, clause_id, "az", AZERBAIJANI.replace("500", "750"), confirm=True)
    assert versions.state(updated.clause(clause_id), "az", updated.settings) == State.CONFIRMED
    assert alignment.check_alignment(updated) == []


def test_a_numeral_changed_only_in_the_azerbaijani_version_is_found() -> None:
    draft, clause_id = bilingual()
    draft = versions.set_version(draft, clause_id, "az", AZERBAIJANI.replace("2030", "2035"))
    [finding] = alignment.check_alignment(draft)
    assert "2030 only in the working text; 2035 only in the Azerbaijani text" in finding.message


def findings(english: str, azerbaijani: str) -> list[tuple[str, str]]:
    draft, _ = bilingual(english, azerbaijani)
    return [(f.rule, f.message.removeprefix("I.1: ")) for f in alignment.check_alignment(draft)]


def test_dates_agree_whatever_language_names_the_month_and_a_different_month_is_found() -> None:
    english = "The Participants intend to meet on 1 March 2027 and again by June 2028."
    year_first = "İştirakçılar 1 mart 2027-ci il tarixində və 2028-ci ilin iyun ayınadək görüşəcəklər."
    assert findings(english, year_first) == []
    assert findings(english, "İştirakçılar 1 mart 2027 və iyun 2028 görüşmək niyyətindədirlər.") == []
    assert findings(english, "İştirakçılar 1 aprel 2027 və iyun 2028 görüşmək niyyətindədirlər.") == [
        ("alignment.dates", "the dates differ: 1 March 2027 only in the working text; 1 aprel 2027 only in the "
         "Azerbaijani text")
    ]  # fmt: skip


def test_scale_words_and_small_number_words_are_figures_in_both_languages() -> None:
    english = "The Participants intend to set up three working groups and invest 1.5 billion dollars."
    assert findings(english, "İştirakçılar üç işçi qrupu yaradacaq və 1,5 milyard dollar yatıracaqlar.") == []
    assert findings(english, "İştirakçılar 3 işçi qrupu yaradacaq və 1,5 milyard dollar yatıracaqlar.") == []
    assert findings(english, "İştirakçılar dörd işçi qrupu yaradacaq və 1,5 milyon dollar yatıracaqlar.") == [
        ("alignment.numbers", "the figures differ: 1.5 billion, three only in the working text; 1,5 milyon, dörd "
         "only in the Azerbaijani text")
    ]  # fmt: skip


def test_a_percentage_is_a_sign_or_a_per_cent_word_and_one_missing_is_found() -> None:
    english = "The Participants intend to raise the share to 40 per cent."
    assert findings(english, "İştirakçılar payı %40-a çatdırmaq niyyətindədirlər.") == []
    assert findings(english, "İştirakçılar payı 40 faizə çatdırmaq niyyətindədirlər.") == []
    assert findings(english, "İştirakçılar payı 40-a çatdırmaq niyyətindədirlər.") == [
        ("alignment.percentages", "1 percentage(s) in the working text, 0 in Azerbaijani")
    ]


def test_a_variable_dropped_or_added_in_a_version_is_found() -> None:
    english = "The Government of ${party_a} intends to report at ${place}."
    assert findings(english, "${party_a} Hökuməti ${place} şəhərində hesabat verəcək.") == []
    assert findings(english, "${party_b} Hökuməti ${place} şəhərində hesabat verəcək.") == [
        ("alignment.variables", "the filled-in names differ: ${party_a} missing in Azerbaijani, ${party_b} only in "
         "Azerbaijani")
    ]  # fmt: skip


def test_a_name_not_in_its_agreed_translation_or_an_acronym_missing_from_the_translation_is_found() -> None:
    # the demo's glossary gives SOFAZ as ARDNF in Azerbaijani
    draft, _ = bilingual(azerbaijani=AZERBAIJANI.replace("ARDNF", "Neft Fondu"))
    [finding] = alignment.check_alignment(draft)
    assert finding.rule == "alignment.names"
    assert "\u201cSOFAZ\u201d is not in the Azerbaijani text as \u201cARDNF\u201d" in finding.message
    no_glossary = draft.model_copy(update={"settings": draft.settings.model_copy(update={"glossary": None})})
    [finding] = alignment.check_alignment(no_glossary)
    assert "\u201cSOFAZ\u201d is not in the Azerbaijani text as \u201cSOFAZ\u201d" in finding.message


def test_sub_paragraphs_and_brackets_must_match_between_the_versions() -> None:
    english = "The Participants intend to:\n(a) invest in [AZ: gas / US: energy] projects;\n(b) meet each year."
    draft, _ = bilingual(english, "İştirakçılar:\n(a) qaz layihələrinə sərmayə qoymaq niyyətindədirlər.")
    rules = [f.rule for f in alignment.check_alignment(draft)]
    assert rules == ["alignment.subparagraphs", "alignment.brackets"]


def test_an_untagged_bracket_is_text_in_both_versions_so_date_placeholders_align() -> None:
    english = "The Participants intend to meet on [date] each year."
    draft, _ = bilingual(english, "İştirakçılar hər il [date] tarixində görüşmək niyyətindədirlər.")
    assert alignment.check_alignment(draft) == []


def test_an_unclosed_bracket_in_a_version_is_a_finding_and_a_warning_when_it_is_typed() -> None:
    draft, clause_id = bilingual(azerbaijani=None)
    typed = AZERBAIJANI.replace("500 milyon", "[AZ: 500 milyon")
    draft, warnings = versions.set_version_checked(draft, clause_id, "az", typed + " ${fund}")
    assert any("the Azerbaijani text: a '[' is not closed" in w for w in warnings)
    assert any("unknown variable ${fund} is kept as written" in w for w in warnings)
    [finding] = [f for f in alignment.check_alignment(draft) if f.rule == "alignment.brackets"]
    assert "a '[' is not closed" in finding.message and finding.label == "I.1"


def test_an_unknown_variable_in_the_working_text_is_a_warning_too() -> None:
    draft, clause_id = bilingual()
    _, warnings = assemble.set_text_checked(draft, clause_id, ENGLISH + " ${fund}")
    assert warnings == (
        "the clause: unknown variable ${fund} is kept as written (known: ${party_a}, ${party_b}, "
        "${party_a_short}, ${party_b_short}, ${place}, ${date}, ${languages})",
    )


def test_a_language_is_known_by_its_name_or_code_in_any_case_georgian_included() -> None:
    assert [versions.code_of(name) for name in ("ka", "Georgian", "AZ", "azerbaijani", "Azərbaycan", " en ")] == [
        "ka", "ka", "az", "az", "az", "en"
    ]
    assert versions.NAMES["ka"] == "Georgian"
    assert versions.languages(demo_settings().model_copy(update={"languages": ("AZERBAIJANI", "english")})) == [
        "en", "az"
    ]
    [warning] = versions.unknown_languages(["Spanish", "English"])
    assert warning.startswith("charter does not know the language 'Spanish'")


def test_a_translation_for_a_language_the_draft_does_not_have_is_refused() -> None:
    draft, clause_id = bilingual(azerbaijani=None)
    with pytest.raises(DraftError, match="not in Russian"):
        versions.set_version(draft, clause_id, "ru", "Участники")
    with pytest.raises(DraftError, match="unknown language"):
        versions.set_version(draft, clause_id, "Klingon", "x")


def test_versions_survive_saving_and_loading(tmp_path: Path) -> None:
    draft, clause_id = bilingual()
    store = Store(tmp_path / "charter.db")
    store.create(draft, "Ann")
    loaded = store.load("two-texts").clause(clause_id)
    assert versions.version(loaded, "az") == versions.version(draft.clause(clause_id), "az")


def test_the_demo_s_english_original_is_the_united_states_and_its_azerbaijani_one_azerbaijan_s(tmp_path: Path) -> None:
    from charter.bilingual.render import render_in
    from charter.drafting.demo import DEMO_NAME, ensure_demo

    store = Store(tmp_path / "charter.db")
    ensure_demo(store, load_library())
    draft = store.load(DEMO_NAME)
    english, azerbaijani = render_in(draft, "en"), render_in(draft, "az")
    assert english.title.startswith("Charter on Strategic Partnership between the Government of the United States")
    assert english.signatories[0] == "For the Government of the United States of America"
    assert azerbaijani.title.startswith("Azərbaycan Respublikası Hökuməti ilə Amerika Birləşmiş Ştatları Hökuməti")
    assert azerbaijani.signatories[0] == "Azərbaycan Respublikası Hökuməti adından"
