"""Three-way merge: word-level inside a clause, clause by clause across a draft."""

from __future__ import annotations

import pytest

from charter.compare.merge import merge_drafts
from charter.compare.tokens import merge3
from charter.drafting import assemble
from charter.drafting.model import Status
from charter.errors import ConflictError
from tests.conftest import make_draft


def test_edits_to_different_words_of_one_clause_both_survive() -> None:
    base = "The Participants intend to support the gas corridor."
    ours = "The Participants plan to support the gas corridor."
    theirs = "The Participants intend to support the southern gas corridor."
    assert merge3(base, ours, theirs) == "The Participants plan to support the southern gas corridor."


def test_overlapping_edits_to_the_same_words_are_a_conflict() -> None:
    base = "The Participants intend to support the gas corridor."
    assert merge3(base, base.replace("intend", "plan"), base.replace("intend", "hope")) is None


def test_two_insertions_at_the_same_place_are_a_conflict_unless_identical() -> None:
    base = "one two"
    assert merge3(base, "one big two", "one small two") is None
    assert merge3(base, "one big two", "one big two") == "one big two"


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
    assert merge_drafts(base, ours, theirs, {clause.id: "ours"}).clause(clause.id).text == "Our wording."
    assert merge_drafts(base, ours, theirs, {clause.id: "theirs"}).clause(clause.id).text == "Their wording."
    assert merge_drafts(base, ours, theirs, {clause.id: "Both."}).clause(clause.id).text == "Both."


def test_a_section_lead_in_written_on_one_side_survives_an_edit_on_the_other(small_library) -> None:
    base = make_draft(small_library)
    sections = list(base.sections)
    sections[1] = sections[1].model_copy(update={"lead_in": "The Participants share these aims:"})
    ours = base.model_copy(update={"sections": tuple(sections)})
    theirs = assemble.set_text(base, base.clauses()[0].id, "The Participants intend something else.")
    merged = merge_drafts(base, ours, theirs)
    assert merged.sections[1].lead_in == "The Participants share these aims:"
    assert merged.clauses()[0].text == "The Participants intend something else."
