"""The draft's languages in the browser: its working language, and its values and glossary in the others."""

from __future__ import annotations

import streamlit as st

from charter.bilingual import values
from charter.bilingual.versions import NAMES, languages, other_languages, set_working_language
from charter.drafting.model import Draft
from ui import state

#: How each variable is asked for.
LABELS = {
    "party_a": "Participant A",
    "party_b": "Participant B",
    "party_a_short": "Participant A, short",
    "party_b_short": "Participant B, short",
    "place": "Place of signature",
    "date": "Date of signature",
    "languages": "The languages, as the closing formula says them",
}


def values_form(draft: Draft) -> None:
    """Show each other language's values of the variables, and let an editor give or change them."""
    for language in other_languages(draft.settings):
        name = NAMES.get(language, language)
        with st.form(f"localized-{language}"):
            st.caption(
                f"The {name} original fills these in; a value left empty shows the working words, marked "
                "untranslated. Nothing is translated by machine."
            )
            typed = {
                value.name: st.text_input(
                    f"{LABELS[value.name]} ({name})",
                    value.given or "",
                    key=f"localized-{language}-{value.name}",
                    help=f"In the working language: {value.working}",
                )
                for value in values.values(draft, language)
            }
            if st.form_submit_button(f"Apply the {name} values", disabled=not state.can_edit()):
                changes = {key: text or None for key, text in typed.items()}
                change = lambda d, code=language, given=changes: values.set_values(d, code, given)  # noqa: E731
                if state.apply(change, f"{name} values changed (unsaved)"):
                    st.session_state["flash"] = f"{name} values changed; save the draft on the Draft page to keep them."
                    st.rerun()


def glossary_form(draft: Draft) -> None:
    """Show the glossary, and let an editor add a term with its agreed translation or take one away."""
    table = values.glossary(draft)
    codes = other_languages(draft.settings)
    if table:
        state.table(
            [{"term": term, **{NAMES.get(c, c): given.get(c, "") for c in codes}} for term, given in table.items()]
        )
    else:
        st.caption("The glossary is empty.")
    if not codes:
        return
    with st.form("glossary-add"):
        left, middle, right = st.columns(3)
        term = left.text_input("Term or acronym", key="glossary-term", help="As the working text writes it: SOFAZ")
        language = middle.selectbox("Language", codes, format_func=lambda c: NAMES.get(c, c), key="glossary-lang")
        translation = right.text_input("Agreed translation", key="glossary-translation")
        if st.form_submit_button("Add to the glossary", disabled=not state.can_edit()):
            if state.apply(lambda d: values.add_term(d, term, language, translation), "Glossary changed (unsaved)"):
                st.session_state["flash"] = "Glossary changed; save the draft on the Draft page to keep it."
                st.rerun()
    if table:
        with st.form("glossary-remove"):
            gone = st.selectbox("Term", list(table), key="glossary-gone")
            if st.form_submit_button("Take it out of the glossary", disabled=not state.can_edit()):
                if state.apply(lambda d: values.remove_term(d, gone), "Glossary changed (unsaved)"):
                    st.session_state["flash"] = "Glossary changed; save the draft on the Draft page to keep it."
                    st.rerun()


def working_language_form(draft: Draft) -> None:
    """Show which language the clause texts are written in, and let an editor say another (no text moves)."""
    codes = languages(draft.settings)
    with st.form("working-language"):
        chosen = st.selectbox(
            "The clause texts are written in (the working language)",
            codes,
            format_func=lambda c: NAMES.get(c, c),
            key="working-language-pick",
            help="Names the language of the texts the draft holds; it changes only while no clause has a version "
            "in the language chosen. Nothing is translated or swapped.",
        )
        if st.form_submit_button("Apply the working language", disabled=not state.can_edit()):
            name = NAMES.get(chosen, chosen)
            if state.apply(lambda d: set_working_language(d, chosen), f"Working language {name} (unsaved)"):
                st.session_state["flash"] = f"The working language is {name}; save the draft on the Draft page."
                st.rerun()
