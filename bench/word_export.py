"""Benchmark: export a 300-clause (about 60,000-word) charter to .docx, against pandoc from Markdown."""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from charter import assemble
from charter.model import AREAS, Draft, Status
from charter.render import render_draft, to_markdown
from charter.word import export_docx

WORDS = (
    "the Participants intend to cooperate on energy security transit corridors digital infrastructure "
    "investment finance regional connectivity trade implementation working group annual review shared "
    "understanding mutual benefit sustainable development critical minerals cybersecurity capacity "
    "building renewable electricity interconnection Caspian Sea Middle Corridor Bakı Azərbaycan "
    "respective laws regulations framework dialogue consultations strategic partnership"
).split()


def clause_text(rng: random.Random, words: int) -> str:
    """Return about `words` words of charter-like prose, sometimes with (a)/(b) sub-paragraphs."""
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    text = "The Participants " + body + "."
    if rng.random() < 0.2:
        cut = len(text) // 2
        split = text.index(" ", cut)
        text = f"{text[:split]}, including by:\n(a) {text[split + 1 :]}\n(b) reviewing progress each year."
    return text


def big_draft(clauses: int = 300, words: int = 200, seed: int = 4) -> Draft:
    """Return a draft of `clauses` hand-written clauses of about `words` words, spread over every section."""
    rng = random.Random(seed)
    settings = assemble.make_settings(
        "the Republic of Azerbaijan",
        "the United States of America",
        marking="RESTRICTED",
        place="Washington, D.C.",
        languages=("Azerbaijani", "English"),
    )
    draft = assemble.new_draft("benchmark", settings)
    areas = list(AREAS)
    for index in range(clauses):
        area = areas[index % len(areas)]
        draft, clause = assemble.add_custom(draft, area, f"Clause {index}", clause_text(rng, words))
        if index % 10 == 3:
            draft = assemble.set_status(draft, clause.id, Status.BRACKETED)
        if index % 15 == 7:
            draft = assemble.add_comment(draft, clause.id, "Benchmark Reviewer", "Please check.", datetime.now(UTC))
    return draft.model_copy(update={"revision": 12, "draft_id": "0123456789abcdef"})


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Return the median wall-clock time of `repeat` runs of `action`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 1 when export is slower than pandoc."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=300)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    draft = big_draft(args.clauses, args.words)
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
