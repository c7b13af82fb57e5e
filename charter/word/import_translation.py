"""Word import of a translated original: each clause's text read back onto its version in that language.

The file is a language's original as `charter export --lang` wrote it, translated or revised in
Word and returned. Its paragraphs are aligned with the clauses of the revision it was exported
from, as that revision reads in the language (by the clause bookmarks, else by number or text).
A clause whose text the file changed becomes that language's version, confirmed against the
working text of that revision: the translator worked on it against that text. A clause the file
returns unchanged keeps its version and its state (unreviewed, needs update, ...), unless the
translator says the whole file was reviewed (`confirm_all`). A clause the working text changed
since the export shows as needing update again, and a confirmed clause that still does not line
up with the working text is named. Nothing is dropped without a warning: a paragraph that
matches no clause, a clause missing from the file, a part still marked untranslated, a heading
or formula edited in the file (they are not imported) are each named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from charter.access.roles import Role, User, require
from charter.bilingual.alignment import check_alignment
from charter.bilingual.render import Projection, project
from charter.bilingual.versions import NAMES, code_of, languages, version, working_language, working_text
from charter.compare.diff import Comparison, compare
from charter.drafting import assemble, template
from charter.drafting.model import Draft, DraftClause, Version
from charter.errors import CharterError, WordError
from charter.negotiation import brackets as notation
from charter.store import Store
from charter.word.alignment import Aligner, Unit
from charter.word.import_edited import exported_base
from charter.word.layout import read_back, unwrap
from charter.word.matching import Source, flat, is_heading, lines_of, source_label, strip_number
from charter.word.originals import check_file_language
from charter.word.read import MAX_FILE_BYTES, WordDocument, read_docx

#: Aligner notes about sections, which a translation does not change (its headings are reported apart).
_SECTION_NOTES = ("is a heading that matches no section of the draft", "renames section")


@dataclass(frozen=True)
class TranslationImport:
    """An imported translation: the draft with its versions, the warnings, and what the file changed."""

    draft: Draft
    language: str
    warnings: list[str]
    base: int
    revision: int | None
    #: The labels of the clauses whose text in the language the file changed, and of those it confirmed.
    changed: tuple[str, ...]
    confirmed: tuple[str, ...]
    comparison: Comparison
    merged: bool = False


def read_translation(
    base_draft: Draft, document: WordDocument, language: str, *, confirm_all: bool = False
) -> tuple[Draft, list[str], list[str], list[str]]:
    """Return the draft with the file's texts as its `language` versions, warnings, and changed and confirmed labels.

    Only the versions whose text the file changed are confirmed, or, with `confirm_all`, every
    clause the file holds. Raises WordError when a clause's text cannot be stored (a character
    charter refuses, say).
    """
    projection = project(base_draft, language)
    aligner = Aligner(projection.draft, document, None)
    units = aligner.align()
    reader = _Reader(base_draft, projection, aligner, confirm_all)
    draft = base_draft
    for unit in units:
        draft = reader.apply(draft, unit)
    reader.finish(units)
    warnings = reader.warnings() + _misaligned(draft, language, reader.confirmed_ids)
    return draft, warnings, reader.changed, reader.confirmed


def _misaligned(draft: Draft, language: str, confirmed: set[str]) -> list[str]:
    """Return a warning for each alignment finding on a version the import confirms."""
    return [
        f"clause {finding.label} is confirmed but does not line up with the working text: "
        + finding.message.removeprefix(f"{finding.label}: ")
        for finding in check_alignment(draft)
        if finding.language == language and finding.clause_id in confirmed
    ]


class _Reader:
    def __init__(self, base: Draft, projection: Projection, aligner: Aligner, confirm_all: bool) -> None:
        self.base = base
        self.confirm_all = confirm_all
        self.projection = projection
        self.aligner = aligner
        self.language = projection.language
        self.name = NAMES.get(self.language, self.language)
        self.values = dict(projection.values)  # a value the language lacks is filled in marked, as in the file
        self.tags = notation.tags(base.settings)
        self.own_tags = notation.tags(projection.draft.settings)
        self.changed: list[str] = []
        self.confirmed: list[str] = []
        self.confirmed_ids: set[str] = set()
        self.still_untranslated: list[str] = []

    def warnings(self) -> list[str]:
        notes = [note for note in self.aligner.warnings if not any(part in note for part in _SECTION_NOTES)]
        if self.still_untranslated:
            notes.append(
                f"{len(self.still_untranslated)} clause(s) still not translated, left as they were: "
                + ", ".join(self.still_untranslated)
            )
        return notes

    def apply(self, draft: Draft, unit: Unit) -> Draft:
        """Return the draft with one unit's text as its clause's version; warn about a unit that matches none."""
        first = unit.paragraphs[0]
        if unit.clause_id is None:
            self.aligner.warn(
                first, f"matches no clause of the draft; not imported (a {self.name} file cannot add clauses)"
            )
            return draft
        clause_id = unit.clause_id
        label = self.aligner.label(clause_id)
        shown = self.aligner.rendered[clause_id]
        lines = lines_of(unit.paragraphs)
        if lines:
            lines[0] = strip_number(lines[0])[1]
        text = "\n".join(line for line in lines if line)
        expected = read_back(shown.text)
        if shown.wrapped and self.aligner.shown is not False and text != expected:
            inner = unwrap(text)
            text = inner.strip() if inner is not None else text
        if not text:
            self.aligner.warn(first, f"leaves clause {label} empty; its {self.name} text is unchanged")
            return draft
        marker = self.projection.marker
        if clause_id in self.projection.untranslated:
            if flat(text) == flat(expected) or flat(text) == flat(unwrap(expected) or ""):
                self.still_untranslated.append(label)
                return draft
            if text.startswith(marker):
                text = text[len(marker) :].strip()
                self.aligner.warn(first, f"still began with \u201c{marker}\u201d; imported clause {label} without it")
        return self._store(draft, self.base.clause(clause_id), text, label, first.index)

    def _store(self, draft: Draft, clause: DraftClause, text: str, label: str, paragraph: int) -> Draft:
        held = version(clause, self.language)
        text = notation.retag(text, self.own_tags, self.tags)  # the original's "ABŞ:" is the version's "US:"
        stored = self._stored_text(held.text if held else None, text, clause, label, paragraph)
        where = f"clause {label}"
        for warning in notation.parse(stored, self.tags, untagged=None, where=where).warnings:
            self.aligner.notes.append((paragraph, f"paragraph {paragraph}: {warning}"))
        basis = working_text(clause, self.base.settings)
        unchanged = held is not None and held.text == stored
        if held is not None and unchanged and (held.basis == basis or not self.confirm_all):
            return draft  # returned as it was: the translator did not say it was reviewed
        try:
            new = Version(language=self.language, title=held.title if held else "", text=stored, basis=basis)
        except (ValidationError, CharterError) as err:
            detail = err.errors()[0]["msg"] if isinstance(err, ValidationError) else str(err)
            raise WordError(f"{self.aligner.document.name}: paragraph {paragraph}: clause {label}: {detail}") from None
        if not unchanged:
            self.changed.append(label)
        self.confirmed.append(label)
        self.confirmed_ids.add(clause.id)
        order = {code: index for index, code in enumerate(languages(self.base.settings))}
        kept = tuple(v for v in clause.versions if v.language != self.language)
        versions = tuple(sorted((*kept, new), key=lambda v: order.get(v.language, len(order))))
        return assemble.change_clause(draft, clause.id, lambda c: c.model_copy(update={"versions": versions}))

    def _stored_text(self, held: str | None, text: str, clause: DraftClause, label: str, paragraph: int) -> str:
        """Return the text as a version stores it: the filled-in values back as ${variables} where they stand."""
        if held is not None:
            restored = template.restore_variables(held, self.values, text)
            if restored is not None:
                return restored.strip()
            if "${" in held:
                self.aligner.notes.append(
                    (
                        paragraph,
                        f"paragraph {paragraph}: edits a value filled in from the draft settings in clause {label}; "
                        "stored the text as written, without ${variables}",
                    )
                )
            return template.escape_dollars(text).strip()
        names = [name for name in template.KNOWN_VARIABLES if "${" + name + "}" in clause.text]
        return with_variables(text, {name: self.values[name] for name in names}).strip()

    def finish(self, units: list[Unit]) -> None:
        """Warn about clauses the file lacks, and headings it changed (neither is imported)."""
        found = {unit.clause_id for unit in units if unit.clause_id}
        for clause in self.base.clauses():
            if clause.id not in found:
                label = self.aligner.label(clause.id)
                self.aligner.notes.append(
                    (10**9, f"clause {label} is not in the file; its {self.name} text is unchanged")
                )
        view = self.aligner.view
        headings = {flat(s.heading) for s in view.sections if s.heading} | {flat(view.preamble_heading)}
        for paragraph in self.aligner.document.paragraphs:
            if is_heading(paragraph) and not paragraph.in_table and flat(paragraph.text) not in headings:
                self.aligner.warn(
                    paragraph,
                    f"is a heading this draft does not have in {self.name}; section titles are not imported "
                    "(set them with charter draft translate)",
                )


def with_variables(text: str, values: dict[str, str]) -> str:
    """Return literal text as stored text, each filled-in value written back as its ${variable} (longest first)."""
    present = sorted(
        ((name, value) for name, value in values.items() if value and value in text), key=lambda p: -len(p[1])
    )
    if not present:
        return template.escape_dollars(text)
    pattern = re.compile("|".join(re.escape(value) for _, value in present))
    by_value = {value: name for name, value in reversed(present)}
    out, position = [], 0
    for match in pattern.finditer(text):
        out.append(template.escape_dollars(text[position : match.start()]))
        out.append("${" + by_value[match.group(0)] + "}")
        position = match.end()
    out.append(template.escape_dollars(text[position:]))
    return "".join(out)


def import_translation(
    store: Store,
    name: str,
    source: Source,
    language: str,
    *,
    author: str,
    message: str | None = None,
    dry_run: bool = False,
    confirm_all: bool = False,
    source_name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    actor: User | None = None,
) -> TranslationImport:
    """Return the result of importing a translated original of draft `name` in `language` as a new revision.

    The file's texts are read against the revision it was exported from (its charter.*
    properties); those it changed (every one, with `confirm_all`) are confirmed against that
    revision's working text; the save merges onto a
    newer head clause by clause (a ConflictError propagates and nothing is saved). Nothing is
    saved on a dry run or when the file changes nothing (`revision` is then None). Raises
    WordError for an unreadable or unsafe file, or one that is not the original in `language`.
    """
    require(actor, Role.EDITOR, "import files")
    label = source_label(source, source_name)
    head = store.head(name)
    current = store.load(name, head)
    language = code_of(language)
    if language == working_language(current.settings):
        raise WordError(f"{language} is the working language of draft '{name}'; import the file without --lang")
    project(current, language)  # a language the draft does not have is refused before the file is read
    document = read_docx(source, "accept", name=label, max_bytes=max_bytes)
    check_file_language(document.properties, current, language, label)
    base, warnings = exported_base(document.properties, current, head)
    base_draft = current if base == head else store.load(name, base)
    draft, read_warnings, changed, confirmed = read_translation(base_draft, document, language, confirm_all=confirm_all)
    warnings.extend(read_warnings)
    comparison = compare(base_draft, draft, base, "import")
    result = TranslationImport(draft, language, warnings, base, None, tuple(changed), tuple(confirmed), comparison)
    if dry_run:
        return result
    if not confirmed:
        warnings.append("the file changes nothing; no revision was saved")
        return result
    file_name = Path(label).name
    saved = store.save(
        draft,
        base,
        author,
        message or f"Import the {NAMES.get(language, language)} text from {file_name}",
        actor=actor,
        action="import",
        source={"file": file_name, "language": language},
    )
    return replace(result, draft=saved.draft, revision=saved.revision, merged=saved.merged)


__all__ = ["TranslationImport", "import_translation", "read_translation", "with_variables"]
