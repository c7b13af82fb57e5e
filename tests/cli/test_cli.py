"""The `charter` command, run as a real subprocess on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from charter.textsafety import escape_controls

ROOT = Path(__file__).parents[2]
SMALL = str(ROOT / "tests" / "data" / "clauses" / "small")


@pytest.fixture
def run(tmp_path: Path):
    env = dict(os.environ, CHARTER_DB=str(tmp_path / "cli.db"), CHARTER_AUTHOR="Ann")

    def charter(*args: str, library: str | None = SMALL, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        prefix = ["--library", library] if library else []
        return subprocess.run(
            [sys.executable, "-m", "charter", *prefix, *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=60,
        )

    return charter


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def demo(run):
    ok(
        run(
            "draft",
            "new",
            "demo",
            "--party-a",
            "the Republic of Azerbaijan",
            "--party-b",
            "the United States of America",
            "--place",
            "Baku",
            "--languages",
            "Azerbaijani, English",
        )
    )
    for clause in ("preamble.friendship", "energy.gas-corridor", "energy.methane", "final.status"):
        ok(run("draft", "add", "demo", clause))
    return run


def show(run, *extra: str) -> dict:
    return json.loads(ok(run("draft", "show", "demo", "--format", "json", *extra)))


def test_library_check_passes_on_the_bundled_library(run) -> None:
    assert ok(run("library", "check", library=None)).startswith("ok: ")


def test_library_check_names_file_line_and_clause_and_exits_2(run) -> None:
    result = run("library", "check", str(ROOT / "tests/data/clauses/missing-text"))
    assert result.returncode == 2
    assert "energy.yaml:6: clause 'energy.methane' is missing 'text'" in result.stderr


def test_library_list_and_show_print_the_documented_json(run) -> None:
    listed = json.loads(ok(run("library", "list", "--area", "energy", "--json")))
    assert [c["id"] for c in listed] == ["energy.gas-corridor", "energy.methane"]
    shown = json.loads(ok(run("library", "show", "energy.gas-corridor", "--json")))
    assert set(shown) >= {"id", "area", "title", "text", "tags", "alternatives"}
    assert shown["alternatives"][0]["label"] == "fallback"


def test_draft_show_fills_variables_and_numbers_clauses(demo) -> None:
    data = show(demo)
    assert data["revision"] == 5
    energy = data["sections"][1]
    assert energy["number"] == "I" and [c["number"] for c in energy["clauses"]] == [1, 2]
    assert "linking the Republic of Azerbaijan with" in energy["clauses"][0]["text"]
    text = ok(demo("draft", "show", "demo"))
    assert "Section I: Energy Security" in text and "${" not in text


def test_every_write_makes_exactly_one_revision_and_log_json_lists_them(demo) -> None:
    clause = show(demo)["sections"][1]["clauses"][0]["id"]
    ok(demo("draft", "set-status", "demo", clause, "bracketed", "-m", "bracket it"))
    ok(demo("draft", "comment", "demo", clause, "Needs work", "--author", "Bob"))
    ok(demo("draft", "set-text", "demo", clause, "--text", "The Participants intend to talk."))
    ok(demo("draft", "move", "demo", clause, "--to", "2"))
    ok(demo("draft", "set", "demo", "--date", "1 May 2027", "--first", "b"))
    ok(demo("draft", "section", "demo", "--rename", "I", "Energy"))
    log = json.loads(ok(demo("draft", "log", "demo", "--json")))
    assert [entry["revision"] for entry in log] == list(range(1, 12))
    assert set(log[0]) >= {"revision", "author", "time", "message", "parent"}
    assert log[5]["message"] == "bracket it" and log[6]["author"] == "Bob"
    data = show(demo)
    moved = data["sections"][1]["clauses"][1]
    assert (moved["id"], moved["status"], moved["text"]) == (clause, "bracketed", "The Participants intend to talk.")
    assert moved["comments"][0]["author"] == "Bob"
    assert data["sections"][1]["title"] == "Energy"


def test_a_write_based_on_an_old_revision_merges(demo) -> None:
    clauses = show(demo)["sections"][1]["clauses"]
    ok(demo("draft", "set-status", "demo", clauses[0]["id"], "agreed", "--base", "5"))
    out = ok(demo("draft", "set-status", "demo", clauses[1]["id"], "agreed", "--base", "5"))
    assert "merged onto revision 6" in out
    assert [c["status"] for c in show(demo)["sections"][1]["clauses"]] == ["agreed", "agreed"]


def test_a_conflicting_write_exits_3_and_saves_nothing(demo) -> None:
    clause = show(demo)["sections"][1]["clauses"][0]["id"]
    ok(demo("draft", "set-text", "demo", clause, "--text", "First version.", "--base", "5"))
    result = demo("draft", "set-text", "demo", clause, "--text", "Second version.", "--base", "5")
    assert result.returncode == 3
    assert "conflict" in result.stderr and clause in result.stderr
    assert show(demo)["revision"] == 6


def test_two_members_editing_one_sentence_is_a_conflict_and_saves_nothing(demo) -> None:
    clause = show(demo)["sections"][1]["clauses"][0]["id"]
    base = "The Participants will cooperate on pipeline safety. They will share methods for leak detection."
    ok(demo("draft", "set-text", "demo", clause, "--text", base))
    head = show(demo)["revision"]
    a = base.replace("leak detection.", "leak detection, cyber resilience and emergency response.")
    b = base.replace("leak detection.", "leak detection and oil spill response.")
    ok(demo("draft", "set-text", "demo", clause, "--text", a, "--base", str(head)))
    result = demo("draft", "set-text", "demo", clause, "--text", b, "--base", str(head))
    assert result.returncode == 3, result.stdout
    assert show(demo)["revision"] == head + 1
    assert "cyber resilience and oil spill" not in json.dumps(show(demo))


def test_edits_to_two_sentences_of_one_clause_merge_and_the_save_names_the_clause(demo) -> None:
    clause = show(demo)["sections"][1]["clauses"][0]
    base = "The Participants will cooperate on pipeline safety. They will share methods for leak detection."
    ok(demo("draft", "set-text", "demo", clause["id"], "--text", base))
    head = show(demo)["revision"]
    ok(demo("draft", "set-text", "demo", clause["id"], "--text", base.replace("pipeline", "pipeline and terminal"),
            "--base", str(head)))  # fmt: skip
    out = ok(demo("draft", "set-text", "demo", clause["id"], "--text", base.replace("leak", "methane leak"),
                  "--base", str(head)))  # fmt: skip
    label = f"{show(demo)['sections'][1]['number']}.1"
    assert f"{label} combined with revision {head + 1}" in out
    text = show(demo)["sections"][1]["clauses"][0]["text"]
    assert "pipeline and terminal safety" in text and "methane leak detection" in text


def test_add_custom_reads_text_from_a_file_and_remove_deletes(demo, tmp_path: Path) -> None:
    (tmp_path / "clause.txt").write_text("The Participants intend to meet in ${place}.", encoding="utf-8")
    out = ok(demo("draft", "add-custom", "demo", "--section", "final", "--title", "Meeting", "--file", "clause.txt"))
    new_id = out.split()[2]
    final = show(demo)["sections"][-1]["clauses"]
    assert final[-1]["text"] == "The Participants intend to meet in Baku."
    ok(demo("draft", "remove", "demo", new_id))
    assert new_id not in [c["id"] for c in show(demo)["sections"][-1]["clauses"]]


def test_restore_copy_and_show_an_old_revision(demo) -> None:
    ok(demo("draft", "restore", "demo", "2"))
    assert len(show(demo)["sections"]) == 1
    assert len(show(demo, "--rev", "5")["sections"]) == 3
    ok(demo("draft", "copy", "demo", "demo-2"))
    names = [d["name"] for d in json.loads(ok(demo("draft", "list", "--json")))]
    assert names == ["demo", "demo-2"]


def test_errors_are_one_clear_line_with_exit_code_2(demo) -> None:
    for args, expected in [
        (("draft", "show", "nope"), "no draft named 'nope'"),
        (("draft", "add", "demo", "energy.unknown"), "no library clause 'energy.unknown'"),
        (("draft", "set-status", "demo", "ffffffffffff", "agreed"), "has no clause 'ffffffffffff'"),
        (("draft", "new", "../evil", "--party-a", "A", "--party-b", "B"), "invalid draft name"),
    ]:
        result = demo(*args)
        assert result.returncode == 2, args
        assert result.stderr.strip().count("\n") == 0 and expected in result.stderr
        assert "Traceback" not in result.stderr


def test_draft_add_takes_many_clauses_in_one_revision_and_new_can_start_from_a_set(run) -> None:
    ok(run("draft", "new", "bulk", "--party-a", "A", "--party-b", "B", "--from-set", "standard", library=None))
    data = json.loads(ok(run("draft", "show", "bulk", "--format", "json", library=None)))
    held = [c["library_id"] for s in data["sections"] for c in s["clauses"]]
    assert len(held) > 20 and data["revision"] == 1
    listed = json.loads(ok(run("library", "list", "--json", library=None)))
    extra = [c["id"] for c in listed if c["id"] not in held][:3]
    out = ok(run("draft", "add", "bulk", *extra, library=None))
    assert out.count("added clause") == 3
    after = json.loads(ok(run("draft", "show", "bulk", "--format", "json", library=None)))
    assert after["revision"] == 2
    assert set(extra) <= {c["library_id"] for s in after["sections"] for c in s["clauses"]}


HOSTILE = "Mallory\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run `charter` in this process on a store holding the small library's 'demo' draft (revision 1)."""
    from charter.cli import main
    from charter.library import load_library
    from charter.store import Store
    from tests.conftest import make_draft

    monkeypatch.setenv("CHARTER_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("CHARTER_AUTHOR", "Ann")
    Store(tmp_path / "cli.db").create(make_draft(load_library(SMALL)), "Ann")

    def charter(*args: str) -> tuple[int, str, str]:
        code = main(["--library", SMALL, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return charter


def seed_hostile_revision(tmp_path: Path) -> None:
    """Leave a revision whose author and message carry terminal escapes, as older versions stored them.

    The store now refuses such names at input, so the revision is saved plainly and then rewritten
    in the database, as a file written before the check would hold it.
    """
    from charter.drafting import assemble
    from charter.store import Store

    store = Store(tmp_path / "cli.db")
    draft = store.load("demo")
    clause = draft.clauses()[0]
    saved = store.save(assemble.set_status(draft, clause.id, "agreed"), 1, "placeholder", "placeholder")
    with store.backend.write() as tx:
        tx.execute(
            "UPDATE revisions SET author = ?, message = ? WHERE number = ?", (HOSTILE, f"fix {HOSTILE}", saved.revision)
        )


def test_draft_log_shows_escape_sequences_in_authors_and_messages_as_visible_escapes(cli, tmp_path: Path) -> None:
    seed_hostile_revision(tmp_path)
    code, out, _ = cli("draft", "log", "demo")
    assert code == 0
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in out
    assert "Mallory\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e" in out
    assert len(out.splitlines()) == 2


def test_json_output_writes_c1_and_bidi_characters_as_unicode_escapes(cli, tmp_path: Path) -> None:
    seed_hostile_revision(tmp_path)
    code, out, _ = cli("draft", "log", "demo", "--json")
    assert code == 0 and "\x9b" not in out and "\u202e" not in out and "\\u009b" in out
    assert json.loads(out)[-1]["author"] == HOSTILE


def test_the_audit_log_escapes_names_tried_at_sign_in(cli, tmp_path: Path) -> None:
    from charter.access import accounts
    from charter.errors import PermissionDenied
    from charter.store import Store

    with pytest.raises(PermissionDenied):
        accounts.sign_in(Store(tmp_path / "cli.db"), "\x1b[2Jroot", "whatever it is")
    code, out, _ = cli("audit")
    assert code == 0 and "\x1b" not in out and "\\x1b[2Jroot" in out


def test_an_error_quoting_a_typed_name_escapes_its_control_characters(cli) -> None:
    code, _, err = cli("draft", "show", "\x1b]0;pwned\x07")
    assert code == 2 and "\x1b" not in err and "\\x1b]0;pwned\\x07" in err


def test_draft_show_escapes_bidi_controls_in_clause_text_but_keeps_its_lines(cli) -> None:
    code, out, _ = cli("draft", "show", "demo", "--format", "json")
    clause = json.loads(out)["sections"][1]["clauses"][0]["id"]
    code, _, err = cli("draft", "set-text", "demo", clause, "--text", "Pay \u202eSU 01\u202c now.\n(a) then this.")
    assert code == 0 and err.startswith(f"warning: clause {clause} contains the bidirectional control U+202E")
    code, out, _ = cli("draft", "show", "demo")
    assert "\u202e" not in out and "Pay \\u202eSU 01\\u202c now." in out
    assert "    (a) then this." in out


@pytest.mark.parametrize(
    ("option", "field"), [("--author", "author name"), ("-m", "save message"), ("--title", "clause title")]
)
def test_an_author_message_or_title_with_a_terminal_escape_is_refused_in_one_line(cli, option, field) -> None:
    args = ["draft", "add-custom", "demo", "--section", "final", "--title", "Fine", "--text", "Fine text."]
    if option == "--title":
        args[6] = "Bad\x1b[2J"
    else:
        args += [option, "Bad\x1b[2J"]
    code, _, err = cli(*args)
    assert code == 2
    assert err.startswith(f"charter: {field} 'Bad\\x1b[2J' contains a control character, U+001B")
    assert err.count("\n") == 1
    assert cli("draft", "log", "demo", "--json")[1].count('"revision"') == 1


def test_nul_in_clause_text_from_a_file_is_refused_in_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"The Participants\x00 intend.")
    file = str(tmp_path / "nul.txt")
    code, _, err = cli("draft", "add-custom", "demo", "--section", "final", "--title", "Nul", "--file", file)
    assert code == 2 and "U+0000 (NUL)" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "show", "demo", "--\x1b]0;pwned\x07"],
        ["draft", "show", "demo", "--format", "\x1b]0;pwned\x07"],
        ["\x1b]0;pwned\x07"],
        ["draft", "log", "demo", "--\u202eevil", "--\x9b31m"],
        ["draft", "show", "demo", "--rev", "\x1b[2J"],
    ],
    ids=["unknown-option", "invalid-choice", "unknown-command", "bidi-and-c1-options", "invalid-number"],
)
def test_a_usage_error_quoting_what_was_typed_shows_its_control_characters_as_escapes(run, args) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: charter")
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in result.stderr
    typed = [escape_controls(word) for word in args if escape_controls(word) != word]
    error = result.stderr.splitlines()[-1]
    assert error.startswith("charter") and ": error: " in error
    assert all(word.strip("-") in error for word in typed), error
