"""`charter db`: copying between databases, checking, backing up, and one clear line for a broken file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from charter.cli import main
from charter.drafting import assemble
from charter.store import Store
from charter.store.maintenance import check_store, copy_store
from tests.conftest import make_draft


def filled(path: str, library) -> Store:  # type: ignore[no-untyped-def]
    store = Store(path)
    draft = store.create(make_draft(library), "Ann")
    for index in range(3):
        clause = draft.clauses()[index]
        edited = assemble.set_text(draft, clause.id, f"Edited text {index}.")
        draft = store.save(edited, draft.revision or 0, "Bo", "e").draft
    return store


def test_a_copy_holds_every_revision_equal_to_the_original(tmp_path: Path, database: str, small_library) -> None:
    source = filled(str(tmp_path / "source.db"), small_library)
    target = Store(database)
    counts = copy_store(source, target)
    assert counts["revisions"] == 4
    assert [h.message for h in target.history("demo")] == [h.message for h in source.history("demo")]
    for revision in range(1, 5):
        assert target.load("demo", revision).sections == source.load("demo", revision).sections
    assert not check_store(target).problems


def test_a_copy_into_a_database_that_holds_drafts_is_refused_and_copies_nothing(tmp_path: Path, small_library) -> None:
    source = filled(str(tmp_path / "a.db"), small_library)
    target = filled(str(tmp_path / "b.db"), small_library)
    code = main(["--db", str(source.path), "db", "copy", str(target.path)])
    assert code == 2
    assert len(target.history("demo")) == 4


def test_a_backup_is_a_complete_database_that_passes_its_check(tmp_path: Path, small_library, capsys) -> None:
    store = filled(str(tmp_path / "live.db"), small_library)
    assert main(["--db", str(store.path), "db", "backup", str(tmp_path / "copy.db")]) == 0
    assert main(["--db", str(tmp_path / "copy.db"), "db", "check"]) == 0
    assert "no problems found" in capsys.readouterr().out
    assert len(Store(tmp_path / "copy.db").history("demo")) == 4


def test_garbage_in_the_middle_of_the_file_gives_one_line_and_exit_2(tmp_path: Path, small_library) -> None:
    store = filled(str(tmp_path / "broken.db"), small_library)
    store.close()
    path = Path(store.path)
    data = bytearray(path.read_bytes())
    # 4 KB of garbage in every other page after the first: whatever a command reads, it meets damage
    for page in range(4096, len(data), 8192):
        data[page : page + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    for command in (["draft", "show", "demo"], ["db", "check"], ["export", "demo", "-o", str(tmp_path / "x.docx")]):
        done = subprocess.run(
            [sys.executable, "-m", "charter", "--db", str(path), *command], capture_output=True, text=True, check=False
        )
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        output = (done.stderr + done.stdout).strip()
        assert str(path) in output or "broken.db" in output, output


def test_the_check_names_an_object_whose_content_no_longer_matches_its_key(database: str, small_library) -> None:
    import zlib

    store = filled(database, small_library)
    with store.backend.write() as tx:
        digest = next(tx.rows("objects"))[0]
        tx.execute("UPDATE objects SET data = ? WHERE hash = ?", (zlib.compress(b'{"tampered": true}'), digest))
    store.clear_cache()
    problems = check_store(store).problems
    assert any(digest in problem and "hashes to" in problem for problem in problems), problems
