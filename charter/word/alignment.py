"""Align the paragraphs of an edited export with the clauses of the revision it came from.

Paragraphs group into units (one clause each) by bookmark, style and number; a unit without a
bookmark then matches a clause by its number or, failing that, by its text. What the matched
units say is applied by `import_edited`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from charter.drafting import template
from charter.drafting.assemble import MAX_CLAUSES
from charter.drafting.model import Draft, DraftClause
from charter.drafting.numbering import roman
from charter.drafting.render import is_subparagraph, render_draft
from charter.errors import WordError
from charter.library import Library
from charter.word.layout import unwrap
from charter.word.matching import (
    HEADING,
    SIGNATURE,
    TESTIMONIUM,
    area_for,
    flat,
    is_heading,
    is_signature_line,
    library_wordings,
    lines_of,
    similarity,
    slug,
    strip_number,
    style_of,
)
from charter.word.names import BRACKETS_SHOWN, CLAUSE_KEY, SUBPARAGRAPH_KEY
from charter.word.ooxml import clause_id_from_bookmark
from charter.word.read import WordDocument, WordParagraph

#: Least word-level similarity (difflib ratio) for a paragraph to match a clause by its text.
MATCH_RATIO = 0.6


@dataclass
class Unit:
    """The paragraphs of one clause as read from the file, and the clause of the base they match."""

    section: int
    paragraphs: list[WordParagraph]
    clause_id: str | None = None
    number: int | None = None


@dataclass
class Target:
    """A section of the imported draft being built."""

    id: str
    title: str
    areas: tuple[str, ...]
    clauses: list[DraftClause] = field(default_factory=list)
    lead_in: str = ""


def brackets_shown(properties: Mapping[str, str]) -> bool | None:
    """Return whether the file says it shows brackets (True, False), or None when it does not say."""
    return {"true": True, "false": False}.get(properties.get(BRACKETS_SHOWN, "").strip().lower())


class Aligner:
    """Maps the paragraphs of an edited export onto the clauses of the revision it came from."""

    def __init__(self, base: Draft, document: WordDocument, library: Library | None) -> None:
        self.base = base
        self.document = document
        self.view = render_draft(base)
        self.values = template.variables(base.settings)
        self.rendered = {clause.id: clause for clause in self.view.clauses()}
        self.shown = brackets_shown(document.properties)
        self.wordings = library_wordings(library, self.values)
        self.notes: list[tuple[int, str]] = []
        self.targets = [Target(s.id, s.title, s.areas, lead_in=s.lead_in) for s in base.sections]
        self.preamble = next((i for i, s in enumerate(base.sections) if s.is_preamble), 0)
        self.numerals = {
            section.number: index
            for index, base_section in enumerate(base.sections)
            for section in self.view.sections
            if section.id == base_section.id and section.number
        }
        self.used = {clause.id for clause in base.clauses()}
        self.claimed: set[str] = set()
        self.order = list(self.rendered)
        self.position = {clause_id: index for index, clause_id in enumerate(self.order)}
        self.flat = {clause_id: flat(clause.text) for clause_id, clause in self.rendered.items()}
        self.by_text: dict[str, list[str]] = {}
        for clause_id, text in self.flat.items():
            self.by_text.setdefault(text, []).append(clause_id)

    def warn(self, paragraph: WordParagraph, message: str) -> None:
        self.notes.append((paragraph.index, f"paragraph {paragraph.index} ({paragraph.snippet}) {message}"))

    @property
    def warnings(self) -> list[str]:
        """Return the warnings in paragraph order."""
        return [note for _, note in sorted(self.notes, key=lambda item: item[0])]

    def label(self, clause_id: str) -> str:
        """Return how messages cite a clause of the base: 'II.3'."""
        return self.rendered[clause_id].label

    def align(self) -> list[Unit]:
        """Return the file's clauses as units, each matched to a clause of the base where one fits.

        A unit matches by its bookmark, else by its number, else by its text; raises WordError when
        the file holds more clauses than a draft may.
        """
        units = self.units()
        if len(units) > MAX_CLAUSES:
            raise WordError(
                f"{self.document.name}: the file holds {len(units):,} clauses, more than the {MAX_CLAUSES:,} "
                "a draft may hold"
            )
        self.match_by_number(units)
        self.match_by_similarity(units)
        taken = {paragraph.index for unit in units for paragraph in unit.paragraphs}
        for paragraph in self.document.paragraphs:
            if paragraph.comments and paragraph.index not in taken:
                self.warn(paragraph, "has a Word comment outside the clauses; it was not imported")
        return units

    # -- reading the paragraphs -------------------------------------------------------------

    def units(self) -> list[Unit]:
        view = self.view
        known = {flat(view.title): "title", flat(view.chapeau): "chapeau", flat(view.lead_in): "lead-in"}
        known.update({flat(s.lead_in): "lead-in" for s in view.sections if s.lead_in})
        known.update({flat(s): "signature" for s in view.signatories})
        known.pop("", None)
        headings = {flat(section.heading).lower() for section in view.sections if section.heading}
        units: list[Unit] = []
        current: Unit | None = None
        section = self.preamble
        in_body = after_testimonium = False
        open_ranges: set[str] = set()
        after_signatures: list[WordParagraph] = []
        for paragraph in self.document.paragraphs:
            text = flat(paragraph.text)
            if after_testimonium and text and not paragraph.in_table and known.get(text) != "signature":
                if not SIGNATURE.match(text) and not is_signature_line(text):
                    after_signatures.append(paragraph)
            if not text or paragraph.in_table or after_testimonium:
                continue
            kind = known.get(text)
            if style_of(paragraph) == "title" or kind in ("title", "chapeau", "signature") or SIGNATURE.match(text):
                current = None
                continue
            if is_heading(paragraph) or text.lower() in headings:
                section, current, in_body = self.heading(paragraph, text), None, True
                continue
            if kind == "lead-in" or similarity(text, flat(view.lead_in), 0.9) >= 0.9:
                current, in_body = None, True
                continue
            if text == flat(view.testimonium) or TESTIMONIUM.match(text):
                if text != flat(view.testimonium):
                    self.warn(paragraph, "changes the closing formula; edit place, date and languages in the draft")
                after_testimonium = True
                continue
            ids = [cid for name in paragraph.bookmarks if (cid := clause_id_from_bookmark(name)) in self.rendered]
            mark = ids[0] if ids else None
            number, _ = strip_number(f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text)
            subparagraph = style_of(paragraph) == SUBPARAGRAPH_KEY or is_subparagraph(text)
            clause_like = mark or number is not None or subparagraph or style_of(paragraph) == CLAUSE_KEY
            if not in_body and not clause_like:
                if kind is None:
                    self.warn(paragraph, "is outside the clauses (title or opening formula) and was not imported")
                current = None
                continue
            in_body = True
            if current is not None and mark is not None and current.clause_id == mark:
                current.paragraphs.append(paragraph)
            elif mark is not None and mark not in self.claimed:
                self.claimed.add(mark)
                current = Unit(section, [paragraph], mark, number)
                units.append(current)
            elif current is not None and (
                subparagraph or (number is None and current.clause_id in open_ranges and current.section == section)
            ):
                current.paragraphs.append(paragraph)
            else:
                current = Unit(section, [paragraph], None, number)
                units.append(current)
            open_ranges.update(ids)
            open_ranges.difference_update(
                cid for name in paragraph.bookmark_ends if (cid := clause_id_from_bookmark(name))
            )
        if after_signatures:
            words = sum(len(p.text.split()) for p in after_signatures)
            self.warn(
                after_signatures[0],
                f"and {len(after_signatures) - 1:,} more paragraph(s) after the closing formula and signatures "
                f"({words:,} words in all) are not part of the charter and were not imported",
            )
        return units

    def heading(self, paragraph: WordParagraph, text: str) -> int:
        for section in self.view.sections:  # the heading as this draft writes it, in any pattern
            if section.heading and flat(section.heading).lower() == text.lower():
                return next(i for i, target in enumerate(self.targets) if target.id == section.id)
        match = HEADING.match(text)
        numeral, title = (match.group(2).upper(), (match.group(3) or "").strip()) if match else (None, text)
        if numeral and numeral.isdigit():
            numeral = roman(int(numeral)) if 0 < int(numeral) < 4000 else None
        if title.lower() == "preamble":
            return self.preamble
        for index, target in enumerate(self.targets):
            if title and target.title.lower() == title.lower():
                return index
        if numeral in self.numerals:
            index = self.numerals[numeral]
            if title and title != self.targets[index].title:
                self.warn(paragraph, f"renames section {numeral} to '{title}'")
                self.targets[index].title = title[:500]
            return index
        title = title or text
        self.targets.append(Target(slug(title, {t.id for t in self.targets}), title[:500], (area_for(title),)))
        self.warn(paragraph, f"is a heading that matches no section of the draft; added section '{title}'")
        return len(self.targets) - 1

    # -- fallbacks ------------------------------------------------------------------------------

    def text(self, unit: Unit) -> str:
        """Return a unit's text without its number and outer brackets, flattened, for matching."""
        lines = lines_of(unit.paragraphs)
        if lines:
            lines[0] = strip_number(lines[0])[1]
        text = flat(" ".join(lines))
        inner = unwrap(text)
        return text if inner is None else inner

    def best_unclaimed(self, text: str, near: int) -> tuple[str | None, float]:
        """Return the unclaimed clause reading most like `text` (ratio >= MATCH_RATIO), searching out from `near`."""
        for clause_id in self.by_text.get(text, ()):
            if clause_id not in self.claimed:
                return clause_id, 1.0
        best, best_ratio = None, MATCH_RATIO
        count = len(self.order)
        for step in range(2 * count):
            index = near + (step + 1) // 2 * (1 if step % 2 else -1)
            if not 0 <= index < count or self.order[index] in self.claimed:
                continue
            ratio = similarity(text, self.flat[self.order[index]], best_ratio)
            if ratio >= best_ratio:
                best, best_ratio = self.order[index], ratio
                if ratio >= 0.95:
                    break  # the nearest clause that reads almost the same is the one
        return best, best_ratio

    def match_by_number(self, units: list[Unit]) -> None:
        for unit in units:
            if unit.clause_id is not None or unit.number is None:
                continue
            section = self.base.sections[unit.section] if unit.section < len(self.base.sections) else None
            clauses = section.clauses if section is not None else ()
            if not 1 <= unit.number <= len(clauses) or clauses[unit.number - 1].id in self.claimed:
                continue
            candidate = clauses[unit.number - 1].id
            text = self.text(unit)
            if text != self.flat[candidate] and similarity(text, self.flat[candidate]) < MATCH_RATIO:
                other, _ = self.best_unclaimed(text, self.position[candidate])
                if other is not None:
                    continue  # another clause reads much the same: leave it to the text match
            unit.clause_id = candidate
            self.claimed.add(candidate)
            self.warn(unit.paragraphs[0], f"matched clause {self.label(candidate)} by number, not by bookmark")

    def match_by_similarity(self, units: list[Unit]) -> None:
        near = 0
        for unit in units:
            if unit.clause_id is None:
                found, ratio = self.best_unclaimed(self.text(unit), near)
                if found is None:
                    continue
                unit.clause_id = found
                self.claimed.add(found)
                self.warn(
                    unit.paragraphs[0],
                    f"matched clause {self.label(found)} by similarity ({ratio:.2f}), not by bookmark",
                )
            near = self.position[unit.clause_id] + 1

    def section_label(self, index: int) -> str:
        """Return how messages name a section of the imported draft: its numeral, 'P', or its title."""
        for numeral, position in self.numerals.items():
            if position == index:
                return numeral
        return "P" if index == self.preamble else f"'{self.targets[index].title}'"
