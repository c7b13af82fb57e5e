"""Benchmark: export a 300-clause (about 60,000-word) charter to .docx, against pandoc from Markdown."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import big_draft, median_seconds  # noqa: E402
from charter.drafting.render import render_draft, to_markdown  # noqa: E402
from charter.word import export_docx  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 1 when export is slower than pandoc."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=300)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    draft = big_draft(args.clauses, args.words, dressed=True)
    draft = draft.model_copy(update={"revision": 12, "draft_id": "0123456789abcdef"})
    view = render_draft(draft)
    total_words = sum(len(clause.text.split()) for clause in view.clauses())
    print(f"draft: {len(view.clauses())} clauses, {total_words} words in clause texts")

    export_draft = median_seconds(lambda: export_docx(draft, io.BytesIO()), args.repeat)
    export_clean = median_seconds(lambda: export_docx(draft, io.BytesIO(), clean=True), args.repeat)
    print(f"export_docx, draft mode: {export_draft:.3f} s (median of {args.repeat})")
    print(f"export_docx, clean mode: {export_clean:.3f} s (median of {args.repeat})")

    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc not found: no comparison")
        return 0
    with tempfile.TemporaryDirectory(prefix="charter-bench-") as folder:
        source, target = Path(folder) / "charter.md", Path(folder) / "charter.docx"
        source.write_text(to_markdown(view), encoding="utf-8")
        command = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(target), str(source)]
        pandoc_time = median_seconds(lambda: subprocess.run(command, check=True), args.repeat)
    print(f"pandoc markdown -> docx:  {pandoc_time:.3f} s (median of {args.repeat})")
    ratio = export_draft / pandoc_time
    print(f"ratio export/pandoc:     {ratio:.2f}x (target <= 1.0x)")
    return 0 if ratio <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
