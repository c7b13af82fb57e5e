"""Who may do what: roles, area limits, and the checks every write goes through."""

from __future__ import annotations

from dataclasses import dataclass

from charter.access.levels import RANK, Role
from charter.compare.ordering import moved_clauses
from charter.drafting.model import AREAS, DELEGATIONS, Draft
from charter.errors import DraftError, PermissionDenied

__all__ = ["RANK", "Role", "User", "changed_areas", "check_edit", "parse_areas", "require"]


_RANK = RANK


@dataclass(frozen=True)
class User:
    """A signed-in member: name, role, and the areas an editor is limited to (empty for all)."""

    name: str
    role: Role
    areas: tuple[str, ...] = ()
    #: The delegation the member belongs to: "a" or "b" (the draft's parties) or "chair"; None for none.
    delegation: str | None = None

    @property
    def limited(self) -> bool:
        """Return True for an editor limited to some areas."""
        return bool(self.areas) and self.role != Role.ADMIN

    def describe(self) -> str:
        """Return 'Ann (editor: energy, transit)'."""
        areas = f": {', '.join(self.areas)}" if self.limited else ""
        return f"{self.name} ({self.role.value}{areas})"


def check_delegation(delegation: str | None) -> str | None:
    """Return a delegation ("a", "b", "chair") or None for none; raise DraftError naming the choices otherwise."""
    if delegation in (None, ""):
        return None
    if delegation not in DELEGATIONS:
        raise DraftError(f"unknown delegation '{str(delegation)[:40]}'; expected one of {', '.join(DELEGATIONS)}")
    return delegation


def parse_areas(text: str | None) -> tuple[str, ...]:
    """Return the areas in a comma-separated list; raise PermissionDenied-free ValueError on unknown ones."""
    areas = tuple(part.strip() for part in (text or "").split(",") if part.strip())
    unknown = [area for area in areas if area not in AREAS]
    if unknown:
        raise ValueError(f"unknown area(s) {', '.join(unknown)}; expected some of {', '.join(AREAS)}")
    return areas


def require(user: User | None, role: Role, action: str) -> None:
    """Raise PermissionDenied unless `user` (None is the local owner) has at least `role`."""
    if user is None:
        return
    if _RANK[user.role] < _RANK[role]:
        article = "an" if user.role.value[0] in "aeiou" else "a"
        raise PermissionDenied(f"{user.name} is {article} {user.role.value} and may not {action}")


def changed_areas(before: Draft, after: Draft) -> set[str] | None:
    """Return the areas of every clause changed, added, removed or moved; None for draft-wide changes."""
    if before.settings != after.settings:
        return None
    shape = [(s.id, s.title, s.areas) for s in before.sections]
    if shape != [(s.id, s.title, s.areas) for s in after.sections]:
        return None
    old = {c.id: c for c in before.clauses()}
    new = {c.id: c for c in after.clauses()}
    areas: set[str] = set()
    for clause_id in old.keys() | new.keys():
        was, now = old.get(clause_id), new.get(clause_id)
        if was != now:
            areas.update(c.area for c in (was, now) if c is not None)
    # A clause moved to another section touches its area even when its text is the same.
    moved = moved_clauses(
        {c.id: s.id for s in before.sections for c in s.clauses},
        {c.id: s.id for s in after.sections for c in s.clauses},
        {s.id for s in after.sections},
    )
    areas.update(new[cid].area for cid in moved)
    return areas


def check_edit(user: User | None, before: Draft, after: Draft, action: str = "change this draft") -> None:
    """Raise PermissionDenied when `user` may not turn `before` into `after`."""
    if user is None:
        return
    require(user, Role.EDITOR, action)
    if not user.limited:
        return
    areas = changed_areas(before, after)
    if areas is None:
        raise PermissionDenied(
            f"{user.name} may edit only {', '.join(user.areas)} clauses, not the draft's settings or sections"
        )
    outside = sorted(areas - set(user.areas))
    if outside:
        raise PermissionDenied(
            f"{user.name} may edit only {', '.join(user.areas)} clauses; this change touches {', '.join(outside)}"
        )
