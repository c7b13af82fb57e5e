"""The versioned store on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from charter.drafting import assemble
from charter.drafting.model import Status
from charter.errors import ConflictError, DraftError, NotFoundError
from charter.store import Store
from charter.store.migrations import MIGRATIONS, migrate


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "charter.db")


def test_a_new_draft_is_revision_1_and_reads_back_equal(store, saved_draft) -> None:
    assert saved_draft.revision == 1
    loaded = store.load("demo")
    assert loaded.sections == saved_draft.sections and loaded.settings == saved_draft.settings


def test_the_database_runs_in_wal_mode_and_records_its_schema_version(sqlite_store) -> None:
    conn = sqlite3.connect(sqlite_store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1][0]


def test_reopening_a_database_does_not_migrate_twice(tmp_path: Path) -> None:
    Store(tmp_path / "x.db")
    Store(tmp_path / "x.db")
    rows = sqlite3.connect(tmp_path / "x.db").execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
    assert rows == len(MIGRATIONS)


def _columns(database: str) -> dict[str, list[tuple[str, str]]]:
    """Return each table's columns, (name, type in lower case), as the database reports them."""
    if database.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(database) as conn:
            rows = conn.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
            ).fetchall()
    else:
        conn = sqlite3.connect(database)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = [
            (t, c[1], c[2]) for t in tables if t != "sqlite_sequence" for c in conn.execute(f"PRAGMA table_info({t})")
        ]
        conn.close()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        found.setdefault(table, []).append((column, kind.lower()))
    return found


def test_a_file_stepped_up_from_version_1_has_the_tables_of_a_new_one_and_postgresql_the_same(
    tmp_path: Path, database: str
) -> None:
    old = sqlite3.connect(tmp_path / "old.db")
    migrate(old, MIGRATIONS[:1])
    old.commit()
    old.close()
    Store(tmp_path / "old.db").close()
    Store(database).close()
    stepped, new = _columns(str(tmp_path / "old.db")), _columns(database)
    same_type = {"bigint": "integer", "bytea": "blob"}
    assert {t: [(c, same_type.get(k, k)) for c, k in cols] for t, cols in new.items()} == stepped
    assert ("actor", "text") in stepped["audit"]


def test_every_save_is_a_new_numbered_revision_with_author_and_message(store, saved_draft) -> None:
    clause = saved_draft.clauses()[0]
    store.save(assemble.set_status(saved_draft, clause.id, Status.AGREED), 1, "Ann", "Agree the recital")
    history = store.history("demo")
    assert [(h.revision, h.author, h.message, h.parent) for h in history] == [
        (1, "Tester", "New draft", None),
        (2, "Ann", "Agree the recital", 1),
    ]
    assert history[1].time.tzinfo is not None


def test_old_revisions_stay_as_they_were(store, saved_draft) -> None:
    clause = saved_draft.clauses()[0]
    store.save(assemble.set_text(saved_draft, clause.id, "Changed,"), 1, "Ann", "edit")
    assert store.load("demo", 1).clause(clause.id).text == clause.text
    assert store.load("demo", 2).clause(clause.id).text == "Changed,"


def test_restore_saves_an_old_revision_as_a_new_one(store, saved_draft) -> None:
    clause = saved_draft.clauses()[0]
    store.save(assemble.remove(saved_draft, clause.id), 1, "Ann", "remove")
    result = store.restore("demo", 1, "Bob")
    assert result.revision == 3
    assert store.load("demo").clause(clause.id) == clause
    assert store.history("demo")[-1].message == "Restore revision 1"


def test_a_save_based_on_an_old_revision_merges_and_records_base_and_parent(store, saved_draft) -> None:
    first, second = saved_draft.clauses()[0], saved_draft.clauses()[1]
    store.save(assemble.set_status(saved_draft, first.id, Status.AGREED), 1, "Ann", "a")
    result = store.save(assemble.set_status(saved_draft, second.id, Status.BRACKETED), 1, "Bob", "b")
    assert result.merged and (result.base, result.parent, result.revision) == (1, 2, 3)
    head = store.load("demo")
    assert head.clause(first.id).status == Status.AGREED
    assert head.clause(second.id).status == Status.BRACKETED
    assert store.history("demo")[-1].base == 1


def test_a_conflicting_save_is_refused_and_saves_nothing(store, saved_draft) -> None:
    clause = saved_draft.clauses()[1]
    store.save(assemble.set_text(saved_draft, clause.id, "Ann's text."), 1, "Ann", "a")
    with pytest.raises(ConflictError) as caught:
        store.save(assemble.set_text(saved_draft, clause.id, "Bob's text."), 1, "Bob", "b")
    assert caught.value.conflicts[0].ours == "Bob's text."
    assert caught.value.conflicts[0].theirs == "Ann's text."
    assert store.head("demo") == 2


def test_copy_keeps_the_history_and_archive_hides_the_draft(store, saved_draft) -> None:
    store.save(saved_draft, 1, "Ann", "again")
    store.copy("demo", "demo-copy")
    assert [h.revision for h in store.history("demo-copy")] == [1, 2]
    store.archive("demo")
    assert [d.name for d in store.drafts()] == ["demo-copy"]
    assert {d.name for d in store.drafts(include_archived=True)} == {"demo", "demo-copy"}


def test_unsafe_draft_names_are_refused(store, small_library) -> None:
    from tests.conftest import make_draft

    for name in ("../etc", "a/b", ".hidden", "", "x" * 101):
        with pytest.raises(DraftError, match="invalid draft name"):
            store.create(make_draft(small_library, name), "Ann")


def test_saving_needs_an_author(store, saved_draft) -> None:
    with pytest.raises(DraftError, match="author"):
        store.save(saved_draft, 1, " ", "msg")


def test_unknown_drafts_and_revisions_are_named_in_the_error(store, saved_draft) -> None:
    with pytest.raises(NotFoundError, match="no draft named 'nope'"):
        store.load("nope")
    with pytest.raises(NotFoundError, match="has no revision 9"):
        store.load("demo", 9)


def test_a_one_clause_change_grows_the_database_by_about_one_clause(sqlite_store, small_library) -> None:
    store = sqlite_store
    from tests.conftest import make_draft

    draft = make_draft(small_library)
    for index in range(120):
        draft, _ = assemble.add_custom(draft, "energy", f"c{index}", f"Clause number {index} " + "word " * 150)
    draft = store.create(draft, "Ann")
    assert draft.revision is not None
    before = store.size_bytes()
    revision = draft.revision
    changed_bytes = 0
    for index in range(40):
        clause = draft.clauses()[5 + index]
        new_text = clause.text + f" Amended in round {index}."
        changed_bytes += len(new_text.encode())
        draft = store.save(assemble.set_text(draft, clause.id, new_text), revision, "Ann", "edit").draft
        revision += 1
    growth = store.size_bytes() - before
    # each save adds the changed clause plus a chunk list, a section, a root and a revision row (page-rounded);
    # rewriting the whole draft would add about 120 clauses per save, thirty times this bound
    assert growth <= 4 * changed_bytes, (growth, changed_bytes)


def test_a_failed_save_leaves_earlier_revisions_intact(store, saved_draft) -> None:
    class Boom(Exception):
        pass

    def explode(draft):
        raise Boom

    with pytest.raises(Boom):
        store.edit("demo", explode, "Ann", "never")
    assert store.head("demo") == 1
    assert store.load("demo").sections == saved_draft.sections


def test_a_working_copy_is_kept_per_owner_and_is_not_a_revision(store, saved_draft) -> None:
    clause = saved_draft.clauses()[0]
    edited = assemble.set_text(saved_draft, clause.id, "Unsaved wording.")
    store.keep_working_copy("ann", edited, 1)
    store.keep_working_copy("ann", assemble.set_text(edited, clause.id, "Newer unsaved wording."), 1)
    assert store.head("demo") == 1
    base, draft, _when = store.working_copy("ann", "demo")
    assert base == 1 and draft.clause(clause.id).text == "Newer unsaved wording."
    assert store.working_copy("bob", "demo") is None
    store.drop_working_copy("ann", "demo")
    assert store.working_copy("ann", "demo") is None


def test_a_clause_without_acceptances_keeps_the_hash_it_had_before_acceptances_existed(saved_draft) -> None:
    from charter.store.trees import canonical, clause_hash, object_hash

    clause = saved_draft.clauses()[0]
    before = clause.model_dump(mode="json")
    for later in ("accepted", "brackets", "reservations", "versions"):  # fields added after the first revisions
        del before[later]
    assert clause_hash(clause) == object_hash(canonical(before))
    accepted = assemble.accept_wording(saved_draft, clause.id, "register.rights", "rights", "why", "Ann")
    assert clause_hash(accepted.clause(clause.id)) != clause_hash(clause)


def test_acceptances_and_the_binding_mark_are_saved_and_read_back(store, saved_draft) -> None:
    clause = saved_draft.clauses()[0]
    changed = assemble.accept_wording(saved_draft, clause.id, "register.rights", "rights", "why", "Ann")
    changed = assemble.update_settings(changed, binding=True)
    store.save(changed, 1, "Ann", "Accept and bind")
    loaded = store.load("demo")
    assert loaded.clause(clause.id).accepted == changed.clause(clause.id).accepted
    assert loaded.settings.binding is True


def test_the_store_refuses_control_characters_in_authors_and_messages(store, saved_draft) -> None:
    from charter.errors import CharterError

    edited = assemble.set_status(saved_draft, saved_draft.clauses()[0].id, Status.AGREED)
    with pytest.raises(CharterError, match="author name"):
        store.save(edited, 1, "Ann\x1b[2J", "fine")
    with pytest.raises(CharterError, match="save message"):
        store.save(edited, 1, "Ann", "fix \u202e")
    assert store.head("demo") == 1
