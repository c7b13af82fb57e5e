"""Users, passwords, throttled sign-in, and the audit log, kept in the store's database.

Sign-in never locks a name out (an attacker could lock out anyone): after a few failures each
further attempt on that name, known or not, waits longer before it is answered, and every failure
gets the same message after the same work. Password hashing happens outside any transaction, so
a flood of sign-ins never holds up saves, and repeated failures share one counted audit row.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from charter.access.roles import Role, User, check_delegation, parse_areas, require
from charter.errors import CharterError, NotFoundError, PermissionDenied

if TYPE_CHECKING:
    from charter.store import Store
    from charter.store.backend import Tx

#: Failed sign-ins in a row on one name that are answered at once; after them each attempt waits.
FREE_FAILURES = 5
#: The wait after FREE_FAILURES, doubling with each further failure, up to MAX_DELAY seconds.
FIRST_DELAY = 0.5
MAX_DELAY = 8.0
#: Repeated failures on one name within this window are counted in one audit row.
AUDIT_WINDOW = timedelta(minutes=10)
MIN_PASSWORD = 10

_hasher = PasswordHasher()
#: Verified against for names that do not exist, so that they cost the same time as real ones.
_DUMMY_HASH = _hasher.hash("not a password of anyone: " + "x" * 16)
#: Failures on names that do not exist, kept in memory only (bounded), so they are throttled too.
_unknown_failures: dict[tuple[str, str], int] = {}
_unknown_lock = threading.Lock()

#: What an organisational e-mail address must look like (checked loosely; the provider vouches for it).
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s.]{1,63}")
#: The password hash of a user who signs in only through their organisation (OpenID Connect).
NO_PASSWORD = ""

# A letter or digit first (never = + - @, which a spreadsheet reads as a formula), then letters,
# digits, spaces and . _ - ' @ only: no Markdown, no control or bidi characters.
_USER_NAME = re.compile(r"[^\W_][\w.@' -]{0,99}")


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    time: datetime
    user: str
    action: str
    target: str
    detail: str

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of `charter audit --json`."""
        return {
            "time": self.time.isoformat(),
            "user": self.user,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
        }


def _now() -> datetime:
    return datetime.now(UTC)


def _by(by: User | None) -> str:
    return by.name if by else "(local owner)"


def has_users(store: Store) -> bool:
    """Return True when at least one user exists (the app then requires sign-in)."""
    with store.backend.read() as tx:
        return tx.has_users()


def write_audit(tx: Tx, user: str, action: str, target: str = "", detail: str = "") -> None:
    """Append one audit entry inside the caller's transaction."""
    tx.audit(_now().isoformat(), user[:200], action, target[:200], detail[:500])


def audit_log(store: Store, limit: int | None = None) -> list[AuditEntry]:
    """Return the audit log, oldest first (the last `limit` entries when given)."""
    with store.backend.read() as tx:
        rows = tx.audit_rows()
    entries = [AuditEntry(datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4]) for r in rows]
    return entries[-limit:] if limit else entries


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise CharterError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1000:
        raise CharterError("a password may not be longer than 1,000 characters")


def _check_user_name(name: str) -> str:
    name = name.strip()
    if not _USER_NAME.fullmatch(name):
        raise CharterError(
            "a user name needs 1 to 100 letters, digits, spaces or . _ - ' @, and starts with a letter or digit"
        )
    return name


def check_email(email: str) -> str:
    """Return the address in lower case (the form it is stored and matched in); raise CharterError when malformed."""
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise CharterError(f"'{email[:100]}' is not an e-mail address")
    return email


def add_user(
    store: Store,
    name: str,
    role: Role | str,
    password: str | None,
    areas: str | tuple[str, ...] = (),
    by: User | None = None,
    email: str | None = None,
    delegation: str | None = None,
) -> User:
    """Create a user; only admins (or the local owner) may.

    `password` None makes a user who signs in only through their organisation, which needs an `email`.
    """
    require(by, Role.ADMIN, "manage users")
    name = _check_user_name(name)
    try:
        role = Role(role)
        area_list = parse_areas(areas) if isinstance(areas, str) else parse_areas(",".join(areas))
    except ValueError as err:
        raise CharterError(str(err)) from None
    address = check_email(email) if email else None
    delegation = check_delegation(delegation)
    if password is None and address is None:
        raise CharterError(f"user '{name}' needs a password, or an e-mail address to sign in with their organisation")
    if password is not None:
        _check_password(password)
    digest = _hasher.hash(password) if password is not None else NO_PASSWORD
    with store.backend.write() as tx:
        if tx.user(name) is not None:
            raise CharterError(f"user '{name}' already exists")
        _check_email_free(tx, address, name)
        tx.insert_user(name, role.value, json.dumps(list(area_list)), digest, _now().isoformat(), address, delegation)
        areas_note = f" areas {','.join(area_list)}" if area_list else ""
        email_note = f" email {address}" if address else ""
        delegation_note = f" delegation {delegation}" if delegation else ""
        write_audit(tx, _by(by), "user-add", name, f"role {role.value}{areas_note}{email_note}{delegation_note}")
    return User(name, role, area_list, delegation)


def _check_email_free(tx: Tx, email: str | None, name: str) -> None:
    holder = tx.user_by_email(email) if email else None
    if holder is not None and holder != name:
        raise CharterError(f"the e-mail address {email} is already linked to user '{holder}'")


def link_email(store: Store, name: str, email: str | None, by: User | None = None) -> None:
    """Record the organisational e-mail address a user signs in with, or none; admins only.

    Changing or removing it ends the user's sessions at their next rerun (see session_stamp).
    """
    require(by, Role.ADMIN, "manage users")
    address = check_email(email) if email else None
    with store.backend.write() as tx:
        row = tx.user(name)
        if row is None:
            raise NotFoundError(f"no user '{name}'")
        if address is None and row[3] == NO_PASSWORD:
            raise CharterError(f"user '{name}' has no password; set one with `charter user passwd` before unlinking")
        _check_email_free(tx, address, name)
        tx.update_user(name, email=address)
        write_audit(tx, _by(by), "user-link" if address else "user-unlink", name, address or "")


def set_password(store: Store, name: str, password: str, by: User | None = None) -> None:
    """Change a user's password (their own, or anyone's for an admin); their kept browser sign-ins end."""
    if by is not None and by.name != name:
        require(by, Role.ADMIN, "change another user's password")
    _check_password(password)
    digest = _hasher.hash(password)
    with store.backend.write() as tx:
        if not tx.update_user(name, password_hash=digest, failed=0, locked_until=None):
            raise NotFoundError(f"no user '{name}'")
        # a browser kept signed in with the old password must ask for the new one
        ended = tx.delete_web_sessions(owner=name)
        write_audit(tx, _by(by), "user-passwd", name, _ended(ended))


def unlock_user(store: Store, name: str, by: User | None = None) -> None:
    """Clear a user's failed sign-ins, so their next attempts are answered at once; admins only."""
    require(by, Role.ADMIN, "manage users")
    with store.backend.write() as tx:
        if not tx.update_user(name, failed=0, locked_until=None):
            raise NotFoundError(f"no user '{name}'")
        write_audit(tx, _by(by), "user-unlock", name)


def remove_user(store: Store, name: str, by: User | None = None) -> None:
    """Delete a user and end their kept browser sign-ins; their revisions and audit entries stay."""
    require(by, Role.ADMIN, "manage users")
    with store.backend.write() as tx:
        if not tx.delete_user(name):
            raise NotFoundError(f"no user '{name}'")
        ended = tx.delete_web_sessions(owner=name)
        write_audit(tx, _by(by), "user-remove", name, _ended(ended))


def _ended(kept: int) -> str:
    return f"ended {kept} kept browser sign-in{'s' if kept != 1 else ''}" if kept else ""


def users(store: Store) -> list[User]:
    """Return every user, by name."""
    with store.backend.read() as tx:
        rows = tx.users()
    return [User(r[0], Role(r[1]), tuple(json.loads(r[2])), r[4]) for r in rows]


def emails(store: Store) -> dict[str, str]:
    """Return the organisational e-mail address of every user who has one, by user name."""
    with store.backend.read() as tx:
        rows = tx.users()
    return {r[0]: r[3] for r in rows if r[3]}


def current_user(store: Store, user: User) -> User | None:
    """Return the user as the store holds them now (role and areas), or None when removed."""
    with store.backend.read() as tx:
        row = tx.user(user.name)
    return user_from_row(row) if row is not None else None


def session_stamp(store: Store, name: str) -> str | None:
    """Return a fingerprint of a user's role, areas, password and e-mail address, or None when the user is gone.

    A session keeps the stamp from its sign-in; when an admin removes the user, changes their
    role or areas, a password is changed or the e-mail address is relinked, the stamp changes
    and the session must end.
    """
    with store.backend.read() as tx:
        row = tx.user(name)
    if row is None:
        return None
    parts = (row[1], row[2], row[3], row[6] or "", row[7] or "")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def delay_after(failures: int) -> float:
    """Return how long an attempt waits after `failures` failed sign-ins in a row on its name."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - FREE_FAILURES)))


def sign_in(store: Store, name: str, password: str, sleep: Any = time.sleep) -> User:
    """Return the user when the password is right; otherwise raise PermissionDenied, always with one message.

    After FREE_FAILURES failures in a row on a name (whether or not it exists), each attempt on
    it first waits, doubling up to MAX_DELAY, so guessing is slow but nobody is locked out.
    """
    name = name[:200]
    with store.backend.read() as tx:
        row = tx.user(name)
    # a read-only database can record nothing, so there every name's failures count in this process
    in_memory = row is None or store.read_only
    if row is not None and not in_memory:
        failures = int(row[4] or 0)
    else:
        with _unknown_lock:
            failures = _unknown_failures.get((store.location, name), 0)
    wait = delay_after(failures)
    if wait:
        sleep(wait)
    # a user without a password (organisational sign-in only) costs the same work as a wrong password
    digest = row[3] if row is not None and row[3] != NO_PASSWORD else None
    try:
        ok = _hasher.verify(digest or _DUMMY_HASH, password[:1000]) and digest is not None
    except (VerificationError, InvalidHashError):
        ok = False
    now = _now()
    if not store.read_only:
        with store.backend.write() as tx:
            if ok:
                tx.update_user(name, failed=0, locked_until=None)
                write_audit(tx, name, "login")
            else:
                if row is not None:
                    tx.update_user(name, failed=failures + 1, locked_until=None)
                _count_failure(tx, name, now)
    if not ok:
        if in_memory:
            with _unknown_lock:
                if len(_unknown_failures) > 10_000:
                    _unknown_failures.clear()
                _unknown_failures[(store.location, name)] = failures + 1
        raise PermissionDenied("wrong name or password")
    assert row is not None
    if in_memory:
        with _unknown_lock:
            _unknown_failures.pop((store.location, name), None)
    return user_from_row(row)


def user_from_row(row: tuple[Any, ...]) -> User:
    """Return the user of a `Tx.user` row."""
    return User(row[0], Role(row[1]), tuple(json.loads(row[2])), row[7])


def set_delegation(store: Store, name: str, delegation: str | None, by: User | None = None) -> None:
    """Put a user in a delegation ("a", "b" or "chair"), or in none; only admins (or the local owner) may."""
    require(by, Role.ADMIN, "manage users")
    delegation = check_delegation(delegation)
    with store.backend.write() as tx:
        if not tx.update_user(name, delegation=delegation):
            raise NotFoundError(f"no user '{name}'")
        write_audit(tx, _by(by), "user-delegation", name, delegation or "none")


def _count_failure(tx: Tx, name: str, now: datetime) -> None:
    """Record a failed sign-in: a new audit row, or one more on the name's recent row."""
    since = (now - AUDIT_WINDOW).isoformat()
    recent = tx.latest_audit(name[:200], "login-failed", since)
    if recent is None:
        write_audit(tx, name, "login-failed", "", "1 attempt")
        return
    entry_id, detail = recent
    count = int(detail.split(" ", 1)[0]) if detail.split(" ", 1)[0].isdigit() else 1
    tx.update_audit(entry_id, f"{count + 1} attempts", now.isoformat())


def sign_out(store: Store, user: User) -> None:
    """Record a sign-out."""
    store.audit(user.name, "logout")
