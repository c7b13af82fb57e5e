"""Schema versions of the store, applied in order and recorded in `schema_version`.

SQLite files made by earlier versions step through 1, 2, 3, 4, 5, 6; a new PostgreSQL database starts
at version 3 in one step, then steps on. Both end with the same tables and columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Dialect:
    """What the two databases spell differently in the tables below."""

    #: The type of compressed JSON.
    blob: str
    #: An integer primary key the database numbers itself.
    serial_key: str
    #: What follows a table whose primary key is not one integer (SQLite stores those without a rowid).
    keyed_table: str


SQLITE = Dialect(blob="BLOB", serial_key="INTEGER PRIMARY KEY AUTOINCREMENT", keyed_table=" WITHOUT ROWID")
POSTGRES = Dialect(blob="BYTEA", serial_key="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", keyed_table="")

#: Every table once, as the current schema has it, with the words of `Dialect` as {fields}.
TABLES: dict[str, str] = {
    "drafts": """(
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            head INTEGER NOT NULL
        )""",
    "objects": """(
            hash TEXT PRIMARY KEY,
            data {blob} NOT NULL
        ){keyed_table}""",
    "revisions": """(
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            number INTEGER NOT NULL,
            root TEXT NOT NULL REFERENCES objects (hash),
            author TEXT NOT NULL,
            time TEXT NOT NULL,
            message TEXT NOT NULL,
            parent INTEGER,
            base INTEGER,
            PRIMARY KEY (draft_id, number)
        ){keyed_table}""",
    "users": """(
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            areas TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT
        )""",
    "audit": """(
            id {serial_key},
            time TEXT NOT NULL,
            {actor} TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        )""",
    "working_copies": """(
            owner TEXT NOT NULL,
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            base INTEGER NOT NULL,
            data {blob} NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (owner, draft_id)
        ){keyed_table}""",
    # a named milestone of the negotiation on one revision ("Round 2, Baku")
    "rounds": """(
            draft_id TEXT NOT NULL REFERENCES drafts (id),
            name TEXT NOT NULL,
            revision INTEGER NOT NULL,
            author TEXT NOT NULL,
            time TEXT NOT NULL,
            PRIMARY KEY (draft_id, name)
        ){keyed_table}""",
    # a browser sign-in kept in a cookie: only the token's SHA-256 is stored, with the account's
    # session stamp at sign-in, so a changed or removed account ends it
    "web_sessions": """(
            token_hash TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            stamp TEXT NOT NULL,
            created TEXT NOT NULL,
            expires TEXT NOT NULL
        ){keyed_table}""",
}


def create_tables(dialect: Dialect, *tables: str, actor: str = "actor") -> str:
    """Return the CREATE TABLE statements of `tables` in `dialect`, separated by semicolons.

    `actor` names the audit table's user column, which schema 2 called `user`.
    """
    words = {"blob": dialect.blob, "serial_key": dialect.serial_key, "keyed_table": dialect.keyed_table}
    return ";\n".join(f"CREATE TABLE {table} {TABLES[table].format(actor=actor, **words)}" for table in tables)


#: Step 5, the same in both databases: the organisational e-mail address a user signs in with
#: (OpenID Connect), stored in lower case, at most one user per address.
USER_EMAIL = "ALTER TABLE users ADD COLUMN email TEXT; CREATE UNIQUE INDEX users_email ON users (email)"


#: Step 6, the negotiation between delegations: the delegation a user belongs to ("a", "b" or
#: "chair"), the delegation each revision was saved by and where its changes came from (JSON: the
#: counterpart's delegation, a reviewed file's name and hash), rounds, and kept browser sign-ins.
def _negotiation(dialect: Dialect) -> str:
    return ";\n".join(
        (
            "ALTER TABLE users ADD COLUMN delegation TEXT",
            "ALTER TABLE revisions ADD COLUMN delegation TEXT",
            "ALTER TABLE revisions ADD COLUMN source TEXT",
            create_tables(dialect, "rounds", "web_sessions"),
        )
    )


#: The SQLite steps, as every earlier version of charter applied them.
MIGRATIONS: list[tuple[int, str]] = [
    (1, create_tables(SQLITE, "drafts", "objects", "revisions")),
    (2, create_tables(SQLITE, "users", "audit", actor="user")),
    # `user` is a reserved word in PostgreSQL; both databases call the column `actor`
    (3, "ALTER TABLE audit RENAME COLUMN user TO actor"),
    (4, create_tables(SQLITE, "working_copies")),
    (5, USER_EMAIL),
    (6, _negotiation(SQLITE)),
]

#: The PostgreSQL steps: a new database starts at version 3 with the tables of 1 to 3, then steps on.
POSTGRES_MIGRATIONS: list[tuple[int, str]] = [
    (3, create_tables(POSTGRES, "drafts", "objects", "revisions", "users", "audit")),
    (4, create_tables(POSTGRES, "working_copies")),
    (5, USER_EMAIL),
    (6, _negotiation(POSTGRES)),
]

#: The schema version this code writes.
CURRENT = 6


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
