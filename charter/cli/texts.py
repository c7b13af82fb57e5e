"""`charter draft set-text` and `charter draft confirm`: a clause's text, in the working language or another."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import Context, add_write_options, read_text, say

if TYPE_CHECKING:
    from charter.drafting.model import Draft


def register_text_commands(sub: Any) -> None:
    """Add `set-text` and `confirm` to the `draft` command group."""
    set_text = sub.add_parser("set-text", help="replace a clause's text")
    set_text.add_argument("name")
    set_text.add_argument("clause")
    text = set_text.add_mutually_exclusive_group(required=True)
    text.add_argument("--text")
    text.add_argument("--file")
    set_text.add_argument("--lang", help="the language of the text (default: the draft's working language)")
    set_text.add_argument("--title", help="with --lang: the clause's title in that language")
    set_text.add_argument("--confirm", action="store_true", help="with --lang: confirm it against the working text")
    add_write_options(set_text)
    set_text.set_defaults(handler=set_clause_text, needs=Role.EDITOR)

    confirm = sub.add_parser("confirm", help="confirm a clause's translation against the working text as it is now")
    confirm.add_argument("name")
    confirm.add_argument("clause")
    confirm.add_argument("--lang", required=True, help="the language whose version is confirmed")
    add_write_options(confirm)
    confirm.set_defaults(handler=confirm_translation, needs=Role.EDITOR)


def confirm_translation(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import versions
    from charter.cli import draft as draft_commands

    return draft_commands._clause_change(
        args, ctx, lambda d, cid: versions.confirm(d, cid, args.lang), f"Confirm the {args.lang} text of {args.clause}"
    )


def set_clause_text(args: argparse.Namespace, ctx: Context) -> int:
    from charter.cli import draft as draft_commands
    from charter.drafting import assemble

    if not args.lang and (args.title is not None or args.confirm):
        from charter.errors import DraftError

        given = "--title" if args.title is not None else "--confirm"
        raise DraftError(
            f"{given} goes with --lang: it sets or confirms a clause's version in another language, "
            "not the working text"
        )
    text = read_text(args)
    draft_commands._warn_bidi(text, args.clause)
    if args.lang:
        from charter.bilingual import versions

        def change_version(draft: Draft, clause_id: str) -> Draft:
            changed, warnings = versions.set_version_checked(
                draft, clause_id, args.lang, text, args.title, confirm=args.confirm
            )
            for warning in warnings:
                say(f"charter: warning: {warning}", err=True)
            return changed

        message = f"Edit the {args.lang} text of clause {args.clause}"
        return draft_commands._clause_change(args, ctx, change_version, message)

    def change(draft: Draft, clause_id: str) -> Draft:
        changed, warnings = assemble.set_text_checked(draft, clause_id, text)
        for warning in warnings:
            say(f"charter: warning: {warning}", err=True)
        return changed

    return draft_commands._clause_change(args, ctx, change, f"Edit clause {args.clause}")
