"""Admin page: users and the audit log (admins only)."""

from __future__ import annotations

import streamlit as st

from charter.access import accounts
from charter.access.roles import Role, require
from charter.drafting.model import AREAS, DELEGATIONS
from charter.errors import CharterError
from ui import delegations, state
from ui.frame import page_frame

page_frame()

st.title("Users and audit log", anchor=False)
try:
    require(state.actor(), Role.ADMIN, "manage users or read the audit log")
except CharterError as err:
    state.show_error(err)
    st.stop()
store = state.store()
shown = delegations.names()
choices = ["", *DELEGATIONS]


def delegation_label(key: str) -> str:
    return f"{shown[key]} ({key})" if key else "none"


state.table(
    [
        {
            "name": u.name,
            "role": u.role.value,
            "areas": ", ".join(u.areas) or "all",
            "delegation": delegation_label(u.delegation or ""),
        }
        for u in accounts.users(store)
    ]
)
with st.form("add-user", clear_on_submit=True):
    st.markdown("**Add a user**")
    c1, c2 = st.columns(2)
    name = c1.text_input("Name")
    role = c2.selectbox("Role", [r.value for r in Role])
    areas = st.multiselect("Limit an editor to areas (none for all)", list(AREAS))
    delegation = st.selectbox("Delegation", choices, format_func=delegation_label)
    password = st.text_input("Initial password (10 characters or more)", type="password")
    if st.form_submit_button("Add user", disabled=state.read_only()):
        try:
            accounts.add_user(
                store, name, role, password, tuple(areas), by=state.actor(), delegation=delegation or None
            )
        except CharterError as err:
            state.show_error(err)
        else:
            st.success(state.md(f"Added {name}."))
names = [u.name for u in accounts.users(store)]
if names:
    c1, c2, c3 = st.columns([2, 1, 1])
    member = c1.selectbox("Change the delegation of", names, key="delegation-user")
    now = next((u.delegation or "" for u in accounts.users(store) if u.name == member), "")
    chosen = c2.selectbox(
        "to", choices, index=choices.index(now), format_func=delegation_label, key=f"delegation-of-{member}"
    )
    if c3.button("Set delegation", disabled=state.read_only()):
        try:
            accounts.set_delegation(store, member, chosen or None, by=state.actor())
        except CharterError as err:
            state.show_error(err)
        else:
            st.session_state["flash"] = f"{member} now belongs to delegation {delegation_label(chosen)}."
            st.rerun()
    c1, c2 = st.columns([3, 1])
    gone = c1.selectbox("Remove a user", names)
    if c2.button("Remove", disabled=state.read_only()):
        try:
            accounts.remove_user(store, gone, by=state.actor())
        except CharterError as err:
            state.show_error(err)
        else:
            st.rerun()

st.subheader("Audit log", anchor=False)
state.table(
    [
        {"time": state.when(e.time), "user": e.user, "action": e.action, "target": e.target, "detail": e.detail}
        for e in reversed(accounts.audit_log(store, 1000))
    ],
    width="stretch",
)
