"""Rounds of a negotiation: the history grouped under each round, and a round found by its name.

A round names one revision ("Round 2, Baku" at revision 7). It covers the revisions after the
previous round's revision up to and including its own; revisions after the last round belong to
no round yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from charter.errors import NotFoundError

if TYPE_CHECKING:
    from charter.store import RevisionInfo, RoundInfo, Store


@dataclass(frozen=True)
class RoundGroup:
    """The revisions one round covers, oldest first; `round` is None for those after the last round."""

    round: RoundInfo | None
    revisions: tuple[RevisionInfo, ...]

    @property
    def title(self) -> str:
        """Return how the group is headed: 'Round 2, Baku (revisions 4 to 7)' or 'After Round 2, Baku'."""
        span = _span(self.revisions)
        if self.round is not None:
            return f"{self.round.name} ({span})" if span else self.round.name
        return f"Not yet in a round ({span})" if span else "Not yet in a round"


def _span(revisions: Sequence[RevisionInfo]) -> str:
    if not revisions:
        return ""
    first, last = revisions[0].revision, revisions[-1].revision
    return f"revision {first}" if first == last else f"revisions {first} to {last}"


def group_by_round(history: Sequence[RevisionInfo], rounds: Sequence[RoundInfo]) -> list[RoundGroup]:
    """Return the history under each round in revision order, then the revisions after the last round.

    A round marked on the same revision as the one before it covers no revision of its own; its
    group is kept (empty) so that every round is shown.
    """
    ordered = sorted(rounds, key=lambda r: (r.revision, r.time))
    groups: list[RoundGroup] = []
    start = 0
    for found in ordered:
        covered = tuple(info for info in history if start < info.revision <= found.revision)
        groups.append(RoundGroup(found, covered))
        start = max(start, found.revision)
    rest = tuple(info for info in history if info.revision > start)
    if rest:
        groups.append(RoundGroup(None, rest))
    return groups


def find_round(rounds: Sequence[RoundInfo], name: str, draft: str) -> RoundInfo:
    """Return the round called `name` (or, when no name is exactly that, the one name equal but for case).

    Raise NotFoundError naming the draft's rounds when there is none.
    """
    wanted = name.strip()
    exact = [r for r in rounds if r.name == wanted]
    loose = [r for r in rounds if r.name.casefold() == wanted.casefold()]
    if exact or len(loose) == 1:
        return (exact or loose)[0]
    known = ", ".join(f"'{r.name}'" for r in rounds) or "none yet"
    raise NotFoundError(f"draft '{draft}' has no round '{name.strip()[:200]}' (rounds: {known})")


def round_revision(store: Store, draft: str, name: str) -> int:
    """Return the revision a round of a stored draft names; raise NotFoundError when there is no such round."""
    return find_round(store.rounds(draft), name, draft).revision


def rounds_at(revision: int, rounds: Sequence[RoundInfo]) -> list[str]:
    """Return the names of the rounds marked on `revision`, in the order they were marked."""
    return [r.name for r in sorted(rounds, key=lambda r: r.time) if r.revision == revision]
