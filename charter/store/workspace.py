"""A user's unsaved edits of one draft: the revision they started from and the edited copy.

With an `owner`, every edit is also kept in the store (not as a revision), so a reload, a closed
tab or a restarted server brings the edits back; a save or a discard drops the kept copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from charter.access.roles import User
from charter.compare.merge import Resolution
from charter.drafting.model import Draft
from charter.store import SaveResult, Store


@dataclass
class Workspace:
    """Unsaved edits of draft `name`, started from revision `base`; `working` is None until an edit."""

    name: str
    base: int
    working: Draft | None = None
    owner: str | None = None
    #: When the edits brought back from the store were last changed (None if none were).
    restored: datetime | None = None

    @classmethod
    def open(cls, store: Store, name: str, owner: str | None = None) -> Workspace:
        """Return a workspace with the owner's kept edits, or on the draft's head revision."""
        if owner:
            kept = store.working_copy(owner, name)
            if kept is not None:
                base, draft, updated = kept
                return cls(name, base, draft, owner, updated)
        return cls(name, store.head(name), owner=owner)

    def draft(self, store: Store) -> Draft:
        """Return the draft as this user sees it: the base revision with their unsaved edits."""
        return self.working if self.working is not None else store.load(self.name, self.base)

    def apply(self, store: Store, change: Callable[[Draft], Draft]) -> None:
        """Apply an edit to the working copy; when the edit or keeping it raises, the old copy stays."""
        changed = change(self.draft(store))
        if self.owner:
            store.keep_working_copy(self.owner, changed, self.base)
        self.working = changed

    @property
    def dirty(self) -> bool:
        """Return True when there are unsaved edits."""
        return self.working is not None

    def unsaved(self, store: Store) -> set[str]:
        """Return the ids of clauses that are new or changed in the working copy."""
        if self.working is None:
            return set()
        before = {c.id: c for c in store.load(self.name, self.base).clauses()}
        return {c.id for c in self.working.clauses() if before.get(c.id) != c}

    def removed(self, store: Store) -> int:
        """Return how many clauses the working copy removed."""
        if self.working is None:
            return 0
        now = {c.id for c in self.working.clauses()}
        return sum(1 for c in store.load(self.name, self.base).clauses() if c.id not in now)

    def save(
        self,
        store: Store,
        author: str,
        message: str,
        resolutions: Mapping[str, Resolution] | None = None,
        actor: User | None = None,
    ) -> SaveResult:
        """Save the working copy as a new revision (merging onto a newer head); then start from it."""
        result = store.save(self.draft(store), self.base, author, message, resolutions, actor=actor)
        self.base, self.working, self.restored = result.revision, None, None
        if self.owner:
            store.drop_working_copy(self.owner, self.name)
        return result

    def discard(self, store: Store) -> None:
        """Drop unsaved edits and move to the newest revision (on a read-only store, for this session only)."""
        self.base, self.working, self.restored = store.head(self.name), None, None
        if self.owner and not store.read_only:
            store.drop_working_copy(self.owner, self.name)


def local_time(moment: datetime, timezone: str | None) -> str:
    """Return a UTC time as 'YYYY-MM-DD HH:MM' in the viewer's time zone (UTC if unknown)."""
    zone: ZoneInfo | None = None
    if timezone:
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    shown = moment.astimezone(zone or UTC)
    label = timezone if zone is not None else "UTC"
    return f"{shown:%Y-%m-%d %H:%M} {label}"
