"""The merged sequence of a redline: every piece of text known to be in the older revision, the newer or both.

`redline` writes these pieces as runs, and wraps the one-sided ones in tracked changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from charter.compare.ordering import kept_in_order
from charter.compare.tokens import DELETE, INSERT, word_diff
from charter.drafting.render import RenderedClause
from charter.word import ooxml
from charter.word.blame import CLAUSE, NUMBER, STATUS, Change, ChangesBy, Stamp, WordStamps
from charter.word.layout import (
    CLOSE,
    LEAD,
    OPEN,
    SUBPARAGRAPH,
    BodyBlock,
    clause_paragraphs,
    number_text,
    paragraph_texts,
)

#: Which text a piece of the redline belongs to: both, the older only (deleted), the newer only (inserted).
SAME, OLD, NEW = "=", "-", "+"


@dataclass
class Piece:
    """A stretch of text in one of the three states, with the stamp of the change that made it."""

    text: str
    side: str
    stamp: Stamp | None = None
    highlight: bool = False


@dataclass(frozen=True)
class Mark:
    """A paragraph mark inside a clause, in one of the three states."""

    side: str
    stamp: Stamp | None = None


@dataclass
class Para:
    """One Word paragraph of the redline: its pieces and the state of its paragraph mark."""

    kind: str
    pieces: list[Piece] = field(default_factory=list)
    mark: str = SAME
    mark_stamp: Stamp | None = None


def merge_blocks(
    old: list[BodyBlock], new: list[BodyBlock], unmatched: AbstractSet[str] = frozenset()
) -> list[tuple[BodyBlock | None, BodyBlock | None]]:
    """Return both layouts in one reading order as (older, newer) pairs; None where a side lacks the block.

    Blocks whose key is on both sides, not in `unmatched`, and in the longest order both sides
    share are paired; the others stand alone, older ones before newer ones in each gap.
    """
    old_keys, new_keys = {block.key for block in old}, {block.key for block in new}
    common_old = [b.key for b in old if b.key in new_keys and b.key not in unmatched]
    common_new = [b.key for b in new if b.key in old_keys and b.key not in unmatched]
    paired = kept_in_order(common_old, common_new)
    merged: list[tuple[BodyBlock | None, BodyBlock | None]] = []
    pending: list[tuple[BodyBlock | None, BodyBlock | None]] = []
    position = 0
    for after in new:
        if after.key not in paired:
            pending.append((None, after))
            continue
        while old[position].key != after.key:
            merged.append((old[position], None))
            position += 1
        merged.extend(pending)
        pending = []
        merged.append((old[position], after))
        position += 1
    merged.extend((block, None) for block in old[position:])
    merged.extend(pending)
    return merged


def text_pieces(
    before: str | None, after: str | None, change: Change, changes_by: ChangesBy
) -> tuple[list[Piece], str]:
    """Return the word-level pieces of a paragraph that is not a clause, and the state of its mark."""
    if before is None or after is None:
        side, text = (NEW, after) if before is None else (OLD, before)
        stamp = changes_by(change)
        return [Piece(ooxml.xml_safe(text or ""), side, stamp)], side
    if before == after:
        return [Piece(ooxml.xml_safe(after), SAME)], SAME
    stamp = changes_by(change)
    sides = {DELETE: OLD, INSERT: NEW}
    pieces = [
        Piece(text, sides.get(op, SAME), stamp if op in sides else None)
        for op, text in word_diff(ooxml.xml_safe(before), ooxml.xml_safe(after))
    ]
    return pieces, SAME


def redline_paragraphs(
    before: RenderedClause | None,
    after: RenderedClause | None,
    ops: list[tuple[str, str]],
    changes_by: ChangesBy,
    words: WordStamps | None = None,
) -> list[Para]:
    """Return the Word paragraphs of one clause: deleted, inserted, or changed word by word with `ops`.

    `ops` is the comparison's ("=" | "-" | "+", text) list from the older to the newer rendered
    text; it is used only when the clause is on both sides and its text changed. `words` signs
    each changed character with the revision that made it; without it (or where it does not
    tell) the clause's own stamp signs them all.
    """
    if before is None or after is None:
        clause = after if before is None else before
        assert clause is not None
        return _one_sided(clause, NEW if before is None else OLD, changes_by(Change(CLAUSE, clause.id)))
    old_bracketed, new_bracketed = before.wrapped, after.wrapped
    if before.number == after.number:
        items: list[Piece | Mark] = [Piece(number_text(after.number), SAME)]
    else:
        renumbered = changes_by(Change(NUMBER, after.id))
        items = [Piece(number_text(before.number), OLD, renumbered), Piece(number_text(after.number), NEW, renumbered)]
    items.append(Piece("\t", SAME))
    status = changes_by(Change(STATUS, after.id)) if old_bracketed != new_bracketed else None
    items += _bracket(OPEN, old_bracketed, new_bracketed, status)
    if before.text == after.text:
        for index, text in enumerate(paragraph_texts(after)):
            if index:
                items.append(Mark(SAME))
            items.append(Piece(text, SAME, None, new_bracketed))
        items += _bracket(CLOSE, old_bracketed, new_bracketed, status)
    else:
        stamp = changes_by(Change(CLAUSE, after.id))
        items += _walk(before.text, after.text, ops, _Signer(stamp, words), old_bracketed, new_bracketed)
        items += _bracket(CLOSE, old_bracketed, new_bracketed, status)
        items = _joins_at_spaces(items, stamp)
    return _paragraphs(items)


def _paragraphs(items: list[Piece | Mark]) -> list[Para]:
    """Return the Word paragraphs the items make, runs of alike pieces merged; the clause's last mark is kept."""
    paras = [Para(LEAD)]
    for item in items:
        if isinstance(item, Mark):
            paras[-1].mark, paras[-1].mark_stamp = item.side, item.stamp
            paras.append(Para(SUBPARAGRAPH))
            continue
        pieces = paras[-1].pieces
        if pieces and (pieces[-1].side, pieces[-1].stamp, pieces[-1].highlight) == (
            item.side,
            item.stamp,
            item.highlight,
        ):
            pieces[-1] = Piece(pieces[-1].text + item.text, item.side, item.stamp, item.highlight)
        else:
            pieces.append(item)
    return paras


def _one_sided(clause: RenderedClause, side: str, stamp: Stamp) -> list[Para]:
    """Return a clause on one side only as the export lays it out, every piece and paragraph mark marked."""
    return [
        Para(layout.kind, [Piece(part.text, side, stamp, part.highlight) for part in layout.parts], side, stamp)
        for layout in clause_paragraphs(clause, brackets_shown=True)
    ]


def _bracket(text: str, old: bool, new: bool, stamp: Stamp | None) -> list[Piece | Mark]:
    if old and new:
        return [Piece(text, SAME, None, True)]
    if old or new:
        return [Piece(text, OLD if old else NEW, stamp, True)]
    return []


_HIDDEN, _VISIBLE, _BREAK = 0, 1, 2


def _roles(text: str) -> bytearray:
    """Return, per character of a rendered clause text, whether the export shows it, drops it, or breaks there.

    The export writes the stripped non-empty lines (`split_paragraphs`) without the characters
    XML cannot hold; a paragraph break sits on the newline that ends each such line but the last.
    """
    roles = bytearray(len(text))
    lines: list[tuple[int, str]] = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((start, line))
        start += len(line) + 1
    for index, (start, line) in enumerate(lines):
        first, end = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        roles[first:end] = bytes([_VISIBLE]) * (end - first)
        if index < len(lines) - 1:
            roles[start + len(line)] = _BREAK
    for position in ooxml.xml_unsafe_positions(text):
        if roles[position] == _VISIBLE:
            roles[position] = _HIDDEN
    return roles


class _Signer:
    """The stamp of each changed character of a clause: its own from `WordStamps`, else the clause's."""

    def __init__(self, stamp: Stamp, words: WordStamps | None) -> None:
        self.stamp = stamp
        self.old: Sequence[Stamp | None] = words.old if words else ()
        self.new: Sequence[Stamp | None] = words.new if words else ()

    def at(self, side: str, old_at: int, new_at: int) -> Stamp | None:
        """Return the stamp of a character on `side` at those positions of the older and newer texts."""
        if side == SAME:
            return None
        stamps, index = (self.old, old_at) if side == OLD else (self.new, new_at)
        return (stamps[index] if index < len(stamps) else None) or self.stamp

    def one(self, side: str, start: int, size: int) -> Stamp | None:
        """Return the one stamp of `size` characters from `start` on `side`, or None when they differ."""
        stamps = self.old if side == OLD else self.new
        found = {stamps[i] if i < len(stamps) else None for i in range(start, start + size)} or {None}
        return (found.pop() or self.stamp) if len(found) == 1 else None


def _walk(
    old_text: str, new_text: str, ops: list[tuple[str, str]], signer: _Signer, old_bracketed: bool, new_bracketed: bool
) -> list[Piece | Mark]:
    """Return a changed clause's text as pieces of shown characters and one mark per paragraph break.

    Each character of the ops is looked up in both texts: shown on both sides it is SAME, on one
    side only OLD or NEW (a space the older text stripped at a line end and the newer text keeps
    inside a line is NEW, for instance); a newline that breaks a paragraph on one side only is
    a mark deleted or inserted. Each one-sided character and mark carries the stamp `signer`
    gives it. Raises ValueError when the ops do not spell the two texts.
    """
    if (
        "".join(text for op, text in ops if op != "+") != old_text
        or "".join(text for op, text in ops if op != "-") != new_text
    ):
        raise ValueError("the ops do not rebuild the two clause texts")
    old_roles, new_roles = _roles(old_text), _roles(new_text)
    items: list[Piece | Mark] = []
    chars: list[str] = []
    side: str = SAME
    signed: Stamp | None = None

    def flush() -> None:
        if chars:
            bracketed = old_bracketed if side == OLD else new_bracketed
            items.append(Piece("".join(chars), side, signed, bracketed))
            chars.clear()

    def put(text: str, here: str, stamp: Stamp | None) -> None:
        nonlocal side, signed
        if (here, stamp) != (side, signed):
            flush()
            side, signed = here, stamp
        chars.append(text)

    old_at = new_at = 0
    for op, segment in ops:
        size = len(segment)
        old_part = old_roles[old_at : old_at + size] if op != "+" else bytes(size)
        new_part = new_roles[new_at : new_at + size] if op != "-" else bytes(size)
        if old_part == new_part and old_part.count(_VISIBLE) == size:
            whole, stamp = SAME, None  # the common case: text both sides show, no break in it
        elif op != "=" and (old_part if op == "-" else new_part).count(_VISIBLE) == size:
            whole = OLD if op == "-" else NEW
            stamp = signer.one(whole, old_at if op == "-" else new_at, size)
        else:
            whole, stamp = "", None
        if whole and (whole == SAME or stamp is not None):
            put(segment, whole, stamp)
        else:
            for offset, (char, old_role, new_role) in enumerate(zip(segment, old_part, new_part, strict=True)):
                at_old, at_new = old_at + offset, new_at + offset
                if _VISIBLE in (old_role, new_role):
                    here = SAME if old_role == new_role else OLD if old_role == _VISIBLE else NEW
                    put(char, here, signer.at(here, at_old, at_new))
                elif _BREAK in (old_role, new_role):
                    flush()
                    mark = SAME if old_role == new_role else OLD if old_role == _BREAK else NEW
                    items.append(Mark(mark, signer.at(mark, at_old, at_new)))
        old_at += size if op != "+" else 0
        new_at += size if op != "-" else 0
    flush()
    return items


_SPACE = re.compile(r"\s")


def _joins_at_spaces(items: list[Piece | Mark], stamp: Stamp) -> list[Piece | Mark]:
    """Return the items with every one-sided paragraph mark moved to a word boundary of the other side.

    Word and LibreOffice join the two paragraphs around a mark that a view lacks with nothing
    between them, but pandoc puts a space there. So when, in the view without the mark, a word
    would run on across it ("markets" | "."), the rest of that word after the mark is written
    twice instead: as the other side's text before the mark, and as this side's text after it.
    Every reader then sees the same words.
    """
    result = list(items)
    index = 0
    while index < len(result):
        mark = result[index]
        if not isinstance(mark, Mark) or mark.side == SAME:
            index += 1
            continue
        other = OLD if mark.side == NEW else NEW
        if not _word_before(result, index, other):
            index += 1
            continue
        moved: list[Piece | Mark] = []
        cursor = index + 1
        while cursor < len(result):
            item = result[cursor]
            if item.side not in (SAME, other):
                cursor += 1
                continue
            if isinstance(item, Mark):
                break
            space = _SPACE.search(item.text)
            cut = space.start() if space else len(item.text)
            if cut == 0:
                break
            head, tail = item.text[:cut], item.text[cut:]
            moved.append(Piece(head, other, item.stamp or mark.stamp or stamp, item.highlight))
            kept = [Piece(head, mark.side, mark.stamp or stamp, item.highlight)] if item.side == SAME else []
            if tail:
                kept.append(Piece(tail, item.side, item.stamp, item.highlight))
            result[cursor : cursor + 1] = kept
            if tail:
                break
            cursor += len(kept)
        result[index:index] = moved
        index += len(moved) + 1
    return result


def _word_before(items: list[Piece | Mark], index: int, side: str) -> bool:
    """Return True when, in the view of SAME and `side` items, a non-space character ends the text before `index`."""
    for item in reversed(items[:index]):
        if item.side not in (SAME, side):
            continue
        if isinstance(item, Mark):
            return False
        if item.text:
            return not item.text[-1].isspace()
    return False
