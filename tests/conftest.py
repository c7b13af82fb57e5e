"""Shared fixtures: real stores (a temporary SQLite file; a fresh PostgreSQL database), small libraries.

`database` is parametrised over both backends. PostgreSQL runs where $CHARTER_TEST_PG names a
server (`.ci/postgres` starts one); without it those cases skip locally and fail in CI.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft
from charter.library import Library, load_library
from charter.store import Store
from tests.e2e.programs import missing

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def small_library() -> Library:
    return load_library(DATA / "clauses" / "small")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "charter.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield where a fresh, empty database is: a SQLite file path or a postgresql:// URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "charter.db")
        return
    yield from postgres_database()


def postgres_database() -> Iterator[str]:
    """Yield the URL of a new PostgreSQL database on $CHARTER_TEST_PG's server; drop it afterwards."""
    server = os.environ.get("CHARTER_TEST_PG")
    if not server:
        missing("the PostgreSQL store tests need $CHARTER_TEST_PG (run .ci/postgres to start a server)")
    import psycopg

    name = "charter_test_" + secrets.token_hex(6)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def any_store(database: str) -> Iterator[Store]:
    """A store on each backend in turn."""
    opened = Store(database)
    yield opened
    opened.close()


def make_draft(library: Library, name: str = "demo") -> Draft:
    """Return an unsaved draft holding every clause of `library`."""
    draft = assemble.new_draft(name, demo_settings(place="Baku", date="1 December 2026"))
    for clause in library:
        draft, _ = assemble.add_clause(draft, library, clause.id)
    return draft


@pytest.fixture
def saved_draft(store: Store, small_library: Library) -> Draft:
    return store.create(make_draft(small_library), "Tester")
