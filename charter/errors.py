"""Errors raised by the charter package."""

from __future__ import annotations

from typing import Any


class CharterError(Exception):
    """Base class for every error the charter package raises on purpose."""

    exit_code = 2


class LibraryError(CharterError):
    """A clause library file is malformed."""


class TemplateError(CharterError):
    """A clause text uses a variable that is not known, or a stray `$`."""


class DraftError(CharterError):
    """A draft operation names something that does not exist or is invalid."""


class UnsafeTextError(CharterError):
    """A name, title, message or clause text holds a control character that would hide or disguise text."""


class NotFoundError(CharterError):
    """A draft, revision or clause was not found."""


class StoreError(CharterError):
    """The store could not complete an operation."""


class ConflictError(CharterError):
    """A save overlaps an edit made meanwhile; nothing was saved."""

    exit_code = 3

    def __init__(self, message: str, conflicts: list[Any], base: int, head: int) -> None:
        super().__init__(message)
        self.conflicts = conflicts
        self.base = base
        self.head = head


class CheckError(CharterError):
    """The drafting-check rules file is malformed."""


class WordError(CharterError):
    """A .docx file could not be written or read."""


class PermissionDenied(CharterError):
    """The user's role or areas do not allow this action."""

    exit_code = 4


class ReviewError(CharterError):
    """A review of a counterpart's tracked changes names an unknown change, decides one twice or leaves one open."""
