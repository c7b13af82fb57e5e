"""The Streamlit app: navigation over one small module per page."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Charter drafting assistant", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", url_path="overview"),
    st.Page("pages/library.py", title="Library", url_path="library"),
    st.Page("pages/draft.py", title="Draft", url_path="draft", default=True),
    st.Page("pages/history.py", title="History", url_path="history"),
    st.Page("pages/compare.py", title="Compare", url_path="compare"),
    st.Page("pages/word.py", title="Word", url_path="word"),
]
st.navigation(pages).run()
