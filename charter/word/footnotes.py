"""Real Word footnotes, which python-docx cannot write: the footnotes part, its styles and its references.

A document with footnotes needs a `word/footnotes.xml` part related to the main document, with
its content type; the part opens with the separator (id -1) and continuation separator (id 0)
footnotes Word draws above the notes, and the settings list those two in `w:footnotePr`, or
Word does not load them (OOXML part 1, 17.11). Numbered notes take ids from 1. Each note's
text starts with a `w:footnoteRef` mark and each reference in the body is a run holding a
`w:footnoteReference`, both in the "footnote reference" character style (superscript).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from charter.word import ooxml

#: The style ids of footnote text and footnote marks, as Word names its built-in styles.
TEXT_STYLE_ID, REFERENCE_STYLE_ID = "FootnoteText", "FootnoteReference"

#: The ids of the two special footnotes every footnotes part starts with.
SEPARATOR_ID, CONTINUATION_ID = -1, 0

# The elements that follow w:footnotePr in w:settings (CT_Settings is a sequence).
_AFTER_FOOTNOTE_PROPERTIES = frozenset(
    qn(tag)
    for tag in (
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "sl:schemaLibrary",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )
)


class Footnotes:
    """The footnotes of one document being written; `attach` adds them to the package once all are in."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.root = etree.fromstring(f"<w:footnotes {nsdecls('w')}/>")
        self.root.append(_special("separator", SEPARATOR_ID, "w:separator"))
        self.root.append(_special("continuationSeparator", CONTINUATION_ID, "w:continuationSeparator"))
        self._next_id = 1
        self._styled = False

    @property
    def count(self) -> int:
        """Return how many numbered footnotes were added."""
        return self._next_id - 1

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Append a footnote reference to the end of `paragraph`, with `text` as its note; return the note's id.

        A line break in `text` stays a line break of the note.
        """
        self._styles()
        footnote_id = self._next_id
        self._next_id += 1
        reference = OxmlElement("w:r")
        reference.append(_reference_style())
        reference.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(footnote_id)}))
        paragraph._p.append(reference)
        note = etree.SubElement(self.root, qn("w:footnote"))
        note.set(qn("w:id"), str(footnote_id))
        p = etree.SubElement(note, qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), TEXT_STYLE_ID)
        mark = etree.SubElement(p, qn("w:r"))
        mark.append(_reference_style())
        etree.SubElement(mark, qn("w:footnoteRef"))
        ooxml.append_run(p, " " + ooxml.xml_safe(text))
        return footnote_id

    def attach(self) -> None:
        """Add the footnotes part, its relationship and the settings' list of special footnotes (if any note)."""
        if not self.count:
            return
        main = self.document.part
        package = main.package
        partname = PackURI("/word/footnotes.xml")
        if partname in {part.partname for part in package.iter_parts()}:
            partname = package.next_partname("/word/footnotes%d.xml")
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        main.relate_to(Part(partname, CT.WML_FOOTNOTES, blob, package), RT.FOOTNOTES)
        settings = self.document.settings.element
        for old in settings.findall(qn("w:footnotePr")):
            settings.remove(old)
        properties = OxmlElement("w:footnotePr")
        for special in (SEPARATOR_ID, CONTINUATION_ID):
            properties.append(OxmlElement("w:footnote", attrs={qn("w:id"): str(special)}))
        successor = next((child for child in settings if child.tag in _AFTER_FOOTNOTE_PROPERTIES), None)
        if successor is None:
            settings.append(properties)
        else:
            successor.addprevious(properties)

    def _styles(self) -> None:
        """Add the footnote text and footnote reference styles the first time a note is written."""
        if self._styled:
            return
        self._styled = True
        styles = self.document.styles
        text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(text, ParagraphStyle)
        text.element.styleId = TEXT_STYLE_ID
        text.base_style = styles["Normal"]
        text.font.size = Pt(10)
        text.paragraph_format.space_after = Pt(0)
        text.paragraph_format.line_spacing = 1.0
        reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
        assert isinstance(reference, CharacterStyle)
        reference.element.styleId = REFERENCE_STYLE_ID
        reference.font.superscript = True
        for style in (text, reference):  # Word's own built-in styles, not custom ones
            style.element.attrib.pop(qn("w:customStyle"), None)


def _special(kind: str, footnote_id: int, mark: str) -> etree._Element:
    """Return a separator footnote: one paragraph whose one run holds the separator mark."""
    note = OxmlElement("w:footnote", attrs={qn("w:type"): kind, qn("w:id"): str(footnote_id)})
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing", attrs={qn("w:after"): "0", qn("w:line"): "240", qn("w:lineRule"): "auto"})
    ppr.append(spacing)
    p.append(ppr)
    run = OxmlElement("w:r")
    run.append(OxmlElement(mark))
    p.append(run)
    note.append(p)
    return note


def _reference_style() -> etree._Element:
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): REFERENCE_STYLE_ID}))
    return rpr
