"""One clause's words once each change in it is decided: the counterpart's, the old, or both in a bracket."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from charter.drafting.model import Bracket, Proposal
from charter.negotiation import brackets as notation
from charter.negotiation.changes import ClauseMarkup, Piece
from charter.word.matching import NUMBER, strip_number

Decision = Literal["accept", "reject", "bracket"]


class ClauseWording:
    """Builds one clause's text from its pieces and the decisions on their changes."""

    def __init__(self, markup: ClauseMarkup, decisions: Mapping[str, Decision], tag_of: Mapping[str, str]) -> None:
        self.markup = markup
        self.decisions = decisions
        self.tag_of = tag_of
        #: The counterpart's proposals that could not be a bracket in the text, kept as its reservation.
        self.reserved: list[str] = []
        #: The first lines of new clauses the reviewer bracketed.
        self.bracketed_lines: set[str] = set()
        #: The reviewer accepted running this clause into the next (`ClauseMarkup.joins`).
        self.joins = False

    def text(self, proposer: str, counterpart: str) -> str:
        out: list[str] = []
        pieces = list(self.markup.pieces)
        index = 0
        while index < len(pieces):
            piece = pieces[index]
            if piece.change is None:
                out.append(piece.text)
                index += 1
                continue
            group: list[Piece] = []
            while index < len(pieces) and pieces[index].change == piece.change:
                group.append(pieces[index])
                index += 1
            old = "".join(p.text for p in group if p.side == "old")
            new = "".join(p.text for p in group if p.side == "new")
            decision = self.decisions[piece.change]
            if self.markup.joins and index == len(pieces) and old == "\n":
                self.join(piece.change, decision)
            elif decision == "accept":
                out.append(new)
            elif decision == "reject":
                out.append(old)
            else:
                after = pieces[index].text if index < len(pieces) else ""
                out.append(self.bracket(piece.change, "".join(out), after, old, new, proposer, counterpart))
        return "".join(out)

    def join(self, change_id: str, decision: Decision) -> None:
        """Record the decision on the deleted paragraph mark after the clause: joined, kept, or a reservation."""
        if decision == "accept":
            self.joins = True
        elif decision == "bracket":  # two clauses cannot be one and two at once inside the text
            self.reserved.append(f"{change_id}: to join this clause with the next one")

    def bracket(
        self, change_id: str, before: str, after: str, old: str, new: str, proposer: str, counterpart: str
    ) -> str:
        """Return the notation that keeps both wordings: '[AZ: old / US: new]', a line at a time for whole lines."""
        outer = 1 if self.markup.wrapped else 0  # the "[" around a whole bracketed clause opens no bracket
        inside = before.count("[") - outer > before.count("]")
        whole_lines = new.startswith("\n") or (before.endswith("\n") and (not after or after.startswith("\n")))
        if not old.strip() and whole_lines and not inside:
            lines = [line.strip() for line in new.split("\n") if line.strip()]
            if lines and all(self.fits(line) for line in lines):
                for line in lines:
                    if NUMBER.match(line):
                        self.bracketed_lines.add(strip_number(line)[1])
                return "".join(
                    "\n" + (line if NUMBER.match(line) else self.literal("", line, proposer, counterpart))
                    for line in lines
                )
        if inside or not (self.fits(old) and self.fits(new)) or not (old.strip() or new.strip()):
            self.reserved.append(f"{change_id}: {_quoted(old)} \u2192 {_quoted(new)}")
            return old
        lead, trail = _shared(old, new, "lead"), _shared(old, new, "trail")
        return lead + self.literal(old.strip(), new.strip(), proposer, counterpart) + trail

    @staticmethod
    def fits(text: str) -> bool:
        return not any(bad in text for bad in ("\n", "[", "]", notation.SEPARATOR, "\ufffc"))

    def literal(self, old: str, new: str, proposer: str, counterpart: str) -> str:
        proposals = (Proposal(delegation=proposer, text=old), Proposal(delegation=counterpart, text=new))  # type: ignore[arg-type]
        return notation.bracket_literal(Bracket(proposals=proposals), self.tag_of)


def _quoted(text: str) -> str:
    words = " ".join(text.split())
    return f"\u201c{words[:300]}\u201d" if words else "(nothing)"


def _shared(old: str, new: str, end: Literal["lead", "trail"]) -> str:
    """Return the white space the wordings share at one end, to keep outside the bracket (an empty side shares any)."""
    sides = [
        text[: len(text) - len(text.lstrip())] if end == "lead" else text[len(text.rstrip()) :]
        for text in (old, new)
        if text.strip()
    ]
    return min(sides, key=len) if sides else ""
