"""Draft page: the charter as it will read, an editor on every clause, draft settings, and saving."""

from __future__ import annotations

import streamlit as st

from charter.checks import findings_by_clause
from charter.compare.diff import deviates
from charter.drafting import assemble
from charter.drafting.model import Status
from charter.drafting.render import render_draft
from charter.textsafety import bidi_warnings
from ui import delegations, editor, state
from ui.brackets import clause_markdown, reservation_badges
from ui.frame import page_frame
from ui.languages import has_other_languages, language_badges

page_frame()

STATUS_BADGE = {
    Status.PROPOSED: ":gray-badge[proposed]",
    Status.BRACKETED: ":orange-badge[bracketed]",
    Status.AGREED: ":green-badge[agreed]",
}
STATUS_COLOUR = {Status.PROPOSED: "gray", Status.BRACKETED: "orange", Status.AGREED: "green"}

#: Up to this many clauses the page shows the whole charter at first; a longer one, one section.
SHOW_ALL_UP_TO = 60

space = state.require_workspace()
store, library = state.store(), state.library()
draft = space.draft(store)
view = render_draft(draft)
unsaved = space.unsaved(store)
deviating = state.per_draft("deviates", draft, lambda d: deviates(d, library))
findings = state.per_draft("findings", draft, findings_by_clause)
bilingual = has_other_languages(draft)
aligned = editor.alignment_by_clause(draft) if bilingual else {}

st.title(state.md(view.title), anchor=False)


# -- saving ---------------------------------------------------------------------
def _save() -> None:
    if state.save(str(st.session_state.get("save-message", ""))):
        st.session_state["save-message"] = ""


def _undo() -> None:
    if state.require_workspace().undo(state.store()):
        st.toast("Undone")


def _discard() -> None:
    state.require_workspace().discard(state.store())


with st.container(border=True):
    removed = space.removed(store)
    if space.dirty:
        st.markdown(
            f":orange-badge[unsaved] {len(unsaved)} clause(s) changed or added"
            + (f", {removed} removed" if removed else "")
            + " since revision "
            + str(space.base)
        )
    st.text_input("Save message", key="save-message", placeholder="What changed, and why")
    save_box, undo_box, discard_box, _ = st.columns([1, 1, 1, 3])
    if not state.can_edit() and not state.read_only():
        st.caption("You are signed in as a viewer: you can read, compare and export, but not save.")
    # Save, Undo and Discard act in callbacks, before the page is drawn, so one run shows the result.
    save_box.button("Save revision", type="primary", disabled=not space.dirty or not state.can_edit(), on_click=_save)
    undo_box.button(
        "Undo last change",
        disabled=not space.can_undo,
        help="Goes back one change, until you save",
        on_click=_undo,
    )
    with discard_box.popover("Discard edits…", disabled=not space.dirty or state.read_only()):
        st.write("Drop every unsaved edit and go to the latest revision? Undo brings them back until you save.")
        st.button("Yes, discard my edits", key="discard-yes", on_click=_discard)

# -- settings -------------------------------------------------------------------
with st.expander("Parties, alternat, place, date and languages"):
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
                languages=tuple(x.strip() for x in languages.split(",") if x.strip()),
            )
            if state.apply(lambda d: assemble.update_settings(d, **changes), "Settings changed (unsaved)"):
                st.rerun()
    delegations.tags_form(draft)

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
    if clause_id in jump_labels:
        section_id = next(s.id for s in view.sections if any(c.id == clause_id for c in s.clauses))
        if st.session_state["draft-section"] != everything:
            st.session_state["draft-section"] = section_id
        editor.open_editor(clause_id)
    st.session_state["draft-jump"] = None


with st.expander("Outline", expanded=False):
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
        paragraphs = clause_markdown(clause, draft.settings)
        if clause.wrapped:
            # one statement per end: for a one-paragraph clause both ends are the same paragraph
            paragraphs[0] = "\\[" + paragraphs[0]
            paragraphs[-1] = paragraphs[-1] + "\\]"
        badges = [STATUS_BADGE[clause.status], *reservation_badges(clause, draft.settings)]
        if bilingual:
            badges += language_badges(draft.clause(clause.id), draft, aligned.get(clause.id, []))
        if clause.id in unsaved:
            badges.append(":blue-badge[unsaved]")
        if clause.id in deviating:
            badges.append(":violet-badge[differs from library]" if clause.library_id else ":violet-badge[custom]")
        if clause.comments:
            badges.append(f":gray-badge[{len(clause.comments)} comment(s)]")
        if bidi_warnings(clause.text):
            badges.append(":red-badge[direction controls: see the editor]")
        if found := findings.get(clause.id):
            colour = "red" if any(f.level == "error" for f in found) else "orange"
            badges.append(f":{colour}-badge[{len(found)} drafting check(s)]")
        body = "  \n&emsp;".join(paragraphs)
        text_box, edit_box = st.columns([14, 1])
        text_box.markdown(f"**{clause.number}.** {body}  \n{' '.join(badges)}")
        edit_box.button(
            "Edit",
            key=f"edit-{clause.id}",
            help=f"Edit {clause.label}: text, status, wording, place, comments",
            on_click=editor.open_editor,
            args=(clause.id,),
        )
if not view.sections:
    st.info("This draft has no clauses yet. Add some from the Library page, or write one below.")

editing = st.session_state.get(editor.EDITING)
if editing in jump_labels:
    editor.clause_editor(editing, jump_labels[editing].split(" ", 1)[0], findings.get(editing, []))
elif editing is not None:
    st.session_state.pop(editor.EDITING, None)

with st.expander("Add a clause written here"):
    with st.form("custom", clear_on_submit=True):
        sections = {s.id: s.title for s in draft.sections}
        section_id = st.selectbox("Section", list(sections), format_func=sections.__getitem__)
        new_title = st.text_input("Title")
        new_text = st.text_area("Text")
        if st.form_submit_button("Add clause"):
            if state.apply(lambda d: assemble.add_custom(d, section_id, new_title or "Untitled", new_text)[0]):
                st.rerun()
