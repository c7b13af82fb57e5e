"""Rounds grouping the history, and the open brackets counted per area and per delegation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from charter.drafting import assemble
from charter.drafting.model import Draft
from charter.errors import DraftError, NotFoundError
from charter.negotiation import brackets
from charter.negotiation.delegations import set_tags
from charter.negotiation.progress import UNATTRIBUTED, bracket_totals, brackets_by_area, burn_down_by_round
from charter.negotiation.rounds import find_round, group_by_round, rounds_at
from charter.store import RevisionInfo, RoundInfo, Store

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def revision(number: int) -> RevisionInfo:
    return RevisionInfo(number, "Ann", T0 + timedelta(hours=number), f"r{number}", number - 1 or None, None)


def round_at(name: str, number: int, minutes: int = 0) -> RoundInfo:
    return RoundInfo(name, number, "Ann", T0 + timedelta(days=1, minutes=minutes))


HISTORY = [revision(n) for n in range(1, 8)]


def test_a_round_covers_the_revisions_after_the_round_before_up_to_its_own() -> None:
    groups = group_by_round(HISTORY, [round_at("Round 2, Washington", 6), round_at("Round 1, Baku", 3)])
    assert [(g.round.name if g.round else None, [i.revision for i in g.revisions]) for g in groups] == [
        ("Round 1, Baku", [1, 2, 3]),
        ("Round 2, Washington", [4, 5, 6]),
        (None, [7]),
    ]
    assert [g.title for g in groups] == [
        "Round 1, Baku (revisions 1 to 3)",
        "Round 2, Washington (revisions 4 to 6)",
        "Not yet in a round (revision 7)",
    ]


def test_two_rounds_on_one_revision_keep_both_and_the_second_covers_nothing() -> None:
    groups = group_by_round(HISTORY[:3], [round_at("Call", 3, 1), round_at("Meeting", 3, 0)])
    assert [(g.round.name if g.round else None, len(g.revisions)) for g in groups] == [("Meeting", 3), ("Call", 0)]
    assert rounds_at(3, [round_at("Call", 3, 1), round_at("Meeting", 3, 0)]) == ["Meeting", "Call"]


def test_without_rounds_the_whole_history_is_not_yet_in_a_round() -> None:
    assert [(g.round, len(g.revisions)) for g in group_by_round(HISTORY, [])] == [(None, 7)]


def test_a_round_is_found_by_its_exact_name_then_ignoring_case_and_an_unknown_one_lists_the_rounds() -> None:
    rounds = [round_at("Round 1", 2), round_at("round 1", 3), round_at("Round 2, Baku", 5)]
    assert find_round(rounds, "round 1", "demo").revision == 3
    assert find_round(rounds, " ROUND 2, baku ", "demo").revision == 5
    with pytest.raises(NotFoundError, match=r"draft 'demo' has no round 'ROUND 1' \(rounds: 'Round 1', 'round 1'"):
        find_round(rounds, "ROUND 1", "demo")  # two names differ only by case: say which


def _negotiated(saved_draft: Draft) -> Draft:
    energy = [c for c in saved_draft.clauses() if c.area == "energy"]
    first = energy[0]
    clause = brackets.bracket_phrase(first, first.text.split()[1], [("a", "intend to"), ("b", "will seek to")])
    clause = brackets.add_alternative(clause, 0, None, "may")
    clause = brackets.reserve(clause, "b", "Bob", "pending review in Washington")
    second = brackets.bracket_phrase(energy[1], energy[1].text.split()[1], [("a", "shall"), ("chair", "should")])
    preamble = next(c for c in saved_draft.clauses() if c.area == "preamble")
    reserved = brackets.reserve(preamble, "a", "Aziz")
    draft = saved_draft
    for changed in (clause, second, reserved):
        s, c = draft.find(changed.id)
        section = draft.sections[s]
        clauses = (*section.clauses[:c], changed, *section.clauses[c + 1 :])
        sections = list(draft.sections)
        sections[s] = section.model_copy(update={"clauses": clauses})
        draft = draft.model_copy(update={"sections": tuple(sections)})
    return draft


def test_open_brackets_are_counted_per_area_with_each_delegations_proposals_and_reservations(saved_draft) -> None:
    draft = _negotiated(saved_draft)
    areas = {counts.area: counts for counts in brackets_by_area(draft)}
    assert list(areas) == ["preamble", "energy"]
    energy = areas["energy"]
    assert (energy.brackets, energy.clauses) == (2, 2)
    assert energy.proposals == {"a": 2, "b": 1, "chair": 1, UNATTRIBUTED: 1}
    assert energy.reservations == {"a": 0, "b": 1, "chair": 0, UNATTRIBUTED: 0}
    assert (areas["preamble"].brackets, areas["preamble"].reservations["a"]) == (0, 1)
    total = bracket_totals(draft)
    assert (total.brackets, total.clauses, total.reservations["a"], total.reservations["b"]) == (2, 3, 1, 1)
    row = energy.row(brackets.names(draft.settings))
    assert row["Azerbaijan: proposals"] == 2 and row["the United States: proposals"] == 1
    assert row["unattributed proposals"] == 1 and row["the United States: reservations"] == 1


def test_the_burn_down_by_round_gives_statuses_and_open_brackets_at_each_round_then_the_head(
    store: Store, saved_draft
) -> None:
    store.save(_negotiated(saved_draft), 1, "Ann", "brackets")
    agreed = store.load("demo")
    for clause in agreed.clauses():
        if not clause.brackets and not clause.reservations:
            agreed = assemble.set_status(agreed, clause.id, "agreed")
    store.save(agreed, 2, "Ann", "agree the rest")
    store.mark_round("demo", "Round 1", 1, author="Ann")
    store.mark_round("demo", "Round 2", 2, author="Ann")
    drafts = {info.revision: store.load("demo", info.revision) for info in store.history("demo")}
    rows = burn_down_by_round(drafts, store.rounds("demo"), 3)
    assert [(r["round"], r["revision"], r["open brackets"]) for r in rows] == [
        ("Round 1", 1, 0),
        ("Round 2", 2, 2),
        ("latest (revision 3)", 3, 2),
    ]
    assert rows[0]["proposed"] == 4 and rows[0]["agreed"] == 0
    # the reserved one is bracketed as the bracketed ones are: a reservation means the clause is not agreed
    assert (rows[2]["agreed"], rows[2]["bracketed"], rows[2]["proposed"]) == (1, 3, 0)
    store.mark_round("demo", "Round 3", 3, author="Ann")
    assert [r["round"] for r in burn_down_by_round(drafts, store.rounds("demo"), 3)] == [
        "Round 1",
        "Round 2",
        "Round 3",
    ]


def test_set_tags_keeps_only_tags_unlike_the_made_ones_and_refuses_two_alike(saved_draft) -> None:
    draft = set_tags(saved_draft, {"b": "USA", "a": "AZ"})
    assert draft.settings.tags == {"b": "USA"} and brackets.tags(draft.settings)["b"] == "USA"
    assert set_tags(draft, {"b": ""}).settings.tags is None
    with pytest.raises(DraftError, match="each delegation needs its own tag"):
        set_tags(draft, {"chair": "usa"})
    with pytest.raises(DraftError, match="unknown delegation 'c'"):
        set_tags(draft, {"c": "C"})
    with pytest.raises(DraftError, match="must be a letter"):
        set_tags(draft, {"a": "1A"})
