"""Shared fixtures: a real SQLite store on a temporary file, and small libraries."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft
from charter.library import Library, load_library
from charter.store import Store

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def small_library() -> Library:
    return load_library(DATA / "clauses" / "small")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "charter.db")


def make_draft(library: Library, name: str = "demo") -> Draft:
    """Return an unsaved draft holding every clause of `library`."""
    draft = assemble.new_draft(name, demo_settings(place="Baku", date="1 December 2026"))
    for clause in library:
        draft, _ = assemble.add_clause(draft, library, clause.id)
    return draft


@pytest.fixture
def saved_draft(store: Store, small_library: Library) -> Draft:
    return store.create(make_draft(small_library), "Tester")
