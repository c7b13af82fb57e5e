"""The counterpart's markup, change by change: every tracked change of an edited export, read for a review.

A review reads a .docx that charter exported and the other delegation edited with tracked
changes. Each change is listed with the clause it is in, its author and date, the words before
and after, and a few words of context; `charter.negotiation.decisions` applies what the
reviewer decides. Edits the file makes without tracking are listed too, as untracked changes,
so that nothing the file says is taken or dropped unseen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from charter.drafting.model import Draft
from charter.errors import ReviewError
from charter.library import Library
from charter.negotiation.changes import (
    Change,
    ClauseMarkup,
    Stretch,
    after_number,
    numbered,
    overlay,
    without_number,
)
from charter.store import Store
from charter.word.alignment import Aligner, Unit, brackets_shown
from charter.word.layout import clause_paragraphs
from charter.word.matching import flat, source_label
from charter.word.names import DRAFT_ID, REVISION
from charter.word.ooxml import xml_safe
from charter.word.read import MAX_FILE_BYTES
from charter.word.tracked import Markup, Segment, read_markup

Source = str | Path | bytes | IO[bytes]


@dataclass(frozen=True)
class FileComment:
    """A Word comment of the file on a clause, not one the export already carried."""

    clause_id: str
    clause: str
    author: str
    date: datetime | None
    text: str

    def to_json(self) -> dict[str, Any]:
        date = self.date.isoformat() if self.date else None
        return {
            "clause": self.clause,
            "clause_id": self.clause_id,
            "author": self.author,
            "date": date,
            "text": self.text,
        }


@dataclass(frozen=True)
class Review:
    """What a file proposes to one revision of a draft: its changes and comments, and what to warn about."""

    draft: Draft
    base: int
    file: str
    sha256: str
    changes: tuple[Change, ...]
    comments: tuple[FileComment, ...]
    warnings: tuple[str, ...]
    clauses: tuple[ClauseMarkup, ...]
    #: Whether the export showed brackets (draft mode), as the file's properties say.
    shown: bool | None = True

    def change(self, change_id: str) -> Change:
        """Return the change with `change_id`; raise ReviewError when the file has none."""
        for change in self.changes:
            if change.id == change_id:
                return change
        known = f" (it has {self.changes[0].id} to {self.changes[-1].id})" if self.changes else " (it has none)"
        raise ReviewError(f"{self.file}: no change '{change_id[:40]}'{known}")

    def to_json(self) -> dict[str, Any]:
        return {
            "draft": self.draft.name,
            "base": self.base,
            "file": Path(self.file).name,
            "sha256": self.sha256,
            "changes": [change.to_json() for change in self.changes],
            "comments": [comment.to_json() for comment in self.comments],
            "warnings": list(self.warnings),
        }


def read_review(
    store: Store,
    name: str,
    source: Source,
    *,
    file_name: str | None = None,
    library: Library | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Review:
    """Return the review of a file exported from draft `name` and edited with tracked changes.

    The file is read against the revision it was exported from. Raises ReviewError for a file
    that was not exported from this draft, and WordError for an unsafe or unreadable one.
    """
    label = source_label(source, file_name)
    data = _bytes_of(source, label, max_bytes)
    markup = read_markup(data, name=label, max_bytes=max_bytes)
    properties = markup.document.properties
    head = store.head(name)
    current = store.load(name, head)
    draft_id = properties.get(DRAFT_ID, "").strip()
    if draft_id != current.draft_id:
        said = f"it was exported from draft id {draft_id}" if draft_id else "it has no charter properties"
        raise ReviewError(
            f"{label}: not an export of draft '{name}' ({said}); review the changes of a file exported from this "
            "draft, or bring it in with `charter import`"
        )
    revision = properties.get(REVISION, "").strip()
    if not revision.isdigit() or not 1 <= int(revision) <= head:
        raise ReviewError(f"{label}: the file names revision '{revision[:20]}', which draft '{name}' does not have")
    base = int(revision)
    base_draft = current if base == head else store.load(name, base)
    sha256 = hashlib.sha256(data).hexdigest()
    review = review_of(base_draft, base, markup, label, sha256, library)
    earlier = [info.revision for info in store.history(name) if (info.source or {}).get("sha256") == sha256]
    if not earlier:
        return review
    again = (
        f"{label}: this very file (the same SHA-256) was already reviewed in revision "
        f"{', '.join(map(str, earlier))}; make sure you mean to answer it again"
    )
    return replace(review, warnings=(again, *review.warnings))


def _bytes_of(source: Source, label: str, max_bytes: int) -> bytes:
    """Return the file's bytes (for its hash); a file over `max_bytes` is left to the package's own refusal."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.stat().st_size > max_bytes:
                read_markup(path, name=label, max_bytes=max_bytes)  # raises the package's one-line refusal
            return path.read_bytes()
        except OSError as err:
            raise ReviewError(f"{label}: cannot read the file: {err.strerror or err}") from None
    return bytes(source.read(max_bytes + 1))


def review_of(
    draft: Draft, base: int, markup: Markup, file: str, sha256: str, library: Library | None = None
) -> Review:
    """Return the review of `markup` read against `draft` (revision `base`)."""
    aligner = Aligner(draft, markup.document, library)
    units = aligner.align()
    notes: list[str] = []
    clauses: list[tuple[str, str, str, bool, list[Stretch]]] = []
    comments: list[FileComment] = []
    seen: set[str] = set()
    shown = brackets_shown(markup.document.properties)
    joins: dict[str, str] = {}
    for position, unit in enumerate(units):
        marked = any(s.mark for p in unit.paragraphs for s in markup.paragraphs[p.index - 1].segments)
        if unit.clause_id is None or unit.clause_id in seen:
            first = unit.paragraphs[0]
            what = "has tracked changes but matches" if marked else "is new without tracked changes and matches"
            notes.append(f"paragraph {first.index} ({first.snippet}) {what} no clause of revision {base}; left out")
            continue
        seen.add(unit.clause_id)
        rendered = aligner.rendered[unit.clause_id]
        layout = clause_paragraphs(rendered, brackets_shown=shown is not False)
        exported = "\n".join("".join(p.text for p in paragraph.parts) for paragraph in layout)
        segments: list[Segment] = []
        for index, read in enumerate(unit.paragraphs):
            held = markup.paragraphs[read.index - 1]
            segments.extend(held.segments)
            if index < len(unit.paragraphs) - 1:
                segments.append(held.end)
        exported = without_number(exported)
        wrapped = rendered.wrapped and shown is not False
        stretches = overlay(after_number(segments), exported)
        end = markup.paragraphs[unit.paragraphs[-1].index - 1].end
        if end.mark is not None and end.mark.kind == "del":
            following = _following_clause(units, position, seen)
            if following is None:
                notes.append(
                    f"clause {rendered.label}: the file deletes the paragraph mark after it, which joins it to "
                    "what follows, no clause of the draft; not reviewed, the clause stays a paragraph of its own"
                )
            else:
                joins[unit.clause_id] = following
                stretches.append(Stretch("\n", "old", end.mark, aligner.label(following)))
        clauses.append((unit.clause_id, rendered.label, exported, wrapped, stretches))
        comments.extend(_comments(aligner, markup, unit.clause_id, [p.comments for p in unit.paragraphs]))
    taken = {p.index for unit in units if unit.clause_id is not None for p in unit.paragraphs}
    for index, held in enumerate(markup.paragraphs, start=1):
        if index not in taken and any(s.mark for s in held.segments):
            snippet = markup.document.paragraphs[index - 1].snippet
            notes.append(f"paragraph {index} ({snippet}) has tracked changes outside the clauses; not reviewed")
    for clause in draft.clauses():
        if clause.id not in seen:
            notes.append(f"clause {aligner.label(clause.id)} is not in the file; it stays as it is")
    if markup.formatting:
        notes.append(f"{markup.formatting} tracked formatting change(s) are not reviewed; only words are")
    grouped, changes = numbered(clauses, joins=joins)
    return Review(
        draft=draft,
        base=base,
        file=file,
        sha256=sha256,
        changes=tuple(changes),
        comments=tuple(comments),
        warnings=tuple(aligner.warnings + notes),
        clauses=tuple(grouped),
        shown=shown,
    )


def _following_clause(units: list[Unit], position: int, seen: set[str]) -> str | None:
    """Return the id of the clause whose first paragraph comes right after unit `position`, or None."""
    if position + 1 >= len(units):
        return None
    unit, following = units[position], units[position + 1]
    if following.clause_id is None or following.clause_id in seen:
        return None
    return following.clause_id if following.paragraphs[0].index == unit.paragraphs[-1].index + 1 else None


def _comments(aligner: Aligner, markup: Markup, clause_id: str, anchors: list[tuple[str, ...]]) -> list[FileComment]:
    """Return the file's Word comments on a clause, without those the export carried from the clause itself."""
    clause = aligner.base.clause(clause_id)
    seen = {(c.author, flat(c.text)) for c in clause.comments}
    found: list[FileComment] = []
    for comment_id in dict.fromkeys(c for ids in anchors for c in ids):
        word = markup.document.comments.get(comment_id)
        if word is None or not word.text.strip():
            continue
        author = xml_safe(word.author)[:200] or "unknown"
        if (author, flat(word.text)) in seen:
            continue
        seen.add((author, flat(word.text)))
        found.append(FileComment(clause_id, aligner.label(clause_id), author, word.date, xml_safe(word.text)[:20_000]))
    return found
