"""Redline: two revisions of a draft as one charter whose native Word tracked changes lead from one to the other.

The file has the charter export's layout in draft mode (brackets and comments shown), its header
saying "REDLINE: <name>, revision N to M". Accept All gives exactly the newer revision's text and
Reject All exactly the older one's, paragraph by paragraph, because the body is written as one
merged sequence of pieces, each known to be in the older text, the newer text or both:

- Blocks (title, chapeau, lead-in, section headings, clauses, testimonium) are aligned by key,
  keeping the longest common order; a block on one side only is a whole deleted or inserted
  paragraph, its runs and its paragraph mark marked, so neither view keeps an empty paragraph.
- Inside a clause on both sides, the comparison's word ops are walked character by character
  against each side's paragraphs (lines stripped, blank lines dropped, as the export writes
  them). A line break that only one side has becomes a paragraph mark deleted or inserted,
  placed at a word boundary of the other side, because pandoc joins the paragraphs around a
  mark it drops with a space where Word and LibreOffice join them with nothing.
- Numbers stay literal. A renumbered clause is no content change, but its number text differs,
  so it is written as `w:del` old number + `w:ins` new number. Section numerals, brackets of a
  clause whose status changed, and settings-driven text (title, chapeau, testimonium,
  signatures) are tracked the same way, word by word.
- A moved clause is deleted at its old place and inserted at its new place, not written as
  `w:moveFrom`/`w:moveTo`: a move range must hold the same text at both ends, so a clause that
  was moved and edited (and, being renumbered, nearly every moved clause is) would need edits
  nested inside the move; pandoc and LibreOffice 7.4 read moves as delete plus insert anyway;
  and mismatched move range names or ids make Word call the file unreadable, which no reader
  here could catch. Delete plus insert is exact in every reader.
- Each mark's author and date are those of the latest revision in (from, to] that made that
  kind of change to that clause or paragraph (`revision_stamps`). Comments take ids 0..n-1;
  revision marks and bookmarks draw theirs from one counter after them, so no two share an id.
- Every clause keeps its `c_<id>` bookmark: where it stands in the newer revision, or at its
  old place when it was deleted. The custom properties say `charter.export_mode = redline` and
  give `charter.revision_from` and `charter.revision_to`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from charter.compare.diff import ClauseChange, compare, moved_ids
from charter.compare.tokens import DELETE, INSERT, word_diff
from charter.drafting.model import Draft, Status
from charter.drafting.render import RenderedClause, RenderedDraft, render_draft
from charter.word import ooxml
from charter.word.blame import BLOCK, CLAUSE, NUMBER, STATUS, Change, ChangesBy, Stamp, revision_stamps
from charter.word.export import DEFAULT_AUTHOR, BodyBlock, CharterWriter, body_blocks, revision_label, save_document

if TYPE_CHECKING:
    from charter.store import Store

#: Which text a piece of the redline belongs to: both, the older only (deleted), the newer only (inserted).
SAME, OLD, NEW = "=", "-", "+"

def redline_docx(
    store: Store,
    name: str,
    from_rev: int,
    to_rev: int,
    path_or_stream: str | Path | IO[bytes],
    *,
    author: str | None = None,
) -> None:
    """Write the redline from revision `from_rev` to `to_rev` of a stored draft to a path or binary stream.

    Raises NotFoundError for a missing draft or revision, DraftError when `from_rev` is not
    older than `to_rev`, and WordError when the file cannot be written.
    """
    save_document(_build_from_store(store, name, from_rev, to_rev, author), path_or_stream)


def redline_bytes(store: Store, name: str, from_rev: int, to_rev: int, *, author: str | None = None) -> bytes:
    """Return the .docx bytes `redline_docx` would write, for a download button."""
    buffer = io.BytesIO()
    redline_docx(store, name, from_rev, to_rev, buffer, author=author)
    return buffer.getvalue()


def _build_from_store(store: Store, name: str, from_rev: int, to_rev: int, author: str | None) -> DocxDocument:
    stamps = revision_stamps(store, name, from_rev, to_rev)
    old, new = store.load(name, from_rev), store.load(name, to_rev)
    return build_redline(old, new, stamps, author=author, revision_time=stamps.time_of(to_rev))


def build_redline(
    old: Draft,
    new: Draft,
    changes_by: ChangesBy | Stamp,
    *,
    author: str | None = None,
    revision_time: datetime | None = None,
) -> DocxDocument:
    """Return the python-docx Document of the redline from `old` to `new`, not yet saved.

    `changes_by` gives each revision mark its author and date: a function from `Change` to
    `Stamp` (such as `revision_stamps(...)`), or one Stamp for every mark. `author` goes in the
    core properties; `revision_time` dates the file (default: now).
    """
    if isinstance(changes_by, Stamp):
        fixed = changes_by
        changes_by = lambda change: fixed  # noqa: E731
    writer = _RedlineWriter(old, new, changes_by, time=revision_time or datetime.now(UTC))
    writer.write_body()
    writer.write_header_and_footer()
    writer.write_properties(ooxml.xml_safe(author or DEFAULT_AUTHOR) or DEFAULT_AUTHOR)
    return writer.document




# -- the merged sequence -------------------------------------------------------------------


@dataclass
class _Piece:
    """A stretch of text in one of the three states, with the stamp of the change that made it."""

    text: str
    side: str
    stamp: Stamp | None = None
    highlight: bool = False


@dataclass(frozen=True)
class _Mark:
    """A paragraph mark inside a clause, in one of the three states."""

    side: str
    stamp: Stamp | None = None


@dataclass
class _Para:
    """One Word paragraph of the redline: its pieces and the state of its paragraph mark."""

    kind: str
    pieces: list[_Piece] = field(default_factory=list)
    mark: str = SAME
    mark_stamp: Stamp | None = None


def _merge_blocks(
    old: list[BodyBlock], new: list[BodyBlock], unmatched: AbstractSet[str] = frozenset()
) -> list[tuple[BodyBlock | None, BodyBlock | None]]:
    """Return both layouts in one reading order as (older, newer) pairs; None where a side lacks the block.

    Blocks whose key is on both sides, not in `unmatched`, and in the longest order both sides
    share are paired; the others stand alone, older ones before newer ones in each gap.
    """
    old_keys, new_keys = {block.key for block in old}, {block.key for block in new}
    common_old = [b.key for b in old if b.key in new_keys and b.key not in unmatched]
    common_new = [b.key for b in new if b.key in old_keys and b.key not in unmatched]
    paired = set(common_new) - moved_ids(common_old, common_new)
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


def _text_pieces(
    before: str | None, after: str | None, change: Change, changes_by: ChangesBy
) -> tuple[list[_Piece], str]:
    """Return the word-level pieces of a paragraph that is not a clause, and the state of its mark."""
    if before is None or after is None:
        side, text = (NEW, after) if before is None else (OLD, before)
        stamp = changes_by(change)
        return [_Piece(ooxml.xml_safe(text or ""), side, stamp)], side
    if before == after:
        return [_Piece(ooxml.xml_safe(after), SAME)], SAME
    stamp = changes_by(change)
    sides = {DELETE: OLD, INSERT: NEW}
    pieces = [
        _Piece(text, sides.get(op, SAME), stamp if op in sides else None)
        for op, text in word_diff(ooxml.xml_safe(before), ooxml.xml_safe(after))
    ]
    return pieces, SAME


def _clause_paragraphs(
    before: RenderedClause | None, after: RenderedClause | None, ops: list[tuple[str, str]], changes_by: ChangesBy
) -> list[_Para]:
    """Return the Word paragraphs of one clause: deleted, inserted, or changed word by word with `ops`.

    `ops` is the comparison's ("=" | "-" | "+", text) list from the older to the newer rendered
    text; it is used only when the clause is on both sides and its text changed.
    """
    if before is None or after is None:
        clause = after if before is None else before
        assert clause is not None
        return _one_sided(clause, NEW if before is None else OLD, changes_by(Change(CLAUSE, clause.id)))
    old_bracketed, new_bracketed = before.status == Status.BRACKETED, after.status == Status.BRACKETED
    if before.number == after.number:
        items: list[_Piece | _Mark] = [_Piece(f"{after.number}.", SAME)]
    else:
        renumbered = changes_by(Change(NUMBER, after.id))
        items = [_Piece(f"{before.number}.", OLD, renumbered), _Piece(f"{after.number}.", NEW, renumbered)]
    items.append(_Piece("\t", SAME))
    status = changes_by(Change(STATUS, after.id)) if old_bracketed != new_bracketed else None
    items += _bracket("[", old_bracketed, new_bracketed, status)
    if before.text == after.text:
        texts = [ooxml.xml_safe(text) for text in after.paragraphs] or [""]
        for index, text in enumerate(texts):
            if index:
                items.append(_Mark(SAME))
            items.append(_Piece(text, SAME, None, new_bracketed))
        items += _bracket("]", old_bracketed, new_bracketed, status)
    else:
        stamp = changes_by(Change(CLAUSE, after.id))
        items += _walk(before.text, after.text, ops, stamp, old_bracketed, new_bracketed)
        items += _bracket("]", old_bracketed, new_bracketed, status)
        items = _joins_at_spaces(items, stamp)
    return _paragraphs(items)


def _paragraphs(items: list[_Piece | _Mark]) -> list[_Para]:
    """Return the Word paragraphs the items make, runs of alike pieces merged; the clause's last mark is kept."""
    paras = [_Para("clause")]
    for item in items:
        if isinstance(item, _Mark):
            paras[-1].mark, paras[-1].mark_stamp = item.side, item.stamp
            paras.append(_Para("subparagraph"))
            continue
        pieces = paras[-1].pieces
        if pieces and (pieces[-1].side, pieces[-1].stamp, pieces[-1].highlight) == (
            item.side,
            item.stamp,
            item.highlight,
        ):
            pieces[-1] = _Piece(pieces[-1].text + item.text, item.side, item.stamp, item.highlight)
        else:
            pieces.append(item)
    return paras


def _one_sided(clause: RenderedClause, side: str, stamp: Stamp) -> list[_Para]:
    bracketed = clause.status == Status.BRACKETED
    texts = [ooxml.xml_safe(text) for text in clause.paragraphs] or [""]
    paras = [_Para("subparagraph", [_Piece(text, side, stamp, bracketed)], side, stamp) for text in texts]
    paras[0].kind = "clause"
    paras[0].pieces[:0] = [_Piece(f"{clause.number}.\t", side, stamp)]
    if bracketed:
        paras[0].pieces.insert(1, _Piece("[", side, stamp, True))
        paras[-1].pieces.append(_Piece("]", side, stamp, True))
    return paras


def _bracket(text: str, old: bool, new: bool, stamp: Stamp | None) -> list[_Piece | _Mark]:
    if old and new:
        return [_Piece(text, SAME, None, True)]
    if old or new:
        return [_Piece(text, OLD if old else NEW, stamp, True)]
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


def _walk(
    old_text: str, new_text: str, ops: list[tuple[str, str]], stamp: Stamp, old_bracketed: bool, new_bracketed: bool
) -> list[_Piece | _Mark]:
    """Return a changed clause's text as pieces of shown characters and one mark per paragraph break.

    Each character of the ops is looked up in both texts: shown on both sides it is SAME, on one
    side only OLD or NEW (a space the older text stripped at a line end and the newer text keeps
    inside a line is NEW, for instance); a newline that breaks a paragraph on one side only is
    a mark deleted or inserted. Raises ValueError when the ops do not spell the two texts.
    """
    if (
        "".join(text for op, text in ops if op != "+") != old_text
        or "".join(text for op, text in ops if op != "-") != new_text
    ):
        raise ValueError("the ops do not rebuild the two clause texts")
    old_roles, new_roles = _roles(old_text), _roles(new_text)
    items: list[_Piece | _Mark] = []
    chars: list[str] = []
    side = SAME

    def flush() -> None:
        if chars:
            bracketed = old_bracketed if side == OLD else new_bracketed
            items.append(_Piece("".join(chars), side, None if side == SAME else stamp, bracketed))
            chars.clear()

    old_at = new_at = 0
    for op, segment in ops:
        size = len(segment)
        old_part = old_roles[old_at : old_at + size] if op != "+" else bytes(size)
        new_part = new_roles[new_at : new_at + size] if op != "-" else bytes(size)
        old_at += size if op != "+" else 0
        new_at += size if op != "-" else 0
        if old_part == new_part and old_part.count(_VISIBLE) == size:
            whole = SAME  # the common case: text both sides show, no break in it
        elif op != "=" and (old_part if op == "-" else new_part).count(_VISIBLE) == size:
            whole = OLD if op == "-" else NEW
        else:
            whole = ""
        if whole:
            if whole != side:
                flush()
                side = whole
            chars.append(segment)
            continue
        for char, old_role, new_role in zip(segment, old_part, new_part, strict=True):
            if _VISIBLE in (old_role, new_role):
                here = SAME if old_role == new_role else OLD if old_role == _VISIBLE else NEW
                if here != side:
                    flush()
                    side = here
                chars.append(char)
            elif _BREAK in (old_role, new_role):
                flush()
                mark = SAME if old_role == new_role else OLD if old_role == _BREAK else NEW
                items.append(_Mark(mark, None if mark == SAME else stamp))
    flush()
    return items


_SPACE = re.compile(r"\s")


def _joins_at_spaces(items: list[_Piece | _Mark], stamp: Stamp) -> list[_Piece | _Mark]:
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
        if not isinstance(mark, _Mark) or mark.side == SAME:
            index += 1
            continue
        other = OLD if mark.side == NEW else NEW
        if not _word_before(result, index, other):
            index += 1
            continue
        moved: list[_Piece | _Mark] = []
        cursor = index + 1
        while cursor < len(result):
            item = result[cursor]
            if item.side not in (SAME, other):
                cursor += 1
                continue
            if isinstance(item, _Mark):
                break
            space = _SPACE.search(item.text)
            cut = space.start() if space else len(item.text)
            if cut == 0:
                break
            head, tail = item.text[:cut], item.text[cut:]
            moved.append(_Piece(head, other, item.stamp or stamp, item.highlight))
            kept = [_Piece(head, mark.side, stamp, item.highlight)] if item.side == SAME else []
            if tail:
                kept.append(_Piece(tail, item.side, item.stamp, item.highlight))
            result[cursor : cursor + 1] = kept
            if tail:
                break
            cursor += len(kept)
        result[index:index] = moved
        index += len(moved) + 1
    return result


def _word_before(items: list[_Piece | _Mark], index: int, side: str) -> bool:
    """Return True when, in the view of SAME and `side` items, a non-space character ends the text before `index`."""
    for item in reversed(items[:index]):
        if item.side not in (SAME, side):
            continue
        if isinstance(item, _Mark):
            return False
        if item.text:
            return not item.text[-1].isspace()
    return False


# -- writing ---------------------------------------------------------------------------------


class _RedlineWriter(CharterWriter):
    """Lays out the merged older and newer revisions as the charter export lays out one."""

    def __init__(self, old: Draft, new: Draft, changes_by: ChangesBy, *, time: datetime) -> None:
        self.old_view: RenderedDraft = render_draft(old)
        super().__init__(render_draft(new), clean=False, time=time)
        self.mode_name = "redline"
        self.changes_by = changes_by
        self.comparison = compare(old, new)
        self._dates: dict[datetime, str] = {}

    def revision_range(self) -> str:
        """Return 'revision 3 to 7' (or 'unsaved' for a side that has no revision number)."""
        first, last = self.old_view.revision, self.view.revision
        if first is not None and last is not None:
            return f"revision {first} to {last}"
        return f"{revision_label(first)} to {revision_label(last)}"

    def draft_line(self) -> str | None:
        return f"REDLINE: {self.view.name}, {self.revision_range()}"

    def subject(self) -> str:
        return f"{self.view.name}, {self.revision_range()}"

    def custom_properties(self) -> dict[str, str]:
        properties = super().custom_properties()
        first, last = self.old_view.revision, self.view.revision
        properties["charter.revision_from"] = "" if first is None else str(first)
        properties["charter.revision_to"] = "" if last is None else str(last)
        return properties

    def write_body(self) -> None:
        """Write the merged title, chapeau, recitals, sections, testimonium and signature blocks."""
        changes: dict[str, ClauseChange] = {change.id: change for change in self.comparison.clauses}
        unmatched = {f"clause:{change.id}" for change in self.comparison.clauses if change.moved}
        new_ids = {clause.id for clause in self.view.clauses()}
        old_blocks, new_blocks = body_blocks(self.old_view), body_blocks(self.view)
        for before, after in _merge_blocks(old_blocks, new_blocks, unmatched):
            block = after or before
            assert block is not None
            if block.clause is None:
                old_text, new_text = (before.text if before else None), (after.text if after else None)
                pieces, mark = _text_pieces(old_text, new_text, Change(BLOCK, block.key), self.changes_by)
                self._write(_Para(block.kind, pieces, mark, pieces[0].stamp))
                continue
            old_clause = before.clause if before else None
            new_clause = after.clause if after else None
            paras = _clause_paragraphs(old_clause, new_clause, changes[block.clause.id].ops, self.changes_by)
            written = [self._write(para) for para in paras]
            if new_clause is not None:
                self._comment(new_clause, written[0])
            if new_clause is not None or block.clause.id not in new_ids:
                ooxml.wrap_in_bookmark(written[0], written[-1], ooxml.bookmark_name(block.clause.id), self.next_id())
        names = self.signature_table()
        for index, (paragraph, before_name, after_name) in enumerate(
            zip(names, self.old_view.signatories, self.view.signatories, strict=True)
        ):
            change = Change(BLOCK, f"signature:{index}")
            pieces, _ = _text_pieces(before_name, after_name, change, self.changes_by)
            self._fill(paragraph, pieces)

    def _write(self, para: _Para) -> Paragraph:
        if para.kind == "clause":
            paragraph = self.new_paragraph(self.styles.clause)
        elif para.kind == "subparagraph":
            paragraph = self.new_paragraph(self.styles.subparagraph)
        else:
            paragraph = self.block_paragraph(para.kind)
        self._fill(paragraph, para.pieces)
        if para.mark != SAME:
            author, date = self._who(para.mark_stamp)
            kind = ooxml.INSERTED if para.mark == NEW else ooxml.DELETED
            ooxml.mark_paragraph(paragraph._p, kind, self.next_id(), author, date)
        return paragraph

    def _fill(self, paragraph: Paragraph, pieces: list[_Piece]) -> None:
        """Append the pieces as runs, wrapping each stretch of deleted or inserted ones in one w:del or w:ins."""
        p = paragraph._p
        container = None
        current: tuple[str, Stamp | None] | None = None
        for piece in pieces:
            if not piece.text:
                continue
            if piece.side == SAME:
                container, current = None, None
                ooxml.append_run(p, piece.text, highlight=piece.highlight)
                continue
            if container is None or current != (piece.side, piece.stamp):
                author, date = self._who(piece.stamp)
                kind = ooxml.INSERTED if piece.side == NEW else ooxml.DELETED
                container = ooxml.revision_mark(kind, self.next_id(), author, date)
                p.append(container)
                current = (piece.side, piece.stamp)
            ooxml.append_run(container, piece.text, deleted=piece.side == OLD, highlight=piece.highlight)

    def _who(self, stamp: Stamp | None) -> tuple[str, str]:
        if stamp is None:  # a mark always has a stamp; this keeps the schema's required author even so
            return DEFAULT_AUTHOR, ooxml.revision_date(self.time)
        date = self._dates.get(stamp.time)
        if date is None:
            date = self._dates[stamp.time] = ooxml.revision_date(stamp.time)
        return stamp.author, date

    def _comment(self, clause: RenderedClause, first: Paragraph) -> None:
        """Anchor the newer revision's comments on the runs of the clause's first paragraph that are not deleted."""
        if not clause.comments:
            return
        deleted = qn("w:del")
        runs = [Run(r, first) for r in first._p.iter(qn("w:r")) if r.getparent().tag != deleted]
        for comment in clause.comments:
            self.add_comment(comment, runs)
