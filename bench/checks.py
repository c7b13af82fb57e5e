"""Benchmark: every drafting check on a 300-clause (about 60,000-word) draft; the target is 0.2 s."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import big_draft, median_seconds  # noqa: E402
from charter.checks import check_draft, load_rules  # noqa: E402
from charter.drafting import assemble  # noqa: E402
from charter.drafting.demo import demo_settings  # noqa: E402
from charter.drafting.model import Draft  # noqa: E402
from charter.library import load_library  # noqa: E402

#: The most a run of every check on the draft may take, in seconds.
TARGET = 0.2


def library_draft(clauses: int) -> Draft:
    """Return a draft of `clauses` library wordings (every alternative, repeated), with treaty words in a tenth."""
    library = load_library()
    wordings = [(clause.id, label) for clause in library for label in clause.labels]
    draft = assemble.new_draft("bench-library", demo_settings())
    for index in range(clauses):
        clause_id, label = wordings[index % len(wordings)]
        draft, added = assemble.add_clause(draft, library, clause_id, label)
        if index % 10 == 5:
            text = draft.clause(added.id).text.replace("intend to", "shall", 1) + " See paragraph 2 of Section I."
            draft = assemble.set_text(draft, added.id, text)
    return draft


def median_cpu_seconds(action: Callable[[], object], repeat: int) -> float:
    """Return the median processor time of `repeat` runs of `action` (wall time also counts waiting for a core)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 1 when a run takes longer than the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=300)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    load_rules()  # read once, as a running server or the CLI does before its first check
    worst = 0.0
    synthetic = big_draft(args.clauses, args.words, dressed=True)
    library = library_draft(args.clauses)
    for label, draft in (("synthetic (bench/corpus.py, dressed)", synthetic), ("library wordings", library)):
        earlier = assemble.move(draft, draft.clauses()[1].id, 1)  # references are also checked against a revision
        words = sum(len(clause.text.split()) for clause in draft.clauses())
        findings = check_draft(draft, earlier=earlier)
        seconds = median_seconds(lambda d=draft, e=earlier: check_draft(d, earlier=e), args.repeat)
        cpu = median_cpu_seconds(lambda d=draft, e=earlier: check_draft(d, earlier=e), args.repeat)
        worst = max(worst, seconds)
        print(
            f"{label}: {len(draft.clauses())} clauses, {words} words, {len(findings)} findings; "
            f"all checks incl. rendering: {seconds * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU "
            f"(medians of {args.repeat})"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"slowest: {worst * 1000:.1f} ms wall (target <= {TARGET * 1000:.0f} ms); load average {load:.1f}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
