"""`charter export` and `charter redline`: Word files."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add the Word commands."""
