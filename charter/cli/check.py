"""`charter check`: the drafting checks on one revision, as text or JSON; exit 1 when an error stands."""

from __future__ import annotations

import argparse
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, print_json
from charter.textsafety import escape_controls


def register(commands: Any) -> None:
    """Add the `check` command."""
    check = commands.add_parser(
        "check", help="check register, terms, references and punctuation; exit 1 when an error stands"
    )
    check.add_argument("name")
    check.add_argument("--rev", type=int, help="revision to check (default: the head)")
    check.add_argument(
        "--since",
        type=int,
        help="revision whose cross-references were right, to catch ones a move broke (default: the one before)",
    )
    check.add_argument("--list-style", choices=["and", "none"], help="how lists end (default: as most lists do)")
    check.add_argument("--all", action="store_true", help="also show findings on wording kept on purpose")
    check.add_argument(
        "--alignment",
        action="store_true",
        help="check the versions in the other languages against the working text instead, and list those that "
        "need update with the working-text change since; exit 1 on a finding",
    )
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check, needs=Role.VIEWER)


def run_alignment(args: argparse.Namespace, ctx: Context) -> int:
    from charter.bilingual import alignment, versions
    from charter.bilingual.stale import stale_versions

    draft = ctx.store.load(args.name, args.rev)
    revision = draft.revision or ctx.store.head(args.name)
    findings = alignment.check_alignment(draft)
    stale = stale_versions(draft)
    counts = {
        language: {state.value: count for state, count in table.items()}
        for language, table in versions.counts(draft).items()
    }
    if args.json:
        print_json(
            {
                "name": draft.name,
                "revision": revision,
                "working_language": versions.working_language(draft.settings),
                "versions": counts,
                "findings": [finding.to_json() for finding in findings],
                "needs_update": [version.to_json() for version in stale],
            }
        )
        return 1 if findings else 0
    for finding in findings:
        print(escape_controls(f"{finding.language}: {finding.message}"))
    for version in stale:
        print(escape_controls(f"{version.language}: {version.describe()}"))
    for language, table in counts.items():
        print(f"{versions.NAMES.get(language, language)}: " + ", ".join(f"{n} {state}" for state, n in table.items()))
    print(f"{draft.name} revision {revision}: {len(findings)} alignment finding(s)")
    return 1 if findings else 0


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    # imported here: `charter --help` and the other commands should not pay for loading the rules
    from charter.checks import Level, check_draft, has_errors

    if args.alignment:
        return run_alignment(args, ctx)
    store = ctx.store
    draft = store.load(args.name, args.rev)
    revision = draft.revision or store.head(args.name)
    since = args.since if args.since is not None else revision - 1
    earlier = store.load(args.name, since) if since >= 1 and since != revision else None
    findings = check_draft(draft, earlier=earlier, list_style=args.list_style, include_accepted=args.all)
    counts = {level.value: sum(1 for f in findings if f.level == level and f.accepted is None) for level in Level}
    if args.json:
        print_json(
            {
                "name": draft.name,
                "revision": revision,
                "since": earlier.revision if earlier is not None else None,
                "binding": draft.settings.binding,
                "counts": counts,
                "findings": [finding.to_json() for finding in findings],
            }
        )
    else:
        for finding in findings:
            print(finding.describe())
        names = {"error": "errors", "warning": "warnings", "info": "info"}
        summary = ", ".join(f"{count} {names[level] if count != 1 else level}" for level, count in counts.items())
        print(
            f"{draft.name} revision {revision}: {summary}"
            if findings
            else f"{draft.name} revision {revision}: no findings"
        )
    return 1 if has_errors(findings) else 0
