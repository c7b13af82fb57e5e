"""Word import of a charter written in Word (not exported by us): read it into a new draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from charter.access.roles import Role, User, require
from charter.drafting import template
from charter.drafting.assemble import MAX_CLAUSES, make_settings
from charter.drafting.model import AREAS, STANDARD_HEADING, Draft, DraftClause, Section, Settings, Status
from charter.drafting.prose import comma_list
from charter.drafting.render import fill_formula
from charter.errors import DraftError, WordError
from charter.library import Library
from charter.store import Store, check_name
from charter.word.classify import Classified, classify
from charter.word.formulas import (
    SUB_LABEL,
    Heading,
    Named,
    closing_settings,
    opening_parties,
    paragraph_number,
    parse_heading,
    strip_paragraph_number,
    title_parties,
    with_variables,
)
from charter.word.matching import (
    Source,
    Wording,
    area_for,
    custom_clause,
    is_signature_line,
    library_wordings,
    slug,
    source_label,
)
from charter.word.read import MAX_FILE_BYTES, WordDocument, read_docx

#: Longest name a Participant may have (Party.name's limit).
MAX_PARTY = 300

#: Sections whose renumbering is told one by one; the rest are counted.
_NUMBERING_WARNINGS = 5


@dataclass(frozen=True)
class ImportNewResult:
    """A draft read from a charter written in Word, how each paragraph was read, and warnings."""

    draft: Draft
    classification: list[Classified]
    warnings: list[str] = field(default_factory=list)


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
    delegation: str | None = None,
) -> ImportNewResult:
    """Return the new draft `name`, stored as revision 1, read from a charter written in Word.

    Revision 1 records `delegation` (a signed-in actor's own when None). Raises DraftError when
    the name is taken or invalid, WordError for an unreadable or unsafe file.
    """
    require(actor, Role.EDITOR, "import files")
    check_name(name)
    if store.exists(name):
        raise DraftError(f"a draft named '{name}' already exists")
    label = source_label(source, source_name)
    result = read_new(name, source, library=library, source_name=label, max_bytes=max_bytes)
    message = message or f"Imported from {Path(label).name}"
    saved = store.create(result.draft, author, message, actor=actor, delegation=delegation)
    return ImportNewResult(saved, result.classification, result.warnings)


@dataclass
class _Part:
    """A section being read: its heading as written, lead-in, paragraphs and the numbers they bore."""

    heading: Heading | None
    written: str
    lead_in: str = ""
    paragraphs: list[list[str]] = field(default_factory=list)
    numbers: list[int | None] = field(default_factory=list)


class _Foreign:
    """Builds a draft from the classified paragraphs of a charter someone wrote in Word."""

    def __init__(self, name: str, document: WordDocument, library: Library | None) -> None:
        self.name = name
        self.document = document
        self.library = library
        self.warnings: list[str] = []
        self.used: set[str] = set()
        self.titles: list[str] = []
        self.chapeau: str | None = None
        self.preamble_heading: str | None = None
        self.lead_in: list[str] = []
        self.closing: list[str] = []
        self.preamble: list[list[str]] = []
        self.parts: list[_Part] = []
        self.last: list[list[str]] = self.preamble
        self.renumbered = 0

    def read(self) -> ImportNewResult:
        """Return the draft with every paragraph classified."""
        classification = classify(self.document.paragraphs)
        for row in classification:
            self._take(row)
        trailing = [
            row
            for row in classification
            if row.kind == "signature" and row.reason == "after the closing formula" and not is_signature_line(row.text)
        ]
        if trailing:
            words = sum(len(row.text.split()) for row in trailing)
            self.warnings.append(
                f"{len(trailing):,} paragraph(s) after the closing formula ({words:,} words, from paragraph "
                f"{trailing[0].paragraph}) are not signature lines; they were left out of the draft"
            )
        count = len(self.preamble) + sum(len(part.paragraphs) for part in self.parts)
        if count > MAX_CLAUSES:
            raise WordError(
                f"{self.document.name}: the file holds {count:,} paragraphs, more than the {MAX_CLAUSES:,} clauses "
                "a draft may hold"
            )
        if len(self.parts) > MAX_CLAUSES:
            raise WordError(
                f"{self.document.name}: the file holds {len(self.parts):,} headings, more than the "
                f"{MAX_CLAUSES:,} sections a draft may hold"
            )
        return ImportNewResult(self._draft(), classification, self.warnings)

    def _take(self, row: Classified) -> None:
        kind, text, role = row.kind, row.text, row.role
        if kind == "title":
            self.titles.append(text)
        elif kind == "chapeau":
            self.chapeau = text
        elif kind == "heading" and role == "preamble":
            self.preamble_heading, self.last = text, self.preamble
        elif kind == "heading" and role == "title" and self.parts and self.parts[-1].heading:
            part = self.parts[-1]
            assert part.heading is not None
            part.heading = replace(part.heading, title=text, separator=part.heading.separator or ": ")
            part.written = f"{part.written} {text}"
        elif kind == "heading":
            self.parts.append(_Part(parse_heading(text), text))
            self.last = self.parts[-1].paragraphs
        elif kind == "lead-in" and role == "section" and self.parts:
            self.parts[-1].lead_in = text
        elif kind == "lead-in":
            self.lead_in.append(text)
        elif kind == "closing":
            self.closing.append(text)
        elif kind == "subparagraph" and self.last:
            self.last[-1].append(_sub_line(text))
        elif kind == "recital":
            self.preamble.append([strip_paragraph_number(text)])
            self.last = self.preamble
        elif kind in ("paragraph", "subparagraph"):
            if not self.parts:
                self.parts.append(_Part(None, ""))
            part = self.parts[-1]
            part.paragraphs.append([strip_paragraph_number(text)])
            part.numbers.append(paragraph_number(text))
            self.last = part.paragraphs

    # -- the draft ---------------------------------------------------------------------------

    def _draft(self) -> Draft:
        title = " ".join(self.titles)[:500] or None
        named, source = self._parties(title)
        fields: dict[str, Any] = {"title": title}
        closing = "\n".join(self.closing)
        if closing:
            found, _ = closing_settings(closing)
            fields.update(found)
        if named is None:
            self.warnings.append("no Participants found in the title or opening formula; set them with `draft set`")
            parties = ("[Participant A]", "[Participant B]")
        else:
            parties = (named[0].name, source[named[1].start : named[-1].end])
            if len(named) > 2 and len(parties[1]) <= MAX_PARTY:
                self.warnings.append(
                    f"the file names {len(named)} Participants; a draft holds two, so '{parties[1]}' "
                    "stand together as the second"
                )
            elif len(named) > 2:
                parties = (named[0].name, named[1].name)
                self.warnings.append(
                    f"the file names {len(named)} Participants; a draft holds two, and their names are too long "
                    f"to stand together, so only '{parties[0]}' and '{parties[1]}' are kept"
                )
        plain = make_settings(parties[0], parties[1], **fields)
        values = template.variables(plain)
        settings = make_settings(
            parties[0],
            parties[1],
            **fields,
            chapeau=self._chapeau(named if source == self.chapeau else None, values),
            lead_in=template.escape_dollars("\n".join(self.lead_in)),
            closing=self._closing(closing, values),
            heading=self._heading_pattern(),
            preamble_heading=self.preamble_heading,
        )
        return self._sections(settings)

    def _parties(self, title: str | None) -> tuple[list[Named] | None, str]:
        if self.chapeau and (named := opening_parties(self.chapeau)):
            return named, self.chapeau
        if title and (named := title_parties(title)):
            return named, title
        return None, ""

    def _chapeau(self, named: list[Named] | None, values: Mapping[str, str]) -> str:
        """Return the opening formula as stored: the Participants' names as variables when that reads the same."""
        if not self.chapeau:
            return ""
        literal = template.escape_dollars(self.chapeau)
        if named is None:
            return literal
        spans = [(named[0].start, named[0].end, "party_a"), (named[1].start, named[-1].end, "party_b")]
        stored = with_variables(self.chapeau, spans)
        return stored if fill_formula(stored, dict(values)) == self.chapeau else literal

    def _closing(self, closing: str, values: Mapping[str, str]) -> str:
        """Return the closing formula as stored: place, date and languages as variables when that reads the same."""
        if not closing:
            return ""
        _, spans = closing_settings(closing)
        stored = with_variables(closing, spans)
        return stored if fill_formula(stored, dict(values)) == closing else template.escape_dollars(closing)

    def _heading_pattern(self) -> str | None:
        """Return how the draft writes headings: as the file's first heading does ('' when it has none)."""
        headed = [part for part in self.parts if part.heading is not None]
        if not headed:
            return ""
        titled = any(part.heading.title for part in headed if part.heading)
        first = headed[0].heading
        assert first is not None
        pattern = first.pattern(titled)
        values = [part.heading.value for part in headed if part.heading]
        unlike = [part.written for part in headed[1:] if part.heading and part.heading.pattern(titled) != pattern]
        if unlike:
            others = comma_list([f"'{text}'" for text in unlike], most=1)
            self.warnings.append(
                f"heading {others} not written like the first ('{headed[0].written}'); "
                f"the draft writes every heading as '{pattern}'"
            )
        if first.numeral and values != list(range(1, len(headed) + 1)):
            shown = ", ".join(part.heading.numeral for part in headed[:6] if part.heading)
            more = ", ..." if len(headed) > 6 else ""
            self.warnings.append(
                f"the headings are numbered {shown}{more} in the file; the draft numbers them in order"
            )
        return None if pattern == STANDARD_HEADING else pattern

    def _sections(self, settings: Settings) -> Draft:
        values = template.variables(settings)
        wordings = library_wordings(self.library, values)
        taken: set[str] = {"preamble"}
        built = [
            Section(
                id="preamble",
                title=AREAS["preamble"],
                areas=("preamble",),
                clauses=self._clauses(self.preamble, "preamble", wordings, values),
            )
        ]
        parts = [part for part in self.parts if part.heading or part.paragraphs]
        if parts and parts[0].heading is None and len(parts) > 1:
            self.warnings.append("paragraphs before the first heading form a section of their own")
        untitled = settings.heading is not None and "{title}" not in settings.heading
        untitled_here: list[str] = []
        for part in parts:
            heading = part.heading
            first = " ".join(part.paragraphs[0]) if part.paragraphs else ""
            area = area_for(heading.title, first) if heading and heading.title else area_for(first)
            if heading is None:
                title = "Shared Understandings"
            elif heading.title:
                title = heading.title
            else:
                title = AREAS[area]
                if not untitled:
                    untitled_here.append(f"'{part.written}' ('{title}')")
            self._check_numbers(part, title)
            built.append(
                Section(
                    id=slug(area if area not in taken else title, taken),
                    title=title[:500],
                    areas=(area,),
                    clauses=self._clauses(part.paragraphs, area, wordings, values),
                    lead_in=template.escape_dollars(part.lead_in),
                )
            )
        if self.renumbered > _NUMBERING_WARNINGS:
            self.warnings.append(f"{self.renumbered - _NUMBERING_WARNINGS} more sections are renumbered the same way")
        if untitled_here:
            self.warnings.append(
                f"headings without a title take the name of their area: {comma_list(untitled_here, most=3)}"
            )
        covered = {area for section in built for area in section.areas}
        missing = [
            Section(id=slug(area, taken), title=AREAS[area], areas=(area,)) for area in AREAS if area not in covered
        ]
        final = next((i for i, s in enumerate(built) if "final" in s.areas), len(built))
        return Draft(name=self.name, settings=settings, sections=tuple(built[:final] + missing + built[final:]))

    def _check_numbers(self, part: _Part, title: str) -> None:
        numbers = part.numbers
        if not numbers or all(number is None for number in numbers) or numbers == list(range(1, len(numbers) + 1)):
            return
        self.renumbered += 1
        if self.renumbered > _NUMBERING_WARNINGS:
            return
        shown = ", ".join("-" if number is None else str(number) for number in numbers[:6])
        more = ", ..." if len(numbers) > 6 else ""
        self.warnings.append(
            f"section '{title}': the file numbers its paragraphs {shown}{more}; "
            f"the draft numbers them 1 to {len(numbers)}"
        )

    def _clauses(
        self, paragraphs: list[list[str]], area: str, wordings: list[Wording], values: Mapping[str, str]
    ) -> tuple[DraftClause, ...]:
        return tuple(
            custom_clause("\n".join(lines), area, wordings, values, self.used, Status.PROPOSED)
            for lines in paragraphs
            if any(line.strip() for line in lines)
        )


def _sub_line(text: str) -> str:
    """Return a sub-paragraph line with its letter written '(a)', as the draft writes sub-paragraphs."""
    match = SUB_LABEL.match(text)
    return f"({match.group('label')}) {text[match.end() :]}" if match else text


__all__ = ["ImportNewResult", "import_new", "read_new"]
