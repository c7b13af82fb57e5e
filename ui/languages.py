"""A clause in the draft's other languages: edited side by side with the working text, stale ones marked.

The clause editor shows each other language's version next to the working text (`version_controls`),
with its state (confirmed, needs update, needs update (unreviewed), unreviewed, missing), what
changed in the working text since it was confirmed or written, the alignment findings, and a
Confirm button. The Draft page marks a clause
whose version needs update or whose versions do not align (`language_badges`). Nothing is translated
by machine.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from charter.bilingual import versions
from charter.bilingual.alignment import AlignmentFinding
from charter.bilingual.versions import NAMES, State
from charter.compare.tokens import word_diff
from charter.drafting import template
from charter.drafting.model import Draft, DraftClause
from ui import refresh, state
from ui.reading import Badge

#: How each state is shown.
STATE_BADGE = {
    State.CONFIRMED: ("green", "{name}: confirmed"),
    State.NEEDS_UPDATE: ("orange", "{name}: needs update"),
    State.NEEDS_UPDATE_UNREVIEWED: ("orange", "{name}: needs update (unreviewed)"),
    State.UNREVIEWED: ("gray", "{name}: unreviewed"),
    State.MISSING: ("red", "{name}: missing"),
}


def state_badge(found: State, language_name: str) -> Badge:
    """Return the badge of a version's state: 'Azerbaijani: needs update'."""
    colour, words = STATE_BADGE[found]
    return Badge(colour, words.format(name=language_name))


def has_other_languages(draft: Draft) -> bool:
    """Return True when the draft is written in more than its working language."""
    return bool(versions.other_languages(draft.settings))


def language_badges(clause: DraftClause, draft: Draft, findings: list[AlignmentFinding]) -> list[Badge]:
    """Return the Draft page's badges for a clause's versions: stale or missing ones, and alignment findings."""
    badges = []
    for language in versions.other_languages(draft.settings):
        found = versions.state(clause, language, draft.settings)
        if found.stale or found == State.MISSING:
            badges.append(state_badge(found, NAMES.get(language, language)))
    if findings:
        badges.append(Badge("red", f"{len(findings)} alignment finding(s)"))
    return badges


def _key(clause: DraftClause, language: str, part: str) -> str:
    held = versions.version(clause, language)
    shown = f"{held.title}\0{held.text}" if held else ""
    return f"v{part}-{clause.id}-{language}-{hashlib.sha256(shown.encode()).hexdigest()[:8]}"


def _set_version(clause_id: str, language: str, text_key: str, title_key: str) -> None:
    text = st.session_state.get(text_key)
    title = st.session_state.get(title_key)
    draft = state.require_workspace().draft(state.store())
    try:
        held = versions.version(draft.clause(clause_id), language)
    except KeyError:
        return  # removed meanwhile
    if not isinstance(text, str) or not text.strip():
        return
    if held is not None and (text.strip(), str(title or "").strip()) == (held.text, held.title):
        return
    refresh.attempt_in_editor(lambda d: versions.set_version(d, clause_id, language, text, str(title or "")))


def _confirm(clause_id: str, language: str, text_key: str, title_key: str) -> None:
    _set_version(clause_id, language, text_key, title_key)
    name = NAMES.get(language, language)
    refresh.apply_to(clause_id, lambda d: versions.confirm(d, clause_id, language), f"{name} text confirmed (unsaved)")


def apply_pending(clause_id: str) -> None:
    """Apply what is still typed in a clause's version boxes (the editor is closing)."""
    try:
        clause = state.require_workspace().draft(state.store()).clause(clause_id)
    except KeyError:
        return
    draft = state.require_workspace().draft(state.store())
    for language in versions.other_languages(draft.settings):
        text_key, title_key = _key(clause, language, "text"), _key(clause, language, "title")
        if text_key in st.session_state:
            _set_version(clause_id, language, text_key, title_key)


def version_controls(clause: DraftClause, draft: Draft, findings: list[AlignmentFinding], editable: bool) -> None:
    """Show the clause in each other language: state, title, text, changes since confirmed, findings, Confirm."""
    for language in versions.other_languages(draft.settings):
        name = NAMES.get(language, language)
        held = versions.version(clause, language)
        found = versions.state(clause, language, draft.settings)
        st.markdown(state_badge(found, name).markdown())
        text_key, title_key = _key(clause, language, "text"), _key(clause, language, "title")
        st.text_input(
            f"Title ({name})",
            held.title if held else "",
            key=title_key,
            disabled=not editable,
            on_change=_set_version,
            args=(clause.id, language, text_key, title_key),
        )
        st.text_area(
            f"Text ({name})",
            held.text if held else "",
            key=text_key,
            height=200,
            disabled=not editable,
            on_change=_set_version,
            args=(clause.id, language, text_key, title_key),
        )
        since = (held.basis if held.basis is not None else held.made_from) if held is not None else None
        if found.stale and since is not None:
            current = versions.working_text(clause, draft.settings)
            done = "confirmed" if found == State.NEEDS_UPDATE else "written (nobody has reviewed it yet)"
            st.caption(f"The working text changed since this version was {done}:")
            values = template.variables(draft.settings)  # readers see the names, not the ${variables}
            st.markdown(_changes(template.render(since, values), template.render(current, values)))
        for finding in (f for f in findings if f.language == language):
            st.warning(state.md(finding.message))
        st.button(
            f"Confirm the {name} text",
            key=f"vconfirm-{clause.id}-{language}",
            disabled=not editable or found == State.MISSING and not st.session_state.get(text_key),
            on_click=_confirm,
            args=(clause.id, language, text_key, title_key),
            help="Say that this version says what the working text says now",
        )


def _changes(old: str, new: str) -> str:
    """Return the word changes from `old` to `new` as escaped Markdown: removed struck through, added in bold."""
    shown = []
    for op, text in word_diff(old, new):
        words = state.md(text)
        if not text.strip():
            shown.append(words)
        elif op < 0:
            shown.append(f"{' ' if text[:1].isspace() else ''}:red[~~{words.strip()}~~] ")
        elif op > 0:
            shown.append(f"{' ' if text[:1].isspace() else ''}:green[**{words.strip()}**] ")
        else:
            shown.append(words)
    return "".join(shown)


def language_table(draft: Draft) -> None:
    """Show, per other language, how many clauses are confirmed, stale (reviewed or not), unreviewed or missing."""
    counts = versions.counts(draft)
    if not counts:
        return
    st.subheader("Translations", anchor=False)
    rows = [
        {"language": NAMES.get(language, language), **{s.value: table[s] for s in State}}
        for language, table in counts.items()
    ]
    state.table(rows)
