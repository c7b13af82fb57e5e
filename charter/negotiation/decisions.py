"""The reviewer's answers to a counterpart's changes: accept, reject or bracket each, and save them as one revision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from charter.access.roles import Role, User, require
from charter.compare.diff import compare
from charter.drafting import template
from charter.drafting.model import DELEGATIONS, Comment, Draft, DraftClause, Status
from charter.drafting.render import split_paragraphs
from charter.errors import CharterError, ReviewError
from charter.library import Library
from charter.negotiation import brackets as notation
from charter.negotiation.review import Review
from charter.negotiation.wording import (
    ClauseWording,
    Decision,
    joined_clauses,
    rewritten,
    run_on,
    unwrapped,
    value_spans,
)
from charter.store import Store
from charter.store.service import SaveResult
from charter.word.matching import NUMBER, custom_clause, library_wordings, strip_number

DECISIONS: tuple[Decision, ...] = ("accept", "reject", "bracket")


def decide(
    review: Review,
    *,
    accept: Iterable[str] = (),
    reject: Iterable[str] = (),
    bracket: Iterable[str] = (),
    rest: Decision | None = None,
) -> dict[str, Decision]:
    """Return a decision for every change of the review.

    Each of `accept`, `reject` and `bracket` names change ids ("c3") or clauses ("II.3", or a
    clause id), a clause standing for all its changes; a change named by its id wins over its
    clause, and `rest` decides every change not named. Raises ReviewError for an unknown id or
    clause, a change or clause named twice, and changes left undecided without `rest`.
    """
    if rest is not None and rest not in DECISIONS:
        raise ReviewError(f"unknown decision '{str(rest)[:20]}' for the rest; use accept, reject or bracket")
    by_clause: dict[str, list[str]] = {}
    for change in review.changes:
        by_clause.setdefault(change.clause, []).append(change.id)
        by_clause.setdefault(change.clause_id, []).append(change.id)
    labels = {clause.label for clause in review.clauses} | {clause.clause_id for clause in review.clauses}
    direct: dict[str, Decision] = {}
    bulk: dict[str, Decision] = {}
    named_clauses: dict[str, Decision] = {}
    for decision, refs in (("accept", accept), ("reject", reject), ("bracket", bracket)):
        for ref in refs:
            ref = ref.strip()
            if ref in labels or ref in by_clause:
                ids = by_clause.get(ref, [])
                key = next((c.label for c in review.clauses if ref in (c.label, c.clause_id)), ref)
                if key in named_clauses:
                    raise ReviewError(f"clause {key} is named twice ({named_clauses[key]} and {decision})")
                named_clauses[key] = decision  # type: ignore[assignment]
                bulk.update(dict.fromkeys(ids, decision))  # type: ignore[arg-type]
                continue
            review.change(ref)  # raises for an unknown id
            if ref in direct:
                raise ReviewError(f"change {ref} is decided twice ({direct[ref]} and {decision})")
            direct[ref] = decision  # type: ignore[assignment]
    decided: dict[str, Decision] = {}
    open_ids: list[str] = []
    for change in review.changes:
        choice = direct.get(change.id) or bulk.get(change.id) or rest
        if choice is None:
            open_ids.append(change.id)
        else:
            decided[change.id] = choice
    if open_ids:
        shown = ", ".join(open_ids[:10]) + (f" and {len(open_ids) - 10} more" if len(open_ids) > 10 else "")
        raise ReviewError(f"{len(open_ids)} change(s) are not decided ({shown}); decide them or give a rest decision")
    return decided


@dataclass(frozen=True)
class Applied:
    """The draft a review gives, and what to tell the reviewer about how it was made."""

    draft: Draft
    warnings: list[str]


def counterpart_of(delegation: str | None) -> str:
    """Return whose changes a member of `delegation` reviews: the other party ('b' for the chair or nobody)."""
    return "a" if delegation == "b" else "b"


def proposer_of(counterpart: str) -> str:
    """Return whose draft the counterpart's changes answer: the other party ('a' when the chair made them)."""
    return "b" if counterpart == "a" else "a"


def _check_delegation(delegation: str, what: str) -> str:
    if delegation not in DELEGATIONS:
        raise ReviewError(f"unknown {what} '{delegation[:40]}'; expected one of {', '.join(DELEGATIONS)}")
    return delegation


def apply_review(
    review: Review,
    decisions: Mapping[str, Decision],
    *,
    counterpart: str,
    proposer: str | None = None,
    author: str = "review",
    library: Library | None = None,
    time: datetime | None = None,
) -> Applied:
    """Return the draft that the decisions on a review's changes give, with the file's comments added.

    An accepted change takes the counterpart's words, a rejected one keeps the old words, and a
    bracketed one keeps both as a bracket, the old words attributed to `proposer` (by default the
    other party) and the new ones to `counterpart`. A bracket that cannot stand inside the text
    (a change across paragraphs, or inside a bracket) keeps the old words and records the
    proposal as the counterpart's reservation on the clause. Edits the file made without
    tracking are changes like the others. Raises ReviewError when a change is undecided or unknown.
    """
    counterpart = _check_delegation(counterpart, "counterpart delegation")
    proposer = _check_delegation(proposer or proposer_of(counterpart), "proposing delegation")
    unknown = sorted(set(decisions) - {change.id for change in review.changes})
    if unknown:
        review.change(unknown[0])
    missing = [change.id for change in review.changes if decisions.get(change.id) not in DECISIONS]
    if missing:
        raise ReviewError(f"change(s) {', '.join(missing[:10])} have no decision (accept, reject or bracket)")
    now = time or datetime.now(UTC)
    draft = review.draft
    settings = draft.settings
    tag_of = notation.tags(settings)
    values = template.variables(settings)
    wordings = library_wordings(library, values)
    used = {clause.id for clause in draft.clauses()}
    warnings: list[str] = []
    replaced: dict[str, list[DraftClause]] = {}
    built = [
        (m, ClauseWording(m, decisions, tag_of, value_spans(draft.clause(m.clause_id), m, settings, values)))
        for m in review.clauses
    ]
    texts = [builder.text(proposer, counterpart) for _, builder in built]
    index = -1
    while index + 1 < len(built):
        index += 1
        markup, builder = built[index]
        label = markup.label
        text = texts[index]
        clause = _with_comments(draft.clause(markup.clause_id), review, author, now, warnings)
        reserved, bracketed_lines = list(builder.reserved), set(builder.bracketed_lines)
        if text == markup.exported and not reserved and not builder.joins:
            replaced[clause.id] = [clause]
            continue
        wrapped, last = markup.wrapped, builder
        while last.joins:
            if index + 1 >= len(built) or built[index + 1][0].clause_id != last.markup.joins:
                warnings.append(f"clause {label}: the clause it was to run into is not in the file; kept apart")
                break
            index += 1
            following, last = built[index]
            if wrapped or following.wrapped:
                text, wrapped = run_on(unwrapped(text, wrapped), unwrapped(texts[index], following.wrapped)), False
            else:
                text = run_on(text, texts[index])
            joined = _with_comments(draft.clause(following.clause_id), review, author, now, warnings)
            clause = joined_clauses(clause, joined)
            replaced[joined.id] = []
            reserved += last.reserved
            bracketed_lines |= last.bracketed_lines
            warnings.append(
                f"clause {following.label} is joined to clause {label}: the file deletes the paragraph mark between "
                "them, and that change was accepted"
            )
        lines = split_paragraphs(text)
        starts = [0] + [i for i, line in enumerate(lines) if i and NUMBER.match(line)] + [len(lines)]
        kept = rewritten(clause, lines[: starts[1]], wrapped, settings, values, label)
        result = [] if kept is None else [kept[0]]
        if kept is None:
            warnings.append(f"clause {label} is removed: its deletion was accepted")
        else:
            warnings.extend(kept[1])
        if reserved and result:
            note = f"{notation.names(settings)[counterpart]} proposes " + "; ".join(reserved)
            result[0] = notation.reserve(result[0], counterpart, author, note[:2_000], now)
            warnings.append(
                f"clause {label}: change(s) {', '.join(r.split(':')[0] for r in reserved)} cannot be bracketed "
                f"in the text; kept the old words with the proposal as a reservation of {tag_of[counterpart]}"
            )
        for low, high in zip(starts[1:], starts[2:], strict=False):
            first = strip_number(lines[low])[1]
            body = "\n".join([first, *lines[low + 1 : high]]).strip()
            if not body:
                continue
            status = Status.BRACKETED if first in bracketed_lines else Status.PROPOSED
            try:
                added = custom_clause(body, clause.area, wordings, values, used, status)
                # a wording the counterpart typed as "[US: ...]" is an attributed bracket, and the clause bracketed
                where = f"the new clause after {label}"
                added, unclear = notation.with_literal(added, added.text, settings, where=where)
            except (CharterError, ValueError) as err:
                raise ReviewError(f"clause {label}: the new clause after it cannot be stored ({err})") from None
            warnings.extend(unclear)
            used.add(added.id)
            result.append(added)
            warnings.append(f"a new clause after {label} is added ({status.value}): \u201c{first[:40]}\u201d")
        replaced[clause.id] = result
    sections = tuple(
        section.model_copy(update={"clauses": tuple(c for old in section.clauses for c in replaced.get(old.id, [old]))})
        for section in draft.sections
    )
    return Applied(draft.model_copy(update={"sections": sections}), warnings)


def _with_comments(clause: DraftClause, review: Review, author: str, now: datetime, warnings: list[str]) -> DraftClause:
    """Return the clause with the file's comments on it added."""
    added: list[Comment] = []
    for comment in review.comments:
        if comment.clause_id != clause.id:
            continue
        try:
            added.append(Comment(author=comment.author, time=comment.date or now, text=comment.text))
        except ValueError as err:
            warnings.append(f"clause {comment.clause}: a comment of {comment.author[:40]} was not kept ({err})")
    if not added:
        return clause
    return clause.model_copy(update={"comments": clause.comments + tuple(added)})


@dataclass(frozen=True)
class SavedReview:
    """A saved review: the revision, the decisions it records, and the warnings."""

    saved: SaveResult
    counterpart: str
    accepted: list[str]
    rejected: list[str]
    bracketed: list[str]
    warnings: list[str]
    #: How many of the file's comments the saved revision holds that its parent did not.
    comments: int = 0

    @property
    def revision(self) -> int:
        return self.saved.revision


def save_review(
    store: Store,
    review: Review,
    decisions: Mapping[str, Decision],
    *,
    author: str,
    actor: User | None = None,
    counterpart: str | None = None,
    proposer: str | None = None,
    delegation: str | None = None,
    message: str | None = None,
    library: Library | None = None,
) -> SavedReview:
    """Apply the decisions and save them as one revision, based on the revision the file came from.

    The revision records the saver's `delegation` (a signed-in user's own by default) and, as its
    source, the counterpart delegation (default: the other party), the file's name and SHA-256,
    and which changes were accepted, rejected and bracketed; the store audits the save. A newer
    head is merged onto as for any save (ConflictError when both changed the same words).
    """
    require(actor, Role.EDITOR, "save a review")
    saver = delegation or (actor.delegation if actor is not None else None)
    counterpart = _check_delegation(counterpart or counterpart_of(saver), "counterpart delegation")
    applied = apply_review(
        review,
        decisions,
        counterpart=counterpart,
        proposer=proposer,
        author=actor.name if actor else author,
        library=library,
    )
    split = {d: [c.id for c in review.changes if decisions[c.id] == d] for d in DECISIONS}
    file = Path(review.file).name
    source = {
        "delegation": counterpart,
        "file": file,
        "sha256": review.sha256,
        "accepted": split["accept"],
        "rejected": split["reject"],
        "bracketed": split["bracket"],
    }
    name = notation.names(review.draft.settings)[counterpart]
    counts = ", ".join(
        f"{len(split[d])} {w}" for d, w in zip(DECISIONS, ("accepted", "rejected", "bracketed"), strict=True)
    )
    saved = store.save(
        applied.draft,
        review.base,
        author,
        message or f"Review of {file} from {name}: {counts}",
        actor=actor,
        action="review",
        delegation=delegation,
        source=source,
    )
    parent = store.load(review.draft.name, saved.revision - 1)  # a merge may find a comment there already
    added = compare(parent, saved.draft).summary.comments_added
    return SavedReview(saved, counterpart, split["accept"], split["reject"], split["bracket"], applied.warnings, added)
