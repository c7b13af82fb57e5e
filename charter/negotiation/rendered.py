"""Open brackets as readers see them: each wording with its delegation's tag, variables filled in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from charter.drafting import template
from charter.drafting.model import DraftClause
from charter.negotiation import brackets as notation

if TYPE_CHECKING:
    from charter.drafting.render import RenderedClause


@dataclass(frozen=True)
class RenderedProposal:
    """One wording of an open bracket as a reader sees it: the delegation, its tag, the filled-in text."""

    delegation: str | None
    tag: str | None
    text: str


@dataclass(frozen=True)
class RenderedBracket:
    """An open bracket inside a clause, its wordings filled in, and how the notation writes it."""

    proposals: tuple[RenderedProposal, ...]

    @property
    def literal(self) -> str:
        """Return '[AZ: intend to / US: will seek to]'."""
        shown = [
            f"{p.tag}: {p.text or notation.OMITTED}" if p.tag else (p.text or notation.OMITTED) for p in self.proposals
        ]
        return "[" + notation.SEPARATOR.join(shown) + "]"


def clause_pieces(
    clause: DraftClause, values: dict[str, str], tag_of: dict[str, str]
) -> tuple[tuple[str | RenderedBracket, ...], str]:
    """Return a clause's filled-in pieces and its text with the brackets in the notation."""
    if not clause.brackets:
        text = template.render(clause.text, values)
        return ((text,) if text else ()), text
    pieces: list[str | RenderedBracket] = []
    for piece in notation.segments(clause.text, clause.brackets):
        if isinstance(piece, str):
            pieces.append(template.render(piece, values))
        else:
            proposals = tuple(
                RenderedProposal(
                    p.delegation, tag_of[p.delegation] if p.delegation else None, template.render(p.text, values)
                )
                for p in piece.proposals
            )
            pieces.append(RenderedBracket(proposals))
    text = "".join(p if isinstance(p, str) else p.literal for p in pieces)
    return tuple(pieces), text


def negotiation_json(clause: RenderedClause, tags: dict[str, str]) -> dict[str, Any]:
    """Return a clause's open brackets (each a list of wordings) and reservations in their stable JSON shape."""
    return {
        "brackets": [
            [{"delegation": p.delegation, "tag": p.tag, "text": p.text} for p in bracket.proposals]
            for bracket in clause.brackets
        ],
        "reservations": [
            {
                "delegation": r.delegation,
                "tag": tags.get(r.delegation),
                "note": r.note,
                "author": r.author,
                "time": r.time.isoformat(),
            }
            for r in clause.reservations
        ],
    }
