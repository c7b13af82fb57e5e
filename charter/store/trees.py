"""Drafts as content-addressed trees: root -> sections -> chunks of clauses, each object stored once.

A one-clause change stores the clause, its chunk, its section and a new root; everything else is
shared with earlier revisions. Objects are canonical JSON, zlib-compressed, keyed by hash.
"""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from typing import Any

from charter.drafting.model import Draft, DraftClause, Section, Settings
from charter.errors import StoreError
from charter.store.backend import Tx


def canonical(data: Any) -> bytes:
    """Return the canonical JSON bytes that an object's hash is computed over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def object_hash(payload: bytes) -> str:
    """Return the content address of a canonical JSON payload."""
    return hashlib.sha256(payload).hexdigest()[:32]


#: Fields added after revisions were first stored, with their defaults. A field at its default is
#: left out of the stored form, so content saved before the field existed keeps its hash.
_LATER_FIELDS: dict[str, Any] = {
    "accepted": [],
    "brackets": [],
    "reservations": [],
    "tags": None,
    "versions": [],
    "working_language": None,
    "glossary": None,
    "localized": None,
    "translations": None,
    "originals": None,
    "binding": False,
    "chapeau": None,
    "lead_in": None,
    "closing": None,
    "heading": None,
    "preamble_heading": None,
}


def stored_form(model: DraftClause | Settings) -> dict[str, Any]:
    """Return the JSON data a clause or the settings are stored and hashed as."""
    data = model.model_dump(mode="json")
    for key, default in _LATER_FIELDS.items():
        if key in data and data[key] == default:
            del data[key]
    for held in data.get("versions", ()):
        if held.get("made_from") is None:
            held.pop("made_from", None)  # added later too: a version without it keeps its hash
    return data


def clause_hash(clause: DraftClause) -> str:
    """Return the content hash of a clause's state."""
    return object_hash(canonical(stored_form(clause)))


#: Read back what the store holds without the input checks, so a revision saved before a check
#: existed (a control character in a title, say) still opens; new input is checked when it is made.
_STORED = {"stored": True}


class Trees:
    """Writes and reads draft trees through a transaction, caching decoded clauses and trees."""

    def __init__(self, location: str) -> None:
        self.location = location
        # Both caches hold immutable values keyed by content hash, so sharing them is safe.
        self._cache: dict[str, Any] = {}
        self._clauses: dict[str, DraftClause] = {}
        # Hashes of clause states seen here, and objects known to be committed, so that a save
        # serialises and writes only what changed.
        self._hash_of: dict[DraftClause, str] = {}
        self._stored: set[str] = set()
        self._cache_lock = threading.Lock()

    def clear(self) -> None:
        """Forget every cached tree and clause (benchmarks measure cold loads with it)."""
        with self._cache_lock:
            self._cache, self._clauses, self._hash_of, self._stored = {}, {}, {}, set()

    def _put(self, tx: Tx, data: Any, written: set[str]) -> str:
        payload = canonical(data)
        digest = object_hash(payload)
        self._insert(tx, digest, payload, written)
        return digest

    def _insert(self, tx: Tx, digest: str, payload: bytes, written: set[str]) -> None:
        if digest in self._stored or digest in written:
            return
        tx.put_object(digest, zlib.compress(payload, 6))
        written.add(digest)

    def _put_clause(self, tx: Tx, clause: DraftClause, written: set[str]) -> str:
        digest = self._hash_of.get(clause)
        if digest is not None and digest in self._stored:
            return digest
        payload = canonical(stored_form(clause))
        digest = object_hash(payload)
        self._insert(tx, digest, payload, written)
        if len(self._hash_of) > 50_000:
            self._hash_of = {}
        self._hash_of[clause] = digest
        return digest

    def committed(self, written: set[str]) -> None:
        if len(self._stored) > 200_000:
            self._stored = set()
        self._stored |= written

    def get_many(self, tx: Tx, hashes: list[str], known: dict[str, DraftClause] | None = None) -> dict[str, Any]:
        found: dict[str, Any] = {}
        missing = [digest for digest in dict.fromkeys(hashes) if not known or digest not in known]
        for digest, blob in tx.get_objects(missing).items():
            try:
                found[digest] = json.loads(zlib.decompress(blob))
            except (zlib.error, ValueError):
                message = f"{self.location}: stored object {digest} is damaged; run `charter db check`"
                raise StoreError(message) from None
        absent = [h for h in missing if h not in found]
        if absent:
            raise StoreError(f"{self.location}: stored object {absent[0]} is missing; the database is damaged")
        return found

    def put_tree(self, tx: Tx, draft: Draft, written: set[str]) -> str:
        section_hashes = []
        for section in draft.sections:
            clause_hashes = [self._put_clause(tx, clause, written) for clause in section.clauses]
            chunks = [
                self._put(tx, chunk, written) for chunk in _chunks([c.id for c in section.clauses], clause_hashes)
            ]
            shape: dict[str, Any] = {"id": section.id, "title": section.title, "areas": list(section.areas)}
            if section.lead_in:  # written only when set, so sections without one keep their stored hash
                shape["lead_in"] = section.lead_in
            section_hashes.append(self._put(tx, {**shape, "chunks": chunks}, written))
        settings = self._put(tx, stored_form(draft.settings), written)
        return self._put(tx, {"settings": settings, "sections": section_hashes}, written)

    def get_tree(self, tx: Tx, root: str) -> tuple[Settings, tuple[Section, ...]]:
        """Return the settings and sections a root points to; raise StoreError when they are damaged."""
        try:
            return self._get_tree(tx, root)
        except (KeyError, TypeError, ValueError) as err:  # pydantic's ValidationError is a ValueError
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise StoreError(
                f"{self.location}: the stored tree {root} is damaged ({first}); run `charter db check`"
            ) from None

    def _get_tree(self, tx: Tx, root: str) -> tuple[Settings, tuple[Section, ...]]:
        cached = self._cache.get("tree:" + root)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        known = self._clauses
        top = self.get_many(tx, [root])[root]
        section_data = self.get_many(tx, [*top["sections"], top["settings"]])
        chunk_data = self.get_many(tx, [h for s in top["sections"] for h in section_data[s]["chunks"]])
        members = {s: [c for h in section_data[s]["chunks"] for c in chunk_data[h]] for s in top["sections"]}
        wanted = [h for s in top["sections"] for h in members[s]]
        clause_data = self.get_many(tx, wanted, known)  # skips clauses already decoded
        clauses: dict[str, DraftClause] = {}
        for digest in wanted:
            if digest not in clauses:
                clause = known.get(digest)
                if clause is None:
                    clause = DraftClause.model_validate(clause_data[digest], context=_STORED)
                clauses[digest] = clause
                self._hash_of[clause] = digest
        sections = tuple(
            Section.model_validate(
                {
                    "id": section_data[s]["id"],
                    "title": section_data[s]["title"],
                    "areas": tuple(section_data[s]["areas"]),
                    "lead_in": section_data[s].get("lead_in", ""),
                    "clauses": tuple(clauses[h] for h in members[s]),
                },
                context=_STORED,
            )
            for s in top["sections"]
        )
        tree = (Settings.model_validate(section_data[top["settings"]], context=_STORED), sections)
        with self._cache_lock:
            if len(self._cache) > 64:
                self._cache = {}
            if len(self._clauses) > 20_000:
                self._clauses = {}
            self._cache["tree:" + root] = tree
            self._clauses.update(clauses)
            self._stored.update(clauses)
        return tree


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
