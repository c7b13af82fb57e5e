"""`charter user` and `charter audit`: manage users and read the audit log."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import DELEGATIONS, Context, print_json, say
from charter.errors import CharterError

if TYPE_CHECKING:
    pass


def register(commands: Any) -> None:
    """Add the `user` command group and the `audit` command."""
    group = commands.add_parser("user", help="manage the users who may sign in to the app")
    sub = group.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    add = sub.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", choices=["viewer", "editor", "admin"], required=True)
    add.add_argument("--areas", help="limit an editor to these areas, e.g. energy,transit")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--email", help="the organisational e-mail address this user signs in with (OpenID Connect)")
    add.add_argument(
        "--no-password", action="store_true", help="no password: this user signs in only through their organisation"
    )
    add.add_argument("--delegation", choices=DELEGATIONS, help="the delegation the user belongs to: a, b or chair")
    add.set_defaults(handler=add_user, needs=Role.ADMIN)
    change = sub.add_parser("set", help="change the delegation a user belongs to")
    change.add_argument("name")
    change.add_argument(
        "--delegation", choices=[*DELEGATIONS, "none"], required=True, help="a or b (the parties), chair, or none"
    )
    change.set_defaults(handler=set_user, needs=Role.ADMIN)
    link = sub.add_parser("link", help="set or clear the organisational e-mail address a user signs in with")
    link.add_argument("name")
    which = link.add_mutually_exclusive_group(required=True)
    which.add_argument("--email", help="the address, as the organisation's sign-in reports it")
    which.add_argument("--none", action="store_true", help="remove the address (organisational sign-in ends)")
    link.set_defaults(handler=link_user, needs=Role.ADMIN)
    passwd = sub.add_parser("passwd", help="set a user's password")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    # any user may change their own password; accounts.set_password refuses anyone else's to non-admins
    passwd.set_defaults(handler=change_password, needs=Role.VIEWER)
    remove = sub.add_parser("remove", help="remove a user (their revisions stay)")
    remove.add_argument("name")
    remove.set_defaults(handler=remove_user, needs=Role.ADMIN)
    unlock = sub.add_parser("unlock", help="clear a user's failed sign-ins and lockout")
    unlock.add_argument("name")
    unlock.set_defaults(handler=unlock_user, needs=Role.ADMIN)
    listing = sub.add_parser("list", help="list users")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_users, needs=Role.ADMIN)
    audit = commands.add_parser("audit", help="show the audit log")
    audit.add_argument("--json", action="store_true")
    audit.add_argument("--last", type=int, help="only the last N entries")
    audit.set_defaults(handler=show_audit, needs=Role.ADMIN)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CharterError("no terminal to ask for a password; use --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat: ") != first:
        raise CharterError("the passwords do not match")
    return first


def add_user(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    if args.no_password and args.password_stdin:
        raise CharterError("--no-password and --password-stdin exclude each other")
    password = None if args.no_password else _password(args)
    user = accounts.add_user(
        ctx.store, args.name, args.role, password, args.areas or (), by=ctx.actor, email=args.email,
        delegation=args.delegation,
    )  # fmt: skip
    linked = f", signing in as {accounts.check_email(args.email)}" if args.email else ""
    say(f"added {user.describe()}{_delegation_note(user.delegation)}{linked}")
    return 0


def _delegation_note(delegation: str | None) -> str:
    return f", delegation {delegation}" if delegation else ""


def set_user(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts
    delegation = None if args.delegation == "none" else args.delegation
    accounts.set_delegation(ctx.store, args.name, delegation, by=ctx.actor)
    say(f"'{args.name}' belongs to " + (f"delegation {delegation}" if delegation else "no delegation"))
    return 0


def link_user(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    accounts.link_email(ctx.store, args.name, None if args.none else args.email, by=ctx.actor)
    if args.none:
        say(f"'{args.name}' no longer signs in through their organisation")
    else:
        say(f"'{args.name}' signs in through their organisation as {accounts.check_email(args.email)}")
    return 0


def change_password(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    accounts.set_password(ctx.store, args.name, _password(args), by=ctx.actor)
    say(f"changed the password of '{args.name}'")
    return 0


def remove_user(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    accounts.remove_user(ctx.store, args.name, by=ctx.actor)
    say(f"removed '{args.name}'")
    return 0


def unlock_user(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    accounts.unlock_user(ctx.store, args.name, by=ctx.actor)
    say(f"unlocked '{args.name}'")
    return 0


def list_users(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    found = accounts.users(ctx.store)
    emails = accounts.emails(ctx.store)
    if args.json:
        print_json(
            [
                {
                    "name": u.name,
                    "role": u.role.value,
                    "areas": list(u.areas),
                    "email": emails.get(u.name),
                    "delegation": u.delegation,
                }
                for u in found
            ]
        )
    else:
        for user in found:
            linked = f"  {emails[user.name]}" if user.name in emails else ""
            delegation = f"  delegation {user.delegation}" if user.delegation else ""
            say(f"{user.describe()}{delegation}{linked}")
    return 0


def show_audit(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access import accounts

    entries = accounts.audit_log(ctx.store, args.last)
    if args.json:
        print_json([entry.to_json() for entry in entries])
        return 0
    for entry in entries:
        detail = f"  {entry.detail}" if entry.detail else ""
        say(f"{entry.time:%Y-%m-%d %H:%M:%S} UTC  {entry.user:<20} {entry.action:<14} {entry.target}{detail}")
    return 0
