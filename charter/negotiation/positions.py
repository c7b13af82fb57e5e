"""Where each delegation stands on each clause: its wordings in the open brackets and its reservation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from charter.drafting.model import DELEGATIONS, Comment, Reservation, Status
from charter.drafting.render import RenderedClause, RenderedDraft

#: The delegations every matrix shows a column for; the chair's appears only when it proposes something.
PARTIES = ("a", "b")


@dataclass(frozen=True)
class Wording:
    """One wording a delegation proposes in an open bracket: the bracket's number (1 for the first) and the text.

    An empty text proposes to leave the bracketed phrase out.
    """

    bracket: int
    text: str


@dataclass(frozen=True)
class Position:
    """What one delegation holds on one clause: its wordings in the clause's open brackets, and its reservation."""

    delegation: str
    wordings: tuple[Wording, ...] = ()
    reservation: Reservation | None = None

    @property
    def empty(self) -> bool:
        """Return True when the delegation proposes nothing in the clause and reserves nothing."""
        return not self.wordings and self.reservation is None


def position(clause: RenderedClause, delegation: str) -> Position:
    """Return `delegation`'s position on a clause, its wordings in bracket order."""
    wordings = tuple(
        Wording(number, proposal.text)
        for number, bracket in enumerate(clause.brackets, start=1)
        for proposal in bracket.proposals
        if proposal.delegation == delegation
    )
    reservation = next((r for r in clause.reservations if r.delegation == delegation), None)
    return Position(delegation, wordings, reservation)


def delegations_shown(view: RenderedDraft) -> tuple[str, ...]:
    """Return the delegations a print shows: both parties, and the chair when it proposes or reserves anything."""
    for clause in view.clauses():
        if any(p.delegation == "chair" for b in clause.brackets for p in b.proposals) or any(
            r.delegation == "chair" for r in clause.reservations
        ):
            return DELEGATIONS
    return PARTIES


def is_agreed(clause: RenderedClause) -> bool:
    """Return True for a clause agreed with nothing left open: no bracket inside it and no reservation on it."""
    return clause.status == Status.AGREED and not clause.brackets and not clause.reservations


def open_labels(view: RenderedDraft) -> list[str]:
    """Return the numbers ('P.2', 'II.3') of the clauses not yet agreed, in document order."""
    return [clause.label for clause in view.clauses() if not is_agreed(clause)]


def reservation_text(reservation: Reservation, tag_of: Mapping[str, str]) -> str:
    """Return how a print states a reservation: 'US reserve: pending review in Washington', or 'US reserve'."""
    said = f"{tag_of[reservation.delegation]} reserve"
    return f"{said}: {reservation.note}" if reservation.note else said


def last_comment(clause: RenderedClause) -> Comment | None:
    """Return the clause's most recent comment, or None when it has none."""
    if not clause.comments:
        return None
    return max(enumerate(clause.comments), key=lambda item: (item[1].time, item[0]))[1]


def joined(labels: list[str]) -> str:
    """Return clause numbers as a sentence lists them: 'I.1', 'I.1 and II.3', 'P.2, I.1 and II.3'."""
    if len(labels) < 3:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]
