"""`charter library`: list, show and check clauses."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import Context, print_json, say

if TYPE_CHECKING:
    from charter.drafting.model import Clause


def register(commands: Any) -> None:
    """Add the `library` command group."""
    group = commands.add_parser("library", help="browse and check the clause library")
    sub = group.add_subparsers(dest="library_command", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", help="list clauses")
    listing.add_argument("--area")
    listing.add_argument("--search")
    listing.add_argument("--tag")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_clauses, needs=Role.VIEWER)
    show = sub.add_parser("show", help="show one clause and its alternatives")
    show.add_argument("clause_id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_clause, needs=Role.VIEWER)
    check = sub.add_parser("check", help="validate a clause library folder")
    check.add_argument("directory", nargs="?")
    check.set_defaults(handler=check_library, needs=Role.VIEWER)


def clause_json(clause: Clause) -> dict[str, Any]:
    """Return a library clause in the stable JSON shape."""
    return {
        "id": clause.id,
        "area": clause.area,
        "title": clause.title,
        "text": clause.text,
        "tags": list(clause.tags),
        "alternatives": [{"label": alt.label, "text": alt.text} for alt in clause.alternatives],
        "notes": clause.notes,
    }


def list_clauses(args: argparse.Namespace, ctx: Context) -> int:
    found = ctx.library.search(args.search, args.area, args.tag)
    if args.json:
        print_json([clause_json(c) for c in found])
        return 0
    for clause in found:
        alternatives = f"  (+{len(clause.alternatives)} alt)" if clause.alternatives else ""
        say(f"{clause.id:<42} {clause.title}{alternatives}")
    return 0


def show_clause(args: argparse.Namespace, ctx: Context) -> int:
    clause = ctx.library.get(args.clause_id)
    if args.json:
        print_json(clause_json(clause))
        return 0
    say(f"{clause.id}  [{clause.area}]  {clause.title}")
    say(f"tags: {', '.join(clause.tags)}")
    for label in clause.labels:
        say()
        say(f"{label}:")
        say(f"  {clause.wording(label)}", multiline=True)
    if clause.notes:
        say()
        say(f"notes: {clause.notes}", multiline=True)
    return 0


def check_library(args: argparse.Namespace, ctx: Context) -> int:
    from charter.library import load_library

    library = load_library(args.directory or ctx.library_dir)
    areas = ", ".join(f"{area} {len(library.search(area=area))}" for area in library.areas())
    say(f"ok: {len(library)} clauses ({areas})")
    return 0
