"""A save on a full disk: one line naming the file and the cause, exit 2, and every earlier revision intact.

The disk is a 512 KB tmpfs, mounted for the test (root only; CI runs as root) and filled with a file.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.e2e.programs import missing

SMALL = str(DATA / "clauses" / "small")


def charter(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "charter", "--db", str(db), "--library", SMALL, *args],
        env=dict(os.environ, CHARTER_AUTHOR="Ann"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Yield a folder on a new 512 KB tmpfs; unmount it afterwards."""
    if os.geteuid() != 0:
        pytest.skip("the full-disk test mounts a small tmpfs, which needs root")
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if mount is None or umount is None:
        missing("the full-disk test needs mount and umount")
    folder = tmp_path / "disk"
    folder.mkdir()
    command = [mount, "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        missing(f"cannot mount a tmpfs for the full-disk test: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run([umount, "-l", str(folder)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk with one file until only about `leave` bytes are free; return the file."""
    filler = disk / "filler"
    with open(filler, "wb") as out:
        try:
            while shutil.disk_usage(disk).free > leave:
                out.write(b"\0" * min(4096, shutil.disk_usage(disk).free - leave or 1))
                out.flush()
        except OSError:
            pass  # nothing left: the disk is full
    return filler


@pytest.mark.parametrize("leave", [0, 48 * 1024], ids=["no-byte-left", "too-little-left"])
def test_a_save_on_a_full_disk_is_one_line_naming_the_file_and_keeps_every_revision(small_disk: Path, leave) -> None:
    db = small_disk / "charter.db"
    ok(charter(db, "draft", "new", "demo", "--party-a", "the Republic of Azerbaijan", "--party-b", "the USA"))
    ok(charter(db, "draft", "add", "demo", "preamble.friendship", "energy.methane"))
    clause = json.loads(ok(charter(db, "draft", "show", "demo", "--format", "json")))["sections"][0]["clauses"][0]
    ok(charter(db, "draft", "set-text", "demo", clause["id"], "--text", "Written before the disk filled."))
    before = [ok(charter(db, "draft", "show", "demo", "--rev", str(rev), "--format", "json")) for rev in (1, 2, 3)]
    log = ok(charter(db, "draft", "log", "demo"))

    filler = fill(small_disk, leave)
    # random words, so that compression cannot make the new revision fit in what is left
    text = " ".join(secrets.token_hex(8) for _ in range(5000))
    saved = charter(db, "draft", "set-text", "demo", clause["id"], "--text", text)
    assert saved.returncode == 2, (saved.stdout, saved.stderr)
    assert "Traceback" not in saved.stderr, saved.stderr
    lines = saved.stderr.strip().splitlines()
    assert len(lines) == 1, saved.stderr
    assert lines[0].startswith(f"charter: {db}: "), lines[0]
    assert "full" in lines[0] and "free some disk space and try again; the saved revisions are intact" in lines[0]

    filler.unlink()
    assert ok(charter(db, "draft", "log", "demo")) == log
    after = [ok(charter(db, "draft", "show", "demo", "--rev", str(rev), "--format", "json")) for rev in (1, 2, 3)]
    assert after == before
    assert "no problems found" in ok(charter(db, "db", "check"))
    ok(charter(db, "draft", "set-text", "demo", clause["id"], "--text", "Written once there was room again."))
    assert ok(charter(db, "draft", "log", "demo")).startswith("r4 ")
