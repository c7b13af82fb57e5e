"""The Word page's panel for a translated original brought back: what it changes and confirms, then save or discard."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from charter.bilingual.versions import NAMES
from charter.errors import CharterError, ConflictError
from charter.store import Store
from charter.store.workspace import Workspace
from charter.textsafety import check_text
from charter.word.import_translation import import_translation
from ui import state


def translation_upload(store: Store, space: Workspace, upload: UploadedFile, language: str, counter: int) -> None:
    """Show what a translated original would change and confirm, and save it as a revision when asked."""
    name = NAMES.get(language, language)
    data = upload.getvalue()
    confirm_all = st.checkbox(
        "The translator reviewed every clause: confirm them all against the working text",
        key="upload-confirm-all",
        help=f"Otherwise only the clauses whose {name} text the file changed are confirmed; "
        "the others keep their marks (unreviewed, needs update).",
    )
    try:
        with st.spinner("Reading the file..."):
            preview = import_translation(
                store,
                space.name,
                data,
                language,
                author=state.author() or "preview",
                dry_run=True,
                confirm_all=confirm_all,
                source_name=upload.name,
                actor=state.actor(),
            )
    except CharterError as err:
        state.show_error(err)
        return
    for warning in preview.warnings:
        st.warning(state.md(warning))
    changed = ", ".join(preview.changed) or "none"
    st.markdown(
        state.md(
            f"Read against revision {preview.base}: the {name} text changes in {len(preview.changed)} clause(s) "
            f"({changed}); {len(preview.confirmed)} clause(s) would be confirmed against the working text."
        )
    )
    message = st.text_input("Save message", value=f"Import the {name} text from {upload.name}", key="upload-message")
    left, right = st.columns(2)
    if left.button("Save as a new revision", type="primary", disabled=not preview.confirmed or not state.can_edit()):
        if not state.author():
            st.error("Set your name in the sidebar before saving.")
            return
        try:
            check_text(message, "save message", multiline=True)
            with st.spinner("Saving..."):
                result = import_translation(
                    store,
                    space.name,
                    data,
                    language,
                    author=state.author(),
                    message=message,
                    confirm_all=confirm_all,
                    source_name=upload.name,
                    actor=state.actor(),
                )
        except ConflictError as err:
            st.error(f"The import clashes with edits saved meanwhile; nothing was saved. {state.md(str(err))}")
            return
        except CharterError as err:
            state.show_error(err)
            return
        st.session_state["upload-counter"] = counter + 1
        if not space.dirty:
            space.discard(store)
        st.session_state["flash"] = f"Imported the {name} text of {upload.name} as revision {result.revision}."
        st.rerun()
    if right.button("Discard"):
        st.session_state["upload-counter"] = counter + 1
        st.rerun()
