"""How the markup of one clause becomes numbered changes: tracked stretches grouped by author, untracked edits diffed.

`charter.negotiation.review` reads a file into these; `charter.negotiation.decisions` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from charter.compare.tokens import DELETE, EQUAL, word_diff
from charter.word.matching import NUMBER, flat
from charter.word.tracked import Mark, Segment

#: How many words of context a change shows on each side.
CONTEXT_WORDS = 6

#: The author shown for an edit the file makes without tracking it.
UNTRACKED = "(not tracked)"

#: How a change shows the paragraph mark it deletes between two clauses.
PILCROW = "\u00b6"


@dataclass(frozen=True)
class Change:
    """One change of the file: where, who, when, and the words before and after it."""

    id: str
    clause_id: str
    clause: str
    author: str
    date: datetime | None
    before: str
    after: str
    context_before: str = ""
    context_after: str = ""
    tracked: bool = True
    moved: bool = False
    #: The clause this one runs into when the change is accepted: the paragraph mark between them is deleted.
    joins: str = ""

    @property
    def kind(self) -> str:
        """Return 'insertion', 'deletion', 'replacement', or 'join' (two clauses made one)."""
        if self.joins:
            return "join"
        if not self.before:
            return "insertion"
        return "deletion" if not self.after else "replacement"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clause": self.clause,
            "clause_id": self.clause_id,
            "kind": self.kind,
            "tracked": self.tracked,
            "moved": self.moved,
            "author": self.author,
            "date": self.date.isoformat() if self.date else None,
            "before": self.before,
            "after": self.after,
            "context_before": self.context_before,
            "context_after": self.context_after,
            "joins": self.joins or None,
        }


@dataclass(frozen=True)
class Piece:
    """A stretch of a clause as exported: in both versions, or only before ('old') or after ('new') a change."""

    text: str
    change: str | None = None
    side: Literal["both", "old", "new"] = "both"


@dataclass(frozen=True)
class ClauseMarkup:
    """One clause of the file: its pieces in order, after its number, and the text the export wrote."""

    clause_id: str
    label: str
    pieces: tuple[Piece, ...]
    exported: str
    #: The export showed the whole clause in "[" and "]" (bracketed, with no bracket inside).
    wrapped: bool = False
    #: The id of the clause the file runs this one into (it deletes the paragraph mark between them).
    joins: str = ""


def without_number(exported: str) -> str:
    match = NUMBER.match(exported)
    return exported[match.end() :] if match else exported


def after_number(segments: list[Segment]) -> list[Segment]:
    """Return a clause's stretches without the literal number its first paragraph opens with ('3.' and a tab).

    Tracked edits of the number itself (the counterpart renumbering) go with it.
    """
    old = "".join(s.text for s in segments if s.old)
    match = NUMBER.match(old)
    if match is None:
        return segments
    cut, position, kept = match.end(), 0, []
    for segment in segments:
        if not segment.old:
            if position < cut and not segment.text.strip(" \t0123456789.)"):
                continue
            kept.append(segment)
            continue
        if position + len(segment.text) <= cut:
            position += len(segment.text)
            continue
        start = max(0, cut - position)
        position += len(segment.text)
        kept.append(Segment(segment.text[start:], segment.mark))
    return kept


@dataclass(frozen=True)
class Stretch:
    """A piece of a clause before changes are numbered: its side, and the mark of the change that made it."""

    text: str
    side: Literal["both", "old", "new"] = "both"
    mark: Mark | None = None
    #: For the deleted paragraph mark ending a clause: the label of the clause it runs into.
    joins: str = ""

    @property
    def key(self) -> tuple[str, bool, str] | None:
        """Return what neighbouring stretches share to be one change: author, tracking, a join; None when unchanged."""
        if self.side == "both":
            return None
        return (self.mark.author, True, self.joins) if self.mark else (UNTRACKED, False, self.joins)


def overlay(segments: list[Segment], exported: str) -> list[Stretch]:
    """Return the clause's stretches; edits the file made without tracking them become stretches too.

    The text before the tracked changes should be what the export wrote. Where it is not, the
    file was also edited without tracking: those edits are diffed word by word against the
    export, and each becomes a change of its own.
    """
    old = "".join(s.text for s in segments if s.old)
    spans = untracked_edits(exported, old) if flat(old) != flat(exported) else []
    out: list[Stretch] = []
    placed: set[int] = set()

    def place_deleted(at: int) -> None:
        for number, (start, _, words) in enumerate(spans):
            if start == at and words and number not in placed:
                placed.add(number)
                out.append(Stretch(words, "old"))

    position = 0
    for segment in segments:
        if not segment.old:
            out.append(Stretch(segment.text, "new", segment.mark))
            continue
        start, end = position, position + len(segment.text)
        cuts = sorted({start, end} | {edge for s, e, _ in spans for edge in (s, e) if start < edge < end})
        for low, high in zip(cuts, cuts[1:], strict=False):
            place_deleted(low)
            text = segment.text[low - start : high - start]
            if segment.mark is not None:
                out.append(Stretch(text, "old", segment.mark))
            elif any(s <= low and high <= e for s, e, _ in spans):
                out.append(Stretch(text, "new"))
            else:
                out.append(Stretch(text))
        position = end
    place_deleted(position)
    return out


def untracked_edits(exported: str, old: str) -> list[tuple[int, int, str]]:
    """Return the edits that turn the exported text into the file's: (start, end) in the file's text, words replaced."""
    spans: list[tuple[int, int, str]] = []
    position, start, pending, editing = 0, 0, "", False
    for op, text in [*word_diff(exported, old), (EQUAL, "")]:
        if op == EQUAL:
            if editing and (pending.strip() or old[start:position].strip()):
                spans.append((start, position, pending))
            editing, pending = False, ""
            position += len(text)
            continue
        if not editing:
            editing, start = True, position
        if op == DELETE:
            pending += text
        else:
            position += len(text)
    return spans


def numbered(
    clauses: list[tuple[str, str, str, bool, list[Stretch]]], start: int = 1, joins: dict[str, str] | None = None
) -> tuple[list[ClauseMarkup], list[Change]]:
    """Return the clauses with their stretches grouped into changes, and the changes, numbered c1, c2, ... in order.

    Neighbouring stretches of one author (a deletion and the insertion that replaces it) are one
    change; a deleted paragraph mark that runs a clause into the next is a change of its own.
    `joins` gives, by clause id, the id of the clause the file runs it into.
    """
    numbered: list[ClauseMarkup] = []
    changes: list[Change] = []
    for clause_id, label, exported, wrapped, stretches in clauses:
        stretches = [s for s in stretches if s.text]
        groups: list[list[int]] = []
        for index, stretch in enumerate(stretches):
            if stretch.key is None:
                continue
            if groups and groups[-1][-1] == index - 1 and stretches[index - 1].key == stretch.key:
                groups[-1].append(index)
            else:
                groups.append([index])
        owner: dict[int, str] = {}
        for group in groups:
            change_id = f"c{start + len(changes)}"
            owner.update(dict.fromkeys(group, change_id))
            changes.append(_change(change_id, clause_id, label, stretches, group))
        pieces = tuple(Piece(s.text, owner.get(i), s.side) for i, s in enumerate(stretches))
        numbered.append(ClauseMarkup(clause_id, label, pieces, exported, wrapped, (joins or {}).get(clause_id, "")))
    return numbered, changes


def _change(change_id: str, clause_id: str, label: str, stretches: list[Stretch], group: list[int]) -> Change:
    marks: list[Mark] = [mark for i in group if (mark := stretches[i].mark) is not None]
    before_words = "".join(s.text for s in stretches[: group[0]] if s.side != "new").split()
    after_words = "".join(s.text for s in stretches[group[-1] + 1 :] if s.side != "new").split()
    dates = [mark.date for mark in marks if mark.date is not None]
    joins = stretches[group[0]].joins
    return Change(
        id=change_id,
        clause_id=clause_id,
        clause=label,
        author=(marks[0].author or "unknown") if marks else UNTRACKED,
        date=min(dates) if dates else None,
        before=PILCROW if joins else "".join(stretches[i].text for i in group if stretches[i].side == "old"),
        after="".join(stretches[i].text for i in group if stretches[i].side == "new"),
        context_before=" ".join(before_words[-CONTEXT_WORDS:]),
        context_after=" ".join(after_words[:CONTEXT_WORDS]),
        tracked=bool(marks),
        moved=any(mark.moved for mark in marks),
        joins=joins,
    )
