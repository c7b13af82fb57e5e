"""Kept browser sign-ins: a token that signs its user in again until it expires, is ended, or the account changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from charter.access import accounts
from charter.access.roles import Role, User
from charter.access.web_sessions import (
    CHANGED,
    EXPIRED,
    KEEP_FOR,
    Resumed,
    end_kept_sign_in,
    keep_sign_in,
    kept_sign_in,
    resume,
    still_kept,
    token_hash,
)
from charter.store import Store
from charter.store import sqlite as sqlite_backend

PASSWORD = "correct horse battery"
ROOT = User("root", Role.ADMIN, ())


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    accounts.add_user(any_store, "ed", "editor", PASSWORD, delegation="a")
    accounts.add_user(any_store, "vic", "viewer", PASSWORD)
    return any_store


def ed(store: Store) -> User:
    """Return ed as the store holds them now."""
    user = accounts.current_user(store, User("ed", Role.EDITOR))
    assert user is not None
    return user


def kept_rows(store: Store) -> list[tuple[str, str, str]]:
    with store.backend.read() as tx:
        rows = tx.execute("SELECT token_hash, owner, stamp FROM web_sessions ORDER BY owner").fetchall()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def test_a_kept_sign_in_signs_its_user_in_again_and_the_store_holds_only_the_tokens_hash(store) -> None:
    token = keep_sign_in(store, ed(store))
    assert token is not None and len(token) >= 43
    assert kept_sign_in(store, token) == ed(store)
    assert kept_sign_in(store, token) == ed(store), "a reload and a second tab resume alike"
    [(digest, owner, stamp)] = kept_rows(store)
    assert (digest, owner, stamp) == (token_hash(token), "ed", accounts.session_stamp(store, "ed"))
    assert token not in repr(kept_rows(store))
    log = accounts.audit_log(store)
    assert [e.action for e in log if e.user == "ed"][-3:] == ["session-keep", "session-resume", "session-resume"]
    assert not any(token in f"{e.target} {e.detail}" for e in log)


def test_every_sign_in_gets_its_own_token(store) -> None:
    first, second = keep_sign_in(store, ed(store)), keep_sign_in(store, ed(store))
    assert first != second
    assert kept_sign_in(store, first) == kept_sign_in(store, second) == ed(store)


def test_a_kept_sign_in_ends_when_its_lifetime_has_passed_and_is_deleted(store) -> None:
    start = datetime.now(UTC)
    token = keep_sign_in(store, ed(store), timedelta(hours=12), now=start)
    assert resume(store, token, now=start + timedelta(hours=11, minutes=59)).user == ed(store)
    assert still_kept(store, token, now=start + timedelta(hours=11, minutes=59))
    assert not still_kept(store, token, now=start + timedelta(hours=12)), "a live tab ends with it"
    assert resume(store, token, now=start + timedelta(hours=12)) == Resumed(None, EXPIRED)
    assert kept_rows(store) == []
    assert resume(store, token) == Resumed(None), "once deleted, the token is merely unknown"


def test_keeping_a_sign_in_prunes_the_expired_ones_of_everybody(store) -> None:
    long_ago = datetime.now(UTC) - KEEP_FOR - timedelta(minutes=1)
    keep_sign_in(store, ed(store), now=long_ago)
    old_vic = keep_sign_in(store, accounts.sign_in(store, "vic", PASSWORD), now=long_ago)
    fresh = keep_sign_in(store, ed(store))
    assert [row[0] for row in kept_rows(store)] == [token_hash(fresh)]
    assert kept_sign_in(store, old_vic) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda store: accounts.set_delegation(store, "ed", "b"),
        lambda store: accounts.link_email(store, "ed", "ed@example.org"),
    ],
    ids=["delegation", "email"],
)
def test_an_account_changed_since_no_longer_resumes_and_says_why(store, change) -> None:
    token = keep_sign_in(store, ed(store))
    change(store)
    assert resume(store, token) == Resumed(None, CHANGED)
    assert kept_rows(store) == []
    assert accounts.audit_log(store)[-1].action == "session-revoked"


@pytest.mark.parametrize(
    "change",
    [
        lambda store: accounts.remove_user(store, "ed", by=ROOT),
        lambda store: accounts.set_password(store, "ed", "another long password", by=ROOT),
        lambda store: (
            accounts.remove_user(store, "ed", by=ROOT),
            accounts.add_user(store, "ed", "editor", PASSWORD, by=ROOT, delegation="a"),
        ),
    ],
    ids=["removed", "password-changed", "removed-and-added-again"],
)
def test_removing_a_user_or_changing_their_password_ends_all_their_kept_sign_ins_at_once(store, change) -> None:
    tokens = [keep_sign_in(store, ed(store)) for _ in range(2)]
    vic = keep_sign_in(store, accounts.sign_in(store, "vic", PASSWORD))
    change(store)
    assert [owner for _, owner, _ in kept_rows(store)] == ["vic"]
    assert all(resume(store, token) == Resumed(None) for token in tokens)
    assert kept_sign_in(store, vic) is not None, "other users stay signed in"
    entry = next(e for e in reversed(accounts.audit_log(store)) if e.action in ("user-remove", "user-passwd"))
    assert entry.detail == "ended 2 kept browser sign-ins"


def test_signing_out_ends_only_that_kept_sign_in(store) -> None:
    here, elsewhere = keep_sign_in(store, ed(store)), keep_sign_in(store, ed(store))
    assert here is not None and elsewhere is not None
    end_kept_sign_in(store, here)
    assert not still_kept(store, here) and still_kept(store, elsewhere)
    assert kept_sign_in(store, here) is None
    assert kept_sign_in(store, elsewhere) == ed(store)
    end_kept_sign_in(store, here)  # twice, as from two tabs, is harmless


@pytest.mark.parametrize(
    "token",
    [None, "", "x", "A" * 43, "A" * 500, "not a token; Path=/", "ü" * 43, "../../etc/passwd-0123456789"],
    ids=["none", "empty", "short", "unknown", "long", "cookie-syntax", "non-ascii", "path"],
)
def test_an_unknown_or_malformed_token_signs_nobody_in_and_raises_nothing(store, token) -> None:
    keep_sign_in(store, ed(store))
    assert resume(store, token) == Resumed(None)
    end_kept_sign_in(store, token)
    assert len(kept_rows(store)) == 1


def test_a_read_only_database_keeps_and_resumes_nothing_and_does_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "charter.db"
    writable = Store(path)
    accounts.add_user(writable, "ed", "editor", PASSWORD)
    earlier = keep_sign_in(writable, accounts.sign_in(writable, "ed", PASSWORD))
    writable.close()
    monkeypatch.setattr(sqlite_backend, "_writable", lambda path: False)
    read_only = Store(path)
    assert read_only.read_only
    user = accounts.sign_in(read_only, "ed", PASSWORD)
    assert keep_sign_in(read_only, user) is None
    # a kept sign-in could not be ended here, so none resumes
    assert resume(read_only, earlier) == Resumed(None)
    assert not still_kept(read_only, str(earlier))
    end_kept_sign_in(read_only, earlier)
    read_only.close()
