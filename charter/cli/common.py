"""What every command needs: the store, the library, the author, and output helpers."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter.errors import CharterError
from charter.textsafety import check_text, escape_controls, escape_json_text

if TYPE_CHECKING:
    from charter.access.roles import User
    from charter.library import Library
    from charter.store import Store


#: The delegations, as `charter.drafting.model.DELEGATIONS` names them (repeated here so that
#: building the parser does not load pydantic; a test keeps the two equal).
DELEGATIONS = ("a", "b", "chair")


@dataclass
class Context:
    """Lazily opened store and library for one command run."""

    db: str | None = None
    library_dir: str | None = None
    user: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _library: Library | None = field(default=None, repr=False)
    _actor: User | None = field(default=None, repr=False)

    @property
    def actor(self) -> User | None:
        """Return the user named by --user, signed in with $CHARTER_PASSWORD; None for the local owner."""
        from charter.access.accounts import sign_in

        if self.user is None:
            return None
        if self._actor is None:
            password = os.environ.get("CHARTER_PASSWORD")
            if password is None:
                if not sys.stdin.isatty():
                    raise CharterError("--user needs the password in $CHARTER_PASSWORD or a terminal to ask")
                password = getpass.getpass(f"Password for {self.user}: ")
            self._actor = sign_in(self.store, self.user, password)
        return self._actor

    def who(self, args: argparse.Namespace) -> str:
        """Return the name to record as acting: the signed-in --user, else --author or its defaults."""
        actor = self.actor
        return actor.name if actor is not None else author(args)

    def authorize(self, args: argparse.Namespace) -> None:
        """With --user, sign in and check the role the command needs; raise PermissionDenied (exit 4) otherwise.

        Every command declares the Role it `needs`; one that does not needs an admin.
        """
        from charter.access.roles import Role, require

        if self.user is None:
            return
        require(self.actor, getattr(args, "needs", Role.ADMIN), f"run `{command_name(args)}`")

    @property
    def store(self) -> Store:
        from charter.store import Store

        if self._store is None:
            self._store = Store(self.db)
        return self._store

    @property
    def library(self) -> Library:
        from charter.library import load_library

        if self._library is None:
            self._library = load_library(self.library_dir)
        return self._library


def command_name(args: argparse.Namespace) -> str:
    """Return the command as typed, e.g. 'charter user add'."""
    words = ["charter", args.command]
    sub = getattr(args, f"{args.command}_command", None)
    return " ".join([*words, sub] if sub else words)


def author(args: argparse.Namespace) -> str:
    """Return the author to record: --author, then $CHARTER_AUTHOR, then the login name.

    Raise UnsafeTextError when it holds a control character: the store records it on every revision.
    """
    given = getattr(args, "author", None) or os.environ.get("CHARTER_AUTHOR")
    if not given:
        try:
            given = getpass.getuser()
        except (KeyError, OSError):
            given = "unknown"
    return check_text(str(given), "author name")


def check_message(args: argparse.Namespace) -> None:
    """Raise UnsafeTextError when -m holds a control character other than tab and newline."""
    message = getattr(args, "message", None)
    if message:
        check_text(message, "save message", multiline=True)


def add_write_options(parser: argparse.ArgumentParser) -> None:
    """Add --base, --author, --delegation and -m to a command that saves a revision."""
    parser.add_argument("--base", type=int, help="revision the change is based on (default: the head)")
    parser.add_argument("--author", help="who makes the change (default: $CHARTER_AUTHOR or the login name)")
    add_delegation_option(parser)
    parser.add_argument("-m", "--message", help="what the change is for")


def add_delegation_option(parser: argparse.ArgumentParser) -> None:
    """Add --delegation to a command that saves: the delegation its revision records."""
    parser.add_argument(
        "--delegation",
        choices=DELEGATIONS,
        help="the delegation the author speaks for: a or b (the draft's parties) or chair "
        "(default: a signed-in user's own, else none)",
    )


def delegation(args: argparse.Namespace, ctx: Context) -> str | None:
    """Return the delegation a save records: --delegation, or None for a signed-in user's own (or none).

    Raise PermissionDenied when a signed-in user names a delegation other than their own: the
    store knows which delegation each user belongs to.
    """
    from charter.errors import PermissionDenied

    given: str | None = getattr(args, "delegation", None)
    actor = ctx.actor
    if given and actor is not None and actor.delegation != given:
        belongs = f"delegation {actor.delegation}" if actor.delegation else "no delegation"
        raise PermissionDenied(f"{actor.name} belongs to {belongs} and may not save for delegation {given}")
    return given


def read_text(args: argparse.Namespace) -> str:
    """Return --text, or the contents of --file ('-' for standard input)."""
    if getattr(args, "text", None) is not None:
        return str(args.text)
    path = args.file
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CharterError(f"{path}: cannot read the text: {err}") from None


def say(text: str = "", *, multiline: bool = False, err: bool = False, flush: bool = False) -> None:
    """Print a line (or, with `multiline`, a block) with control and bidi characters shown as escapes.

    Every print of user text goes through here, so that no author, message or title can move the
    cursor, clear the screen, retitle the window or reorder what the terminal shows.
    """
    print(escape_controls(text, multiline=multiline), file=sys.stderr if err else sys.stdout, flush=flush)


def json_text(data: Any) -> str:
    """Return data as stable, indented JSON, with C1 and bidi characters written as \\u escapes."""
    from charter.drafting.render import dumps

    return escape_json_text(dumps(data))


def print_json(data: Any) -> None:
    """Print data as stable, indented JSON."""
    print(json_text(data))


def write_output(text: str, path: str | None) -> None:
    """Print text with control characters escaped, or write it unchanged to `path` when given."""
    if path:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as err:
            raise CharterError(f"{path}: cannot write: {err}") from None
    else:
        say(text.removesuffix("\n"), multiline=True)
