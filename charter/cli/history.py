"""`charter draft log` and `charter draft restore`: a draft's revisions, by round, and bringing one back."""

from __future__ import annotations

import argparse
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, add_delegation_option, author, delegation, print_json, say


def register(sub: Any) -> None:
    """Add `log` and `restore` to the `draft` command group."""
    log = sub.add_parser("log", help="list a draft's revisions (newest first, under each round)")
    log.add_argument("name")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=log_draft, needs=Role.VIEWER)

    restore = sub.add_parser("restore", help="save an old revision again as the newest")
    restore.add_argument("name")
    restore.add_argument("rev", type=int)
    restore.add_argument("--author")
    add_delegation_option(restore)
    restore.add_argument("-m", "--message")
    restore.set_defaults(handler=restore_draft, needs=Role.EDITOR)


def log_draft(args: argparse.Namespace, ctx: Context) -> int:
    from charter.negotiation.brackets import names
    from charter.negotiation.rounds import group_by_round, rounds_at

    store = ctx.store
    history = store.history(args.name)
    rounds = store.rounds(args.name)
    # revisions are shown with their delegation's name as the draft names it now
    shown = names(store.load(args.name).settings) if any(info.delegation for info in history) else {}
    if args.json:
        print_json(
            [
                {
                    **info.to_json(),
                    "delegation_name": shown.get(info.delegation or ""),
                    "rounds": rounds_at(info.revision, rounds),
                }
                for info in history
            ]
        )
        return 0
    groups = group_by_round(history, rounds)
    for group in reversed(groups):
        if rounds:
            say(f"== {group.title} ==")
        for info in reversed(group.revisions):
            merged = f"  (based on {info.base}, merged)" if info.merged else ""
            name = shown.get(info.delegation or "")
            who = f"{info.author} ({name})" if name else info.author
            say(f"r{info.revision:<4} {info.time:%Y-%m-%d %H:%M} UTC  {who:<24} {info.message}{merged}")
    return 0


def restore_draft(args: argparse.Namespace, ctx: Context) -> int:
    result = ctx.store.restore(
        args.name, args.rev, author(args), args.message, actor=ctx.actor, delegation=delegation(args, ctx)
    )
    say(result.describe())
    return 0
