"""`charter review`: the counterpart's tracked changes in a .docx, listed and answered change by change."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, author, print_json, say
from charter.errors import WordError


def register(commands: Any) -> None:
    """Add the review command."""
    review = commands.add_parser(
        "review", help="list a counterpart's tracked changes in an exported .docx, or accept, reject or bracket them"
    )
    review.add_argument("name", help="draft name")
    review.add_argument("file", metavar="FILE.docx", help="an export of this draft, edited with tracked changes")
    for decision, meaning in (
        ("accept", "take the counterpart's words"),
        ("reject", "keep the old words"),
        ("bracket", "keep both wordings as a bracket, each attributed to its delegation"),
    ):
        review.add_argument(
            f"--{decision}",
            nargs="+",
            action="extend",
            default=[],
            metavar="ID",
            help=f"{meaning}: change ids (c1 c2) or clauses (II.3: all its changes)",
        )
    review.add_argument(
        "--rest", choices=["accept", "reject", "bracket"], help="decide every change not named otherwise"
    )
    review.add_argument(
        "--counterpart",
        choices=["a", "b", "chair"],
        help="the delegation that made the changes (default: the other party than yours; b for the local owner)",
    )
    review.add_argument(
        "--delegation", choices=["a", "b", "chair"], help="your delegation, recorded on the revision (default: yours)"
    )
    review.add_argument("--author", help="who saves the review (default: $CHARTER_AUTHOR or the login name)")
    review.add_argument("-m", "--message", help="what the revision says (default: the file and the counts)")
    review.add_argument("--json", action="store_true", help="print the changes (or what was saved) as JSON")
    # Listing needs a viewer; deciding saves a revision, which the save itself refuses to a viewer.
    review.set_defaults(handler=review_word, needs=Role.VIEWER)


def _source(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise WordError(f"{value}: no such file")
    return path


def review_word(args: argparse.Namespace, ctx: Context) -> int:
    from charter.negotiation.decisions import decide, save_review
    from charter.negotiation.review import read_review

    review = read_review(ctx.store, args.name, _source(args.file), library=ctx.library)
    if not (args.accept or args.reject or args.bracket or args.rest):
        if args.json:
            print_json(review.to_json())
        else:
            _print(review)
        return 0
    decisions = decide(review, accept=args.accept, reject=args.reject, bracket=args.bracket, rest=args.rest)
    saved = save_review(
        ctx.store,
        review,
        decisions,
        author=author(args) if ctx.actor is None else ctx.actor.name,
        actor=ctx.actor,
        counterpart=args.counterpart,
        delegation=args.delegation,
        message=args.message,
        library=ctx.library,
    )
    if args.json:
        print_json(
            {
                "revision": saved.revision,
                "base": review.base,
                "merged": saved.saved.merged,
                "counterpart": saved.counterpart,
                "accepted": saved.accepted,
                "rejected": saved.rejected,
                "bracketed": saved.bracketed,
                "comments": saved.comments,
                "warnings": list(review.warnings) + saved.warnings,
            }
        )
        return 0
    for warning in list(review.warnings) + saved.warnings:
        say(f"warning: {warning}")
    merged = f", merged onto revision {saved.revision - 1}" if saved.saved.merged else ""
    say(
        f"saved revision {saved.revision} (review of revision {review.base}{merged}): "
        f"{len(saved.accepted)} accepted, {len(saved.rejected)} rejected, {len(saved.bracketed)} bracketed, "
        f"{saved.comments} comment(s) added"
    )
    return 0


def _print(review: Any) -> None:
    for warning in review.warnings:
        say(f"warning: {warning}")
    if not review.changes:
        say(f"{review.file}: no changes to revision {review.base}")
    for change in review.changes:
        when = change.date.strftime("%Y-%m-%d %H:%M") if change.date else "no date"
        moved = ", moved" if change.moved else ""
        moved += f" into {change.joins} (two clauses made one)" if change.joins else ""
        say(f"{change.id:<5} {change.clause:<7} {change.kind}{moved}  {change.author}  {when}")
        words = [w for w in (change.context_before,) if w]
        if change.before:
            words.append(f"[-{' '.join(change.before.split())}-]")
        if change.after:
            words.append(f"[+{' '.join(change.after.split())}+]")
        if change.context_after:
            words.append(change.context_after)
        say("      \u2026" + " ".join(words) + "\u2026")
    for comment in review.comments:
        when = comment.date.strftime("%Y-%m-%d %H:%M") if comment.date else "no date"
        say(f"comment {comment.clause:<7} {comment.author}  {when}: {' '.join(comment.text.split())}")
    say(f"{len(review.changes)} change(s), {len(review.comments)} comment(s), based on revision {review.base}")
