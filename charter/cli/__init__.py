"""The `charter` command: parses arguments and turns CharterError into one clear line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from charter.cli import diff as diff_commands
from charter.cli import draft as draft_commands
from charter.cli import imports as import_commands
from charter.cli import library as library_commands
from charter.cli import serve as serve_commands
from charter.cli import user as user_commands
from charter.cli import word as word_commands
from charter.cli.common import Context, check_message, say
from charter.errors import CharterError, ConflictError


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every `charter` command."""
    parser = argparse.ArgumentParser(
        prog="charter", description="Draft, version and compare strategic partnership charters."
    )
    parser.add_argument("--db", help="SQLite database file (default: $CHARTER_DB or the embedded database)")
    parser.add_argument("--library", help="clause library folder (default: the bundled clauses/)")
    parser.add_argument(
        "--user", help="act as this user, with their role and areas (password from $CHARTER_PASSWORD or asked)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    library_commands.register(commands)
    draft_commands.register(commands)
    diff_commands.register(commands)
    word_commands.register(commands)
    import_commands.register(commands)
    serve_commands.register(commands)
    user_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(db=args.db or os.environ.get("CHARTER_DB"), library_dir=args.library, user=args.user)
    try:
        # the store should check authors and messages itself (charter.textsafety); until then, here
        check_message(args)
        context.authorize(args)
        return int(args.handler(args, context) or 0)
    except ConflictError as err:
        say(f"charter: conflict: {err}", multiline=True, err=True)
        return err.exit_code
    except CharterError as err:
        say(f"charter: {err}", err=True)
        return err.exit_code
    except BrokenPipeError:
        return 0
