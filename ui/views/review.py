"""Review page: the counterpart's tracked changes in an uploaded .docx, accepted, rejected or bracketed one by one."""

from __future__ import annotations

import html
from collections.abc import Iterable

import streamlit as st

from charter.errors import CharterError, ConflictError
from charter.negotiation.brackets import names, tags
from charter.negotiation.changes import Change
from charter.negotiation.decisions import DECISIONS, counterpart_of, proposer_of, save_review
from charter.negotiation.review import Review, read_review
from charter.textsafety import check_text
from ui import state
from ui.frame import page_frame

page_frame()

space = state.require_workspace()
store = state.store()
st.title("Review", anchor=False)
st.caption(
    "An export of this draft that the other delegation marked up with Word's tracked changes. Every change is "
    "listed with its clause, author and date; accept it, reject it, or bracket it to keep both wordings. "
    "Nothing is saved until you save the review, which makes one revision."
)

#: How each decision reads on the page.
CHOICES = {"accept": "Accept", "reject": "Reject", "bracket": "Bracket both"}
_DELETED = "color:#b91c1c;text-decoration:line-through;background:#fee2e2"
_INSERTED = "color:#15803d;text-decoration:underline;background:#dcfce7"


def _key(review: Review, change_id: str) -> str:
    return f"review-{review.sha256[:12]}-{change_id}"


def _decide(review: Review, changes: Iterable[Change], decision: str) -> None:
    for change in changes:
        st.session_state[_key(review, change.id)] = decision


def _words(text: str) -> str:
    """Return a change's words as escaped HTML, a line break shown as a pilcrow."""
    return html.escape(text).replace("\n", "\u00b6 ")


def change_html(change: Change) -> str:
    """Return a change in its context: deleted words struck through in red, inserted ones underlined in green."""
    parts = [f'<span class="context">\u2026{html.escape(change.context_before)} </span>']
    if change.before:
        parts.append(f'<del style="{_DELETED}">{_words(change.before)}</del>')
    if change.after:
        parts.append(f'<ins style="{_INSERTED}">{_words(change.after)}</ins>')
    parts.append(f'<span class="context"> {html.escape(change.context_after)}\u2026</span>')
    return f'<div class="review-change">{"".join(parts)}</div>'


def _header(change: Change) -> str:
    when = state.when(change.date) if change.date else "no date"
    tracked = "" if change.tracked else " (edited without tracking)"
    moved = ", moved" if change.moved else ""
    moved += f" into {state.md(change.joins)} (two clauses made one)" if change.joins else ""
    return (
        f"**{change.id}** \u00b7 {state.md(change.kind)}{moved} \u00b7 {state.md(change.author)}{tracked} \u00b7 {when}"
    )


for note in st.session_state.pop("review-notes", []):
    st.warning(state.md(note))  # what the last saved review could not do as asked
counter = st.session_state.setdefault("review-counter", 0)
upload = st.file_uploader("Marked-up charter (.docx, up to 10 MB)", type=["docx"], key=f"review-upload-{counter}")
if upload is None:
    st.stop()
try:
    with st.spinner("Reading the tracked changes..."):
        review = read_review(store, space.name, upload.getvalue(), file_name=upload.name, library=state.library())
except CharterError as err:
    state.show_error(err)
    st.stop()

settings = review.draft.settings
shown_names, shown_tags = names(settings), tags(settings)
actor = state.actor()
counterpart = st.radio(
    "Whose changes are these?",
    ["a", "b", "chair"],
    index=["a", "b", "chair"].index(counterpart_of(state.delegation())),
    horizontal=True,
    key="review-counterpart",
    format_func=lambda d: state.md(f"{shown_names[d]} ({shown_tags[d]})"),
)
proposer = proposer_of(counterpart)
st.caption(
    f"Read against revision {review.base}. A bracket keeps the old words as {shown_tags[proposer]}'s and the "
    f"new words as {shown_tags[counterpart]}'s."
)
for warning in review.warnings:
    st.warning(state.md(warning))
if not review.changes and not review.comments:
    st.info(f"{state.md(upload.name)} makes no tracked changes to revision {review.base}.")
    st.stop()

st.markdown(
    f"**{len(review.changes)} change(s)** and **{len(review.comments)} comment(s)** in {state.md(upload.name)}."
)
everything = st.columns(len(DECISIONS))
for column, decision in zip(everything, DECISIONS, strict=True):
    column.button(
        f"{CHOICES[decision]} all",
        key=f"review-all-{decision}",
        on_click=_decide,
        args=(review, review.changes, decision),
    )

by_clause: dict[str, list[Change]] = {}
for change in review.changes:
    by_clause.setdefault(change.clause, []).append(change)
for label, changes in by_clause.items():
    with st.container(border=True):
        st.markdown(f"**Clause {state.md(label)}**")
        bulk = st.columns(len(DECISIONS))
        for column, decision in zip(bulk, DECISIONS, strict=True):
            column.button(
                f"{CHOICES[decision]} all in {label}",
                key=f"review-clause-{label}-{decision}",
                on_click=_decide,
                args=(review, changes, decision),
            )
        for change in changes:
            st.markdown(_header(change))
            st.html(change_html(change))
            st.radio(
                f"Decision on {change.id}",
                list(DECISIONS),
                index=None,
                horizontal=True,
                key=_key(review, change.id),
                format_func=CHOICES.__getitem__,
                label_visibility="collapsed",
            )

if review.comments:
    st.subheader("Comments in the file", anchor=False)
    st.caption("They become comments on their clauses when you save the review.")
    for comment in review.comments:
        when = state.when(comment.date) if comment.date else "no date"
        st.markdown(f"**{state.md(comment.clause)}** \u00b7 {state.md(comment.author)} \u00b7 {when}")
        st.text(comment.text)

decisions = {change.id: st.session_state.get(_key(review, change.id)) for change in review.changes}
undecided = [change_id for change_id, decision in decisions.items() if decision is None]
if undecided:
    st.caption(f"Not decided yet: {', '.join(undecided)}.")
message = st.text_input("Save message", value=f"Review of {upload.name}", key="review-message")
if st.button("Save review", type="primary", disabled=not state.can_edit()):
    if not state.author():
        st.error("Set your name in the sidebar before saving.")
    elif not state.session_current():
        st.error("Your account was changed or removed; sign in again.")
    elif undecided:
        st.error(f"Decide every change first: {', '.join(undecided)} are still open.")
    else:
        try:
            check_text(message, "save message", multiline=True)
            with st.spinner("Saving..."):
                saved = save_review(
                    store,
                    review,
                    {k: v for k, v in decisions.items() if v is not None},
                    author=state.author(),
                    actor=actor,
                    counterpart=counterpart,
                    delegation=state.delegation(),
                    message=message or None,
                    library=state.library(),
                )
        except ConflictError as err:
            st.error(f"The review clashes with edits saved meanwhile; nothing was saved. {state.md(str(err))}")
        except CharterError as err:
            state.show_error(err)
        else:
            st.session_state["review-counter"] = counter + 1
            if not space.dirty:
                space.discard(store)
            merged = " (merged onto newer edits)" if saved.saved.merged else ""
            st.session_state["toast"] = (
                f"Saved the review as revision {saved.revision}{merged}: {len(saved.accepted)} accepted, "
                f"{len(saved.rejected)} rejected, {len(saved.bracketed)} bracketed."
            )
            for warning in saved.warnings:
                st.session_state.setdefault("review-notes", []).append(warning)
            st.rerun()
