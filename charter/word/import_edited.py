"""Word import of an edited export: map its paragraphs back onto the draft's clauses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from charter.access.roles import Role, User, require
from charter.compare.diff import Comparison, compare
from charter.drafting import template
from charter.drafting.assemble import MAX_CLAUSES
from charter.drafting.model import Comment, Draft, DraftClause, Section, Status
from charter.drafting.numbering import roman
from charter.drafting.render import is_subparagraph, render_draft, split_paragraphs
from charter.errors import WordError
from charter.library import Library
from charter.store import Store
from charter.word.matching import (
    HEADING,
    SIGNATURE,
    STYLE_CLAUSE,
    STYLE_SUB,
    TESTIMONIUM,
    Source,
    area_for,
    custom_clause,
    flat,
    is_heading,
    is_signature_line,
    library_wordings,
    lines_of,
    similarity,
    slug,
    source_label,
    strip_number,
    style_of,
)
from charter.word.ooxml import clause_id_from_bookmark, xml_safe
from charter.word.read import MAX_FILE_BYTES, Tracked, WordDocument, WordParagraph, read_docx

#: Least word-level similarity (difflib ratio) for a paragraph to match a clause by its text.
MATCH_RATIO = 0.6

#: The warning for a file that does not say which draft and revision it was exported from.
NO_PROPERTIES = "file has no charter properties; matched by number and similarity"


@dataclass(frozen=True)
class ImportResult:
    """An imported revision: the draft read from the file, what to tell the user, and what changed."""

    draft: Draft
    warnings: list[str]
    base: int
    revision: int | None
    comparison: Comparison
    merged: bool = False


# -- import of an edited export -------------------------------------------------------------------


@dataclass
class _Unit:
    """The paragraphs of one clause as read from the file."""

    section: int
    paragraphs: list[WordParagraph]
    clause_id: str | None = None
    number: int | None = None


@dataclass
class _Target:
    """A section of the imported draft being built."""

    id: str
    title: str
    areas: tuple[str, ...]
    clauses: list[DraftClause] = field(default_factory=list)
    lead_in: str = ""


def properties_warning(properties: Mapping[str, str], draft: Draft) -> str | None:
    """Return the warning to give when a file's charter properties do not name `draft`, else None."""
    draft_id = properties.get("charter.draft_id")
    if not draft_id:
        return NO_PROPERTIES
    if draft_id != draft.draft_id:
        return (
            f"file has no charter properties for draft '{draft.name}' (it was exported from draft id {draft_id}); "
            "matched by number and similarity"
        )
    return None


def _brackets_shown(properties: Mapping[str, str]) -> bool | None:
    return {"true": True, "false": False}.get(properties.get("charter.brackets_shown", "").strip().lower())


class _Mapper:
    """Maps the paragraphs of an edited export onto the clauses of the revision it came from."""

    def __init__(self, base: Draft, document: WordDocument, library: Library | None) -> None:
        self.base = base
        self.document = document
        self.view = render_draft(base)
        self.values = template.variables(base.settings)
        self.rendered = {clause.id: clause for clause in self.view.clauses()}
        self.shown = _brackets_shown(document.properties)
        self.wordings = library_wordings(library, self.values)
        self.notes: list[tuple[int, str]] = []
        self.targets = [_Target(s.id, s.title, s.areas, lead_in=s.lead_in) for s in base.sections]
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
        clause = self.rendered[clause_id]
        return f"{clause.section_number or 'P'}.{clause.number}"

    def draft(self) -> Draft:
        """Return the imported draft."""
        units = self._units()
        if len(units) > MAX_CLAUSES:
            raise WordError(
                f"{self.document.name}: the file holds {len(units):,} clauses, more than the {MAX_CLAUSES:,} "
                "a draft may hold"
            )
        self._match_by_number(units)
        self._match_by_similarity(units)
        taken = {paragraph.index for unit in units for paragraph in unit.paragraphs}
        for paragraph in self.document.paragraphs:
            if paragraph.comments and paragraph.index not in taken:
                self.warn(paragraph, "has a Word comment outside the clauses; it was not imported")
        for unit in units:
            built = self._build(unit)
            if built is not None:
                self.targets[unit.section].clauses.append(built)
        sections = tuple(
            Section(id=t.id, title=t.title, areas=t.areas, clauses=tuple(t.clauses), lead_in=t.lead_in)
            for t in self.targets
        )
        return self.base.model_copy(update={"sections": sections})

    # -- reading the paragraphs -------------------------------------------------------------

    def _units(self) -> list[_Unit]:
        view = self.view
        known = {flat(view.title): "title", flat(view.chapeau): "chapeau", flat(view.lead_in): "lead-in"}
        known.update({flat(s.lead_in): "lead-in" for s in view.sections if s.lead_in})
        known.update({flat(s): "signature" for s in view.signatories})
        known.pop("", None)
        headings = {flat(section.heading).lower() for section in view.sections if section.heading}
        units: list[_Unit] = []
        current: _Unit | None = None
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
                section, current, in_body = self._heading(paragraph, text), None, True
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
            subparagraph = style_of(paragraph) == STYLE_SUB or is_subparagraph(text)
            clause_like = mark or number is not None or subparagraph or style_of(paragraph) == STYLE_CLAUSE
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
                current = _Unit(section, [paragraph], mark, number)
                units.append(current)
            elif current is not None and (
                subparagraph or (number is None and current.clause_id in open_ranges and current.section == section)
            ):
                current.paragraphs.append(paragraph)
            else:
                current = _Unit(section, [paragraph], None, number)
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

    def _heading(self, paragraph: WordParagraph, text: str) -> int:
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
        self.targets.append(_Target(slug(title, {t.id for t in self.targets}), title[:500], (area_for(title),)))
        self.warn(paragraph, f"is a heading that matches no section of the draft; added section '{title}'")
        return len(self.targets) - 1

    # -- fallbacks ------------------------------------------------------------------------------

    def _text(self, unit: _Unit) -> str:
        lines = lines_of(unit.paragraphs)
        if lines:
            lines[0] = strip_number(lines[0])[1]
        text = flat(" ".join(lines))
        return text[1:-1] if text.startswith("[") and text.endswith("]") else text

    def _best_unclaimed(self, text: str, near: int) -> tuple[str | None, float]:
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

    def _match_by_number(self, units: list[_Unit]) -> None:
        for unit in units:
            if unit.clause_id is not None or unit.number is None:
                continue
            section = self.base.sections[unit.section] if unit.section < len(self.base.sections) else None
            clauses = section.clauses if section is not None else ()
            if not 1 <= unit.number <= len(clauses) or clauses[unit.number - 1].id in self.claimed:
                continue
            candidate = clauses[unit.number - 1].id
            text = self._text(unit)
            if text != self.flat[candidate] and similarity(text, self.flat[candidate]) < MATCH_RATIO:
                other, _ = self._best_unclaimed(text, self.position[candidate])
                if other is not None:
                    continue  # another clause reads much the same: leave it to the text match
            unit.clause_id = candidate
            self.claimed.add(candidate)
            self.warn(unit.paragraphs[0], f"matched clause {self.label(candidate)} by number, not by bookmark")

    def _match_by_similarity(self, units: list[_Unit]) -> None:
        near = 0
        for unit in units:
            if unit.clause_id is None:
                found, ratio = self._best_unclaimed(self._text(unit), near)
                if found is None:
                    continue
                unit.clause_id = found
                self.claimed.add(found)
                self.warn(
                    unit.paragraphs[0],
                    f"matched clause {self.label(found)} by similarity ({ratio:.2f}), not by bookmark",
                )
            near = self.position[unit.clause_id] + 1

    # -- building clauses -----------------------------------------------------------------------

    def _build(self, unit: _Unit) -> DraftClause | None:
        lines = lines_of(unit.paragraphs)
        if lines:
            lines[0] = strip_number(lines[0])[1]
        lines = [line for line in lines if line]
        joined = "\n".join(lines)
        target = self.targets[unit.section]
        if unit.clause_id is None:
            if not joined:
                return None
            wrapped = self.shown is not False and joined.startswith("[") and joined.endswith("]")
            text = "\n".join(split_paragraphs(joined[1:-1])) if wrapped else joined
            where = f"section {self._section_label(unit.section)}"
            self.warn(unit.paragraphs[0], f"matched no clause; kept as a new clause in {where}")
            clause = custom_clause(
                text,
                target.areas[0],
                self.wordings,
                self.values,
                self.used,
                Status.BRACKETED if wrapped else Status.PROPOSED,
            )
            return clause.model_copy(update={"comments": self._comments(unit, ())})
        base = self.base.clause(unit.clause_id)
        label = self.label(unit.clause_id)
        if not joined:
            self.warn(unit.paragraphs[0], f"leaves clause {label} empty; the clause is removed")
            return None
        rendered = template.render(base.text, self.values)
        expected = "\n".join(split_paragraphs(xml_safe(rendered)))
        wrapped = joined.startswith("[") and joined.endswith("]") and joined != expected
        if self.shown is False:
            if wrapped:
                self.warn(
                    unit.paragraphs[0],
                    f"wraps clause {label} in [ ] but the file was exported clean; kept the brackets as text",
                )
            wrapped, text = False, joined
        else:
            text = "\n".join(split_paragraphs(joined[1:-1])) if wrapped else joined
        if not text:
            self.warn(unit.paragraphs[0], f"leaves clause {label} empty; the clause is removed")
            return None
        update: dict[str, object] = {}
        status = self._status(base.status, wrapped)
        if status != base.status:
            update["status"] = status
        if text != expected:
            restored = template.restore_variables(base.text, self.values, text)
            if restored is None:
                restored = template.escape_dollars(text)
                if "${" in base.text:
                    self.warn(
                        unit.paragraphs[0],
                        f"edits a value filled in from the draft settings in clause {label}; "
                        "stored the text as written, without ${variables}",
                    )
            update["text"] = restored
        comments = self._comments(unit, base.comments)
        if comments:
            update["comments"] = comments
        if not update:
            return base
        try:
            return DraftClause.model_validate({**base.model_dump(), **update})
        except ValidationError as err:
            raise WordError(
                f"{self.document.name}: paragraph {unit.paragraphs[0].index}: clause {label} cannot be stored "
                f"({err.errors()[0]['msg']})"
            ) from None

    def _section_label(self, index: int) -> str:
        for numeral, position in self.numerals.items():
            if position == index:
                return numeral
        return "P" if index == self.preamble else f"'{self.targets[index].title}'"

    def _status(self, status: Status, wrapped: bool) -> Status:
        if self.shown is False:
            return status
        if wrapped and status != Status.BRACKETED:
            return Status.BRACKETED
        if not wrapped and status == Status.BRACKETED and self.shown:
            return Status.AGREED
        return status

    def _comments(self, unit: _Unit, existing: tuple[Comment, ...]) -> tuple[Comment, ...]:
        """Return the clause's comments with the Word comments that were not exported from it added."""
        seen = {(c.author, flat(c.text)) for c in existing}
        added: list[Comment] = []
        for paragraph in unit.paragraphs:
            for comment_id in paragraph.comments:
                word = self.document.comments.get(comment_id)
                if word is None or not word.text.strip():
                    continue
                author = xml_safe(word.author)[:200] or "unknown"
                key = (author, flat(word.text))
                if key in seen:
                    continue
                seen.add(key)
                added.append(Comment(author=author, time=word.date or datetime.now(UTC), text=word.text[:20_000]))
        return existing + tuple(added) if added else ()


def read_import(
    base_draft: Draft,
    source: Source,
    tracked: Tracked = "accept",
    *,
    library: Library | None = None,
    name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[Draft, list[str]]:
    """Return the draft an edited .docx describes when read against `base_draft`, and warnings.

    Nothing is saved; the UI uses this for a preview. Raises WordError for an unreadable or
    unsafe file.
    """
    document = read_docx(source, tracked, name=name, max_bytes=max_bytes)
    warning = properties_warning(document.properties, base_draft)
    draft, warnings = _map(base_draft, document, library)
    return draft, ([warning] if warning else []) + warnings


def _map(base: Draft, document: WordDocument, library: Library | None) -> tuple[Draft, list[str]]:
    mapper = _Mapper(base, document, library)
    return mapper.draft(), mapper.warnings


def import_docx(
    store: Store,
    name: str,
    source: Source,
    *,
    tracked: Tracked = "accept",
    author: str,
    message: str | None = None,
    dry_run: bool = False,
    library: Library | None = None,
    source_name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    actor: User | None = None,
) -> ImportResult:
    """Return the result of importing an edited .docx as a new revision of draft `name`.

    The base is the revision the file was exported from (its charter.* properties), or the
    head when the file does not name this draft. The save merges onto a newer head clause by
    clause; a ConflictError propagates and nothing is saved. Nothing is saved either on a dry
    run or when the file changes nothing (`revision` is then None). `source_name` names the
    file in messages (an upload's file name). Raises WordError for an unreadable or unsafe file.
    """
    require(actor, Role.EDITOR, "import files")
    label = source_label(source, source_name)
    head = store.head(name)
    document = read_docx(source, tracked, name=label, max_bytes=max_bytes)
    current = store.load(name, head)
    warnings: list[str] = []
    base = head
    warning = properties_warning(document.properties, current)
    if warning is None:
        revision = document.properties.get("charter.revision", "").strip()
        if revision.isdigit() and 1 <= int(revision) <= head:
            base = int(revision)
        else:
            warnings.append(f"file names revision '{revision}', which draft '{name}' does not have; based on the head")
    else:
        warnings.append(warning)
    base_draft = current if base == head else store.load(name, base)
    draft, mapped = _map(base_draft, document, library)
    warnings.extend(mapped)
    comparison = compare(base_draft, draft, base, "import")
    if dry_run:
        return ImportResult(draft, warnings, base, None, comparison)
    if not comparison.changed and _same_layout(base_draft, draft):
        warnings.append("the file changes nothing; no revision was saved")
        return ImportResult(draft, warnings, base, None, comparison)
    saved = store.save(draft, base, author, message or f"Import {Path(label).name}", actor=actor, action="import")
    comparison = replace(comparison, to_revision=saved.revision)
    return ImportResult(saved.draft, warnings, base, saved.revision, comparison, saved.merged)


def _same_layout(old: Draft, new: Draft) -> bool:
    return [(s.id, s.title, s.areas) for s in old.sections] == [(s.id, s.title, s.areas) for s in new.sections]


__all__ = ["ImportResult", "import_docx", "read_import"]
