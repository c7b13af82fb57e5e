"""Where the negotiation stands: clause statuses per area, in the order of the areas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from charter.drafting.model import AREAS, Draft, Status


@dataclass(frozen=True)
class AreaProgress:
    """How many clauses of one area are agreed, bracketed and proposed."""

    area: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def row(self) -> dict[str, object]:
        """Return the area as a table row: its full name, then a count per status."""
        return {"area": self.name, **self.counts}


def status_by_area(draft: Draft) -> list[AreaProgress]:
    """Return the status counts of every area that holds clauses, in the order of AREAS."""
    counts = {area: {status.value: 0 for status in Status} for area in AREAS}
    for clause in draft.clauses():
        counts.setdefault(clause.area, {status.value: 0 for status in Status})[clause.status.value] += 1
    held = [(area, values) for area, values in counts.items() if sum(values.values())]
    return [AreaProgress(area, AREAS.get(area, area), values) for area, values in held]


def status_totals(draft: Draft) -> dict[str, int]:
    """Return how many clauses of the whole draft have each status."""
    totals = {status.value: 0 for status in Status}
    for clause in draft.clauses():
        totals[clause.status.value] += 1
    return totals


def burn_down(revisions: Iterable[Draft]) -> list[dict[str, object]]:
    """Return, for each revision in order, how many clauses were proposed, bracketed and agreed.

    A negotiation converges when the bracketed and proposed counts fall towards zero.
    """
    rows: list[dict[str, object]] = []
    for draft in revisions:
        rows.append({"revision": draft.revision, **status_totals(draft)})
    return rows
