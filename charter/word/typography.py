"""The charter's page and paragraph styles: A4, one serif face, numbered clauses with hanging indents."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from charter.word import ooxml
from charter.word.names import CLAUSE_STYLE, SUBPARAGRAPH_STYLE

#: The one serif face of the document; LibreOffice substitutes the metric-compatible Liberation Serif.
FONT = "Times New Roman"

#: Hanging indent of a numbered paragraph: the number sits left, the text starts at this tab.
NUMBER_INDENT = Cm(1.27)
SUBPARAGRAPH_INDENT = Cm(1.9)
SUBPARAGRAPH_HANG = Cm(0.63)

#: The highlight of bracketed text: yellow for a bracketed clause, the brackets and separators
#: of an open bracket, and a wording no delegation is named for.
BRACKET_HIGHLIGHT = WD_COLOR_INDEX.YELLOW

#: Each delegation's own highlight for its tags and wordings inside open brackets. Word offers
#: a fixed palette; these three stay legible under black text and differ from the yellow (grey
#: for the neutral chair).
DELEGATION_HIGHLIGHTS = {
    "a": WD_COLOR_INDEX.TURQUOISE,
    "b": WD_COLOR_INDEX.BRIGHT_GREEN,
    "chair": WD_COLOR_INDEX.GRAY_25,
}


def highlight_of(delegation: str | None) -> WD_COLOR_INDEX:
    """Return the highlight of a delegation's bracketed wording, or the bracket yellow for None."""
    return DELEGATION_HIGHLIGHTS.get(delegation or "", BRACKET_HIGHLIGHT)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles the charter uses."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    clause: ParagraphStyle
    subparagraph: ParagraphStyle
    header: ParagraphStyle
    footer: ParagraphStyle


def set_up_page(document: DocxDocument) -> None:
    """Make the document's page A4 with 2.5 cm margins."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


def set_up_styles(document: DocxDocument) -> Styles:
    """Return the charter's paragraph styles, restyling the built-in ones and adding the clause styles."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if default_rpr is not None:
        ooxml.set_fonts(default_rpr, FONT)
        default_rpr.get_or_add_sz().val = Pt(12)
        ooxml.mirror_complex_script(default_rpr)
    body = styles["Normal"]
    ooxml.set_fonts(body.element.get_or_add_rPr(), FONT)
    body.font.size = Pt(12)
    body.paragraph_format.space_after = Pt(8)
    body.paragraph_format.line_spacing = 1.15
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = _restyle(styles["Title"], size=14, space_before=0, space_after=18)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = _restyle(styles["Heading 1"], size=12, space_before=18, space_after=8)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    clause = _add_style(document, CLAUSE_STYLE, body)
    clause.paragraph_format.left_indent = NUMBER_INDENT
    clause.paragraph_format.first_line_indent = -NUMBER_INDENT
    clause.paragraph_format.tab_stops.add_tab_stop(NUMBER_INDENT)
    subparagraph = _add_style(document, SUBPARAGRAPH_STYLE, body)
    subparagraph.paragraph_format.left_indent = SUBPARAGRAPH_INDENT
    subparagraph.paragraph_format.first_line_indent = -SUBPARAGRAPH_HANG

    header, footer = styles["Header"], styles["Footer"]
    for style in (header, footer):
        style.font.size = Pt(10)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for style in (body, title, heading, header, footer):
        ooxml.mirror_complex_script(style.element.get_or_add_rPr())
    return Styles(title, heading, body, clause, subparagraph, header, footer)


def _restyle(style: ParagraphStyle, *, size: int, space_before: int, space_after: int) -> ParagraphStyle:
    """Return a built-in style made black, bold, serif, with its theme fonts, colours and rules gone."""
    element = style.element
    for child in element.findall(qn("w:rPr")):
        element.remove(child)
    ppr = element.find(qn("w:pPr"))
    if ppr is not None:
        for tag in ("w:pBdr", "w:contextualSpacing"):
            for child in ppr.findall(qn(tag)):
                ppr.remove(child)
    ooxml.set_fonts(element.get_or_add_rPr(), FONT)
    style.font.bold = True
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.paragraph_format.space_before = Pt(space_before)
    style.paragraph_format.space_after = Pt(space_after)
    style.paragraph_format.keep_with_next = True
    return style


def _add_style(document: DocxDocument, name: str, base: ParagraphStyle) -> ParagraphStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = base
    style.quick_style = True
    return style
