"""Styles of a .docx (styles.xml): names, and the bold, centring and list numbering a style passes on."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from charter.word.package import W


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


VAL, B, JC, NUMPR, NUMID = _w("val"), _w("b"), _w("jc"), _w("numPr"), _w("numId")
PPR, RPR, R, T, DEL_TEXT, RSTYLE = _w("pPr"), _w("rPr"), _w("r"), _w("t"), _w("delText"), _w("rStyle")

#: How deep a chain of `w:basedOn` is followed; Word allows no loops, a hostile file might.
_MAX_DEPTH = 20


def on_off(element: etree._Element | None) -> bool | None:
    """Return the value of an on/off property such as `w:b`: None when absent, else True or False."""
    if element is None:
        return None
    return element.get(VAL, "true").strip().lower() not in ("0", "false", "off")


def centred(ppr: etree._Element | None) -> bool | None:
    """Return whether paragraph properties centre the paragraph, or None when they do not say."""
    jc = ppr.find(JC) if ppr is not None else None
    return None if jc is None else jc.get(VAL, "") in ("center", "centre")


@dataclass
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    centred: bool | None
    numbering: etree._Element | None


@dataclass
class StyleSheet:
    """The styles of one document, each property resolved through the styles it is based on."""

    styles: dict[str, _Style] = field(default_factory=dict)
    default_paragraph: str = ""

    @classmethod
    def parse(cls, root: etree._Element | None) -> StyleSheet:
        """Return the style sheet of a parsed styles.xml (an empty one for None)."""
        sheet = cls()
        if root is None:
            return sheet
        for style in root.iterfind(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            name, based = style.find(_w("name")), style.find(_w("basedOn"))
            ppr, rpr = style.find(PPR), style.find(RPR)
            sheet.styles[style_id] = _Style(
                name=name.get(VAL, style_id) if name is not None else style_id,
                based_on=based.get(VAL) if based is not None else None,
                bold=on_off(rpr.find(B)) if rpr is not None else None,
                centred=centred(ppr),
                numbering=ppr.find(NUMPR) if ppr is not None else None,
            )
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                sheet.default_paragraph = style_id
        return sheet

    def name(self, style_id: str) -> str:
        """Return the style's name ('Heading 1'), or the id itself for an unknown style."""
        style = self.styles.get(style_id)
        return style.name if style is not None else style_id

    def _resolve(self, style_id: str, attribute: str) -> object:
        current: str | None = style_id or self.default_paragraph
        for _ in range(_MAX_DEPTH):
            style = self.styles.get(current or "")
            if style is None:
                return None
            value = getattr(style, attribute)
            if value is not None:
                return value
            current = style.based_on
        return None

    def bold(self, style_id: str) -> bool:
        """Return True when text in this style (paragraph or character) is bold."""
        return self._resolve(style_id, "bold") is True

    def centred(self, style_id: str) -> bool:
        """Return True when paragraphs in this style are centred."""
        return self._resolve(style_id, "centred") is True

    def numbering(self, style_id: str) -> etree._Element | None:
        """Return the `w:numPr` a paragraph style numbers its paragraphs with, or None."""
        found = self._resolve(style_id, "numbering")
        if found is None:
            return None
        assert isinstance(found, etree._Element)
        return found if found.find(NUMID) is not None else None

    def whole_paragraph_bold(
        self, paragraph: etree._Element, style_id: str, skipped: frozenset[str], deleted_text: bool
    ) -> bool:
        """Return True when the paragraph has text and every run holding some of it shows in bold.

        A run is bold by its own `w:b`, else by its character style, else by the paragraph
        style. Runs inside `skipped` elements (the other view's tracked changes) do not count;
        `deleted_text` counts the text of deleted runs, as the rejected view shows it.
        """
        paragraph_bold = self.bold(style_id)
        seen = False
        for run in _runs(paragraph, skipped):
            texts = run.iter(T, DEL_TEXT) if deleted_text else run.iter(T)
            if not "".join(node.text or "" for node in texts).strip():
                continue
            rpr = run.find(RPR)
            bold = on_off(rpr.find(B)) if rpr is not None else None
            if bold is None and rpr is not None and (character := rpr.find(RSTYLE)) is not None:
                bold = self.bold(character.get(VAL, "")) or None
            if not (paragraph_bold if bold is None else bold):
                return False
            seen = True
        return seen


def _runs(element: etree._Element, skipped: frozenset[str]) -> list[etree._Element]:
    found: list[etree._Element] = []
    for child in element:
        if child.tag == R:
            found.append(child)
        elif isinstance(child.tag, str) and child.tag not in skipped:
            found.extend(_runs(child, skipped))
    return found
