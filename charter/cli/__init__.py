"""The `charter` command: parses arguments and turns CharterError into one clear line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from charter.cli import check as check_commands
from charter.cli import db as db_commands
from charter.cli import diff as diff_commands
from charter.cli import draft as draft_commands
from charter.cli import imports as import_commands
from charter.cli import library as library_commands
from charter.cli import negotiate as negotiate_commands
from charter.cli import review as review_commands
from charter.cli import round as round_commands
from charter.cli import serve as serve_commands
from charter.cli import user as user_commands
from charter.cli import word as word_commands
from charter.cli.common import Context, check_message, say
from charter.errors import CharterError, ConflictError
from charter.textsafety import escape_controls


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors show control and bidi characters as escapes.

    argparse quotes what was typed in its errors (an unknown option, a wrong value), and a value
    holding an escape sequence could otherwise retitle the window or clear the screen.
    Subcommand parsers are made from the same class.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {escape_controls(message)}\n")


class _Outline:
    """Stands in for the parsers of commands not being run: takes their arguments and keeps nothing.

    argparse spends most of `charter`'s start-up building parsers; only the command being run
    (or every command, for `build_parser()` without `only`) needs its options.
    """

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


class _Commands:
    """The top-level subparsers, building in full only the command named `only` (all when None)."""

    def __init__(self, real: Any, only: str | None) -> None:
        self.real, self.only = real, only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        parser = self.real.add_parser(name, **kwargs)
        return parser if self.only is None or name == self.only else _Outline()


def _command_word(argv: Sequence[str]) -> str | None:
    """Return the command named in argv (the first word that is not a global option or its value)."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--library", "--user"):
            next(words, None)
        elif not word.startswith("-"):
            return word
        elif word in ("-h", "--help"):
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the parser for every `charter` command (or, with `only`, the one being run in full)."""
    parser = _Parser(prog="charter", description="Draft, version and compare strategic partnership charters.")
    parser.add_argument(
        "--db", help="SQLite database file or postgresql:// URL (default: $CHARTER_DB or the embedded database)"
    )
    parser.add_argument("--library", help="clause library folder (default: the bundled clauses/)")
    parser.add_argument(
        "--user", help="act as this user, with their role and areas (password from $CHARTER_PASSWORD or asked)"
    )
    commands: Any = _Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"), only)
    library_commands.register(commands)
    draft_commands.register(commands)
    negotiate_commands.register(commands)
    diff_commands.register(commands)
    check_commands.register(commands)
    word_commands.register(commands)
    import_commands.register(commands)
    review_commands.register(commands)
    round_commands.register(commands)
    serve_commands.register(commands)
    user_commands.register(commands)
    db_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = _command_word(words)
    parser = build_parser(only=command or "")
    args = parser.parse_args(words)
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
