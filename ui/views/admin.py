"""Admin page: users and the audit log (admins only)."""

from __future__ import annotations

import streamlit as st

from charter.access import accounts
from charter.access.roles import Role, require
from charter.drafting.model import AREAS
from charter.errors import CharterError
from ui import state
from ui.frame import page_frame

page_frame()

st.title("Users and audit log", anchor=False)
try:
    require(state.actor(), Role.ADMIN, "manage users or read the audit log")
except CharterError as err:
    state.show_error(err)
    st.stop()
store = state.store()

state.table(
    [{"name": u.name, "role": u.role.value, "areas": ", ".join(u.areas) or "all"} for u in accounts.users(store)]
)
with st.form("add-user", clear_on_submit=True):
    st.markdown("**Add a user**")
    c1, c2 = st.columns(2)
    name = c1.text_input("Name")
    role = c2.selectbox("Role", [r.value for r in Role])
    areas = st.multiselect("Limit an editor to areas (none for all)", list(AREAS))
    password = st.text_input("Initial password (10 characters or more)", type="password")
    if st.form_submit_button("Add user", disabled=state.read_only()):
        try:
            accounts.add_user(store, name, role, password, tuple(areas), by=state.actor())
        except CharterError as err:
            state.show_error(err)
        else:
            st.success(state.md(f"Added {name}."))
names = [u.name for u in accounts.users(store)]
if names:
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
