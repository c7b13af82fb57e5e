"""Tracked changes read from a .docx: each paragraph as stretches of unchanged, inserted and deleted text.

The paragraphs are those of `read.read_document` in the view with every change rejected (the text
as exported), so that a paragraph here and the aligner's paragraph of the same index are one.
Each stretch that a change made carries its mark: insertion or deletion, author, date, and
whether it was a move.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from lxml import etree

from charter.errors import WordError
from charter.word.package import MAX_FILE_BYTES, MAX_PARAGRAPHS, Package, W, open_package
from charter.word.read import (
    BR,
    CR,
    DEL,
    DEL_TEXT,
    INS,
    MOVE_FROM,
    MOVE_TO,
    NEVER_TEXT,
    NO_BREAK_HYPHEN,
    PPR,
    RPR,
    TAB,
    T,
    WordDocument,
    parse_date,
    read_document,
)

__all__ = ["Mark", "MarkedParagraph", "Markup", "Segment", "read_markup"]

_AUTHOR, _DATE, _ID, _TYPE = (f"{{{W}}}{name}" for name in ("author", "date", "id", "type"))
_FORMATTING = (f"{{{W}}}rPrChange", f"{{{W}}}pPrChange")
_INSERTED = (INS, MOVE_TO)
_DELETED = (DEL, MOVE_FROM)


@dataclass(frozen=True)
class Mark:
    """Who made one tracked change, when, and whether it inserted or deleted (a move is both, in two places)."""

    kind: Literal["ins", "del"]
    author: str
    date: datetime | None
    id: str
    moved: bool = False


@dataclass(frozen=True)
class Segment:
    """A stretch of paragraph text: unchanged (no mark), inserted or deleted by its mark."""

    text: str
    mark: Mark | None = None

    @property
    def old(self) -> bool:
        """Return True when the text was there before the changes (unchanged or deleted)."""
        return self.mark is None or self.mark.kind == "del"


@dataclass(frozen=True)
class MarkedParagraph:
    """One paragraph of the rejected view: its stretches in order, and its own paragraph mark ('\\n')."""

    segments: tuple[Segment, ...]
    end: Segment = Segment("\n")

    @property
    def old_text(self) -> str:
        """Return the text before the changes (what `read_document` reads with every change rejected)."""
        return "".join(s.text for s in self.segments if s.old)


@dataclass(frozen=True)
class Markup:
    """A .docx read for a review: the text before the changes, and the changes in each of its paragraphs."""

    document: WordDocument
    paragraphs: tuple[MarkedParagraph, ...]
    #: How many formatting changes (bold, styles) the file tracks; a review takes only words.
    formatting: int = 0
    #: How many insertion and deletion marks the file holds.
    marks: int = 0


def read_markup(
    source: str | Path | bytes | IO[bytes], *, name: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Markup:
    """Return a .docx's paragraphs with every tracked change rejected, and the tracked changes in each.

    The package is checked first as for every import (size, zip bomb, macros, DOCTYPE). Raises
    WordError for an unsafe or unreadable file.
    """
    with open_package(source, name=name, max_bytes=max_bytes) as package:
        document = read_document(package, "reject")
        return _markup(package, document)


def _markup(package: Package, document: WordDocument) -> Markup:
    root = package.parse(package.main, paragraph_limit=MAX_PARAGRAPHS)
    body = root.find(f"{{{W}}}body")
    elements = body.xpath(".//w:p[not(ancestor::w:p)]", namespaces={"w": W}) if body is not None else []
    raws = [_raw(element) for element in elements]
    paragraphs = _merge(raws, elements)
    if len(paragraphs) != len(document.paragraphs) or any(
        marked.old_text != read.text for marked, read in zip(paragraphs, document.paragraphs, strict=False)
    ):
        raise WordError(f"{document.name}: the tracked changes could not be lined up with the text; refused")
    paragraphs = _attach_inserted(raws, elements, paragraphs)
    formatting = sum(1 for tag in _FORMATTING for _ in root.iter(tag))
    marks = sum(1 for tag in (*_INSERTED, *_DELETED) for _ in root.iter(tag))
    return Markup(document, tuple(paragraphs), formatting, marks)


@dataclass
class _Raw:
    """A paragraph element's stretches and its mark, before paragraphs joined by a removed mark merge."""

    segments: list[Segment]
    end: Segment

    @property
    def inserted_mark(self) -> bool:
        return self.end.mark is not None and self.end.mark.kind == "ins"

    @property
    def old_text(self) -> str:
        return "".join(s.text for s in self.segments if s.old)


def _raw(element: etree._Element) -> _Raw:
    out: list[Segment] = []
    _walk(element, None, out)
    end = Segment("\n")
    ppr = element.find(PPR)
    rpr = ppr.find(RPR) if ppr is not None else None
    if rpr is not None:
        for child in rpr:
            if child.tag in _INSERTED or child.tag in _DELETED:
                end = Segment("\n", _mark(child))
                break
    return _Raw(_joined(out), end)


def _mark(element: etree._Element) -> Mark:
    return Mark(
        kind="ins" if element.tag in _INSERTED else "del",
        author=" ".join((element.get(_AUTHOR) or "").split())[:200],
        date=parse_date(element.get(_DATE)),
        id=element.get(_ID) or "",
        moved=element.tag in (MOVE_FROM, MOVE_TO),
    )


def _walk(element: etree._Element, mark: Mark | None, out: list[Segment]) -> None:
    """Collect the text under `element` as `read._collect` reads it, each stretch with its mark."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in (T, DEL_TEXT):
            if child.text:
                out.append(Segment(child.text, mark))
        elif tag == TAB:
            out.append(Segment("\t", mark))
        elif tag in (BR, CR):
            if child.get(_TYPE) not in ("page", "column"):
                out.append(Segment("\n", mark))
        elif tag == NO_BREAK_HYPHEN:
            out.append(Segment("-", mark))
        elif tag in _INSERTED or tag in _DELETED:
            inner = _mark(child)
            if mark is not None and mark.kind != inner.kind:
                continue  # inserted, then deleted again: in neither view
            _walk(child, inner if mark is None else mark, out)
        elif tag not in NEVER_TEXT:
            _walk(child, mark, out)


def _joined(segments: list[Segment]) -> list[Segment]:
    """Return the stretches with neighbours of the same mark joined."""
    joined: list[Segment] = []
    for segment in segments:
        if joined and joined[-1].mark == segment.mark:
            joined[-1] = replace(joined[-1], text=joined[-1].text + segment.text)
        else:
            joined.append(segment)
    return joined


def _merge(raws: list[_Raw], elements: list[etree._Element]) -> list[MarkedParagraph]:
    """Return the paragraphs of the rejected view: a paragraph whose mark was inserted joins the next.

    The same rule as `read._merge_marks` for the view with every change rejected; a joined
    paragraph keeps its inserted mark as an inserted '\\n' between the two.
    """
    paragraphs: list[MarkedParagraph] = []
    carry: list[Segment] | None = None
    for index, raw in enumerate(raws):
        segments = list(raw.segments)
        if carry is not None:
            segments = carry + segments
            carry = None
        following = elements[index + 1] if index + 1 < len(elements) else None
        if raw.inserted_mark and following is not None and following.getparent() is elements[index].getparent():
            # a carried paragraph with no old text is dropped by the reader; `_attach_inserted` places it
            carry = [*segments, raw.end] if "".join(s.text for s in segments if s.old).strip() else None
            continue
        paragraphs.append(MarkedParagraph(tuple(_joined(segments)), raw.end))
    return paragraphs


def _attach_inserted(
    raws: list[_Raw], elements: list[etree._Element], paragraphs: list[MarkedParagraph]
) -> list[MarkedParagraph]:
    """Return the paragraphs with each wholly inserted paragraph added after the one before it.

    The rejected view has no such paragraph; its words are an insertion of a new line at the end
    of the paragraph it follows (or at the start of the first one).
    """
    result = list(paragraphs)
    merged = -1
    pending: list[Segment] = []
    carrying = False  # inside a run of paragraphs that `_merge` already joined
    for index, raw in enumerate(raws):
        following = elements[index + 1] if index + 1 < len(elements) else None
        joins = raw.inserted_mark and following is not None and following.getparent() is elements[index].getparent()
        if joins and carrying:
            continue
        if joins and not raw.old_text.strip():
            if merged < 0:
                pending.extend([*raw.segments, raw.end])
                continue
            before = result[merged]
            segments = [*before.segments, before.end, *raw.segments]
            result[merged] = MarkedParagraph(tuple(_joined(segments)), raw.end)
            continue
        if joins:
            carrying = True
            continue
        carrying = False
        merged += 1
        if pending and merged < len(result):
            first = result[merged]
            result[merged] = MarkedParagraph(tuple(_joined([*pending, *first.segments])), first.end)
            pending = []
    return result
