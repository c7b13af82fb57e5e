"""A writer killed mid-stream leaves a sound database with every reported revision (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from charter.store import Store

CHILD = textwrap.dedent(
    """
    import sys
    from charter.drafting import assemble
    from charter.library import load_library
    from charter.store import Store
    from tests.conftest import make_draft

    store = Store(sys.argv[1])
    library = load_library("tests/data/clauses/small")
    draft = store.create(make_draft(library, "crash"), "child")
    clause = draft.clauses()[1]
    n = 0
    while True:
        n += 1
        draft = store.save(
            assemble.set_text(draft, clause.id, f"Round {n} " + "text " * 200), draft.revision, "child", f"round {n}"
        ).draft
        print(draft.revision, flush=True)
    """
)


def test_a_killed_writer_leaves_an_intact_database_holding_every_reported_revision(database: str) -> None:
    path = database
    root = Path(__file__).parents[2]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=root, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    reported = []
    deadline = time.monotonic() + 60
    while len(reported) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        reported.append(int(line))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert len(reported) >= 40
    store = Store(path)
    assert store.backend.integrity() == []
    head = store.head("crash")
    assert head >= reported[-1]
    for revision in reported:
        assert store.load("crash", revision).revision == revision
    assert [h.revision for h in store.history("crash")] == list(range(1, head + 1))
