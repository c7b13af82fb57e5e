"""What negotiators print: the joint negotiating text, the negotiation matrix and the agreed text ad referendum.

- The joint negotiating text is the whole charter as the draft-mode export lays it out (so it
  can come back through the Word import), every open bracket with each delegation's tag in bold
  and its wording in its own highlight colour, each reservation a real Word footnote at the end
  of the clause ("US reserve: ..."), and a header naming it, the revision and the date. (A mark
  on the number would read "2.1" wherever a reader flattens the superscript, as LibreOffice's
  text export does.) The clause comments stay out: they are each delegation's own remarks, not
  the shared text.
- The negotiation matrix (`charter.word.matrix`) is a landscape table, one row per clause.
- The agreed text ad referendum holds only the agreed clauses, clean and numbered as in the full
  draft, and says so under the title, with the numbers of the clauses still open. Without the
  open clauses it is no charter to sign, so the testimonium and signature blocks stay out.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from charter.drafting.model import Draft
from charter.drafting.render import RenderedClause, RenderedDraft, render_draft
from charter.errors import WordError
from charter.negotiation import brackets
from charter.negotiation.positions import delegations_shown, is_agreed, joined, open_labels, reservation_text
from charter.word import ooxml
from charter.word.export import DEFAULT_AUTHOR, CharterWriter, revision_label, save_document
from charter.word.footnotes import Footnotes
from charter.word.layout import body_blocks
from charter.word.typography import highlight_of

#: The prints, by the name the CLI and the browser use, with what each file is called in it.
PRINTS = {
    "joint": "joint negotiating text",
    "matrix": "negotiation matrix",
    "agreed": "agreed text ad referendum",
}


def print_docx(
    draft: Draft,
    kind: str,
    path_or_stream: str | Path | IO[bytes],
    *,
    author: str | None = None,
    revision_time: datetime | None = None,
) -> None:
    """Write one print of `draft` ('joint', 'matrix' or 'agreed') to a path or binary stream.

    Raises WordError for an unknown kind or when the file cannot be written.
    """
    save_document(build_print(draft, kind, author=author, revision_time=revision_time), path_or_stream)


def print_bytes(draft: Draft, kind: str, *, author: str | None = None, revision_time: datetime | None = None) -> bytes:
    """Return the .docx bytes `print_docx` would write, for a download button."""
    buffer = io.BytesIO()
    print_docx(draft, kind, buffer, author=author, revision_time=revision_time)
    return buffer.getvalue()


def build_print(
    draft: Draft, kind: str, *, author: str | None = None, revision_time: datetime | None = None
) -> DocxDocument:
    """Return the python-docx Document of one print of `draft`, not yet saved; raise WordError for an unknown kind."""
    from charter.word.matrix import build_matrix

    builders = {"joint": build_joint_text, "matrix": build_matrix, "agreed": build_agreed_text}
    if kind not in builders:
        raise WordError(f"unknown print '{kind[:40]}'; expected one of {', '.join(PRINTS)}")
    return builders[kind](draft, author=author, revision_time=revision_time)


def finish(writer: CharterWriter, author: str | None, category: str) -> DocxDocument:
    """Return the writer's document with header, footer and properties written, its category set."""
    writer.write_header_and_footer()
    writer.write_properties(ooxml.xml_safe(author or DEFAULT_AUTHOR) or DEFAULT_AUTHOR)
    writer.document.core_properties.category = category
    return writer.document


def print_line(kind: str, view: RenderedDraft, time: datetime) -> str:
    """Return the header line of a print: 'JOINT NEGOTIATING TEXT: name, revision 4, 2026-02-01'."""
    return f"{PRINTS[kind].upper()}: {view.name}, {revision_label(view.revision)}, {time.date().isoformat()}"


# -- the joint negotiating text ------------------------------------------------------------------


def build_joint_text(draft: Draft, *, author: str | None = None, revision_time: datetime | None = None) -> DocxDocument:
    """Return the joint negotiating text of `draft`, not yet saved."""
    writer = JointTextWriter(draft, time=revision_time or datetime.now(UTC))
    writer.write_body()
    writer.footnotes.attach()
    return finish(writer, author, "Joint negotiating text")


class JointTextWriter(CharterWriter):
    """The draft-mode charter with reservations as footnotes, a legend of the tags, and no comments."""

    def __init__(self, draft: Draft, *, time: datetime) -> None:
        super().__init__(render_draft(draft), clean=False, time=time)
        self.mode_name = "joint"
        self.tag_of = brackets.tags(draft.settings)
        self.name_of = brackets.names(draft.settings)
        self.footnotes = Footnotes(self.document)

    def draft_line(self) -> str | None:
        return print_line("joint", self.view, self.time)

    def annotate(self, clause: RenderedClause, written: list[Paragraph]) -> None:
        """Put one footnote per reservation at the end of the clause; leave the comments out (they are not shared)."""
        for reservation in clause.reservations:
            self.footnotes.add(written[-1], reservation_text(reservation, self.tag_of))

    def write_header_and_footer(self) -> None:
        """Write the export's header and footer, the header ending in a legend: each tag in its colour, and whose."""
        super().write_header_and_footer()
        paragraph = self.document.sections[0].header.add_paragraph()
        paragraph.style = self.styles.header
        paragraph.add_run("Brackets: ")
        for index, delegation in enumerate(delegations_shown(self.view)):
            if index:
                paragraph.add_run("; ")
            tag = paragraph.add_run(ooxml.xml_safe(self.tag_of[delegation]))
            tag.bold = True
            tag.font.highlight_color = highlight_of(delegation)
            if self.name_of[delegation] != self.tag_of[delegation]:
                paragraph.add_run(ooxml.xml_safe(f" = {self.name_of[delegation]}"))
        paragraph.add_run(". Reservations are footnotes.")


# -- the agreed text ad referendum ---------------------------------------------------------------


def agreed_view(view: RenderedDraft) -> RenderedDraft:
    """Return the view with only its agreed clauses (numbers kept), empty sections and the testimonium left out."""
    sections = [replace(s, clauses=[c for c in s.clauses if is_agreed(c)]) for s in view.sections]
    return replace(view, sections=[s for s in sections if s.clauses], testimonium="")


def agreed_note(view: RenderedDraft) -> str:
    """Return the sentence under the agreed text's title: what it holds, and which clauses are still open."""
    still_open = open_labels(view)
    said = (
        f"Agreed text ad referendum of {view.name}, {revision_label(view.revision)}: only the paragraphs "
        "agreed so far, numbered as in the full draft. "
    )
    if not any(is_agreed(c) for c in view.clauses()):
        return said + "No paragraph is agreed yet."
    if not still_open:
        return said + "Every paragraph of the draft is agreed."
    paragraphs = "paragraph" if len(still_open) == 1 else "paragraphs"
    return said + f"Still open, and not shown: {paragraphs} {joined(still_open)}."


def build_agreed_text(
    draft: Draft, *, author: str | None = None, revision_time: datetime | None = None
) -> DocxDocument:
    """Return the agreed text ad referendum of `draft`, not yet saved."""
    writer = AgreedTextWriter(render_draft(draft), time=revision_time or datetime.now(UTC))
    writer.write_body()
    return finish(writer, author, "Agreed text ad referendum")


class AgreedTextWriter(CharterWriter):
    """The clean charter of the agreed clauses only, with a note saying so under the title."""

    def __init__(self, view: RenderedDraft, *, time: datetime) -> None:
        self.note = agreed_note(view)
        super().__init__(agreed_view(view), clean=True, time=time)
        self.mode_name = "agreed"

    def draft_line(self) -> str | None:
        return print_line("agreed", self.view, self.time)

    def write_body(self) -> None:
        """Write the title, the note, then the agreed clauses under their headings; no signature blocks."""
        for block in body_blocks(self.view):
            if block.clause is not None:
                self.write_clause(block.clause)
                continue
            paragraph = self.block_paragraph(block.kind)
            if block.text:
                paragraph.add_run(ooxml.xml_safe(block.text))
            if block.kind == "title":
                self._note()

    def _note(self) -> None:
        paragraph = self.block_paragraph("note")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(18)
        run = paragraph.add_run(ooxml.xml_safe(self.note))
        run.italic = True
