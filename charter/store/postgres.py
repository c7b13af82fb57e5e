"""PostgreSQL, for several app instances on one database: chosen by a postgresql:// URL.

psycopg 3 is used directly (no ORM): the store runs a dozen statements, all in backend.Tx, and
psycopg imports in a fraction of SQLAlchemy's time. Saves do not lock the draft while merging:
the store moves the head with a compare-and-set (`UPDATE ... WHERE head = old`) and retries when
another instance saved first, so concurrent saves from different servers never lose a revision.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from charter.errors import StoreError
from charter.store.backend import Tx
from charter.store.migrations import CURRENT, POSTGRES_MIGRATIONS, current_version, migrate

#: Lock id taken while migrating, so two instances starting together do not both create tables.
_MIGRATION_LOCK = 0x636861727465


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "a postgresql:// database needs the psycopg package: pip install 'charter[postgres]'"
        ) from None
    return psycopg


class PostgresBackend:
    """Tables in a PostgreSQL database; one connection per thread."""

    read_only = False

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = url
        self.location = re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
        self._local = threading.local()
        with self.write() as tx:
            tx.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            version = current_version(tx.conn)
            if version > CURRENT:
                raise StoreError(
                    f"{self.location}: the database was written by a newer version of charter "
                    f"(schema {version}, this one knows {CURRENT}); upgrade charter"
                )
            migrate(tx.conn, POSTGRES_MIGRATIONS, placeholder="%s")

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            psycopg = _psycopg()
            try:
                conn = psycopg.connect(self.url, connect_timeout=10, autocommit=True)
            except psycopg.Error as err:
                raise StoreError(f"{self.location}: cannot connect to the database: {_first_line(err)}") from None
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def write(self) -> Iterator[Tx]:
        psycopg = _psycopg()
        conn = self._conn()
        try:
            with conn.transaction():
                yield Tx(conn, "%s")
        except psycopg.Error as err:
            raise StoreError(f"{self.location}: the save failed and was undone: {_first_line(err)}") from None

    @contextmanager
    def read(self) -> Iterator[Tx]:
        psycopg = _psycopg()
        conn = self._conn()
        try:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield Tx(conn, "%s")
        except psycopg.Error as err:
            raise StoreError(f"{self.location}: cannot read the database: {_first_line(err)}") from None

    def size_bytes(self) -> int:
        with self.read() as tx:
            row = tx.execute(
                "SELECT SUM(pg_total_relation_size(c)) FROM unnest(ARRAY['objects','drafts','revisions']) AS c"
            ).fetchone()
        return int(row[0] or 0)

    def backup(self, target: Path) -> None:
        raise StoreError(
            f"{self.location}: back up a PostgreSQL database with its own tools, e.g. "
            f"`pg_dump --format=custom --file={target} DATABASE`; restore with pg_restore"
        )

    def integrity(self) -> list[str]:
        return []  # PostgreSQL checks its own pages; the store checks its objects (Store.check)


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]
