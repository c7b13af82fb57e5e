"""Word import of an edited export: the aligned paragraphs applied to the draft as a new revision, with warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from charter.access.roles import Role, User, require
from charter.compare.diff import Comparison, compare
from charter.drafting import template
from charter.drafting.model import Bracket, Comment, Draft, DraftClause, Section, Status
from charter.drafting.render import split_paragraphs
from charter.errors import CharterError, WordError
from charter.library import Library
from charter.negotiation import brackets as notation
from charter.store import Store
from charter.word.alignment import Aligner, Unit
from charter.word.layout import read_back
from charter.word.matching import Source, custom_clause, flat, lines_of, source_label, strip_number
from charter.word.names import DRAFT_ID, REVISION
from charter.word.ooxml import xml_safe
from charter.word.originals import check_file_language
from charter.word.read import MAX_FILE_BYTES, Tracked, WordDocument, read_docx

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


def properties_warning(properties: Mapping[str, str], draft: Draft) -> str | None:
    """Return the warning to give when a file's charter properties do not name `draft`, else None."""
    draft_id = properties.get(DRAFT_ID)
    if not draft_id:
        return NO_PROPERTIES
    if draft_id != draft.draft_id:
        return (
            f"file has no charter properties for draft '{draft.name}' (it was exported from draft id {draft_id}); "
            "matched by number and similarity"
        )
    return None


def exported_base(properties: Mapping[str, str], current: Draft, head: int) -> tuple[int, list[str]]:
    """Return the revision of `current`'s draft a file says it was exported from (`head` when it names
    none the draft has), with the warnings to give about that."""
    warning = properties_warning(properties, current)
    if warning is not None:
        return head, [warning]
    revision = properties.get(REVISION, "").strip()
    if revision.isdigit() and 1 <= int(revision) <= head:
        return int(revision), []
    return head, [f"file names revision '{revision}', which draft '{current.name}' does not have; based on the head"]


class _Builder:
    """Applies the aligned units of an edited export: the base's clauses edited, new ones added."""

    def __init__(self, aligner: Aligner, counterpart: str | None = None) -> None:
        self.aligner = aligner
        #: The delegation a bracket typed without tags ("[...]") is attributed to.
        self.counterpart = counterpart
        self.tags = notation.tags(aligner.base.settings)

    def draft(self, units: list[Unit]) -> Draft:
        """Return the imported draft, every unit's clause in its section."""
        targets = self.aligner.targets
        for unit in units:
            built = self.clause(unit)
            if built is not None:
                targets[unit.section].clauses.append(built)
        sections = tuple(
            Section(id=t.id, title=t.title, areas=t.areas, clauses=tuple(t.clauses), lead_in=t.lead_in) for t in targets
        )
        return self.aligner.base.model_copy(update={"sections": sections})

    def clause(self, unit: Unit) -> DraftClause | None:
        """Return the clause a unit gives (its base clause, edited, or a new one), or None when it is empty."""
        lines = lines_of(unit.paragraphs)
        if lines:
            lines[0] = strip_number(lines[0])[1]
        lines = [line for line in lines if line]
        joined = "\n".join(lines)
        target = self.aligner.targets[unit.section]
        if unit.clause_id is None:
            if not joined:
                return None
            inner = notation.wraps_whole(joined, self.tags) if self.aligner.shown is not False else None
            wrapped = inner is not None
            text = "\n".join(split_paragraphs(inner)) if inner is not None else joined
            where = f"section {self.aligner.section_label(unit.section)}"
            self.aligner.warn(unit.paragraphs[0], f"matched no clause; kept as a new clause in {where}")
            clause = custom_clause(
                text,
                target.areas[0],
                self.aligner.wordings,
                self.aligner.values,
                self.aligner.used,
                Status.BRACKETED if wrapped else Status.PROPOSED,
            )
            clause = self._with_brackets(clause, clause.text, (), set(), where, unit)
            return clause.model_copy(update={"comments": self._comments(unit, ())})
        base = self.aligner.base.clause(unit.clause_id)
        label = self.aligner.label(unit.clause_id)
        if not joined:
            self.aligner.warn(unit.paragraphs[0], f"leaves clause {label} empty; the clause is removed")
            return None
        base_literal = notation.literal(base.text, base.brackets, self.tags)
        rendered = template.render(base_literal, self.aligner.values)
        expected = read_back(rendered)
        inner = notation.wraps_whole(joined, self.tags) if joined != expected else None
        wrapped = inner is not None
        if self.aligner.shown is False:
            if wrapped:
                self.aligner.warn(
                    unit.paragraphs[0],
                    f"wraps clause {label} in [ ] but the file was exported clean; kept the brackets as text",
                )
            wrapped, text = False, joined
        else:
            text = "\n".join(split_paragraphs(inner)) if inner is not None else joined
        if not text:
            self.aligner.warn(unit.paragraphs[0], f"leaves clause {label} empty; the clause is removed")
            return None
        update: dict[str, object] = {}
        open_after = bool(base.brackets)
        if text != expected:
            restored = template.restore_variables(base_literal, self.aligner.values, text)
            if restored is None:
                restored = template.escape_dollars(text)
                if "${" in base.text:
                    self.aligner.warn(
                        unit.paragraphs[0],
                        f"edits a value filled in from the draft settings in clause {label}; "
                        "stored the text as written, without ${variables}",
                    )
            plain = notation.plain_brackets(base.text, base.brackets)
            read = self._read(restored, base.brackets, plain, f"clause {label}", unit)
            update["text"], update["brackets"] = read.text, read.brackets
            open_after = bool(read.brackets)
        status = self._status(base, wrapped, open_after)
        if status != base.status:
            update["status"] = status
        comments = self._comments(unit, base.comments)
        if comments:
            update["comments"] = comments
        if not update:
            return base
        try:
            return DraftClause.model_validate({**base.model_dump(), **update})
        except ValidationError as err:
            raise WordError(
                f"{self.aligner.document.name}: paragraph {unit.paragraphs[0].index}: clause {label} cannot be stored "
                f"({err.errors()[0]['msg']})"
            ) from None

    def _read(self, text: str, known: tuple[Bracket, ...], plain: set[str], where: str, unit: Unit) -> notation.Parsed:
        """Return a clause text read from the notation, its unclear brackets warned about (never dropped)."""
        try:
            read = notation.parse(text, self.tags, untagged=self.counterpart, known=known, plain=plain, where=where)
        except CharterError as err:
            raise WordError(f"{self.aligner.document.name}: paragraph {unit.paragraphs[0].index}: {err}") from None
        for warning in read.warnings:
            self.aligner.warn(unit.paragraphs[0], warning.removeprefix(f"{where}: ") + f" (in {where})")
        return read

    def _with_brackets(
        self, clause: DraftClause, text: str, known: tuple[Bracket, ...], plain: set[str], where: str, unit: Unit
    ) -> DraftClause:
        read = self._read(text, known, plain, where, unit)
        if not read.brackets:
            return clause
        return clause.model_copy(update={"text": read.text, "brackets": read.brackets, "status": Status.BRACKETED})

    def _status(self, base: DraftClause, wrapped: bool, open_after: bool) -> Status:
        """Return a clause's status after the import: bracketed while anything is open, agreed once brackets go."""
        status = base.status
        if open_after or base.reservations:
            return Status.BRACKETED
        if self.aligner.shown is False:
            return status
        if wrapped and status != Status.BRACKETED:
            return Status.BRACKETED
        if not wrapped and status == Status.BRACKETED and (self.aligner.shown or base.brackets):
            return Status.AGREED
        return status

    def _comments(self, unit: Unit, existing: tuple[Comment, ...]) -> tuple[Comment, ...]:
        """Return the clause's comments with the Word comments that were not exported from it added."""
        seen = {(c.author, flat(c.text)) for c in existing}
        added: list[Comment] = []
        for paragraph in unit.paragraphs:
            for comment_id in paragraph.comments:
                word = self.aligner.document.comments.get(comment_id)
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
    counterpart: str | None = None,
) -> tuple[Draft, list[str]]:
    """Return the draft an edited .docx describes when read against `base_draft`, and warnings.

    Nothing is saved; the UI uses this for a preview. Raises WordError for an unreadable or
    unsafe file. A bracket typed without tags ("[...]") is attributed to `counterpart`.
    """
    document = read_docx(source, tracked, name=name, max_bytes=max_bytes)
    check_file_language(document.properties, base_draft, None, document.name)
    warning = properties_warning(document.properties, base_draft)
    draft, warnings = _map(base_draft, document, library, counterpart)
    return draft, ([warning] if warning else []) + warnings


def _map(
    base: Draft, document: WordDocument, library: Library | None, counterpart: str | None = None
) -> tuple[Draft, list[str]]:
    aligner = Aligner(base, document, library)
    return _Builder(aligner, counterpart).draft(aligner.align()), aligner.warnings


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
    counterpart: str | None = None,
    delegation: str | None = None,
) -> ImportResult:
    """Return the result of importing an edited .docx as a new revision of draft `name`.

    The base is the revision the file was exported from (its charter.* properties), or the
    head when the file does not name this draft. The save merges onto a newer head clause by
    clause; a ConflictError propagates and nothing is saved. Nothing is saved either on a dry
    run or when the file changes nothing (`revision` is then None). `source_name` names the
    file in messages (an upload's file name). Raises WordError for an unreadable or unsafe file.
    A bracket the file types without tags ("[...]") is attributed to `counterpart`, the
    delegation the file came from, which the revision records as its source. The revision
    records `delegation` as its author's (a signed-in user's own when not given).
    """
    require(actor, Role.EDITOR, "import files")
    label = source_label(source, source_name)
    head = store.head(name)
    document = read_docx(source, tracked, name=label, max_bytes=max_bytes)
    current = store.load(name, head)
    check_file_language(document.properties, current, None, label)
    base, warnings = exported_base(document.properties, current, head)
    base_draft = current if base == head else store.load(name, base)
    draft, mapped = _map(base_draft, document, library, counterpart)
    warnings.extend(mapped)
    comparison = compare(base_draft, draft, base, "import")
    if dry_run:
        return ImportResult(draft, warnings, base, None, comparison)
    if not comparison.changed and _same_layout(base_draft, draft):
        warnings.append("the file changes nothing; no revision was saved")
        return ImportResult(draft, warnings, base, None, comparison)
    origin = {"file": Path(label).name, **({"delegation": counterpart} if counterpart else {})}
    saved = store.save(
        draft, base, author, message or f"Import {Path(label).name}", actor=actor, action="import", source=origin,
        delegation=delegation,
    )  # fmt: skip
    comparison = replace(comparison, to_revision=saved.revision)
    return ImportResult(saved.draft, warnings, base, saved.revision, comparison, saved.merged)


def _same_layout(old: Draft, new: Draft) -> bool:
    return [(s.id, s.title, s.areas) for s in old.sections] == [(s.id, s.title, s.areas) for s in new.sections]


__all__ = ["ImportResult", "import_docx", "read_import"]
