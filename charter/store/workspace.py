"""A user's unsaved edits of one draft: the revision they started from and the edited copy.

With an `owner`, every edit is also kept in the store (not as a revision), so a reload, a closed
tab or a restarted server brings the edits back; a save or a discard drops the kept copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
    #: What each undo goes back to: (base, working copy) before each change since the last save.
    history: list[tuple[int, Draft | None]] = field(default_factory=list, repr=False)
    #: The base revision as last read from the store: revisions never change, so it is read once.
    _loaded: Draft | None = field(default=None, repr=False, compare=False)

    #: How many changes can be undone.
    UNDO_DEPTH = 50

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
        return self.working if self.working is not None else self._base_draft(store)

    def _base_draft(self, store: Store) -> Draft:
        if self._loaded is None or self._loaded.revision != self.base:
            self._loaded = store.load(self.name, self.base)
        return self._loaded

    def apply(self, store: Store, change: Callable[[Draft], Draft]) -> None:
        """Apply an edit to the working copy; when the edit or keeping it raises, the old copy stays."""
        changed = change(self.draft(store))
        if self.owner:
            store.keep_working_copy(self.owner, changed, self.base)
        self._remember()
        self.working = changed

    def _remember(self) -> None:
        self.history.append((self.base, self.working))
        del self.history[: -self.UNDO_DEPTH]

    def _keep(self, store: Store) -> None:
        if not self.owner or store.read_only:  # on a read-only store, for this session only
            return
        if self.working is None:
            store.drop_working_copy(self.owner, self.name)
        else:
            store.keep_working_copy(self.owner, self.working, self.base)

    @property
    def can_undo(self) -> bool:
        """Return True when there is a change (an edit, a removal, a discard) to undo."""
        return bool(self.history)

    def undo(self, store: Store) -> bool:
        """Go back to before the last change since the last save; return False when there is none."""
        if not self.history:
            return False
        self.base, self.working = self.history.pop()
        self._keep(store)
        return True

    @property
    def dirty(self) -> bool:
        """Return True when there are unsaved edits."""
        return self.working is not None

    def unsaved(self, store: Store) -> set[str]:
        """Return the ids of clauses that are new or changed in the working copy."""
        if self.working is None:
            return set()
        before = {c.id: c for c in self._base_draft(store).clauses()}
        return {c.id for c in self.working.clauses() if before.get(c.id) != c}

    def removed(self, store: Store) -> int:
        """Return how many clauses the working copy removed."""
        if self.working is None:
            return 0
        now = {c.id for c in self.working.clauses()}
        return sum(1 for c in self._base_draft(store).clauses() if c.id not in now)

    def save(
        self,
        store: Store,
        author: str,
        message: str,
        resolutions: Mapping[str, Resolution] | None = None,
        actor: User | None = None,
        delegation: str | None = None,
    ) -> SaveResult:
        """Save the working copy as a new revision (merging onto a newer head); then start from it.

        The revision records `delegation` (for a signed-in `actor`, their own when None).
        """
        result = store.save(
            self.draft(store), self.base, author, message, resolutions, actor=actor, delegation=delegation
        )
        self.base, self.working, self.restored = result.revision, None, None
        self.history.clear()  # a saved revision is history of its own; undo stops there
        if self.owner:
            store.drop_working_copy(self.owner, self.name)
        return result

    def discard(self, store: Store) -> None:
        """Drop unsaved edits and move to the newest revision; `undo` brings the edits back."""
        if self.working is not None:
            self._remember()
        self.base, self.working, self.restored = store.head(self.name), None, None
        self._keep(store)


def in_zone(moment: datetime, timezone: str | None) -> tuple[datetime, str]:
    """Return a UTC time as wall-clock time in the viewer's time zone, with the zone's name (UTC if unknown)."""
    zone: ZoneInfo | None = None
    if timezone:
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    shown = moment.astimezone(zone or UTC)
    return shown.replace(tzinfo=None), timezone if zone is not None and timezone else "UTC"


def local_time(moment: datetime, timezone: str | None) -> str:
    """Return a UTC time as 'YYYY-MM-DD HH:MM' in the viewer's time zone (UTC if unknown)."""
    shown, label = in_zone(moment, timezone)
    return f"{shown:%Y-%m-%d %H:%M} {label}"
