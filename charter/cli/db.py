"""`charter db`: the database itself: upgrade, copy to another database, check, back up."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from charter.cli.common import Context, print_json


def register(commands: Any) -> None:
    """Add the `db` command group."""
    group = commands.add_parser("db", help="upgrade, copy, check or back up the database")
    sub = group.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    migrate = sub.add_parser("migrate", help="bring the database to the current schema (opening it does this too)")
    migrate.set_defaults(handler=migrate_db)
    copy = sub.add_parser("copy", help="copy every draft, revision, user and audit entry into an empty database")
    copy.add_argument("target", help="the empty target: a SQLite file or a postgresql:// URL")
    copy.set_defaults(handler=copy_db)
    check = sub.add_parser("check", help="check the database and read every revision of every draft")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=check_db)
    backup = sub.add_parser("backup", help="write a consistent copy of a SQLite database to FILE (safe while in use)")
    backup.add_argument("file")
    backup.set_defaults(handler=backup_db)


def _admin(ctx: Context) -> None:
    from charter.access.roles import Role, require

    require(ctx.actor, Role.ADMIN, "manage the database")


def migrate_db(args: argparse.Namespace, ctx: Context) -> int:
    from charter.store.maintenance import schema_version

    _admin(ctx)
    print(f"{ctx.store.location}: schema version {schema_version(ctx.store)}")
    return 0


def copy_db(args: argparse.Namespace, ctx: Context) -> int:
    from charter.store import Store
    from charter.store.maintenance import copy_store

    _admin(ctx)
    target = Store(args.target)
    counts = copy_store(ctx.store, target)
    rows = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(f"copied {ctx.store.location} to {target.location}: {rows}")
    return 0


def check_db(args: argparse.Namespace, ctx: Context) -> int:
    from charter.store.maintenance import check_store

    _admin(ctx)
    report = check_store(ctx.store)
    if args.json:
        print_json({"counts": report.counts, "revisions_read": report.revisions_read, "problems": report.problems})
    else:
        rows = ", ".join(f"{count} {table}" for table, count in report.counts.items())
        print(f"{ctx.store.location}: {rows}; read {report.revisions_read} revisions")
        for problem in report.problems:
            print(f"problem: {problem}")
        if not report.problems:
            print("no problems found")
    return 2 if report.problems else 0


def backup_db(args: argparse.Namespace, ctx: Context) -> int:
    from charter.store.maintenance import backup_store

    _admin(ctx)
    backup_store(ctx.store, Path(args.file))
    print(f"backed up {ctx.store.location} to {args.file}")
    return 0
