"""Benchmark the store: save time, growth per revision and load time on a 300-clause draft.

    python bench/store.py                      # a temporary SQLite file
    python bench/store.py --db postgresql://…  # an empty PostgreSQL database
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import big_draft, sentence  # noqa: E402
from charter.drafting import assemble  # noqa: E402
from charter.store import Store  # noqa: E402


def main(revisions: int = 200, db: str | None = None) -> None:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(db or Path(folder) / "bench.db")
        if store.exists("bench"):
            raise SystemExit(f"{store.location} already holds a draft 'bench'; give an empty database")
        draft = store.create(big_draft(), "bench")
        words = sum(len(c.text.split()) for c in draft.clauses())
        start_size = store.size_bytes()
        save_times, changed_bytes = [], 0
        for _ in range(revisions):
            edited = draft
            for clause in rng.sample(draft.clauses(), rng.randint(1, 3)):
                text = sentence(rng, 200)
                changed_bytes += len(text.encode("utf-8"))
                edited = assemble.set_text(edited, clause.id, text)
            assert draft.revision is not None
            began = time.perf_counter()
            draft = store.save(edited, draft.revision, "bench", "edit").draft
            save_times.append(time.perf_counter() - began)
        growth = store.size_bytes() - start_size
        load_times = []
        fresh = Store(store.path)  # a new store has an empty cache
        for revision in rng.sample(range(1, revisions + 2), 50):
            began = time.perf_counter()
            fresh.load("bench", revision)
            load_times.append(time.perf_counter() - began)
            fresh.clear_cache()  # measure cold loads, not cache hits
    print(f"database: {store.location}")
    print(f"draft: {len(draft.clauses())} clauses, {words} words, {revisions} revisions of 1-3 clauses")
    print(f"save median:   {statistics.median(save_times) * 1000:.1f} ms   (target <= 20 ms)")
    print(
        f"growth/rev:    {growth / revisions:.0f} bytes; changed clause bytes/rev: {changed_bytes / revisions:.0f}"
        f"; ratio {growth / changed_bytes:.2f}x   (target <= 3x)"
    )
    print(f"load median:   {statistics.median(load_times) * 1000:.1f} ms (cold cache)   (target <= 20 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database: SQLite file or postgresql:// URL (default: a temporary file)")
    parser.add_argument("--revisions", type=int, default=200)
    options = parser.parse_args()
    main(options.revisions, options.db)
