"""The narrow interface between the store and a database: transactions over a few tables.

The store (service.py) holds the rules: content addressing, merging, permissions, the audit.
A backend only opens transactions; a transaction (Tx) reads and writes rows of nine tables:
objects, drafts, revisions, users, audit, working_copies, rounds, web_sessions and
schema_version. SQLite (embedded, the default) and PostgreSQL (several app instances on one
database) share the SQL below; their differences (placeholders, connections, schema types,
backup) live in sqlite.py and postgres.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

#: Tables in the order a copy must fill them (foreign keys first).
TABLES = ("objects", "drafts", "revisions", "users", "audit", "working_copies", "rounds", "web_sessions")

#: Columns of each table, as copied by `charter db copy`.
COLUMNS = {
    "objects": ("hash", "data"),
    "drafts": ("id", "name", "created", "archived", "head"),
    "revisions": ("draft_id", "number", "root", "author", "time", "message", "parent", "base", "delegation", "source"),
    "users": ("name", "role", "areas", "password_hash", "created", "failed", "locked_until", "email", "delegation"),
    "audit": ("time", "actor", "action", "target", "detail"),
    "working_copies": ("owner", "draft_id", "base", "data", "updated"),
    "rounds": ("draft_id", "name", "revision", "author", "time"),
    "web_sessions": ("token_hash", "owner", "stamp", "created", "expires"),
}

USER_FIELDS = frozenset({"role", "areas", "password_hash", "failed", "locked_until", "email", "delegation"})

#: A revision row: number, author, time, message, parent, base, delegation, source (JSON or None).
RevisionRow = tuple[int, str, str, str, int | None, int | None, str | None, str | None]


class Backend(Protocol):
    """A database the store can keep its tables in."""

    #: How messages name the database: a file path, or a URL without its password.
    location: str

    def read(self) -> AbstractContextManager[Tx]:
        """Return a read transaction (a consistent snapshot where the database offers one)."""
        ...

    def write(self) -> AbstractContextManager[Tx]:
        """Return a write transaction: committed on success, rolled back on any exception."""
        ...

    def close(self) -> None:
        """Close this thread's connection."""
        ...

    def size_bytes(self) -> int:
        """Return the bytes the stored data uses."""
        ...

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the database to `target`, or raise StoreError saying how instead."""
        ...

    def integrity(self) -> list[str]:
        """Return what the database itself reports as damaged (empty when sound)."""
        ...


class Tx:
    """One transaction: the only SQL the store runs, written once for both databases."""

    def __init__(self, conn: Any, placeholder: str = "?") -> None:
        self.conn = conn
        self._placeholder = placeholder

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self._placeholder != "?":
            sql = sql.replace("?", self._placeholder)
        return self.conn.execute(sql, tuple(params))

    # -- objects ---------------------------------------------------------------------------

    def get_objects(self, hashes: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(hashes), 500):
            chunk = list(hashes[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for digest, blob in self.execute(f"SELECT hash, data FROM objects WHERE hash IN ({marks})", chunk):
                found[digest] = bytes(blob)
        return found

    def put_object(self, digest: str, blob: bytes) -> None:
        self.execute("INSERT INTO objects (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING", (digest, blob))

    # -- drafts and revisions --------------------------------------------------------------

    def draft(self, name: str) -> tuple[str, int, bool] | None:
        row = self.execute("SELECT id, head, archived FROM drafts WHERE name = ?", (name,)).fetchone()
        return (row[0], int(row[1]), bool(row[2])) if row is not None else None

    def drafts(self) -> list[tuple[str, str, int, str, bool]]:
        rows = self.execute("SELECT name, id, head, created, archived FROM drafts ORDER BY name").fetchall()
        return [(r[0], r[1], int(r[2]), r[3], bool(r[4])) for r in rows]

    def insert_draft(self, draft_id: str, name: str, created: str, head: int) -> None:
        self.execute(
            "INSERT INTO drafts (id, name, created, archived, head) VALUES (?, ?, ?, 0, ?)",
            (draft_id, name, created, head),
        )

    def move_head(self, draft_id: str, old: int, new: int) -> bool:
        """Move the draft's head from `old` to `new`; return False when another save moved it first."""
        cursor = self.execute("UPDATE drafts SET head = ? WHERE id = ? AND head = ?", (new, draft_id, old))
        return bool(cursor.rowcount == 1)

    def set_archived(self, draft_id: str, archived: bool) -> None:
        self.execute("UPDATE drafts SET archived = ? WHERE id = ?", (int(archived), draft_id))

    def insert_revision(
        self, draft_id: str, number: int, root: str, author: str, time: str, message: str,
        parent: int | None, base: int | None, delegation: str | None = None, source: str | None = None,
    ) -> None:  # fmt: skip
        self.execute(
            "INSERT INTO revisions (draft_id, number, root, author, time, message, parent, base, delegation, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (draft_id, number, root, author, time, message, parent, base, delegation, source),
        )

    def revision_root(self, draft_id: str, number: int) -> str | None:
        row = self.execute("SELECT root FROM revisions WHERE draft_id = ? AND number = ?", (draft_id, number))
        found = row.fetchone()
        return str(found[0]) if found is not None else None

    def revisions(self, draft_id: str) -> list[RevisionRow]:
        return [
            tuple(r)  # type: ignore[misc]
            for r in self.execute(
                "SELECT number, author, time, message, parent, base, delegation, source FROM revisions"
                " WHERE draft_id = ? ORDER BY number",
                (draft_id,),
            ).fetchall()
        ]

    def copy_revisions(self, source_id: str, target_id: str) -> None:
        self.execute(
            "INSERT INTO revisions (draft_id, number, root, author, time, message, parent, base, delegation, source)"
            " SELECT ?, number, root, author, time, message, parent, base, delegation, source FROM revisions"
            " WHERE draft_id = ?",
            (target_id, source_id),
        )

    # -- rounds (named milestones of the negotiation) --------------------------------------

    def put_round(self, draft_id: str, name: str, revision: int, author: str, time: str) -> None:
        self.execute(
            "INSERT INTO rounds (draft_id, name, revision, author, time) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (draft_id, name) DO UPDATE SET revision = excluded.revision, author = excluded.author,"
            " time = excluded.time",
            (draft_id, name, revision, author, time),
        )

    def rounds(self, draft_id: str) -> list[tuple[str, int, str, str]]:
        """Return (name, revision, author, time) of every round of a draft, by revision then time."""
        rows = self.execute(
            "SELECT name, revision, author, time FROM rounds WHERE draft_id = ? ORDER BY revision, time", (draft_id,)
        ).fetchall()
        return [(str(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows]

    def delete_round(self, draft_id: str, name: str) -> bool:
        return bool(self.execute("DELETE FROM rounds WHERE draft_id = ? AND name = ?", (draft_id, name)).rowcount)

    def copy_rounds(self, source_id: str, target_id: str) -> None:
        self.execute(
            "INSERT INTO rounds (draft_id, name, revision, author, time)"
            " SELECT ?, name, revision, author, time FROM rounds WHERE draft_id = ?",
            (target_id, source_id),
        )

    # -- browser sign-ins kept in a cookie (only the token's hash is stored) ---------------

    def put_web_session(self, token_hash: str, owner: str, stamp: str, created: str, expires: str) -> None:
        self.execute(
            "INSERT INTO web_sessions (token_hash, owner, stamp, created, expires) VALUES (?, ?, ?, ?, ?)",
            (token_hash, owner, stamp, created, expires),
        )

    def web_session(self, token_hash: str) -> tuple[str, str, str] | None:
        """Return (owner, stamp, expires) of a kept sign-in, or None."""
        row = self.execute(
            "SELECT owner, stamp, expires FROM web_sessions WHERE token_hash = ?", (token_hash,)
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row is not None else None

    def delete_web_sessions(
        self, token_hash: str | None = None, owner: str | None = None, before: str | None = None
    ) -> int:
        """Delete one kept sign-in, every one of `owner`, or every one that expired before `before`."""
        if token_hash is not None:
            cursor = self.execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash,))
        elif owner is not None:
            cursor = self.execute("DELETE FROM web_sessions WHERE owner = ?", (owner,))
        elif before is not None:
            cursor = self.execute("DELETE FROM web_sessions WHERE expires < ?", (before,))
        else:
            raise ValueError("say which kept sign-ins to delete")
        return int(cursor.rowcount)

    # -- working copies (unsaved edits, kept so a reload or a crash loses nothing) ----------

    def put_working_copy(self, owner: str, draft_id: str, base: int, data: bytes, updated: str) -> None:
        self.execute(
            "INSERT INTO working_copies (owner, draft_id, base, data, updated) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (owner, draft_id) DO UPDATE SET base = excluded.base, data = excluded.data,"
            " updated = excluded.updated",
            (owner, draft_id, base, data, updated),
        )

    def working_copy(self, owner: str, draft_id: str) -> tuple[int, bytes, str] | None:
        row = self.execute(
            "SELECT base, data, updated FROM working_copies WHERE owner = ? AND draft_id = ?", (owner, draft_id)
        ).fetchone()
        return (int(row[0]), bytes(row[1]), str(row[2])) if row is not None else None

    def delete_working_copy(self, owner: str, draft_id: str) -> None:
        self.execute("DELETE FROM working_copies WHERE owner = ? AND draft_id = ?", (owner, draft_id))

    # -- audit -----------------------------------------------------------------------------

    def audit(self, time: str, actor: str, action: str, target: str, detail: str) -> None:
        self.execute(
            "INSERT INTO audit (time, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (time, actor, action, target, detail),
        )

    def latest_audit(self, actor: str, action: str, since: str) -> tuple[int, str] | None:
        """Return the id and detail of the newest entry of `actor` doing `action` at or after `since`."""
        row = self.execute(
            "SELECT id, detail FROM audit WHERE actor = ? AND action = ? AND time >= ? ORDER BY id DESC LIMIT 1",
            (actor, action, since),
        ).fetchone()
        return (int(row[0]), str(row[1])) if row is not None else None

    def update_audit(self, entry_id: int, detail: str, time: str) -> None:
        self.execute("UPDATE audit SET detail = ?, time = ? WHERE id = ?", (detail, time, entry_id))

    def audit_rows(self) -> list[tuple[str, str, str, str, str]]:
        return [tuple(r) for r in self.execute("SELECT time, actor, action, target, detail FROM audit ORDER BY id")]  # type: ignore[misc]

    # -- users -----------------------------------------------------------------------------

    def has_users(self) -> bool:
        return self.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def user(self, name: str) -> tuple[str, str, str, str, int, str | None, str | None, str | None] | None:
        row = self.execute(
            "SELECT name, role, areas, password_hash, failed, locked_until, email, delegation"
            " FROM users WHERE name = ?",
            (name,),
        ).fetchone()
        return tuple(row) if row is not None else None  # type: ignore[return-value]

    def user_by_email(self, email: str) -> str | None:
        row = self.execute("SELECT name FROM users WHERE email = ?", (email,)).fetchone()
        return str(row[0]) if row is not None else None

    def users(self) -> list[tuple[str, str, str, str | None, str | None]]:
        rows = self.execute("SELECT name, role, areas, email, delegation FROM users ORDER BY name")
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def insert_user(
        self, name: str, role: str, areas: str, password_hash: str, created: str, email: str | None = None,
        delegation: str | None = None,
    ) -> None:  # fmt: skip
        self.execute(
            "INSERT INTO users (name, role, areas, password_hash, created, email, delegation)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, role, areas, password_hash, created, email, delegation),
        )

    def update_user(self, name: str, **fields: Any) -> bool:
        unknown = set(fields) - USER_FIELDS
        if unknown:
            raise ValueError(f"unknown user fields {sorted(unknown)}")
        assignments = ", ".join(f"{key} = ?" for key in fields)
        cursor = self.execute(f"UPDATE users SET {assignments} WHERE name = ?", (*fields.values(), name))
        return bool(cursor.rowcount)

    def delete_user(self, name: str) -> bool:
        return bool(self.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount)

    # -- whole tables (copy between databases) ---------------------------------------------

    def rows(self, table: str) -> Iterator[tuple[Any, ...]]:
        columns = ", ".join(COLUMNS[table])
        order = "id" if table == "audit" else COLUMNS[table][0]
        for row in self.execute(f"SELECT {columns} FROM {table} ORDER BY {order}"):
            yield tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)

    def insert_rows(self, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
        columns = COLUMNS[table]
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        count = 0
        for row in rows:
            self.execute(sql, row)
            count += 1
        return count

    def count(self, table: str) -> int:
        return int(self.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
