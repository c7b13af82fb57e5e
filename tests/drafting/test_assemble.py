"""Building and editing drafts."""

from __future__ import annotations

import pytest

from charter.drafting import assemble
from charter.drafting.model import Status
from charter.drafting.render import render_draft
from charter.errors import DraftError, NotFoundError
from charter.library import text_hash
from tests.conftest import make_draft


def test_a_new_draft_has_one_section_per_area_in_area_order(small_library) -> None:
    draft = make_draft(small_library)
    assert [s.id for s in draft.sections][:3] == ["preamble", "energy", "transit"]
    assert [s.id for s in draft.sections][-1] == "final"


def test_a_library_clause_records_its_origin_and_stores_variables_unfilled(small_library) -> None:
    draft = make_draft(small_library)
    clause = next(c for c in draft.clauses() if c.library_id == "energy.gas-corridor")
    assert "${party_a}" in clause.text
    assert clause.origin is not None
    assert clause.origin.alternative == "preferred"
    assert clause.origin.text_hash == text_hash(small_library.get("energy.gas-corridor").text)


def test_the_same_library_clause_added_twice_gets_two_ids(small_library) -> None:
    draft = make_draft(small_library)
    draft, again = assemble.add_clause(draft, small_library, "energy.gas-corridor", "fallback")
    same = [c for c in draft.clauses() if c.library_id == "energy.gas-corridor"]
    assert len(same) == 2 and same[0].id != same[1].id
    assert again.text == small_library.get("energy.gas-corridor").wording("fallback")


def test_an_unknown_alternative_lists_the_ones_that_exist(small_library) -> None:
    with pytest.raises(NotFoundError, match="preferred, fallback"):
        assemble.add_clause(make_draft(small_library), small_library, "energy.gas-corridor", "bold")


def test_moving_a_clause_counts_positions_from_one_within_its_section(small_library) -> None:
    draft = make_draft(small_library)
    energy = draft.sections[assemble.section_index(draft, "energy")]
    first, second = energy.clauses
    moved = assemble.move(draft, second.id, 1)
    assert [c.id for c in moved.sections[1].clauses] == [second.id, first.id]


def test_moving_a_clause_to_another_section(small_library) -> None:
    draft = make_draft(small_library)
    clause = draft.sections[1].clauses[0]
    moved = assemble.move(draft, clause.id, 1, section="final")
    assert moved.sections[-1].clauses[0].id == clause.id
    assert clause.id not in [c.id for c in moved.sections[1].clauses]


def test_a_position_outside_the_section_is_refused(small_library) -> None:
    draft = make_draft(small_library)
    with pytest.raises(DraftError, match="outside 1..2"):
        assemble.move(draft, draft.sections[1].clauses[0].id, 4)


def test_merging_sections_keeps_areas_and_clauses_in_order(small_library) -> None:
    draft = make_draft(small_library)
    draft, clause = assemble.add_custom(draft, "transit", "Ports", "The Participants intend to expand ports.")
    merged = assemble.merge_sections(draft, "transit", "energy")
    energy = merged.sections[assemble.section_index(merged, "energy")]
    assert energy.areas == ("energy", "transit")
    assert energy.clauses[-1].id == clause.id
    assert "transit" not in [s.id for s in merged.sections]


def test_sections_can_be_named_by_roman_numeral(small_library) -> None:
    draft = make_draft(small_library)
    renamed = assemble.rename_section(draft, "I", "Energy")
    assert renamed.sections[1].title == "Energy"


def test_clauses_can_be_named_by_number_or_id_prefix(small_library) -> None:
    draft = make_draft(small_library)
    second = draft.sections[1].clauses[1]
    assert assemble.resolve_clause(draft, "I.2") == second.id
    assert assemble.resolve_clause(draft, second.id[:6]) == second.id
    assert assemble.resolve_clause(draft, "P.1") == draft.sections[0].clauses[0].id


def test_status_comment_and_text_edits_leave_the_input_draft_unchanged(small_library) -> None:
    draft = make_draft(small_library)
    clause = draft.clauses()[0]
    edited = assemble.set_status(draft, clause.id, "bracketed")
    edited = assemble.add_comment(edited, clause.id, "Ann", "Too strong")
    edited = assemble.set_text(edited, clause.id, "Noting new text,")
    assert draft.clause(clause.id) == clause
    changed = edited.clause(clause.id)
    assert changed.status == Status.BRACKETED
    assert changed.comments[0].author == "Ann" and changed.text == "Noting new text,"


def test_switching_to_another_alternative_updates_text_and_origin(small_library) -> None:
    draft = make_draft(small_library)
    clause = next(c for c in draft.clauses() if c.library_id == "energy.gas-corridor")
    switched = assemble.use_alternative(draft, small_library, clause.id, "fallback").clause(clause.id)
    assert switched.origin is not None and switched.origin.alternative == "fallback"
    assert switched.text.startswith("The Participants note")


def test_settings_changes_render_everywhere(small_library) -> None:
    draft = assemble.update_settings(make_draft(small_library), party_a="the Republic of Kazakhstan", place="Astana")
    texts = [c.text for c in render_draft(draft).clauses()]
    assert any("the Republic of Kazakhstan" in text for text in texts)
    assert any("at Astana" in text for text in texts)


def test_bad_settings_give_a_plain_error(small_library) -> None:
    with pytest.raises(DraftError, match="first"):
        assemble.update_settings(make_draft(small_library), first="c")


def test_a_clause_over_the_length_cap_is_refused_with_a_clear_error(small_library) -> None:
    draft = make_draft(small_library)
    with pytest.raises(DraftError, match="at most 100000 characters"):
        assemble.set_text(draft, draft.clauses()[0].id, "x" * 100_001)


def test_a_draft_over_the_clause_cap_is_refused(small_library, monkeypatch) -> None:
    monkeypatch.setattr(assemble, "MAX_CLAUSES", 5)
    draft = make_draft(small_library)
    draft, _ = assemble.add_custom(draft, "final", "Fifth", "The fifth clause.")
    with pytest.raises(DraftError, match="already holds 5 clauses"):
        assemble.add_custom(draft, "final", "Sixth", "The sixth clause.")


def test_an_accepted_wording_is_kept_in_its_clause_with_reason_and_author(small_library) -> None:
    draft = make_draft(small_library)
    clause = draft.clauses()[1]
    accepted = assemble.accept_wording(draft, clause.id, "register.rights", "rights", "quotes the UN Charter", "Ann")
    (acceptance,) = accepted.clause(clause.id).accepted
    assert (acceptance.rule, acceptance.text, acceptance.reason, acceptance.author) == (
        "register.rights",
        "rights",
        "quotes the UN Charter",
        "Ann",
    )
    assert draft.clause(clause.id).accepted == ()


def test_accepting_a_wording_again_replaces_the_earlier_reason(small_library) -> None:
    draft = make_draft(small_library)
    clause_id = draft.clauses()[1].id
    draft = assemble.accept_wording(draft, clause_id, "register.rights", "rights", "first", "Ann")
    draft = assemble.accept_wording(draft, clause_id, "register.rights", "Rights", "second", "Bob")
    assert [a.reason for a in draft.clause(clause_id).accepted] == ["second"]


def test_an_acceptance_without_a_reason_is_refused(small_library) -> None:
    draft = make_draft(small_library)
    with pytest.raises(DraftError, match="reason"):
        assemble.accept_wording(draft, draft.clauses()[0].id, "register.shall", "shall", "  ", "Ann")


def test_a_withdrawn_acceptance_is_gone_and_withdrawing_it_twice_is_refused(small_library) -> None:
    draft = make_draft(small_library)
    clause_id = draft.clauses()[1].id
    draft = assemble.accept_wording(draft, clause_id, "register.rights", "rights", "quoted", "Ann")
    draft = assemble.withdraw_acceptance(draft, clause_id, "register.rights", "RIGHTS")
    assert draft.clause(clause_id).accepted == ()
    with pytest.raises(NotFoundError):
        assemble.withdraw_acceptance(draft, clause_id, "register.rights", "rights")
