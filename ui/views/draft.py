"""Draft page: the charter as it will read, an editor on every clause, draft settings, and saving."""

from __future__ import annotations

import streamlit as st

from charter.bilingual.versions import unknown_languages
from charter.drafting import assemble
from charter.drafting.library_translations import update_settings
from charter.drafting.model import Status
from ui import clause_rows, delegations, editor, reading, refresh, state
from ui.frame import page_frame

page_frame()
refresh.begin_full_run()

STATUS_COLOUR = {Status.PROPOSED: "gray", Status.BRACKETED: "orange", Status.AGREED: "green"}

#: Up to this many clauses the page shows the whole charter at first; a longer one, one section.
SHOW_ALL_UP_TO = 60

seen = clause_rows.shown()  # stops the page with a note when no draft is chosen
draft, view = seen.draft, seen.view

st.title(state.md(view.title), anchor=False)
st.html(reading.STYLE)  # the clauses' styles, once for the page (a style alone takes no space)


# -- saving ---------------------------------------------------------------------
def _save() -> None:
    editor.keep_typed()  # one Save: what is still typed in an open editor is saved too
    space = state.require_workspace()
    if not space.dirty:
        st.session_state["save-problem"] = "Nothing to save: there are no unsaved edits."
        refresh.rerun_parts()
    changed = space.unsaved(state.store())  # the rows whose "unsaved" badge the save takes away
    result, problem = state.attempt_save(str(st.session_state.get("save-message", "")))
    if problem:
        st.session_state["save-problem"] = problem  # shown beside the button, the edits kept
        refresh.rerun_parts()
    if result is None or result.merged:
        # the conflict panel and the sign-in page head the page; a merge brings others' clauses
        st.rerun()
    st.session_state["save-message"] = ""
    st.session_state["save-done"] = st.session_state.pop("flash", "")
    refresh.rerun_parts(changed)


def _undo() -> None:
    if state.require_workspace().undo(state.store()):
        st.session_state["toast"] = "Undone"
    st.rerun()  # an undo may bring back, move or take away any clause


def _discard() -> None:
    state.require_workspace().discard(state.store())
    st.rerun()


@st.fragment(key=refresh.SAVE_BAR)
def save_bar() -> None:
    """Show what is unsaved, the save message, and Save, Undo and Discard; the result shows here."""
    space = state.require_workspace()
    with st.container(border=True, key="save-panel"):
        if space.dirty:
            store = state.store()
            removed = space.removed(store)
            st.markdown(
                f":orange-badge[unsaved] {len(space.unsaved(store))} clause(s) changed or added"
                + (f", {removed} removed" if removed else "")
                + " since revision "
                + str(space.base)
            )
        if done := st.session_state.pop("save-done", None):
            st.success(state.md(done))
        if problem := st.session_state.pop("save-problem", None):
            st.error(state.md(problem))
        if "toast" in st.session_state:  # a change made in a clause's editor, which drew only its own parts
            st.toast(state.md(st.session_state.pop("toast")), icon=":material/check:")
        st.text_input("Save message", key="save-message", placeholder="What changed, and why")
        if not state.can_edit() and not state.read_only():
            st.caption("You are signed in as a viewer: you can read, compare and export, but not save.")
        # Save, Undo and Discard act in callbacks, before anything is drawn, so one run shows the result.
        controls = st.container(horizontal=True)
        # an open editor may hold typed text that Save applies first
        something = space.dirty or st.session_state.get(editor.EDITING) is not None
        controls.button("Save revision", type="primary", disabled=not something or not state.can_edit(), on_click=_save)
        controls.button(
            "Undo last change",
            disabled=not space.can_undo,
            help="Goes back one change, until you save",
            on_click=_undo,
        )
        with controls.popover("Discard edits…", disabled=not space.dirty or state.read_only()):
            st.write("Drop every unsaved edit and go to the latest revision? Undo brings them back until you save.")
            st.button("Yes, discard my edits", key="discard-yes", on_click=_discard)


save_bar()


# -- settings (drawn only when opened) ------------------------------------------------
def _settings_form() -> None:
    settings = draft.settings
    with st.form("settings"):
        a1, a2 = st.columns(2)
        party_a = a1.text_input("Participant A (full name)", settings.party_a.name)
        party_a_short = a2.text_input("Participant A (short name)", settings.party_a.short)
        b1, b2 = st.columns(2)
        party_b = b1.text_input("Participant B (full name)", settings.party_b.name)
        party_b_short = b2.text_input("Participant B (short name)", settings.party_b.short)
        first = st.radio(
            "Named and signing first (the alternat)",
            ["a", "b"],
            index=0 if settings.first == "a" else 1,
            format_func=lambda side: state.md(party_a if side == "a" else party_b),
            horizontal=True,
        )
        p1, p2 = st.columns(2)
        place = p1.text_input("Place of signature", settings.place)
        date = p2.text_input("Date of signature", settings.date)
        languages = st.text_input("Languages (comma-separated)", ", ".join(settings.languages))
        title = st.text_input("Title (empty for the formal default)", settings.title or "")
        marking = st.text_input("Header marking (e.g. RESTRICTED)", settings.marking or "")
        if st.form_submit_button("Apply settings"):
            named = tuple(x.strip() for x in languages.split(",") if x.strip())
            changes = dict(
                party_a=party_a,
                party_a_short=party_a_short,
                party_b=party_b,
                party_b_short=party_b_short,
                first=first,
                place=place,
                date=date,
                title=title,
                marking=marking,
                languages=named,
            )
            # a language added brings the library's translations of the draft's clauses, unreviewed
            if state.apply(lambda d: update_settings(d, state.library(), **changes), "Settings changed (unsaved)"):
                st.session_state["settings-warnings"] = unknown_languages(named)
                st.rerun()
    for warning in st.session_state.pop("settings-warnings", []):
        st.warning(state.md(warning))
    delegations.tags_form(draft)


with st.expander("Parties, alternat, place, date and languages", key="draft-settings", on_change="rerun") as box:
    if box.open:
        _settings_form()

# -- the charter as it reads, with an editor on every clause -------------------------
everything = "all"
section_names = {section.id: section.heading or section.title for section in view.sections}
counts = {section.id: len(section.clauses) for section in view.sections}
# A long draft shows one section at a time, so the page stays light; a short one shows all of it.
default = everything if sum(counts.values()) <= SHOW_ALL_UP_TO or not view.sections else view.sections[0].id
if st.session_state.get("draft-section") not in (everything, *section_names):
    st.session_state["draft-section"] = default
jump_labels = {c.id: f"{c.label} {c.title}" for section in view.sections for c in section.clauses}


def _jump() -> None:
    clause_id = st.session_state.get("draft-jump")
    if isinstance(clause_id, str) and clause_id in jump_labels:
        section_id = next(s.id for s in view.sections if any(c.id == clause_id for c in s.clauses))
        if st.session_state["draft-section"] != everything:
            st.session_state["draft-section"] = section_id
        editor.open_editor(clause_id)
        st.session_state[editor.SCROLL] = clause_id  # the editor may open far down the page
    st.session_state["draft-jump"] = None


with st.expander("Outline", key="draft-outline", on_change="rerun") as box:
    if box.open:
        for section in view.sections:
            marks = " ".join(f":{STATUS_COLOUR[c.status]}-badge[{c.label}]" for c in section.clauses)
            st.markdown(f"{state.md(section_names[section.id])}: {marks}")
show, jump = st.columns(2)
show.selectbox(
    "Show",
    [everything, *section_names],
    format_func=lambda sid: "The whole charter" if sid == everything else f"{section_names[sid]} ({counts[sid]})",
    key="draft-section",
)
jump.selectbox(
    "Go to clause",
    list(jump_labels),
    index=None,
    format_func=jump_labels.__getitem__,
    placeholder="Number or title",
    key="draft-jump",
    on_change=_jump,
)
shown_section = st.session_state["draft-section"]

if shown_section == everything:
    st.markdown(state.md(view.chapeau))
for section in view.sections:
    if shown_section not in (everything, section.id):
        continue
    st.subheader(state.md(section.heading or section.title), anchor=False)
    if section.lead_in:
        st.markdown(state.md(section.lead_in))
    for clause in section.clauses:
        clause_rows.clause_row(clause.id)
if not view.sections:
    st.info("This draft has no clauses yet. Add some from the Library page, or write one below.")

# an editor whose clause is no longer shown (another section chosen, the clause removed) closes
if st.session_state.get(editor.EDITING) not in (None, *refresh.drawn()):
    editor.close_editor()


# -- a clause written here (drawn only when opened) -----------------------------------
with st.expander("Add a clause written here", key="draft-custom", on_change="rerun") as box:
    if box.open:
        with st.form("custom", clear_on_submit=True):
            sections = {s.id: s.title for s in draft.sections}
            section_id = st.selectbox("Section", list(sections), format_func=sections.__getitem__)
            new_title = st.text_input("Title")
            new_text = st.text_area("Text")
            if st.form_submit_button("Add clause"):
                if state.apply(lambda d: assemble.add_custom(d, section_id, new_title or "Untitled", new_text)[0]):
                    st.rerun()
