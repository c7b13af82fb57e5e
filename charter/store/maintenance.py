"""Operating a store: schema version, copying between databases, checking, backing up."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from charter.errors import CharterError, StoreError
from charter.store.backend import TABLES
from charter.store.migrations import CURRENT
from charter.store.service import Store
from charter.store.trees import object_hash


@dataclass
class CheckReport:
    """What `charter db check` found: per-table row counts and every problem, named."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    revisions_read: int = 0


def schema_version(store: Store) -> int:
    """Return the schema version of an opened (and so migrated) store."""
    with store.backend.read() as tx:
        return int(tx.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of `source` into the empty `target` in one transaction; return rows per table."""
    with target.backend.read() as tx:
        filled = [table for table in TABLES if tx.count(table)]
    if filled:
        raise CharterError(f"{target.location}: the target database is not empty ({', '.join(filled)}); nothing copied")
    counts: dict[str, int] = {}
    with source.backend.read() as reading, target.backend.write() as writing:
        for table in TABLES:
            counts[table] = writing.insert_rows(table, reading.rows(table))
    return counts


def check_store(store: Store) -> CheckReport:
    """Check the database's own integrity, that every object hashes to its key, then read every revision."""
    report = CheckReport()
    report.problems.extend(f"database: {line}" for line in store.backend.integrity())
    try:
        with store.backend.read() as tx:
            report.counts = {table: tx.count(table) for table in TABLES}
    except StoreError as err:
        report.problems.append(str(err))
        return report
    with store.backend.read() as tx:
        for digest, blob in tx.rows("objects"):
            try:
                payload = zlib.decompress(blob)
            except zlib.error:
                report.problems.append(f"object {digest}: cannot be decompressed")
                continue
            if object_hash(payload) != digest:
                report.problems.append(f"object {digest}: its content hashes to {object_hash(payload)}, not its key")
    for info in store.drafts(include_archived=True):
        for revision in range(1, info.head + 1):
            try:
                store.load(info.name, revision)
                report.revisions_read += 1
            except CharterError as err:
                report.problems.append(f"draft '{info.name}' revision {revision}: {err}")
            finally:
                store.clear_cache()
    return report


def backup_store(store: Store, target: Path) -> None:
    """Write a consistent copy of the store to `target` (SQLite), or explain the database's own tool."""
    store.backend.backup(target)


__all__ = ["CURRENT", "CheckReport", "backup_store", "check_store", "copy_store", "schema_version"]
