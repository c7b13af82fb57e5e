"""The embedded database: one SQLite file in WAL mode, one connection per thread."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from charter.errors import StoreError
from charter.store.backend import Tx
from charter.store.migrations import CURRENT, MIGRATIONS, current_version, migrate

#: Where the embedded database lives unless `--db` or CHARTER_DB says otherwise.
DEFAULT_DB = Path(os.environ.get("CHARTER_HOME", Path.home() / ".local" / "share" / "charter")) / "charter.db"


class SQLiteBackend:
    """Tables in one SQLite file; saves take the file's write lock (BEGIN IMMEDIATE)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else DEFAULT_DB
        memory = str(self.path) == ":memory:"
        self.location = str(self.path) if memory else str(self.path.resolve())
        self._local = threading.local()
        if not memory and not self.path.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"{self.path}: cannot create the database folder: {err.strerror or err}") from None
            if not os.access(self.path.parent, os.W_OK):
                raise StoreError(f"{self.path}: cannot create the database: its folder is not writable")
        self.read_only = not memory and self.path.exists() and not _writable(self.path)
        if self.read_only:
            with self.read() as tx:
                version = current_version_readonly(tx)
            if version != CURRENT:
                raise StoreError(
                    f"{self.path}: the database is read-only and at schema version {version}, not {CURRENT}; "
                    "open it once with write access to upgrade it"
                )
            return
        with self.write(failed="cannot open the database") as tx:
            version = current_version(tx.conn)
            if version > CURRENT:
                raise StoreError(
                    f"{self.path}: the database was written by a newer version of charter "
                    f"(schema {version}, this one knows {CURRENT}); upgrade charter"
                )
            migrate(tx.conn, MIGRATIONS)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                if self.read_only:
                    conn = sqlite3.connect(
                        _read_only_uri(self.path), uri=True, timeout=60, isolation_level=None, check_same_thread=False
                    )
                else:
                    conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=60000")
            except sqlite3.DatabaseError as err:
                raise StoreError(f"{self.path}: cannot open the database: {_cause(err, self.path)}") from None
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def write(self, failed: str = "the save failed and was undone") -> Iterator[Tx]:
        if self.read_only:
            raise StoreError(
                f"{self.path}: the database is read-only (no write permission on the file or its folder); "
                "nothing was saved"
            )
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot start a write: {_cause(err, self.path)}") from None
        try:
            yield Tx(conn)
        except sqlite3.DatabaseError as err:
            _roll_back(conn)
            raise StoreError(f"{self.path}: {failed}: {_cause(err, self.path)}") from None
        except BaseException:
            _roll_back(conn)
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as err:
                _roll_back(conn)
                raise StoreError(f"{self.path}: {failed}: {_cause(err, self.path)}") from None

    @contextmanager
    def read(self) -> Iterator[Tx]:
        conn = self._conn()
        try:
            conn.execute("BEGIN")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot read the database: {_cause(err, self.path)}") from None
        try:
            yield Tx(conn)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot read the database: {_cause(err, self.path)}") from None
        finally:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    def size_bytes(self) -> int:
        conn = self._conn()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        return int((page_count - free) * page_size)

    def backup(self, target: Path) -> None:
        """Copy the database with SQLite's online backup API (safe while others read and write)."""
        if target.exists():
            raise StoreError(f"{target}: already exists; choose a new file for the backup")
        try:
            destination = sqlite3.connect(target)
            with destination:
                self._conn().backup(destination)
            destination.close()
        except (sqlite3.DatabaseError, OSError) as err:
            target.unlink(missing_ok=True)
            raise StoreError(f"{target}: the backup failed: {_cause(err, target)}") from None

    def integrity(self) -> list[str]:
        try:
            rows = self._conn().execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as err:
            return [_cause(err, self.path)]
        found = [str(row[0]) for row in rows]
        return [] if found == ["ok"] else found


def current_version_readonly(tx: Tx) -> int:
    """Return the schema version of a database that may not be written (0 when it has none)."""
    exists = tx.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if exists is None:
        return 0
    return int(tx.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)


def _roll_back(conn: sqlite3.Connection) -> None:
    # SQLite undoes the transaction itself on some errors (a full disk at COMMIT, for one)
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.DatabaseError:
            pass


def _read_only_uri(path: Path) -> str:
    """Return the URI that opens a database for reading only.

    A database in WAL mode is read through a shared-memory file that SQLite creates next to it.
    In a folder this process may not write to, a database without a -wal file (so with no writer
    at work) is opened as immutable, which needs no such file. SQLite then takes no locks, so a
    change made meanwhile by someone who may write there can be missed or read half-done.
    """
    resolved = path.resolve()
    quoted = urllib.parse.quote(str(resolved))
    wal = resolved.with_name(resolved.name + "-wal")
    if not os.access(resolved.parent, os.W_OK) and not wal.exists():
        return f"file:{quoted}?mode=ro&immutable=1"
    return f"file:{quoted}?mode=ro"


def _writable(path: Path) -> bool:
    # the WAL and shared-memory files are created next to the database, so the folder counts too
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _cause(err: Exception, where: Path) -> str:
    text = str(err)
    if "disk is full" in text or "No space left" in text:
        return f"{text} (free some disk space and try again; the saved revisions are intact)"
    if "disk I/O" in text:
        # SQLite says "disk I/O error" when it cannot even grow its shared-memory file
        full = " because the disk is full" if _nearly_full(where) else ""
        return f"{text}{full} (free some disk space and try again; the saved revisions are intact)"
    if "malformed" in text or "not a database" in text:
        return f"{text} (run `charter db check`, and restore from a backup made with `charter db backup`)"
    if "readonly" in text or "read-only" in text:
        return f"{text} (the file or its folder is not writable)"
    return text


def _nearly_full(path: Path) -> bool:
    """Return True when the disk holding `path` has less room than one SQLite shared-memory file needs."""
    try:
        return shutil.disk_usage(path.resolve().parent).free < 64 * 1024
    except OSError:
        return False
