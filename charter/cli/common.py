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

if TYPE_CHECKING:
    from charter.access.roles import User
    from charter.library import Library
    from charter.store import Store


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


def author(args: argparse.Namespace) -> str:
    """Return the author to record: --author, then $CHARTER_AUTHOR, then the login name."""
    given = getattr(args, "author", None) or os.environ.get("CHARTER_AUTHOR")
    if given:
        return str(given)
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def add_write_options(parser: argparse.ArgumentParser) -> None:
    """Add --base, --author and -m to a command that saves a revision."""
    parser.add_argument("--base", type=int, help="revision the change is based on (default: the head)")
    parser.add_argument("--author", help="who makes the change (default: $CHARTER_AUTHOR or the login name)")
    parser.add_argument("-m", "--message", help="what the change is for")


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


def print_json(data: Any) -> None:
    """Print data as stable, indented JSON."""
    from charter.drafting.render import dumps
    print(dumps(data))


def write_output(text: str, path: str | None) -> None:
    """Print text, or write it to `path` when given."""
    if path:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as err:
            raise CharterError(f"{path}: cannot write: {err}") from None
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
