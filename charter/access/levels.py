"""The roles, on their own so that the command line can name them without loading the models."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user may do: viewers read, editors also write, admins also manage users."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


#: How roles rank: each may do what those below it may.
RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}
