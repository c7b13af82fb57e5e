"""External programs for the acceptance tests: skip without them locally, fail without them in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NoReturn

import pytest


def missing(reason: str) -> NoReturn:
    """Skip the test, or fail it in CI (CI=true), where every program must be installed."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def need(program: str) -> str:
    """Return the program's path; skip without it, except in CI where it must be there."""
    path = shutil.which(program)
    if path is None:
        missing(f"{program} is not on PATH")
    return path


def run(command: list[str], timeout: int = 180) -> str:
    """Return the standard output of a command that must succeed."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{command[0]} failed: {done.stderr}"
    return done.stdout
