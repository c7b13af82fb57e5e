"""What the AppTest suites share: the app's entry file and a real database holding the demo draft."""

from __future__ import annotations

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
