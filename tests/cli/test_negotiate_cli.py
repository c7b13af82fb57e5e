"""`charter bracket`, `resolve`, `reserve` and `brackets`, run as real subprocesses."""

from __future__ import annotations

import json

from tests.cli import test_cli
from tests.cli.test_cli import ok, show

# the fixtures of the main CLI tests: a real `charter` subprocess, and a small demo draft
run, demo = test_cli.run, test_cli.demo


def gas(run) -> dict:  # type: ignore[no-untyped-def]
    return show(run)["sections"][1]["clauses"][0]


def test_bracketing_a_phrase_from_the_shell_records_each_wording_with_its_delegation(demo) -> None:
    ok(demo("bracket", "demo", "I.1", "intend to", "--phrase-by", "a", "--wording", "b", "will seek to"))
    clause = gas(demo)
    assert "[AZ: intend to / USA: will seek to]" in clause["text"]
    assert clause["status"] == "bracketed"
    ok(demo("bracket", "demo", "I.1", "--add", "1", "--wording", "chair", ""))
    listed = json.loads(ok(demo("brackets", "demo", "--json")))
    assert listed[0]["clause"] == "I.1"
    assert [(p["tag"], p["text"]) for p in listed[0]["brackets"][0]] == [
        ("AZ", "intend to"),
        ("USA", "will seek to"),
        ("Chair", ""),
    ]


def test_resolving_by_tag_keeps_that_wording_and_agreeing_needs_every_bracket_closed(demo) -> None:
    ok(demo("bracket", "demo", "I.1", "intend to", "--phrase-by", "a", "--wording", "b", "will seek to"))
    for status in ("agreed", "proposed"):
        refused = demo("draft", "set-status", "demo", "I.1", status)
        assert refused.returncode == 2 and f"1 open bracket(s), so it is bracketed, not {status}" in refused.stderr
    ok(demo("resolve", "demo", "I.1", "1", "USA"))
    assert "The Participants will seek to support" in gas(demo)["text"]
    ok(demo("draft", "set-status", "demo", "I.1", "agreed"))


def test_a_reservation_is_listed_and_withdrawn(demo) -> None:
    ok(demo("reserve", "demo", "I.1", "b", "--note", "Pending interagency review"))
    assert gas(demo)["reservations"][0]["note"] == "Pending interagency review"
    assert "USA reserve: Pending interagency review" in ok(demo("brackets", "demo"))
    ok(demo("reserve", "demo", "I.1", "b", "--withdraw"))
    assert gas(demo)["reservations"] == []


def test_diff_shows_a_reservation_placed_and_withdrawn(demo) -> None:
    head = json.loads(ok(demo("draft", "log", "demo", "--json")))[-1]["revision"]
    ok(demo("reserve", "demo", "I.1", "b", "--note", "Pending interagency review"))
    ok(demo("reserve", "demo", "I.1", "b", "--withdraw"))
    placed = ok(demo("diff", "demo", "--from", str(head), "--to", str(head + 1)))
    assert "1 reservation changed" in placed and "> USA reservation placed: Pending interagency review" in placed
    withdrawn = json.loads(ok(demo("diff", "demo", "--from", str(head + 1), "--to", str(head + 2), "--format", "json")))
    assert withdrawn["summary"]["reservations_changed"] == 1
    assert [r["change"] for c in withdrawn["clauses"] for r in c["reservations"]] == ["withdrawn"]


def test_a_phrase_not_in_the_clause_or_an_unknown_delegation_is_one_clear_line(demo) -> None:
    missing = demo("bracket", "demo", "I.1", "no such words", "--wording", "b", "x")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "is not in the clause" in missing.stderr
    unknown = demo("bracket", "demo", "I.1", "intend to", "--wording", "uk", "x")
    assert unknown.returncode == 2 and "unknown delegation 'uk'" in unknown.stderr


def test_a_phrase_with_a_filled_in_value_is_bracketed_as_read_and_one_cutting_into_it_is_refused(demo) -> None:
    partial = demo("bracket", "demo", "I.1", "Azerbaijan with", "--wording", "b", "x")
    assert partial.returncode == 2 and partial.stderr.count("\n") == 1
    assert "the words take only part of ${party_a} ('the Republic of Azerbaijan')" in partial.stderr
    phrase = "linking the Republic of Azerbaijan"
    ok(demo("bracket", "demo", "I.1", phrase, "--phrase-by", "a", "--wording", "b", "linking Azerbaijan"))
    assert f"[AZ: {phrase} / USA: linking Azerbaijan]" in gas(demo)["text"]


def test_set_text_warns_about_an_unclosed_bracket_and_keeps_the_words(demo) -> None:
    result = demo("draft", "set-text", "demo", "I.1", "--text", "The Participants [USA: will seek to support trade.")
    assert result.returncode == 0
    assert "is not closed" in result.stderr
    assert gas(demo)["text"] == "The Participants [USA: will seek to support trade."
