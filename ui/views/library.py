"""Library page: browse, search and filter clauses, see alternatives, add one to the draft."""

from __future__ import annotations

from functools import partial

import streamlit as st

from charter.drafting import assemble
from charter.drafting.model import AREAS, Draft
from charter.drafting.render import library_placements
from ui import state
from ui.frame import page_frame

page_frame()

library = state.library()


def _add(draft: Draft, library_id: str, alternative: str) -> Draft:
    return assemble.add_clause(draft, library, library_id, alternative)[0]


st.title("Clause library", anchor=False)
f1, f2, f3 = st.columns([1, 2, 1])
area = f1.selectbox("Area", ["(all)", *library.areas()], format_func=lambda a: AREAS.get(a, a))
query = f2.text_input("Search", placeholder="words in the id, title, tags or text")
tag = f3.selectbox("Tag", ["(any)", *library.tags()])
found = library.search(query or None, None if area == "(all)" else area, None if tag == "(any)" else tag)
st.caption(f"{len(found)} of {len(library)} clauses")
space = state.workspace()
placed = library_placements(state.current_draft()) if space is not None else {}

for clause in found[:100]:
    where = placed.get(clause.id)
    held = f" · in the draft as {', '.join(where)}" if where else ""
    with st.expander(state.md(f"{clause.title} ({clause.id}){held}")):
        st.caption(state.md(f"{AREAS[clause.area]} · tags: {', '.join(clause.tags)}"))
        for label in clause.labels:
            st.markdown(f"**{state.md(label)}**")
            st.text(clause.wording(label))
        if clause.notes:
            st.caption(state.md(f"Note: {clause.notes}"))
        if space is not None:
            choice = st.selectbox("Wording to add", clause.labels, key=f"alt-{clause.id}")
            again = True
            if where:
                again = st.checkbox(
                    f"The draft already holds this clause as {', '.join(where)}; add it once more",
                    key=f"again-{clause.id}",
                )
            if st.button("Add to the draft", key=f"add-{clause.id}", disabled=not again):
                if state.apply(partial(_add, library_id=clause.id, alternative=str(choice))):
                    st.session_state["toast"] = f"Added “{clause.title}” to the draft; save it on the Draft page."
                    st.rerun()
if len(found) > 100:
    st.caption("Showing the first 100; narrow the search to see more.")
