"""Running `charter` as a user whom file permissions bind: root reads and writes any file regardless.

As root, commands run as `nobody` through setpriv, in a folder under /tmp that nobody can reach;
as anyone else they run as that user, and a chmod is enough.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.programs import missing

ROOT = Path(__file__).resolve().parent.parent


def prefix() -> list[str]:
    """Return the words that run a command without root's override of file permissions (none when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        missing("running as root, the permission tests need setpriv to drop to nobody")
    nobody = pwd.getpwnam("nobody")
    return [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]


def environment(**extra: str) -> dict[str, str]:
    """Return the environment for an unprivileged charter: no bytecode writes, no stray database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CHARTER_")}
    env.update(PYTHONDONTWRITEBYTECODE="1", HOME=tempfile.gettempdir(), CHARTER_AUTHOR="Ann", **extra)
    return env


def charter(*args: str, cwd: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real `charter` command unprivileged and return what it did."""
    return subprocess.run(
        [*prefix(), sys.executable, "-m", "charter", *args],
        cwd=cwd,
        env=environment(**env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def shared_folder() -> Iterator[Path]:
    """Yield a new folder under /tmp that an unprivileged user may enter and write; remove it afterwards.

    pytest's tmp_path lies under a folder only its owner may enter, so it cannot serve here.
    """
    folder = Path(tempfile.mkdtemp(prefix="charter-perm-", dir="/tmp" if Path("/tmp").is_dir() else None))
    try:
        folder.chmod(0o1777)
        check = subprocess.run(
            [*prefix(), sys.executable, "-c", "import charter.cli"],
            cwd=folder,
            env=environment(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check.returncode != 0:
            missing(f"an unprivileged user cannot run {sys.executable} with charter from {ROOT}: {check.stderr[-300:]}")
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(stat.S_IRWXU)
        shutil.rmtree(folder, ignore_errors=True)
