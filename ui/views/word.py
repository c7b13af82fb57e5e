"""Word page: download the charter .docx, bring an edited .docx back, or start a draft from a charter .docx."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from charter.bilingual.render import project
from charter.bilingual.versions import NAMES, languages
from charter.compare import report
from charter.errors import CharterError, ConflictError
from charter.negotiation.brackets import names
from charter.negotiation.decisions import counterpart_of as counterpart
from charter.textsafety import check_text
from charter.word import export_bytes
from charter.word.bilingual import bilingual_bytes
from charter.word.classify import classification_rows
from charter.word.import_edited import import_docx
from charter.word.import_foreign import import_new, read_new
from charter.word.negotiation import PRINTS, print_bytes
from charter.word.read import Tracked
from charter.word.record import record_bilingual, record_export, record_print
from ui import state
from ui.frame import page_frame
from ui.localization import glossary_form, values_form, working_language_form
from ui.translations import translation_upload

page_frame()

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

space = state.require_workspace()
store = state.store()
st.title("Word", anchor=False)

st.subheader("Download the charter", anchor=False)
draft = store.load(space.name, space.base)
saved_at = store.revision_info(space.name, space.base).time
mode = st.radio("Layout", ["draft (header, brackets, comments)", "clean"], horizontal=True, key="word-mode")
clean = mode == "clean"
codes = languages(draft.settings)
chosen: str | None = None
if len(codes) > 1:
    picked = st.selectbox(
        "Language",
        codes,
        format_func=lambda c: f"{NAMES.get(c, c)} ({'working language' if c == codes[0] else 'original'})",
        key="word-language",
    )
    chosen = None if picked == codes[0] else picked
if space.dirty:
    st.caption("Unsaved edits are not in the download; it is revision " + str(space.base) + ".")
try:
    with st.spinner("Writing the .docx..."):
        data = export_bytes(draft, clean=clean, revision_time=saved_at, language=chosen)
        gaps = project(draft, chosen).gaps if chosen else ()
except CharterError as err:
    state.show_error(err)
else:
    if gaps:
        shown = ", ".join(gaps[:10]) + (f" and {len(gaps) - 10} more" if len(gaps) > 10 else "")
        st.warning(state.md(f"Not yet translated, shown in the working language and highlighted: {shown}."))
    st.download_button(
        "Download .docx",
        data,
        file_name=f"{space.name}-r{space.base}{'-' + chosen if chosen else ''}{'-clean' if clean else ''}.docx",
        mime=DOCX,
        on_click=lambda: record_export(
            state.store(), state.author() or "(local user)", space.name, space.base, clean=clean, language=chosen
        ),
    )
if len(codes) > 1:
    try:
        with st.spinner("Writing the bilingual table..."):
            table = bilingual_bytes(draft, revision_time=saved_at)
    except CharterError as err:
        state.show_error(err)
    else:
        st.download_button(
            "Download the bilingual table (.docx)",
            table,
            file_name=f"{space.name}-r{space.base}-bilingual.docx",
            mime=DOCX,
            help="Every language side by side, clause by clause, with the state of each translation.",
            on_click=lambda: record_bilingual(state.store(), state.author() or "(local user)", space.name, space.base),
        )
    languages_panel = st.expander(
        "Working language, and party names, place, date and glossary in the other languages",
        key="word-languages",
        on_change="rerun",  # drawn when opened
    )
    with languages_panel:
        if languages_panel.open:
            working_copy = space.draft(store)
            working_language_form(working_copy)
            values_form(working_copy)
            st.markdown("**Glossary**: names and acronyms with their agreed translations, for the alignment checks")
            glossary_form(working_copy)

st.subheader("Print for the negotiation", anchor=False)
st.caption(
    "The joint negotiating text (every open bracket tagged by delegation, reservations as "
    "footnotes), the negotiation matrix (one row per clause, one column per delegation) and the "
    "agreed text ad referendum (only the agreed paragraphs, numbered as in the full draft)."
)
_PRINT_LABELS = {"joint": "Joint negotiating text", "matrix": "Negotiation matrix", "agreed": "Agreed text"}
for column, kind in zip(st.columns(len(PRINTS)), PRINTS, strict=True):
    try:
        with st.spinner(f"Writing the {PRINTS[kind]}..."):
            printed = print_bytes(draft, kind, revision_time=saved_at)
    except CharterError as err:
        state.show_error(err)
        continue
    column.download_button(
        _PRINT_LABELS[kind],
        printed,
        file_name=f"{space.name}-r{space.base}-{kind}.docx",
        mime=DOCX,
        key=f"print-{kind}",
        on_click=lambda kind=kind: record_print(
            state.store(), state.author() or "(local user)", space.name, space.base, kind
        ),
    )

st.subheader("Bring back an edited .docx", anchor=False)
st.caption(
    "An export of this draft that someone edited, with or without tracked changes. You see the "
    "comparison and any warnings first; nothing is saved until you choose to."
)
counter = st.session_state.setdefault("upload-counter", 0)
upload = st.file_uploader("Edited charter (.docx, up to 10 MB)", type=["docx"], key=f"upload-{counter}")
tracked_choice = st.radio(
    "Tracked changes in the file",
    ["accept", "reject"],
    horizontal=True,
    key="upload-tracked",
    format_func=lambda v: "accept them (the edited text)" if v == "accept" else "reject them (the text before)",
)
tracked: Tracked = "reject" if tracked_choice == "reject" else "accept"
delegation_names = names(space.draft(store).settings)
source_delegation = st.radio(
    "The file comes from (brackets it types without a tag are theirs)",
    list(delegation_names),
    index=list(delegation_names).index(counterpart(state.delegation())),
    horizontal=True,
    key="upload-counterpart",
    format_func=lambda d: state.md(delegation_names[d]),
)
file_language = codes[0]
if len(codes) > 1:
    file_language = st.selectbox(
        "The file is",
        codes,
        format_func=lambda c: "the working text" if c == codes[0] else f"the {NAMES.get(c, c)} original, translated",
        key="upload-language",
    )
if upload is not None and file_language != codes[0]:
    translation_upload(store, space, upload, file_language, counter)
elif upload is not None:
    data = upload.getvalue()
    try:
        with st.spinner("Reading the file..."):
            preview = import_docx(
                store,
                space.name,
                data,
                tracked=tracked,
                author=state.author() or "preview",
                dry_run=True,
                library=state.library(),
                source_name=upload.name,
                actor=state.actor(),
                counterpart=source_delegation,
            )
    except CharterError as err:
        state.show_error(err)
    else:
        for warning in preview.warnings:
            st.warning(state.md(warning))
        changed = len(preview.comparison.changed)
        st.markdown(f"Compared with revision {preview.base}: {changed} clause(s) changed.")
        st.html(report.to_html(preview.comparison))
        message = st.text_input("Save message", value=f"Import {upload.name}", key="upload-message")
        left, right = st.columns(2)
        if left.button("Save as a new revision", type="primary", disabled=not changed or not state.can_edit()):
            if not state.author():
                st.error("Set your name in the sidebar before saving.")
            else:
                try:
                    check_text(message, "save message", multiline=True)
                    with st.spinner("Saving..."):
                        result = import_docx(
                            store,
                            space.name,
                            data,
                            tracked=tracked,
                            author=state.author(),
                            message=message,
                            library=state.library(),
                            source_name=upload.name,
                            actor=state.actor(),
                            counterpart=source_delegation,
                            delegation=state.delegation(),
                        )
                except ConflictError as err:
                    st.error(f"The import clashes with edits saved meanwhile; nothing was saved. {state.md(str(err))}")
                except CharterError as err:
                    state.show_error(err)
                else:
                    st.session_state["upload-counter"] = counter + 1
                    if not space.dirty:
                        space.discard(store)
                    merged = " (merged onto newer edits)" if result.merged else ""
                    st.session_state["flash"] = f"Imported {upload.name} as revision {result.revision}{merged}."
                    st.rerun()
        if right.button("Discard"):
            st.session_state["upload-counter"] = counter + 1
            st.rerun()


def _create_from(upload: UploadedFile, name: str, counter: int) -> None:
    """Store the uploaded charter as a new draft and open it, or say why not."""
    if not name.strip():
        st.error("Give the new draft a name.")
        return
    if not state.author():
        st.error("Set your name in the sidebar first.")
        return
    try:
        with st.spinner("Creating the draft..."):
            created = import_new(
                store,
                name.strip(),
                upload.getvalue(),
                author=state.author(),
                library=state.library(),
                source_name=upload.name,
                actor=state.actor(),
                delegation=state.delegation(),
            )
    except CharterError as err:
        state.show_error(err)
        return
    st.session_state["new-upload-counter"] = counter + 1
    st.session_state["draft_name"] = created.draft.name
    count = len(created.draft.clauses())
    st.session_state["flash"] = f"Created {created.draft.name}: {count} clauses read from {upload.name}."
    st.rerun()


st.subheader("Start a new draft from a charter .docx", anchor=False)
st.caption("A charter written in Word. You see how each paragraph was read first; nothing is saved until you say so.")
new_counter = st.session_state.setdefault("new-upload-counter", 0)
foreign = st.file_uploader("Charter written in Word (.docx)", type=["docx"], key=f"new-upload-{new_counter}")
if foreign is not None:
    try:
        with st.spinner("Reading the charter..."):
            preview_new = read_new("preview", foreign.getvalue(), library=state.library(), source_name=foreign.name)
    except CharterError as err:
        state.show_error(err)
    else:
        st.dataframe(classification_rows(preview_new.classification), hide_index=True, width="stretch")
        for warning in preview_new.warnings:
            st.warning(state.md(warning))
        new_name = st.text_input("Name of the new draft", key="new-name")
        if st.button("Create draft from file", type="primary", disabled=not state.can_edit()):
            _create_from(foreign, new_name, new_counter)
