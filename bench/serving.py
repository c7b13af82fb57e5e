"""What the browser benchmarks share: a 300-clause database, `charter serve` on it, and page timings."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import big_draft  # noqa: E402
from charter.store import Store  # noqa: E402
from tests.e2e.browser import serve_process  # noqa: E402

NAME = "bench"
#: Text that shows the Draft page has finished drawing: the form at its end.
DRAFT_READY = "Add a clause written here"


@contextmanager
def served_draft(clauses: int = 300) -> Iterator[tuple[str, Store, Path]]:
    """Yield the URL of `charter serve` on a fresh database holding a draft of `clauses` clauses,
    the store, and the file where the app writes its own time per script run."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        timing = Path(folder) / "timing.log"
        store = Store(db)
        store.create(big_draft(clauses=clauses, name=NAME), "bench")
        env = dict(os.environ, CHARTER_UI_TIMING=str(timing))
        # the same start and health check as the browser tests: a real `charter serve`, stopped by SIGTERM
        with serve_process(db, Path(folder), env=env) as (url, _process):
            yield url, store, timing


def server_runs(timing: Path, page: str | None = None) -> list[float]:
    """Return the app's own time per script run, in seconds, as written to the timing file."""
    runs = []
    for line in timing.read_text(encoding="utf-8").splitlines() if timing.exists() else []:
        name, seconds = line.split()
        if page is None or name == page:
            runs.append(float(seconds))
    return runs


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values fall (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
