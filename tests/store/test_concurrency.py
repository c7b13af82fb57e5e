"""Many writers on one draft: merges and conflicts happen, and nothing is lost."""

from __future__ import annotations

import threading

from charter.drafting import assemble
from charter.errors import ConflictError
from charter.store import Store
from tests.conftest import make_draft

THREADS = 8
SAVES = 50


def test_eight_threads_saving_from_stale_bases_lose_no_accepted_edit(database, small_library) -> None:
    path = database
    store = Store(path)
    draft = make_draft(small_library, "busy")
    for index in range(THREADS):
        draft, _ = assemble.add_custom(draft, "energy", f"Own {index}", f"Clause of writer {index}:")
    draft, shared = assemble.add_custom(draft, "energy", "Shared", "Shared clause.")
    store.create(draft, "setup")
    own_ids = [c.id for c in store.load("busy").clauses() if c.title.startswith("Own")]
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
                edited = assemble.set_text(base, shared.id, f"Shared clause by {token}.")
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
