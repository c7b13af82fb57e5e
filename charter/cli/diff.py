"""`charter diff`: compare two revisions, or a revision with the library."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import Context, write_output
from charter.cli.round import add_range_options, chosen_range
from charter.errors import CharterError
from charter.textsafety import escape_json_text

if TYPE_CHECKING:
    pass


def register(commands: Any) -> None:
    """Add the `diff` command."""
    diff = commands.add_parser("diff", help="compare two revisions, or a revision with the library")
    diff.add_argument("name")
    add_range_options(diff, from_required=False)
    diff.add_argument("--rev", type=int, help="with --against-library: the revision to check (default: the head)")
    diff.add_argument("--against-library", action="store_true", help="compare with the library wording")
    diff.add_argument("--format", choices=["text", "html", "json"], default="text")
    diff.add_argument("--all", action="store_true", help="include unchanged clauses in text and HTML")
    diff.add_argument("-o", "--output", help="write to FILE instead of standard output")
    diff.set_defaults(handler=run_diff, needs=Role.VIEWER)


def run_diff(args: argparse.Namespace, ctx: Context) -> int:
    from charter.compare import report
    from charter.compare.diff import compare, compare_with_library

    store = ctx.store
    if args.against_library:
        comparison = compare_with_library(store.load(args.name, args.rev), ctx.library)
    else:
        if args.from_rev is None and args.from_round is None:
            raise CharterError(
                "give --from N or --from-round ROUND (and optionally --to M or --to-round ROUND), or --against-library"
            )
        from_rev, to_rev = chosen_range(args, ctx)
        comparison = compare(store.load(args.name, from_rev), store.load(args.name, to_rev))
    if args.format == "json":
        text = escape_json_text(report.to_json_text(comparison))
    elif args.format == "html":
        text = report.to_html(comparison, changed_only=not args.all, standalone=True)
    else:
        text = report.to_text(comparison, changed_only=not args.all)
    write_output(text, args.output)
    return 0
