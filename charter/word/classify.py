"""What each paragraph of a charter written elsewhere is (title, recital, heading, ...), and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charter.word.formulas import (
    CLOSING,
    LEAD_IN,
    PREAMBLE,
    RECITAL_OPENER,
    SUB_LABEL,
    numbered_heading,
    opening_parties,
    paragraph_number,
    parse_heading,
)
from charter.word.matching import SIGNATURE, flat, style_of
from charter.word.names import SUBPARAGRAPH_KEY, SUBPARAGRAPH_STYLE
from charter.word.read import WordParagraph

#: The kinds of paragraph, in the order a charter has them.
KINDS = ("title", "chapeau", "recital", "heading", "lead-in", "paragraph", "subparagraph", "closing", "signature")

#: Longest line (in words) that may be a title or a heading without a number.
_SHORT = 16

#: Longest paragraph (in characters) that may be a closing formula or a section's lead-in, and
#: most paragraphs a closing formula may run to; anything longer is read as a paragraph.
_FORMULA = 1_000
_CLOSING_PARAGRAPHS = 3


@dataclass(frozen=True)
class Classified:
    """How one paragraph of the file was read: its kind, why, and its role in the charter's shape.

    `role` tells apart paragraphs of one kind: a heading that marks the 'preamble', starts a
    'section' or gives the 'title' of the heading above; a lead-in to the 'operative' part or to
    one 'section'; a title line that 'continues' the one above.
    """

    paragraph: int
    kind: str
    reason: str
    text: str
    role: str = ""


def classification_rows(classified: Sequence[Classified]) -> list[dict[str, object]]:
    """Return the classification as rows of paragraph, kind, reason and text: the CLI's JSON and the UI's table."""
    return [{"paragraph": c.paragraph, "kind": c.kind, "reason": c.reason, "text": c.text} for c in classified]


@dataclass(frozen=True)
class _Line:
    paragraph: WordParagraph
    text: str
    number: int | None

    @property
    def unpunctuated(self) -> bool:
        return not self.text.endswith((".", ",", ";", ":"))

    @property
    def short(self) -> bool:
        return len(self.text.split()) <= _SHORT and len(self.text) <= 200

    @property
    def styled_heading(self) -> bool:
        return style_of(self.paragraph).startswith("heading")

    @property
    def emphasis(self) -> str | None:
        """Return how a short unpunctuated line stands out ('in bold', 'centred', 'in capitals'), or None."""
        if not (self.short and self.unpunctuated and self.number is None):
            return None
        letters = [ch for ch in self.text if ch.isalpha()]
        if self.paragraph.bold:
            return "in bold"
        if self.paragraph.centred:
            return "centred"
        if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
            return "in capitals"
        return None


def classify(paragraphs: Sequence[WordParagraph]) -> list[Classified]:
    """Return how each non-empty paragraph of a charter reads, in order, with the reason for each."""
    lines = [_line(p) for p in paragraphs if flat(p.text) or p.label]
    return _Classifier(lines).run()


def _line(paragraph: WordParagraph) -> _Line:
    text = flat(f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text)
    return _Line(paragraph, text, paragraph_number(text))


class _Classifier:
    """Walks the paragraphs once: front matter, preamble, operative part, closing."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.phase = "front"  # front, preamble, operative, closing
        self.out: list[Classified] = []
        self.parties: list[str] = []
        self.recitals = 0
        self.closings = 0
        self.only_participles = True
        self.fresh_section = False  # a heading was just read; the section has no paragraph yet
        self.untitled_heading = False  # that heading ('SECTION I') had no title
        self.body = False  # there is a recital or paragraph for sub-paragraphs to join
        self.structured_after = [False] * len(lines)
        seen = False
        for index in range(len(lines) - 1, -1, -1):
            self.structured_after[index] = seen
            line = lines[index]
            seen = seen or line.styled_heading or numbered_heading(line.text) or bool(LEAD_IN.match(line.text))

    def run(self) -> list[Classified]:
        for index, line in enumerate(self.lines):
            kind, reason, role = self._kind(index, line)
            self.out.append(Classified(line.paragraph.index, kind, reason, line.text, role))
            if kind in ("recital", "paragraph"):
                self.body, self.fresh_section = True, False
            elif kind != "subparagraph":
                self.body = False
        return self.out

    def _kind(self, index: int, line: _Line) -> tuple[str, str, str]:
        text, paragraph = line.text, line.paragraph
        if self.phase == "closing":
            if self._closing(text) and self.closings < _CLOSING_PARAGRAPHS:
                self.closings += 1
                return "closing", "continues the closing formula", ""
            return "signature", "after the closing formula", ""
        if paragraph.in_table:
            return "signature", "in a table, where signature blocks stand", ""
        if SIGNATURE.match(text) or self._signs(text):
            return "signature", "a signature line or block", ""
        if self._closing(text):
            self.phase, self.closings = "closing", 1
            return "closing", f"opens with '{' '.join(text.split()[:2])}', as a closing formula does", ""
        if PREAMBLE.match(text):
            self.phase = "preamble"
            return "heading", f"'{text}' marks the preamble{self._how(line)}", "preamble"
        if self.phase == "front" and not self.out and (found := self._title(line)):
            return "title", found, ""
        if self.phase == "front" and self.out and self.out[-1].kind == "title" and (found := self._title(line)):
            return "title", "continues the title: " + found, "continues"
        chapeau = self._chapeau(index, line)
        if chapeau:
            self.phase = "preamble"
            return "chapeau", chapeau, ""
        heading = self._heading(line)
        if heading:
            return heading
        if self.phase in ("front", "preamble") and line.number is None and LEAD_IN.match(text):
            self.phase = "operative"
            return "lead-in", "ends the preamble with a colon, as 'Have decided as follows:' does", "operative"
        if self.phase == "operative" and self.fresh_section and self._section_lead_in(index, line):
            self.fresh_section = False
            return "lead-in", "unnumbered words before paragraph 1 of the section", "section"
        sub = self._sub(line)
        if sub and self.body:
            return "subparagraph", sub, ""
        if self.phase in ("front", "preamble"):
            return self._recital(index, line)
        return "paragraph", self._numbered(line, "operative paragraph"), ""

    # -- the rules -----------------------------------------------------------------------------

    def _title(self, line: _Line) -> str | None:
        if style_of(line.paragraph) in ("title", "subtitle"):
            return f"in the '{line.paragraph.style}' style"
        if not (line.short and line.unpunctuated) or line.number is not None or numbered_heading(line.text):
            return None
        if RECITAL_OPENER.match(line.text) or opening_parties(line.text):
            return None
        return "a short line without closing punctuation at the head of the file"

    def _chapeau(self, index: int, line: _Line) -> str | None:
        if self.phase not in ("front", "preamble") or self.recitals or any(c.kind == "chapeau" for c in self.out):
            return None
        names = opening_parties(line.text)
        if names:
            self.parties = [named.name for named in names]
            return f"the opening formula, naming {len(names)} Participants: " + "; ".join(self.parties)
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if (
            self.phase == "front"
            and line.number is None
            and line.text.endswith((":", ","))
            and not RECITAL_OPENER.match(line.text)
            and not LEAD_IN.match(line.text)
            and len(line.text.split()) <= 60
            and following is not None
            and (RECITAL_OPENER.match(following.text) or following.number is not None)
        ):
            return "the opening sentence before the recitals (its Participants could not be read)"
        return None

    def _heading(self, line: _Line) -> tuple[str, str, str] | None:
        text = line.text
        previous = self.out[-1] if self.out else None
        if (
            previous is not None
            and previous.kind == "heading"
            and previous.role == "section"
            and self.untitled_heading
            and line.short
            and line.unpunctuated
            and line.number is None
            and not numbered_heading(text)
        ):
            self.untitled_heading = False
            return "heading", "the title of the heading above", "title"
        if numbered_heading(text):
            heading = parse_heading(text)
            where = f"{heading.prefix} {heading.numeral}".strip()
            reason = f"a numbered heading ('{where}')" + (", numbered by Word" if line.paragraph.label else "")
        elif line.styled_heading and self.phase != "front":
            reason = f"in the '{line.paragraph.style}' style"
        elif self.phase != "front" and (how := line.emphasis):
            reason = f"a short line {how}, without closing punctuation"
        else:
            return None
        self.phase, self.fresh_section = "operative", True
        self.untitled_heading = not parse_heading(text).title
        return "heading", reason, "section"

    def _closing(self, text: str) -> bool:
        return len(text) <= _FORMULA and bool(CLOSING.match(text))

    def _section_lead_in(self, index: int, line: _Line) -> bool:
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        return (
            len(line.text) <= _FORMULA
            and line.number is None
            and self._sub(line) is None
            and following is not None
            and following.number is not None
            and not numbered_heading(following.text)
        )

    def _sub(self, line: _Line) -> str | None:
        paragraph = line.paragraph
        if style_of(paragraph) == SUBPARAGRAPH_KEY:
            return f"in the {SUBPARAGRAPH_STYLE} style"
        if paragraph.label and SUB_LABEL.match(paragraph.label + " "):
            return f"lettered '{paragraph.label}' by Word"
        if line.number is None and SUB_LABEL.match(line.text):
            return f"starts '{line.text.split()[0]}'"
        if paragraph.list_level is not None and paragraph.label is None and self.out:
            previous = self.out[-1]
            if previous.kind == "subparagraph" or previous.text.endswith(":"):
                return "a bulleted item after a paragraph that introduces a list"
        return None

    def _recital(self, index: int, line: _Line) -> tuple[str, str, str]:
        opener = RECITAL_OPENER.match(line.text)
        if (
            self.phase == "preamble"
            and not opener
            and self.recitals
            and self.only_participles
            and not self.structured_after[index]
        ):
            self.phase = "operative"
            return "paragraph", "the first paragraph that does not open like the recitals; the file has no headings", ""
        self.phase = "preamble"
        self.recitals += 1
        self.only_participles = self.only_participles and bool(opener)
        if opener:
            return "recital", f"opens with '{opener.group('word')}', as a recital does", ""
        return "recital", self._numbered(line, "in the preamble, before any heading"), ""

    def _numbered(self, line: _Line, what: str) -> str:
        if line.number is None:
            return what
        return f"{what}, numbered {line.number}" + (" by Word" if line.paragraph.label else "")

    def _signs(self, text: str) -> bool:
        lowered = text.lower().rstrip(": ")
        return any(lowered in (f"for {name.lower()}", f"for the government of {name.lower()}") for name in self.parties)

    def _how(self, line: _Line) -> str:
        if line.styled_heading:
            return f" (in the '{line.paragraph.style}' style)"
        return f" ({line.emphasis})" if line.emphasis else ""
