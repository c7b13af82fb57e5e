"""What the AppTest suites share: the app's entry file and a real database holding the demo draft."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import streamlit as st

from charter.drafting.demo import ensure_demo
from charter.library import load_library
from charter.store import Store

APP = str(Path(__file__).parents[2] / "ui" / "app.py")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store in a temporary file holding the demo draft, which the app opens through $CHARTER_DB."""
    path = tmp_path / "ui.db"
    monkeypatch.setenv("CHARTER_DB", str(path))
    monkeypatch.delenv("CHARTER_LIBRARY", raising=False)
    st.cache_resource.clear()
    store = Store(path)
    ensure_demo(store, load_library())
    return store


def drawn_clauses(at) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the HTML of every clause the Draft page drew (each one an `st.html` element)."""
    return [h.value for h in at.html if 'class="charter-clause"' in h.value]


def badge_shown(at, colour: str, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Return True when a drawn clause carries the badge `text` in `colour`."""
    badge = f'<span class="charter-badge {colour}">{html.escape(text)}</span>'
    return any(badge in clause for clause in drawn_clauses(at))


def reading(clause_html: str) -> str:
    """Return a drawn clause as a reader sees it: tags left out, entities read, spaces as one."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", clause_html)).split())
