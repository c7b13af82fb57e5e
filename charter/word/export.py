"""Export a draft as a formal .docx charter, in draft mode (brackets, comments) or clean."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from charter.bilingual.render import render_in
from charter.drafting.model import Comment, Draft
from charter.drafting.render import RenderedClause, RenderedDraft, render_draft
from charter.errors import WordError
from charter.word import names, ooxml
from charter.word.layout import LEAD, Part, body_blocks, clause_paragraphs
from charter.word.originals import finish_original
from charter.word.signatures import add_signature_table
from charter.word.typography import highlight_of, set_up_page, set_up_styles

#: Core-properties author when none is given.
DEFAULT_AUTHOR = "Strategic Working Group"

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

#: Core properties are limited to 255 characters each (python-docx enforces it).
_CORE_LIMIT = 255


def export_docx(
    draft: Draft,
    path_or_stream: str | Path | IO[bytes],
    *,
    clean: bool = False,
    author: str | None = None,
    revision_time: datetime | None = None,
    language: str | None = None,
) -> None:
    """Write `draft` as a .docx to a path or binary stream; raise WordError when it cannot be written.

    Draft mode (the default) heads every page with the draft name, revision and date, shows
    bracketed clauses in highlighted square brackets and each open bracket inside a clause with
    its delegations' tags in bold and their wordings in their own highlight colours, and turns
    clause comments into Word comments. Clean mode leaves all of that out. Both modes carry the
    marking, page numbers, one bookmark per clause and the charter.* custom properties. `language`
    (a code such as 'az') writes the draft's original in that language (`charter.word.originals`);
    None the working text.
    """
    document = build_document(draft, clean=clean, author=author, revision_time=revision_time, language=language)
    save_document(document, path_or_stream)


def save_document(document: DocxDocument, path_or_stream: str | Path | IO[bytes]) -> None:
    """Save a built document to a path or binary stream; raise WordError when it cannot be written."""
    try:
        document.save(str(path_or_stream) if isinstance(path_or_stream, Path) else path_or_stream)
    except OSError as err:
        raise WordError(f"{path_or_stream}: cannot write the Word file: {err.strerror or err}") from None


def export_bytes(
    draft: Draft,
    *,
    clean: bool = False,
    author: str | None = None,
    revision_time: datetime | None = None,
    language: str | None = None,
) -> bytes:
    """Return the .docx bytes `export_docx` would write, for a download button."""
    buffer = io.BytesIO()
    export_docx(draft, buffer, clean=clean, author=author, revision_time=revision_time, language=language)
    return buffer.getvalue()


def build_document(
    draft: Draft,
    *,
    clean: bool = False,
    author: str | None = None,
    revision_time: datetime | None = None,
    language: str | None = None,
) -> DocxDocument:
    """Return the python-docx Document for `draft` (in `language`, a code; None: the working text), not yet saved."""
    time = revision_time or datetime.now(UTC)
    view = render_draft(draft) if language is None else render_in(draft, language)
    writer = CharterWriter(view, clean=clean, time=time)
    writer.write_body()
    writer.write_header_and_footer()
    writer.write_properties(ooxml.xml_safe(author or DEFAULT_AUTHOR) or DEFAULT_AUTHOR)
    if language is not None:
        finish_original(writer.document, draft, language, writer.custom_properties())
    return writer.document


def revision_label(revision: int | None) -> str:
    """Return 'revision 3', or 'unsaved' for a draft that has no revision yet."""
    return "unsaved" if revision is None else f"revision {revision}"


def _utc(time: datetime) -> datetime:
    """Return `time` in UTC; a naive time is taken to be UTC already, as the store keeps it."""
    return time.replace(tzinfo=UTC) if time.tzinfo is None else time.astimezone(UTC)


def _initials(author: str) -> str:
    """Return up to three initials of an author name, e.g. 'Leyla Mammadova' -> 'LM'."""
    return "".join(word[0] for word in author.split() if word[:1].isalnum())[:3].upper()


def _add_text(paragraph: Paragraph, text: str) -> Run:
    """Return a new run holding `text`, appended to `paragraph`.

    python-docx feeds run text through a per-character loop to turn tabs and line breaks into
    elements; text without them goes straight into one `w:t`, which is several times faster.
    """
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


class CharterWriter:
    """Builds one charter document from the reader's view.

    The layout pieces (page, styles, block paragraphs, signature table, header, footer and
    properties) are methods, so that the redline writer lays its document out the same way.
    """

    def __init__(self, view: RenderedDraft, *, clean: bool, time: datetime) -> None:
        self.view = view
        self.clean = clean
        self.time = time
        #: The charter.export_mode custom property, also named in the core properties' comments.
        self.mode_name = "clean" if clean else "draft"
        self.document: DocxDocument = docx.Document()
        # Comments take ids 0..n-1; bookmarks (and a redline's revision marks) continue from n,
        # so every annotation id is unique.
        self._next_id = 0 if clean else sum(len(clause.comments) for clause in view.clauses())
        set_up_page(self.document)
        self.styles = set_up_styles(self.document)

    # -- body -----------------------------------------------------------------------------

    def new_paragraph(self, style: ParagraphStyle) -> Paragraph:
        """Return an empty paragraph appended to the body in `style`.

        Setting the style id on the element skips python-docx's per-call scan of every style
        for the default one, which dominated the export time of long charters.
        """
        paragraph = self.document.add_paragraph()
        if style is not self.styles.body:
            paragraph._p.style = style.style_id
        return paragraph

    def block_paragraph(self, kind: str) -> Paragraph:
        """Return an empty body paragraph styled and spaced for a block of `kind` other than a clause."""
        style = {"title": self.styles.title, "heading": self.styles.heading}.get(kind, self.styles.body)
        paragraph = self.new_paragraph(style)
        if kind == "testimonium":
            paragraph.paragraph_format.space_before = Pt(18)
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def write_body(self) -> None:
        """Write title, chapeau, recitals, lead-in, sections, testimonium and signature blocks."""
        for block in body_blocks(self.view):
            if block.clause is not None:
                self.write_clause(block.clause)
            else:
                paragraph = self.block_paragraph(block.kind)
                if block.text:
                    _add_text(paragraph, ooxml.xml_safe(block.text))
        for name, signatory in zip(self.signature_table(), self.view.signatories, strict=True):
            name.add_run(ooxml.xml_safe(signatory))

    def clause_paragraph(self, kind: str) -> Paragraph:
        """Return an empty body paragraph in the style of a clause's LEAD or SUBPARAGRAPH paragraph."""
        return self.new_paragraph(self.styles.clause if kind == LEAD else self.styles.subparagraph)

    def write_clause(self, clause: RenderedClause) -> None:
        """Write one clause's paragraphs (`clause_paragraphs`) in one bookmark, then `annotate` them."""
        written: list[Paragraph] = []
        for layout in clause_paragraphs(clause, brackets_shown=not self.clean):
            paragraph = self.clause_paragraph(layout.kind)
            for part in layout.parts:
                self.write_part(paragraph, part, clause)
            written.append(paragraph)
        self.annotate(clause, written)
        ooxml.wrap_in_bookmark(written[0], written[-1], ooxml.bookmark_name(clause.id), self.next_id())

    def write_part(self, paragraph: Paragraph, part: Part, clause: RenderedClause) -> None:
        """Append one part of a clause paragraph as a run: highlighted in its delegation's colour, a tag in bold."""
        run = _add_text(paragraph, part.text)
        if part.highlight:
            run.font.highlight_color = highlight_of(part.delegation)
        if part.tag:
            run.bold = True

    def annotate(self, clause: RenderedClause, written: list[Paragraph]) -> None:
        """Anchor the clause's comments on its first paragraph (draft mode only)."""
        if not self.clean:
            for comment in clause.comments:
                self.add_comment(comment, written[0].runs)

    def add_comment(self, comment: Comment, runs: list[Run]) -> None:
        """Anchor one clause comment, with its own author, initials and time, on `runs`."""
        author = ooxml.xml_safe(comment.author)
        added = self.document.add_comment(
            runs, text=ooxml.xml_safe(comment.text), author=author, initials=_initials(author)
        )
        # python-docx stamps "now"; the comment's own time is what readers need.
        added._comment_elm.date = _utc(comment.time)

    def next_id(self) -> int:
        """Return the next unused annotation id (bookmarks, and revision marks in a redline)."""
        annotation_id = self._next_id
        self._next_id += 1
        return annotation_id

    def signature_table(self) -> tuple[Paragraph, Paragraph]:
        """Write the signature table (`add_signature_table`) and return its two empty signatory paragraphs.

        The first signatory of the alternat signs on the left.
        """
        return add_signature_table(self.document).signatories()

    # -- header, footer and properties ----------------------------------------------------

    def draft_line(self) -> str | None:
        """Return the header line under the marking, or None in clean mode."""
        if self.clean:
            return None
        return f"DRAFT: {self.view.name}, {revision_label(self.view.revision)}, {self.time.date().isoformat()}"

    def subject(self) -> str:
        """Return the core-properties subject: the draft name and what revision(s) the file shows."""
        return f"{self.view.name}, {revision_label(self.view.revision)}"

    def custom_properties(self) -> dict[str, str]:
        """Return the charter.* custom properties the file carries."""
        view = self.view
        return {
            names.DRAFT_NAME: view.name,
            names.DRAFT_ID: view.draft_id,
            names.REVISION: "" if view.revision is None else str(view.revision),
            names.EXPORT_MODE: self.mode_name,
            names.BRACKETS_SHOWN: "false" if self.clean else "true",
        }

    def write_header_and_footer(self) -> None:
        """Write the marking and draft line in the header, and 'Page X of Y' in the footer."""
        section = self.document.sections[0]
        lines: list[tuple[str, bool]] = []
        if self.view.marking:
            lines.append((self.view.marking, True))
        draft_line = self.draft_line()
        if draft_line is not None:
            lines.append((draft_line, False))
        if lines:
            header = section.header
            header.is_linked_to_previous = False
            for index, (text, bold) in enumerate(lines):
                paragraph = header.paragraphs[0] if index == 0 else header.add_paragraph()
                paragraph.style = self.styles.header
                paragraph.add_run(ooxml.xml_safe(text)).bold = bold
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = self.styles.footer
        paragraph.add_run("Page ")
        ooxml.append_field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        ooxml.append_field(paragraph, "NUMPAGES")

    def write_properties(self, author: str) -> None:
        """Set the core properties and the charter.* custom properties."""
        view, mode = self.view, self.mode_name
        core = self.document.core_properties
        core.title = ooxml.xml_safe(view.title)[:_CORE_LIMIT]
        core.author = core.last_modified_by = author[:_CORE_LIMIT]
        core.revision = max(view.revision or 1, 1)
        # python-docx writes the wall-clock digits with a 'Z', so hand it UTC without a zone.
        core.created = core.modified = _utc(self.time).replace(tzinfo=None)
        core.subject = ooxml.xml_safe(self.subject())[:_CORE_LIMIT]
        core.comments = f"Exported in {mode} mode by the charter drafting assistant."
        core.keywords = "charter; strategic partnership"
        core.category = "Draft charter" if not self.clean else "Charter"
        ooxml.set_custom_properties(self.document, self.custom_properties())
        # The template's thumbnail pictures another page, and its stylesWithEffects copy of the
        # styles would contradict the restyled styles.xml in Word 2010.
        ooxml.drop_relationships(self.document.part.package, RT.THUMBNAIL)
        ooxml.drop_relationships(self.document.part, _STYLES_WITH_EFFECTS)
        # The template claims spelling and grammar were already checked; let Word check this text.
        for proof_state in self.document.settings.element.findall(qn("w:proofState")):
            proof_state.getparent().remove(proof_state)
