"""Clause-aware, word-level comparison."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.compare.diff import compare, compare_with_library, deviates
from charter.compare.ordering import moved_clauses
from charter.compare.tokens import engine_name, token_diff, tokenize, word_diff
from charter.drafting import assemble
from charter.drafting.model import Status
from charter.negotiation.brackets import reserve, withdraw_reservation
from tests.conftest import make_draft

WORDS = [
    "energy",
    "corridor",
    "Participants",
    "intend",
    "ə",
    "ğız",
    "şəhər",
    "çöl",
    "üzüm",
    "Баку",
    "“quoted”",
    "—",
    "\u00a0",
    "transit",
    "1.",
    "(a)",
    "&amp;",
    "<b>",
    "fund",
    "data",
]


def rebuild(ops, keep):
    return "".join(text for op, text in ops if op in keep)


def test_a_renumbered_clause_is_not_a_change(small_library) -> None:
    old = make_draft(small_library)
    new, added = assemble.add_custom(old, "energy", "First", "A new first clause.", position=1)
    comparison = compare(old, new, 1, 2)
    kinds = {c.id: c.change for c in comparison.clauses}
    assert kinds[added.id] == "added"
    assert [k for cid, k in kinds.items() if cid != added.id] == ["unchanged"] * (len(kinds) - 1)
    renumbered = next(c for c in comparison.clauses if c.old_number == "I.1")
    assert renumbered.new_number == "I.2" and not renumbered.moved


def test_a_moved_clause_is_reported_as_a_move_not_delete_and_insert(small_library) -> None:
    old = make_draft(small_library)
    first, second = old.sections[1].clauses
    new = assemble.move(old, second.id, 1)
    new = assemble.set_text(new, second.id, new.clause(second.id).text + " Also this.")
    changes = {c.id: c for c in compare(old, new).clauses}
    assert changes[second.id].moved and changes[second.id].text_changed
    assert changes[second.id].change == "modified"
    assert (changes[second.id].old_number, changes[second.id].new_number) == ("I.2", "I.1")
    assert not changes[first.id].moved and changes[first.id].change == "unchanged"
    assert compare(old, new).to_json()["clauses"][1]["moved"] is True


def test_a_move_without_text_change_has_kind_moved(small_library) -> None:
    old = make_draft(small_library)
    second = old.sections[1].clauses[1]
    changes = {c.id: c for c in compare(old, assemble.move(old, second.id, 1, section="final")).clauses}
    assert changes[second.id].change == "moved"


def test_a_clause_moved_to_another_section_in_the_same_reading_order_is_moved_unless_its_section_is_gone() -> None:
    old = {"a": "s1", "b": "s1", "c": "s2"}
    new = {"a": "s1", "b": "s2", "c": "s2"}
    assert moved_clauses(old, new, {"s1", "s2"}) == {"b"}
    assert moved_clauses({"a": "s1", "b": "s0"}, {"a": "s1", "b": "s1"}, {"s1"}) == set()
    assert moved_clauses({"a": "s1", "b": "s1"}, {"b": "s1", "a": "s1"}, {"s1"}) == {"b"}


def test_status_changes_and_new_comments_are_reported(small_library) -> None:
    old = make_draft(small_library)
    clause = old.clauses()[0]
    new = assemble.add_comment(assemble.set_status(old, clause.id, Status.AGREED), clause.id, "Ann", "Fine now")
    change = compare(old, new).clauses[0]
    assert (change.change, change.old_status, change.new_status) == ("status", Status.PROPOSED, Status.AGREED)
    assert change.comments_added[0].text == "Fine now"


def reserved(draft, clause_id: str, delegation: str, note: str):
    return assemble.change_clause(draft, clause_id, lambda c: reserve(c, delegation, "Sam", note))


def test_a_reservation_placed_changed_or_withdrawn_is_a_change_of_its_clause(small_library) -> None:
    proposed = make_draft(small_library)
    clause = proposed.clauses()[1]
    first = assemble.set_status(proposed, clause.id, Status.BRACKETED)
    placed = reserved(first, clause.id, "b", "pending review")
    changed = reserved(placed, clause.id, "b", "pending review in Washington")
    withdrawn = assemble.change_clause(changed, clause.id, lambda c: withdraw_reservation(c, "b"))
    steps = [(first, placed), (placed, changed), (changed, withdrawn)]
    found = [[r.to_json() for r in compare(old, new).clauses[1].reservations] for old, new in steps]
    assert [[(r["tag"], r["change"], r["old_note"], r["new_note"]) for r in f] for f in found] == [
        [("US", "placed", None, "pending review")],
        [("US", "changed", "pending review", "pending review in Washington")],
        [("US", "withdrawn", "pending review in Washington", None)],
    ]
    comparison = compare(first, placed)
    assert [c.id for c in comparison.changed] == [clause.id] and comparison.changed[0].change == "reservation"
    assert comparison.summary.reservations_changed == 1
    assert comparison.to_json()["summary"]["reservations_changed"] == 1
    assert compare(placed, reserved(placed, clause.id, "b", "pending review")).changed == []
    on_a_proposed_clause = compare(proposed, placed).changed[0]
    assert (on_a_proposed_clause.change, len(on_a_proposed_clause.reservations)) == ("status", 1)


def test_deleted_clauses_appear_at_their_old_place(small_library) -> None:
    old = make_draft(small_library)
    gone = old.sections[1].clauses[0]
    comparison = compare(old, assemble.remove(old, gone.id))
    ids = [c.id for c in comparison.clauses]
    assert ids.index(gone.id) == 1 and comparison.clauses[1].change == "deleted"
    assert comparison.clauses[1].ops == [("-", comparison.clauses[1].old_text)]


def test_texts_are_compared_as_rendered(small_library) -> None:
    old = make_draft(small_library)
    new = assemble.update_settings(old, party_a="the Kyrgyz Republic")
    changed = [c for c in compare(old, new).clauses if c.text_changed]
    assert changed and all("Kyrgyz" in "".join(t for op, t in c.ops if op == "+") for c in changed)


def test_the_library_comparison_shows_edits_and_custom_clauses(small_library) -> None:
    draft = make_draft(small_library)
    edited = draft.clauses()[1]
    draft = assemble.set_text(draft, edited.id, edited.text.replace("support", "welcome"))
    draft, custom = assemble.add_custom(draft, "final", "Own", "Our own words.")
    comparison = compare_with_library(draft, small_library)
    kinds = {c.id: c.change for c in comparison.clauses}
    assert comparison.from_revision == "library"
    assert kinds[edited.id] == "modified" and kinds[custom.id] == "added"
    assert deviates(draft, small_library) == {edited.id, custom.id}
    ops = next(c for c in comparison.clauses if c.id == edited.id).ops
    assert ("-", "support") in ops and ("+", "welcome") in ops


def test_the_summary_counts_kinds_areas_and_words(small_library) -> None:
    old = make_draft(small_library)
    clause = old.sections[1].clauses[0]
    new = assemble.set_text(old, clause.id, clause.text + " two more")
    summary = compare(old, new).summary
    assert summary.by_change["modified"] == 1 and summary.by_area == {"energy": 1}
    assert (summary.words_inserted, summary.words_deleted) == (2, 0)


def test_unicode_survives_the_word_diff_exactly() -> None:
    old = "Azərbaycan “şəhər” — ğ ı ş ç ö ü Баку\u00a0end"
    new = "Azərbaycan “şəhərlər” — ğ ı ş ç ö ü Москва\u00a0end"
    ops = word_diff(old, new)
    assert rebuild([("=+-"[[0, 1, -1].index(op)], t) for op, t in ops], "=-") == old
    assert rebuild([("=+-"[[0, 1, -1].index(op)], t) for op, t in ops], "=+") == new


text_strategy = st.lists(st.sampled_from(WORDS), min_size=20, max_size=60).map(" ".join)


@st.composite
def edit_case(draw):
    texts = draw(st.lists(text_strategy, min_size=2, max_size=8))
    edits = []
    for index, text in enumerate(texts):
        if not draw(st.booleans()):
            continue
        words = text.split(" ")
        start = draw(st.integers(0, len(words) - 1))
        length = draw(st.integers(0, min(3, len(words) - start)))
        inserted = draw(st.lists(st.sampled_from(["new", "wording", "Şuşa", "—"]), max_size=3))
        if not length and not inserted:
            continue
        edits.append((index, start, length, inserted))
    return texts, edits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit_case())
def test_ops_rebuild_both_texts_and_stay_close_to_the_edit_made(small_library, case) -> None:
    texts, edits = case
    old = assemble.new_draft("prop", make_draft(small_library).settings)
    for index, text in enumerate(texts):
        old, _ = assemble.add_custom(old, "energy", f"c{index}", text)
    new = old
    clause_ids = [c.id for c in old.clauses()]
    expected_changed: dict[str, int] = {}
    for index, start, length, inserted in edits:
        words = texts[index].split(" ")
        edited = words[:start] + inserted + words[start + length :]
        new_text = " ".join(edited).strip() or "x"
        if new_text == texts[index]:
            continue
        new = assemble.set_text(new, clause_ids[index], new_text)
        expected_changed[clause_ids[index]] = length + len(inserted)
    comparison = compare(old, new)
    for change in comparison.clauses:
        assert rebuild(change.ops, "=-") == change.old_text
        assert rebuild(change.ops, "=+") == change.new_text
        changed_words = sum(len(re.findall(r"\S+", t)) for op, t in change.ops if op != "=")
        if change.id in expected_changed:
            # a whole-clause rewrite would change 40+ words; the real edit touched at most 6
            assert changed_words <= 3 * expected_changed[change.id] + 4, change.ops
        else:
            assert change.change == "unchanged"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_cpp_and_python_engines_give_identical_diffs(data: st.DataObject) -> None:
    words = st.sampled_from(["gas", "the", "corridor", "Baku", "digital", "and", ",", "trade", "ə", "ş"])
    old = data.draw(st.lists(words, max_size=60).map(" ".join))
    new = data.draw(st.one_of(st.lists(words, max_size=60).map(" ".join), st.just(old.replace("the", "a"))))
    for semantic in (True, False):
        cpp = token_diff(tokenize(old), tokenize(new), semantic, engine="c++")
        python = token_diff(tokenize(old), tokenize(new), semantic, engine="python")
        assert cpp == python


def test_the_cpp_engine_is_installed_and_chosen_by_default() -> None:
    assert engine_name() == "c++"
