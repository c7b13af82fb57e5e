"""The Streamlit app: navigation over one small module per page."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Charter drafting assistant", layout="wide")

pages = [
    st.Page("pages/draft.py", title="Draft", default=True),
]
st.navigation(pages).run()
