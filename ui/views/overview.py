"""Overview page: clause status per area, open brackets per delegation, rounds, convergence, and who saved when."""

from __future__ import annotations

import altair as alt
import streamlit as st

from charter.drafting.progress import burn_down, status_by_area, status_totals
from charter.store.workspace import in_zone
from ui import delegations, negotiation, state
from ui.frame import page_frame
from ui.languages import language_table

page_frame()

STATUSES = ["agreed", "bracketed", "proposed"]
COLOURS = alt.Scale(domain=STATUSES, range=["#16a34a", "#d97706", "#94a3b8"])

space = state.require_workspace()
store = state.store()
draft = space.draft(store)
st.title("The negotiation at a glance", anchor=False)

areas = status_by_area(draft)
table = [area.row() for area in areas]
total = status_totals(draft)
m = st.columns(3)
m[0].metric("Agreed", total["agreed"])
m[1].metric("Bracketed", total["bracketed"])
m[2].metric("Proposed", total["proposed"])
if table:
    st.subheader("Clauses per area", anchor=False)
    long = [{"area": row["area"], "status": s, "clauses": row[s]} for row in table for s in STATUSES]
    order = [area.name for area in areas]  # the order of the areas in a charter, as in the table below
    bars = (
        alt.Chart(alt.Data(values=long))
        .mark_bar()
        .encode(
            y=alt.Y("area:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X("clauses:Q", title="clauses", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("status:N", scale=COLOURS, sort=STATUSES, title="status"),
            order=alt.Order("order:Q"),
            tooltip=["area:N", "status:N", "clauses:Q"],
        )
        .transform_calculate(order=f"indexof({STATUSES!r}, datum.status)")
    )
    st.altair_chart(bars, width="stretch")
    state.table(table)

history = store.history(space.name)
revisions = {info.revision: store.load(space.name, info.revision) for info in history}
negotiation.open_brackets(draft)
with st.expander("The delegations' tags in brackets"):
    delegations.tags_form(draft)
negotiation.rounds_burn_down(revisions, store.rounds(space.name), history[-1].revision)

st.subheader("Does the negotiation converge?", anchor=False)
st.caption("Clauses per status after each revision: the bracketed and proposed lines should fall.")
progress = burn_down(revisions.values())
points = [{"revision": row["revision"], "status": s, "clauses": row[s]} for row in progress for s in STATUSES]
converge = (
    alt.Chart(alt.Data(values=points))
    .mark_line(point=True)
    .encode(
        x=alt.X("revision:Q", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False, padding=12)),
        y=alt.Y("clauses:Q", axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("status:N", scale=COLOURS, sort=STATUSES, title="status"),
        tooltip=["revision:Q", "status:N", "clauses:Q"],
    )
)
st.altair_chart(converge, width="stretch")
state.table([{"revision": row["revision"], **{s: row[s] for s in STATUSES}} for row in progress])

st.subheader("Revisions by author", anchor=False)
zone = "UTC"
timeline = []
for info in history:
    shown, zone = in_zone(info.time, st.context.timezone)
    timeline.append({"revision": info.revision, "time": shown.isoformat(), "author": info.author})
when = (
    alt.Chart(alt.Data(values=timeline))
    .mark_circle(size=80)
    .encode(
        x=alt.X(
            "time:T",
            title=f"saved at ({zone})",
            axis=alt.Axis(format="%d %b %H:%M"),
            scale=alt.Scale(padding=16),
        ),
        y=alt.Y("revision:Q", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(padding=12)),
        color=alt.Color("author:N", title="author"),
        tooltip=["revision:Q", "author:N", alt.Tooltip("time:T", format="%Y-%m-%d %H:%M", title=f"time ({zone})")],
    )
)
st.altair_chart(when, width="stretch")

# the other languages: how many versions are confirmed, stale, unreviewed or missing
language_table(draft)
