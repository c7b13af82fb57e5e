"""Browser sign-ins kept across reloads: a random token in a cookie, only its SHA-256 in the store.

A password sign-in may be kept for a while (KEEP_FOR), so that a reload or a new tab of the same
browser is still signed in. The store holds the token's hash, never the token, with the account's
session stamp at sign-in (accounts.session_stamp): an account whose role, areas, password, e-mail
address or delegation changed since no longer resumes, and removing a user or changing a password
deletes all of their kept sign-ins at once. A read-only database keeps and resumes none, because
signing out there could not end one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from charter.access.accounts import session_stamp, user_from_row, write_audit
from charter.access.roles import User

if TYPE_CHECKING:
    from charter.store import Store

#: How long a kept browser sign-in lasts after the password was given; it does not slide with use.
KEEP_FOR = timedelta(hours=12)

#: What a token looks like: `secrets.token_urlsafe(32)` gives 43 of these characters.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")

#: Why a token the store knew no longer signs anyone in.
EXPIRED = "expired"
CHANGED = "changed"


@dataclass(frozen=True)
class Resumed:
    """What a kept sign-in's token gave: the user, or None with why (`ended`) when the store knew it."""

    user: User | None
    ended: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    # one fixed width, so that the database's text comparison orders moments correctly
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def token_hash(token: str) -> str:
    """Return the SHA-256 of a token, in hex: the only form the store keeps."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def keep_sign_in(store: Store, user: User, lifetime: timedelta = KEEP_FOR, now: datetime | None = None) -> str | None:
    """Return a new token that signs `user` in again until `lifetime` has passed, or None on a read-only store.

    Expired kept sign-ins of anyone are deleted on the way, so the table stays small.
    """
    if store.read_only:
        return None
    stamp = session_stamp(store, user.name)
    if stamp is None:
        return None
    moment = now or _now()
    token = secrets.token_urlsafe(32)
    hours = lifetime.total_seconds() / 3600
    with store.backend.write() as tx:
        tx.delete_web_sessions(before=_stamp(moment))
        tx.put_web_session(token_hash(token), user.name, stamp, _stamp(moment), _stamp(moment + lifetime))
        write_audit(tx, user.name, "session-keep", user.name, f"for {hours:g} hours")
    return token


def resume(store: Store, token: str | None, now: datetime | None = None) -> Resumed:
    """Return the user a kept sign-in's token stands for, and record the sign-in in the audit log.

    The user is None for a token the store does not know (or a malformed one, or on a read-only
    store); also, with `ended`, for one that expired or whose account changed since, which is then
    deleted.
    """
    if not token or not _TOKEN.fullmatch(token) or store.read_only:
        return Resumed(None)
    digest = token_hash(token)
    with store.backend.read() as tx:
        kept = tx.web_session(digest)
        row = tx.user(kept[0]) if kept is not None else None
    if kept is None:
        return Resumed(None)
    owner, stamp, expires = kept
    if datetime.fromisoformat(expires) <= (now or _now()):
        _delete(store, digest)
        return Resumed(None, EXPIRED)
    if row is None or session_stamp(store, owner) != stamp:
        _delete(store, digest, owner, "session-revoked", "the account changed or was removed since")
        return Resumed(None, CHANGED)
    with store.backend.write() as tx:
        write_audit(tx, owner, "session-resume", owner)
    return Resumed(user_from_row(row))


def kept_sign_in(store: Store, token: str | None) -> User | None:
    """Return the user a kept sign-in's token signs in, or None when it is unknown, expired or revoked."""
    return resume(store, token).user


def still_kept(store: Store, token: str, now: datetime | None = None) -> bool:
    """Return True while this token's kept sign-in holds: nobody signed out with it, and it has not expired."""
    if store.read_only:
        return False
    with store.backend.read() as tx:
        kept = tx.web_session(token_hash(token))
    return kept is not None and datetime.fromisoformat(kept[2]) > (now or _now())


def end_kept_sign_in(store: Store, token: str | None) -> None:
    """Delete the kept sign-in of a token, if there is one (signing out); nothing on a read-only store."""
    if token and _TOKEN.fullmatch(token) and not store.read_only:
        _delete(store, token_hash(token))


def _delete(store: Store, digest: str, owner: str = "", action: str = "", detail: str = "") -> None:
    with store.backend.write() as tx:
        tx.delete_web_sessions(token_hash=digest)
        if action:
            write_audit(tx, owner, action, owner, detail)
