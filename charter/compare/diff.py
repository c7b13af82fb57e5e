"""Clause-aware comparison of two drafts: aligned by clause id, word-level inside a clause."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from charter.compare.ordering import moved_clauses
from charter.compare.tokens import DELETE, EQUAL, INSERT, word_diff
from charter.drafting.model import DELEGATIONS, Comment, Draft, Reservation, Status
from charter.drafting.render import RenderedClause, render_draft
from charter.library import Library
from charter.negotiation import brackets as notation

#: The kinds of change, in the order summaries list them. "reservation": only a reservation on it changed.
KINDS = ("unchanged", "modified", "added", "deleted", "moved", "status", "reservation")

#: What happened to one delegation's reservation on a clause.
PLACED, CHANGED, WITHDRAWN = "placed", "changed", "withdrawn"

_SYMBOL = {EQUAL: "=", DELETE: "-", INSERT: "+"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ReservationChange:
    """A delegation's general reservation on a clause placed, changed (its note) or withdrawn."""

    delegation: str
    #: The delegation's tag in the newer revision ("US").
    tag: str
    change: str
    old_note: str | None
    new_note: str | None
    #: Who placed the reservation (the newer one; the withdrawn one's for a withdrawal).
    author: str

    def to_json(self) -> dict[str, Any]:
        return {
            "delegation": self.delegation,
            "tag": self.tag,
            "change": self.change,
            "old_note": self.old_note,
            "new_note": self.new_note,
            "author": self.author,
        }


def reservation_changes(
    old: Sequence[Reservation], new: Sequence[Reservation], tag_of: Mapping[str, str]
) -> tuple[ReservationChange, ...]:
    """Return the reservations placed, changed or withdrawn between two states of a clause, by delegation."""
    before: dict[str, Reservation] = {r.delegation: r for r in old}
    after: dict[str, Reservation] = {r.delegation: r for r in new}
    found: list[ReservationChange] = []
    for delegation in DELEGATIONS:
        was, now = before.get(delegation), after.get(delegation)
        tag = tag_of.get(delegation, delegation)
        if was is None and now is not None:
            found.append(ReservationChange(delegation, tag, PLACED, None, now.note, now.author))
        elif was is not None and now is None:
            found.append(ReservationChange(delegation, tag, WITHDRAWN, was.note, None, was.author))
        elif was is not None and now is not None and was.note != now.note:
            found.append(ReservationChange(delegation, tag, CHANGED, was.note, now.note, now.author))
    return tuple(found)


@dataclass(frozen=True)
class ClauseChange:
    """What happened to one clause between two revisions."""

    id: str
    library_id: str | None
    area: str
    title: str
    change: str
    moved: bool
    text_changed: bool
    status_changed: bool
    old_number: str | None
    new_number: str | None
    old_status: Status | None
    new_status: Status | None
    old_text: str | None
    new_text: str | None
    ops: list[tuple[str, str]]
    comments_added: tuple[Comment, ...] = ()
    reservations: tuple[ReservationChange, ...] = ()

    @property
    def number(self) -> str | None:
        """Return the clause's number in the newer revision, or its old number when deleted."""
        return self.new_number or self.old_number

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of `charter diff --format json`."""
        return {
            "id": self.id,
            "library_id": self.library_id,
            "area": self.area,
            "title": self.title,
            "change": self.change,
            "moved": self.moved,
            "text_changed": self.text_changed,
            "status_changed": self.status_changed,
            "old_number": self.old_number,
            "new_number": self.new_number,
            "old_status": self.old_status.value if self.old_status else None,
            "new_status": self.new_status.value if self.new_status else None,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "ops": [list(op) for op in self.ops],
            "comments_added": [
                {"author": c.author, "time": c.time.isoformat(), "text": c.text} for c in self.comments_added
            ],
            "reservations": [r.to_json() for r in self.reservations],
        }


@dataclass(frozen=True)
class Summary:
    """Counts of changes per kind and per area, and words inserted and deleted."""

    by_change: dict[str, int]
    by_area: dict[str, int]
    words_inserted: int
    words_deleted: int
    comments_added: int
    #: Reservations placed, changed or withdrawn, counted one per delegation and clause.
    reservations_changed: int = 0


@dataclass(frozen=True)
class Comparison:
    """A clause-by-clause comparison, in the newer revision's order, deleted clauses at their old place."""

    from_revision: int | str
    to_revision: int | str
    clauses: list[ClauseChange] = field(default_factory=list)

    @property
    def changed(self) -> list[ClauseChange]:
        """Return the clauses that changed in any way, comments and reservations included."""
        return [c for c in self.clauses if c.change != "unchanged" or c.comments_added or c.reservations]

    def by_area_and_kind(self) -> list[dict[str, object]]:
        """Return one row per area with changes (in area order): its full name and a count per kind of change."""
        from charter.drafting.model import AREAS

        kinds = sorted({change.change for change in self.changed})
        rows: dict[str, dict[str, object]] = {}
        order = {area: index for index, area in enumerate(AREAS)}
        for change in sorted(self.changed, key=lambda c: order.get(c.area, len(order))):
            row = rows.setdefault(change.area, {"area": AREAS.get(change.area, change.area), **dict.fromkeys(kinds, 0)})
            count = row[change.change]
            row[change.change] = (count if isinstance(count, int) else 0) + 1
        return list(rows.values())

    @property
    def summary(self) -> Summary:
        """Return the counts per kind, per area, and of words inserted and deleted."""
        by_change = Counter({kind: 0 for kind in KINDS})
        by_area: Counter[str] = Counter()
        inserted = deleted = comments = reservations = 0
        for clause in self.clauses:
            by_change[clause.change] += 1
            if clause.change != "unchanged":
                by_area[clause.area] += 1
            comments += len(clause.comments_added)
            reservations += len(clause.reservations)
            for op, text in clause.ops:
                if op == "+":
                    inserted += len(_WORD.findall(text))
                elif op == "-":
                    deleted += len(_WORD.findall(text))
        return Summary(dict(by_change), dict(by_area), inserted, deleted, comments, reservations)

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of `charter diff --format json`."""
        summary = self.summary
        return {
            "from": self.from_revision,
            "to": self.to_revision,
            "summary": {
                "by_change": summary.by_change,
                "by_area": summary.by_area,
                "words_inserted": summary.words_inserted,
                "words_deleted": summary.words_deleted,
                "comments_added": summary.comments_added,
                "reservations_changed": summary.reservations_changed,
            },
            "clauses": [clause.to_json() for clause in self.clauses],
        }


def _label(clause: RenderedClause) -> str:
    return clause.label


def compare(
    old: Draft, new: Draft, from_revision: int | str | None = None, to_revision: int | str | None = None
) -> Comparison:
    """Return the clause-by-clause comparison of two drafts, texts compared as rendered."""
    old_view = {c.id: c for c in render_draft(old).clauses()}
    new_view = {c.id: c for c in render_draft(new).clauses()}
    old_raw = {c.id: c for c in old.clauses()}
    new_raw = {c.id: c for c in new.clauses()}
    tag_of = notation.tags(new.settings)
    old_order, new_order = list(old_view), list(new_view)
    moved = moved_clauses(
        {cid: clause.section_id for cid, clause in old_view.items()},
        {cid: clause.section_id for cid, clause in new_view.items()},
        {section.id for section in new.sections},
    )
    changes: dict[str, ClauseChange] = {}
    for cid in new_order:
        after = new_view[cid]
        before = old_view.get(cid)
        if before is None:
            changes[cid] = ClauseChange(
                cid,
                after.library_id,
                after.area,
                after.title,
                "added",
                False,
                True,
                False,
                None,
                _label(after),
                None,
                after.status,
                None,
                after.text,
                [("+", after.text)],
                after.comments,
                reservation_changes((), after.reservations, tag_of),
            )
            continue
        text_changed = before.text != after.text
        status_changed = before.status != after.status
        is_moved = cid in moved
        reserved = reservation_changes(before.reservations, after.reservations, tag_of)
        if text_changed:
            ops = [(_SYMBOL[op], text) for op, text in word_diff(before.text, after.text)]
            kind = "modified"
        else:
            ops = [("=", after.text)]
            kind = "moved" if is_moved else "status" if status_changed else "reservation" if reserved else "unchanged"
        seen = set(old_raw[cid].comments)
        added_comments = tuple(c for c in new_raw[cid].comments if c not in seen)
        changes[cid] = ClauseChange(
            cid,
            after.library_id,
            after.area,
            after.title,
            kind,
            is_moved,
            text_changed,
            status_changed,
            _label(before),
            _label(after),
            before.status,
            after.status,
            before.text,
            after.text,
            ops,
            added_comments,
            reserved,
        )
    ordered = [changes[cid] for cid in new_order]
    for index, cid in enumerate(old_order):
        if cid in new_view:
            continue
        before = old_view[cid]
        gone = ClauseChange(
            cid,
            before.library_id,
            before.area,
            before.title,
            "deleted",
            False,
            True,
            False,
            _label(before),
            None,
            before.status,
            None,
            before.text,
            None,
            [("-", before.text)],
        )
        position = 0
        for earlier in reversed(old_order[:index]):
            found = next((i for i, c in enumerate(ordered) if c.id == earlier), None)
            if found is not None:
                position = found + 1
                break
        ordered.insert(position, gone)
    return Comparison(
        from_revision if from_revision is not None else old.revision or 0,
        to_revision if to_revision is not None else new.revision or 0,
        ordered,
    )


def library_baseline(draft: Draft, library: Library) -> Draft:
    """Return the draft with each library clause's text reset to its library wording.

    Clauses written by hand, or whose library clause or wording no longer exists, are left
    out, so a comparison against this baseline reports them as added.
    """
    sections = []
    for section in draft.sections:
        kept = []
        for clause in section.clauses:
            if clause.origin is None or clause.origin.clause_id not in library.clauses:
                continue
            source = library.clauses[clause.origin.clause_id]
            try:
                text = source.wording(clause.origin.alternative)
            except KeyError:
                continue
            kept.append(clause.model_copy(update={"text": text, "comments": clause.comments}))
        sections.append(section.model_copy(update={"clauses": tuple(kept)}))
    return draft.model_copy(update={"sections": tuple(sections)})


def compare_with_library(draft: Draft, library: Library) -> Comparison:
    """Return where a draft's clauses deviate from the library wording they came from."""
    return compare(library_baseline(draft, library), draft, "library", draft.revision or 0)


def deviates(draft: Draft, library: Library) -> set[str]:
    """Return the ids of clauses whose rendered text differs from their library wording, or have none."""
    return {c.id for c in compare_with_library(draft, library).clauses if c.change in ("modified", "added")}
