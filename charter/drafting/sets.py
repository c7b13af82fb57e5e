"""How a new draft starts: empty, from a set of library clauses in area order, or from another draft."""

from __future__ import annotations

from charter.drafting import assemble
from charter.drafting.model import AREAS, Draft, Status
from charter.errors import NotFoundError
from charter.library import Library

#: How many clauses of each area the standard set takes (the first ones of each area file).
STANDARD = {
    "preamble": 4,
    "energy": 5,
    "transit": 5,
    "ai-digital": 4,
    "finance": 4,
    "security": 2,
    "implementation": 2,
    "final": 3,
}

#: What each set holds, for help texts and the browser.
SETS = {
    "standard": "the first clauses of every area: a balanced charter of about thirty paragraphs",
    "complete": "every clause of the library, in its preferred wording",
}


def starting_set(library: Library, name: str) -> list[str]:
    """Return the library ids of a starting set, in area order; raise NotFoundError for an unknown set."""
    if name not in SETS:
        raise NotFoundError(f"no starting set '{name}'; the sets are {', '.join(SETS)}")
    ids: list[str] = []
    for area in AREAS:
        found = [clause.id for clause in library.search(area=area)]
        ids.extend(found[: STANDARD.get(area, 0)] if name == "standard" else found)
    return ids


def start_from_set(draft: Draft, library: Library, name: str) -> Draft:
    """Return a new draft with the clauses of a starting set added, each in its preferred wording."""
    for library_id in starting_set(library, name):
        draft, _ = assemble.add_clause(draft, library, library_id)
    return draft


def start_from_draft(draft: Draft, other: Draft) -> Draft:
    """Return a new draft with the sections and clauses of `other`, as a fresh proposal.

    Every clause starts again as proposed, without the other draft's comments and accepted
    wordings; the new draft keeps its own parties, place and languages.
    """
    fresh = tuple(
        section.model_copy(
            update={
                "clauses": tuple(
                    clause.model_copy(update={"status": Status.PROPOSED, "comments": (), "accepted": ()})
                    for clause in section.clauses
                )
            }
        )
        for section in other.sections
    )
    return draft.model_copy(update={"sections": fresh})
