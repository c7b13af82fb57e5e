"""A draft's party names, place, date and glossary in its other languages, and the gap a missing one leaves."""

from __future__ import annotations

import pytest

from charter.bilingual import values
from charter.bilingual.render import project, render_in
from charter.drafting import assemble
from charter.drafting.model import Draft
from charter.errors import DraftError

AZ_MARK = "Hələ tərcümə edilməyib:"


def english_names_only() -> Draft:
    """Return a draft in Azerbaijani and English whose settings give no Azerbaijani value at all."""
    settings = assemble.make_settings(
        "the Republic of Azerbaijan", "the United States of America", languages=("Azerbaijani", "English")
    )
    draft = assemble.new_draft("x", settings)
    draft, _ = assemble.add_custom(draft, "final", "Parties", "The Government of ${party_a} intends to report.")
    return draft


def test_a_value_the_azerbaijani_original_lacks_shows_marked_and_is_named_as_a_gap() -> None:
    draft = english_names_only()
    projection = project(draft, "az")
    assert "the value of ${party_a}" in projection.gaps and "the value of ${languages}" in projection.gaps
    view = render_in(draft, "az")
    assert view.title.startswith(f"{AZ_MARK} the Republic of Azerbaijan Hökuməti ilə {AZ_MARK} the United States")


def test_values_given_in_azerbaijani_fill_the_original_and_close_the_gap() -> None:
    given = {
        "party_a": "Azərbaycan Respublikası",
        "party_b": "Amerika Birləşmiş Ştatları",
        "party_a_short": "Azərbaycan",
        "party_b_short": "Amerika Birləşmiş Ştatları",
        "place": "Bakı",
        "date": "[gün] [ay] 2027",
        "languages": "Azərbaycan və ingilis dillərində",
    }
    draft = values.set_values(english_names_only(), "az", given)
    projection = project(draft, "az")
    assert not [gap for gap in projection.gaps if gap.startswith("the value of")]
    assert render_in(draft, "az").title.startswith("Azərbaycan Respublikası Hökuməti ilə Amerika Birləşmiş")
    assert values.missing(draft.settings, "az") == []
    cleared = values.set_values(draft, "az", {"place": None})
    assert values.missing(cleared.settings, "az") == ["place"]
    assert "the value of ${place}" in project(cleared, "az").gaps


def test_a_value_for_an_unknown_variable_or_the_working_language_is_refused() -> None:
    draft = english_names_only()
    with pytest.raises(DraftError, match="unknown variable 'capital'"):
        values.set_values(draft, "az", {"capital": "Bakı"})
    with pytest.raises(DraftError, match="no other language English"):
        values.set_values(draft, "en", {"place": "Baku"})
    with pytest.raises(DraftError, match="is not NAME=VALUE"):
        values.parse_assignments(["Bakı"])
    assert values.parse_assignments(["place=Bakı", "date="]) == {"place": "Bakı", "date": None}


def test_the_glossary_takes_a_term_with_its_translation_and_gives_it_up_again() -> None:
    draft = values.add_term(english_names_only(), "SOFAZ", "az", "ARDNF")
    assert values.glossary(draft) == {"SOFAZ": {"az": "ARDNF"}}
    with pytest.raises(DraftError, match="no English translation"):
        values.remove_term(draft, "SOFAZ", "en")
    assert values.glossary(values.remove_term(draft, "SOFAZ", "az")) == {}
    with pytest.raises(DraftError, match="has no term 'EXIM'"):
        values.remove_term(draft, "EXIM")


def test_the_working_language_names_the_language_of_the_texts_and_moves_none() -> None:
    from charter.bilingual import versions

    draft = english_names_only()
    azerbaijani = versions.set_working_language(draft, "AZ")
    assert versions.working_language(azerbaijani.settings) == "az"
    assert versions.other_languages(azerbaijani.settings) == ["en"]
    assert azerbaijani.clauses()[0].text == draft.clauses()[0].text
    with pytest.raises(DraftError, match="is not in Russian; add it to its languages first"):
        versions.set_working_language(draft, "ru")
    translated = versions.set_version(draft, draft.clauses()[0].id, "az", "${party_a} Hökuməti hesabat verəcək.")
    with pytest.raises(DraftError, match=r"clause\(s\) I.1 have a version in Azerbaijani"):
        versions.set_working_language(translated, "az")
