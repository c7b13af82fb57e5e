"""Blame for a redline: which revision in a range made each change, and who saved it when.

A redline between two revisions marks each change with the author and time of the revision in
the range that made it, found by comparing each revision with the one before: inside a clause
word by word (`charter.word.attribution`), so two delegations' edits to one clause are signed
apart; for a number, a status or a paragraph that is not a clause, the latest revision that
changed it. Signed by delegation (the default), a mark carries the name of that revision's
delegation ("Azerbaijan", "the United States", "Chair", as the newer revision's settings name
them), so Word colours the changes per delegation; a revision that records no delegation still
signs with its author's name. Words a review accepted from the counterpart's file are signed
with the counterpart's delegation, which the review records as the revision's source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from charter.bilingual.render import in_language
from charter.compare.ordering import moved_clauses
from charter.drafting.model import Draft, Status
from charter.drafting.render import render_draft
from charter.errors import DraftError, NotFoundError
from charter.negotiation.brackets import names
from charter.word.attribution import Hand, HandAt, Trail, bracket_spans, reviewer_hands
from charter.word.layout import body_blocks

if TYPE_CHECKING:
    from charter.store import RevisionInfo, Store

#: Kinds of change a revision mark records (see `Change`).
CLAUSE, STATUS, NUMBER, BLOCK, RESERVATION = "clause", "status", "number", "block", "reservation"


class Change(NamedTuple):
    """A kind of change and the clause id or block key it touches, for looking up who made it.

    `kind` is CLAUSE (a clause's words, or the whole clause added, deleted or moved), STATUS (its
    brackets), NUMBER (its literal number), RESERVATION (a reservation on it) or BLOCK (a
    paragraph that is not a clause; `target` is then 'title', 'chapeau', 'lead_in',
    'heading:<section id>', 'testimonium', 'signature:0' or 'signature:1').
    """

    kind: str
    target: str


class Stamp(NamedTuple):
    """Who made a change and when: the author and time a revision mark carries."""

    author: str
    time: datetime


#: Returns the stamp of the revision that made a change.
ChangesBy = Callable[[Change], Stamp]


class WordStamps(NamedTuple):
    """Who made each change inside one clause: a stamp per character of its older and of its newer text.

    `old[i]` signs the removal of character i of the older text, `new[j]` the insertion of
    character j of the newer one; None where the range's revisions do not tell (the clause's
    own stamp then signs it).
    """

    old: Sequence[Stamp | None]
    new: Sequence[Stamp | None]


# -- who made each change ----------------------------------------------------------------------


#: How a redline signs its changes: by the delegation of the revision that made each, or by its author.
SIGN_BY = ("delegation", "author")


class RevisionStamps:
    """The signature and time of the revision in a range that made each change (a `ChangesBy`)."""

    def __init__(
        self, latest: dict[Change, int], infos: dict[int, RevisionInfo], fallback: int,
        signers: dict[int, str] | None = None, trails: dict[str, Trail] | None = None,
        counterparts: dict[int, str] | None = None,
    ) -> None:  # fmt: skip
        self._latest = latest
        self._infos = infos
        self._fallback = fallback
        self._signers = signers or {}
        self._trails = trails or {}
        self._counterparts = counterparts or {}

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

    def words(self, clause_id: str) -> WordStamps | None:
        """Return who made each change inside a clause on both ends of the range; None for any other clause."""
        trail = self._trails.get(clause_id)
        if trail is None:
            return None
        return WordStamps(self._filled(trail.removed()), self._filled(trail.inserted()))

    def _filled(self, hands: Sequence[Hand | None]) -> list[Stamp | None]:
        """Return a stamp per character; one no revision changed takes its nearest changed neighbour's.

        The comparison's semantic cleanup may show words that stood all along as removed and
        put back around a change ("intend to build" -> "[AZ: ...] build"); they go with it.
        """
        stamps = [self._stamp(hand) for hand in hands]
        known = next((stamp for stamp in stamps if stamp is not None), None)
        for index, stamp in enumerate(stamps):
            if stamp is None:
                stamps[index] = known
            else:
                known = stamp
        return stamps

    def _stamp(self, hand: Hand | None) -> Stamp | None:
        if hand is None:
            return None
        info = self._infos[hand.revision]
        if hand.counterpart and hand.revision in self._counterparts:
            return Stamp(self._counterparts[hand.revision], info.time)
        return Stamp(self._signers.get(hand.revision, info.author), info.time)


def revision_stamps(
    store: Store,
    name: str,
    from_rev: int,
    to_rev: int,
    sign_by: str = "delegation",
    *,
    language: str | None = None,
) -> RevisionStamps:
    """Return who made each change between two revisions: the revision in (from_rev, to_rev] that made it.

    `sign_by` "delegation" signs each change with its revision's delegation name (its author's
    name when it records none), and the words a review accepted with the counterpart's; "author"
    always with the author's name.

    Each revision in the range is loaded and rendered once and compared with the one before:
    per clause its words, presence and position (CLAUSE, and word by word in `words`), status
    (STATUS) and literal number (NUMBER), and per other paragraph its text or presence (BLOCK).
    Changes the range's revisions cannot tell apart take the latest. Raises NotFoundError for a
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
    trails = {clause_id: Trail(state.text) for clause_id, state in previous.clauses.items()}
    for revision in range(from_rev + 1, to_rev + 1):
        current = snapshot(revision)
        for change in previous.changes_to(current):
            latest[change] = revision
        reviewed = _counterpart(infos[revision]) is not None
        for clause_id, trail in list(trails.items()):
            state = current.clauses.get(clause_id)
            if state is None:  # deleted: the redline shows it deleted whole, or back with the text it had
                del trails[clause_id]
                continue
            inserted, removed = _hands(revision, reviewed, state, previous.clauses[clause_id])
            trail.step(state.text, inserted, removed)
        previous = current
    signers: dict[int, str] = {}
    counterparts: dict[int, str] = {}
    in_range = {number: info for number, info in infos.items() if from_rev < number <= to_rev}
    if sign_by == "delegation":
        delegations = names(store.load(name, to_rev).settings)
        signers = {n: delegations[info.delegation] for n, info in in_range.items() if info.delegation in delegations}
        counterparts = {
            n: delegations[source] for n, info in in_range.items() if (source := _counterpart(info)) in delegations
        }
    return RevisionStamps(latest, infos, to_rev, signers, trails, counterparts)


def _counterpart(info: RevisionInfo) -> str | None:
    """Return the delegation whose file a review revision answered; None for a revision no review saved."""
    source = info.source or {}
    delegation = source.get("delegation")
    return delegation if isinstance(delegation, str) and "accepted" in source else None


def _hands(revision: int, reviewed: bool, state: ClauseState, earlier: ClauseState) -> tuple[HandAt, HandAt]:
    """Return who inserted and who removed each word of a clause in `revision` (see `reviewer_hands`)."""
    if reviewed:
        return reviewer_hands(revision, state.spans, [literal for _, _, literal in earlier.spans])
    hand = Hand(revision)
    return (lambda _: hand), (lambda _: hand)


class ClauseState(NamedTuple):
    text: str
    status: Status
    number: int
    section: str
    #: Where each open bracket stands in `text`: (start, end, its notation).
    spans: tuple[tuple[int, int, str], ...] = ()
    #: Each reservation on the clause: (delegation, note).
    reserved: frozenset[tuple[str, str]] = frozenset()


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
        clauses = {
            c.id: ClauseState(
                c.text, c.status, c.number, c.section_id, tuple(bracket_spans(c.pieces)),
                frozenset((r.delegation, r.note) for r in c.reservations),
            )  # fmt: skip
            for c in view.clauses()
        }
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
            if before.reserved != after.reserved:
                yield Change(RESERVATION, clause_id)
        for key in self.blocks.keys() | later.blocks.keys():
            if self.blocks.get(key) != later.blocks.get(key):
                yield Change(BLOCK, key)
