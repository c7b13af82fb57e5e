"""Access control: roles, per-area editing rights, accounts and the audit log.

The names load on first use, so that `charter --help` can name roles without the draft models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from charter.access.levels import Role

__all__ = ["Role", "User", "check_edit", "parse_areas", "require"]

if TYPE_CHECKING:
    from charter.access.roles import User, check_edit, parse_areas, require


def __getattr__(name: str) -> Any:
    if name in ("User", "check_edit", "parse_areas", "require"):
        value = getattr(importlib.import_module("charter.access.roles"), name)
        globals()[name] = value
        return value
    if name == "accounts":
        return importlib.import_module("charter.access.accounts")
    raise AttributeError(f"module 'charter.access' has no attribute {name!r}")
