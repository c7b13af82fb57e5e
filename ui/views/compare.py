"""Compare page: any two revisions, or a revision against the library, as a redline."""

from __future__ import annotations

from html import escape

import streamlit as st

from charter.compare import report
from charter.compare.diff import compare, compare_with_library
from charter.errors import CharterError
from ui import state
from ui.frame import page_frame

page_frame()

space = state.require_workspace()
store = state.store()
st.title("Compare", anchor=False)
revisions = [info.revision for info in store.history(space.name)]
rounds = store.rounds(space.name)
by_round = bool(rounds) and st.radio("Compare", ["revisions", "rounds"], horizontal=True, key="cmp-by") == "rounds"
c1, c2, c3 = st.columns(3)
if by_round:
    # each round, oldest first, and the latest revision when it is past the last round
    points = {f"{r.name} (revision {r.revision})": r.revision for r in rounds}
    if revisions[-1] > rounds[-1].revision:
        points[f"latest (revision {revisions[-1]})"] = revisions[-1]
    labels = list(points)
    older_label = c1.selectbox("From round", labels, index=max(0, len(labels) - 2), key="cmp-from-round")
    newer_label = c2.selectbox("To round", labels, index=len(labels) - 1, key="cmp-to-round")
    older, newer = str(points[older_label]), points[newer_label]
else:
    older = str(
        c1.selectbox("From", ["library", *map(str, revisions)], index=max(0, len(revisions) - 1), key="cmp-from")
    )
    newer = c2.selectbox("To", revisions, index=len(revisions) - 1, key="cmp-to")
layout = c3.radio("View", ["inline", "side by side"], horizontal=True, key="cmp-layout")

with st.spinner("Comparing..."):
    if older == "library":
        comparison = compare_with_library(store.load(space.name, newer), state.library())
    else:
        comparison = compare(store.load(space.name, int(older)), store.load(space.name, newer))
summary = comparison.summary
m = st.columns(5)
m[0].metric("Clauses changed", len(comparison.changed))
m[1].metric("Words inserted", summary.words_inserted)
m[2].metric("Words deleted", summary.words_deleted)
m[3].metric("Comments added", summary.comments_added)
m[4].metric("Reservations changed", summary.reservations_changed)
rows = comparison.by_area_and_kind()
if rows:
    state.table(rows)
    links = " · ".join(
        f'<a href="#c-{escape(c.id)}">{escape(c.number or "")} {escape(c.change)}</a>' for c in comparison.changed
    )
    st.html(f"<div>Jump to: {links}</div>")
st.html(report.to_html(comparison, side_by_side=layout == "side by side"))

if older != "library" and int(older) < newer:
    sign_by = st.radio(
        "Sign each tracked change with",
        ["delegation", "author"],
        format_func=lambda how: "the delegation that made it" if how == "delegation" else "its author's name",
        horizontal=True,
        key="cmp-sign-by",
        help="Word shows each signature's changes in a colour of its own.",
    )
    if st.button("Prepare the redline .docx (tracked changes)"):
        # the Word stack (python-docx, lxml) is imported when a file is asked for, not on every visit
        from charter.word import redline_bytes
        from charter.word.record import record_redline

        try:
            with st.spinner("Writing tracked changes..."):
                data = redline_bytes(store, space.name, int(older), newer, sign_by=sign_by)
        except CharterError as err:
            state.show_error(err)
        else:
            st.download_button(
                "Download the redline .docx",
                data,
                file_name=f"{space.name}-r{older}-r{newer}-redline.docx",
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                on_click=lambda: record_redline(store, state.author() or "(local user)", space.name, int(older), newer),
            )
