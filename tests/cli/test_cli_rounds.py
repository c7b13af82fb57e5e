"""`charter round`, delegations on users and saves, bracket tags, and comparing rounds, on a real SQLite file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from lxml import etree

from charter.access import accounts
from charter.cli import main
from charter.cli.common import DELEGATIONS as CLI_DELEGATIONS
from charter.drafting.model import DELEGATIONS
from charter.store import Store
from tests.conftest import DATA

SMALL = str(DATA / "clauses" / "small")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def charter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Return a runner of `charter ...` in this process, on a fresh database with a four-clause draft of 5 revisions."""
    monkeypatch.setenv("CHARTER_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("CHARTER_AUTHOR", "Ann")
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))

    def run(*words: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(["--library", SMALL, *words])
        except SystemExit as done:  # argparse's usage errors
            code = int(done.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    def ok(*words: str, stdin: str = "") -> str:
        code, out, err = run(*words, stdin=stdin)
        assert code == 0, err
        return out

    run.ok = ok  # type: ignore[attr-defined]
    run.store = lambda: Store(tmp_path / "cli.db")  # type: ignore[attr-defined]
    ok("draft", "new", "demo", "--party-a", "the Republic of Azerbaijan", "--party-b", "the United States of America",
       "--party-a-short", "Azerbaijan", "--party-b-short", "the United States")  # fmt: skip
    for clause in ("preamble.friendship", "energy.gas-corridor", "energy.methane", "final.status"):
        ok("draft", "add", "demo", clause)  # revisions 2 to 5
    return run


def energy_clause(charter) -> str:  # type: ignore[no-untyped-def]
    return next(c.id for c in charter.store().load("demo").clauses() if c.area == "energy")


def test_the_command_line_offers_the_delegations_of_the_model() -> None:
    assert CLI_DELEGATIONS == DELEGATIONS


def test_user_add_and_user_set_put_users_in_delegations_and_user_list_shows_them(charter) -> None:
    out = charter.ok("user", "add", "aziz", "--role", "editor", "--delegation", "a", "--password-stdin",
                     stdin="long enough password\n")  # fmt: skip
    assert out == "added aziz (editor), delegation a\n"
    charter.ok("user", "add", "sam", "--role", "editor", "--password-stdin", stdin="long enough password\n")
    assert charter.ok("user", "set", "sam", "--delegation", "b") == "'sam' belongs to delegation b\n"
    listed = json.loads(charter.ok("user", "list", "--json"))
    assert [(u["name"], u["delegation"]) for u in listed] == [("aziz", "a"), ("sam", "b")]
    assert charter.ok("user", "list").splitlines() == ["aziz (editor)  delegation a", "sam (editor)  delegation b"]
    assert charter.ok("user", "set", "sam", "--delegation", "none") == "'sam' belongs to no delegation\n"
    assert json.loads(charter.ok("user", "list", "--json"))[1]["delegation"] is None


def test_user_set_refuses_an_unknown_delegation_or_user_in_one_line(charter) -> None:
    code, _, err = charter("user", "set", "sam", "--delegation", "usa")
    assert code == 2 and "invalid choice: 'usa'" in err
    code, _, err = charter("user", "set", "nobody", "--delegation", "a")
    assert (code, err) == (2, "charter: no user 'nobody'\n")


def test_every_save_records_the_delegation_and_draft_log_names_it(charter) -> None:
    clause = energy_clause(charter)
    charter.ok("draft", "set-text", "demo", clause, "--text", "Azerbaijan's words.", "--delegation", "a")
    charter.ok("draft", "set-status", "demo", clause, "bracketed", "--delegation", "b", "-m", "US brackets it")
    charter.ok("draft", "restore", "demo", "5", "--delegation", "chair")
    log = json.loads(charter.ok("draft", "log", "demo", "--json"))
    assert [(e["delegation"], e["delegation_name"]) for e in log][4:] == [
        (None, None), ("a", "Azerbaijan"), ("b", "the United States"), ("chair", "Chair")
    ]  # fmt: skip
    lines = charter.ok("draft", "log", "demo").splitlines()
    assert "Ann (the United States)" in lines[1] and lines[1].endswith("US brackets it")
    assert "Ann (Chair)" in lines[0] and "(" not in lines[-1].split("UTC")[1]


def test_a_signed_in_user_saves_for_their_own_delegation_and_may_not_name_another(charter, monkeypatch) -> None:
    charter.ok("user", "add", "sam", "--role", "editor", "--delegation", "b", "--password-stdin",
               stdin="long enough password\n")  # fmt: skip
    monkeypatch.setenv("CHARTER_PASSWORD", "long enough password")
    clause = energy_clause(charter)
    code, _, err = charter("--user", "sam", "draft", "set-text", "demo", clause, "--text", "X.", "--delegation", "a")
    assert (code, err) == (4, "charter: sam belongs to delegation b and may not save for delegation a\n")
    charter.ok("--user", "sam", "draft", "set-text", "demo", clause, "--text", "The US text.")
    assert charter.store().history("demo")[-1].delegation == "b"


def test_draft_set_changes_the_tags_brackets_name_the_delegations_by(charter) -> None:
    clause = energy_clause(charter)
    charter.ok(
        "draft", "set-text", "demo", clause, "--text", "The Participants [AZ: intend to / US: will seek to] act."
    )
    charter.ok("draft", "set", "demo", "--tag-b", "USA", "--tag-chair", "Sec")
    shown = charter.ok("draft", "show", "demo")
    assert "[AZ: intend to / USA: will seek to]" in shown
    assert charter.store().load("demo").settings.tags == {"b": "USA", "chair": "Sec"}
    charter.ok("draft", "set", "demo", "--tag-b", "")
    assert "[AZ: intend to / US: will seek to]" in charter.ok("draft", "show", "demo")
    assert charter.store().load("demo").settings.tags == {"chair": "Sec"}
    for clash in (["--tag-a", "Sec"], ["--tag-b", "AZ"]):  # another's own tag, or the one made from a short name
        code, _, err = charter("draft", "set", "demo", *clash)
        assert code == 2 and "each delegation needs its own tag" in err


def test_round_names_lists_moves_and_removes_rounds(charter) -> None:
    assert (
        charter.ok("round", "demo", "Round 1, Baku", "--rev", "1") == "round 'Round 1, Baku' is revision 1 of 'demo'\n"
    )
    charter.ok("round", "demo", "Round 2, Washington")
    listed = json.loads(charter.ok("round", "demo", "--list", "--json"))
    assert [(r["name"], r["revision"], r["author"]) for r in listed] == [
        ("Round 1, Baku", 1, "Ann"), ("Round 2, Washington", 5, "Ann")
    ]  # fmt: skip
    text = charter.ok("round", "demo", "--list").splitlines()
    assert text[0].startswith("Round 1, Baku") and "revision 1 " in text[0]
    assert "(moved from revision 1)" in charter.ok("round", "demo", "Round 1, Baku", "--rev", "2")
    assert (
        charter.ok("round", "demo", "--remove", "round 1, baku") == "removed round 'Round 1, Baku' (revision 2 stays)\n"
    )
    assert [r.name for r in charter.store().rounds("demo")] == ["Round 2, Washington"]
    assert charter.store().head("demo") == 5


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["round", "demo"], 'charter: give the round\'s name (e.g. "Round 2, Baku"), --list or --remove ROUND\n'),
        (["round", "demo", "--remove", "Round 9"], "charter: draft 'demo' has no round 'Round 9' (rounds: none yet)\n"),
        (["round", "demo", "R", "--rev", "9"], "charter: draft 'demo' has no revision 9\n"),
        (["round", "demo", "R", "--list"], "charter: --list takes no round name, --rev or --remove\n"),
        (["round", "demo", "R", "--json"], "charter: --json goes with --list\n"),
        (["round", "nope", "--list"], "charter: no draft named 'nope'\n"),
        (["round", "demo", "Bad\x1b[2J"], "charter: round name 'Bad\\x1b[2J' contains a control character"),
        (
            ["diff", "demo", "--from-round", "Round 9"],
            "charter: draft 'demo' has no round 'Round 9' (rounds: none yet)\n",
        ),
    ],
    ids=[
        "nothing",
        "unknown-round",
        "unknown-revision",
        "list-and-name",
        "json-alone",
        "unknown-draft",
        "escape",
        "diff-unknown-round",
    ],  # fmt: skip
)
def test_a_wrong_round_command_says_what_is_wrong_in_one_line_and_exits_2(charter, words, message) -> None:
    code, out, err = charter(*words)
    assert (code, out) == (2, "") and err.startswith(message) and err.count("\n") == 1


def test_draft_log_shows_the_revisions_under_each_round(charter) -> None:
    charter.ok("round", "demo", "Round 1, Baku", "--rev", "2")
    charter.ok("round", "demo", "Round 2, Washington", "--rev", "4")
    lines = charter.ok("draft", "log", "demo").splitlines()
    headings = [line for line in lines if line.startswith("==")]
    assert headings == [
        "== Not yet in a round (revision 5) ==",
        "== Round 2, Washington (revisions 3 to 4) ==",
        "== Round 1, Baku (revisions 1 to 2) ==",
    ]
    assert lines[lines.index(headings[1]) + 1].startswith("r4 ")
    log = json.loads(charter.ok("draft", "log", "demo", "--json"))
    assert [e["rounds"] for e in log] == [[], ["Round 1, Baku"], [], ["Round 2, Washington"], []]


def test_diff_and_redline_compare_one_round_with_another(charter, tmp_path: Path) -> None:
    clause = energy_clause(charter)
    charter.ok("round", "demo", "Round 1, Baku")
    charter.ok("draft", "set-text", "demo", clause, "--text", "Azerbaijan proposes this.", "--delegation", "a")
    charter.ok("draft", "comment", "demo", clause, "Noted.")
    charter.ok("round", "demo", "Round 2, Washington")
    charter.ok("draft", "set-text", "demo", clause, "--text", "Later words.")
    by_round = json.loads(charter.ok("diff", "demo", "--from-round", "Round 1, Baku", "--to-round",
                                     "Round 2, Washington", "--format", "json"))  # fmt: skip
    by_number = json.loads(charter.ok("diff", "demo", "--from", "5", "--to", "7", "--format", "json"))
    assert by_round == by_number and "Azerbaijan proposes this." in json.dumps(by_round)
    target = tmp_path / "round.docx"
    out = charter.ok("redline", "demo", "--from-round", "Round 1, Baku", "--to-round", "Round 2, Washington",
                     "-o", str(target))  # fmt: skip
    assert out == f"wrote {target} (demo, revision 5 to 7, tracked changes signed by delegation)\n"
    with zipfile.ZipFile(target) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    authors = {e.get(f"{W}author") for e in body.iter(f"{W}ins", f"{W}del")}
    assert authors == {"Azerbaijan"}
    code, _, err = charter("redline", "demo", "--from", "1", "--from-round", "Round 1, Baku", "-o", str(target))
    assert code == 2 and "not allowed with argument" in err


def test_the_charter_program_runs_round_as_a_real_process(tmp_path: Path) -> None:
    env = {"CHARTER_DB": str(tmp_path / "p.db"), "CHARTER_AUTHOR": "Ann", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "charter", "--library", SMALL]
    subprocess.run([*command, "draft", "new", "p", "--party-a", "A land", "--party-b", "B land"], env=env, check=True)
    done = subprocess.run([*command, "round", "p", "Round 1"], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "round 'Round 1' is revision 1 of 'p'\n")


def test_import_new_records_the_delegation_of_revision_1(charter, tmp_path: Path) -> None:
    from charter.word import export_bytes

    (tmp_path / "charter.docx").write_bytes(export_bytes(charter.store().load("demo")))
    charter.ok("import-new", "fresh", str(tmp_path / "charter.docx"), "--delegation", "chair")
    assert charter.store().history("fresh")[0].delegation == "chair"
