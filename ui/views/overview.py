"""Overview page: clause status per area, and the revision timeline by author."""

from __future__ import annotations

import streamlit as st

from charter.drafting.progress import status_by_area, status_totals
from ui import state
from ui.frame import page_frame

page_frame()

space = state.require_workspace()
store = state.store()
draft = space.draft(store)
st.title("The negotiation at a glance", anchor=False)

table = [area.row() for area in status_by_area(draft)]
total = status_totals(draft)
m = st.columns(3)
m[0].metric("Agreed", total["agreed"])
m[1].metric("Bracketed", total["bracketed"])
m[2].metric("Proposed", total["proposed"])
if table:
    st.bar_chart(
        table,
        x="area",
        y=["agreed", "bracketed", "proposed"],
        color=["#16a34a", "#d97706", "#94a3b8"],
        horizontal=True,
        x_label="",
        y_label="clauses",
    )
    state.table(table)

st.subheader("Revisions by author", anchor=False)
history = store.history(space.name)
timeline = [{"revision": h.revision, "time": h.time, "author": h.author} for h in history]
st.scatter_chart(timeline, x="time", y="revision", color="author", x_label="saved at (UTC)", y_label="revision")
