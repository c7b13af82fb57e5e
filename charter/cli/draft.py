"""`charter draft`: create, edit, show and version drafts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli import history as history_commands
from charter.cli.common import (
    Context,
    add_delegation_option,
    add_write_options,
    author,
    delegation,
    json_text,
    print_json,
    read_text,
    say,
    write_output,
)
from charter.cli.languages import language_names, register_language_commands
from charter.cli.texts import register_text_commands
from charter.textsafety import bidi_warnings

if TYPE_CHECKING:
    from charter.drafting.model import Draft
    from charter.store import SaveResult


def register(commands: Any) -> None:
    """Add the `draft` command group."""
    group = commands.add_parser("draft", help="create, edit and version drafts")
    sub = group.add_subparsers(dest="draft_command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", help="start a draft (revision 1)")
    new.add_argument("name")
    new.add_argument("--party-a", required=True)
    new.add_argument("--party-b", required=True)
    new.add_argument("--party-a-short")
    new.add_argument("--party-b-short")
    new.add_argument("--first", choices=["a", "b"])
    new.add_argument("--title")
    new.add_argument("--place")
    new.add_argument("--date")
    new.add_argument("--languages", help='comma-separated, e.g. "Azerbaijani, English"')
    new.add_argument("--marking", help='header marking such as "RESTRICTED"')
    new.add_argument("--from-set", choices=["standard", "complete"], help="start with a set of library clauses")
    new.add_argument("--author")
    add_delegation_option(new)
    new.add_argument("-m", "--message")
    new.set_defaults(handler=new_draft, needs=Role.EDITOR)

    settings = sub.add_parser("set", help="change the draft's title, parties, place, date or languages")
    settings.add_argument("name")
    for option in (
        "title",
        "party-a",
        "party-b",
        "party-a-short",
        "party-b-short",
        "place",
        "date",
        "languages",
        "marking",
    ):
        settings.add_argument(f"--{option}")
    settings.add_argument("--first", choices=["a", "b"], help="which party is named and signs first (the alternat)")
    settings.add_argument(
        "--binding", choices=["yes", "no"], help="yes: a treaty text; no (the default): a political charter"
    )
    for side, example in (("a", "AZ"), ("b", "US"), ("chair", "Chair")):
        tag_help = f"the tag brackets name delegation {side} by, e.g. {example} ('' for the default)"
        settings.add_argument(f"--tag-{side}", metavar="TAG", help=tag_help)
    add_write_options(settings)
    settings.set_defaults(handler=set_settings, needs=Role.EDITOR)

    section = sub.add_parser("section", help="rename or merge sections")
    section.add_argument("name")
    action = section.add_mutually_exclusive_group(required=True)
    action.add_argument("--rename", nargs=2, metavar=("SECTION", "TITLE"))
    action.add_argument("--merge", nargs=2, metavar=("SECTION", "INTO_SECTION"))
    add_write_options(section)
    section.set_defaults(handler=edit_section, needs=Role.EDITOR)

    copy = sub.add_parser("copy", help="copy a draft with its history")
    copy.add_argument("name")
    copy.add_argument("new_name")
    copy.set_defaults(handler=copy_draft, needs=Role.EDITOR)

    archive = sub.add_parser("archive", help="hide a draft from the list (its history stays)")
    archive.add_argument("name")
    archive.add_argument("--undo", action="store_true", help="bring an archived draft back")
    archive.set_defaults(handler=archive_draft, needs=Role.EDITOR)

    listing = sub.add_parser("list", help="list drafts")
    listing.add_argument("--all", action="store_true", help="include archived drafts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_drafts, needs=Role.VIEWER)

    add = sub.add_parser("add", help="add one or more library clauses (one revision for all)")
    add.add_argument("name")
    add.add_argument("clause_ids", nargs="+", metavar="CLAUSE_ID")
    add.add_argument("--alternative", default="preferred")
    add.add_argument("--section")
    add.add_argument("--position", type=int)
    add_write_options(add)
    add.set_defaults(handler=add_clause, needs=Role.EDITOR)

    custom = sub.add_parser("add-custom", help="add a clause written by hand")
    custom.add_argument("name")
    custom.add_argument("--section", required=True)
    custom.add_argument("--title", required=True)
    custom.add_argument("--area")
    text = custom.add_mutually_exclusive_group(required=True)
    text.add_argument("--text")
    text.add_argument("--file")
    custom.add_argument("--position", type=int)
    add_write_options(custom)
    custom.set_defaults(handler=add_custom, needs=Role.EDITOR)

    register_text_commands(sub)
    register_language_commands(sub)

    alternative = sub.add_parser("use-alternative", help="switch a library clause to another wording")
    alternative.add_argument("name")
    alternative.add_argument("clause")
    alternative.add_argument("label")
    add_write_options(alternative)
    alternative.set_defaults(handler=use_alternative, needs=Role.EDITOR)

    status = sub.add_parser("set-status", help="mark a clause proposed, bracketed or agreed")
    status.add_argument("name")
    status.add_argument("clause")
    status.add_argument("status", choices=["proposed", "bracketed", "agreed"])
    add_write_options(status)
    status.set_defaults(handler=set_status, needs=Role.EDITOR)

    comment = sub.add_parser("comment", help="comment on a clause")
    comment.add_argument("name")
    comment.add_argument("clause")
    comment.add_argument("text")
    add_write_options(comment)
    comment.set_defaults(handler=comment_clause, needs=Role.EDITOR)

    move = sub.add_parser("move", help="move a clause to a position (from 1) in its or another section")
    move.add_argument("name")
    move.add_argument("clause")
    move.add_argument("--to", type=int, required=True, dest="position")
    move.add_argument("--section")
    add_write_options(move)
    move.set_defaults(handler=move_clause, needs=Role.EDITOR)

    remove = sub.add_parser("remove", help="remove a clause")
    remove.add_argument("name")
    remove.add_argument("clause")
    add_write_options(remove)
    remove.set_defaults(handler=remove_clause, needs=Role.EDITOR)

    show = sub.add_parser("show", help="show a revision with variables filled in")
    show.add_argument("name")
    show.add_argument("--rev", type=int)
    show.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    show.add_argument("-o", "--output")
    show.set_defaults(handler=show_draft, needs=Role.VIEWER)

    history_commands.register(sub)


def _save(ctx: Context, args: argparse.Namespace, change: Callable[[Draft], Draft], message: str) -> int:
    result = ctx.store.edit(
        args.name, change, author(args), args.message or message, base=args.base, actor=ctx.actor,
        delegation=delegation(args, ctx),
    )  # fmt: skip
    _report(result)
    return 0


def _report(result: SaveResult) -> None:
    say(result.describe())


def new_draft(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    settings = assemble.make_settings(
        args.party_a,
        args.party_b,
        args.party_a_short,
        args.party_b_short,
        title=args.title,
        place=args.place,
        date=args.date,
        languages=language_names(args.languages),
        first=args.first,
        marking=args.marking,
    )
    draft = assemble.new_draft(args.name, settings)
    if args.from_set:
        from charter.drafting.sets import start_from_set

        draft = start_from_set(draft, ctx.library, args.from_set)
    message = args.message or (f"New draft from the {args.from_set} set" if args.from_set else "New draft")
    draft = ctx.store.create(draft, author(args), message, actor=ctx.actor, delegation=delegation(args, ctx))
    held = f", {len(draft.clauses())} clauses" if args.from_set else ""
    say(f"created draft '{draft.name}' (revision 1{held})")
    return 0


def set_settings(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    changes = {
        "title": args.title,
        "party_a": args.party_a,
        "party_b": args.party_b,
        "party_a_short": args.party_a_short,
        "party_b_short": args.party_b_short,
        "place": args.place,
        "date": args.date,
        "languages": language_names(args.languages),
        "marking": args.marking,
        "first": args.first,
        "binding": None if args.binding is None else args.binding == "yes",
    }
    given = {key: value for key, value in changes.items() if value is not None}
    tags = {side: getattr(args, f"tag_{side}") for side in ("a", "b", "chair")}
    tags = {side: tag for side, tag in tags.items() if tag is not None}
    if not given and not tags:
        raise assemble.DraftError("nothing to change: give at least one option such as --place")

    def change(draft: Draft) -> Draft:
        from charter.drafting.library_translations import update_settings
        from charter.negotiation.delegations import set_tags

        # a language added brings the library's translations, unreviewed
        changed = update_settings(draft, ctx.library, **given)
        return set_tags(changed, tags) if tags else changed

    return _save(ctx, args, change, "Draft settings: " + ", ".join([*given, *(f"tag {side}" for side in tags)]))


def edit_section(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    if args.rename:
        section, title = args.rename
        return _save(ctx, args, lambda d: assemble.rename_section(d, section, title), f"Rename section {section}")
    section, into = args.merge
    return _save(ctx, args, lambda d: assemble.merge_sections(d, section, into), f"Merge section {section} into {into}")


def copy_draft(args: argparse.Namespace, ctx: Context) -> int:
    info = ctx.store.copy(args.name, args.new_name, actor=ctx.actor)
    say(f"copied '{args.name}' to '{info.name}' with {info.head} revision(s)")
    return 0


def archive_draft(args: argparse.Namespace, ctx: Context) -> int:
    ctx.store.archive(args.name, not args.undo, actor=ctx.actor)
    say(f"{'restored' if args.undo else 'archived'} draft '{args.name}'")
    return 0


def list_drafts(args: argparse.Namespace, ctx: Context) -> int:
    drafts = ctx.store.drafts(include_archived=args.all)
    if args.json:
        print_json(
            [
                {"name": d.name, "id": d.id, "head": d.head, "created": d.created.isoformat(), "archived": d.archived}
                for d in drafts
            ]
        )
        return 0
    for d in drafts:
        flag = "  (archived)" if d.archived else ""
        say(f"{d.name:<32} revision {d.head:<5} created {d.created:%Y-%m-%d}{flag}")
    return 0


def add_clause(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    library = ctx.library
    added: list[str] = []

    def change(draft: Draft) -> Draft:
        added.clear()
        for offset, library_id in enumerate(args.clause_ids):
            position = args.position + offset if args.position is not None else None
            draft, clause = assemble.add_clause(draft, library, library_id, args.alternative, args.section, position)
            added.append(clause.id)
        return draft

    message = args.message or f"Add {', '.join(args.clause_ids)}"
    result = ctx.store.edit(
        args.name, change, author(args), message, base=args.base, actor=ctx.actor, delegation=delegation(args, ctx)
    )
    for clause_id in added:
        say(f"added clause {clause_id}")
    _report(result)
    return 0


def add_custom(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    text = read_text(args)
    added: list[str] = []

    def change(draft: Draft) -> Draft:
        new, clause = assemble.add_custom(draft, args.section, args.title, text, args.position, args.area)
        added.append(clause.id)
        return new

    result = ctx.store.edit(
        args.name, change, author(args), args.message or f"Add clause '{args.title}'", base=args.base, actor=ctx.actor,
        delegation=delegation(args, ctx),
    )  # fmt: skip
    say(f"added clause {added[-1]}")
    _warn_bidi(text, added[-1])
    _report(result)
    return 0


def _warn_bidi(text: str, clause: str) -> None:
    for warning in bidi_warnings(text, f"clause {clause}"):
        say(f"warning: {warning}", err=True)


def _clause_change(args: argparse.Namespace, ctx: Context, apply: Callable[[Draft, str], Draft], message: str) -> int:
    from charter.drafting import assemble

    return _save(ctx, args, lambda d: apply(d, assemble.resolve_clause(d, args.clause)), message)


def use_alternative(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    library = ctx.library
    return _clause_change(
        args,
        ctx,
        lambda d, cid: assemble.use_alternative(d, library, cid, args.label),
        f"Use the {args.label} wording for clause {args.clause}",
    )


def set_status(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    return _clause_change(
        args, ctx, lambda d, cid: assemble.set_status(d, cid, args.status), f"Mark clause {args.clause} {args.status}"
    )


def comment_clause(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    who = ctx.who(args)
    return _clause_change(
        args, ctx, lambda d, cid: assemble.add_comment(d, cid, who, args.text), f"Comment on clause {args.clause}"
    )


def move_clause(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    return _clause_change(
        args,
        ctx,
        lambda d, cid: assemble.move(d, cid, args.position, args.section),
        f"Move clause {args.clause} to position {args.position}",
    )


def remove_clause(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting import assemble

    return _clause_change(args, ctx, assemble.remove, f"Remove clause {args.clause}")


def show_draft(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting.render import render_draft, to_json, to_markdown, to_text

    view = render_draft(ctx.store.load(args.name, args.rev))
    if args.format == "json":
        write_output(json_text(to_json(view)), args.output)
    elif args.format == "markdown":
        write_output(to_markdown(view), args.output)
    else:
        write_output(to_text(view), args.output)
    return 0
