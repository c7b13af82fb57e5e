"""Three-way merge: sentence by sentence inside a clause, clause by clause across a draft."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.compare.merge import Keep, Merged, merge_detailed, merge_drafts, merge_sentences
from charter.compare.sentences import sentences
from charter.drafting import assemble
from charter.drafting.model import Status
from charter.errors import ConflictError
from tests.conftest import make_draft

LEAKS = "The Participants intend to cooperate on pipeline safety. They will share methods for leak detection."


def test_two_edits_to_one_sentence_are_a_conflict_even_when_their_words_do_not_touch() -> None:
    ours = LEAKS.replace("leak detection.", "leak detection, cyber resilience and emergency response.")
    theirs = LEAKS.replace("leak detection.", "leak detection and oil spill response.")
    assert merge_sentences(LEAKS, ours, theirs) is None


def test_edits_to_two_different_sentences_of_one_clause_combine() -> None:
    ours = LEAKS.replace("pipeline safety", "pipeline and terminal safety")
    theirs = LEAKS.replace("leak detection.", "leak detection and oil spill response.")
    assert merge_sentences(LEAKS, ours, theirs) == (
        "The Participants intend to cooperate on pipeline and terminal safety. "
        "They will share methods for leak detection and oil spill response."
    )


def test_identical_edits_on_both_sides_are_not_a_conflict() -> None:
    edited = LEAKS.replace("share", "exchange")
    assert merge_sentences(LEAKS, edited, edited) == edited


def test_edits_to_different_sub_paragraphs_combine_and_to_the_same_one_conflict() -> None:
    base = "The Participants intend to:\n(a) open a desk;\n(b) meet twice a year; and\n(c) report."
    ours = base.replace("open a desk", "open a joint desk")
    theirs = base.replace("twice a year", "each quarter")
    assert merge_sentences(base, ours, theirs) == (
        "The Participants intend to:\n(a) open a joint desk;\n(b) meet each quarter; and\n(c) report."
    )
    assert merge_sentences(base, ours, base.replace("open a desk", "open a desk in Baku")) is None


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    assert sentences("The U.S. delegation proposes No. 3 of the list. Baku agrees.") == [
        "The U.S. delegation proposes No. 3 of the list.",
        "Baku agrees.",
    ]


_WORDS = st.sampled_from(["gas", "corridor", "Baku", "the", "digital", "U.S.", "trade", "and", "No.", "(a)"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=6).map(lambda words: " ".join(words) + ".")
_TEXT = st.lists(_SENTENCE, min_size=1, max_size=5).map(" ".join)


@st.composite
def _edited(draw: st.DrawFn, text: str) -> str:
    units = sentences(text)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "touch"]))
        at = draw(st.integers(0, max(len(units) - 1, 0)))
        if kind == "replace" and units:
            units[at] = draw(_SENTENCE)
        elif kind == "insert":
            units.insert(at, draw(_SENTENCE))
        elif kind == "delete" and len(units) > 1:
            del units[at]
        elif kind == "touch" and units:
            units[at] = units[at][:-1] + " " + draw(_WORDS) + "."
    return " ".join(units)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_sentence_of_a_merged_text_was_written_by_one_side(data: st.DataObject) -> None:
    base = data.draw(_TEXT)
    ours, theirs = data.draw(_edited(base)), data.draw(_edited(base))
    merged = merge_sentences(base, ours, theirs)
    if merged is None:
        return
    written = set(sentences(base)) | set(sentences(ours)) | set(sentences(theirs))
    assert set(sentences(merged)) <= written, (base, ours, theirs, merged)
    if ours == theirs:
        assert merged == ours


def test_the_draft_merge_reports_the_clauses_it_combined(small_library) -> None:
    base = make_draft(small_library)
    target = base.clauses()[1]
    base = assemble.set_text(base, target.id, "First sentence here. Second sentence here.")
    ours = assemble.set_text(base, target.id, "First sentence changed here. Second sentence here.")
    theirs = assemble.set_text(base, target.id, "First sentence here. Second sentence changed too.")
    result = merge_detailed(base, ours, theirs)
    assert result.combined == (target.id,)
    assert result.draft.clause(target.id).text == "First sentence changed here. Second sentence changed too."


def test_clauses_changed_on_different_sides_merge(small_library) -> None:
    base = make_draft(small_library)
    first, second = base.clauses()[0], base.clauses()[1]
    ours = assemble.set_status(base, first.id, Status.AGREED)
    theirs = assemble.set_text(base, second.id, "The Participants intend something else.")
    merged = merge_drafts(base, ours, theirs)
    assert merged.clause(first.id).status == Status.AGREED
    assert merged.clause(second.id).text == "The Participants intend something else."


def test_a_clause_added_on_each_side_keeps_both_in_place(small_library) -> None:
    base = make_draft(small_library)
    ours, mine = assemble.add_custom(base, "energy", "Ours", "Our new clause.", position=1)
    theirs, other = assemble.add_custom(base, "energy", "Theirs", "Their new clause.")
    merged = merge_drafts(base, ours, theirs)
    ids = [c.id for c in merged.sections[1].clauses]
    assert ids[0] == mine.id and ids[-1] == other.id and len(ids) == 4


def test_a_move_on_one_side_and_an_edit_on_the_other_both_apply(small_library) -> None:
    base = make_draft(small_library)
    first, second = base.sections[1].clauses
    ours = assemble.move(base, second.id, 1)
    theirs = assemble.set_text(base, first.id, "Edited meanwhile.")
    merged = merge_drafts(base, ours, theirs)
    assert [c.id for c in merged.sections[1].clauses] == [second.id, first.id]
    assert merged.clause(first.id).text == "Edited meanwhile."


def test_removing_a_clause_that_was_edited_meanwhile_is_a_conflict(small_library) -> None:
    base = make_draft(small_library)
    clause = base.clauses()[1]
    with pytest.raises(ConflictError) as caught:
        merge_drafts(base, assemble.remove(base, clause.id), assemble.set_text(base, clause.id, "Kept and edited."))
    assert caught.value.conflicts[0].clause_id == clause.id
    assert caught.value.conflicts[0].theirs == "Kept and edited."


def test_a_conflict_carries_both_texts(small_library) -> None:
    base = make_draft(small_library)
    clause = base.clauses()[1]
    ours = assemble.set_text(base, clause.id, "Our wording.")
    theirs = assemble.set_text(base, clause.id, "Their wording.")
    with pytest.raises(ConflictError) as caught:
        merge_drafts(base, ours, theirs)
    conflict = caught.value.conflicts[0]
    assert (conflict.field, conflict.ours, conflict.theirs) == ("text", "Our wording.", "Their wording.")


def test_comments_added_on_both_sides_are_all_kept(small_library) -> None:
    base = make_draft(small_library)
    clause = base.clauses()[0]
    ours = assemble.add_comment(base, clause.id, "Ann", "ours")
    theirs = assemble.add_comment(base, clause.id, "Bob", "theirs")
    merged = merge_drafts(base, ours, theirs)
    assert [c.text for c in merged.clause(clause.id).comments] == ["theirs", "ours"]


def test_settings_changed_on_different_fields_merge(small_library) -> None:
    base = make_draft(small_library)
    merged = merge_drafts(
        base, assemble.update_settings(base, place="Washington"), assemble.update_settings(base, date="2 May 2027")
    )
    assert (merged.settings.place, merged.settings.date) == ("Washington", "2 May 2027")


def test_a_resolved_conflict_takes_the_choice_made_for_it(small_library) -> None:
    base = make_draft(small_library)
    clause = base.clauses()[1]
    ours = assemble.set_text(base, clause.id, "Our wording.")
    theirs = assemble.set_text(base, clause.id, "Their wording.")
    assert merge_drafts(base, ours, theirs, {clause.id: Keep.OURS}).clause(clause.id).text == "Our wording."
    assert merge_drafts(base, ours, theirs, {clause.id: Keep.THEIRS}).clause(clause.id).text == "Their wording."
    assert merge_drafts(base, ours, theirs, {clause.id: Merged("Both.")}).clause(clause.id).text == "Both."


def test_each_settings_clash_is_settled_by_its_own_choice(small_library) -> None:
    base = make_draft(small_library)
    ours = assemble.update_settings(base, place="Ganja", date="1 May 2027")
    theirs = assemble.update_settings(base, place="Washington, D.C.", date="2 May 2027")
    with pytest.raises(ConflictError) as caught:
        merge_drafts(base, ours, theirs)
    keys = sorted(c.key for c in caught.value.conflicts)
    assert keys == ["settings:date", "settings:place"]
    merged = merge_drafts(base, ours, theirs, {"settings:place": Keep.OURS, "settings:date": Keep.THEIRS})
    assert (merged.settings.place, merged.settings.date) == ("Ganja", "2 May 2027")


def test_a_merged_text_that_reads_ours_is_taken_as_text_not_as_a_choice(small_library) -> None:
    base = make_draft(small_library)
    clause = base.clauses()[1]
    ours = assemble.set_text(base, clause.id, "Mine.")
    theirs = assemble.set_text(base, clause.id, "Theirs.")
    merged = merge_drafts(base, ours, theirs, {clause.id: Merged("ours")})
    assert merged.clause(clause.id).text == "ours"
    with pytest.raises(TypeError):
        merge_drafts(base, ours, theirs, {clause.id: "ours"})  # type: ignore[dict-item]


def test_acceptances_added_on_both_sides_are_all_kept_and_a_withdrawn_one_stays_withdrawn(small_library) -> None:
    draft = make_draft(small_library)
    base = assemble.accept_wording(draft, draft.clauses()[0].id, "r", "old", "why", "Ann")
    clause = base.clauses()[0]
    ours = assemble.accept_wording(base, clause.id, "r", "ours", "why", "Ann")
    ours = assemble.withdraw_acceptance(ours, clause.id, "r", "old")
    theirs = assemble.accept_wording(base, clause.id, "r", "theirs", "why", "Bob")
    theirs = assemble.set_text(theirs, clause.id, clause.text + " More.")
    merged = merge_drafts(base, ours, theirs)
    assert [a.text for a in merged.clause(clause.id).accepted] == ["theirs", "ours"]


def test_a_section_lead_in_written_on_one_side_survives_an_edit_on_the_other(small_library) -> None:
    base = make_draft(small_library)
    sections = list(base.sections)
    sections[1] = sections[1].model_copy(update={"lead_in": "The Participants share these aims:"})
    ours = base.model_copy(update={"sections": tuple(sections)})
    theirs = assemble.set_text(base, base.clauses()[0].id, "The Participants intend something else.")
    merged = merge_drafts(base, ours, theirs)
    assert merged.sections[1].lead_in == "The Participants share these aims:"
    assert merged.clauses()[0].text == "The Participants intend something else."
