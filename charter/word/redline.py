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
- Each mark's date is that of the revision in (from, to] that made it (`revision_stamps`): inside
  a clause the one that inserted or removed those words, elsewhere the latest that made that kind
  of change to that clause or paragraph. Its author is that revision's delegation (its author's
  name when it records none, or always with `sign_by="author"`; the counterpart's for the words
  a review accepted from its file), so Word shows each delegation's changes in a colour of its own.
  A reservation placed, changed or withdrawn is a Word comment on its clause ("US reservation
  placed: ..."), signed the same way: a reservation is no text of the charter, so Accept All and
  Reject All still give exactly the two revisions' texts. Comments take ids 0..n-1; revision
  marks and bookmarks draw theirs from one counter after them, so no two share an id.
- Every clause keeps its `c_<id>` bookmark: where it stands in the newer revision, or at its
  old place when it was deleted. The custom properties say `charter.export_mode = redline` and
  give `charter.revision_from` and `charter.revision_to`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from charter.bilingual.render import in_language, render_in
from charter.compare.diff import ClauseChange, ReservationChange, compare
from charter.compare.report import reservation_line
from charter.drafting.model import Comment, Draft
from charter.drafting.render import RenderedClause, RenderedDraft
from charter.word import names, ooxml
from charter.word.blame import (
    BLOCK,
    RESERVATION,
    Change,
    ChangesBy,
    RevisionStamps,
    Stamp,
    WordStamps,
    revision_stamps,
)
from charter.word.export import DEFAULT_AUTHOR, CharterWriter, revision_label, save_document
from charter.word.layout import LEAD, SUBPARAGRAPH, body_blocks
from charter.word.originals import set_document_language
from charter.word.redline_sequence import NEW, OLD, SAME, Para, Piece, merge_blocks, redline_paragraphs, text_pieces

if TYPE_CHECKING:
    from charter.store import Store


def redline_docx(
    store: Store,
    name: str,
    from_rev: int,
    to_rev: int,
    path_or_stream: str | Path | IO[bytes],
    *,
    author: str | None = None,
    sign_by: str = "delegation",
    language: str | None = None,
) -> None:
    """Write the redline from revision `from_rev` to `to_rev` of a stored draft to a path or binary stream.

    Each change is signed by the delegation of the revision that made it (`sign_by` "delegation",
    falling back to the author's name) or by its author ("author"). `language` (a code such as
    'az') writes the redline of that language's original; None the working text's. Raises
    NotFoundError for a missing draft or revision, DraftError when `from_rev` is not older than
    `to_rev` or the draft lacks the language, and WordError when the file cannot be written.
    """
    save_document(_build_from_store(store, name, from_rev, to_rev, author, sign_by, language), path_or_stream)


def redline_bytes(
    store: Store,
    name: str,
    from_rev: int,
    to_rev: int,
    *,
    author: str | None = None,
    sign_by: str = "delegation",
    language: str | None = None,
) -> bytes:
    """Return the .docx bytes `redline_docx` would write, for a download button."""
    buffer = io.BytesIO()
    redline_docx(store, name, from_rev, to_rev, buffer, author=author, sign_by=sign_by, language=language)
    return buffer.getvalue()


def _build_from_store(
    store: Store, name: str, from_rev: int, to_rev: int, author: str | None, sign_by: str, language: str | None = None
) -> DocxDocument:
    stamps = revision_stamps(store, name, from_rev, to_rev, sign_by, language=language)
    old, new = store.load(name, from_rev), store.load(name, to_rev)
    return build_redline(old, new, stamps, author=author, revision_time=stamps.time_of(to_rev), language=language)


def build_redline(
    old: Draft,
    new: Draft,
    changes_by: ChangesBy | Stamp,
    *,
    author: str | None = None,
    revision_time: datetime | None = None,
    language: str | None = None,
) -> DocxDocument:
    """Return the python-docx Document of the redline from `old` to `new` (in `language`; None: working), not saved.

    `changes_by` gives each revision mark its author and date: a function from `Change` to
    `Stamp` (such as `revision_stamps(...)`), or one Stamp for every mark. `author` goes in the
    core properties; `revision_time` dates the file (default: now).
    """
    if isinstance(changes_by, Stamp):
        fixed = changes_by
        changes_by = lambda change: fixed  # noqa: E731
    writer = _RedlineWriter(old, new, changes_by, time=revision_time or datetime.now(UTC), language=language)
    writer.write_body()
    writer.write_header_and_footer()
    writer.write_properties(ooxml.xml_safe(author or DEFAULT_AUTHOR) or DEFAULT_AUTHOR)
    if language is not None:
        set_document_language(writer.document, language)
        ooxml.set_custom_properties(writer.document, {**writer.custom_properties(), names.LANGUAGE: language})
    return writer.document


# -- writing ---------------------------------------------------------------------------------


class _RedlineWriter(CharterWriter):
    """Lays out the merged older and newer revisions as the charter export lays out one."""

    def __init__(
        self, old: Draft, new: Draft, changes_by: ChangesBy, *, time: datetime, language: str | None = None
    ) -> None:
        self.old_view: RenderedDraft = render_in(old, language)
        super().__init__(render_in(new, language), clean=False, time=time)
        self.mode_name = "redline"
        self.changes_by = changes_by
        self.words_by: Callable[[str], WordStamps | None] = (
            changes_by.words if isinstance(changes_by, RevisionStamps) else lambda _: None
        )
        # in another language, the texts compared are the originals in that language
        self.comparison = (
            compare(in_language(old, language), in_language(new, language)) if language else compare(old, new)
        )
        # a reservation placed, changed or withdrawn is a comment on its clause, signed like a change
        self.reservations = {c.id: c.reservations for c in self.comparison.clauses if c.reservations and c.new_text}
        self._next_id += sum(len(changes) for changes in self.reservations.values())
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
        properties[names.REVISION_FROM] = "" if first is None else str(first)
        properties[names.REVISION_TO] = "" if last is None else str(last)
        return properties

    def write_body(self) -> None:
        """Write the merged title, chapeau, recitals, sections, testimonium and signature blocks."""
        changes: dict[str, ClauseChange] = {change.id: change for change in self.comparison.clauses}
        unmatched = {f"clause:{change.id}" for change in self.comparison.clauses if change.moved}
        new_ids = {clause.id for clause in self.view.clauses()}
        old_blocks, new_blocks = body_blocks(self.old_view), body_blocks(self.view)
        for before, after in merge_blocks(old_blocks, new_blocks, unmatched):
            block = after or before
            assert block is not None
            if block.clause is None:
                old_text, new_text = (before.text if before else None), (after.text if after else None)
                pieces, mark = text_pieces(old_text, new_text, Change(BLOCK, block.key), self.changes_by)
                self._write(Para(block.kind, pieces, mark, pieces[0].stamp))
                continue
            old_clause = before.clause if before else None
            new_clause = after.clause if after else None
            words = self.words_by(block.clause.id) if old_clause and new_clause else None
            paras = redline_paragraphs(old_clause, new_clause, changes[block.clause.id].ops, self.changes_by, words)
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
            pieces, _ = text_pieces(before_name, after_name, change, self.changes_by)
            self._fill(paragraph, pieces)

    def _write(self, para: Para) -> Paragraph:
        if para.kind in (LEAD, SUBPARAGRAPH):
            paragraph = self.clause_paragraph(para.kind)
        else:
            paragraph = self.block_paragraph(para.kind)
        self._fill(paragraph, para.pieces)
        if para.mark != SAME:
            author, date = self._who(para.mark_stamp)
            kind = ooxml.INSERTED if para.mark == NEW else ooxml.DELETED
            ooxml.mark_paragraph(paragraph._p, kind, self.next_id(), author, date)
        return paragraph

    def _fill(self, paragraph: Paragraph, pieces: list[Piece]) -> None:
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
        """Anchor the newer revision's comments, and its reservation changes, on the clause's first paragraph.

        They go on the runs of that paragraph that are not deleted.
        """
        notes = [self._reservation_note(change, clause.id) for change in self.reservations.get(clause.id, ())]
        if not clause.comments and not notes:
            return
        deleted = qn("w:del")
        runs = [Run(r, first) for r in first._p.iter(qn("w:r")) if r.getparent().tag != deleted]
        for comment in (*clause.comments, *notes):
            self.add_comment(comment, runs)

    def _reservation_note(self, change: ReservationChange, clause_id: str) -> Comment:
        """Return a reservation change as a comment: 'US reservation placed: ...', by whoever made it, when."""
        stamp = self.changes_by(Change(RESERVATION, clause_id))
        return Comment(author=stamp.author, time=stamp.time, text=reservation_line(change))
