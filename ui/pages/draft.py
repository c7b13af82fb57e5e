"""Draft page: the charter as it will read."""

from __future__ import annotations

import streamlit as st

from charter.errors import CharterError
from charter.render import render_draft
from ui import state

st.title("Draft charter")
try:
    drafts = state.store().drafts()
except CharterError as err:
    st.error(str(err))
    st.stop()
if not drafts:
    st.info("No drafts yet. Create one with `charter draft new`.")
    st.stop()
name = st.selectbox("Draft", [d.name for d in drafts])
view = render_draft(state.store().load(name))
st.subheader(view.title, anchor=False)
st.text(view.chapeau)
for section in view.sections:
    st.subheader(section.heading, anchor=False)
    for clause in section.clauses:
        st.text(f"{clause.number}. " + "\n    ".join(clause.paragraphs))
