"""Word files with a counterpart's tracked changes as Word writes them: real `w:ins` and `w:del` in the XML."""

from __future__ import annotations

import copy
import io
from datetime import UTC, datetime

import docx
from docx.oxml.ns import qn
from lxml import etree

US = "U.S. Delegation"
WHEN = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)


class Markup:
    """Edits an exported .docx as a delegation would in Word with Track Changes on."""

    def __init__(self, data: bytes, author: str = US, when: datetime = WHEN) -> None:
        self.document = docx.Document(io.BytesIO(data))
        self.body = self.document.element.body
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 9000

    def _mark(self, kind: str) -> etree._Element:
        mark = etree.Element(qn(f"w:{kind}"))
        mark.set(qn("w:id"), str(self.next_id))
        mark.set(qn("w:author"), self.author)
        mark.set(qn("w:date"), self.date)
        self.next_id += 1
        return mark

    @staticmethod
    def _run(template: etree._Element, text: str, deleted: bool = False) -> etree._Element:
        run = copy.deepcopy(template)
        for child in list(run):
            if child.tag != qn("w:rPr"):
                run.remove(child)
        node = etree.SubElement(run, qn("w:delText" if deleted else "w:t"))
        node.text = text
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return run

    def replace(self, old: str, new: str, *, after: str = "", moved: bool = False) -> Markup:
        """Track the replacement of `old` (found right after `after`) by `new`; either may be empty.

        With `moved`, the words are marked as moved away (`w:moveFrom`) and moved here (`w:moveTo`).
        """
        removal, addition = ("moveFrom", "moveTo") if moved else ("del", "ins")
        for node in self.body.iter(qn("w:t")):
            text = node.text or ""
            where = text.find(after + old)
            if where < 0 or not (after + old):
                continue
            run = node.getparent()
            start = where + len(after)
            pieces: list[etree._Element] = []
            if text[:start]:
                pieces.append(self._run(run, text[:start]))
            if old:
                deleted = self._mark(removal)
                deleted.append(self._run(run, old, deleted=True))
                pieces.append(deleted)
            if new:
                inserted = self._mark(addition)
                inserted.append(self._run(run, new))
                pieces.append(inserted)
            if text[start + len(old) :]:
                pieces.append(self._run(run, text[start + len(old) :]))
            for piece in pieces:
                run.addprevious(piece)
            run.getparent().remove(run)
            return self
        raise AssertionError(f"no run holds {after + old!r}")

    def insert_paragraph(self, after: str, text: str) -> Markup:
        """Track a new paragraph holding `text` after the paragraph that holds `after`."""
        for paragraph in self.body.iter(qn("w:p")):
            if after in "".join(t.text or "" for t in paragraph.iter(qn("w:t"))):
                new = etree.Element(qn("w:p"))
                ppr = paragraph.find(qn("w:pPr"))
                ppr = copy.deepcopy(ppr) if ppr is not None else etree.Element(qn("w:pPr"))
                rpr = ppr.find(qn("w:rPr"))
                if rpr is None:
                    rpr = etree.SubElement(ppr, qn("w:rPr"))
                rpr.append(self._mark("ins"))
                new.append(ppr)
                inserted = self._mark("ins")
                inserted.append(self._run(etree.Element(qn("w:r")), text))
                new.append(inserted)
                paragraph.addnext(new)
                return self
        raise AssertionError(f"no paragraph holds {after!r}")

    def delete_paragraph_mark(self, ending: str) -> Markup:
        """Track the deletion of the paragraph mark of the paragraph that holds `ending`, joining it to the next."""
        for paragraph in self.body.iter(qn("w:p")):
            if ending in "".join(t.text or "" for t in paragraph.iter(qn("w:t"))):
                ppr = paragraph.find(qn("w:pPr"))
                if ppr is None:
                    ppr = etree.Element(qn("w:pPr"))
                    paragraph.insert(0, ppr)
                rpr = ppr.find(qn("w:rPr"))
                if rpr is None:
                    rpr = etree.SubElement(ppr, qn("w:rPr"))
                rpr.append(self._mark("del"))
                return self
        raise AssertionError(f"no paragraph holds {ending!r}")

    def comment(self, phrase: str, text: str, author: str | None = None) -> Markup:
        """Add a Word comment on the paragraph that holds `phrase`."""
        for paragraph in self.document.paragraphs:
            if phrase in paragraph.text:
                name = author or self.author
                initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:3]
                self.document.add_comment(paragraph.runs[-1:], text=text, author=name, initials=initials)
                return self
        raise AssertionError(f"no paragraph holds {phrase!r}")

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
