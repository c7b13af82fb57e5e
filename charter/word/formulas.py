"""The set phrases of a charter written elsewhere: its opening and closing formulas, recitals and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.drafting import template
from charter.drafting.numbering import from_roman, from_word
from charter.word.matching import flat

#: Names of states that hold "and", so that "Trinidad and Tobago and Japan" names two Participants.
NAMES_WITH_AND = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "S\u00e3o Tom\u00e9 and Pr\u00edncipe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
)

#: Words a state's name may hold in lower case ("the Republic of Korea", "Bosnia and Herzegovina").
_SMALL_WORDS = frozenset("of the and for de la le du del des al el da do dos".split())

#: What may follow the names in an opening formula: "(the Participants)", "hereinafter ...", "the Sides".
_TAIL = re.compile(
    r"\s*(?:\(|,?\s*\b(?:hereinafter|together|jointly|collectively|(?:each\s+)?referred\s+to)\b"
    r"|,\s*[\u201c\"']?the\s+(?:Sides|Parties|Participants)\b)",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(r"^(?:the\s+)?Government\s+of\s+", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?P<names>.+?)(?=\s+on\s+|\s+concerning\s+|\s*[(,:;]|$)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")

#: The words that open a recital: participles and the like, in British or American spelling.
RECITAL_OPENER = re.compile(
    r"^(?:\(?\d{1,3}[.)]\s+)?(?P<word>guided\s+by|bearing\s+in\s+mind|taking\s+(?:into\s+account|note)"
    r"|in\s+view\s+of|mindful|aware|conscious|convinced|committed|determined|resolved|desirous|eager"
    r"|(?!(?:united|during|according)\b)[a-z]{2,}(?:ing|ed))\b",
    re.IGNORECASE,
)
#: The words between the preamble and the operative part: "Have decided as follows:".
LEAD_IN = re.compile(
    r"^(?:have|hereby|jointly|declare|decide|agree|state|express|adopt|resolve|set\s+out)\b.{0,300}:$",
    re.IGNORECASE,
)
CLOSING = re.compile(r"^\s*(?:(?:Done|Signed)\b.{0,40}?\b(?:at|in)\b|In\s+witness\s+whereof\b)", re.IGNORECASE)
PREAMBLE = re.compile(r"^\s*preamble\s*[.:]?\s*$", re.IGNORECASE)
PARAGRAPH_NUMBER = re.compile(r"^\s*(?:\((?P<a>\d{1,4})\)|(?P<b>\d{1,4})[.)])(?:\s+|$)")
SUB_LABEL = re.compile(r"^\s*\(?(?P<label>[a-z]{1,2}|[ivx]{1,6})[.)]\s+")

_ROMAN = re.compile(r"[IVXLC]{1,7}")
_NUMERAL = r"[IVXLC]{1,7}|\d{1,3}|[A-Za-z]+(?:-[A-Za-z]+)?"
_HEADING = re.compile(
    rf"^\s*(?P<prefix>Section|Part|Chapter|Article)\s+(?P<numeral>{_NUMERAL})"
    r"(?:\s*$|(?P<sep>\s*[:.\-\u2013\u2014]\s*|\s+)(?P<title>\S.*)$)",
    re.IGNORECASE,
)
_ROMAN_HEADING = re.compile(r"^\s*(?P<numeral>[IVXLC]{1,7})(?P<sep>[.)]\s+)(?P<title>\S.{0,150})$")

_PLACE_DATE = re.compile(
    r"\b(?:Done|Signed)(?:\s+in\s+(?:duplicate|triplicate|two|three|\w+\s+(?:originals?|copies)))?,?\s+(?:at|in)\s+"
    r"(?P<place>.+?)\s*,?\s+(?:on|this)\s+(?:the\s+)?(?P<date>.+?)"
    r"(?=,?\s+in\s+(?:duplicate|two|three|\w+\s+originals?|the\s)|,\s+(?:each|both|all)\b|[,.]?\s*$)",
    re.IGNORECASE,
)
_LANGUAGES = re.compile(
    r"\b(?P<phrase>the\s+(?P<names>[A-Z][\w-]*(?:(?:,\s*|,?\s+and\s+)[A-Z][\w-]*)*)\s+languages?)\b"
)


@dataclass(frozen=True)
class Named:
    """A Participant's name as it stands in a formula, with where it stands."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A heading taken apart: 'SECTION', 'II', ': ' and 'Energy' (prefix and numeral may be empty)."""

    prefix: str
    numeral: str
    separator: str
    title: str

    @property
    def value(self) -> int | None:
        """Return the number the numeral stands for, or None."""
        return _numeral_value(self.numeral)

    def pattern(self, titled: bool) -> str:
        """Return the heading pattern (see model.HEADING_FIELDS) that writes headings this way."""
        if not self.numeral:
            return "{title}"
        if self.numeral.isdigit():
            token = "{number}"
        elif _ROMAN.fullmatch(self.numeral):
            token = "{roman}"
        else:
            token = "{WORD}" if self.numeral.isupper() else "{word}"
        head = f"{self.prefix} {token}" if self.prefix else token
        if not titled:
            return head
        separator = self.separator if self.separator.strip() else ": "
        return head + separator + "{title}"


def parse_heading(text: str) -> Heading:
    """Return a heading's parts: 'Section I: Title', 'ARTICLE 3', 'Part One', 'II. TITLE' or a bare title."""
    text = flat(text)
    match = _HEADING.match(text)
    if match and _numeral_value(match.group("numeral")) is not None:
        prefix, numeral = match.group("prefix"), match.group("numeral")
        return Heading(prefix, numeral, match.group("sep") or "", match.group("title") or "")
    match = _ROMAN_HEADING.match(text)
    if match and from_roman(match.group("numeral")) is not None:
        return Heading("", match.group("numeral"), match.group("sep"), match.group("title"))
    return Heading("", "", "", text)


def numbered_heading(text: str) -> bool:
    """Return True when the text reads as a numbered heading such as 'Section I' or 'III. TRADE'."""
    heading = parse_heading(text)
    return bool(heading.numeral) and len(text) <= 200 and not heading.title.endswith((".", ",", ";"))


def _numeral_value(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if _ROMAN.fullmatch(numeral):
        return from_roman(numeral)
    return from_word(numeral)


def paragraph_number(text: str) -> int | None:
    """Return the number a paragraph starts with ('3.', '3)' or '(3)'), or None."""
    match = PARAGRAPH_NUMBER.match(text)
    return int(match.group("a") or match.group("b")) if match else None


def strip_paragraph_number(text: str) -> str:
    """Return the text without the paragraph number it starts with."""
    match = PARAGRAPH_NUMBER.match(text)
    return text[match.end() :].strip() if match else text.strip()


def names_in(text: str, offset: int = 0) -> list[Named] | None:
    """Return the names in a list like 'Japan, the Republic of Korea and the United States of America'.

    Returns None unless there are two or more names and each one reads as a state's name: at most
    twelve words, each capitalised or a small word such as 'of' or 'the'.
    """
    protected = text
    for name in NAMES_WITH_AND:
        protected = re.sub(re.escape(name), lambda m: m.group(0).replace(" and ", " \0nd "), protected, flags=re.I)
    found: list[Named] = []
    position = 0
    for separator in [*_SEPARATOR.finditer(protected), None]:
        end = separator.start() if separator else len(protected)
        piece, start = text[position:end], position
        government = _GOVERNMENT.match(piece)
        if government:
            piece, start = piece[government.end() :], start + government.end()
        name = piece.strip()
        words = name.split()
        if not words or len(words) > 12 or not all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words):
            return None
        if not any(w[0].isupper() for w in words):
            return None
        if words[0] == "The":
            name = "the" + name[3:]
        found.append(Named(name, offset + start, offset + start + len(piece.strip())))
        position = separator.end() if separator else end
    return found if len(found) >= 2 else None


def opening_parties(text: str) -> list[Named] | None:
    """Return the Participants an opening formula names, or None when the text is not one.

    Reads 'The United States of America and Georgia:', 'The Government of Japan and the Government
    of the Republic of Azerbaijan (the Participants),', and lists of more than two names, with
    or without 'hereinafter ...', 'the Sides' or 'the Parties' after them.
    """
    text = flat(text)
    if len(text.split()) > 80 or RECITAL_OPENER.match(text) or not text[:1].isupper():
        return None
    core = text.rstrip(":,;. ")
    tail = _TAIL.search(core)
    if tail:
        core = core[: tail.start()]
    return names_in(core)


def title_parties(text: str) -> list[Named] | None:
    """Return the Participants a title names after 'between', or None."""
    text = flat(text)
    match = _BETWEEN.search(text)
    return names_in(match.group("names"), match.start("names")) if match else None


def with_variables(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Return `text` as stored formula text: each (start, end, variable) span a `${variable}`, the rest literal."""
    out, position = [], 0
    for start, end, name in sorted(spans):
        out.append(template.escape_dollars(text[position:start]))
        out.append("${" + name + "}")
        position = end
    out.append(template.escape_dollars(text[position:]))
    return "".join(out)


def closing_settings(text: str) -> tuple[dict[str, object], list[tuple[int, int, str]]]:
    """Return the place, date and languages a closing formula names, and where they stand in `text`."""
    found: dict[str, object] = {}
    spans: list[tuple[int, int, str]] = []
    match = _PLACE_DATE.search(text)
    if match:
        place, date = match.group("place").strip(), match.group("date").strip().rstrip(",.")
        if 0 < len(place) <= 200 and 0 < len(date) <= 100:
            found.update(place=place, date=date)
            spans.append((match.start("place"), match.start("place") + len(place), "place"))
            spans.append((match.start("date"), match.start("date") + len(date), "date"))
    languages = _LANGUAGES.search(text)
    if languages:
        names = tuple(n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", languages.group("names")) if n.strip())
        found["languages"] = names
        if template.languages_phrase(names) == languages.group("phrase"):
            spans.append((languages.start("phrase"), languages.end("phrase"), "languages"))
    return found, spans
