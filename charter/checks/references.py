"""Cross-references: 'paragraph 3 of Section I', 'Section II' that name nothing, or the wrong place after a move."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.checks.findings import Finding, Level, Subject
from charter.drafting.model import Draft
from charter.drafting.numbering import from_roman
from charter.drafting.render import RenderedClause, RenderedDraft, RenderedSection, render_draft

_REFERENCE = re.compile(
    r"\b[Pp]aragraph (?P<number>\d+) of (?:(?P<this>this Section)|Section (?P<in_section>[IVXLC]+)\b)"
    r"|\bSection (?P<numeral>[IVXLC]+)\b(?:\s*\((?P<named>[^()\n]{3,120})\))?"
)


@dataclass(frozen=True)
class _Reference:
    start: int
    end: int
    key: tuple[str, int]  # the words and which occurrence of them in the clause
    section: str | None  # the Roman numeral named, or None for 'this Section'
    paragraph: int | None
    named: str | None  # a section title given in brackets after the numeral
    named_at: int


def _references(text: str) -> list[_Reference]:
    out: list[_Reference] = []
    counts: dict[str, int] = {}
    for hit in _REFERENCE.finditer(text):
        if hit.group("number") is not None:
            end = hit.end()
            section = hit.group("in_section")
            paragraph: int | None = int(hit.group("number"))
            named = None
        else:
            end = hit.end("numeral")
            section, paragraph, named = hit.group("numeral"), None, hit.group("named")
        words = text[hit.start() : end]
        counts[words] = counts.get(words, 0) + 1
        out.append(_Reference(hit.start(), end, (words, counts[words]), section, paragraph, named, hit.start("named")))
    return out


@dataclass
class _Places:
    """Where each section and clause stands in one rendering of a draft."""

    sections: dict[str, RenderedSection]  # by Roman numeral
    section_of: dict[str, RenderedSection]  # clause id -> its section
    clauses: dict[str, RenderedClause]

    @classmethod
    def of(cls, view: RenderedDraft) -> _Places:
        return cls(
            {section.number: section for section in view.sections if section.number is not None},
            {clause.id: section for section in view.sections for clause in section.clauses},
            {clause.id: clause for clause in view.clauses()},
        )

    def target(self, clause: RenderedClause, ref: _Reference) -> RenderedSection | RenderedClause | None:
        """Return what a reference in `clause` points to here, or None when it names nothing."""
        section = self.section_of[clause.id] if ref.section is None else self.sections.get(ref.section)
        if section is None or ref.paragraph is None:
            return section
        if 1 <= ref.paragraph <= len(section.clauses):
            return section.clauses[ref.paragraph - 1]
        return None

    def phrase(self, clause: RenderedClause, target: RenderedSection | RenderedClause, ref: _Reference) -> str:
        """Return the words that point from `clause` to `target` here, in the style of `ref`."""
        if isinstance(target, RenderedSection):
            return f"Section {target.number}"
        lead = ref.key[0][0]  # keep 'Paragraph' or 'paragraph' as written
        if ref.section is None and self.section_of[target.id] is self.section_of[clause.id]:
            return f"{lead}aragraph {target.number} of this Section"
        return f"{lead}aragraph {target.number} of Section {target.section_number}"


def check(subject: Subject, earlier: Draft | None = None) -> list[Finding]:
    """Return references that name nothing, name the wrong title, or (given `earlier`) no longer point where they did.

    `earlier` is a revision in which the references were right, such as the revision an edit
    started from; a reference that reads the same in both and pointed to a clause or section
    that has since moved is reported with the words that point to it now.
    """
    now = _Places.of(subject.view)
    before = _Places.of(render_draft(earlier)) if earlier is not None else None
    found: list[Finding] = []
    for clause in subject.clauses:
        if "ection" not in clause.text:
            continue
        old_refs = {}
        if before is not None and clause.id in before.clauses:
            old_refs = {ref.key: ref for ref in _references(before.clauses[clause.id].text)}
        for ref in _references(clause.text):
            moved = _moved(subject, clause, ref, old_refs.get(ref.key), now, before)
            if moved is not None:
                found.append(moved)
                continue
            found += _broken(subject, clause, ref, now)
    return found


def _moved(
    subject: Subject,
    clause: RenderedClause,
    ref: _Reference,
    old: _Reference | None,
    now: _Places,
    before: _Places | None,
) -> Finding | None:
    if old is None or before is None:
        return None
    old_target = before.target(before.clauses[clause.id], old)
    if old_target is None:
        return None
    current = now.target(clause, ref)
    if isinstance(old_target, RenderedSection):
        moved_to: RenderedSection | RenderedClause | None = next(
            (s for s in subject.view.sections if s.id == old_target.id and s.number is not None), None
        )
        what = f"Section {old_target.number} ({old_target.title})"
    else:
        moved_to = now.clauses.get(old_target.id)
        what = f"{old_target.label} ({old_target.title})"
    if moved_to is not None and current is not None and moved_to.id == current.id:
        return None
    words = clause.text[ref.start : ref.end]
    if moved_to is None:
        return subject.finding(
            "references.moved",
            Level.ERROR,
            clause,
            ref.start,
            ref.end,
            f"\u201c{words}\u201d pointed to {what}, which is no longer in the draft.",
        )
    phrase = now.phrase(clause, moved_to, ref)
    return subject.finding(
        "references.moved",
        Level.ERROR,
        clause,
        ref.start,
        ref.end,
        f"\u201c{words}\u201d pointed to {what}; after the moves it is {phrase}.",
        phrase,
        certain=True,
    )


def _broken(subject: Subject, clause: RenderedClause, ref: _Reference, now: _Places) -> list[Finding]:
    words = clause.text[ref.start : ref.end]
    numbers = [section.number for section in subject.view.sections if section.number is not None]
    if ref.section is not None and (from_roman(ref.section) is None or ref.section not in now.sections):
        span = f"Sections I to {numbers[-1]}" if len(numbers) > 1 else f"Section {numbers[0]}" if numbers else ""
        has = f"the draft has {span}" if span else "the draft has no numbered sections"
        return [
            subject.finding(
                "references.missing",
                Level.ERROR,
                clause,
                ref.start,
                ref.end,
                f"\u201c{words}\u201d names no section: {has}.",
            )
        ]
    target = now.target(clause, ref)
    if target is None:
        section = now.section_of[clause.id] if ref.section is None else now.sections[ref.section]
        return [
            subject.finding(
                "references.missing",
                Level.ERROR,
                clause,
                ref.start,
                ref.end,
                f"\u201c{words}\u201d names no paragraph: {section.heading} has {len(section.clauses)}.",
            )
        ]
    if ref.named and isinstance(target, RenderedSection) and ref.named.casefold() != target.title.casefold():
        right = next((s for s in now.sections.values() if s.title.casefold() == ref.named.casefold()), None)
        if right is not None:
            return [
                subject.finding(
                    "references.title",
                    Level.ERROR,
                    clause,
                    ref.start,
                    ref.end,
                    f"\u201c{words}\u201d is {target.title}; "
                    f"the section titled {right.title} is Section {right.number}.",
                    f"Section {right.number}",
                    certain=True,
                )
            ]
        return [
            subject.finding(
                "references.title",
                Level.WARNING,
                clause,
                ref.named_at,
                ref.named_at + len(ref.named),
                f"{words} is titled \u201c{target.title}\u201d, not \u201c{ref.named}\u201d.",
                target.title,
            )
        ]
    return []
