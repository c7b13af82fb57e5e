"""Importing a translated original: what it confirms, what it leaves as it was, and what it warns about."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.bilingual import versions
from charter.bilingual.versions import State
from charter.drafting import assemble
from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.drafting.model import Draft
from charter.library import load_library
from charter.store import Store
from charter.word import export_bytes
from charter.word.import_translation import import_translation
from tests.bilingual.test_word_languages import edit_docx

STALE_ENGLISH = "The Participants intend to support 40% more gas capacity by 2030."


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Store, Draft]:
    """Return the demo with I.1's Azerbaijani confirmed and then its English changed: it needs update."""
    store = Store(tmp_path / "charter.db")
    ensure_demo(store, load_library())
    draft = store.load(DEMO_NAME)
    first = draft.clauses()[4]
    draft = versions.confirm(draft, first.id, "az")
    draft = assemble.set_text(draft, first.id, STALE_ENGLISH)
    saved = store.save(draft, store.head(DEMO_NAME), "Ann", "I.1 confirmed, then its English changed").draft
    return store, saved


def states(draft: Draft) -> dict[str, State]:
    return {clause.id: versions.state(clause, "az", draft.settings) for clause in draft.clauses()}


def test_an_untouched_export_brought_back_confirms_nothing_and_keeps_every_mark(demo: tuple[Store, Draft]) -> None:
    store, draft = demo
    before = states(draft)
    assert State.NEEDS_UPDATE in before.values() and State.UNREVIEWED in before.values()
    result = import_translation(store, DEMO_NAME, export_bytes(draft, language="az"), "az", author="Tərcüməçi")
    assert result.revision is None and result.changed == () and result.confirmed == ()
    assert "the file changes nothing; no revision was saved" in result.warnings
    assert states(store.load(DEMO_NAME)) == before


def test_a_translator_who_reviewed_everything_confirms_every_clause_and_hears_what_still_does_not_align(
    demo: tuple[Store, Draft],
) -> None:
    store, draft = demo
    data = export_bytes(draft, language="az")
    result = import_translation(store, DEMO_NAME, data, "az", author="Tərcüməçi", confirm_all=True)
    assert result.revision is not None and result.changed == ()
    assert len(result.confirmed) == len(draft.clauses())
    assert set(states(store.load(DEMO_NAME)).values()) == {State.CONFIRMED}
    assert any(w.startswith("clause I.1 is confirmed but does not line up") and "40" in w for w in result.warnings)


def test_only_the_clause_the_file_changed_is_confirmed_and_it_is_warned_about_when_it_still_differs(
    demo: tuple[Store, Draft],
) -> None:
    store, draft = demo
    before = states(draft)
    returned = edit_docx(export_bytes(draft, language="az"), "Xəzər hövzəsini", "Xəzər dənizi hövzəsini")
    result = import_translation(store, DEMO_NAME, returned, "az", author="Tərcüməçi")
    assert result.changed == result.confirmed == ("I.1",)
    after = states(store.load(DEMO_NAME))
    first = draft.clauses()[4].id
    assert after[first] == State.CONFIRMED
    assert {k: v for k, v in after.items() if k != first} == {k: v for k, v in before.items() if k != first}
    said = [w for w in result.warnings if "does not line up" in w]
    assert said and all(w.startswith("clause I.1 is confirmed but does not line up with the working") for w in said)
    assert any("40 only in the working text" in w for w in said)


BRACKETED = "İştirakçılar [AZ: niyyətindədirlər / US: səy göstərəcəklər] dəstəkləmək."


def test_a_bracketed_azerbaijani_version_goes_out_with_its_own_tags_and_comes_back_with_the_draft_s(
    demo: tuple[Store, Draft],
) -> None:
    store, draft = demo
    third = draft.clauses()[6]
    draft = store.save(versions.set_version(draft, third.id, "az", BRACKETED), draft.revision or 0, "Ann", "I.3").draft
    data = export_bytes(draft, language="az")
    assert "[AZ: niyyətindədirlər / ABŞ: səy göstərəcəklər]" in texts_of(data)
    untouched = import_translation(store, DEMO_NAME, data, "az", author="Tərcüməçi", dry_run=True)
    assert untouched.changed == () and not any("ABŞ" in w for w in untouched.warnings)
    returned = edit_docx(data, "səy göstərəcəklər", "çalışacaqlar")
    result = import_translation(store, DEMO_NAME, returned, "az", author="Tərcüməçi")
    assert result.changed == ("I.3",) and not any("names no delegation" in w for w in result.warnings)
    held = versions.version(store.load(DEMO_NAME).clause(third.id), "az")
    assert held is not None and held.text == BRACKETED.replace("səy göstərəcəklər", "çalışacaqlar")


def test_a_bracket_typed_with_the_azerbaijani_tags_is_kept_with_the_working_ones(demo: tuple[Store, Draft]) -> None:
    _, draft = demo
    third = draft.clauses()[6]
    typed = BRACKETED.replace("US:", "ABŞ:")
    held = versions.version(versions.set_version(draft, third.id, "az", typed).clause(third.id), "az")
    assert held is not None and held.text == BRACKETED
    assert versions.localized_tags(draft.settings, "az") == {"a": "AZ", "b": "ABŞ", "chair": "Chair"}


def test_retagging_changes_only_the_tags_of_known_delegations_inside_brackets() -> None:
    from charter.negotiation.brackets import retag

    own, working = {"a": "AZ", "b": "ABŞ", "chair": "Sədr"}, {"a": "AZ", "b": "US", "chair": "Chair"}
    text = "ABŞ: x [ABŞ: a / AZ: b / Sədr: c] [date] [XY: d] [abş: e"
    assert retag(text, own, working) == "ABŞ: x [US: a / AZ: b / Chair: c] [date] [XY: d] [abş: e"


def texts_of(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
