"""Read .docx files safely: package checks first, then paragraphs, comments and properties from the XML."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from lxml import etree

from charter.errors import WordError
from charter.word.lists import ListNumbering
from charter.word.ooxml import CUSTOM_PROPERTIES_NS
from charter.word.package import MAX_FILE_BYTES, MAX_PARAGRAPHS, Package, W, open_package
from charter.word.styles import StyleSheet, centred

__all__ = [
    "MAX_FILE_BYTES",
    "NEVER_TEXT",
    "Tracked",
    "WordComment",
    "WordDocument",
    "WordParagraph",
    "parse_date",
    "read_docx",
]

#: How the views of tracked changes are named: Word's Accept All or Reject All.
Tracked = Literal["accept", "reject"]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, PPR, RPR, R, T, DEL_TEXT, TAB, BR, CR = map(_w, ("p", "pPr", "rPr", "r", "t", "delText", "tab", "br", "cr"))
INS, DEL, MOVE_FROM, MOVE_TO = map(_w, ("ins", "del", "moveFrom", "moveTo"))
BOOKMARK_START, BOOKMARK_END = _w("bookmarkStart"), _w("bookmarkEnd")
COMMENT_START, COMMENT_REFERENCE = _w("commentRangeStart"), _w("commentReference")
BODY, TBL, PSTYLE, NUMPR, ILVL, NUMID, VAL, ID, NAME = map(
    _w, ("body", "tbl", "pStyle", "numPr", "ilvl", "numId", "val", "id", "name")
)
NO_BREAK_HYPHEN = _w("noBreakHyphen")

# Elements whose content is never body text: properties, field codes, drawings and text boxes
# (their own paragraphs are not part of the main flow), footnote marks.
NEVER_TEXT = frozenset(
    {PPR, RPR, _w("instrText"), _w("delInstrText"), _w("drawing"), _w("pict"), _w("object"), P}
    | {_w("footnoteReference"), _w("endnoteReference"), _w("commentReference"), _w("pPrChange"), _w("rPrChange")}
    | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
)
_SKIPPED: dict[str, frozenset[str]] = {
    "accept": NEVER_TEXT | {DEL, MOVE_FROM},
    "reject": NEVER_TEXT | {INS, MOVE_TO},
}


@dataclass(frozen=True)
class WordComment:
    """A Word comment: who wrote it, when, and its text."""

    id: str
    author: str
    date: datetime | None
    text: str


@dataclass(frozen=True)
class WordParagraph:
    """One body paragraph in the chosen view of tracked changes, with the markers it holds."""

    index: int
    text: str
    style: str = ""
    label: str | None = None
    bookmarks: tuple[str, ...] = ()
    bookmark_ends: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    in_table: bool = False
    #: Every run with text is bold (directly, by its character style or by the paragraph style).
    bold: bool = False
    #: Centred, directly or by the paragraph style.
    centred: bool = False
    #: The level (0 for the outermost) of a paragraph in a Word list, bulleted or numbered; else None.
    list_level: int | None = None

    @property
    def snippet(self) -> str:
        """Return the start of the text, for messages: '“The Participants intend to…”'."""
        text = " ".join(self.text.split())
        return f"\u201c{text[:40]}\u2026\u201d" if len(text) > 40 else f"\u201c{text}\u201d"


@dataclass(frozen=True)
class WordDocument:
    """What the importers need from a .docx: paragraphs, comments and custom properties."""

    name: str
    paragraphs: tuple[WordParagraph, ...]
    comments: dict[str, WordComment] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)


def read_docx(
    source: str | Path | bytes | IO[bytes],
    tracked: Tracked = "accept",
    *,
    name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> WordDocument:
    """Return the paragraphs, comments and properties of a .docx, tracked changes accepted or rejected.

    The package is checked before any XML is parsed (size, zip structure, entry count, declared
    sizes, compression ratios, macros, encryption). Raises WordError, naming the file, for every
    file that is not a readable, safe .docx.
    """
    if tracked not in ("accept", "reject"):
        raise WordError(f"unknown view of tracked changes '{tracked}'; use accept or reject")
    with open_package(source, name=name, max_bytes=max_bytes) as package:
        return read_document(package, tracked)


def read_document(package: Package, tracked: Tracked) -> WordDocument:
    """Return the document's body paragraphs in the `tracked` view, its comments and properties."""
    root = package.parse(package.main, paragraph_limit=MAX_PARAGRAPHS)
    if root.tag != _w("document"):
        raise WordError(f"{package.label}: {package.main} is not a WordprocessingML document ({root.tag})")
    body = root.find(BODY)
    name = package.part_of_main("styles", "word/styles.xml")
    styles = StyleSheet.parse(package.parse(name) if name is not None else None)
    numbering = ListNumbering(package.parse(name)) if (name := package.part_of_main("numbering", "")) else None
    raw = _body_paragraphs(body, tracked, styles, numbering) if body is not None else []
    return WordDocument(
        name=package.label,
        paragraphs=tuple(_merge_marks(raw)),
        comments=_comments(package, tracked),
        properties=_properties(package),
    )


def _comments(package: Package, tracked: Tracked) -> dict[str, WordComment]:
    name = package.part_of_main("comments", "word/comments.xml")
    if name is None:
        return {}
    comments: dict[str, WordComment] = {}
    for element in package.parse(name).iterfind(_w("comment")):
        comment_id = element.get(ID)
        if comment_id is None:
            continue
        lines = [_text(p, tracked) for p in element.iter(P)]
        comments[comment_id] = WordComment(
            id=comment_id,
            author=(element.get(_w("author")) or "").strip(),
            date=parse_date(element.get(_w("date"))),
            text="\n".join(line.strip() for line in lines if line.strip()),
        )
    return comments


def _properties(package: Package) -> dict[str, str]:
    name = package.target("_rels/.rels", "custom-properties") or "docProps/custom.xml"
    if name not in package.names:
        return {}
    properties: dict[str, str] = {}
    for prop in package.parse(name).iterfind(f"{{{CUSTOM_PROPERTIES_NS}}}property"):
        key = prop.get("name")
        if key is not None:
            value = next(iter(prop), None)
            properties[key] = (value.text or "") if value is not None else ""
    return properties


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _text(element: etree._Element, tracked: Tracked) -> str:
    """Return the text of a paragraph in one view of its tracked changes."""
    out: list[str] = []
    _collect(element, _SKIPPED[tracked], tracked == "reject", out)
    return "".join(out)


def _collect(element: etree._Element, skipped: frozenset[str], deleted_text: bool, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == T:
            out.append(child.text or "")
        elif tag == DEL_TEXT:
            if deleted_text:
                out.append(child.text or "")
        elif tag == TAB:
            out.append("\t")
        elif tag == BR or tag == CR:
            if child.get(_w("type")) not in ("page", "column"):
                out.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            out.append("-")
        elif tag in skipped or not isinstance(tag, str):
            continue
        else:
            _collect(child, skipped, deleted_text, out)


@dataclass
class _Raw:
    """A paragraph before paragraph-mark changes are applied."""

    text: str
    style: str
    label: str | None
    bookmarks: list[str]
    bookmark_ends: list[str]
    comments: list[str]
    in_table: bool
    mark_removed: bool
    parent: etree._Element | None
    bold: bool = False
    centred: bool = False
    list_level: int | None = None


def _body_paragraphs(
    body: etree._Element, tracked: Tracked, styles: StyleSheet, numbering: ListNumbering | None
) -> list[_Raw]:
    """Return every body paragraph (content controls and tables included, text boxes not) in order."""
    elements = body.xpath(".//w:p[not(ancestor::w:p)]", namespaces={"w": W})
    order = {element: index for index, element in enumerate(elements)}
    removed_mark = (DEL, MOVE_FROM) if tracked == "accept" else (INS, MOVE_TO)
    raws: list[_Raw] = []
    for element in elements:
        style_id, label, level, mark_removed = "", None, None, False
        ppr = element.find(PPR)
        pstyle = ppr.find(PSTYLE) if ppr is not None else None
        style_id = pstyle.get(VAL, "") if pstyle is not None else ""
        # Direct numbering wins over the style's; a direct numId of 0 switches the style's off.
        numpr = ppr.find(NUMPR) if ppr is not None else None
        if numpr is None:
            numpr = styles.numbering(style_id)
        if numpr is not None and numbering is not None and numbering.defines(numpr):
            label, level = numbering.label(numpr), numbering.level_of(numpr)
        if ppr is not None:
            mark = ppr.find(RPR)
            mark_removed = mark is not None and any(mark.find(tag) is not None for tag in removed_mark)
        centre = centred(ppr)
        in_table = False
        parent = element.getparent()
        ancestor = parent
        while ancestor is not None and ancestor is not body:
            if ancestor.tag == TBL:
                in_table = True
                break
            ancestor = ancestor.getparent()
        raws.append(
            _Raw(
                _text(element, tracked),
                styles.name(style_id),
                label,
                [],
                [],
                [],
                in_table,
                mark_removed,
                parent,
                bold=styles.whole_paragraph_bold(element, style_id, _SKIPPED[tracked], tracked == "reject"),
                centred=styles.centred(style_id) if centre is None else centre,
                list_level=level,
            )
        )
    _attach_markers(body, elements, order, raws)
    return raws


def _attach_markers(
    body: etree._Element, elements: list[etree._Element], order: dict[etree._Element, int], raws: list[_Raw]
) -> None:
    """Give each paragraph its bookmark and comment markers; markers between paragraphs go to a neighbour.

    A bookmark end before any text of a paragraph closes the range at the previous paragraph's
    mark, which is where Word puts the end of a bookmark that covers whole paragraphs.
    """
    names: dict[str, str] = {}
    pending: list[str] = []
    last = -1
    for element in body.iter(P, BOOKMARK_START, BOOKMARK_END, COMMENT_START, COMMENT_REFERENCE):
        if element.tag == P:
            index = order.get(element)
            if index is not None:
                last = index
                raws[index].bookmarks.extend(pending)
                pending = []
            continue
        owner = _owner(element, order)
        tag = element.tag
        if tag == BOOKMARK_START:
            name = element.get(NAME) or ""
            names[element.get(ID) or ""] = name
            if owner is None:
                pending.append(name)
            else:
                raws[owner].bookmarks.append(name)
            continue
        target = owner if owner is not None else last
        if target < 0:
            continue
        if tag == BOOKMARK_END:
            name = names.get(element.get(ID) or "")
            if owner is not None and owner > 0 and _before_text(elements[owner], element):
                target = owner - 1
            if name:
                raws[target].bookmark_ends.append(name)
        else:
            comment_id = element.get(ID)
            if comment_id is not None and comment_id not in raws[target].comments:
                raws[target].comments.append(comment_id)


def _before_text(paragraph: etree._Element, marker: etree._Element) -> bool:
    """Return True when `marker` comes before any text in `paragraph`."""
    for node in paragraph.iter():
        if node is marker:
            return True
        if node.tag in (T, DEL_TEXT) and node.text:
            return False
    return False


def _owner(element: etree._Element, order: dict[etree._Element, int]) -> int | None:
    """Return the index of the body paragraph holding `element`, or None between paragraphs."""
    found = None
    ancestor = element.getparent()
    while ancestor is not None:
        if ancestor.tag == P:
            found = order.get(ancestor, found)
        elif ancestor.tag == BODY:
            break
        ancestor = ancestor.getparent()
    return found


def _merge_marks(raws: list[_Raw]) -> list[WordParagraph]:
    """Return the paragraphs with each removed paragraph mark joining its paragraph to the next."""
    paragraphs: list[WordParagraph] = []
    carry: _Raw | None = None
    for index, raw in enumerate(raws):
        if carry is not None:
            if carry.text.strip():
                raw = _Raw(
                    carry.text + raw.text,
                    carry.style,
                    carry.label,
                    carry.bookmarks + raw.bookmarks,
                    carry.bookmark_ends + raw.bookmark_ends,
                    carry.comments + [c for c in raw.comments if c not in carry.comments],
                    raw.in_table,
                    raw.mark_removed,
                    raw.parent,
                    bold=carry.bold and raw.bold,
                    centred=carry.centred,
                    list_level=carry.list_level,
                )
            carry = None
        following = raws[index + 1] if index + 1 < len(raws) else None
        if raw.mark_removed and following is not None and following.parent is raw.parent:
            carry = raw
            continue
        paragraphs.append(
            WordParagraph(
                index=len(paragraphs) + 1,
                text=raw.text,
                style=raw.style,
                label=raw.label,
                bookmarks=tuple(raw.bookmarks),
                bookmark_ends=tuple(raw.bookmark_ends),
                comments=tuple(raw.comments),
                in_table=raw.in_table,
                bold=raw.bold,
                centred=raw.centred,
                list_level=raw.list_level,
            )
        )
    return paragraphs
