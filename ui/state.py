"""What every page shares: the store and library (read-only resources) and the current draft name."""

from __future__ import annotations

import os

import streamlit as st

from charter.library import Library, load_library
from charter.store import Store


@st.cache_resource
def library() -> Library:
    """Return the clause library, loaded once per server."""
    return load_library(os.environ.get("CHARTER_LIBRARY") or None)


@st.cache_resource
def store() -> Store:
    """Return the store on $CHARTER_DB (or the embedded database)."""
    return Store(os.environ.get("CHARTER_DB") or None)
