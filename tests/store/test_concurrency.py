"""Many writers on one draft, as threads and as processes: merges and conflicts happen, and nothing is lost."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from typing import Any

from charter.drafting import assemble
from charter.errors import ConflictError
from charter.store import Store
from tests.conftest import make_draft

THREADS = 8
PROCESSES = 8
SAVES = 50

#: How long a writer process may wait for the others at each round before the test gives up.
ROUND_TIMEOUT = 120


def _busy_draft(store: Store, library: Any, writers: int) -> tuple[list[str], str]:
    """Create draft 'busy' with one clause per writer and one they all share; return their ids."""
    draft = make_draft(library, "busy")
    for index in range(writers):
        draft, _ = assemble.add_custom(draft, "energy", f"Own {index}", f"Clause of writer {index}:")
    draft, shared = assemble.add_custom(draft, "energy", "Shared", "Shared clause.")
    store.create(draft, "setup")
    return [c.id for c in store.load("busy").clauses() if c.title.startswith("Own")], shared.id


def test_eight_threads_saving_from_stale_bases_lose_no_accepted_edit(database, small_library) -> None:
    path = database
    store = Store(path)
    own_ids, shared_id = _busy_draft(store, small_library, THREADS)
    barrier = threading.Barrier(THREADS)
    accepted: list[tuple[int, str, int]] = []  # (writer, token, revision)
    conflicts: list[ConflictError] = []
    merged_count = [0]
    lock = threading.Lock()

    def writer(index: int) -> None:
        local = Store(path)
        for round_ in range(SAVES):
            base = local.load("busy")  # read before the others save
            barrier.wait()
            token = f"w{index}r{round_}"
            if round_ % 5 == 4:
                # every writer edits the same clause: overlapping edits must conflict
                edited = assemble.set_text(base, shared_id, f"Shared clause by {token}.")
            else:
                own = base.clause(own_ids[index])
                edited = assemble.set_text(base, own.id, own.text + " " + token)
            try:
                assert base.revision is not None
                result = local.save(edited, base.revision, f"writer {index}", token)
            except ConflictError as err:
                with lock:
                    conflicts.append(err)
            else:
                with lock:
                    accepted.append((index, token, result.revision))
                    merged_count[0] += int(result.merged)
        local.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert merged_count[0] > 0, "no save was merged onto a newer head"
    assert conflicts, "no overlapping edit was reported as a conflict"
    assert len(accepted) + len(conflicts) == THREADS * SAVES
    history = store.history("busy")
    assert len(history) == 1 + len(accepted)
    assert {h.message for h in history[1:]} == {token for _, token, _ in accepted}
    final = store.load("busy")
    for index, token, _ in accepted:
        if "r" in token and int(token.split("r")[1]) % 5 != 4:
            assert token in final.clause(own_ids[index]).text.split(), token
    for err in conflicts:
        assert err.conflicts and err.conflicts[0].ours != err.conflicts[0].theirs


def _process_writer(path: str, index: int, own_id: str, shared_id: str, barrier: Any, results: Any) -> None:
    """Save SAVES edits from stale bases in a process of its own; put (index, accepted, conflicts, merged)."""
    local = Store(path)
    accepted: list[tuple[str, int]] = []
    conflicts: list[tuple[str, bool]] = []
    merged = 0
    try:
        for round_ in range(SAVES):
            base = local.load("busy")  # read before the others save
            barrier.wait(ROUND_TIMEOUT)
            token = f"w{index}r{round_}"
            if round_ % 5 == 4:
                edited = assemble.set_text(base, shared_id, f"Shared clause by {token}.")
            else:
                own = base.clause(own_id)
                edited = assemble.set_text(base, own_id, own.text + " " + token)
            assert base.revision is not None
            try:
                result = local.save(edited, base.revision, f"writer {index}", token)
            except ConflictError as err:
                both_texts = bool(err.conflicts) and err.conflicts[0].ours != err.conflicts[0].theirs
                conflicts.append((str(err), both_texts))
            else:
                accepted.append((token, result.revision))
                merged += int(result.merged)
    finally:
        local.close()
        results.put((index, accepted, conflicts, merged))


def test_eight_processes_saving_from_stale_bases_lose_no_accepted_edit(database, small_library) -> None:
    store = Store(database)
    own_ids, shared_id = _busy_draft(store, small_library, PROCESSES)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    writers = [
        context.Process(target=_process_writer, args=(database, i, own_ids[i], shared_id, barrier, results))
        for i in range(PROCESSES)
    ]
    for process in writers:
        process.start()
    reports = []
    try:
        for _ in writers:
            reports.append(results.get(timeout=ROUND_TIMEOUT * 2))
    except queue.Empty:
        pass
    for process in writers:
        process.join(ROUND_TIMEOUT)
        if process.is_alive():
            process.kill()
    assert [process.exitcode for process in writers] == [0] * PROCESSES
    assert len(reports) == PROCESSES

    accepted = {token: (index, revision) for index, saved, _, _ in reports for token, revision in saved}
    conflicts = [conflict for _, _, found, _ in reports for conflict in found]
    assert sum(merged for *_, merged in reports) > 0, "no save was merged onto a newer head"
    assert conflicts, "no overlapping edit was reported as a conflict"
    assert len(accepted) + len(conflicts) == PROCESSES * SAVES
    for message, both_texts in conflicts:
        assert message and both_texts, message
    history = store.history("busy")
    assert [h.revision for h in history] == list(range(1, len(history) + 1))
    assert {h.revision: h.message for h in history[1:]} == {rev: token for token, (_, rev) in accepted.items()}
    final = store.load("busy")
    for token, (index, _) in accepted.items():
        if int(token.split("r")[1]) % 5 != 4:
            assert token in final.clause(own_ids[index]).text.split(), token
    store.close()
