"""The clause editor: everything about one clause, drawn under it where it reads, in its own fragment.

Each control applies at once to the working copy (text when the box loses focus, status, wording
and moves when chosen), so nothing waits for a second button, and the clause above the editor shows
the change as it is made. Done, another clause's Edit button and Save all keep what was typed.
Removing asks first, and every change can be undone from the Draft page until it is saved.
"""

from __future__ import annotations

import hashlib
from functools import partial

import streamlit as st

from charter.bilingual.alignment import AlignmentFinding, check_alignment
from charter.checks import Finding, fix
from charter.drafting import assemble
from charter.drafting.model import Draft, DraftClause, Settings, Status
from charter.negotiation import brackets as notation
from charter.textsafety import bidi_warnings
from ui import refresh, state
from ui.brackets import bracket_controls
from ui.languages import apply_pending, has_other_languages, version_controls

#: The session key naming the clause whose editor is open.
EDITING = "editing"
#: The session key naming a clause whose editor should be scrolled into view when it is drawn.
SCROLL = "editor-scroll"


def open_editor(clause_id: str) -> None:
    """Open the editor of one clause at the next run, closing any other (what it holds typed is kept)."""
    if st.session_state.get(EDITING) not in (None, clause_id):
        close_editor()
    st.session_state[EDITING] = clause_id
    st.session_state.pop("confirm-remove", None)
    st.session_state.pop("bracket-warnings", None)


def edit(clause_id: str) -> None:
    """Open one clause's editor under it (an Edit button's on_click): only that clause, the one whose
    editor closes, the save bar and the sidebar's status are drawn again."""
    previous = st.session_state.get(EDITING)
    open_editor(clause_id)
    refresh.rerun_parts([clause_id, *([previous] if isinstance(previous, str) else [])])


def keep_typed() -> None:
    """Apply what is typed in the open editor's text box, if it differs from the clause (the editor stays open)."""
    clause_id = st.session_state.get(EDITING)
    if not isinstance(clause_id, str):
        return
    draft = state.require_workspace().draft(state.store())
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        return  # removed meanwhile
    apply_pending(clause_id)
    key = text_key(clause, draft.settings)
    # only the box showing the current text: an older box's value is stale
    if key in st.session_state:
        _set_text(clause_id, key)


def close_editor() -> None:
    """Close the editor, keeping anything typed in it."""
    keep_typed()
    st.session_state.pop(EDITING, None)


def _done(clause_id: str) -> None:
    close_editor()
    refresh.rerun_parts([clause_id])


def _working_name(draft: Draft) -> str:
    from charter.bilingual.alignment import working_name

    return f", {working_name(draft.settings)}, the working language"


def alignment_groups(draft: Draft) -> dict[str, list[AlignmentFinding]]:
    """Return a draft's alignment findings by clause id."""
    found: dict[str, list[AlignmentFinding]] = {}
    for finding in check_alignment(draft):
        found.setdefault(finding.clause_id, []).append(finding)
    return found


def alignment_by_clause(draft: Draft) -> dict[str, list[AlignmentFinding]]:
    """Return the draft's alignment findings by clause id, computed again only when the draft changes."""
    return state.per_draft("alignment", draft, alignment_groups)  # type: ignore[no-any-return]


def text_key(clause: DraftClause, settings: Settings) -> str:
    """Return the widget key of a clause's text box: a new text from elsewhere gives a new box."""
    shown = notation.clause_literal(clause, settings)
    return f"text-{clause.id}-{hashlib.sha256(shown.encode()).hexdigest()[:8]}"


def _set_text(clause_id: str, key: str) -> None:
    typed = st.session_state.get(key)
    space = state.require_workspace()
    draft = space.draft(state.store())
    try:
        current = draft.clause(clause_id)
    except KeyError:
        return  # removed meanwhile
    if not isinstance(typed, str) or typed.strip() == notation.clause_literal(current, draft.settings):
        return
    warnings: list[str] = []

    def change(d: Draft) -> Draft:
        changed, found = assemble.set_text_checked(d, clause_id, typed)
        warnings.extend(found)
        return changed

    if refresh.attempt_in_editor(change):
        if warnings:
            st.session_state["bracket-warnings"] = warnings
        else:
            st.session_state.pop("bracket-warnings", None)


def _set_status(clause_id: str, key: str) -> None:
    refresh.apply_to(clause_id, lambda d: assemble.set_status(d, clause_id, st.session_state[key]))


def _use_wording(clause_id: str, key: str) -> None:
    wording = str(st.session_state[key])
    refresh.apply_to(clause_id, lambda d: assemble.use_alternative(d, state.library(), clause_id, wording))


def _move(clause_id: str, position: int, section: str | None = None) -> None:
    if refresh.attempt_in_editor(lambda d: assemble.move(d, clause_id, position, section)):
        st.rerun()  # the numbers change: the whole page is drawn again, the editor still open


def _remove(clause_id: str, label: str) -> None:
    removed = f"Removed {label}; Undo brings it back until you save"
    if refresh.attempt_in_editor(lambda d: assemble.remove(d, clause_id), removed):
        st.session_state.pop(EDITING, None)
        st.session_state.pop("confirm-remove", None)
        st.rerun()  # the editor closes and the page is numbered again


def _add_comment(clause_id: str, key: str) -> None:
    text = str(st.session_state.get(key, ""))
    if not state.author():
        # the typed comment stays in its box
        st.session_state["comment-error"] = "Set your name in the sidebar before commenting; your comment is kept."
        return
    comment = partial(assemble.add_comment, clause_id=clause_id, author=state.author(), text=text)
    if refresh.attempt_in_editor(comment, "Comment added (unsaved)"):
        st.session_state[key] = ""  # only once the comment is in the working copy
        st.session_state.pop("comment-error", None)
        refresh.rerun_parts([clause_id])


def _apply_fix(clause_id: str, finding: Finding) -> None:
    refresh.apply_to(clause_id, partial(fix, finding=finding), "Applied the suggested wording (unsaved)")


def clause_editor(clause_id: str, label: str, findings: list[Finding]) -> None:
    """Show one clause's text, status, wording, place, comments and checks under it, each applying at once."""
    digest = hashlib.sha256(clause_id.encode()).hexdigest()[:12]
    with st.container(border=True, key=f"editor-{digest}"):
        _editor(clause_id, label, findings)
    if st.session_state.pop(SCROLL, None) == clause_id:
        # "Go to clause" opened an editor further down: bring it into view (a fixed script, no user text)
        st.html(
            f"<script>parent.document.querySelector('.st-key-editor-{digest}')"
            "?.scrollIntoView({block: 'center'})</script>",
            unsafe_allow_javascript=True,
        )


def _editor(clause_id: str, label: str, findings: list[Finding]) -> None:
    space = state.require_workspace()
    draft = space.draft(state.store())
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        st.session_state.pop(EDITING, None)
        st.info("This clause is no longer in the draft.")
        return
    editable = state.can_edit()
    st.markdown(f"Editing **{state.md(label)}** {state.md(clause.title)}")
    if problem := st.session_state.pop(refresh.PROBLEM, None):
        st.error(problem)  # why the last change made here was refused (already Markdown-safe)
    key = text_key(clause, draft.settings)
    bilingual = has_other_languages(draft)
    working, others = st.columns(2) if bilingual else (st.container(), None)
    working.text_area(
        f"Text (variables such as ${{party_a}} are filled in when shown){_working_name(draft) if bilingual else ''}",
        notation.clause_literal(clause, draft.settings),
        key=key,
        height=200,
        on_change=_set_text,
        args=(clause_id, key),
        disabled=not editable,
    )
    if others is not None:
        with others:
            version_controls(clause, draft, alignment_by_clause(draft).get(clause_id, []), editable)
    tags = notation.tags(draft.settings)
    working.caption(
        state.md(f"Type an open bracket as [{tags['a']}: one wording / {tags['b']}: another]; ")
        + "words in square brackets without a delegation's tag stay plain text."
    )
    for warning in bidi_warnings(clause.text, f"clause '{clause.title}'"):
        st.warning(state.md(warning))
    for warning in st.session_state.get("bracket-warnings", []):
        st.warning(state.md(warning))
    for index, finding in enumerate(findings):
        note = f"{finding.level}: {finding.message}"
        if finding.suggestion:
            note += f" (suggested: {finding.suggestion})"
        box, action = st.columns([5, 1])
        box.caption(state.md(note))
        if finding.certain:
            action.button(
                "Fix",
                key=f"fix-{clause_id}-{index}",
                disabled=not editable,
                on_click=_apply_fix,
                args=(clause_id, finding),
            )

    left, right = st.columns(2)
    status_key = f"status-{clause_id}-{clause.status.value}"
    left.radio(
        "Status",
        [s.value for s in Status],
        index=list(Status).index(clause.status),
        key=status_key,
        horizontal=True,
        on_change=_set_status,
        args=(clause_id, status_key),
        disabled=not editable,
    )
    library = state.library()
    if clause.origin is not None and clause.origin.clause_id in library.clauses:
        source = library.get(clause.origin.clause_id)
        chosen = clause.origin.alternative if clause.origin.alternative in source.labels else source.labels[0]
        wording_key = f"wording-{clause_id}-{chosen}"
        right.selectbox(
            "Library wording",
            source.labels,
            index=source.labels.index(chosen),
            key=wording_key,
            on_change=_use_wording,
            args=(clause_id, wording_key),
            disabled=not editable,
        )

    bracket_controls(clause, draft.settings, editable)
    _place(draft, clause, editable)
    _comments(clause, editable)
    _removal(clause_id, label, editable)
    st.button("Done", type="primary", key=f"done-{clause_id}", on_click=_done, args=(clause_id,))


def _place(draft: Draft, clause: DraftClause, editable: bool) -> None:
    s_index, c_index = draft.find(clause.id)
    size = len(draft.sections[s_index].clauses)
    up, down, target_box, position_box, go = st.columns([1, 1, 3, 2, 1], vertical_alignment="bottom")
    up.button(
        "Up", key=f"up-{clause.id}", disabled=not editable or c_index == 0, on_click=_move, args=(clause.id, c_index)
    )
    down.button(
        "Down",
        key=f"down-{clause.id}",
        disabled=not editable or c_index + 1 >= size,
        on_click=_move,
        args=(clause.id, c_index + 2),
    )
    sections = {s.id: s.title for s in draft.sections}
    target = target_box.selectbox(
        "Move to section", list(sections), index=s_index, format_func=sections.__getitem__, key=f"to-{clause.id}"
    )
    position = position_box.number_input("Position", min_value=1, value=c_index + 1, step=1, key=f"at-{clause.id}")
    go.button(
        "Move", key=f"move-{clause.id}", disabled=not editable, on_click=_move, args=(clause.id, int(position), target)
    )


def _comments(clause: DraftClause, editable: bool) -> None:
    for comment in clause.comments:
        st.caption(f"{state.md(comment.author)}, {state.when(comment.time)}")
        st.text(comment.text)
    key = f"comment-{clause.id}"
    st.text_area("Add a comment", key=key, height=80, disabled=not editable)
    if message := st.session_state.get("comment-error"):
        st.error(state.md(message))
    st.button(
        "Add comment",
        key=f"add-comment-{clause.id}",
        disabled=not editable,
        on_click=_add_comment,
        args=(clause.id, key),
    )


def _removal(clause_id: str, label: str, editable: bool) -> None:
    if st.session_state.get("confirm-remove") != clause_id:
        st.button(
            "Remove this clause…",
            key=f"remove-{clause_id}",
            disabled=not editable,
            on_click=lambda: st.session_state.update({"confirm-remove": clause_id}),
        )
        return
    st.warning(f"Remove {state.md(label)} from the working copy? Undo brings it back until you save.")
    yes, no = st.columns(2)
    yes.button(f"Yes, remove {label}", key=f"remove-yes-{clause_id}", on_click=_remove, args=(clause_id, label))
    no.button("Keep it", key=f"remove-no-{clause_id}", on_click=lambda: st.session_state.pop("confirm-remove", None))
