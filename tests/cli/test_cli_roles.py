"""`charter --user NAME`: every command signs in first, then checks the role it needs; refusals exit 4."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from charter.access import accounts
from charter.cli import main
from charter.drafting import assemble
from charter.library import load_library
from charter.store import Store
from charter.word import export_bytes
from tests.conftest import DATA, make_draft

SMALL = str(DATA / "clauses" / "small")
PASSWORDS = {"vic": "viewer password", "ed": "editor password", "admin": "admin password", "erin": "energy password"}
# a cheap Argon2 for the test users: the matrix signs in a few hundred times
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# Who runs each command: the four roles, then a wrong password and a name that does not exist.
IDENTITIES = {
    "viewer": ("vic", PASSWORDS["vic"]),
    "editor": ("ed", PASSWORDS["ed"]),
    "admin": ("admin", PASSWORDS["admin"]),
    "energy editor": ("erin", PASSWORDS["erin"]),
    "wrong password": ("ed", "not the password"),
    "unknown user": ("nobody", PASSWORDS["ed"]),
}

# Every command, and the exit code for the viewer, editor, admin and energy-only editor, in that order.
# {energy}, {energy2} and {final} are clause ids; {dir} is a scratch folder; {self} is the acting user.
# Work on whole drafts (new, copy, archive, import-new) needs an editor of all areas: the store
# refuses an area-limited editor, as it refuses them restoring whole revisions.
MATRIX = [
    ("library list", "0000"),
    ("library show energy.methane", "0000"),
    (f"library check {SMALL}", "0000"),
    ("draft list", "0000"),
    ("draft show demo", "0000"),
    ("draft log demo", "0000"),
    ("diff demo --from 1", "0000"),
    ("export demo -o {dir}/out.docx", "0000"),
    ("redline demo --from 1 -o {dir}/redline.docx", "0000"),
    ("diff demo --from-round R1", "0000"),
    ("round demo --list", "0000"),
    ("round demo R2", "4000"),
    ("round demo --remove R1", "4000"),
    ("draft new second --party-a Ruritania --party-b Elbonia", "4004"),
    ("draft copy demo demo-copy", "4004"),
    ("draft archive demo", "4004"),
    ("draft archive demo --undo", "4004"),
    ("import-new fresh {dir}/edited.docx", "4004"),
    ("demo", "4000"),
    ("draft set demo --place Paris", "4004"),
    ("draft section demo --rename energy Energy", "4004"),
    ("draft add demo energy.methane", "4000"),
    ("draft add-custom demo --section final --title New --text Text.", "4004"),
    ("draft set-text demo {energy} --text Energy.", "4000"),
    ("draft set-text demo {final} --text Final.", "4004"),
    ("draft use-alternative demo {energy} fallback", "4000"),
    ("draft set-status demo {final} agreed", "4004"),
    ("draft comment demo {energy} Noted.", "4000"),
    ("draft move demo {energy2} --to 1", "4000"),
    ("draft remove demo {final}", "4004"),
    ("draft restore demo 1", "4004"),
    ("import demo {dir}/edited.docx --dry-run", "4000"),
    ("import demo {dir}/edited.docx", "4000"),
    ("review demo {dir}/edited.docx --json", "0000"),
    ("review demo {dir}/edited.docx --rest accept", "4000"),
    ("serve", "4404"),
    ("user add mallory --role admin --password-stdin", "4404"),
    ("user passwd admin --password-stdin", "4404"),
    ("user passwd {self} --password-stdin", "0000"),
    ("user remove ed", "4404"),
    ("user set vic --delegation a", "4404"),
    ("user unlock vic", "4404"),
    ("user list", "4404"),
    ("audit", "4404"),
]


def expected(codes: str, identity: str) -> int:
    if identity in ("wrong password", "unknown user"):
        return 4
    return int(codes[list(IDENTITIES).index(identity)])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A database with the four users and a two-revision draft with a round, and an edited export of it."""
    folder = tmp_path_factory.mktemp("roles")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", CHEAP)
        store = Store(folder / "roles.db")
        for name, role, areas in [("admin", "admin", ""), ("vic", "viewer", ""), ("ed", "editor", "")]:
            accounts.add_user(store, name, role, PASSWORDS[name], areas)
        accounts.add_user(store, "erin", "editor", PASSWORDS["erin"], "energy")
        draft = store.create(make_draft(load_library(SMALL)), "Ann")
        energy = next(c for c in draft.clauses() if c.area == "energy")
        draft = store.save(assemble.set_status(draft, energy.id, "bracketed"), 1, "Ann", "bracket").draft
        store.mark_round("demo", "R1", 1, author="Ann")
        edited = assemble.set_text(draft, energy.id, "The Participants intend to trade gas.")
        (folder / "edited.docx").write_bytes(export_bytes(edited.model_copy(update={"revision": 2})))
        store.close()
    yield folder


@pytest.fixture
def charter(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Return a runner of `charter --user NAME ...` on a fresh copy of the template database."""
    shutil.copy(template / "roles.db", tmp_path / "roles.db")
    shutil.copy(template / "edited.docx", tmp_path / "edited.docx")
    monkeypatch.setattr(accounts, "_hasher", CHEAP)
    monkeypatch.setattr("os.execve", lambda *args, **kwargs: None)  # serve would become Streamlit
    monkeypatch.setenv("CHARTER_DB", str(tmp_path / "roles.db"))
    monkeypatch.setenv("CHARTER_AUTHOR", "Somebody Else")
    store = Store(tmp_path / "roles.db")
    clauses = store.load("demo").clauses()
    energy = [c.id for c in clauses if c.area == "energy"]
    final = next(c.id for c in clauses if c.area == "final")

    def run(user: str, password: str, command: str) -> tuple[int, str, str]:
        words = command.format(dir=tmp_path, energy=energy[0], energy2=energy[1], final=final, self=user).split()
        monkeypatch.setenv("CHARTER_PASSWORD", password)
        monkeypatch.setattr(sys, "stdin", io.StringIO("Brand new password 1\n"))
        code = main(["--library", SMALL, "--user", user, *words])
        out, err = capsys.readouterr()
        return code, out, err

    run.store = store  # type: ignore[attr-defined]
    return run


def snapshot(store: Store) -> tuple[object, ...]:
    """Return what any refused command must leave as it was: drafts, heads, users and their roles."""
    drafts = [(d.name, d.head, d.archived) for d in store.drafts(include_archived=True)]
    return (drafts, [(u.name, u.role, u.areas) for u in accounts.users(store)])


@pytest.mark.parametrize("identity", list(IDENTITIES))
@pytest.mark.parametrize(("command", "codes"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_command_run_with_user_exits_as_the_role_allows(charter, command: str, codes: str, identity: str) -> None:
    user, password = IDENTITIES[identity]
    before = snapshot(charter.store)
    code, _, err = charter(user, password, command)
    assert code == expected(codes, identity), err
    if code == 4:
        assert err.count("\n") == 1 and "Traceback" not in err
        if identity in ("wrong password", "unknown user"):
            assert "wrong name or password" in err, err
        else:
            assert err.startswith(f"charter: {user} ") and " may " in err, err
        assert snapshot(charter.store) == before


def test_a_refusal_names_the_user_their_role_and_the_command(charter) -> None:
    code, _, err = charter("vic", PASSWORDS["vic"], "user add mallory --role admin --password-stdin")
    assert (code, err) == (4, "charter: vic is a viewer and may not run `charter user add`\n")
    assert "mallory" not in [u.name for u in accounts.users(charter.store)]


def test_user_changes_by_an_admin_are_audited_under_the_admin_not_the_local_owner(charter) -> None:
    for command in ("user add mallory --role viewer --password-stdin", "user passwd ed --password-stdin"):
        assert charter("admin", PASSWORDS["admin"], command)[0] == 0
    assert charter("admin", PASSWORDS["admin"], "user unlock ed")[0] == 0
    assert charter("admin", PASSWORDS["admin"], "user remove mallory")[0] == 0
    changes = [(e.user, e.action) for e in accounts.audit_log(charter.store) if e.action.startswith("user-")][-4:]
    assert changes == [("admin", f"user-{verb}") for verb in ("add", "passwd", "unlock", "remove")]


def test_a_comment_and_an_export_by_a_signed_in_user_carry_their_name_not_the_typed_author(charter, tmp_path) -> None:
    energy = next(c.id for c in charter.store.load("demo").clauses() if c.area == "energy")
    assert charter("ed", PASSWORDS["ed"], f"draft comment demo {energy} Noted. --author Bob")[0] == 0
    assert charter.store.load("demo").clause(energy).comments[-1].author == "ed"
    assert charter.store.history("demo")[-1].author == "ed"
    assert charter("vic", PASSWORDS["vic"], "export demo -o {dir}/out.docx")[0] == 0
    assert accounts.audit_log(charter.store)[-1].user == "vic"


def test_a_read_with_a_wrong_password_is_refused_and_audited_as_a_failed_sign_in(charter) -> None:
    code, out, err = charter("admin", "not the password", "audit")
    assert (code, out) == (4, "") and "wrong name or password" in err
    assert (accounts.audit_log(charter.store)[-1].user, accounts.audit_log(charter.store)[-1].action) == (
        "admin",
        "login-failed",
    )


def test_failed_sign_ins_never_lock_the_owner_out_and_unlock_clears_them(charter) -> None:
    for _ in range(accounts.FREE_FAILURES):
        assert charter("ed", "not the password", "draft list")[0] == 4
    assert charter("ed", PASSWORDS["ed"], "draft list")[0] == 0  # slowed, never locked
    assert charter("ed", "not the password", "draft list")[0] == 4
    assert charter("admin", PASSWORDS["admin"], "user unlock ed")[0] == 0
    assert charter("ed", PASSWORDS["ed"], "draft list")[0] == 0


def test_without_user_the_local_owner_may_still_run_admin_commands(charter, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Brand new password 1\n"))
    assert main(["user", "add", "owner-added", "--role", "viewer", "--password-stdin"]) == 0
    assert main(["audit", "--last", "1"]) == 0
    assert "(local owner)" in capsys.readouterr().out
