"""Read .docx files safely: package checks first, then paragraphs, comments and properties from the XML."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from lxml import etree

from charter.drafting.numbering import roman
from charter.errors import WordError
from charter.word.ooxml import CUSTOM_PROPERTIES_NS, PACKAGE_RELS_NS

#: Largest .docx file accepted, in bytes (a 300-clause charter is about 60 KB).
MAX_FILE_BYTES = 10 * 1024 * 1024

#: Most zip entries a .docx may hold (Word writes about 15).
MAX_ENTRIES = 2_000

#: Largest total uncompressed size the zip may declare.
MAX_TOTAL_BYTES = 200 * 1024 * 1024

#: Largest compression ratio accepted for an entry of more than RATIO_MIN_BYTES uncompressed.
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024

#: Largest XML part that is parsed, uncompressed.
MAX_PART_BYTES = 64 * 1024 * 1024

#: Most paragraphs a document may hold (a 300-clause charter has about 400).
MAX_PARAGRAPHS = 50_000

#: How the views of tracked changes are named: Word's Accept All or Reject All.
Tracked = Literal["accept", "reject"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024
_PROLOG_TRAP = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")


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
_NEVER_TEXT = frozenset(
    {PPR, RPR, _w("instrText"), _w("delInstrText"), _w("drawing"), _w("pict"), _w("object"), P}
    | {_w("footnoteReference"), _w("endnoteReference"), _w("commentReference"), _w("pPrChange"), _w("rPrChange")}
    | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
)
_SKIPPED: dict[str, frozenset[str]] = {
    "accept": _NEVER_TEXT | {DEL, MOVE_FROM},
    "reject": _NEVER_TEXT | {INS, MOVE_TO},
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
        return package.document(tracked)


def open_package(
    source: str | Path | bytes | IO[bytes], *, name: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Package:
    """Return the checked package of a .docx; raise WordError when it is unsafe or not a .docx."""
    label = name or (str(source) if isinstance(source, str | Path) else "the Word file")
    data = _read_bytes(source, label, max_bytes)
    if data.startswith(_OLE_MAGIC):
        raise WordError(
            f"{label}: the file is encrypted or password-protected (or an old .doc file); "
            "remove the password, save it as .docx and import that"
        )
    if not data.startswith(b"PK"):
        raise WordError(f"{label}: not a .docx file (it is not a zip archive)")
    _check_entry_count(data, label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as err:
        raise WordError(f"{label}: not a readable .docx file (damaged zip archive: {err})") from None
    try:
        _check_entries(archive, label)
        package = Package(archive, label)
    except BaseException:
        archive.close()
        raise
    return package


def _read_bytes(source: str | Path | bytes | IO[bytes], label: str, max_bytes: int) -> bytes:
    too_big = f"{label}: the file is larger than {max_bytes:,} bytes, the most an import accepts"
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | Path):
        path = Path(source)
        if path.suffix.lower() in (".docm", ".dotm"):
            raise WordError(f"{label}: macro-enabled Word files (.docm) are refused; save it as a .docx without macros")
        try:
            if path.stat().st_size > max_bytes:
                raise WordError(too_big)
            with path.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except OSError as err:
            raise WordError(f"{label}: cannot read the file: {err.strerror or err}") from None
    else:
        try:
            data = source.read(max_bytes + 1)
        except OSError as err:
            raise WordError(f"{label}: cannot read the file: {err}") from None
    if len(data) > max_bytes:
        raise WordError(too_big)
    return data


def _check_entry_count(data: bytes, label: str) -> None:
    """Refuse a zip whose end record announces too many entries, before zipfile lists them all."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and end + 12 <= len(data):
        count = int.from_bytes(data[end + 10 : end + 12], "little")
        if MAX_ENTRIES < count < 0xFFFF:
            raise WordError(f"{label}: the zip holds {count:,} entries, more than the {MAX_ENTRIES:,} a .docx may have")


def _check_entries(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse zip bombs, encrypted entries and macros, from the zip directory alone."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise WordError(
            f"{label}: the zip holds {len(entries):,} entries, more than the {MAX_ENTRIES:,} a .docx may have"
        )
    total = 0
    for info in entries:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise WordError(f"{label}: the file is encrypted or password-protected ({info.filename})")
        if info.filename.lower().rsplit("/", 1)[-1] in _MACRO_NAMES:
            raise WordError(
                f"{label}: the file holds macros ({info.filename}); macro-enabled documents (.docm) are refused, "
                "save it as a .docx without macros"
            )
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WordError(
                f"{label}: zip entry {info.filename} expands {info.file_size // max(info.compress_size, 1):,} times "
                f"(more than {MAX_RATIO}:1); refused as a possible zip bomb"
            )
    if total > MAX_TOTAL_BYTES:
        raise WordError(
            f"{label}: the zip declares {total:,} bytes uncompressed, more than {MAX_TOTAL_BYTES:,}; "
            "refused as a possible zip bomb"
        )


class Package:
    """A checked .docx zip: parses its XML parts safely and reads the document from them."""

    def __init__(self, archive: zipfile.ZipFile, label: str) -> None:
        self.archive = archive
        self.label = label
        self._names = {info.filename for info in archive.infolist()}
        self._check_content_types()
        self.main = self._target("_rels/.rels", "officeDocument") or "word/document.xml"
        if self.main not in self._names:
            raise WordError(f"{label}: not a Word document (the zip has no {self.main})")

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()

    # -- parts ----------------------------------------------------------------------------

    def _stream_chunks(self, name: str) -> Iterator[bytes]:
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise WordError(f"{self.label}: {name} is larger than {MAX_PART_BYTES:,} bytes")
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as err:
            raise WordError(f"{self.label}: {name} cannot be read from the zip ({err})") from None

    def parse(self, name: str, paragraph_limit: int | None = None) -> etree._Element:
        """Return the root of an XML part, parsed without entities, DTDs or network access.

        Refuses a part that declares a DOCTYPE, and, with `paragraph_limit`, stops as soon as
        the part holds more `w:p` elements than that, before reading the rest.
        """
        parser = etree.XMLPullParser(
            events=("end",),
            tag=P,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        paragraphs = 0
        first = True
        try:
            for chunk in self._stream_chunks(name):
                if first and _PROLOG_TRAP.search(chunk):
                    raise WordError(f"{self.label}: {name} declares a DOCTYPE or entities; refused (Word never does)")
                first = False
                parser.feed(chunk)
                if paragraph_limit is not None:
                    paragraphs += sum(1 for _ in parser.read_events())
                    if paragraphs > paragraph_limit:
                        raise WordError(
                            f"{self.label}: the document has more than {paragraph_limit:,} paragraphs; refused"
                        )
            root = parser.close()
        except etree.XMLSyntaxError as err:
            raise WordError(f"{self.label}: {name} is not well-formed XML ({err})") from None
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise WordError(f"{self.label}: {name} declares a DOCTYPE or entities; refused (Word never does)")
        return root

    def _target(self, rels_name: str, kind: str) -> str | None:
        """Return the zip name of the first relationship target of type `.../kind` in a rels part."""
        if rels_name not in self._names:
            return None
        rels = self.parse(rels_name)
        folder = posixpath.dirname(posixpath.dirname(rels_name))
        for rel in rels.iterfind(f"{{{PACKAGE_RELS_NS}}}Relationship"):
            if (rel.get("Type") or "").rsplit("/", 1)[-1] != kind or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(path)
        return None

    def _part_of_main(self, kind: str, default: str) -> str | None:
        folder, base = posixpath.split(self.main)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        name = self._target(rels, kind) if rels in self._names else default
        return name if name in self._names else None

    def _check_content_types(self) -> None:
        if "[Content_Types].xml" not in self._names:
            return
        root = self.parse("[Content_Types].xml")
        for item in root:
            content_type = (item.get("ContentType") or "").lower()
            if "macroenabled" in content_type or "vbaproject" in content_type:
                raise WordError(
                    f"{self.label}: the file is macro-enabled ({item.get('ContentType')}); macro-enabled documents "
                    "(.docm) are refused, save it as a .docx without macros"
                )

    # -- content --------------------------------------------------------------------------

    def document(self, tracked: Tracked) -> WordDocument:
        """Return the document's body paragraphs in the `tracked` view, its comments and properties."""
        root = self.parse(self.main, paragraph_limit=MAX_PARAGRAPHS)
        if root.tag != _w("document"):
            raise WordError(f"{self.label}: {self.main} is not a WordprocessingML document ({root.tag})")
        body = root.find(BODY)
        styles = self._style_names()
        numbering = _Numbering(self.parse(name)) if (name := self._part_of_main("numbering", "")) else None
        raw = _body_paragraphs(body, tracked, styles, numbering) if body is not None else []
        return WordDocument(
            name=self.label,
            paragraphs=tuple(_merge_marks(raw)),
            comments=self._comments(tracked),
            properties=self._properties(),
        )

    def _style_names(self) -> dict[str, str]:
        name = self._part_of_main("styles", "word/styles.xml")
        if name is None:
            return {}
        names: dict[str, str] = {}
        for style in self.parse(name).iterfind(_w("style")):
            style_id = style.get(_w("styleId"))
            label = style.find(NAME)
            if style_id:
                names[style_id] = label.get(VAL, style_id) if label is not None else style_id
        return names

    def _comments(self, tracked: Tracked) -> dict[str, WordComment]:
        name = self._part_of_main("comments", "word/comments.xml")
        if name is None:
            return {}
        comments: dict[str, WordComment] = {}
        for element in self.parse(name).iterfind(_w("comment")):
            comment_id = element.get(ID)
            if comment_id is None:
                continue
            lines = [_text(p, tracked) for p in element.iter(P)]
            comments[comment_id] = WordComment(
                id=comment_id,
                author=(element.get(_w("author")) or "").strip(),
                date=_parse_date(element.get(_w("date"))),
                text="\n".join(line.strip() for line in lines if line.strip()),
            )
        return comments

    def _properties(self) -> dict[str, str]:
        name = self._target("_rels/.rels", "custom-properties") or "docProps/custom.xml"
        if name not in self._names:
            return {}
        properties: dict[str, str] = {}
        for prop in self.parse(name).iterfind(f"{{{CUSTOM_PROPERTIES_NS}}}property"):
            key = prop.get("name")
            if key is not None:
                value = next(iter(prop), None)
                properties[key] = (value.text or "") if value is not None else ""
        return properties


def _parse_date(value: str | None) -> datetime | None:
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


def _body_paragraphs(
    body: etree._Element, tracked: Tracked, styles: dict[str, str], numbering: _Numbering | None
) -> list[_Raw]:
    """Return every body paragraph (content controls and tables included, text boxes not) in order."""
    elements = body.xpath(".//w:p[not(ancestor::w:p)]", namespaces={"w": W})
    order = {element: index for index, element in enumerate(elements)}
    removed_mark = (DEL, MOVE_FROM) if tracked == "accept" else (INS, MOVE_TO)
    raws: list[_Raw] = []
    for element in elements:
        style_id, label, mark_removed = "", None, False
        ppr = element.find(PPR)
        if ppr is not None:
            pstyle = ppr.find(PSTYLE)
            style_id = pstyle.get(VAL, "") if pstyle is not None else ""
            numpr = ppr.find(NUMPR)
            if numpr is not None and numbering is not None:
                label = numbering.label(numpr)
            mark = ppr.find(RPR)
            mark_removed = mark is not None and any(mark.find(tag) is not None for tag in removed_mark)
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
                styles.get(style_id, style_id),
                label,
                [],
                [],
                [],
                in_table,
                mark_removed,
                parent,
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
            )
        )
    return paragraphs


class _Numbering:
    """Automatic list numbers, so that a list item reads '1.' or '(a)' as it shows in Word."""

    def __init__(self, root: etree._Element) -> None:
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for item in root.iterfind(_w("abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for level in item.iterfind(_w("lvl")):
                fmt, text, start = level.find(_w("numFmt")), level.find(_w("lvlText")), level.find(_w("start"))
                levels[_int(level.get(_w("ilvl")))] = (
                    fmt.get(VAL, "decimal") if fmt is not None else "decimal",
                    text.get(VAL, "") if text is not None else "",
                    _int(start.get(VAL)) if start is not None else 1,
                )
            abstract[item.get(_w("abstractNumId")) or ""] = levels
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        for num in root.iterfind(_w("num")):
            ref = num.find(_w("abstractNumId"))
            self.levels[num.get(NUMID) or ""] = abstract.get(ref.get(VAL, "") if ref is not None else "", {})
        self.counters: dict[str, list[int]] = {}

    def label(self, numpr: etree._Element) -> str | None:
        """Return the label the next item of this list shows, e.g. '2.' or '(b)', or None for bullets."""
        num, level = numpr.find(NUMID), numpr.find(ILVL)
        num_id = num.get(VAL, "") if num is not None else ""
        ilvl = _int(level.get(VAL)) if level is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < 9:
            return None
        counts = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return None

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            value = counts[at] if 0 <= at < 9 and counts[at] else 1
            return _format_number(value, levels.get(at, (fmt, "", 1))[0])

        return re.sub(r"%([1-9])", number, text)


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        numeral = roman(max(value, 1))
        return numeral.lower() if fmt == "lowerRoman" else numeral
    return str(value)
