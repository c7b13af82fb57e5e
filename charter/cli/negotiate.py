"""`charter bracket`, `resolve`, `reserve` and `brackets`: attributed brackets from the shell."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import Context, add_write_options, author, delegation, print_json, say
from charter.drafting.model import DELEGATIONS

if TYPE_CHECKING:
    from charter.drafting.model import Draft, DraftClause


def register(commands: Any) -> None:
    """Add the bracket commands."""
    bracket = commands.add_parser(
        "bracket",
        help="bracket a phrase of a clause with attributed wordings, or add a wording to an open bracket",
        description=(
            "Bracket PHRASE in CLAUSE: the phrase is one wording (proposed by --phrase-by), each --wording "
            "another. With --add N, add the --wording(s) to the clause's open bracket N instead."
        ),
    )
    bracket.add_argument("name")
    bracket.add_argument("clause", help="clause number ('II.3') or id")
    bracket.add_argument("phrase", nargs="?", help="the words to bracket, as the clause reads outside its brackets")
    bracket.add_argument(
        "--wording",
        nargs=2,
        action="append",
        default=[],
        metavar=("DELEGATION", "TEXT"),
        help="another wording and who proposes it (a, b or chair; '' as TEXT proposes leaving the words out)",
    )
    bracket.add_argument("--phrase-by", choices=DELEGATIONS, help="who proposes the phrase as it stands")
    bracket.add_argument("--occurrence", type=int, default=1, help="which occurrence of the phrase (default 1)")
    bracket.add_argument("--add", type=int, metavar="N", help="add the wordings to open bracket N (from 1)")
    add_write_options(bracket)
    bracket.set_defaults(handler=bracket_phrase, needs=Role.EDITOR)

    resolve = commands.add_parser("resolve", help="close an open bracket on one of its wordings")
    resolve.add_argument("name")
    resolve.add_argument("clause", help="clause number ('II.3') or id")
    resolve.add_argument("bracket", type=int, help="which open bracket of the clause (from 1)")
    resolve.add_argument("choice", help="the wording to keep: its number (from 1) or its delegation's tag ('US')")
    add_write_options(resolve)
    resolve.set_defaults(handler=resolve_bracket, needs=Role.EDITOR)

    reserve = commands.add_parser("reserve", help="place (or withdraw) a delegation's reservation on a whole clause")
    reserve.add_argument("name")
    reserve.add_argument("clause", help="clause number ('II.3') or id")
    reserve.add_argument("party", metavar="DELEGATION", choices=DELEGATIONS, help="whose reservation: a, b or chair")
    reserve.add_argument("--note", default="", help="what the reservation is about")
    reserve.add_argument("--withdraw", action="store_true", help="withdraw the delegation's reservation")
    add_write_options(reserve)
    reserve.set_defaults(handler=reserve_clause, needs=Role.EDITOR)

    listing = commands.add_parser("brackets", help="list the open brackets and reservations of a draft")
    listing.add_argument("name")
    listing.add_argument("--rev", type=int, help="revision (default: the head)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_brackets, needs=Role.VIEWER)


def _change(args: argparse.Namespace, ctx: Context, change: Any, message: str) -> int:
    from charter.drafting import assemble

    def edit(draft: Draft) -> Draft:
        return assemble.change_clause(draft, assemble.resolve_clause(draft, args.clause), change)

    result = ctx.store.edit(
        args.name, edit, author(args), args.message or message, base=args.base, actor=ctx.actor,
        delegation=delegation(args, ctx),
    )  # fmt: skip
    say(result.describe())
    return 0


def bracket_phrase(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import template
    from charter.errors import DraftError
    from charter.negotiation import brackets

    for party, _ in args.wording:
        if party not in DELEGATIONS:
            raise DraftError(f"unknown delegation '{party[:40]}'; expected one of {', '.join(DELEGATIONS)}")
    if args.add is not None:
        if not args.wording:
            raise DraftError("say the wording to add with --wording DELEGATION TEXT")

        def add(clause: DraftClause) -> DraftClause:
            for delegation, text in args.wording:
                clause = brackets.add_alternative(clause, args.add - 1, delegation, text)
            return clause

        return _change(args, ctx, add, f"Add a wording to bracket {args.add} of {args.clause}")
    if not args.phrase:
        raise DraftError("say which words to bracket (PHRASE), or --add N to add to an open bracket")
    proposals = [(args.phrase_by, args.phrase), *[(d, t) for d, t in args.wording]]
    values = template.variables(ctx.store.load(args.name, args.base).settings)  # the phrase as readers see it
    return _change(
        args,
        ctx,
        lambda c: brackets.bracket_phrase(c, args.phrase, proposals, args.occurrence, values),
        f"Bracket '{args.phrase[:60]}' in {args.clause}",
    )


def resolve_bracket(args: argparse.Namespace, ctx: Context) -> int:
    from charter.errors import DraftError
    from charter.negotiation import brackets

    def resolve(clause: DraftClause, draft_tags: dict[str, str]) -> DraftClause:
        index = args.bracket - 1
        if not 0 <= index < len(clause.brackets):
            raise DraftError(f"clause {args.clause} has {len(clause.brackets)} open brackets, not {args.bracket}")
        proposals = clause.brackets[index].proposals
        if str(args.choice).isdigit():
            return brackets.resolve(clause, index, int(args.choice) - 1)
        tagged = [i for i, p in enumerate(proposals) if p.delegation and draft_tags[p.delegation] == args.choice]
        if len(tagged) != 1:
            raise DraftError(f"bracket {args.bracket} of {args.clause} has no single wording tagged '{args.choice}'")
        return brackets.resolve(clause, index, tagged[0])

    tags = brackets.tags(ctx.store.load(args.name, args.base).settings)
    return _change(args, ctx, lambda c: resolve(c, tags), f"Resolve bracket {args.bracket} of {args.clause}")


def reserve_clause(args: argparse.Namespace, ctx: Context) -> int:
    from charter.negotiation import brackets

    if args.withdraw:
        return _change(
            args,
            ctx,
            lambda c: brackets.withdraw_reservation(c, args.party),
            f"Withdraw the reservation of {args.party} on {args.clause}",
        )
    who = ctx.actor.name if ctx.actor is not None else author(args)
    return _change(
        args,
        ctx,
        lambda c: brackets.reserve(c, args.party, who, args.note),
        f"Reservation of {args.party} on {args.clause}",
    )


def list_brackets(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting.render import negotiation_json, render_draft

    view = render_draft(ctx.store.load(args.name, args.rev))
    rows: list[dict[str, Any]] = []
    for clause in view.clauses():
        if not clause.brackets and not clause.reservations:
            continue
        rows.append(
            {
                "clause": clause.label,
                "id": clause.id,
                "title": clause.title,
                "status": clause.status.value,
                **negotiation_json(clause, view.tags),
            }
        )
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        say(f"{args.name}: no open brackets or reservations")
    for row in rows:
        say(f"{row['clause']} {row['title']} ({row['status']})")
        for number, bracket in enumerate(row["brackets"], start=1):
            shown = " / ".join(f"{p['tag']}: {p['text'] or '(leave out)'}" if p["tag"] else p["text"] for p in bracket)
            say(f"  [{number}] {shown}")
        for reservation in row["reservations"]:
            say(f"  {reservation['tag']} reserve" + (f": {reservation['note']}" if reservation["note"] else ""))
    return 0
