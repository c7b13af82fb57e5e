"""Schema versions of the store, applied in order and recorded in `schema_version`.

SQLite files made by earlier versions step through 1, 2, 3, 4; a new PostgreSQL database starts
at version 3 in one step, then steps on. Both end with the same tables and columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            head INTEGER NOT NULL
        );
        CREATE TABLE objects (
            hash TEXT PRIMARY KEY,
            data BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE revisions (
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            number INTEGER NOT NULL,
            root TEXT NOT NULL REFERENCES objects (hash),
            author TEXT NOT NULL,
            time TEXT NOT NULL,
            message TEXT NOT NULL,
            parent INTEGER,
            base INTEGER,
            PRIMARY KEY (draft_id, number)
        ) WITHOUT ROWID;
        """,
    ),
    (
        2,
        """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            areas TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        );
        """,
    ),
    (
        3,
        # `user` is a reserved word in PostgreSQL; both databases call the column `actor`
        "ALTER TABLE audit RENAME COLUMN user TO actor",
    ),
    (
        4,
        """
        CREATE TABLE working_copies (
            owner TEXT NOT NULL,
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            base INTEGER NOT NULL,
            data BLOB NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (owner, draft_id)
        ) WITHOUT ROWID
        """,
    ),
]

POSTGRES_MIGRATIONS: list[tuple[int, str]] = [
    (
        3,
        """
        CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            head INTEGER NOT NULL
        );
        CREATE TABLE objects (
            hash TEXT PRIMARY KEY,
            data BYTEA NOT NULL
        );
        CREATE TABLE revisions (
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            number INTEGER NOT NULL,
            root TEXT NOT NULL REFERENCES objects (hash),
            author TEXT NOT NULL,
            time TEXT NOT NULL,
            message TEXT NOT NULL,
            parent INTEGER,
            base INTEGER,
            PRIMARY KEY (draft_id, number)
        );
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            areas TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT
        );
        CREATE TABLE audit (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            time TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        );
        """,
    ),
    (
        4,
        """
        CREATE TABLE working_copies (
            owner TEXT NOT NULL,
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            base INTEGER NOT NULL,
            data BYTEA NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (owner, draft_id)
        )
        """,
    ),
]

#: The schema version this code writes.
CURRENT = 4


def current_version(conn: Any) -> int:
    """Return the schema version recorded in the database (0 for a new file)."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied TEXT NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: Any, steps: list[tuple[int, str]] = MIGRATIONS, placeholder: str = "?") -> int:
    """Apply every migration newer than the database, inside the caller's transaction; return the version."""
    version = current_version(conn)
    for number, script in steps:
        if number <= version:
            continue
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)
        record = f"INSERT INTO schema_version (version, applied) VALUES ({placeholder}, {placeholder})"
        conn.execute(record, (number, datetime.now(UTC).isoformat()))
        version = number
    return version
