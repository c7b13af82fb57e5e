"""The Draft page's clauses, each in a fragment of its own: its text, its badges and its Edit button.

Pressing Edit reruns that clause alone, and its editor opens under it; a save reruns the save bar,
the sidebar's status and the clauses whose badges it changes. On a long draft the browser then
redraws a few elements instead of the whole page, and the server draws one clause, not a section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from charter.bilingual.alignment import AlignmentFinding
from charter.checks import Finding, findings_by_clause
from charter.compare.diff import deviates
from charter.drafting.model import Draft, Status
from charter.drafting.render import RenderedClause, RenderedDraft, render_draft
from charter.textsafety import bidi_warnings
from ui import editor, refresh, state
from ui.brackets import reservation_badges
from ui.languages import has_other_languages, language_badges
from ui.reading import Badge, clause_html

STATUS_BADGE = {
    Status.PROPOSED: Badge("gray", "proposed"),
    Status.BRACKETED: Badge("orange", "bracketed"),
    Status.AGREED: Badge("green", "agreed"),
}


@dataclass(frozen=True)
class Shown:
    """What the Draft page shows of the current working copy, computed once per change of it."""

    draft: Draft
    view: RenderedDraft
    clauses: dict[str, RenderedClause]
    unsaved: set[str]
    deviating: set[str]
    findings: dict[str, list[Finding]]
    aligned: dict[str, list[AlignmentFinding]]
    bilingual: bool


def shown() -> Shown:
    """Return what the Draft page shows, worked out once per state of the working copy: every clause
    drawn in a run shares it."""
    space = state.require_workspace()
    store, library = state.store(), state.library()
    draft = space.draft(store)  # the same object until the working copy or its base changes
    kept = st.session_state.get("draft-shown")
    if kept is not None and kept[0] is draft and kept[1] == space.base:
        return kept[2]  # type: ignore[no-any-return]
    # a revision as saved is the same for every member who opens it
    revision = draft.revision if space.working is None else None
    view = state.per_draft("view", draft, render_draft)
    bilingual = has_other_languages(draft)

    def derived(name: str, compute: Callable[[Draft], Any]) -> Any:
        # the session's memo first (a save's revision holds what the working copy held), then the server's
        if revision is None:
            return state.per_draft(name, draft, compute)
        return state.per_draft(
            name, draft, lambda d: _of_revision(d.draft_id, revision, name, _draft=d, _compute=compute)
        )

    result = Shown(
        draft=draft,
        view=view,
        clauses={c.id: c for c in view.clauses()},
        unsaved=space.unsaved(store),
        deviating=derived("deviates", lambda d: deviates(d, library)),
        findings=derived("findings", findings_by_clause),
        aligned=derived("alignment", editor.alignment_groups) if bilingual else {},
        bilingual=bilingual,
    )
    st.session_state["draft-shown"] = (draft, space.base, result)
    return result


@st.cache_resource(max_entries=64, show_spinner=False)
def _of_revision(draft_id: str, revision: int, name: str, *, _draft: Draft, _compute: Callable[[Draft], Any]) -> Any:
    """Return `_compute(_draft)` for a saved revision, computed once per server: revisions never change."""
    return _compute(_draft)


def clause_row(clause_id: str) -> None:
    """Draw one clause in its own fragment (and its editor, when it is the one being edited)."""
    refresh.drawn().add(clause_id)
    st.fragment(key=refresh.row_key(clause_id))(_row)(clause_id)


def _row(clause_id: str) -> None:
    seen = shown()
    clause = seen.clauses.get(clause_id)
    if clause is None:
        return  # removed since the page was drawn; the next full run drops the row
    settings = seen.draft.settings
    badges = [STATUS_BADGE[clause.status], *reservation_badges(clause, settings)]
    if seen.bilingual:
        badges += language_badges(seen.draft.clause(clause_id), seen.draft, seen.aligned.get(clause_id, []))
    if clause_id in seen.unsaved:
        badges.append(Badge("blue", "unsaved"))
    if clause_id in seen.deviating:
        badges.append(Badge("violet", "differs from library" if clause.library_id else "custom"))
    if clause.comments:
        badges.append(Badge("gray", f"{len(clause.comments)} comment(s)"))
    if bidi_warnings(clause.text):
        badges.append(Badge("red", "direction controls: see the editor"))
    if found := seen.findings.get(clause_id):
        colour = "red" if any(f.level == "error" for f in found) else "orange"
        badges.append(Badge(colour, f"{len(found)} drafting check(s)"))
    row = st.container(horizontal=True, wrap=False, vertical_alignment="top", key=f"row-{clause_id}")
    row.html(clause_html(clause, badges), width="stretch")
    if st.session_state.get(editor.EDITING) == clause_id:
        # the editor opens under the clause, which shows each change as it is made
        editor.clause_editor(clause_id, clause.label, seen.findings.get(clause_id, []))
        return
    row.button(
        "Edit",
        key=f"edit-{clause_id}",
        help=f"Edit {clause.label} here: text, status, wording, place, comments",
        on_click=editor.edit,
        args=(clause_id,),
    )

