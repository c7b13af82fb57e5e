"""Matching text read from Word to clauses: numbers, headings, similarity and library wordings.

Shared by the import of an edited export (import_edited) and of a foreign charter (import_foreign).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import IO

from charter.drafting import template
from charter.drafting.model import Clause, DraftClause, Origin, Status
from charter.errors import WordError
from charter.library import Library, text_hash
from charter.word.names import style_key
from charter.word.ooxml import xml_safe
from charter.word.read import WordParagraph

Source = str | Path | bytes | IO[bytes]

#: Least similarity for a paragraph to count as a library clause's wording.
LIBRARY_RATIO = 0.85

#: Longest clause text a paragraph may give (DraftClause.text's limit, with room for `$$` escapes).
MAX_CLAUSE_CHARACTERS = 50_000

NUMBER = re.compile(r"^\s*(\d{1,4})[.)](?:\s+|$)")
HEADING = re.compile(
    r"^\s*(Section|Part|Chapter|Article)\s+([IVXLCDM]+|\d{1,3})\s*(?:$|[:.\-\u2013\u2014]\s*(.*)$)", re.IGNORECASE
)
TESTIMONIUM = re.compile(r"^\s*(Done|Signed)\s+(at|in)\b", re.IGNORECASE)
SIGNATURE = re.compile(r"^(_{3,}|For the Government of .*)$")


def flat(text: str) -> str:
    return " ".join(text.split())


def style_of(paragraph: WordParagraph) -> str:
    """Return the paragraph's style as readers compare it (`names.style_key`): 'chartersubparagraph'."""
    return style_key(paragraph.style)


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Return the difflib ratio of two texts compared word by word (0 when it is surely below `floor`)."""
    matcher = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def lines_of(paragraphs: list[WordParagraph]) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        text = f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text
        lines.extend(line.strip() for line in xml_safe(text).split("\n") if line.strip())
    return lines


def strip_number(line: str) -> tuple[int | None, str]:
    match = NUMBER.match(line)
    if match is None:
        return None, line.strip()
    return int(match.group(1)), line[match.end() :].strip()


def is_heading(paragraph: WordParagraph) -> bool:
    text = flat(paragraph.text)
    if style_of(paragraph).startswith("heading"):
        return True
    return len(text) <= 200 and not text.endswith((".", ",", ";")) and bool(HEADING.match(text))


def title_from(text: str, words: int = 8) -> str:
    first = flat(text).split(" ")
    title = " ".join(first[:words])
    return (title + "\u2026" if len(first) > words else title)[:200] or "Imported clause"


def area_for(*texts: str) -> str:
    """Return the area a heading (or, failing that, its text) points to; 'implementation' by default."""
    for text in texts:
        lower = f" {text.lower()} "
        for area, pattern in _AREA_WORDS:
            if pattern.search(lower):
                return area
    return "implementation"


_AREA_WORDS = [
    (area, re.compile(pattern))
    for area, pattern in (
        ("final", r"\b(final|entry into|amend\w*|termination|duration)\b"),
        ("ai-digital", r"\b(digital|artificial intelligence|ai|technolog\w*|cyber\w*)\b"),
        ("transit", r"\b(transit|trade|connectivity|transport|corridors?|logistics)\b"),
        ("energy", r"\b(energy|gas|oil|electricity|renewables?)\b"),
        ("finance", r"\b(invest\w*|financ\w*|economic)\b"),
        ("security", r"\b(security|defen[cs]e|military)\b"),
        ("implementation", r"\b(implementation|working groups?|review|follow-up)\b"),
    )
]


def slug(title: str, taken: set[str]) -> str:
    words = [word for word in re.split(r"[^a-z0-9]+", title.lower()) if word]
    base = ""
    for word in words:
        if base and len(base) + len(word) >= 40:
            break
        base = f"{base}-{word}" if base else word[:40]
    base = base or "section"
    candidate, count = base, 1
    while candidate in taken:
        # After a few clashes, jump past every suffix the taken ids can hold, so that many
        # sections of one name do not make this quadratic.
        count = count + 1 if count < 10 else max(count + 1, len(taken) + 1)
        candidate = f"{base}-{count}"
    taken.add(candidate)
    return candidate


def new_id(used: set[str]) -> str:
    while True:
        candidate = secrets.token_hex(6)
        if candidate not in used:
            used.add(candidate)
            return candidate


@dataclass(frozen=True)
class Wording:
    clause: Clause
    label: str
    text: str
    rendered: str


def library_wordings(library: Library | None, values: Mapping[str, str]) -> list[Wording]:
    if library is None:
        return []
    found = []
    for clause in library.clauses.values():
        for label in clause.labels:
            text = clause.wording(label)
            found.append(Wording(clause, label, text, template.render(text, values)))
    return found


def library_match(text: str, wordings: list[Wording]) -> Wording | None:
    best, best_ratio = None, LIBRARY_RATIO
    flattened = flat(text)
    for wording in wordings:
        ratio = similarity(flattened, flat(wording.rendered), best_ratio)
        if ratio >= best_ratio:
            best, best_ratio = wording, ratio
    return best


def custom_clause(
    text: str, area: str, wordings: list[Wording], values: Mapping[str, str], used: set[str], status: Status
) -> DraftClause:
    """Return a new draft clause for text read from Word, tied to a library clause when it matches one.

    Raises WordError when the text is too long to be a clause.
    """
    if len(text) > MAX_CLAUSE_CHARACTERS:
        raise WordError(
            f"a paragraph of {len(text):,} characters is longer than a clause may be "
            f"({MAX_CLAUSE_CHARACTERS:,}); split it in Word first ({title_from(text)})"
        )
    match = library_match(text, wordings)
    if match is None:
        literal = template.escape_dollars(text)
        return DraftClause(id=new_id(used), area=area, title=title_from(text), text=literal, status=status)
    stored = match.text if match.rendered == text else template.restore_variables(match.text, values, text)
    return DraftClause(
        id=new_id(used),
        area=match.clause.area,
        title=match.clause.title,
        text=stored if stored is not None else template.escape_dollars(text),
        status=status,
        origin=Origin(clause_id=match.clause.id, alternative=match.label, text_hash=text_hash(match.text)),
    )


def source_label(source: Source, given: str | None) -> str:
    """Return how messages name an uploaded file: its given name, its path, or 'the Word file'."""
    return given or (str(source) if isinstance(source, str | Path) else "the Word file")


def is_signature_line(text: str) -> bool:
    """Return True for the short lines a signature block holds: 'For the Government of ...:', a name, a title."""
    return len(text) <= 100 and not text.rstrip().endswith((".", ";")) and len(text.split()) <= 12
