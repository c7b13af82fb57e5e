"""The few raw-XML helpers python-docx lacks: bookmarks, fields, fonts, tracked changes and custom properties."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from charter.errors import WordError

CUSTOM_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

#: The format id every user-defined custom property carries (MS-OI29500 / OOXML part 1, 22.3).
CUSTOM_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

#: Where Word and LibreOffice put custom properties; used when the package has none yet.
CUSTOM_PROPERTIES_PARTNAME = "/docProps/custom.xml"

#: Largest docProps/custom.xml `read_custom_properties` will inflate.
MAX_CUSTOM_PROPERTIES_BYTES = 1 << 20

_BOOKMARK_PREFIX = "c_"
_CLAUSE_ID = re.compile(r"^[0-9a-f]{12}$")
_BOOKMARK = re.compile(r"^c_([0-9a-f]{12})$")

# XML 1.0 allows TAB, LF, CR and these ranges; everything else (C0 controls, lone
# surrogates, U+FFFE/U+FFFF) makes lxml refuse the string.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot hold (NUL, other C0 controls, U+FFFE, ...)."""
    return _NOT_XML_CHAR.sub("", text)


def xml_unsafe_positions(text: str) -> list[int]:
    """Return the positions in `text` of the characters `xml_safe` drops."""
    return [match.start() for match in _NOT_XML_CHAR.finditer(text)]


def bookmark_name(clause_id: str) -> str:
    """Return the bookmark name for a clause, e.g. 'c_0123456789ab'; raise ValueError for a bad id.

    Word keeps bookmark names of at most 40 letters, digits and underscores that start with a
    letter; 'c_' plus 12 hex digits is 14 characters and always qualifies.
    """
    if not _CLAUSE_ID.match(clause_id):
        raise ValueError(f"not a clause id: {clause_id!r}")
    return _BOOKMARK_PREFIX + clause_id


def clause_id_from_bookmark(name: str) -> str | None:
    """Return the clause id a bookmark name encodes, or None when it is not a clause bookmark."""
    match = _BOOKMARK.match(name)
    return match.group(1) if match else None


def wrap_in_bookmark(first: Paragraph, last: Paragraph, name: str, bookmark_id: int) -> None:
    """Put a bookmark from the start of `first` to the end of `last` (the same paragraph is fine)."""
    start = OxmlElement("w:bookmarkStart", attrs={qn("w:id"): str(bookmark_id), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", attrs={qn("w:id"): str(bookmark_id)})
    first_p, last_p = first._p, last._p
    ppr = first_p.pPr
    if ppr is None:
        first_p.insert(0, start)
    else:
        ppr.addnext(start)
    last_p.append(end)


def append_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (begin, instrText, separate, cached result, end) to a paragraph.

    The cached result is what a reader shows before fields are updated; Word and LibreOffice
    recompute PAGE and NUMPAGES on layout.
    """
    p = paragraph._p

    def run_with(child: object) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        p.append(run)

    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", attrs={"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    cached = OxmlElement("w:t")
    cached.text = placeholder
    run_with(cached)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))


def set_fonts(rpr: etree._Element, name: str) -> None:
    """Set one font for Latin, East Asian and complex scripts on a `w:rPr`, dropping theme fonts.

    A theme attribute (`w:asciiTheme`, ...) wins over the plain one in the same `w:rFonts`, so
    it has to go for the named font to show.
    """
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def mirror_complex_script(rpr: etree._Element) -> None:
    """Give complex-script text the bold and size set for other text (`w:bCs`, `w:szCs`)."""
    for plain, twin in (("w:b", "w:bCs"), ("w:sz", "w:szCs")):
        for old in rpr.findall(qn(twin)):
            rpr.remove(old)
        source = rpr.find(qn(plain))
        if source is not None:
            copy = OxmlElement(twin)
            value = source.get(qn("w:val"))
            if value is not None:
                copy.set(qn("w:val"), value)
            source.addnext(copy)


def custom_properties_xml(properties: Mapping[str, str]) -> bytes:
    """Return the bytes of a docProps/custom.xml holding `properties` as vt:lpwstr values."""
    root = etree.Element(f"{{{CUSTOM_PROPERTIES_NS}}}Properties", nsmap={None: CUSTOM_PROPERTIES_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(properties.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_PROPERTIES_NS}}}property")
        prop.set("fmtid", CUSTOM_PROPERTY_FMTID)
        prop.set("pid", str(pid))
        prop.set("name", xml_safe(name))
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = xml_safe(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_custom_properties(document: DocxDocument, properties: Mapping[str, str]) -> None:
    """Write `properties` as the package's custom properties, replacing any it had."""
    package = document.part.package
    drop_relationships(package, RT.CUSTOM_PROPERTIES)
    partname = PackURI(CUSTOM_PROPERTIES_PARTNAME)
    if partname in {part.partname for part in package.iter_parts()}:
        partname = package.next_partname("/docProps/custom%d.xml")
    part = Part(partname, CT.OFC_CUSTOM_PROPERTIES, custom_properties_xml(properties), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def drop_relationships(owner: OpcPackage | Part, reltype: str) -> None:
    """Remove every relationship of `reltype` from a package or part, so its target is not saved."""
    for rid, rel in list(owner.rels.items()):
        if rel.reltype == reltype:
            del owner.rels[rid]


def safe_parser() -> etree.XMLParser:
    """Return an lxml parser that resolves no entities, loads no DTD and touches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_custom_properties(path: str | Path | IO[bytes]) -> dict[str, str]:
    """Return the custom document properties of a .docx as name -> text ({} when it has none).

    The part is found through the package relationships, falling back to docProps/custom.xml.
    Raises WordError when the file is not a readable .docx or the part is oversized or malformed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            partname = _custom_properties_partname(archive)
            try:
                info = archive.getinfo(partname)
            except KeyError:
                return {}
            if info.file_size > MAX_CUSTOM_PROPERTIES_BYTES:
                raise WordError(f"{path}: {partname} is larger than {MAX_CUSTOM_PROPERTIES_BYTES} bytes")
            data = archive.read(info)
    except (OSError, zipfile.BadZipFile) as err:
        raise WordError(f"{path}: not a readable .docx file: {err}") from None
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as err:
        raise WordError(f"{path}: {partname} is not well-formed XML: {err}") from None
    properties: dict[str, str] = {}
    for prop in root.iterfind(f"{{{CUSTOM_PROPERTIES_NS}}}property"):
        name = prop.get("name")
        if name is None:
            continue
        value = next(iter(prop), None)
        properties[name] = (value.text or "") if value is not None else ""
    return properties


def _custom_properties_partname(archive: zipfile.ZipFile) -> str:
    """Return the zip member name of the custom-properties part named in _rels/.rels."""
    try:
        info = archive.getinfo("_rels/.rels")
    except KeyError:
        return CUSTOM_PROPERTIES_PARTNAME.lstrip("/")
    if info.file_size > MAX_CUSTOM_PROPERTIES_BYTES:
        return CUSTOM_PROPERTIES_PARTNAME.lstrip("/")
    try:
        rels = etree.fromstring(archive.read(info), safe_parser())
    except etree.XMLSyntaxError:
        return CUSTOM_PROPERTIES_PARTNAME.lstrip("/")
    for rel in rels.iterfind(f"{{{PACKAGE_RELS_NS}}}Relationship"):
        if rel.get("Type") == RT.CUSTOM_PROPERTIES and rel.get("TargetMode") != "External":
            return (rel.get("Target") or CUSTOM_PROPERTIES_PARTNAME).lstrip("/")
    return CUSTOM_PROPERTIES_PARTNAME.lstrip("/")


# -- tracked changes -------------------------------------------------------------------------

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W_R, _W_T, _W_DEL_TEXT = qn("w:r"), qn("w:t"), qn("w:delText")
_W_TAB, _W_BR, _W_RPR, _W_HIGHLIGHT, _W_VAL = qn("w:tab"), qn("w:br"), qn("w:rPr"), qn("w:highlight"), qn("w:val")
_W_ID, _W_AUTHOR, _W_DATE = qn("w:id"), qn("w:author"), qn("w:date")
_RUN_SPECIALS = re.compile(r"([\t\r\n])")

#: The two kinds of tracked change a redline writes.
INSERTED, DELETED = "ins", "del"


def revision_date(time: datetime) -> str:
    """Return `time` as a w:date value, in UTC to the second: '2026-02-01T10:30:00Z' (naive means UTC)."""
    utc = time.replace(tzinfo=UTC) if time.tzinfo is None else time.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def revision_mark(kind: str, revision_id: int, author: str, date: str) -> etree._Element:
    """Return an empty `w:ins` or `w:del` (kind INSERTED or DELETED) carrying id, author and date."""
    return OxmlElement(
        f"w:{kind}", attrs={_W_ID: str(revision_id), _W_AUTHOR: xml_safe(author) or "unknown", _W_DATE: date}
    )


def append_run(parent: etree._Element, text: str, *, deleted: bool = False, highlight: bool = False) -> None:
    """Append a `w:r` holding `text` to a paragraph, `w:ins` or `w:del`.

    Tabs become `w:tab` and CR or LF `w:br`, as python-docx writes them; deleted text goes in
    `w:delText`. Every text element preserves its spaces, so leading, trailing and double
    spaces survive accept and reject.
    """
    run = etree.SubElement(parent, _W_R)
    if highlight:
        etree.SubElement(etree.SubElement(run, _W_RPR), _W_HIGHLIGHT).set(_W_VAL, "yellow")
    tag = _W_DEL_TEXT if deleted else _W_T
    for part in _RUN_SPECIALS.split(text) if ("\t" in text or "\r" in text or "\n" in text) else (text,):
        if not part:
            continue
        if part == "\t":
            etree.SubElement(run, _W_TAB)
        elif part in ("\r", "\n"):
            etree.SubElement(run, _W_BR)
        else:
            element = etree.SubElement(run, tag)
            element.set(_XML_SPACE, "preserve")
            element.text = part


def mark_paragraph(p: etree._Element, kind: str, revision_id: int, author: str, date: str) -> None:
    """Mark a paragraph's own mark as inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`).

    Accept All joins a paragraph whose mark was deleted to the next one, and Reject All does the
    same to one whose mark was inserted, so a whole paragraph inserted or deleted leaves no
    empty paragraph behind.
    """
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(_W_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        successor = next((child for child in ppr if child.tag in (qn("w:sectPr"), qn("w:pPrChange"))), None)
        if successor is None:
            ppr.append(rpr)
        else:
            successor.addprevious(rpr)
    rpr.insert(0, revision_mark(kind, revision_id, author, date))
