"""The bilingual .docx for negotiators: one table, a column per language, a row per clause, numbers level.

The working language stands on the left, each other language to its right. Every row holds
the same paragraph of the charter in each language (title, formulas, headings, each clause
with its literal number), so a reader's eye goes straight across. Under each translated
clause the state of its version is written ("Confirmed", "Needs update", ...), and a version
that needs update shows how the working text changed since it was confirmed: deleted words
struck through, new words underlined. Each cell's text carries its own Word language.
This file is for reading and discussion; it is not imported back (import a language's original).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from charter.bilingual.render import project, render_in
from charter.bilingual.versions import NAMES, State, languages, standings, working_language
from charter.compare.tokens import DELETE, INSERT, word_diff
from charter.drafting import template
from charter.drafting.model import Draft
from charter.drafting.render import RenderedClause
from charter.word import names, ooxml
from charter.word.export import DEFAULT_AUTHOR, CharterWriter, revision_label, save_document
from charter.word.layout import BodyBlock, body_blocks, clause_paragraphs
from charter.word.originals import locale, mark_run

#: How the state of a version reads under its clause.
STATE_LINES = {
    State.CONFIRMED: "Confirmed against the current {working} text.",
    State.NEEDS_UPDATE: "Needs update: the {working} text changed since this translation was confirmed.",
    State.NEEDS_UPDATE_UNREVIEWED: (
        "Needs update, unreviewed: the {working} text changed since this working translation was written."
    ),
    State.UNREVIEWED: "Unreviewed working translation.",
    State.MISSING: "Missing: not yet translated; the {working} text is shown.",
}

_MARGIN = Cm(2.0)


def bilingual_docx(
    draft: Draft,
    path_or_stream: str | Path | IO[bytes],
    *,
    author: str | None = None,
    revision_time: datetime | None = None,
) -> None:
    """Write the bilingual table of `draft` as a .docx; raise WordError when it cannot be written."""
    save_document(build_bilingual(draft, author=author, revision_time=revision_time), path_or_stream)


def bilingual_bytes(draft: Draft, *, author: str | None = None, revision_time: datetime | None = None) -> bytes:
    """Return the .docx bytes `bilingual_docx` would write, for a download button."""
    buffer = io.BytesIO()
    bilingual_docx(draft, buffer, author=author, revision_time=revision_time)
    return buffer.getvalue()


def build_bilingual(draft: Draft, *, author: str | None = None, revision_time: datetime | None = None) -> DocxDocument:
    """Return the python-docx Document of the bilingual table, not yet saved."""
    writer = BilingualWriter(draft, time=revision_time or datetime.now(UTC))
    writer.write_body()
    writer.write_header_and_footer()
    writer.write_properties(ooxml.xml_safe(author or DEFAULT_AUTHOR) or DEFAULT_AUTHOR)
    return writer.document


class BilingualWriter(CharterWriter):
    """Lays the draft's languages side by side in one table, with the charter export's styles and furniture."""

    def __init__(self, draft: Draft, *, time: datetime) -> None:
        self.draft = draft
        self.codes = languages(draft.settings)
        self.views = {code: render_in(draft, code) for code in self.codes}
        super().__init__(self.views[self.codes[0]], clean=False, time=time)
        self.mode_name = names.BILINGUAL_MODE
        # Comments are not written here, so annotation ids start at 0.
        self._next_id = 0
        projections = {code: project(draft, code) for code in self.codes}
        self.markers = {code: projection.marker for code, projection in projections.items()}
        self.untranslated = {code: projection.untranslated for code, projection in projections.items()}
        self.states = {(s.clause_id, s.language): s for s in standings(draft)}
        self.working_name = NAMES.get(working_language(draft.settings), working_language(draft.settings))
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = _MARGIN

    def draft_line(self) -> str | None:
        names = " | ".join(NAMES.get(code, code) for code in self.codes)
        revision = revision_label(self.view.revision)
        return f"BILINGUAL: {self.view.name}, {revision}, {self.time.date().isoformat()} ({names})"

    def write_body(self) -> None:
        """Write the title, then the table: a header row of languages, then a row per paragraph of the charter."""
        title = self.block_paragraph("title")
        title.add_run(ooxml.xml_safe(self.view.title))
        table = self.document.add_table(rows=1, cols=len(self.codes))
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        width = (Cm(29.7) - 2 * _MARGIN) // len(self.codes)
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, code in zip(header.cells, self.codes, strict=True):
            label = NAMES.get(code, code) + (" (working language)" if code == self.codes[0] else "")
            run = cell.paragraphs[0].add_run(label)
            run.bold = True
        keyed = {code: {block.key: block for block in body_blocks(view)} for code, view in self.views.items()}
        order = list(dict.fromkeys(key for view in self.views.values() for key in (b.key for b in body_blocks(view))))
        for key in order:
            row = table.add_row()
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, code in zip(row.cells, self.codes, strict=True):
                block = keyed[code].get(key)
                if block is not None:
                    self._cell(cell, code, block)
        signatures = table.add_row()
        for cell, code in zip(signatures.cells, self.codes, strict=True):
            for index, signatory in enumerate(self.views[code].signatories):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                self._run(paragraph, code, signatory)
        for row in table.rows:
            for cell in row.cells:
                cell.width = width

    def _cell(self, cell: _Cell, code: str, block: BodyBlock) -> None:
        """Write one block of the charter in `code` into a cell: a clause's paragraphs, or a formula or heading."""
        first = cell.paragraphs[0]
        if block.clause is None:
            if block.kind in ("title", "heading"):
                first.style = self.styles.heading
            self._run(first, code, block.text, bold=block.kind in ("title", "heading"))
            return
        for index, layout in enumerate(clause_paragraphs(block.clause, brackets_shown=True)):
            paragraph = first if index == 0 else cell.add_paragraph()
            paragraph.style = self.styles.clause if index == 0 else self.styles.subparagraph
            gap = block.clause.id in self.untranslated[code]
            for number, part in enumerate(layout.parts):
                run = self._run(paragraph, code, part.text, untranslated=gap and not (index == 0 and number == 0))
                if part.highlight:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if code != self.codes[0]:
            self._state(cell, code, block.clause)

    def _state(self, cell: _Cell, code: str, clause: RenderedClause) -> None:
        """Write the state of a clause's version under it, and for a stale one what changed in the working text."""
        standing = self.states.get((clause.id, code))
        if standing is None:
            return
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(2)
        run = paragraph.add_run(STATE_LINES[standing.state].format(working=self.working_name))
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = (
            RGBColor(0xA0, 0x30, 0x00) if standing.state != State.CONFIRMED else RGBColor(0x30, 0x60, 0x30)
        )
        if not standing.state.stale or standing.basis is None:
            return
        changes = cell.add_paragraph()
        values = template.variables(self.draft.settings)  # readers see the names, not the ${variables}
        since, now = template.render(standing.basis, values), template.render(standing.current, values)
        for op, text in word_diff(since, now):
            piece = changes.add_run(ooxml.xml_safe(text))
            piece.font.size = Pt(9)
            if op == DELETE:
                piece.font.strike = True
            elif op == INSERT:
                piece.font.underline = True
            mark_run(piece._r, locale(self.codes[0]), highlight=False)

    def _run(
        self, paragraph: Paragraph, code: str, text: str, *, bold: bool = False, untranslated: bool | None = None
    ) -> Run:
        """Return a new run of `text` in `code`'s language; one still in the working language is grey and tagged so."""
        run = paragraph.add_run(ooxml.xml_safe(text))
        if bold:
            run.bold = True
        if untranslated is None:
            untranslated = self.markers[code] in text and code != self.codes[0]
        mark_run(run._r, locale(self.codes[0] if untranslated else code), highlight=untranslated)
        return run
