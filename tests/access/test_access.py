"""Roles, area limits, throttled sign-in and the audit log, enforced in charter/ itself."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from charter.access import accounts
from charter.access.roles import Role, User
from charter.drafting import assemble
from charter.errors import CharterError, PermissionDenied
from charter.store import Store
from charter.word import export_bytes
from tests.conftest import make_draft

PASSWORD = "correct horse battery"


@pytest.fixture
def members(store):
    accounts.add_user(store, "admin", "admin", PASSWORD)
    accounts.add_user(store, "vic", "viewer", PASSWORD)
    accounts.add_user(store, "ed", "editor", PASSWORD)
    accounts.add_user(store, "erin", "editor", PASSWORD, "energy")
    return {u.name: u for u in accounts.users(store)}


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


def test_a_viewer_cannot_save_restore_create_or_copy(store, saved_draft, members) -> None:
    vic = members["vic"]
    clause = saved_draft.clauses()[0]
    with pytest.raises(PermissionDenied, match="vic is a viewer"):
        store.save(assemble.set_status(saved_draft, clause.id, "agreed"), 1, "vic", "x", actor=vic)
    with pytest.raises(PermissionDenied):
        store.restore("demo", 1, "vic", actor=vic)
    with pytest.raises(PermissionDenied):
        store.create(saved_draft.model_copy(update={"name": "other"}), "vic", actor=vic)
    with pytest.raises(PermissionDenied):
        store.copy("demo", "copy", actor=vic)
    assert store.head("demo") == 1


def test_the_author_of_a_revision_is_the_signed_in_user_whatever_is_typed(store, saved_draft, members) -> None:
    clause = saved_draft.clauses()[0]
    store.save(assemble.set_status(saved_draft, clause.id, "agreed"), 1, "Somebody Else", "x", actor=members["ed"])
    assert store.history("demo")[-1].author == "ed"


def test_an_area_limited_editor_may_change_only_clauses_of_their_areas(store, saved_draft, members) -> None:
    erin = members["erin"]
    energy = next(c for c in saved_draft.clauses() if c.area == "energy")
    final = next(c for c in saved_draft.clauses() if c.area == "final")
    store.save(assemble.set_text(saved_draft, energy.id, "Energy text."), 1, "erin", "ok", actor=erin)
    with pytest.raises(PermissionDenied, match="touches final"):
        store.save(assemble.set_text(saved_draft, final.id, "Final text."), 1, "erin", "no", actor=erin)
    with pytest.raises(PermissionDenied, match="settings or sections"):
        store.save(assemble.update_settings(saved_draft, place="Paris"), 1, "erin", "no", actor=erin)
    with pytest.raises(PermissionDenied, match="may not restore"):
        store.restore("demo", 1, "erin", actor=erin)
    added, _ = assemble.add_custom(saved_draft, "final", "New", "New final clause.")
    with pytest.raises(PermissionDenied):
        store.save(added, 1, "erin", "no", actor=erin)
    assert store.head("demo") == 2


def test_a_clause_moved_to_another_section_touches_its_area_even_in_the_same_reading_order(store, saved_draft) -> None:
    index = next(i for i, s in enumerate(saved_draft.sections[:-1]) if s.clauses)
    clause = saved_draft.sections[index].clauses[-1]
    moved = assemble.move(saved_draft, clause.id, 1, saved_draft.sections[index + 1].id)
    assert [c.id for c in moved.clauses()] == [c.id for c in saved_draft.clauses()]
    other = next(area for area in ("energy", "final") if area != clause.area)
    accounts.add_user(store, "olga", "editor", PASSWORD, other)
    accounts.add_user(store, "mo", "editor", PASSWORD, clause.area)
    users = {u.name: u for u in accounts.users(store)}
    with pytest.raises(PermissionDenied, match=f"touches {clause.area}"):
        store.save(moved, 1, "olga", "move", actor=users["olga"])
    store.save(moved, 1, "mo", "move", actor=users["mo"])
    assert store.load("demo").find(clause.id)[0] == index + 1


def test_an_area_limited_editor_may_import_only_changes_inside_their_areas(store, saved_draft, members) -> None:
    from charter.word.import_edited import import_docx

    erin = members["erin"]
    final = next(c for c in saved_draft.clauses() if c.area == "final")
    edited = assemble.set_text(saved_draft, final.id, "A changed final clause.").model_copy(update={"revision": 1})
    data = export_bytes(edited)
    with pytest.raises(PermissionDenied):
        import_docx(store, "demo", data, author="erin", actor=erin)
    assert store.head("demo") == 1


def test_passwords_are_hashed_with_argon2_and_never_stored_in_clear(tmp_path) -> None:
    store = Store(tmp_path / "hashes.db")
    accounts.add_user(store, "ed", "editor", PASSWORD)
    store.close()
    rows = sqlite3.connect(store.path).execute("SELECT password_hash FROM users").fetchall()
    assert rows and all(row[0].startswith("$argon2") for row in rows)
    assert PASSWORD.encode() not in Path(store.path).read_bytes()


def test_sign_in_checks_the_password_with_one_message_for_every_failure(store, members) -> None:
    assert accounts.sign_in(store, "ed", PASSWORD) == User("ed", Role.EDITOR, ())
    messages = set()
    for name, password in (("ed", "wrong password!"), ("nobody", PASSWORD), ("admin", "")):
        with pytest.raises(PermissionDenied) as refused:
            accounts.sign_in(store, name, password, sleep=lambda _s: None)
        messages.add(str(refused.value))
    assert messages == {"wrong name or password"}


def test_repeated_failures_slow_a_name_down_but_never_lock_its_owner_out(store, members) -> None:
    waits: list[float] = []
    for _ in range(accounts.FREE_FAILURES + 3):
        with pytest.raises(PermissionDenied, match="wrong name or password"):
            accounts.sign_in(store, "admin", "a guess at it", sleep=waits.append)
    assert waits == [accounts.FIRST_DELAY, 2 * accounts.FIRST_DELAY, 4 * accounts.FIRST_DELAY]
    # the right password still works (after the wait), and resets the count
    assert accounts.sign_in(store, "admin", PASSWORD, sleep=waits.append).role == Role.ADMIN
    assert accounts.sign_in(store, "admin", PASSWORD, sleep=waits.append).role == Role.ADMIN
    assert len(waits) == 4


def test_unknown_names_are_slowed_like_known_ones_so_waits_do_not_reveal_which_exist(store, members) -> None:
    known: list[float] = []
    unknown: list[float] = []
    for _ in range(accounts.FREE_FAILURES + 2):
        with pytest.raises(PermissionDenied):
            accounts.sign_in(store, "vic", "a guess at it", sleep=known.append)
        with pytest.raises(PermissionDenied):
            accounts.sign_in(store, "no-such-member", "a guess at it", sleep=unknown.append)
    assert known == unknown and known


def test_an_admin_can_clear_a_names_failures(store, members) -> None:
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(PermissionDenied):
            accounts.sign_in(store, "ed", "a guess at it", sleep=lambda _s: None)
    with pytest.raises(PermissionDenied):
        accounts.unlock_user(store, "ed", by=members["vic"])
    accounts.unlock_user(store, "ed", by=members["admin"])
    waits: list[float] = []
    accounts.sign_in(store, "ed", PASSWORD, sleep=waits.append)
    assert waits == []


def test_repeated_failures_share_one_counted_audit_row(store, members) -> None:
    for _ in range(7):
        with pytest.raises(PermissionDenied):
            accounts.sign_in(store, "intruder", "a guess at it", sleep=lambda _s: None)
    failed = [e for e in accounts.audit_log(store) if e.action == "login-failed" and e.user == "intruder"]
    assert [e.detail for e in failed] == ["7 attempts"]


def test_only_admins_manage_users_and_short_passwords_are_refused(store, members) -> None:
    with pytest.raises(PermissionDenied):
        accounts.add_user(store, "mallory", "admin", PASSWORD, by=members["ed"])
    with pytest.raises(CharterError, match="at least"):
        accounts.add_user(store, "short", "viewer", "abc", by=members["admin"])
    with pytest.raises(CharterError, match="unknown area"):
        accounts.add_user(store, "x", "editor", PASSWORD, "space", by=members["admin"])
    accounts.set_password(store, "ed", "a brand new password", by=members["ed"])
    with pytest.raises(PermissionDenied):
        accounts.set_password(store, "vic", "a brand new password", by=members["ed"])


def test_the_audit_log_records_a_scripted_session(store, small_library) -> None:
    from charter.word.import_edited import import_docx

    accounts.add_user(store, "ann", "editor", PASSWORD)
    with pytest.raises(PermissionDenied):
        accounts.sign_in(store, "ann", "not the password")
    ann = accounts.sign_in(store, "ann", PASSWORD)
    draft = store.create(make_draft(small_library), "ann", actor=ann)
    clause = draft.clauses()[0]
    store.save(assemble.set_text(draft, clause.id, "Noting changes,"), 1, "ann", "edit", actor=ann)
    store.restore("demo", 1, "ann", actor=ann)
    edited = assemble.set_text(draft, clause.id, "Noting imports,")
    import_docx(store, "demo", export_bytes(edited), author="ann", actor=ann)
    store.audit("ann", "export", "demo", "revision 4, draft")
    accounts.remove_user(store, "ann")
    actions = [(e.user, e.action) for e in accounts.audit_log(store)]
    assert actions == [
        ("(local owner)", "user-add"),
        ("ann", "login-failed"),
        ("ann", "login"),
        ("ann", "create"),
        ("ann", "save"),
        ("ann", "restore"),
        ("ann", "import"),
        ("ann", "export"),
        ("(local owner)", "user-remove"),
    ]


def test_the_cli_acting_as_a_viewer_is_refused_with_exit_code_4(tmp_path, store, saved_draft, members) -> None:
    env = dict(os.environ, CHARTER_DB=str(store.path), CHARTER_PASSWORD=PASSWORD)
    clause = saved_draft.clauses()[0].id
    small = str(Path(__file__).parents[1] / "data" / "clauses" / "small")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "charter",
            "--library",
            small,
            "--user",
            "vic",
            "draft",
            "set-status",
            "demo",
            clause,
            "agreed",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 4 and "vic is a viewer" in result.stderr
    user_list = subprocess.run(
        [sys.executable, "-m", "charter", "user", "list", "--json"], env=env, capture_output=True, text=True, timeout=60
    )
    assert '"role": "viewer"' in user_list.stdout and PASSWORD not in user_list.stdout


def test_serving_beyond_localhost_is_refused_while_no_users_exist(tmp_path) -> None:
    env = dict(os.environ, CHARTER_DB=str(tmp_path / "empty.db"))
    result = subprocess.run(
        [sys.executable, "-m", "charter", "serve", "--host", "0.0.0.0", "--port", "9"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "refusing to serve on 0.0.0.0" in result.stderr


@pytest.mark.parametrize(
    "name", ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "ann\x1b[2J", "ann\u202e", "[phish](x)", "a:b", " ", "_x"]
)
def test_a_user_name_that_starts_like_a_formula_or_holds_markup_or_controls_is_refused(store, name) -> None:
    with pytest.raises(CharterError, match="a user name needs 1 to 100 letters"):
        accounts.add_user(store, name, "viewer", PASSWORD)
    assert accounts.users(store) == []


def test_user_names_may_hold_letters_of_any_script_digits_spaces_and_a_few_marks(store) -> None:
    for name in ["Ann Smith", "o'brien", "ann.lee@example.org", "Zəhra", "li_wei-2"]:
        accounts.add_user(store, name, "viewer", PASSWORD)
    assert len(accounts.users(store)) == 5


def test_an_admin_clears_a_names_failures_and_others_may_not(store, members) -> None:
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(PermissionDenied):
            accounts.sign_in(store, "ed", "wrong password!", sleep=lambda _s: None)
    with pytest.raises(PermissionDenied, match="ed is an editor and may not manage users"):
        accounts.unlock_user(store, "vic", by=members["ed"])
    accounts.unlock_user(store, "ed", by=members["admin"])
    assert accounts.audit_log(store)[-1].user == "admin" and accounts.audit_log(store)[-1].action == "user-unlock"
    assert accounts.sign_in(store, "ed", PASSWORD, sleep=pytest.fail).name == "ed"


def test_an_area_limited_editor_may_not_create_copy_or_archive_whole_drafts(store, members, small_library) -> None:
    from tests.conftest import make_draft

    store.create(make_draft(small_library), "Ann")
    erin = members["erin"]
    for attempt in (
        lambda: store.create(make_draft(small_library, "another"), "x", actor=erin),
        lambda: store.copy("demo", "demo-copy", actor=erin),
        lambda: store.archive("demo", actor=erin),
        lambda: store.archive("demo", False, actor=erin),
    ):
        with pytest.raises(PermissionDenied, match="only some areas"):
            attempt()
    assert [d.name for d in store.drafts()] == ["demo"]
    store.copy("demo", "demo-copy", actor=members["ed"])
    store.archive("demo-copy", actor=members["ed"])
