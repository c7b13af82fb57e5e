"""A user's working copy: edits kept in the store, undo back to before each change, until a save."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.drafting import assemble
from charter.errors import DraftError
from charter.store import Store
from charter.store.workspace import Workspace


def make(tmp_path: Path) -> tuple[Store, str]:
    store = Store(tmp_path / "ws.db")
    settings = assemble.make_settings("the Republic of Azerbaijan", "the United States of America")
    draft = assemble.new_draft("ws", settings)
    draft, _ = assemble.add_custom(draft, "energy", "One", "The Participants intend to meet.")
    store.create(draft, "Ann")
    return store, draft.clauses()[0].id


def test_undo_goes_back_one_change_at_a_time_and_the_kept_copy_follows(tmp_path: Path) -> None:
    store, clause_id = make(tmp_path)
    space = Workspace.open(store, "ws", "ann")
    space.apply(store, lambda d: assemble.set_text(d, clause_id, "First edit."))
    space.apply(store, lambda d: assemble.set_text(d, clause_id, "Second edit."))
    assert space.undo(store)
    assert space.draft(store).clause(clause_id).text == "First edit."
    assert store.working_copy("ann", "ws")[1].clause(clause_id).text == "First edit."  # type: ignore[index]
    assert space.undo(store)
    assert not space.dirty and store.working_copy("ann", "ws") is None
    assert not space.undo(store)


def test_a_discard_can_be_undone_but_a_save_ends_the_undo_history(tmp_path: Path) -> None:
    store, clause_id = make(tmp_path)
    space = Workspace.open(store, "ws", "ann")
    space.apply(store, lambda d: assemble.set_text(d, clause_id, "Kept edit."))
    space.discard(store)
    assert not space.dirty
    assert space.undo(store)
    assert space.draft(store).clause(clause_id).text == "Kept edit."
    space.save(store, "Ann", "saved")
    assert not space.can_undo
    assert store.load("ws").clause(clause_id).text == "Kept edit."


def test_a_failed_edit_leaves_nothing_to_undo(tmp_path: Path) -> None:
    store, clause_id = make(tmp_path)
    space = Workspace.open(store, "ws", "ann")
    with pytest.raises(DraftError):
        space.apply(store, lambda d: assemble.set_text(d, clause_id, "   "))
    assert not space.can_undo and not space.dirty
