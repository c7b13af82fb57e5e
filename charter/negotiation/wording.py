"""One clause's words once each change in it is decided: the counterpart's, the old, or both in a bracket."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from charter.drafting import template
from charter.drafting.model import Bracket, DraftClause, Proposal, Settings, Status
from charter.drafting.render import split_paragraphs
from charter.errors import CharterError, ReviewError
from charter.negotiation import brackets as notation
from charter.negotiation.changes import ClauseMarkup, Piece
from charter.word.layout import unwrap
from charter.word.matching import NUMBER, strip_number

Decision = Literal["accept", "reject", "bracket"]


class ClauseWording:
    """Builds one clause's text from its pieces and the decisions on their changes."""

    def __init__(
        self,
        markup: ClauseMarkup,
        decisions: Mapping[str, Decision],
        tag_of: Mapping[str, str],
        values: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.markup = markup
        self.decisions = decisions
        self.tag_of = tag_of
        #: Where each value filled in from the settings stands in the exported text, so a bracket takes it whole.
        self.values = values
        #: The counterpart's proposals that could not be a bracket in the text, kept as its reservation.
        self.reserved: list[str] = []
        #: The first lines of new clauses the reviewer bracketed.
        self.bracketed_lines: set[str] = set()
        #: The reviewer accepted running this clause into the next (`ClauseMarkup.joins`).
        self.joins = False

    def text(self, proposer: str, counterpart: str) -> str:
        out: list[str] = []
        pieces = list(self.markup.pieces)
        index = at = 0  # `at`: where the next piece starts in the exported text
        while index < len(pieces):
            piece = pieces[index]
            if piece.change is None:
                out.append(piece.text)
                index, at = index + 1, at + len(piece.text)
                continue
            group: list[Piece] = []
            while index < len(pieces) and pieces[index].change == piece.change:
                group.append(pieces[index])
                index += 1
            old = "".join(p.text for p in group if p.side == "old")
            new = "".join(p.text for p in group if p.side == "new")
            start, at = at, at + len(old)
            decision = self.decisions[piece.change]
            if decision == "bracket":
                widened = self.widened(out, pieces, index, start, at)
                if widened is not None:
                    head, tail, out, index, at = widened
                    old, new = head + old + tail, head + new + tail
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

    def widened(
        self, out: list[str], pieces: list[Piece], index: int, start: int, end: int
    ) -> tuple[str, str, list[str], int, int] | None:
        """Return a bracket's reach widened to the whole of each filled-in value it cuts into, else None.

        A bracket that takes part of "the United States of America" would leave the `${party_b}`
        it came from nowhere to stand; one that takes it whole keeps it in the old wording. Returns
        the words taken before and after, the text written so far without those before, and where
        the walk goes on (piece index, position); None when there is nothing to widen, or a
        neighbouring change stands in the way.
        """
        low, high = start, end
        for first, last in self.values:
            if first < high and low < last and not (low <= first and last <= high):
                low, high = min(low, first), max(high, last)
        if (low, high) == (start, end):
            return None
        written = "".join(out)
        head = self.markup.exported[low:start]
        if not written.endswith(head):
            return None
        tail, rest = "", None
        while len(tail) < high - end and index < len(pieces) and pieces[index].change is None:
            needed = high - end - len(tail)
            text = pieces[index].text
            tail += text[:needed]
            if len(text) > needed:
                rest = Piece(text[needed:])
                break
            index += 1
        if tail != self.markup.exported[end:high]:
            return None
        if rest is not None:
            pieces[index] = rest  # the words after the value stay for the walk to write
        return head, tail, [written[: len(written) - len(head)]], index, high

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


def run_on(left: str, right: str) -> str:
    """Return two clauses' texts as one, the last paragraph of the first running on into the second, one space apart."""
    if not left.strip() or not right.strip():
        return left + right
    return left.rstrip(" ") + " " + right.lstrip(" ")


def unwrapped(text: str, wrapped: bool) -> str:
    inner = unwrap(text) if wrapped else None
    return text if inner is None else inner


def joined_clauses(first: DraftClause, second: DraftClause) -> DraftClause:
    """Return `first` with `second` run into it: texts, brackets, comments and reservations one clause's.

    The joined clause is agreed only when both were, and bracketed when either was.
    """
    statuses = {first.status, second.status}
    status = Status.AGREED if statuses == {Status.AGREED} else Status.BRACKETED
    if Status.BRACKETED not in statuses and statuses != {Status.AGREED}:
        status = Status.PROPOSED
    reserving = {r.delegation for r in first.reservations}
    return first.model_copy(
        update={
            "text": run_on(first.text, second.text),
            "brackets": first.brackets + second.brackets,
            "comments": first.comments + second.comments,
            "reservations": first.reservations + tuple(r for r in second.reservations if r.delegation not in reserving),
            "status": status,
        }
    )


def rewritten(
    clause: DraftClause,
    lines: list[str],
    was_wrapped: bool,
    settings: Settings,
    values: Mapping[str, str],
    label: str,
) -> tuple[DraftClause, list[str]] | None:
    """Return the clause with its text set from the decided lines, and warnings; None when no text is left.

    A clause the export showed in brackets keeps its status while its text is still in them,
    and is agreed once the brackets are gone (the counterpart took them out, and the reviewer
    accepted that), unless a bracket inside it is still open.
    """
    joined = "\n".join(lines)
    inner = unwrap(joined) if was_wrapped else None
    text = "\n".join(split_paragraphs(inner)) if inner is not None else joined
    if not text:
        return None
    warnings: list[str] = []
    kept = template.restore_untouched(notation.clause_literal(clause, settings), values, text)
    restored, touched = kept if kept is not None else (template.escape_dollars(text), [])
    try:
        changed, unclear = notation.with_literal(clause, restored, settings, where=f"clause {label}")
    except CharterError as err:
        raise ReviewError(f"clause {label} cannot be stored: {err}") from None
    warnings.extend(unclear)
    changed = _revalued(changed, clause.brackets, touched, values)
    stored = changed.text + "".join(p.text for b in changed.brackets for p in b.proposals)
    lost = [name for name in touched if name not in stored]
    if lost or (kept is None and "${" in clause.text):
        warnings.append(
            f"clause {label}: the decided text edits part of a value filled in from the draft settings "
            f"({', '.join(lost) or 'the values'}); stored those words as written"
        )
    status = changed.status
    if was_wrapped:
        status = Status.BRACKETED if inner is not None else Status.AGREED
    if changed.open:
        status = Status.BRACKETED
    return changed.model_copy(update={"status": status}), warnings


def _revalued(
    clause: DraftClause, known: tuple[Bracket, ...], names: list[str], values: Mapping[str, str]
) -> DraftClause:
    """Return the clause with each value it lost to a new bracket back as its `${name}` in that bracket's wordings."""
    if not names:
        return clause
    brackets = []
    for bracket in clause.brackets:
        proposals = bracket.proposals
        if bracket not in known:
            for name in names:
                value = template.escape_dollars(values[name[2:-1]])
                proposals = tuple(p.model_copy(update={"text": p.text.replace(value, name)}) for p in proposals)
        brackets.append(Bracket(proposals=proposals))
    return clause.model_copy(update={"brackets": tuple(brackets)})


def value_spans(
    clause: DraftClause, markup: ClauseMarkup, settings: Settings, values: Mapping[str, str]
) -> list[tuple[int, int]]:
    """Return where each value filled in from the settings stands in the text the export wrote of a clause.

    Empty when that text is not the clause as rendered (so no bracket is widened on a guess).
    """
    literal = notation.clause_literal(clause, settings)
    shown = template.render(literal, values)
    offset = 1 if markup.wrapped else 0
    if markup.exported[offset : offset + len(shown)] != shown:
        return []
    return [(start + offset, end + offset) for start, end, _ in template.value_spans(literal, values)]
