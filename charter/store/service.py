"""The versioned store: drafts and immutable revisions, in SQLite (embedded) or PostgreSQL.

The rules live here: names, authors, permissions, merging a save onto a newer head, the audit.
Rows are read and written through a backend transaction (backend.py); trees through trees.py.
A save never holds a lock while it merges: it reads the head, merges, then moves the head from
the revision it read to the new one in one short write, and starts again if another save won.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charter.access.roles import Role, User, check_delegation, check_edit, require
from charter.compare.merge import Resolution, merge_detailed
from charter.drafting.model import Draft
from charter.errors import DraftError, NotFoundError, PermissionDenied, StoreError
from charter.store.backend import Backend, Tx
from charter.store.trees import Trees
from charter.textsafety import check_text

#: How many times a save starts again when other saves keep moving the head under it.
MAX_ATTEMPTS = 20

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
    #: The delegation of the author ("a", "b", "chair"), None when the author belongs to none.
    delegation: str | None = None
    #: Where the revision's changes came from, e.g. {"delegation": "b", "file": "...", "sha256": "..."}.
    source: Mapping[str, Any] | None = None

    @property
    def merged(self) -> bool:
        """Return True when the revision was saved from an older base and merged onto its parent."""
        return self.base is not None and self.base != self.parent

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape used by `charter draft log --json`."""
        return {
            "revision": self.revision,
            "author": self.author,
            "time": self.time.isoformat(),
            "message": self.message,
            "parent": self.parent,
            "base": self.base,
            "delegation": self.delegation,
            "source": dict(self.source) if self.source else None,
        }


@dataclass(frozen=True)
class RoundInfo:
    """A named milestone of the negotiation ("Round 2, Baku") on one revision."""

    name: str
    revision: int
    author: str
    time: datetime

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of `charter round --json`."""
        return {"name": self.name, "revision": self.revision, "author": self.author, "time": self.time.isoformat()}


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
    #: Clauses whose text combines edits from both sides (different sentences of one clause).
    combined: tuple[str, ...] = ()

    def describe(self) -> str:
        """Return what happened, e.g. 'Saved revision 8: I.3 and II.4 combined with revision 7 ...'."""
        if not self.merged:
            return f"Saved revision {self.revision}."
        based = f"your edits from revision {self.base} were merged onto revision {self.parent}"
        if not self.combined:
            return f"Saved revision {self.revision}: {based}, clause by clause (no clause was edited on both sides)."
        from charter.drafting.prose import comma_list
        from charter.drafting.render import render_draft

        labels = {clause.id: clause.label for clause in render_draft(self.draft).clauses()}
        named = [labels.get(clause_id, clause_id) for clause_id in self.combined]
        return (
            f"Saved revision {self.revision}: {comma_list(named)} combined with revision {self.parent} "
            f"(different sentences edited on each side); {based}."
        )


def open_backend(location: str | Path | None) -> Backend:
    """Return the backend for a SQLite file path (the default) or a postgresql:// URL."""
    text = str(location) if location is not None else ""
    if text.startswith(("postgresql://", "postgres://")):
        from charter.store.postgres import PostgresBackend

        return PostgresBackend(text)
    from charter.store.sqlite import SQLiteBackend

    return SQLiteBackend(location)


def check_name(name: str) -> str:
    """Return a draft name unchanged, or raise DraftError if it could be unsafe as a file name."""
    if not _NAME.match(name) or ".." in name:
        raise DraftError(
            f"invalid draft name {name!r}: use up to 100 letters, digits, spaces, '.', '-', '_' or brackets, "
            "starting with a letter or digit"
        )
    return name


class Store:
    """Drafts and their revisions in one database: a SQLite file (default) or a postgresql:// URL."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.backend: Backend = open_backend(path)
        self.path: Path | str = getattr(self.backend, "path", self.backend.location)
        self.location = self.backend.location
        self.read_only = bool(getattr(self.backend, "read_only", False))
        self._trees = Trees(self.location)

    def close(self) -> None:
        """Close this thread's connection."""
        self.backend.close()

    def clear_cache(self) -> None:
        """Forget decoded trees and clauses, so the next loads read the database."""
        self._trees.clear()

    # -- drafts --------------------------------------------------------------

    def _draft_row(self, tx: Tx, name: str) -> tuple[str, int]:
        row = tx.draft(name)
        if row is None:
            raise NotFoundError(f"no draft named '{name}'")
        return row[0], row[1]

    def exists(self, name: str) -> bool:
        """Return True when a draft with this name exists."""
        with self.backend.read() as tx:
            return tx.draft(name) is not None

    def create(
        self, draft: Draft, author: str, message: str = "New draft", actor: User | None = None,
        delegation: str | None = None,
    ) -> Draft:  # fmt: skip
        """Store a new draft as revision 1 and return it; raise DraftError if the name is taken."""
        _require_whole_draft(actor, "create drafts")
        if actor is not None:
            author = actor.name
            delegation = delegation or actor.delegation
        delegation = check_delegation(delegation)
        name = check_name(draft.name)
        _check_author(author)
        draft_id = os.urandom(8).hex()
        now = _now().isoformat()
        written: set[str] = set()
        with self.backend.write() as tx:
            if tx.draft(name) is not None:
                raise DraftError(f"a draft named '{name}' already exists")
            tx.insert_draft(draft_id, name, now, 1)
            root = self._trees.put_tree(tx, draft, written)
            tx.insert_revision(draft_id, 1, root, author, now, message, None, None, delegation)
            tx.audit(now, author[:200], "create", name[:200], "revision 1")
        self._trees.committed(written)
        return draft.model_copy(update={"draft_id": draft_id, "revision": 1})

    def drafts(self, include_archived: bool = False) -> list[DraftInfo]:
        """Return every draft, by name."""
        with self.backend.read() as tx:
            rows = tx.drafts()
        shown = [r for r in rows if include_archived or not r[4]]
        return [DraftInfo(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4]) for r in shown]

    def head(self, name: str) -> int:
        """Return the number of the draft's newest revision."""
        with self.backend.read() as tx:
            return self._draft_row(tx, name)[1]

    def load(self, name: str, revision: int | None = None) -> Draft:
        """Return the draft as it stood at `revision` (the head when None)."""
        with self.backend.read() as tx:
            draft_id, head = self._draft_row(tx, name)
            return self._load(tx, name, draft_id, revision or head)

    def _load(self, tx: Tx, name: str, draft_id: str, revision: int) -> Draft:
        root = tx.revision_root(draft_id, revision)
        if root is None:
            raise NotFoundError(f"draft '{name}' has no revision {revision}")
        settings, sections = self._trees.get_tree(tx, root)
        return Draft(name=name, draft_id=draft_id, revision=revision, settings=settings, sections=sections)

    def revision_info(self, name: str, revision: int) -> RevisionInfo:
        """Return who saved one revision of a draft, when and why; raise NotFoundError when it has none."""
        for info in self.history(name):
            if info.revision == revision:
                return info
        raise NotFoundError(f"draft '{name}' has no revision {revision}")

    def history(self, name: str) -> list[RevisionInfo]:
        """Return every revision of a draft, oldest first."""
        with self.backend.read() as tx:
            draft_id, _ = self._draft_row(tx, name)
            rows = tx.revisions(draft_id)
        return [
            RevisionInfo(r[0], r[1], datetime.fromisoformat(r[2]), r[3], r[4], r[5], r[6], _source(r[7])) for r in rows
        ]

    def save(
        self,
        draft: Draft,
        base: int,
        author: str,
        message: str,
        resolutions: Mapping[str, Resolution] | None = None,
        actor: User | None = None,
        action: str = "save",
        delegation: str | None = None,
        source: Mapping[str, Any] | None = None,
    ) -> SaveResult:
        """Save `draft`, edited from revision `base`, as a new revision.

        When the head has moved past `base`, the edit is merged clause by clause onto the head;
        overlapping edits raise ConflictError and nothing is saved, unless `resolutions` settles
        them (see `merge_drafts`). With an `actor` (a signed-in user), the author is that user,
        and the change must be within what their role and areas allow; without one, the caller
        is the local owner of the database file.

        The revision records `delegation` (a signed-in user's own delegation when not given) and
        `source`, where its changes came from (a counterpart's reviewed file).
        """
        if actor is not None:
            author = actor.name
            require(actor, Role.EDITOR, "save revisions")
            delegation = delegation or actor.delegation
        delegation = check_delegation(delegation)
        source_json = json.dumps(dict(source), sort_keys=True) if source else None
        _check_author(author)
        if len(message) > 2_000:
            raise DraftError("the save message is longer than 2,000 characters")
        check_text(message, "save message", multiline=True)
        for _attempt in range(MAX_ATTEMPTS):
            with self.backend.read() as tx:
                draft_id, head = self._draft_row(tx, draft.name)
                if base < 1 or base > head:
                    raise DraftError(f"draft '{draft.name}' has no revision {base} to base a save on (head is {head})")
                base_draft = self._load(tx, draft.name, draft_id, base) if actor is not None or base != head else None
                head_draft = self._load(tx, draft.name, draft_id, head) if base != head else None
            if actor is not None and base_draft is not None:
                check_edit(actor, base_draft, draft)
            to_store, merged, combined = draft, False, tuple[str, ...]()
            if base_draft is not None and head_draft is not None:
                outcome = merge_detailed(base_draft, draft, head_draft, resolutions)
                to_store, merged, combined = outcome.draft, True, outcome.combined
            number = head + 1
            written: set[str] = set()
            with self.backend.write() as tx:
                if not tx.move_head(draft_id, head, number):
                    continue  # another save moved the head while this one merged: merge onto the new head
                root = self._trees.put_tree(tx, to_store, written)
                now = _now().isoformat()
                tx.insert_revision(
                    draft_id, number, root, author, now, message or "(no message)", head, base, delegation, source_json
                )
                merged_note = f" (based on {base}, merged onto {head})" if merged else ""
                tx.audit(now, author[:200], action, draft.name[:200], f"revision {number}{merged_note}")
            self._trees.committed(written)
            saved = to_store.model_copy(update={"draft_id": draft_id, "revision": number})
            return SaveResult(number, base, head, merged, saved, combined)
        raise StoreError(f"{self.location}: the draft kept changing under this save; nothing was saved, try again")

    def edit(
        self,
        name: str,
        change: Callable[[Draft], Draft],
        author: str,
        message: str,
        base: int | None = None,
        actor: User | None = None,
        delegation: str | None = None,
    ) -> SaveResult:
        """Apply `change` to revision `base` (the head when None) and save the result (see `save`)."""
        start = self.load(name, base)
        assert start.revision is not None
        return self.save(change(start), start.revision, author, message, actor=actor, delegation=delegation)

    def restore(
        self, name: str, revision: int, author: str, message: str | None = None, actor: User | None = None,
        delegation: str | None = None,
    ) -> SaveResult:  # fmt: skip
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
            delegation=delegation,
        )

    def copy(self, name: str, new_name: str, actor: User | None = None) -> DraftInfo:
        """Copy a draft with its whole history under a new name and return it."""
        _require_whole_draft(actor, "copy drafts")
        check_name(new_name)
        new_id = os.urandom(8).hex()
        now = _now()
        with self.backend.write() as tx:
            draft_id, head = self._draft_row(tx, name)
            if tx.draft(new_name) is not None:
                raise DraftError(f"a draft named '{new_name}' already exists")
            tx.insert_draft(new_id, new_name, now.isoformat(), head)
            tx.copy_revisions(draft_id, new_id)
            tx.copy_rounds(draft_id, new_id)
        return DraftInfo(new_name, new_id, head, now, False)

    # -- rounds ----------------------------------------------------------------------------

    def mark_round(
        self, name: str, round_name: str, revision: int | None = None, author: str = "", actor: User | None = None
    ) -> RoundInfo:
        """Name a revision (the head when None) as a round of the negotiation; a name used before moves."""
        require(actor, Role.EDITOR, "mark rounds")
        if actor is not None:
            author = actor.name
        _check_author(author)
        round_name = check_text(round_name.strip(), "round name")
        if not round_name or len(round_name) > 200:
            raise DraftError("a round needs a name of 1 to 200 characters")
        now = _now()
        with self.backend.write() as tx:
            draft_id, head = self._draft_row(tx, name)
            number = head if revision is None else revision
            if tx.revision_root(draft_id, number) is None:
                raise NotFoundError(f"draft '{name}' has no revision {number}")
            tx.put_round(draft_id, round_name, number, author, now.isoformat())
            tx.audit(now.isoformat(), author[:200], "round", name[:200], f"{round_name[:200]} at revision {number}")
        return RoundInfo(round_name, number, author, now)

    def rounds(self, name: str) -> list[RoundInfo]:
        """Return the rounds of a draft, oldest revision first."""
        with self.backend.read() as tx:
            draft_id, _ = self._draft_row(tx, name)
            rows = tx.rounds(draft_id)
        return [RoundInfo(r[0], r[1], r[2], datetime.fromisoformat(r[3])) for r in rows]

    def remove_round(self, name: str, round_name: str, actor: User | None = None) -> None:
        """Remove a round's name; the revision stays."""
        require(actor, Role.EDITOR, "remove rounds")
        with self.backend.write() as tx:
            draft_id, _ = self._draft_row(tx, name)
            if not tx.delete_round(draft_id, round_name):
                raise NotFoundError(f"draft '{name}' has no round '{round_name}'")
            who = actor.name if actor is not None else "(local owner)"
            tx.audit(_now().isoformat(), who, "round-remove", name[:200], round_name[:200])

    def archive(self, name: str, archived: bool = True, actor: User | None = None) -> None:
        """Hide a draft from the default list (or bring it back); its history stays."""
        _require_whole_draft(actor, "archive drafts")
        with self.backend.write() as tx:
            draft_id, _ = self._draft_row(tx, name)
            tx.set_archived(draft_id, archived)

    def audit(self, user: str, action: str, target: str = "", detail: str = "") -> None:
        """Append one entry to the audit log (exports, sign-ins and other events without a revision).

        A read-only database records nothing: reading and exporting it must still work.
        """
        if self.read_only:
            return
        with self.backend.write() as tx:
            tx.audit(_now().isoformat(), user[:200], action, target[:200], detail[:500])

    # -- working copies --------------------------------------------------------

    def keep_working_copy(self, owner: str, draft: Draft, base: int) -> None:
        """Keep `owner`'s unsaved edits of a draft (not a revision), replacing the ones kept before."""
        blob = zlib.compress(draft.model_dump_json().encode("utf-8"), 6)
        with self.backend.write() as tx:
            draft_id, _ = self._draft_row(tx, draft.name)
            tx.put_working_copy(owner[:200], draft_id, base, blob, _now().isoformat())

    def working_copy(self, owner: str, name: str) -> tuple[int, Draft, datetime] | None:
        """Return the base revision, the edited draft and the time of `owner`'s kept edits, or None."""
        with self.backend.read() as tx:
            draft_id, _ = self._draft_row(tx, name)
            found = tx.working_copy(owner[:200], draft_id)
        if found is None:
            return None
        base, blob, updated = found
        try:
            draft = Draft.model_validate_json(zlib.decompress(blob))
        except (zlib.error, ValueError):
            return None  # an unreadable copy is dropped rather than blocking the draft
        return base, draft, datetime.fromisoformat(updated)

    def drop_working_copy(self, owner: str, name: str) -> None:
        """Forget `owner`'s kept edits of a draft (after a save or a discard)."""
        with self.backend.write() as tx:
            draft_id, _ = self._draft_row(tx, name)
            tx.delete_working_copy(owner[:200], draft_id)

    def size_bytes(self) -> int:
        """Return the bytes the database uses."""
        return self.backend.size_bytes()


def _require_whole_draft(actor: User | None, action: str) -> None:
    """Refuse work on whole drafts (create, copy, archive) to viewers and to editors limited to areas.

    An area-limited editor may change clauses of their areas; making, copying or hiding a whole
    draft decides for every area, so it needs an editor of all areas or an admin.
    """
    require(actor, Role.EDITOR, action)
    if actor is not None and actor.limited and actor.role != Role.ADMIN:
        raise PermissionDenied(f"{actor.name} may edit only some areas and so may not {action}")


def _source(text: str | None) -> Mapping[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _check_author(author: str) -> None:
    if not author or not author.strip():
        raise DraftError("an author name is needed to save")
    if len(author) > 200:
        raise DraftError("the author name is longer than 200 characters")
    check_text(author, "author name")


def _now() -> datetime:
    return datetime.now(UTC)
