"""Benchmark the browser editor with AppTest on a 300-clause draft: a full page run, an edit, a save."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.corpus import big_draft  # noqa: E402
from charter.store import Store  # noqa: E402


def timed(action) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main(rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "ui.db"
        os.environ["CHARTER_DB"] = str(db)
        Store(db).create(big_draft(name="bench"), "bench")
        at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=120)
        first = timed(at.run)
        next(t for t in at.text_input if t.label == "Your name").input("Bench").run()
        runs, opens, edits, saves = [], [], [], []
        for index in range(rounds):
            runs.append(timed(at.run))
            opened = next(b for b in at.button if b.key and b.key.startswith("edit-"))
            opened.click()
            opens.append(timed(at.run))
            key = next(t.key for t in at.text_area if t.key and t.key.startswith("text-"))
            at.text_area(key=key).input(f"The Participants intend to benchmark round {index}.")
            edits.append(timed(at.run))
            at.text_input(key="save-message").input(f"round {index}")
            button = next(b for b in at.button if b.label == "Save revision")
            button.click()
            saves.append(timed(at.run))
            assert not at.exception, at.exception
        store = Store(db)
        clauses = len(store.load("bench").clauses())
        assert store.head("bench") == 1 + rounds, "a save did not happen"
    print(f"draft page with {clauses} clauses (AppTest, server side, median of {rounds}):")
    print(f"  first run (cold caches):  {first * 1000:.0f} ms")
    print(f"  full script rerun:        {statistics.median(runs) * 1000:.0f} ms   (target <= 300 ms)")
    print(f"  open a clause's editor:   {statistics.median(opens) * 1000:.0f} ms   (target <= 300 ms)")
    print(f"  edit a clause's text:     {statistics.median(edits) * 1000:.0f} ms   (target <= 300 ms)")
    print(f"  save a revision:          {statistics.median(saves) * 1000:.0f} ms   (target <= 300 ms)")


if __name__ == "__main__":
    main()
