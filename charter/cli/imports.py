"""`charter import` and `charter import-new`: bring .docx files back as revisions or drafts."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add the import commands."""
