"""The library's working translations a library clause brings into a draft's other languages, unreviewed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from charter.drafting.model import Draft, DraftClause, Version
from charter.library import Library


def library_versions(draft: Draft, library: Library, clause_id: str, label: str) -> tuple[Version, ...]:
    """Return the library's working translations of one wording into the draft's other languages, unreviewed."""
    from charter.bilingual.versions import other_languages

    found = []
    english = library.get(clause_id).wording(label)
    for language in other_languages(draft.settings):
        translated = library.translation(language, clause_id, label)
        if translated is not None:
            # written from the library's text: a later edit of the clause shows the translation stale
            found.append(Version(language=language, title=translated[0], text=translated[1], made_from=english))
    return tuple(found)


def add_library_translations(draft: Draft, library: Library) -> Draft:
    """Return the draft with the library's translations of its library clauses in each language they lack.

    A language added to the draft later gets what a clause added afterwards would bring, unreviewed.
    A clause edited since it came from the library gets the translation of the library's text,
    which then reads as needing update.
    """
    from charter.bilingual.versions import version
    from charter.drafting.assemble import change_clause

    for clause in draft.clauses():
        if clause.origin is None or clause.origin.clause_id not in library.clauses:
            continue
        found = library_versions(draft, library, clause.origin.clause_id, clause.origin.alternative)
        added = [v for v in found if (held := version(clause, v.language)) is None or not held.text.strip()]
        if added:
            kept = tuple(v for v in clause.versions if v.language not in {a.language for a in added})
            draft = change_clause(draft, clause.id, _with_versions((*kept, *added)))
    return draft


def _with_versions(versions: tuple[Version, ...]) -> Callable[[DraftClause], DraftClause]:
    return lambda clause: clause.model_copy(update={"versions": versions})


def update_settings(draft: Draft, library: Library, **changes: Any) -> Draft:
    """Return the draft with its settings changed; a language it did not have brings the library's
    translations of its library clauses, unreviewed. Raise DraftError as `assemble.update_settings` does."""
    from charter.drafting import assemble

    changed = assemble.update_settings(draft, **changes)
    if changed.settings.languages != draft.settings.languages:
        changed = add_library_translations(changed, library)
    return changed
