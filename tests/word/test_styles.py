"""Paragraph formatting the importers rely on: bold, centred and list numbering, direct or from a style."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from charter.word.read import WordParagraph, read_docx


def read(document: docx.document.Document) -> list[WordParagraph]:
    buffer = io.BytesIO()
    document.save(buffer)
    return list(read_docx(buffer.getvalue()).paragraphs)


def test_a_paragraph_is_bold_only_when_every_run_with_text_is_bold() -> None:
    document = docx.Document()
    whole = document.add_paragraph()
    whole.add_run("Principles").bold = True
    whole.add_run("  ")  # a space that is not bold does not count
    part = document.add_paragraph()
    part.add_run("Partly ").bold = True
    part.add_run("bold")
    switched_off = document.add_paragraph(style="Heading 1")
    switched_off.add_run("Not bold").bold = False
    document.add_paragraph("Heading text", style="Heading 1")
    strong = document.add_paragraph()
    strong.add_run("By character style", style="Strong")
    assert [p.bold for p in read(document)] == [True, False, False, True, True]


def test_centring_comes_from_the_paragraph_or_its_style() -> None:
    document = docx.Document()
    document.add_paragraph("Centred").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Left")
    styled = document.styles.add_style("Centred Heading", 1)
    styled.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("By style", style="Centred Heading")
    right = document.add_paragraph("Overridden", style="Centred Heading")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    assert [p.centred for p in read(document)] == [True, False, True, False]


def test_a_list_style_numbers_its_paragraphs_unless_the_paragraph_switches_numbering_off() -> None:
    document = docx.Document()
    document.add_paragraph("First", style="List Number")
    document.add_paragraph("Second", style="List Number")
    off = document.add_paragraph("Not numbered", style="List Number")
    numpr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "0")
    numpr.append(num_id)
    off._p.get_or_add_pPr().append(numpr)
    document.add_paragraph("A bullet", style="List Bullet")
    document.add_paragraph("Plain")
    paragraphs = read(document)
    expected = [("1.", 0), ("2.", 0), (None, None), (None, 0), (None, None)]
    assert [(p.label, p.list_level) for p in paragraphs] == expected
