"""Blame for a redline: which revision in a range made each change, and who saved it when.

A redline between two revisions marks each change with the author and time of the latest
revision in the range that made it, found by comparing each revision with the one before.
Signed by delegation (the default), a mark carries instead the name of that revision's
delegation ("Azerbaijan", "the United States", "Chair", as the newer revision's settings name
them), so Word colours the changes per delegation; a revision that records no delegation still
signs with its author's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from charter.bilingual.render import in_language
from charter.compare.ordering import moved_clauses
from charter.drafting.model import Draft, Status
from charter.drafting.render import render_draft
from charter.errors import DraftError, NotFoundError
from charter.negotiation.brackets import names
from charter.word.layout import body_blocks

if TYPE_CHECKING:
    from charter.store import RevisionInfo, Store

#: Kinds of change a revision mark records (see `Change`).
CLAUSE, STATUS, NUMBER, BLOCK = "clause", "status", "number", "block"


class Change(NamedTuple):
    """A kind of change and the clause id or block key it touches, for looking up who made it.

    `kind` is CLAUSE (a clause's words, or the whole clause added, deleted or moved), STATUS (its
    brackets), NUMBER (its literal number) or BLOCK (a paragraph that is not a clause; `target` is
    then 'title', 'chapeau', 'lead_in', 'heading:<section id>', 'testimonium', 'signature:0' or
    'signature:1').
    """

    kind: str
    target: str


class Stamp(NamedTuple):
    """Who made a change and when: the author and time a revision mark carries."""

    author: str
    time: datetime


#: Returns the stamp of the revision that made a change.
ChangesBy = Callable[[Change], Stamp]


# -- who made each change ----------------------------------------------------------------------


#: How a redline signs its changes: by the delegation of the revision that made each, or by its author.
SIGN_BY = ("delegation", "author")


class RevisionStamps:
    """The signature and time of the latest revision in a range that made each change (a `ChangesBy`)."""

    def __init__(
        self, latest: dict[Change, int], infos: dict[int, RevisionInfo], fallback: int,
        signers: dict[int, str] | None = None,
    ) -> None:  # fmt: skip
        self._latest = latest
        self._infos = infos
        self._fallback = fallback
        self._signers = signers or {}

    def __call__(self, change: Change) -> Stamp:
        """Return the stamp of the revision that last made `change`; the newest revision's when none did."""
        revision = self.revision_of(change)
        info = self._infos[revision]
        return Stamp(self._signers.get(revision, info.author), info.time)

    def revision_of(self, change: Change) -> int:
        """Return the number of the latest revision in the range that made `change`."""
        return self._latest.get(change, self._fallback)

    def time_of(self, revision: int) -> datetime:
        """Return when `revision` was saved."""
        return self._infos[revision].time


def revision_stamps(
    store: Store,
    name: str,
    from_rev: int,
    to_rev: int,
    sign_by: str = "delegation",
    *,
    language: str | None = None,
) -> RevisionStamps:
    """Return who made each change between two revisions: the latest revision in (from_rev, to_rev] that made it.

    `sign_by` "delegation" signs each change with its revision's delegation name (its author's
    name when it records none); "author" always with the author's name.

    Each revision in the range is loaded and rendered once and compared with the one before:
    per clause its words, presence and position (CLAUSE), status (STATUS) and literal number
    (NUMBER), and per other paragraph its text or presence (BLOCK). Raises NotFoundError for a
    missing draft or revision, DraftError when `from_rev` is not older than `to_rev` or `sign_by`
    is neither. With a `language`, each revision is read as its original in that language.
    """
    if sign_by not in SIGN_BY:
        raise DraftError(f"a redline is signed by {' or '.join(SIGN_BY)}, not '{sign_by[:40]}'")
    if from_rev >= to_rev:
        raise DraftError(f"a redline goes from an older to a newer revision; got revision {from_rev} to {to_rev}")
    infos = {info.revision: info for info in store.history(name)}
    for revision in (from_rev, to_rev):
        if revision not in infos:
            raise NotFoundError(f"draft '{name}' has no revision {revision}")
    latest: dict[Change, int] = {}

    def snapshot(revision: int) -> Snapshot:
        draft = store.load(name, revision)
        return Snapshot.of(in_language(draft, language) if language else draft)

    previous = snapshot(from_rev)
    for revision in range(from_rev + 1, to_rev + 1):
        current = snapshot(revision)
        for change in previous.changes_to(current):
            latest[change] = revision
        previous = current
    signers: dict[int, str] = {}
    if sign_by == "delegation":
        delegations = names(store.load(name, to_rev).settings)
        signers = {
            number: delegations[info.delegation]
            for number, info in infos.items()
            if from_rev < number <= to_rev and info.delegation in delegations
        }
    return RevisionStamps(latest, infos, to_rev, signers)


class ClauseState(NamedTuple):
    text: str
    status: Status
    number: int
    section: str


@dataclass(frozen=True)
class Snapshot:
    """What one revision shows: each clause's state and order, and every other paragraph's text."""

    clauses: dict[str, ClauseState]
    order: list[str]
    blocks: dict[str, str]
    sections: frozenset[str]

    @classmethod
    def of(cls, draft: Draft) -> Snapshot:
        view = render_draft(draft)
        clauses = {c.id: ClauseState(c.text, c.status, c.number, c.section_id) for c in view.clauses()}
        blocks = {block.key: block.text for block in body_blocks(view) if block.clause is None}
        blocks.update({f"signature:{index}": text for index, text in enumerate(view.signatories)})
        return cls(clauses, list(clauses), blocks, frozenset(section.id for section in draft.sections))

    def changes_to(self, later: Snapshot) -> Iterator[Change]:
        """Yield every change between this revision and `later`, by the rules `compare` uses for moves."""
        moved = moved_clauses(
            {clause_id: state.section for clause_id, state in self.clauses.items()},
            {clause_id: state.section for clause_id, state in later.clauses.items()},
            later.sections,
        )
        for clause_id in self.clauses.keys() | later.clauses.keys():
            before, after = self.clauses.get(clause_id), later.clauses.get(clause_id)
            if before is None or after is None:
                yield from (Change(kind, clause_id) for kind in (CLAUSE, STATUS, NUMBER))
                continue
            if before.text != after.text or clause_id in moved:
                yield Change(CLAUSE, clause_id)
            if before.status != after.status:
                yield Change(STATUS, clause_id)
            if before.number != after.number:
                yield Change(NUMBER, clause_id)
        for key in self.blocks.keys() | later.blocks.keys():
            if self.blocks.get(key) != later.blocks.get(key):
                yield Change(BLOCK, key)
