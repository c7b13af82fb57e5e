"""Word's automatic list numbering (numbering.xml), so a list item reads '1.' or '(a)' as Word shows it.

Word counts per abstract list definition: several lists (`w:num`) that share one definition
continue one another's numbers, unless a list restarts a level with `w:lvlOverride/w:startOverride`
(which is how LibreOffice writes a list that starts again at 1).
"""

from __future__ import annotations

import re

from lxml import etree

from charter.drafting.numbering import roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


VAL, NUMID, ILVL = _w("val"), _w("numId"), _w("ilvl")
Level = tuple[str, str, int]


class ListNumbering:
    """The numbering definitions of one document, with the running counters as paragraphs are read."""

    def __init__(self, root: etree._Element) -> None:
        abstract: dict[str, dict[int, Level]] = {}
        for item in root.iterfind(_w("abstractNum")):
            abstract[item.get(_w("abstractNumId")) or ""] = _levels(item)
        self.levels: dict[str, dict[int, Level]] = {}
        self.definition: dict[str, str] = {}
        self.restarts: dict[str, dict[int, int]] = {}
        for num in root.iterfind(_w("num")):
            num_id = num.get(NUMID) or ""
            ref = num.find(_w("abstractNumId"))
            abstract_id = ref.get(VAL, "") if ref is not None else ""
            levels = dict(abstract.get(abstract_id, {}))
            restarts: dict[int, int] = {}
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = _int(override.get(ILVL))
                replaced = override.find(_w("lvl"))
                if replaced is not None:
                    levels.update(_levels_of([replaced], default_level=ilvl))
                start = override.find(_w("startOverride"))
                if start is not None:
                    restarts[ilvl] = _int(start.get(VAL))
            self.levels[num_id] = levels
            self.definition[num_id] = abstract_id
            self.restarts[num_id] = restarts
        self.counters: dict[str, list[int]] = {}
        self._restarted: set[tuple[str, int]] = set()

    def defines(self, numpr: etree._Element) -> bool:
        """Return True when `numpr` names a list of this document (numId 0 switches numbering off)."""
        num = numpr.find(NUMID)
        return bool(self.levels.get(num.get(VAL, "") if num is not None else ""))

    @staticmethod
    def level_of(numpr: etree._Element) -> int:
        """Return the list level `numpr` puts its paragraph at, 0 for the outermost."""
        level = numpr.find(ILVL)
        return _int(level.get(VAL)) if level is not None else 0

    def label(self, numpr: etree._Element) -> str | None:
        """Return the label the next item of this list shows, e.g. '2.' or '(b)', or None for bullets."""
        num, level = numpr.find(NUMID), numpr.find(ILVL)
        num_id = num.get(VAL, "") if num is not None else ""
        ilvl = _int(level.get(VAL)) if level is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < 9:
            return None
        counts = self.counters.setdefault(self.definition.get(num_id, num_id), [0] * 9)
        fmt, text, start = levels[ilvl]
        restart = self.restarts.get(num_id, {}).get(ilvl)
        if restart is not None and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            counts[ilvl] = restart
        else:
            counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return None

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            value = counts[at] if 0 <= at < 9 and counts[at] else 1
            return format_number(value, levels.get(at, (fmt, "", 1))[0])

        return re.sub(r"%([1-9])", number, text)


def _levels(abstract: etree._Element) -> dict[int, Level]:
    return _levels_of(abstract.iterfind(_w("lvl")))


def _levels_of(elements: object, default_level: int = 0) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for level in elements:  # type: ignore[attr-defined]
        fmt, text, start = level.find(_w("numFmt")), level.find(_w("lvlText")), level.find(_w("start"))
        ilvl = level.get(_w("ilvl"))
        levels[_int(ilvl) if ilvl is not None else default_level] = (
            fmt.get(VAL, "decimal") if fmt is not None else "decimal",
            text.get(VAL, "") if text is not None else "",
            _int(start.get(VAL)) if start is not None else 1,
        )
    return levels


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def format_number(value: int, fmt: str) -> str:
    """Return `value` written in a Word number format: decimal, letters or roman numerals."""
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
