"""A database the user may not write: reads and exports work, a save is one line naming the file, exit 2.

The real `charter` command runs as an unprivileged user (see tests/unprivileged.py), because
root ignores file permissions and would write the file anyway.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.access import accounts
from charter.drafting import assemble
from charter.library import Library
from charter.store import Store
from tests.conftest import DATA, make_draft
from tests.unprivileged import charter, shared_folder

SMALL = str(DATA / "clauses" / "small")


def _fill(path: Path, library: Library) -> None:
    store = Store(path)
    draft = store.create(make_draft(library), "Ann")
    clause = draft.clauses()[0]
    store.save(assemble.set_text(draft, clause.id, "Edited once."), 1, "Bo", "first edit")
    accounts.add_user(store, "vera", "viewer", "ViewerPass123!")
    store.close()


@pytest.fixture(params=["file", "folder"])
def read_only_db(request: pytest.FixtureRequest, small_library: Library) -> Iterator[tuple[Path, Path]]:
    """Yield (database, a writable work folder) where the file, or the folder holding it, is read-only."""
    with shared_folder() as root:
        folder = root / "data"
        folder.mkdir()
        work = root / "work"
        work.mkdir()
        work.chmod(0o777)
        db = folder / "charter.db"
        _fill(db, small_library)
        assert not Path(f"{db}-wal").exists(), "the test database must be closed cleanly"
        if request.param == "file":
            folder.chmod(0o777)
            db.chmod(0o444)
        else:  # the file itself may be written, but not the folder where SQLite keeps its -wal and -shm files
            db.chmod(0o666)
            folder.chmod(0o555)
        yield db, work


def _one_line_naming(result, db: Path) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(db) in lines[0], lines[0]
    return str(lines[0])


def test_list_show_log_and_export_work_on_a_read_only_database(read_only_db: tuple[Path, Path]) -> None:
    db, work = read_only_db
    listed = charter("--db", str(db), "draft", "list", cwd=work)
    assert listed.returncode == 0, listed.stderr
    assert "demo" in listed.stdout and "revision 2" in listed.stdout
    shown = charter("--db", str(db), "--library", SMALL, "draft", "show", "demo", cwd=work)
    assert shown.returncode == 0, shown.stderr
    assert "Edited once." in shown.stdout
    older = charter("--db", str(db), "--library", SMALL, "draft", "show", "demo", "--rev", "1", cwd=work)
    assert older.returncode == 0 and "Edited once." not in older.stdout, older.stderr
    log = charter("--db", str(db), "draft", "log", "demo", cwd=work)
    assert log.returncode == 0 and "first edit" in log.stdout, log.stderr
    exported = charter("--db", str(db), "--library", SMALL, "export", "demo", "-o", str(work / "demo.docx"), cwd=work)
    assert exported.returncode == 0, exported.stderr
    assert (work / "demo.docx").stat().st_size > 0
    assert charter("--db", str(db), "db", "check", cwd=work).returncode == 0


def test_a_signed_in_user_can_read_a_read_only_database(read_only_db: tuple[Path, Path]) -> None:
    db, work = read_only_db
    done = charter("--db", str(db), "--user", "vera", "draft", "list", cwd=work, CHARTER_PASSWORD="ViewerPass123!")
    assert done.returncode == 0, done.stderr
    assert "demo" in done.stdout
    wrong = charter("--db", str(db), "--user", "vera", "draft", "list", cwd=work, CHARTER_PASSWORD="not the password")
    assert wrong.returncode == 4, wrong.stderr
    assert wrong.stderr.strip() == "charter: wrong name or password"


def test_a_save_on_a_read_only_database_is_one_line_naming_the_file_with_exit_2(
    read_only_db: tuple[Path, Path],
) -> None:
    db, work = read_only_db
    shown = charter("--db", str(db), "--library", SMALL, "draft", "show", "demo", "--format", "json", cwd=work)
    clause_id = json.loads(shown.stdout)["sections"][0]["clauses"][0]["id"]
    saved = charter("--db", str(db), "draft", "set-text", "demo", clause_id, "--text", "Changed.", cwd=work)
    line = _one_line_naming(saved, db)
    assert line == (
        f"charter: {db}: the database is read-only (no write permission on the file or its folder); nothing was saved"
    )
    add = ("user", "add", "mallory", "--role", "admin", "--password-stdin")
    added = charter("--db", str(db), *add, cwd=work, stdin="Mallory12345!\n")
    _one_line_naming(added, db)
    log = charter("--db", str(db), "draft", "log", "demo", cwd=work)
    assert len(log.stdout.strip().splitlines()) == 2, log.stdout


def test_a_new_database_in_a_read_only_folder_is_one_line_naming_the_file_with_exit_2() -> None:
    with shared_folder() as root:
        folder = root / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        for db in (folder / "charter.db", folder / "sub" / "charter.db"):
            done = charter("--db", str(db), "draft", "list", cwd=root)
            assert done.returncode == 2, (done.stdout, done.stderr)
            assert "Traceback" not in done.stderr, done.stderr
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert done.stderr.startswith(f"charter: {db}: cannot create the database"), done.stderr
