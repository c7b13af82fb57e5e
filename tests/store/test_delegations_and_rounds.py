"""Delegations on users and revisions, and rounds on revisions, in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from charter.access import accounts
from charter.drafting import assemble
from charter.errors import CharterError, DraftError, NotFoundError, PermissionDenied
from charter.store import Store
from charter.store.workspace import Workspace

PASSWORD = "correct horse battery"


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


def _edit(store: Store, text: str, **options: object):  # type: ignore[no-untyped-def]
    first = store.load("demo").clauses()[0].id
    return store.edit("demo", lambda d: assemble.set_text(d, first, text), "Ann", text, **options)


def test_every_save_records_the_delegation_it_is_given_and_none_when_not(store, saved_draft) -> None:
    _edit(store, "Proposed by Azerbaijan.", delegation="a")
    _edit(store, "Proposed by nobody in particular.")
    workspace = Workspace.open(store, "demo")
    workspace.apply(store, lambda d: assemble.set_text(d, d.clauses()[0].id, "From the chair."))
    workspace.save(store, "Cleo", "chair text", delegation="chair")
    store.restore("demo", 2, "Bob", delegation="b")
    assert [info.delegation for info in store.history("demo")] == [None, "a", None, "chair", "b"]
    assert store.history("demo")[1].to_json()["delegation"] == "a"


def test_a_signed_in_user_saves_for_their_own_delegation(store, saved_draft) -> None:
    accounts.add_user(store, "usa", "editor", PASSWORD, delegation="b")
    usa = accounts.sign_in(store, "usa", PASSWORD)
    assert usa.delegation == "b"
    _edit(store, "Proposed by the United States.", actor=usa)
    assert (store.history("demo")[-1].author, store.history("demo")[-1].delegation) == ("usa", "b")


def test_an_unknown_delegation_is_refused_and_nothing_is_saved(store, saved_draft) -> None:
    with pytest.raises(DraftError, match="unknown delegation 'c'; expected one of a, b, chair"):
        _edit(store, "Nobody.", delegation="c")
    assert store.head("demo") == 1


def test_an_admin_puts_a_user_in_a_delegation_and_takes_them_out_and_the_audit_says_so(store) -> None:
    accounts.add_user(store, "aziz", "editor", PASSWORD, delegation="a")
    accounts.set_delegation(store, "aziz", "chair")
    assert [u.delegation for u in accounts.users(store)] == ["chair"]
    accounts.set_delegation(store, "aziz", None)
    assert [u.delegation for u in accounts.users(store)] == [None]
    details = [(e.action, e.detail) for e in accounts.audit_log(store)]
    assert ("user-delegation", "chair") in details and ("user-delegation", "none") in details
    with pytest.raises(NotFoundError, match="no user 'nobody'"):
        accounts.set_delegation(store, "nobody", "a")
    with pytest.raises(CharterError, match="unknown delegation 'x'"):
        accounts.set_delegation(store, "aziz", "x")


def test_a_round_names_a_revision_and_naming_it_again_moves_it(store, saved_draft) -> None:
    _edit(store, "Second.")
    first = store.mark_round("demo", "Round 1, Baku", 1, author="Ann")
    store.mark_round("demo", "Round 2, Washington", author="Ann")
    assert (first.name, first.revision) == ("Round 1, Baku", 1)
    assert [(r.name, r.revision) for r in store.rounds("demo")] == [("Round 1, Baku", 1), ("Round 2, Washington", 2)]
    _edit(store, "Third.")
    store.mark_round("demo", "Round 2, Washington", author="Ann")
    assert [(r.name, r.revision) for r in store.rounds("demo")] == [("Round 1, Baku", 1), ("Round 2, Washington", 3)]
    assert store.rounds("demo")[0].to_json()["name"] == "Round 1, Baku"


def test_removing_a_round_keeps_its_revision_and_unknown_ones_are_named(store, saved_draft) -> None:
    store.mark_round("demo", "Round 1", author="Ann")
    store.remove_round("demo", "Round 1")
    assert store.rounds("demo") == [] and store.head("demo") == 1
    with pytest.raises(NotFoundError, match="draft 'demo' has no round 'Round 1'"):
        store.remove_round("demo", "Round 1")
    with pytest.raises(NotFoundError, match="draft 'demo' has no revision 7"):
        store.mark_round("demo", "Round 1", 7, author="Ann")
    with pytest.raises(DraftError, match="a round needs a name"):
        store.mark_round("demo", "   ", author="Ann")


def test_a_viewer_may_not_mark_or_remove_rounds_and_an_editor_may(store, saved_draft) -> None:
    accounts.add_user(store, "vic", "viewer", PASSWORD)
    accounts.add_user(store, "ed", "editor", PASSWORD)
    vic, ed = accounts.sign_in(store, "vic", PASSWORD), accounts.sign_in(store, "ed", PASSWORD)
    with pytest.raises(PermissionDenied, match="vic is a viewer and may not mark rounds"):
        store.mark_round("demo", "Round 1", actor=vic)
    assert store.mark_round("demo", "Round 1", author="typed", actor=ed).author == "ed"
    with pytest.raises(PermissionDenied, match="vic is a viewer and may not remove rounds"):
        store.remove_round("demo", "Round 1", actor=vic)
    assert [r.name for r in store.rounds("demo")] == ["Round 1"]


def test_a_copied_draft_keeps_its_rounds_and_delegations(store, saved_draft) -> None:
    _edit(store, "Azerbaijan's text.", delegation="a")
    store.mark_round("demo", "Round 1", author="Ann")
    store.copy("demo", "demo-copy")
    assert [(r.name, r.revision) for r in store.rounds("demo-copy")] == [("Round 1", 2)]
    assert [info.delegation for info in store.history("demo-copy")] == [None, "a"]
