"""`charter round`: name a revision as a round of the negotiation, list the rounds, remove one."""

from __future__ import annotations

import argparse
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, print_json, say
from charter.errors import CharterError


def register(commands: Any) -> None:
    """Add the `round` command."""
    command = commands.add_parser(
        "round", help='name a revision as a round of the negotiation ("Round 2, Baku"), list or remove rounds'
    )
    command.add_argument("name", help="draft name")
    command.add_argument("round_name", nargs="?", metavar="ROUND", help='the round\'s name, e.g. "Round 2, Baku"')
    command.add_argument("--rev", type=int, help="the revision the round names (default: the newest)")
    command.add_argument("--list", action="store_true", help="list the draft's rounds, oldest first")
    command.add_argument("--json", action="store_true", help="with --list: print the rounds as JSON")
    command.add_argument("--remove", metavar="ROUND", help="remove a round's name (its revision stays)")
    command.add_argument("--author", help="who names the round (default: $CHARTER_AUTHOR or the login name)")
    # marking and removing need an editor; the store refuses them to a viewer
    command.set_defaults(handler=run_round, needs=Role.VIEWER)


def run_round(args: argparse.Namespace, ctx: Context) -> int:
    if args.list:
        if args.round_name or args.remove is not None or args.rev is not None:
            raise CharterError("--list takes no round name, --rev or --remove")
        return _list(args, ctx)
    if args.json:
        raise CharterError("--json goes with --list")
    if args.remove is not None:
        if args.round_name or args.rev is not None:
            raise CharterError("--remove takes the round's name and no other round name or --rev")
        return _remove(args, ctx)
    if not args.round_name:
        raise CharterError('give the round\'s name (e.g. "Round 2, Baku"), --list or --remove ROUND')
    return _mark(args, ctx)


def _mark(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    before = {r.name: r.revision for r in store.rounds(args.name)}
    marked = store.mark_round(args.name, args.round_name, args.rev, author=ctx.who(args), actor=ctx.actor)
    was = before.get(marked.name)
    moved = f" (moved from revision {was})" if was is not None and was != marked.revision else ""
    say(f"round '{marked.name}' is revision {marked.revision} of '{args.name}'{moved}")
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rounds = ctx.store.rounds(args.name)
    if args.json:
        print_json([r.to_json() for r in rounds])
        return 0
    if not rounds:
        say(f"'{args.name}' has no rounds yet; name one with `charter round {args.name} \"Round 1\"`")
    for r in rounds:
        say(f"{r.name:<32} revision {r.revision:<5} {r.time:%Y-%m-%d %H:%M} UTC  {r.author}")
    return 0


def _remove(args: argparse.Namespace, ctx: Context) -> int:
    from charter.negotiation.rounds import find_round

    store = ctx.store
    found = find_round(store.rounds(args.name), args.remove, args.name)
    store.remove_round(args.name, found.name, actor=ctx.actor)
    say(f"removed round '{found.name}' (revision {found.revision} stays)")
    return 0


# -- comparing rounds (`charter diff` and `charter redline`) ----------------------------------


def add_range_options(parser: argparse.ArgumentParser, *, from_required: bool) -> None:
    """Add --from N | --from-round R and --to M | --to-round R to a command that compares two revisions."""
    older = parser.add_mutually_exclusive_group(required=from_required)
    older.add_argument("--from", dest="from_rev", type=int, metavar="N", help="the older revision")
    older.add_argument("--from-round", metavar="ROUND", help='the older revision, by its round ("Round 1")')
    newer = parser.add_mutually_exclusive_group()
    newer.add_argument("--to", dest="to_rev", type=int, metavar="M", help="the newer revision (default: the newest)")
    newer.add_argument("--to-round", metavar="ROUND", help="the newer revision, by its round")


def chosen_range(args: argparse.Namespace, ctx: Context) -> tuple[int | None, int]:
    """Return the older revision (None when neither --from nor --from-round is given) and the newer one.

    Raise NotFoundError naming the draft's rounds when a round is unknown.
    """
    from charter.negotiation.rounds import find_round

    store = ctx.store
    rounds = store.rounds(args.name) if args.from_round or args.to_round else []
    older = find_round(rounds, args.from_round, args.name).revision if args.from_round else args.from_rev
    if args.to_round:
        newer = find_round(rounds, args.to_round, args.name).revision
    else:
        newer = args.to_rev if args.to_rev is not None else store.head(args.name)
    return older, newer
