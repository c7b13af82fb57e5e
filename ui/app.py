"""The Streamlit app: navigation over one small module per page.

The page modules live in `ui/views/`, not `ui/pages/`: Streamlit treats a `pages/` folder next
to the entry file as the older multipage layout and would serve its files directly, by file name.
"""

from __future__ import annotations

import os

import streamlit as st

from charter.errors import CharterError
from ui.sign_in import resume

st.set_page_config(page_title="Charter drafting assistant", layout="wide")

draft = st.Page("views/draft.py", title="Draft", url_path="draft")


def start() -> None:
    """Open the Draft page at its own address, so /draft works like every other page."""
    st.switch_page(draft)


pages = [
    st.Page(start, title="Start", url_path="start", default=True, visibility="hidden"),
    st.Page("views/overview.py", title="Overview", url_path="overview"),
    st.Page("views/library.py", title="Library", url_path="library"),
    draft,
    st.Page("views/history.py", title="History", url_path="history"),
    st.Page("views/compare.py", title="Compare", url_path="compare"),
    st.Page("views/word.py", title="Word", url_path="word"),
    st.Page("views/review.py", title="Review", url_path="review"),
]
try:
    # a browser kept signed in is signed in before the pages are chosen, so a reload of an
    # admin's Users page finds it; a broken database is reported by the page itself
    user = resume()
except CharterError:
    user = None
if user is not None and getattr(user, "role", None) == "admin":
    pages.append(st.Page("views/admin.py", title="Users and audit", url_path="admin"))
page = st.navigation(pages)
if timing := os.environ.get("CHARTER_UI_TIMING"):
    # bench/ui_browser.py and bench/load.py read the server's own time per script run from this file
    from ui import timing as run_timing

    run_timing.install(timing)
    run_timing.name_page(page.url_path)
page.run()
