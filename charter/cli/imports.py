"""`charter import` and `charter import-new`: bring .docx files back as revisions or drafts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import Context, add_delegation_option, author, delegation, print_json, say
from charter.errors import WordError

if TYPE_CHECKING:
    pass


def register(commands: Any) -> None:
    """Add the import commands."""
    imported = commands.add_parser("import", help="read an edited Word file (.docx) back as a new revision")
    imported.add_argument("name", help="draft name")
    imported.add_argument("file", metavar="FILE.docx", help="the edited Word file")
    imported.add_argument(
        "--tracked",
        choices=["accept", "reject"],
        default="accept",
        help="read tracked changes as if all were accepted (default) or rejected",
    )
    imported.add_argument(
        "--counterpart",
        choices=["a", "b", "chair"],
        help="the delegation the file comes from, to whom brackets typed without a tag are attributed "
        "(default: the other party's delegation)",
    )
    imported.add_argument("--author", help="who makes the change (default: $CHARTER_AUTHOR or the login name)")
    add_delegation_option(imported)
    imported.add_argument("-m", "--message", help="what the change is for")
    imported.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")
    imported.add_argument("--json", action="store_true", help="print base, revision, warnings and diff as JSON")
    imported.add_argument(
        "--lang", metavar="L", help="the file is the draft's original in that language, translated: read its versions"
    )
    imported.add_argument(
        "--confirm-all",
        action="store_true",
        help="with --lang: the translator reviewed every clause; confirm them all, not only the ones the file changed",
    )
    imported.set_defaults(handler=import_word, needs=Role.EDITOR)

    new = commands.add_parser("import-new", help="start a draft from a charter written in Word (.docx)")
    new.add_argument("name", help="name of the new draft")
    new.add_argument("file", metavar="FILE.docx", help="the Word file")
    new.add_argument("--author", help="who creates the draft (default: $CHARTER_AUTHOR or the login name)")
    add_delegation_option(new)
    new.add_argument("-m", "--message", help="what the draft is for")
    new.add_argument("--json", action="store_true", help="print how every paragraph was classified, and why, as JSON")
    new.set_defaults(handler=import_new_word, needs=Role.EDITOR)


def _source(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise WordError(f"{value}: no such file")
    return path


def import_word(args: argparse.Namespace, ctx: Context) -> int:
    # Imported here so that commands which read no Word file do not pay for loading lxml and python-docx.
    from charter.compare import report
    from charter.negotiation.decisions import counterpart_of as counterpart
    from charter.word.import_edited import import_docx

    saver = delegation(args, ctx) or (ctx.actor.delegation if ctx.actor else None)
    if args.lang:
        return _import_translation(args, ctx)
    if args.confirm_all:
        raise WordError("--confirm-all confirms the versions of a translated original; give its --lang")
    result = import_docx(
        ctx.store,
        args.name,
        _source(args.file),
        tracked=args.tracked,
        author=author(args),
        message=args.message,
        dry_run=args.dry_run,
        library=ctx.library,
        actor=ctx.actor,
        counterpart=args.counterpart or counterpart(saver),
        delegation=saver,
    )
    if args.json:
        print_json(
            {
                "base": result.base,
                "revision": result.revision,
                "warnings": result.warnings,
                "diff": result.comparison.to_json(),
            }
        )
        return 0
    for warning in result.warnings:
        say(f"warning: {warning}")
    say(report.to_text(result.comparison).rstrip("\n"), multiline=True)
    if result.revision is None:
        say("dry run: nothing saved" if args.dry_run else "nothing saved")
    else:
        merged = f", merged onto revision {result.revision - 1}" if result.merged else ""
        say(f"saved revision {result.revision} (based on revision {result.base}{merged})")
    return 0


def _import_translation(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual.versions import NAMES
    from charter.word.import_translation import import_translation

    if args.tracked != "accept":
        raise WordError("--lang reads a translation as its tracked changes are accepted; leave out --tracked")
    if args.delegation:
        raise WordError("--delegation records who imports the working text; leave it out with --lang")
    result = import_translation(
        ctx.store,
        args.name,
        _source(args.file),
        args.lang,
        author=author(args),
        message=args.message,
        dry_run=args.dry_run,
        confirm_all=args.confirm_all,
        actor=ctx.actor,
    )
    if args.json:
        print_json(
            {
                "base": result.base,
                "revision": result.revision,
                "language": result.language,
                "changed": list(result.changed),
                "confirmed": list(result.confirmed),
                "warnings": result.warnings,
            }
        )
        return 0
    for warning in result.warnings:
        say(f"warning: {warning}")
    name = NAMES.get(result.language, result.language)
    changed = f": {', '.join(result.changed)}" if result.changed else ""
    say(f"{name} text changed in {len(result.changed)} clause(s){changed}")
    say(f"{name} text confirmed in {len(result.confirmed)} clause(s)")
    if result.revision is None:
        say("dry run: nothing saved" if args.dry_run else "nothing saved")
    else:
        merged = f", merged onto revision {result.revision - 1}" if result.merged else ""
        say(f"saved revision {result.revision} (based on revision {result.base}{merged})")
    return 0


def import_new_word(args: argparse.Namespace, ctx: Context) -> int:
    from charter.word.classify import classification_rows
    from charter.word.import_foreign import import_new

    result = import_new(
        ctx.store,
        args.name,
        _source(args.file),
        author=author(args),
        library=ctx.library,
        message=args.message,
        actor=ctx.actor,
        delegation=delegation(args, ctx),
    )
    draft = result.draft
    if args.json:
        print_json(
            {
                "name": draft.name,
                "draft_id": draft.draft_id,
                "revision": draft.revision,
                "warnings": result.warnings,
                "classification": classification_rows(result.classification),
                "sections": [
                    {
                        "id": section.id,
                        "title": section.title,
                        "areas": list(section.areas),
                        "clauses": [
                            {"id": c.id, "library_id": c.library_id, "title": c.title} for c in section.clauses
                        ],
                    }
                    for section in draft.sections
                    if section.clauses
                ],
            }
        )
        return 0
    for row in result.classification:
        text = row.text if len(row.text) <= 60 else row.text[:59] + "\u2026"
        say(f"{row.paragraph:>5}  {row.kind:<13} {text}  ({row.reason})")
    for warning in result.warnings:
        say(f"warning: {warning}")
    clauses = draft.clauses()
    from_library = sum(1 for clause in clauses if clause.origin is not None)
    sections = sum(1 for section in draft.sections if section.clauses)
    say(
        f"created draft '{draft.name}' (revision 1): {len(clauses)} clauses in {sections} sections, "
        f"{from_library} matching the library"
    )
    return 0
