"""`charter export` and `charter redline`: Word files."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role
from charter.cli.common import Context, say
from charter.cli.round import add_range_options, chosen_range
from charter.errors import WordError

if TYPE_CHECKING:
    from charter.drafting.model import Draft

#: Longest a LibreOffice PDF conversion may take before it is given up.
PDF_TIMEOUT_SECONDS = 180


def register(commands: Any) -> None:
    """Add the Word commands."""
    export = commands.add_parser("export", help="write a revision as a Word file (.docx), optionally also as PDF")
    export.add_argument("name", help="draft name")
    export.add_argument("--rev", type=int, help="revision to export (default: the newest)")
    layout = export.add_mutually_exclusive_group()
    layout.add_argument("--clean", action="store_true", help="no draft header, brackets, highlights or comments")
    layout.add_argument(
        "--joint",
        dest="print_kind",
        action="store_const",
        const="joint",
        help="the joint negotiating text: every bracket tagged by delegation, reservations as footnotes",
    )
    layout.add_argument(
        "--matrix",
        dest="print_kind",
        action="store_const",
        const="matrix",
        help="the negotiation matrix: a landscape table, one row per clause, one column per delegation",
    )
    layout.add_argument(
        "--agreed",
        dest="print_kind",
        action="store_const",
        const="agreed",
        help="the agreed text ad referendum: only the agreed clauses, clean, numbered as in the full draft",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE.docx", help="the .docx file to write (default: NAME-rN[-MODE].docx here)"
    )
    export.add_argument("--pdf", action="store_true", help="also write FILE.pdf next to it (needs LibreOffice)")
    export.add_argument("--author", help="author recorded in the file (default: Strategic Working Group)")
    which = export.add_mutually_exclusive_group()
    which.add_argument(
        "--lang", metavar="L", help="the original in that language (az, en, ...): its formulas, alternat"
    )
    which.add_argument(
        "--bilingual", action="store_true", help="a table of the languages side by side, for negotiators"
    )
    export.set_defaults(handler=export_word, needs=Role.VIEWER)
    redline = commands.add_parser(
        "redline", help="write the changes between two revisions as a Word file with tracked changes (.docx)"
    )
    redline.add_argument("name", help="draft name")
    add_range_options(redline, from_required=True)
    redline.add_argument("-o", "--output", required=True, metavar="FILE.docx", help="the .docx file to write")
    redline.add_argument("--author", help="author recorded in the file (default: Strategic Working Group)")
    redline.add_argument(
        "--sign-by",
        choices=["delegation", "author"],
        default="delegation",
        help="sign each change with the name of the delegation that made it (the default; its author's name when "
        "the revision records none), or always with the author's name",
    )
    redline.add_argument("--lang", metavar="L", help="the redline of the original in that language (az, en, ...)")
    redline.set_defaults(handler=redline_word, needs=Role.VIEWER)


def output_path(value: str) -> Path:
    """Return the .docx path to write; raise WordError when its folder is missing or it is not a .docx name."""
    path = Path(value)
    if path.suffix.lower() != ".docx":
        raise WordError(f"{value}: the output file must end in .docx")
    if not path.parent.is_dir():
        raise WordError(f"{value}: folder {path.parent} does not exist; create it first")
    if path.is_dir():
        raise WordError(f"{value}: is a folder, not a file name")
    return path


def soffice_program() -> str:
    """Return the LibreOffice program to convert with; raise WordError when it is not installed."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise WordError(
            "--pdf needs LibreOffice (soffice) on PATH; install it (e.g. apt-get install libreoffice-writer-nogui) "
            "or leave out --pdf"
        )
    return program


def convert_to_pdf(docx_path: Path, program: str) -> Path:
    """Return the PDF LibreOffice wrote next to `docx_path`; raise WordError when the conversion fails."""
    target = docx_path.with_suffix(".pdf")
    # A private profile keeps a running LibreOffice (or a stale lock) from swallowing the conversion.
    with tempfile.TemporaryDirectory(prefix="charter-soffice-") as profile:
        command = [
            program,
            "--headless",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise WordError(f"{target}: LibreOffice did not finish within {PDF_TIMEOUT_SECONDS} s") from None
        except OSError as err:
            raise WordError(f"{target}: cannot run LibreOffice: {err}") from None
    if done.returncode != 0 or not target.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise WordError(f"{target}: LibreOffice could not convert the file ({detail[-1] if detail else 'no output'})")
    return target


def _revision_time(ctx: Context, name: str, revision: int | None) -> datetime | None:
    """Return when `revision` of the draft was saved, so the header date belongs to the revision."""
    return ctx.store.revision_info(name, revision).time if revision is not None else None


def default_output(name: str, revision: int | None, mode: str | None) -> str:
    """Return the file an export writes without -o: 'NAME-r4.docx', 'NAME-r4-joint.docx', ... in the current folder."""
    stem = "".join(char if char.isalnum() or char in "-_." else "_" for char in name).lstrip(".") or "charter"
    return f"{stem}-r{revision or 0}{f'-{mode}' if mode else ''}.docx"


def export_word(args: argparse.Namespace, ctx: Context) -> int:
    # Imported here so that commands which write no Word file do not pay for loading python-docx.
    from charter.word.export import export_docx, revision_label
    from charter.word.negotiation import PRINTS, print_docx
    from charter.word.record import record_export, record_print

    kind = getattr(args, "print_kind", None)
    draft = ctx.store.load(args.name, args.rev)
    mode = "bilingual" if args.bilingual else kind or ("clean" if args.clean else None)
    if args.lang and not args.bilingual:
        mode = f"{mode}-{args.lang}" if mode else args.lang
    path = output_path(args.output or default_output(draft.name, draft.revision, mode))
    program = soffice_program() if args.pdf else None
    time = _revision_time(ctx, draft.name, draft.revision)
    if kind is not None:
        if args.lang or args.bilingual:
            raise WordError("the negotiation prints are in the working language; leave out --lang and --bilingual")
        print_docx(draft, kind, path, author=args.author, revision_time=time)
        record_print(ctx.store, ctx.who(args), draft.name, draft.revision, kind, file_name=path.name)
        say(f"wrote {path} ({draft.name}, {revision_label(draft.revision)}, {PRINTS[kind]})")
    elif args.bilingual:
        return _export_bilingual(args, ctx, draft, path, time, program)
    else:
        language = _language(draft, args.lang)
        export_docx(draft, path, clean=args.clean, author=args.author, revision_time=time, language=language)
        record_export(
            ctx.store, ctx.who(args), draft.name, draft.revision, clean=args.clean, file_name=path.name,
            language=language,
        )  # fmt: skip
        shown = ("clean" if args.clean else "draft") + " mode" + (f", {language} original" if language else "")
        say(f"wrote {path} ({draft.name}, {revision_label(draft.revision)}, {shown})")
    if program is not None:
        say(f"wrote {convert_to_pdf(path, program)}")
    return 0


def redline_word(args: argparse.Namespace, ctx: Context) -> int:
    from charter.word.record import record_redline
    from charter.word.redline import redline_docx

    path = output_path(args.output)
    from_rev, to_rev = chosen_range(args, ctx)
    assert from_rev is not None  # argparse requires --from or --from-round
    language = _language(ctx.store.load(args.name, to_rev), args.lang) if args.lang else None
    redline_docx(
        ctx.store, args.name, from_rev, to_rev, path, author=args.author, sign_by=args.sign_by, language=language
    )
    record_redline(ctx.store, ctx.who(args), args.name, from_rev, to_rev, file_name=path.name, language=language)
    signed = f"tracked changes signed by {args.sign_by}" + (f", {language} original" if language else "")
    say(f"wrote {path} ({args.name}, revision {from_rev} to {to_rev}, {signed})")
    return 0


def _language(draft: Draft, given: str | None) -> str | None:
    """Return the code of the original to write (None: the working text), warning about its untranslated parts."""
    from charter.bilingual.render import project

    if given is None:
        return None
    projection = project(draft, given)
    if projection.gaps:
        shown = ", ".join(projection.gaps[:8]) + (
            f" and {len(projection.gaps) - 8} more" if len(projection.gaps) > 8 else ""
        )
        say(f"warning: not yet translated into {_name(projection.language)}, shown in the working language: {shown}")
    return projection.language


def _name(code: str) -> str:
    from charter.bilingual.versions import NAMES

    return NAMES.get(code, code)


def _export_bilingual(
    args: argparse.Namespace, ctx: Context, draft: Draft, path: Path, time: datetime | None, program: str | None
) -> int:
    from charter.bilingual.versions import other_languages
    from charter.word.bilingual import bilingual_docx
    from charter.word.export import revision_label
    from charter.word.record import record_bilingual

    if args.clean:
        raise WordError("--bilingual has no clean mode; leave out --clean")
    if not other_languages(draft.settings):
        raise WordError(f"draft '{draft.name}' has one language; give it another with charter draft set --languages")
    bilingual_docx(draft, path, author=args.author, revision_time=time)
    record_bilingual(ctx.store, ctx.who(args), draft.name, draft.revision, file_name=path.name)
    say(f"wrote {path} ({draft.name}, {revision_label(draft.revision)}, bilingual)")
    if program is not None:
        say(f"wrote {convert_to_pdf(path, program)}")
    return 0
