"""Benchmark: import a 300-clause (about 60,000-word) charter export back, as a dry run."""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import big_draft, median_seconds  # noqa: E402
from charter.store import Store  # noqa: E402
from charter.word import export_bytes  # noqa: E402
from charter.word.import_edited import import_docx  # noqa: E402

#: The import must take at most this long (median), in seconds.
TARGET_SECONDS = 0.5


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 1 when the import is slower than the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=300)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="charter-bench-") as folder:
        store = Store(Path(folder) / "bench.db")
        draft = store.create(big_draft(args.clauses, args.words), "Benchmark")
        data = export_bytes(draft)
        words = sum(len(clause.text.split()) for clause in draft.clauses())
        print(f"draft: {len(draft.clauses())} clauses, {words} words; export {len(data):,} bytes")
        result = import_docx(store, draft.name, io.BytesIO(data), author="Benchmark", dry_run=True)
        assert not result.comparison.changed, "an unedited export must import as no change"
        median = median_seconds(
            lambda: import_docx(store, draft.name, io.BytesIO(data), author="Benchmark", dry_run=True), args.repeat
        )
        store.close()
    print(f"import_docx, dry run: {median:.3f} s (median of {args.repeat}; target <= {TARGET_SECONDS} s)")
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
