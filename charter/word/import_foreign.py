"""Word import of a charter written in Word (not exported by us): read it into a new draft."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charter.access.roles import Role, User, require
from charter.drafting import template
from charter.drafting.assemble import MAX_CLAUSES, make_settings
from charter.drafting.model import AREAS, Draft, DraftClause, Section, Status
from charter.drafting.render import is_subparagraph
from charter.errors import DraftError, WordError
from charter.library import Library
from charter.store import Store, check_name
from charter.word.matching import (
    HEADING,
    NUMBER,
    SIGNATURE,
    STYLE_SUB,
    TESTIMONIUM,
    Source,
    Wording,
    area_for,
    custom_clause,
    flat,
    is_heading,
    library_wordings,
    slug,
    source_label,
    strip_number,
    style_of,
)
from charter.word.read import MAX_FILE_BYTES, WordDocument, WordParagraph, read_docx


@dataclass(frozen=True)
class ImportNewResult:
    """A draft read from a charter written in Word, how each paragraph was read, and warnings."""

    draft: Draft
    classification: list[tuple[int, str, str]]
    warnings: list[str] = field(default_factory=list)


_PARTIES = (
    re.compile(
        r"\bbetween\s+(?:the\s+)?Government\s+of\s+(?P<a>.+?)\s+and\s+(?:the\s+)?Government\s+of\s+(?P<b>.+?)"
        r"(?:\s*[,(\u201c\"]|\s+\(|\s+on\b|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\s*The\s+Government\s+of\s+(?P<a>.+?)\s+and\s+the\s+Government\s+of\s+(?P<b>.+?)(?:\s*[,(]|\s+hereinafter|$)",
        re.IGNORECASE,
    ),
)
_LEAD_IN = re.compile(r"^(Have|Hereby|Jointly|Declare|Affirm|Decide|Agree)\b.*:$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^\s*(?:Done|Signed)\s+(?:at|in)\s+(?P<place>[^,]+?),?\s+(?:on|this)\s+(?:the\s+)?(?P<date>.+?)"
    r"(?=,?\s+in\s+(?:two|duplicate|\w+\s+original|the\b)|[,.;]\s|\.?$)",
    re.IGNORECASE,
)
_LANGUAGES = re.compile(r"\bin\s+the\s+(?P<names>[A-Z][\w-]*(?:(?:,\s*|,?\s+and\s+)[A-Z][\w-]*)*)\s+languages?\b")
_SUB_LABEL = re.compile(r"^\(?([a-z]{1,3}|[ivx]{1,6})[.)]\s+")


def _party(value: str) -> str:
    return value.strip().strip("\u201c\u201d\"',;:.() ")[:300]


def _testimonium(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    match = _PLACE_DATE.match(text)
    if match:
        found["place"] = match.group("place").strip()[:200]
        found["date"] = match.group("date").strip().rstrip(",.")[:100]
    languages = _LANGUAGES.search(text)
    if languages:
        names = re.split(r",\s*|\s+and\s+", languages.group("names"))
        found["languages"] = tuple(name.strip() for name in names if name.strip())
    return found


def read_new(
    name: str,
    source: Source,
    *,
    library: Library | None = None,
    source_name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportNewResult:
    """Return the draft (not yet stored) read from a charter written in Word, with its classification.

    Raises WordError for an unreadable or unsafe file.
    """
    label = source_label(source, source_name)
    document = read_docx(source, "accept", name=label, max_bytes=max_bytes)
    return _Foreign(name, document, library).read()


def import_new(
    store: Store,
    name: str,
    source: Source,
    *,
    author: str,
    library: Library | None,
    message: str | None = None,
    source_name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    actor: User | None = None,
) -> ImportNewResult:
    """Return the new draft `name`, stored as revision 1, read from a charter written in Word.

    Raises DraftError when the name is taken or invalid, WordError for an unreadable or unsafe file.
    """
    require(actor, Role.EDITOR, "import files")
    check_name(name)
    if store.exists(name):
        raise DraftError(f"a draft named '{name}' already exists")
    label = source_label(source, source_name)
    result = read_new(name, source, library=library, source_name=label, max_bytes=max_bytes)
    saved = store.create(result.draft, author, message or f"Imported from {Path(label).name}", actor=actor)
    return ImportNewResult(saved, result.classification, result.warnings)


class _Foreign:
    """Reads a charter someone wrote in Word: front matter, recitals, sections, paragraphs, closing."""

    def __init__(self, name: str, document: WordDocument, library: Library | None) -> None:
        self.name = name
        self.document = document
        self.library = library
        self.classification: list[tuple[int, str, str]] = []
        self.warnings: list[str] = []
        self.used: set[str] = set()

    def read(self) -> ImportNewResult:
        """Return the draft with every paragraph classified."""
        paragraphs = [p for p in self.document.paragraphs if flat(p.text) or p.label]
        title = None
        parties: tuple[str, str] | None = None
        settings: dict[str, Any] = {}
        preamble: list[list[str]] = []
        sections: list[tuple[str, list[list[str]]]] = []
        body: list[list[str]] = preamble
        phase = "front"  # front, preamble, operative, closing
        for paragraph in paragraphs:
            text = flat(f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text)
            kind = self._kind(paragraph, text, phase, title is None)
            if kind == "title":
                title = text
                parties = parties or self._parties(text)
            elif kind == "chapeau":
                parties = self._parties(text) or parties
                phase = "preamble"
            elif kind == "heading":
                match = HEADING.match(text)
                heading = ((match.group(3) or "").strip() if match else "") or text
                if heading.lower() == "preamble":
                    body, phase = preamble, "preamble"
                else:
                    sections.append((heading, []))
                    body, phase = sections[-1][1], "operative"
            elif kind == "lead-in":
                if not sections:
                    sections.append(("", []))
                body, phase = sections[-1][1], "operative"
            elif kind == "testimonium":
                settings.update(_testimonium(text))
                phase = "closing"
            elif kind == "subparagraph" and body:
                body[-1].append(self._sub_line(text))
            elif kind in ("recital", "paragraph", "subparagraph"):
                if phase == "front":
                    phase = "preamble"
                body.append([strip_number(text)[1]])
            self.classification.append((paragraph.index, kind, text[:60]))
        count = len(preamble) + sum(len(paragraphs) for _, paragraphs in sections)
        if count > MAX_CLAUSES:
            raise WordError(
                f"{self.document.name}: the file holds {count:,} paragraphs, more than the {MAX_CLAUSES:,} clauses "
                "a draft may hold"
            )
        draft = self._draft(title, parties, settings, preamble, sections)
        return ImportNewResult(draft, self.classification, self.warnings)

    def _kind(self, paragraph: WordParagraph, text: str, phase: str, no_title: bool) -> str:
        style = style_of(paragraph)
        if phase == "closing" or paragraph.in_table or SIGNATURE.match(text):
            return "signature"
        if style == "title":
            return "title" if no_title else "ignored"
        if is_heading(paragraph):
            return "heading"
        if no_title and phase == "front" and not NUMBER.match(text) and not text.endswith((",", ";", ":", ".")):
            return "title"
        if TESTIMONIUM.match(text):
            return "testimonium"
        if phase == "front" and _PARTIES[1].match(text):
            return "chapeau"
        if phase in ("front", "preamble") and _LEAD_IN.match(text):
            return "lead-in"
        if (
            style == STYLE_SUB
            or is_subparagraph(text)
            or (paragraph.label and _SUB_LABEL.match(paragraph.label + " "))
        ):
            return "subparagraph"
        return "recital" if phase in ("front", "preamble") else "paragraph"

    def _sub_line(self, text: str) -> str:
        match = _SUB_LABEL.match(text)
        return f"({match.group(1)}) {text[match.end() :]}" if match else text

    def _parties(self, text: str) -> tuple[str, str] | None:
        for pattern in _PARTIES:
            match = pattern.search(text)
            if match:
                return _party(match.group("a")), _party(match.group("b"))
        return None

    def _draft(
        self,
        title: str | None,
        parties: tuple[str, str] | None,
        found: dict[str, Any],
        preamble: list[list[str]],
        sections: list[tuple[str, list[list[str]]]],
    ) -> Draft:
        if parties is None:
            self.warnings.append("no Participants found in the title or opening formula; set them with `draft set`")
            parties = ("[Participant A]", "[Participant B]")
        settings = make_settings(parties[0], parties[1], title=title[:500] if title else None, **found)
        values = template.variables(settings)
        wordings = library_wordings(self.library, values)
        built: list[Section] = []
        taken: set[str] = {"preamble"}
        built.append(
            Section(
                id="preamble",
                title=AREAS["preamble"],
                areas=("preamble",),
                clauses=self._clauses(preamble, "preamble", wordings, values),
            )
        )
        sections = [(heading, paragraphs) for heading, paragraphs in sections if heading or paragraphs]
        if sections and not sections[0][0]:
            self.warnings.append("no section headings found; the operative paragraphs form one section")
        for heading, paragraphs in sections:
            title_text = heading or "Shared Understandings"
            area = area_for(heading, " ".join(" ".join(p) for p in paragraphs[:1])) if heading else "implementation"
            built.append(
                Section(
                    id=slug(area if area not in taken else title_text, taken),
                    title=title_text[:500],
                    areas=(area,),
                    clauses=self._clauses(paragraphs, area, wordings, values),
                )
            )
        covered = {area for section in built for area in section.areas}
        missing = [
            Section(id=slug(area, taken), title=AREAS[area], areas=(area,)) for area in AREAS if area not in covered
        ]
        final = next((i for i, s in enumerate(built) if "final" in s.areas), len(built))
        return Draft(name=self.name, settings=settings, sections=tuple(built[:final] + missing + built[final:]))

    def _clauses(
        self, paragraphs: list[list[str]], area: str, wordings: list[Wording], values: Mapping[str, str]
    ) -> tuple[DraftClause, ...]:
        return tuple(
            custom_clause("\n".join(lines), area, wordings, values, self.used, Status.PROPOSED)
            for lines in paragraphs
            if any(line.strip() for line in lines)
        )


__all__ = ["ImportNewResult", "import_new", "read_new"]
