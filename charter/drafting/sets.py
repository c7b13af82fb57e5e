"""Starting sets: the library clauses a new draft can begin with, in area order."""

from __future__ import annotations

from charter.drafting.model import AREAS
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
