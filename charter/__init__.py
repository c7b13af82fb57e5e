"""Drafting assistant for bilateral strategic partnership charters.

The public names below load on first use (PEP 562), so that `charter --help` and the light
commands start without importing pydantic, the store or python-docx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CharterError": "charter.errors",
    "ConflictError": "charter.errors",
    "Clause": "charter.drafting.model",
    "Draft": "charter.drafting.model",
    "DraftClause": "charter.drafting.model",
    "Section": "charter.drafting.model",
    "Settings": "charter.drafting.model",
    "Status": "charter.drafting.model",
    "Library": "charter.library",
    "load_library": "charter.library",
    "make_settings": "charter.drafting.assemble",
    "new_draft": "charter.drafting.assemble",
    "render_draft": "charter.drafting.render",
    "Store": "charter.store",
}

__all__ = [
    "CharterError",
    "Clause",
    "ConflictError",
    "Draft",
    "DraftClause",
    "Library",
    "Section",
    "Settings",
    "Status",
    "Store",
    "load_library",
    "make_settings",
    "new_draft",
    "render_draft",
]

if TYPE_CHECKING:
    from charter.drafting.assemble import make_settings, new_draft
    from charter.drafting.model import Clause, Draft, DraftClause, Section, Settings, Status
    from charter.drafting.render import render_draft
    from charter.errors import CharterError, ConflictError
    from charter.library import Library, load_library
    from charter.store import Store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'charter' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
