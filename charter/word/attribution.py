"""Who wrote each word of a clause across a range of revisions: the revision that put it in or took it out.

A redline compares two revisions directly, but the words it marks were changed by the revisions
between them, often by both delegations inside one clause. A `Trail` follows a clause's rendered
text through the range one revision at a time: each step diffs the text word by word with the
text before it, so every character of the newest text knows the revision that inserted it, and
every character of the oldest text the revision that removed it. The redline then signs each run
with its own revision, not with whichever revision touched the clause last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from charter.compare.tokens import DELETE, EQUAL, word_diff
from charter.negotiation.rendered import RenderedBracket


class Hand(NamedTuple):
    """Who made a change: a revision, and whether it was the delegation the revision's changes came from.

    `counterpart` is True for the words a review took from the other delegation's file: they
    are that delegation's changes, saved by the reviewer.
    """

    revision: int
    counterpart: bool = False


#: Returns who made the change at a character position of a revision's text.
HandAt = Callable[[int], Hand]


class Trail:
    """One clause followed through a range of revisions, character by character."""

    def __init__(self, text: str) -> None:
        #: The clause's text at the start of the range.
        self.first = text
        #: The clause's text after the last step.
        self.text = text
        # per character of `text`: its index in `first`, or -1 when a step inserted it
        self._origin: list[int] = list(range(len(text)))
        self._inserted: list[Hand | None] = [None] * len(text)
        self._removed: list[Hand | None] = [None] * len(text)

    def step(self, text: str, inserted_by: HandAt, removed_by: HandAt) -> None:
        """Follow the clause to its next revision's `text`.

        `inserted_by(position)` says who inserted the character at a position of `text`;
        `removed_by(position)` who removed words at a position of `text` (where they stood).
        """
        if text == self.text:
            return
        origin: list[int] = []
        inserted: list[Hand | None] = []
        old_at = new_at = 0
        for op, piece in word_diff(self.text, text):
            size = len(piece)
            if op == EQUAL:
                origin += self._origin[old_at : old_at + size]
                inserted += self._inserted[old_at : old_at + size]
                old_at, new_at = old_at + size, new_at + size
            elif op == DELETE:
                hand = removed_by(new_at)
                for index in self._origin[old_at : old_at + size]:
                    if index >= 0:
                        self._removed[index] = hand
                old_at += size
            else:
                origin += [-1] * size
                inserted += [inserted_by(position) for position in range(new_at, new_at + size)]
                new_at += size
        self.text, self._origin, self._inserted = text, origin, inserted

    def removed(self) -> Sequence[Hand | None]:
        """Return, per character of the first text, who removed it (None while it stands or is unknown)."""
        return self._removed

    def inserted(self) -> Sequence[Hand | None]:
        """Return, per character of the latest text, who inserted it (None when it was in the first text)."""
        return self._inserted


def bracket_spans(pieces: Sequence[str | RenderedBracket]) -> list[tuple[int, int, str]]:
    """Return where each open bracket of a rendered clause stands in its text: (start, end, its notation)."""
    spans: list[tuple[int, int, str]] = []
    at = 0
    for piece in pieces:
        text = piece if isinstance(piece, str) else piece.literal
        if not isinstance(piece, str):
            spans.append((at, at + len(text), text))
        at += len(text)
    return spans


def reviewer_hands(
    revision: int, spans: Sequence[tuple[int, int, str]], earlier: Sequence[str]
) -> tuple[HandAt, HandAt]:
    """Return who inserted and who removed words in a review's revision: the counterpart, or the reviewer.

    The reviewer made the brackets the revision adds (a change answered with "bracket" keeps
    both wordings in one); every other change of a review is the counterpart's, accepted. A
    bracket is added when its notation is not one of the `earlier` revision's brackets.
    """
    left = list(earlier)
    added: list[tuple[int, int]] = []
    for start, end, literal in spans:
        if literal in left:
            left.remove(literal)
        else:
            added.append((start, end))

    def inserted(position: int) -> Hand:
        return Hand(revision, not any(start <= position < end for start, end in added))

    def removed(position: int) -> Hand:
        return Hand(revision, not any(start <= position <= end for start, end in added))

    return inserted, removed
