"""Where the negotiation stands between the delegations: open brackets per area and per delegation, and rounds.

Each open bracket counts once for its area; each of its wordings counts as a proposal of the
delegation that proposes it (or as unattributed), and each reservation for its delegation.
The burn-down by round gives the clause statuses at each round's revision, as
`charter.drafting.progress.burn_down` gives them at every revision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from charter.drafting.model import AREAS, DELEGATIONS, Draft
from charter.drafting.progress import burn_down

if TYPE_CHECKING:
    from charter.store import RoundInfo

#: The key counting wordings that name no delegation.
UNATTRIBUTED = "none"


def _zero() -> dict[str, int]:
    return dict.fromkeys((*DELEGATIONS, UNATTRIBUTED), 0)


@dataclass
class BracketCounts:
    """Open brackets of one area (or of the whole draft), each delegation's proposals in them, and reservations."""

    area: str
    name: str
    #: Open brackets.
    brackets: int = 0
    #: Clauses holding at least one open bracket or reservation.
    clauses: int = 0
    #: Wordings proposed in the open brackets, by delegation ("a", "b", "chair", or UNATTRIBUTED).
    proposals: dict[str, int] = field(default_factory=_zero)
    #: Reservations on whole clauses, by delegation.
    reservations: dict[str, int] = field(default_factory=_zero)

    def add(self, other: BracketCounts) -> None:
        """Add another area's counts to these."""
        self.brackets += other.brackets
        self.clauses += other.clauses
        for key, value in other.proposals.items():
            self.proposals[key] += value
        for key, value in other.reservations.items():
            self.reservations[key] += value

    def row(self, names: Mapping[str, str]) -> dict[str, object]:
        """Return a table row: the area, its open brackets, then each delegation's proposals and reservations."""
        row: dict[str, object] = {"area": self.name, "open brackets": self.brackets, "clauses": self.clauses}
        for key in DELEGATIONS:
            row[f"{names[key]}: proposals"] = self.proposals[key]
        if self.proposals[UNATTRIBUTED]:
            row["unattributed proposals"] = self.proposals[UNATTRIBUTED]
        for key in DELEGATIONS:
            row[f"{names[key]}: reservations"] = self.reservations[key]
        return row


def brackets_by_area(draft: Draft) -> list[BracketCounts]:
    """Return the bracket counts of every area with an open bracket or a reservation, in the order of AREAS."""
    found: dict[str, BracketCounts] = {}
    for clause in draft.clauses():
        if not clause.brackets and not clause.reservations:
            continue
        counts = found.setdefault(clause.area, BracketCounts(clause.area, AREAS.get(clause.area, clause.area)))
        counts.clauses += 1
        counts.brackets += len(clause.brackets)
        for bracket in clause.brackets:
            for proposal in bracket.proposals:
                counts.proposals[proposal.delegation or UNATTRIBUTED] += 1
        for reservation in clause.reservations:
            counts.reservations[reservation.delegation] += 1
    order = list(AREAS)
    return sorted(found.values(), key=lambda c: (order.index(c.area) if c.area in order else len(order), c.area))


def bracket_totals(draft: Draft) -> BracketCounts:
    """Return the bracket counts of the whole draft."""
    total = BracketCounts("all", "All areas")
    for counts in brackets_by_area(draft):
        total.add(counts)
    return total


def burn_down_by_round(drafts: Mapping[int, Draft], rounds: Sequence[RoundInfo], head: int) -> list[dict[str, object]]:
    """Return, for each round in revision order and then the head when it is past the last round,
    the clauses proposed, bracketed and agreed and the open brackets at that revision.

    `drafts` holds the draft at each revision named (at least every round's and the head's).
    """
    points = [(r.name, r.revision) for r in sorted(rounds, key=lambda r: (r.revision, r.time))]
    if not points or points[-1][1] < head:
        points.append((f"latest (revision {head})", head))
    rows = burn_down(drafts[revision] for _, revision in points)
    for (name, revision), row in zip(points, rows, strict=True):
        row["round"] = name
        row["open brackets"] = sum(len(c.brackets) for c in drafts[revision].clauses())
    return rows
