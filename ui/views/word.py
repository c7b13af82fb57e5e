"""Word page: download the charter .docx, and bring an edited .docx back."""

from __future__ import annotations

import streamlit as st

from charter.errors import CharterError
from charter.word import export_bytes
from ui import state
from ui.frame import page_frame

page_frame()

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

space = state.require_workspace()
store = state.store()
st.title("Word", anchor=False)

st.subheader("Download the charter", anchor=False)
draft = store.load(space.name, space.base)
saved_at = next(info.time for info in store.history(space.name) if info.revision == space.base)
mode = st.radio("Layout", ["draft (header, brackets, comments)", "clean"], horizontal=True, key="word-mode")
clean = mode == "clean"
if space.dirty:
    st.caption("Unsaved edits are not in the download; it is revision " + str(space.base) + ".")
try:
    with st.spinner("Writing the .docx..."):
        data = export_bytes(draft, clean=clean, revision_time=saved_at)
except CharterError as err:
    st.error(str(err))
else:
    st.download_button(
        "Download .docx", data, file_name=f"{space.name}-r{space.base}{'-clean' if clean else ''}.docx", mime=DOCX
    )
