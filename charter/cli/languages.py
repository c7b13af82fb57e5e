"""`charter draft translate`, `alternat`, `localize`, `glossary`, `working-language`: a draft's languages."""

from __future__ import annotations

import argparse
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, add_write_options, say


def language_names(value: str | None) -> tuple[str, ...] | None:
    """Return the names of a comma-separated --languages value, warning of any charter does not know."""
    from charter.bilingual.versions import unknown_languages

    if value is None:
        return None
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    for warning in unknown_languages(names):
        say(f"charter: warning: {warning}", err=True)
    return names


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

    localize = sub.add_parser(
        "localize", help="give the party names, place, date or languages phrase in another language, or list them"
    )
    localize.add_argument("name")
    localize.add_argument("lang", metavar="LANG", help="the language of the values (az, ...)")
    localize.add_argument(
        "values",
        nargs="*",
        metavar="VARIABLE=VALUE",
        help='e.g. party_a="Azərbaycan Respublikası" place=Bakı; VARIABLE= takes a value away; none: list them',
    )
    add_write_options(localize)
    localize.set_defaults(handler=localize_values, needs=Role.VIEWER)  # listing; a save checks for an editor

    working = sub.add_parser(
        "working-language", help="say which of the draft's languages its clause texts are written in"
    )
    working.add_argument("name")
    working.add_argument("lang", metavar="LANG", help="one of the draft's languages (az, en, ...)")
    add_write_options(working)
    working.set_defaults(handler=set_working, needs=Role.EDITOR)

    glossary = sub.add_parser("glossary", help="list, add or remove the draft's terms and their agreed translations")
    glossary.add_argument("name")
    action = glossary.add_mutually_exclusive_group()
    action.add_argument(
        "--add",
        nargs=2,
        metavar=("TERM", "TRANSLATION"),
        help="a working-language term or acronym and its agreed translation in --lang, e.g. SOFAZ ARDNF",
    )
    action.add_argument("--remove", metavar="TERM", help="take a term away (with --lang: only that translation)")
    glossary.add_argument("--lang", help="the language of the translation (az, ...)")
    add_write_options(glossary)
    glossary.set_defaults(handler=edit_glossary, needs=Role.VIEWER)  # listing; a save checks for an editor


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


def localize_values(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import values
    from charter.cli import draft as draft_commands

    if not args.values:
        draft = ctx.store.load(args.name, None)
        for value in values.values(draft, args.lang):
            shown = value.given if value.given is not None else "(not given: shown in the working words, marked)"
            say(f"{value.name:<14} {value.working}  ->  {shown}")
        return 0
    changes = values.parse_assignments(args.values)
    message = f"The {args.lang} values of " + ", ".join(changes)
    return draft_commands._save(ctx, args, lambda d: values.set_values(d, args.lang, changes), message)


def edit_glossary(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import values
    from charter.cli import draft as draft_commands
    from charter.errors import DraftError

    if args.add is not None:
        if not args.lang:
            raise DraftError("--add TERM TRANSLATION needs the language: --lang az --add SOFAZ ARDNF")
        term, translation = args.add
        change = lambda d: values.add_term(d, term, args.lang, translation)  # noqa: E731
        return draft_commands._save(ctx, args, change, f"Glossary: {term} in {args.lang}")
    if args.remove is not None:
        change = lambda d: values.remove_term(d, args.remove, args.lang)  # noqa: E731
        return draft_commands._save(ctx, args, change, f"Glossary: {args.remove} taken away")
    table = values.glossary(ctx.store.load(args.name, None))
    if not table:
        say(f"the glossary of draft '{args.name}' is empty")
    for term, translations in table.items():
        say(f"{term}: " + ", ".join(f"{code} {text}" for code, text in translations.items()))
    return 0


def set_working(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import versions
    from charter.cli import draft as draft_commands

    message = f"The clause texts are in {args.lang}: the working language"
    return draft_commands._save(ctx, args, lambda d: versions.set_working_language(d, args.lang), message)
