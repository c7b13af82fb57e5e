"""The versioned store: drafts, immutable revisions and content-addressed clause trees in SQLite."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charter.access.roles import Role, User, check_edit, require
from charter.compare.merge import merge_drafts
from charter.drafting.model import Draft, DraftClause, Section, Settings
from charter.errors import DraftError, NotFoundError, PermissionDenied, StoreError
from charter.store.migrations import migrate

#: Where the embedded database lives unless `--db` or CHARTER_DB says otherwise.
DEFAULT_DB = Path(os.environ.get("CHARTER_HOME", Path.home() / ".local" / "share" / "charter")) / "charter.db"

_NAME = re.compile(r"^[\w][\w .()-]{0,99}$")


@dataclass(frozen=True)
class RevisionInfo:
    """Who saved a revision, when, why, and on top of what."""

    revision: int
    author: str
    time: datetime
    message: str
    parent: int | None
    base: int | None

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape used by `charter draft log --json`."""
        return {
            "revision": self.revision,
            "author": self.author,
            "time": self.time.isoformat(),
            "message": self.message,
            "parent": self.parent,
            "base": self.base,
        }


@dataclass(frozen=True)
class DraftInfo:
    """A draft's name, id, head revision and whether it is archived."""

    name: str
    id: str
    head: int
    created: datetime
    archived: bool


@dataclass(frozen=True)
class SaveResult:
    """The outcome of a save: the new revision, and whether it was merged onto a newer head."""

    revision: int
    base: int
    parent: int
    merged: bool
    draft: Draft


def check_name(name: str) -> str:
    """Return a draft name unchanged, or raise DraftError if it could be unsafe as a file name."""
    if not _NAME.match(name) or ".." in name:
        raise DraftError(
            f"invalid draft name {name!r}: use up to 100 letters, digits, spaces, '.', '-', '_' or brackets, "
            "starting with a letter or digit"
        )
    return name


def canonical(data: Any) -> bytes:
    """Return the canonical JSON bytes that an object's hash is computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def object_hash(payload: bytes) -> str:
    """Return the content address of a canonical JSON payload."""
    return hashlib.sha256(payload).hexdigest()[:32]


def clause_hash(clause: DraftClause) -> str:
    """Return the content hash of a clause's state."""
    return object_hash(canonical(clause.model_dump(mode="json")))


class Store:
    """Drafts and their revisions in one SQLite file (WAL mode, one transaction per save)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else DEFAULT_DB
        self._local = threading.local()
        # Both caches hold immutable values keyed by content hash, so sharing them is safe.
        self._cache: dict[str, Any] = {}
        self._clauses: dict[str, DraftClause] = {}
        # Hashes of clause states seen here, and objects known to be committed, so that a save
        # serialises and writes only what changed.
        self._hash_of: dict[DraftClause, str] = {}
        self._stored: set[str] = set()
        self._cache_lock = threading.Lock()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._write() as conn:
            migrate(conn)

    # -- connections -------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=60000")
            except sqlite3.DatabaseError as err:
                raise StoreError(f"{self.path}: cannot open the database: {err}") from None
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot start a write: {err}") from None
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    # -- objects -------------------------------------------------------------

    def _put(self, conn: sqlite3.Connection, data: Any, written: set[str]) -> str:
        payload = canonical(data)
        digest = object_hash(payload)
        self._insert(conn, digest, payload, written)
        return digest

    def _insert(self, conn: sqlite3.Connection, digest: str, payload: bytes, written: set[str]) -> None:
        if digest in self._stored or digest in written:
            return
        conn.execute(
            "INSERT INTO objects (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
            (digest, zlib.compress(payload, 6)),
        )
        written.add(digest)

    def _put_clause(self, conn: sqlite3.Connection, clause: DraftClause, written: set[str]) -> str:
        digest = self._hash_of.get(clause)
        if digest is not None and digest in self._stored:
            return digest
        payload = canonical(clause.model_dump(mode="json"))
        digest = object_hash(payload)
        self._insert(conn, digest, payload, written)
        if len(self._hash_of) > 50_000:
            self._hash_of = {}
        self._hash_of[clause] = digest
        return digest

    def _committed(self, written: set[str]) -> None:
        if len(self._stored) > 200_000:
            self._stored = set()
        self._stored |= written

    def _get_many(
        self, conn: sqlite3.Connection, hashes: list[str], known: dict[str, DraftClause] | None = None
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        missing = [digest for digest in dict.fromkeys(hashes) if not known or digest not in known]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for digest, blob in conn.execute(f"SELECT hash, data FROM objects WHERE hash IN ({marks})", chunk):
                found[digest] = json.loads(zlib.decompress(blob))
        absent = [h for h in missing if h not in found]
        if absent:
            raise StoreError(f"{self.path}: stored object {absent[0]} is missing; the database is damaged")
        return found

    def _put_tree(self, conn: sqlite3.Connection, draft: Draft, written: set[str]) -> str:
        section_hashes = []
        for section in draft.sections:
            clause_hashes = [self._put_clause(conn, clause, written) for clause in section.clauses]
            chunks = [
                self._put(conn, chunk, written) for chunk in _chunks([c.id for c in section.clauses], clause_hashes)
            ]
            shape: dict[str, Any] = {"id": section.id, "title": section.title, "areas": list(section.areas)}
            if section.lead_in:  # written only when set, so sections without one keep their stored hash
                shape["lead_in"] = section.lead_in
            section_hashes.append(self._put(conn, {**shape, "chunks": chunks}, written))
        settings = self._put(conn, draft.settings.model_dump(mode="json"), written)
        return self._put(conn, {"settings": settings, "sections": section_hashes}, written)

    def _get_tree(self, conn: sqlite3.Connection, root: str) -> tuple[Settings, tuple[Section, ...]]:
        cached = self._cache.get("tree:" + root)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        known = self._clauses
        top = self._get_many(conn, [root])[root]
        section_data = self._get_many(conn, [*top["sections"], top["settings"]])
        chunk_data = self._get_many(conn, [h for s in top["sections"] for h in section_data[s]["chunks"]])
        members = {s: [c for h in section_data[s]["chunks"] for c in chunk_data[h]] for s in top["sections"]}
        wanted = [h for s in top["sections"] for h in members[s]]
        clause_data = self._get_many(conn, wanted, known)  # skips clauses already decoded
        clauses: dict[str, DraftClause] = {}
        for digest in wanted:
            if digest not in clauses:
                clause = known.get(digest)
                if clause is None:
                    clause = DraftClause.model_validate(clause_data[digest])
                clauses[digest] = clause
                self._hash_of[clause] = digest
        sections = tuple(
            Section(
                id=section_data[s]["id"],
                title=section_data[s]["title"],
                areas=tuple(section_data[s]["areas"]),
                clauses=tuple(clauses[h] for h in members[s]),
                lead_in=section_data[s].get("lead_in", ""),
            )
            for s in top["sections"]
        )
        tree = (Settings.model_validate(section_data[top["settings"]]), sections)
        with self._cache_lock:
            if len(self._cache) > 64:
                self._cache = {}
            if len(self._clauses) > 20_000:
                self._clauses = {}
            self._cache["tree:" + root] = tree
            self._clauses.update(clauses)
            self._stored.update(clauses)
        return tree

    # -- drafts --------------------------------------------------------------

    def _draft_row(self, conn: sqlite3.Connection, name: str) -> tuple[str, int]:
        row = conn.execute("SELECT id, head FROM drafts WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFoundError(f"no draft named '{name}'")
        return row[0], row[1]

    def exists(self, name: str) -> bool:
        """Return True when a draft with this name exists."""
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM drafts WHERE name = ?", (name,)).fetchone() is not None

    def create(self, draft: Draft, author: str, message: str = "New draft", actor: User | None = None) -> Draft:
        """Store a new draft as revision 1 and return it; raise DraftError if the name is taken."""
        require(actor, Role.EDITOR, "create drafts")
        if actor is not None:
            author = actor.name
        name = check_name(draft.name)
        _check_author(author)
        draft_id = os.urandom(8).hex()
        now = _now()
        written: set[str] = set()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM drafts WHERE name = ?", (name,)).fetchone():
                raise DraftError(f"a draft named '{name}' already exists")
            conn.execute(
                "INSERT INTO drafts (id, name, created, archived, head) VALUES (?, ?, ?, 0, 1)",
                (draft_id, name, now.isoformat()),
            )
            root = self._put_tree(conn, draft, written)
            conn.execute(
                "INSERT INTO revisions (draft_id, number, root, author, time, message, parent, base)"
                " VALUES (?, 1, ?, ?, ?, ?, NULL, NULL)",
                (draft_id, root, author, now.isoformat(), message),
            )
            self._audit(conn, author, "create", name, "revision 1")
        self._committed(written)
        return draft.model_copy(update={"draft_id": draft_id, "revision": 1})

    def drafts(self, include_archived: bool = False) -> list[DraftInfo]:
        """Return every draft, by name."""
        with self._read() as conn:
            rows = conn.execute("SELECT name, id, head, created, archived FROM drafts ORDER BY name").fetchall()
        return [
            DraftInfo(r[0], r[1], r[2], datetime.fromisoformat(r[3]), bool(r[4]))
            for r in rows
            if include_archived or not r[4]
        ]

    def head(self, name: str) -> int:
        """Return the number of the draft's newest revision."""
        with self._read() as conn:
            return self._draft_row(conn, name)[1]

    def load(self, name: str, revision: int | None = None) -> Draft:
        """Return the draft as it stood at `revision` (the head when None)."""
        with self._read() as conn:
            draft_id, head = self._draft_row(conn, name)
            return self._load(conn, name, draft_id, revision or head)

    def _load(self, conn: sqlite3.Connection, name: str, draft_id: str, revision: int) -> Draft:
        row = conn.execute(
            "SELECT root FROM revisions WHERE draft_id = ? AND number = ?", (draft_id, revision)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"draft '{name}' has no revision {revision}")
        settings, sections = self._get_tree(conn, row[0])
        return Draft(name=name, draft_id=draft_id, revision=revision, settings=settings, sections=sections)

    def history(self, name: str) -> list[RevisionInfo]:
        """Return every revision of a draft, oldest first."""
        with self._read() as conn:
            draft_id, _ = self._draft_row(conn, name)
            rows = conn.execute(
                "SELECT number, author, time, message, parent, base FROM revisions WHERE draft_id = ? ORDER BY number",
                (draft_id,),
            ).fetchall()
        return [RevisionInfo(r[0], r[1], datetime.fromisoformat(r[2]), r[3], r[4], r[5]) for r in rows]

    def save(
        self,
        draft: Draft,
        base: int,
        author: str,
        message: str,
        resolutions: Mapping[str, str] | None = None,
        actor: User | None = None,
        action: str = "save",
    ) -> SaveResult:
        """Save `draft`, edited from revision `base`, as a new revision.

        When the head has moved past `base`, the edit is merged clause by clause onto the head;
        overlapping edits raise ConflictError and nothing is saved, unless `resolutions` settles
        them (see `merge_drafts`). With an `actor` (a signed-in user), the author is that user,
        and the change must be within what their role and areas allow; without one, the caller
        is the local owner of the database file.
        """
        if actor is not None:
            author = actor.name
            require(actor, Role.EDITOR, "save revisions")
        _check_author(author)
        if len(message) > 2_000:
            raise DraftError("the save message is longer than 2,000 characters")
        written: set[str] = set()
        with self._write() as conn:
            draft_id, head = self._draft_row(conn, draft.name)
            if base < 1 or base > head:
                raise DraftError(f"draft '{draft.name}' has no revision {base} to base a save on (head is {head})")
            to_store = draft
            merged = False
            if actor is not None:
                check_edit(actor, self._load(conn, draft.name, draft_id, base), draft)
            if base != head:
                base_draft = self._load(conn, draft.name, draft_id, base)
                head_draft = self._load(conn, draft.name, draft_id, head)
                to_store = merge_drafts(base_draft, draft, head_draft, resolutions)
                merged = True
            root = self._put_tree(conn, to_store, written)
            number = head + 1
            conn.execute(
                "INSERT INTO revisions (draft_id, number, root, author, time, message, parent, base)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (draft_id, number, root, author, _now().isoformat(), message or "(no message)", head, base),
            )
            conn.execute("UPDATE drafts SET head = ? WHERE id = ?", (number, draft_id))
            merged_note = f" (based on {base}, merged onto {head})" if merged else ""
            self._audit(conn, author, action, draft.name, f"revision {number}{merged_note}")
        self._committed(written)
        saved = to_store.model_copy(update={"draft_id": draft_id, "revision": number})
        return SaveResult(number, base, head, merged, saved)

    def edit(
        self,
        name: str,
        change: Callable[[Draft], Draft],
        author: str,
        message: str,
        base: int | None = None,
        actor: User | None = None,
    ) -> SaveResult:
        """Apply `change` to revision `base` (the head when None) and save the result."""
        start = self.load(name, base)
        assert start.revision is not None
        return self.save(change(start), start.revision, author, message, actor=actor)

    def restore(
        self, name: str, revision: int, author: str, message: str | None = None, actor: User | None = None
    ) -> SaveResult:
        """Save the content of an old revision as a new revision on top of the head."""
        require(actor, Role.EDITOR, "restore revisions")
        if actor is not None and actor.limited:
            raise PermissionDenied(f"{actor.name} may edit only some areas and so may not restore whole revisions")
        old = self.load(name, revision)
        head = self.head(name)
        return self.save(
            old.model_copy(update={"revision": head}),
            head,
            author,
            message or f"Restore revision {revision}",
            actor=actor,
            action="restore",
        )

    def copy(self, name: str, new_name: str, actor: User | None = None) -> DraftInfo:
        """Copy a draft with its whole history under a new name and return it."""
        require(actor, Role.EDITOR, "copy drafts")
        check_name(new_name)
        new_id = os.urandom(8).hex()
        now = _now()
        with self._write() as conn:
            draft_id, head = self._draft_row(conn, name)
            if conn.execute("SELECT 1 FROM drafts WHERE name = ?", (new_name,)).fetchone():
                raise DraftError(f"a draft named '{new_name}' already exists")
            conn.execute(
                "INSERT INTO drafts (id, name, created, archived, head) VALUES (?, ?, ?, 0, ?)",
                (new_id, new_name, now.isoformat(), head),
            )
            conn.execute(
                "INSERT INTO revisions (draft_id, number, root, author, time, message, parent, base)"
                " SELECT ?, number, root, author, time, message, parent, base FROM revisions WHERE draft_id = ?",
                (new_id, draft_id),
            )
        return DraftInfo(new_name, new_id, head, now, False)

    def archive(self, name: str, archived: bool = True, actor: User | None = None) -> None:
        """Hide a draft from the default list (or bring it back); its history stays."""
        require(actor, Role.EDITOR, "archive drafts")
        with self._write() as conn:
            draft_id, _ = self._draft_row(conn, name)
            conn.execute("UPDATE drafts SET archived = ? WHERE id = ?", (int(archived), draft_id))

    def audit(self, user: str, action: str, target: str = "", detail: str = "") -> None:
        """Append one entry to the audit log (exports, sign-ins and other events without a revision)."""
        with self._write() as conn:
            self._audit(conn, user, action, target, detail)

    @staticmethod
    def _audit(conn: sqlite3.Connection, user: str, action: str, target: str = "", detail: str = "") -> None:
        conn.execute(
            "INSERT INTO audit (time, user, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (_now().isoformat(), user[:200], action, target[:200], detail[:500]),
        )

    def size_bytes(self) -> int:
        """Return the bytes the database uses, after moving the WAL into the main file."""
        conn = self._conn()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        return int((page_count - free) * page_size)


def _chunks(ids: list[str], hashes: list[str]) -> list[list[str]]:
    """Return a section's clause hashes cut into chunks at boundaries chosen by the clause ids.

    A boundary follows each clause whose id's last four hex digits divide by 12 (about one in
    twelve), so inserting, removing or moving a clause rewrites only the chunks around it,
    not every chunk after it, and a one-clause change stores about one clause's bytes.
    """
    chunks: list[list[str]] = [[]]
    for clause_id, digest in zip(ids, hashes, strict=True):
        chunks[-1].append(digest)
        if int(clause_id[-4:], 16) % 12 == 0 or len(chunks[-1]) >= 48:
            chunks.append([])
    return [chunk for chunk in chunks if chunk]


def _check_author(author: str) -> None:
    if not author or not author.strip():
        raise DraftError("an author name is needed to save")
    if len(author) > 200:
        raise DraftError("the author name is longer than 200 characters")


def _now() -> datetime:
    return datetime.now(UTC)
