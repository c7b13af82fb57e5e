"""The signature blocks: one borderless table, a column per signatory and a row per kind of line."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

#: The line a signatory signs on.
SIGNATURE_LINE = "_" * 34

#: The kinds of line of a signature block, top to bottom: who signs ("For the Government of
#: ..."), then the line signed on. Each kind is one row of the table, so a line of one block
#: stands level with the same line of the other whatever wraps above it.
SIGNATORY, SIGNING = "signatory", "signature line"
ROWS = (SIGNATORY, SIGNING)

#: Room above the signature line for the signature itself.
SIGNING_SPACE = Pt(42)

_BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")


@dataclass(frozen=True)
class SignatureTable:
    """The written signature table and its paragraphs, left (the first signatory) then right, per row kind."""

    table: Table
    cells: dict[str, tuple[Paragraph, Paragraph]]

    def signatories(self) -> tuple[Paragraph, Paragraph]:
        """Return the two empty 'For the Government of ...' paragraphs, left first, for the caller to fill."""
        return self.cells[SIGNATORY]


def add_signature_table(document: DocxDocument) -> SignatureTable:
    """Return a new signature table appended to the body: a row per kind in ROWS, two equal columns.

    The signature lines are written; the signatory paragraphs are left empty, so that the
    export writes the names plainly and the redline with tracked changes. The first
    signatory of the alternat goes in the left column.
    """
    table = document.add_table(rows=len(ROWS), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    # Fixed layout keeps the columns equal: a long name wraps in its half instead of widening it.
    table.autofit = False
    _remove_borders(table)
    # Neither row nor column is a header: pandoc and screen readers would announce one.
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:firstColumn"), "0")
    cells: dict[str, tuple[Paragraph, Paragraph]] = {}
    for kind, row in zip(ROWS, table.rows, strict=True):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        left, right = (cell.paragraphs[0] for cell in row.cells)
        for paragraph in (left, right):
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if kind != ROWS[-1]:
                # Keeps the table on one page: a signatory is never parted from the line it signs on.
                paragraph.paragraph_format.keep_with_next = True
            if kind == SIGNING:
                paragraph.paragraph_format.space_before = SIGNING_SPACE
                paragraph.add_run(SIGNATURE_LINE)
        cells[kind] = (left, right)
    return SignatureTable(table, cells)


def _remove_borders(table: Table) -> None:
    """Give the table explicitly no borders, whatever the default table style of the reader."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in _BORDERS:
        border = OxmlElement(f"w:{edge}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                 "w:tblDescription", "w:tblPrChange")  # fmt: skip
