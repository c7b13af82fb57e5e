"""`charter draft set-text --lang`, `charter draft confirm` and `charter check --alignment`, as real subprocesses."""

from __future__ import annotations

import json

from tests.cli import test_cli
from tests.cli.test_cli import ok

# the fixtures of the main CLI tests: a real `charter` subprocess, and a small demo draft in two languages
run, demo = test_cli.run, test_cli.demo


def alignment(run) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    result = run("check", "demo", "--alignment", "--json")
    return result.returncode, json.loads(result.stdout)


def test_a_translation_is_set_confirmed_and_then_flagged_when_the_english_changes(demo) -> None:
    text = "İştirakçılar ${party_a} ilə yeni bazarları birləşdirən qaz dəhlizinin genişləndirilməsini dəstəkləyirlər."
    ok(demo("draft", "set-text", "demo", "I.1", "--lang", "az", "--text", text, "--title", "Qaz dəhlizi"))
    code, report = alignment(demo)
    assert report["versions"]["az"]["unreviewed"] >= 1
    ok(demo("draft", "confirm", "demo", "I.1", "--lang", "az"))
    code, report = alignment(demo)
    assert code == 0 and report["findings"] == []
    before = report["versions"]["az"]["confirmed"]
    english = "The Participants intend to support 2 new gas corridors linking ${party_a} with new markets."
    ok(demo("draft", "set-text", "demo", "I.1", "--text", english))
    code, report = alignment(demo)
    assert code == 1
    assert report["versions"]["az"]["confirmed"] == before - 1 and report["versions"]["az"]["needs update"] >= 1
    [finding] = [f for f in report["findings"] if f["clause"] == "I.1"]
    assert finding["rule"] == "alignment.numbers" and finding["translated"] == text
    [stale] = [v for v in report["needs_update"] if v["clause"] == "I.1"]
    assert stale["state"] == "needs update" and stale["current"] == english
    assert "[-the extension of the-]{+2 new+} gas [-corridor-]{+corridors+} linking" in stale["changes"]
    said = demo("check", "demo", "--alignment").stdout
    assert "az: I.1: the Azerbaijani text needs update; the working text since it was confirmed: " in said


def test_a_language_the_draft_does_not_have_is_one_clear_line(demo) -> None:
    result = demo("draft", "set-text", "demo", "I.1", "--lang", "ru", "--text", "Участники")
    assert result.returncode == 2 and "is not in Russian" in result.stderr and result.stderr.count("\n") == 1


def test_set_text_in_azerbaijani_warns_of_an_unclosed_bracket_and_an_unknown_variable(demo) -> None:
    result = demo("draft", "set-text", "demo", "I.1", "--lang", "az", "--text", "İştirakçılar [AZ: x ${fund}")
    assert result.returncode == 0, result.stderr
    assert "warning: the Azerbaijani text: a '[' is not closed" in result.stderr
    assert "unknown variable ${fund} is kept as written" in result.stderr
    code, report = alignment(demo)
    assert any(f["clause"] == "I.1" and "is not closed" in f["message"] for f in report["findings"])


def test_the_azerbaijani_values_and_the_glossary_are_set_listed_and_taken_away(demo) -> None:
    said = ok(demo("draft", "localize", "demo", "az"))
    assert "party_a        the Republic of Azerbaijan  ->  (not given" in said
    ok(demo("draft", "localize", "demo", "az", "party_a=Azərbaycan Respublikası", "place=Bakı"))
    said = ok(demo("draft", "localize", "demo", "az"))
    assert "->  Azərbaycan Respublikası" in said and "->  Bakı" in said
    ok(demo("draft", "localize", "demo", "az", "place="))
    assert "->  Bakı" not in ok(demo("draft", "localize", "demo", "az"))
    ok(demo("draft", "glossary", "demo", "--lang", "az", "--add", "EXIM", "EXİM"))
    assert "EXIM: az EXİM" in ok(demo("draft", "glossary", "demo"))
    ok(demo("draft", "glossary", "demo", "--remove", "EXIM"))
    assert "is empty" in ok(demo("draft", "glossary", "demo"))
    for args, message in (
        (("draft", "localize", "demo", "az", "capital=Bakı"), "unknown variable 'capital'"),
        (("draft", "glossary", "demo", "--add", "EXIM", "EXİM"), "needs the language"),
    ):
        result = demo(*args)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_a_language_charter_does_not_know_is_a_warning_and_a_code_in_capitals_is_understood(run) -> None:
    result = run("draft", "new", "es", "--party-a", "Spain", "--party-b", "Norway", "--languages", "Spanish, English")
    assert result.returncode == 0 and "warning: charter does not know the language 'Spanish'" in result.stderr
    ok(run("draft", "new", "ka", "--party-a", "Georgia", "--party-b", "Norway", "--languages", "Georgian, English"))
    ok(run("draft", "add-custom", "ka", "--section", "final", "--title", "T", "--text", "The Participants meet."))
    assert "Saved revision" in ok(run("draft", "set-text", "ka", "I.1", "--lang", "KA", "--text", "მონაწილეები."))


def test_adding_azerbaijani_to_an_english_draft_brings_the_library_translations(run) -> None:
    bundled = {"library": None}  # the bundled library, which has the Azerbaijani translations
    ok(run("draft", "new", "en", "--party-a", "Azerbaijan", "--party-b", "Norway", "--from-set", "standard", **bundled))
    ok(run("draft", "set", "en", "--languages", "Azerbaijani, English", **bundled))
    report = json.loads(run("check", "en", "--alignment", "--json", **bundled).stdout)
    clauses = sum(report["versions"]["az"].values())
    assert report["versions"]["az"]["unreviewed"] == clauses and clauses > 20


def test_set_text_in_the_working_language_refuses_a_title_or_confirm_and_confirm_names_the_working_language(
    demo,
) -> None:
    for args, message in (
        (("draft", "set-text", "demo", "I.1", "--text", "x", "--title", "T"), "--title goes with --lang"),
        (("draft", "set-text", "demo", "I.1", "--text", "x", "--confirm"), "--confirm goes with --lang"),
        (("draft", "confirm", "demo", "I.1", "--lang", "en"), "English is the working language of draft 'demo'"),
        (("draft", "confirm", "demo", "I.1", "--lang", "az"), "clause I.1 has no Azerbaijani text to confirm"),
    ):
        result = demo(*args)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "x" not in ok(demo("draft", "show", "demo")).split("\n")


def test_the_working_language_is_set_by_the_cli_while_no_clause_has_a_version_in_it(run) -> None:
    parties = ("--party-a", "Azərbaycan", "--party-b", "Gürcüstan")
    ok(run("draft", "new", "az", *parties, "--languages", "English, Azerbaijani"))
    ok(run("draft", "working-language", "az", "az"))
    report = json.loads(run("check", "az", "--alignment", "--json").stdout)
    assert report["working_language"] == "az" and list(report["versions"]) == ["en"]
