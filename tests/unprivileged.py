"""Running `charter` as a user whom file permissions bind: root reads and writes any file regardless.

As root, commands run as `nobody` through setpriv, in a folder under /tmp that nobody can reach;
as anyone else they run as that user, and a chmod is enough.

When this interpreter lies where nobody may not go (a pyenv Python under /root), nobody runs a
system Python of the same version in a small venv that adds this environment's site-packages.
"""

from __future__ import annotations

import atexit
import functools
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
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


def _runs_as_nobody(python: str) -> bool:
    # through a shell, because setpriv's own exec of the program can succeed where nobody's exec fails
    done = subprocess.run(
        [*prefix(), "/bin/sh", "-c", '"$0" -c "import sqlite3"', python],
        cwd="/",
        env=environment(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode == 0


@functools.cache
def python() -> str:
    """Return a Python the unprivileged user can run (and re-run, as `charter serve` does) with charter importable."""
    if not prefix() or _runs_as_nobody(sys.executable):
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if Path(candidate).exists() and _runs_as_nobody(candidate):
            break
    else:
        missing(f"nobody can run {sys.executable}, and no system {version} either")
    folder = Path(tempfile.mkdtemp(prefix="charter-nobody-python-", dir="/tmp"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    subprocess.run([candidate, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    site_packages = Path(subprocess.check_output([str(folder / "bin" / "python"), "-c", _PURELIB], text=True).strip())
    here = sysconfig.get_paths()["purelib"]
    (site_packages / "charter-tests.pth").write_text(f"import site; site.addsitedir({here!r})\n")
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IRGRP | stat.S_IROTH | (0o055 if path.is_dir() else 0))
    return str(folder / "bin" / "python")


_PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"


def environment(**extra: str) -> dict[str, str]:
    """Return the environment for an unprivileged charter: no bytecode writes, no stray database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CHARTER_")}
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "HOME": tempfile.gettempdir(), "CHARTER_AUTHOR": "Ann", **extra})
    return env


def charter(*args: str, cwd: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real `charter` command unprivileged and return what it did."""
    return subprocess.run(
        [*prefix(), python(), "-m", "charter", *args],
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
            [*prefix(), python(), "-c", "import charter.cli"],
            cwd=folder,
            env=environment(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check.returncode != 0:
            missing(f"an unprivileged user cannot run {python()} with charter from {ROOT}: {check.stderr[-300:]}")
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(stat.S_IRWXU)
        shutil.rmtree(folder, ignore_errors=True)
