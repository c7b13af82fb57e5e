"""The negotiation matrix: a landscape A4 table with one row per clause and one column per delegation.

Columns: the clause (number and title), its current text (open brackets in the notation, tagged
and coloured as in the export), each delegation's position (its wordings in the brackets and
its reservation; the chair's column only when the chair proposes or reserves anything), the
status, and the last comment. The header row repeats on every page.
"""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from charter.drafting.model import Draft
from charter.drafting.render import RenderedClause, render_draft
from charter.negotiation import brackets
from charter.negotiation.positions import Position, delegations_shown, last_comment, position
from charter.word import ooxml
from charter.word.export import CharterWriter
from charter.word.layout import clause_paragraphs
from charter.word.negotiation import finish, print_line
from charter.word.typography import highlight_of

#: The paragraph style of the table's cells.
CELL_STYLE = "Charter Matrix Cell"

#: Landscape A4 and its margins.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(29.7), Cm(21.0), Cm(1.8)

#: Widths of the columns around the text; the current text takes what is left.
CLAUSE_WIDTH, POSITION_WIDTH, STATUS_WIDTH, COMMENT_WIDTH = Cm(2.6), Cm(3.3), Cm(2.2), Cm(3.6)

#: How a position says that a delegation proposes to leave the bracketed phrase out.
LEAVE_OUT = "(leave out)"

#: The grey behind the header row.
HEADER_FILL = "D9D9D9"


def build_matrix(draft: Draft, *, author: str | None = None, revision_time: datetime | None = None) -> DocxDocument:
    """Return the negotiation matrix of `draft`, not yet saved."""
    writer = MatrixWriter(draft, time=revision_time or datetime.now(UTC))
    writer.write_body()
    return finish(writer, author, "Negotiation matrix")


class MatrixWriter(CharterWriter):
    """Lays out the matrix with the export's styles, header, footer and properties."""

    def __init__(self, draft: Draft, *, time: datetime) -> None:
        super().__init__(render_draft(draft), clean=False, time=time)
        self.mode_name = "matrix"
        self.tag_of = brackets.tags(draft.settings)
        self.name_of = brackets.names(draft.settings)
        self.delegations = delegations_shown(self.view)
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
        self.cell_style = self._cell_style()

    def draft_line(self) -> str | None:
        return print_line("matrix", self.view, self.time)

    def widths(self) -> list[Length]:
        """Return the width of each column: clause, text, one per delegation, status, last comment."""
        fixed = CLAUSE_WIDTH + POSITION_WIDTH * len(self.delegations) + STATUS_WIDTH + COMMENT_WIDTH
        text = PAGE_WIDTH - 2 * MARGIN - fixed
        return [CLAUSE_WIDTH, Length(text), *[POSITION_WIDTH] * len(self.delegations), STATUS_WIDTH, COMMENT_WIDTH]

    def headings(self) -> list[str]:
        """Return the header row's cells: 'Clause', 'Current text', 'Azerbaijan (AZ)', ..., 'Status', 'Last comment'."""
        parties = [
            _capital(self.name_of[d]) + ("" if self.name_of[d] == self.tag_of[d] else f" ({self.tag_of[d]})")
            for d in self.delegations
        ]
        return ["Clause", "Current text", *parties, "Status", "Last comment"]

    def write_body(self) -> None:
        """Write the heading lines and the table: a repeated header row, then one row per clause."""
        title = self.block_paragraph("title")
        title.add_run("Negotiation matrix")
        subtitle = self.block_paragraph("chapeau")
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.add_run(ooxml.xml_safe(self.view.title))
        clauses = self.view.clauses()
        headings, widths = self.headings(), self.widths()
        table = self.document.add_table(rows=1 + len(clauses), cols=len(headings))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        rows = table.rows
        self._header(rows[0], headings)
        for row, clause in zip(rows[1:], clauses, strict=True):
            self._row(row, clause)
        for row in rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def _header(self, row: _Row, headings: list[str]) -> None:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
        trpr.append(OxmlElement("w:cantSplit"))
        for cell, heading in zip(row.cells, headings, strict=True):
            self._line(cell, first=True).add_run(ooxml.xml_safe(heading)).bold = True
            tcpr = cell._tc.get_or_add_tcPr()
            tcpr.append(
                OxmlElement("w:shd", attrs={qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): HEADER_FILL})
            )

    def _row(self, row: _Row, clause: RenderedClause) -> None:
        cells = row.cells
        number = self._line(cells[0], first=True).add_run(clause.label)
        number.bold = True
        if clause.title:
            self._line(cells[0]).add_run(ooxml.xml_safe(clause.title))
        self._text(cells[1], clause)
        for cell, delegation in zip(cells[2:], self.delegations, strict=False):
            self._position(cell, position(clause, delegation))
        status, comment = cells[2 + len(self.delegations)], cells[3 + len(self.delegations)]
        self._line(status, first=True).add_run(clause.status.value)
        if clause.brackets:
            count = len(clause.brackets)
            self._line(status).add_run(f"{count} open bracket{'s' if count > 1 else ''}")
        for reservation in clause.reservations:
            self._line(status).add_run(ooxml.xml_safe(f"{self.tag_of[reservation.delegation]} reserve"))
        last = last_comment(clause)
        paragraph = self._line(comment, first=True)
        if last is not None:
            paragraph.add_run(ooxml.xml_safe(last.author) + ": ").bold = True
            paragraph.add_run(ooxml.xml_safe(last.text))

    def _text(self, cell: _Cell, clause: RenderedClause) -> None:
        """Write the clause's current text, its brackets tagged and coloured, its number left out (column 1 has it)."""
        for index, layout in enumerate(clause_paragraphs(clause, brackets_shown=True)):
            paragraph = self._line(cell, first=index == 0)
            for part in layout.parts:
                if not part.number:
                    self.write_part(paragraph, part, clause)

    def _position(self, cell: _Cell, held: Position) -> None:
        """Write a delegation's wordings ('[1] will seek to', in its colour) and its reservation."""
        first = True
        for wording in held.wordings:
            paragraph = self._line(cell, first=first)
            first = False
            paragraph.add_run(f"[{wording.bracket}] ")
            run = paragraph.add_run(ooxml.xml_safe(wording.text) or LEAVE_OUT)
            run.font.highlight_color = highlight_of(held.delegation)
        if held.reservation is not None:
            paragraph = self._line(cell, first=first)
            paragraph.add_run("Reserve").bold = True
            if held.reservation.note:
                paragraph.add_run(": " + ooxml.xml_safe(held.reservation.note))
            first = False
        if first:
            self._line(cell, first=True)

    def _line(self, cell: _Cell, *, first: bool = False) -> Paragraph:
        """Return the cell's first paragraph (when `first`) or a new one, in the cell style."""
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph._p.style = self.cell_style.style_id
        return paragraph

    def _cell_style(self) -> ParagraphStyle:
        style = self.document.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.base_style = self.styles.body
        style.font.size = Pt(9)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.line_spacing = 1.0
        return style


def _capital(name: str) -> str:
    """Return a name as a column heading starts it: 'the United States' -> 'The United States'."""
    return name[:1].upper() + name[1:]
