"""The Overview's negotiation figures: open brackets per area and per delegation, and the burn-down by round."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import streamlit as st

from charter.drafting.model import DELEGATIONS, Draft
from charter.negotiation.progress import UNATTRIBUTED, bracket_totals, brackets_by_area, burn_down_by_round
from charter.store import RoundInfo
from ui import delegations, state

#: The series of the burn-down by round, and their colours (the statuses as on the rest of the page).
SERIES = ["agreed", "bracketed", "proposed", "open brackets"]
SERIES_COLOURS = alt.Scale(domain=SERIES, range=["#16a34a", "#d97706", "#94a3b8", "#0f172a"])


def open_brackets(draft: Draft) -> None:
    """Show the open brackets and reservations of the draft, per delegation and per area."""
    st.subheader("Open brackets", anchor=False)
    shown = delegations.names(draft)
    total = bracket_totals(draft)
    if not total.clauses:
        st.caption("No open brackets or reservations: no phrase is disputed between the delegations.")
        return
    st.caption(
        "Each open bracket counts once; each wording in it counts for the delegation that proposes it, "
        "and each reservation on a whole clause for the delegation that placed it."
    )
    m = st.columns(2)
    m[0].metric("Open brackets", total.brackets)
    m[1].metric("Clauses with a bracket or reservation", total.clauses)
    by_delegation = [
        {
            "delegation": shown[key],
            "proposals in open brackets": total.proposals[key],
            "reservations": total.reservations[key],
        }
        for key in DELEGATIONS
    ]
    if total.proposals[UNATTRIBUTED]:
        unattributed = {"delegation": "(unattributed)", "proposals in open brackets": total.proposals[UNATTRIBUTED]}
        by_delegation.append({**unattributed, "reservations": 0})
    state.table(by_delegation)
    areas = brackets_by_area(draft)
    names = {**shown, UNATTRIBUTED: "(unattributed)"}
    keys = [*DELEGATIONS, UNATTRIBUTED]
    long = [
        {"area": area.name, "delegation": names[key], "proposals": area.proposals[key]}
        for area in areas
        for key in keys
        if area.proposals[key]
    ]
    if long:
        colours = alt.Scale(domain=[names[key] for key in keys], range=[delegations.COLOURS[key] for key in keys])
        bars = (
            alt.Chart(alt.Data(values=long))
            .mark_bar()
            .encode(
                y=alt.Y("area:N", sort=[area.name for area in areas], title=None, axis=alt.Axis(labelLimit=0)),
                x=alt.X("proposals:Q", title="proposals in open brackets", axis=alt.Axis(format="d", tickMinStep=1)),
                color=alt.Color("delegation:N", scale=colours, title="delegation"),
                tooltip=["area:N", "delegation:N", "proposals:Q"],
            )
        )
        st.altair_chart(bars, width="stretch")
    state.table([area.row(shown) for area in areas])


def rounds_burn_down(revisions: Mapping[int, Draft], rounds: Sequence[RoundInfo], head: int) -> None:
    """Show the clauses per status and the open brackets at each round's revision."""
    st.subheader("Burn-down by round", anchor=False)
    if not rounds:
        st.caption("No rounds yet: name the revision each meeting ended on as a round on the History page.")
        return
    st.caption("Clauses per status and open brackets at the end of each round: all but agreed should fall.")
    rows = burn_down_by_round(revisions, rounds, head)
    order = [str(row["round"]) for row in rows]
    points = [{"round": row["round"], "series": name, "count": row[name]} for row in rows for name in SERIES]
    chart = (
        alt.Chart(alt.Data(values=points))
        .mark_line(point=True)
        .encode(
            x=alt.X("round:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=0)),
            y=alt.Y("count:Q", title="clauses or brackets", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("series:N", scale=SERIES_COLOURS, sort=SERIES, title=None),
            tooltip=["round:N", "series:N", "count:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
    state.table([{"round": row["round"], "revision": row["revision"], **{s: row[s] for s in SERIES}} for row in rows])
