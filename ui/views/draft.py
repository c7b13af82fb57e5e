"""Draft page: the charter as it will read, a clause editor, draft settings, and saving."""

from __future__ import annotations

import hashlib
from functools import partial

import streamlit as st

from charter.checks import findings_by_clause, fix
from charter.compare.diff import deviates
from charter.drafting import assemble
from charter.drafting.model import Status
from charter.drafting.render import render_draft
from charter.textsafety import bidi_warnings
from ui import state
from ui.frame import page_frame

page_frame()

STATUS_BADGE = {
    Status.PROPOSED: ":gray-badge[proposed]",
    Status.BRACKETED: ":orange-badge[bracketed]",
    Status.AGREED: ":green-badge[agreed]",
}

space = state.require_workspace()
store, library = state.store(), state.library()
draft = space.draft(store)
view = render_draft(draft)
unsaved = space.unsaved(store)
deviating = deviates(draft, library)
findings = findings_by_clause(draft)

st.title(state.md(view.title), anchor=False)

# -- saving ---------------------------------------------------------------------
with st.container(border=True):
    removed = space.removed(store)
    if space.dirty:
        st.markdown(
            f":orange-badge[unsaved] {len(unsaved)} clause(s) changed or added"
            + (f", {removed} removed" if removed else "")
            + " since revision "
            + str(space.base)
        )
    message = st.text_input("Save message", key="save-message", placeholder="What changed, and why")
    left, right, _ = st.columns([1, 1, 4])
    if not state.can_edit() and not state.read_only():
        st.caption("You are signed in as a viewer: you can read, compare and export, but not save.")
    if left.button("Save revision", type="primary", disabled=not space.dirty or not state.can_edit()):
        if state.save(message):
            st.session_state.pop("save-message", None)
            st.rerun()
        elif "conflict" in st.session_state:
            st.rerun()
    if right.button("Discard edits", disabled=not space.dirty or state.read_only()):
        space.discard(store)
        st.rerun()

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

# -- the charter as it reads ------------------------------------------------------
st.markdown(state.md(view.chapeau))
labels: dict[str, str] = {}
for section in view.sections:
    st.subheader(state.md(section.heading or section.title), anchor=False)
    blocks = [state.md(section.lead_in)] if section.lead_in else []
    for clause in section.clauses:
        label = clause.label
        labels[clause.id] = f"{label} {clause.title}"
        paragraphs = [state.md(p) for p in clause.paragraphs]
        if clause.status == Status.BRACKETED:
            # one statement per end: for a one-paragraph clause both ends are the same paragraph
            paragraphs[0] = "\\[" + paragraphs[0]
            paragraphs[-1] = paragraphs[-1] + "\\]"
        badges = [STATUS_BADGE[clause.status]]
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
        blocks.append(f"**{clause.number}.** {body}  \n{' '.join(badges)}")
    st.markdown("\n\n".join(blocks))
if not view.sections:
    st.info("This draft has no clauses yet. Add some from the Library page, or write one below.")


# -- editing one clause ------------------------------------------------------------
def _set_text(clause_id: str, key: str) -> None:
    state.apply(lambda d: assemble.set_text(d, clause_id, st.session_state[key]))


st.divider()
st.subheader("Edit a clause", anchor=False)
if labels:
    chosen = st.selectbox("Clause", list(labels), format_func=lambda cid: labels[cid], key="edit-clause")
    editing = draft.clause(chosen)
    digest = hashlib.sha256(editing.text.encode()).hexdigest()[:8]
    text_key = f"text-{chosen}-{digest}"
    st.text_area(
        "Text (variables such as ${party_a} are filled in when shown)",
        editing.text,
        key=text_key,
        height=160,
        persist_state="session",
        disabled=state.read_only(),
        on_change=_set_text,
        args=(chosen, text_key),
    )
    for warning in bidi_warnings(editing.text, f"clause '{editing.title}'"):
        st.warning(state.md(warning))
    for index, finding in enumerate(findings.get(chosen, [])):
        note = f"{finding.level}: {finding.message}"
        if finding.suggestion:
            note += f" (suggested: {finding.suggestion})"
        box, action = st.columns([5, 1])
        box.caption(state.md(note))
        if finding.certain and action.button("Fix", key=f"fix-{chosen}-{index}", disabled=not state.can_edit()):
            if state.apply(partial(fix, finding=finding), "Applied the suggested wording (unsaved)"):
                st.rerun()
    c1, c2, c3 = st.columns(3)
    status = c1.selectbox("Status", [s.value for s in Status], index=list(Status).index(editing.status))
    if status != editing.status.value and c1.button("Set status"):
        if state.apply(lambda d: assemble.set_status(d, chosen, status)):
            st.rerun()
    if editing.origin is not None and editing.origin.clause_id in library.clauses:
        source = library.get(editing.origin.clause_id)
        wording = c2.selectbox(
            "Library wording",
            source.labels,
            index=source.labels.index(editing.origin.alternative) if editing.origin.alternative in source.labels else 0,
        )
        if c2.button("Use this wording"):
            if state.apply(lambda d: assemble.use_alternative(d, library, chosen, str(wording))):
                st.rerun()
    s_index, c_index = draft.find(chosen)
    section_size = len(draft.sections[s_index].clauses)
    up, down, remove = c3.columns(3)
    if up.button("Up", disabled=c_index == 0):
        if state.apply(lambda d: assemble.move(d, chosen, c_index)):
            st.rerun()
    if down.button("Down", disabled=c_index + 1 >= section_size):
        if state.apply(lambda d: assemble.move(d, chosen, c_index + 2)):
            st.rerun()
    if remove.button("Remove"):
        if state.apply(lambda d: assemble.remove(d, chosen), "Clause removed (unsaved)"):
            st.rerun()
    m1, m2, m3 = st.columns([2, 1, 1])
    sections = {s.id: s.title for s in draft.sections}
    target = m1.selectbox("Move to section", list(sections), index=s_index, format_func=sections.__getitem__)
    position = m2.number_input("Position", min_value=1, value=c_index + 1, step=1)
    if m3.button("Move"):
        if state.apply(lambda d: assemble.move(d, chosen, int(position), target)):
            st.rerun()
    for comment in editing.comments:
        st.caption(f"{state.md(comment.author)}, {state.when(comment.time)}")
        st.text(comment.text)
    with st.form("comment", clear_on_submit=True):
        comment_text = st.text_area("Add a comment", height=80)
        if st.form_submit_button("Add comment"):
            if not state.author():
                st.error("Set your name in the sidebar before commenting.")
            elif state.apply(lambda d: assemble.add_comment(d, chosen, state.author(), comment_text)):
                st.rerun()

with st.expander("Add a clause written here"):
    with st.form("custom", clear_on_submit=True):
        sections = {s.id: s.title for s in draft.sections}
        section_id = st.selectbox("Section", list(sections), format_func=sections.__getitem__)
        new_title = st.text_input("Title")
        new_text = st.text_area("Text")
        if st.form_submit_button("Add clause"):
            if state.apply(lambda d: assemble.add_custom(d, section_id, new_title or "Untitled", new_text)[0]):
                st.rerun()
