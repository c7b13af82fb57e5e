"""`charter draft translate` and `charter draft alternat`: a draft's own words and alternat in its other languages."""

from __future__ import annotations

import argparse
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, add_write_options


def register_language_commands(sub: Any) -> None:
    """Add `translate` and `alternat` to the `draft` command group."""
    translate = sub.add_parser(
        "translate",
        help="give the draft's title, a formula, the heading pattern or a section title in another language",
    )
    translate.add_argument("name")
    translate.add_argument(
        "part", help="title, chapeau, lead-in, closing, heading, preamble-heading, or a SECTION (id, numeral or title)"
    )
    translate.add_argument("--lang", required=True, help="the language of the text (az, ...)")
    text = translate.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the part in that language")
    text.add_argument("--clear", action="store_true", help="take the given text away (the standard formula again)")
    add_write_options(translate)
    translate.set_defaults(handler=translate_part, needs=Role.EDITOR)

    alternat = sub.add_parser("alternat", help="say which Participant the original in a language names first")
    alternat.add_argument("name")
    alternat.add_argument("--lang", required=True, help="the language of the original (az, ...)")
    alternat.add_argument(
        "--first", required=True, choices=["a", "b"], help="the Participant named first, signing left"
    )
    add_write_options(alternat)
    alternat.set_defaults(handler=set_alternat, needs=Role.EDITOR)


def translate_part(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import parts
    from charter.cli import draft as draft_commands

    text = None if args.clear else args.text
    message = f"{'Clear' if args.clear else 'Give'} the {args.lang} {args.part}"
    return draft_commands._save(ctx, args, lambda d: parts.set_part(d, args.part, args.lang, text), message)


def set_alternat(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import parts
    from charter.cli import draft as draft_commands

    message = f"The {args.lang} original names Participant {args.first} first"
    return draft_commands._save(ctx, args, lambda d: parts.set_original_first(d, args.lang, args.first), message)
