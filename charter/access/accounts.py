"""Users, passwords, sign-in with lockout, and the audit log, kept in the store's database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from charter.access.roles import Role, User, parse_areas, require
from charter.errors import CharterError, NotFoundError, PermissionDenied
from charter.store import Store

#: Failed sign-ins in a row after which a name is locked out, and for how long.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD = 10

_hasher = PasswordHasher()

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


def has_users(store: Store) -> bool:
    """Return True when at least one user exists (the app then requires sign-in)."""
    with store._read() as conn:
        return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def write_audit(conn: Any, user: str, action: str, target: str = "", detail: str = "") -> None:
    """Append one audit entry inside the caller's transaction."""
    Store._audit(conn, user, action, target, detail)


def audit_log(store: Store, limit: int | None = None) -> list[AuditEntry]:
    """Return the audit log, oldest first (the last `limit` entries when given)."""
    with store._read() as conn:
        rows = conn.execute("SELECT time, user, action, target, detail FROM audit ORDER BY id").fetchall()
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


def add_user(
    store: Store,
    name: str,
    role: Role | str,
    password: str,
    areas: str | tuple[str, ...] = (),
    by: User | None = None,
) -> User:
    """Create a user with a hashed password; only admins (or the local owner) may."""
    require(by, Role.ADMIN, "manage users")
    name = _check_user_name(name)
    try:
        role = Role(role)
        area_list = parse_areas(areas) if isinstance(areas, str) else parse_areas(",".join(areas))
    except ValueError as err:
        raise CharterError(str(err)) from None
    _check_password(password)
    digest = _hasher.hash(password)
    with store._write() as conn:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise CharterError(f"user '{name}' already exists")
        conn.execute(
            "INSERT INTO users (name, role, areas, password_hash, created, failed, locked_until)"
            " VALUES (?, ?, ?, ?, ?, 0, NULL)",
            (name, role.value, json.dumps(list(area_list)), digest, _now().isoformat()),
        )
        areas_note = f" areas {','.join(area_list)}" if area_list else ""
        write_audit(conn, by.name if by else "(local owner)", "user-add", name, f"role {role.value}{areas_note}")
    return User(name, role, area_list)


def set_password(store: Store, name: str, password: str, by: User | None = None) -> None:
    """Change a user's password (their own, or anyone's for an admin)."""
    if by is not None and by.name != name:
        require(by, Role.ADMIN, "change another user's password")
    _check_password(password)
    digest = _hasher.hash(password)
    with store._write() as conn:
        changed = conn.execute(
            "UPDATE users SET password_hash = ?, failed = 0, locked_until = NULL WHERE name = ?", (digest, name)
        ).rowcount
        if not changed:
            raise NotFoundError(f"no user '{name}'")
        write_audit(conn, by.name if by else "(local owner)", "user-passwd", name)


def remove_user(store: Store, name: str, by: User | None = None) -> None:
    """Delete a user; their revisions and audit entries stay."""
    require(by, Role.ADMIN, "manage users")
    with store._write() as conn:
        if not conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount:
            raise NotFoundError(f"no user '{name}'")
        write_audit(conn, by.name if by else "(local owner)", "user-remove", name)


def unlock_user(store: Store, name: str, by: User | None = None) -> None:
    """Clear a name's failed sign-ins and lockout; only admins (or the local owner) may."""
    require(by, Role.ADMIN, "manage users")
    with store._write() as conn:
        if not conn.execute("UPDATE users SET failed = 0, locked_until = NULL WHERE name = ?", (name,)).rowcount:
            raise NotFoundError(f"no user '{name}'")
        write_audit(conn, by.name if by else "(local owner)", "user-unlock", name)


def users(store: Store) -> list[User]:
    """Return every user, by name."""
    with store._read() as conn:
        rows = conn.execute("SELECT name, role, areas FROM users ORDER BY name").fetchall()
    return [User(r[0], Role(r[1]), tuple(json.loads(r[2]))) for r in rows]


def sign_in(store: Store, name: str, password: str) -> User:
    """Return the user when the password is right; count failures and lock the name out after too many."""
    now = _now()
    with store._write() as conn:
        row = conn.execute(
            "SELECT role, areas, password_hash, failed, locked_until FROM users WHERE name = ?", (name,)
        ).fetchone()
        if row is not None and row[4] and datetime.fromisoformat(row[4]) > now:
            write_audit(conn, name, "login-refused", "", "locked out")
            minutes = max(1, int((datetime.fromisoformat(row[4]) - now).total_seconds() // 60) + 1)
            raise PermissionDenied(f"too many failed sign-ins for '{name}'; try again in {minutes} minute(s)")
        ok = False
        if row is not None:
            try:
                ok = _hasher.verify(row[2], password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            _hasher.hash(password[:1000])  # spend the same time whether or not the name exists
        if not ok:
            if row is not None:
                failed = row[3] + 1
                locked = (now + LOCKOUT).isoformat() if failed >= MAX_FAILURES else None
                conn.execute(
                    "UPDATE users SET failed = ?, locked_until = ? WHERE name = ?",
                    (0 if locked else failed, locked, name),
                )
            write_audit(conn, name[:100], "login-failed")
            failure = PermissionDenied("wrong name or password")
        else:
            conn.execute("UPDATE users SET failed = 0, locked_until = NULL WHERE name = ?", (name,))
            write_audit(conn, name, "login")
            failure = None
    if failure is not None:
        raise failure
    assert row is not None
    return User(name, Role(row[0]), tuple(json.loads(row[1])))


def sign_out(store: Store, user: User) -> None:
    """Record a sign-out."""
    store.audit(user.name, "logout")
