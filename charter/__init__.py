"""Drafting assistant for bilateral strategic partnership charters."""

from charter.drafting.assemble import make_settings, new_draft
from charter.drafting.model import Clause, Draft, DraftClause, Section, Settings, Status
from charter.drafting.render import render_draft
from charter.errors import CharterError, ConflictError
from charter.library import Library, load_library
from charter.store import Store

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
