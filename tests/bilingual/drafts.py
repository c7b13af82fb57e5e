"""A charter in Azerbaijani and English for the tests of each language's Word files."""

from __future__ import annotations

from dataclasses import dataclass

from charter.bilingual import versions
from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft, Status
from charter.drafting.sets import starting_set
from charter.library import load_library

#: Every letter Azerbaijani adds to the Latin alphabet, small and capital.
AZERBAIJANI_LETTERS = "əğıöüçşƏĞİÖÜÇŞ"

LETTERS_ENGLISH = "The Participants welcome the report of SOFAZ on 12 projects worth 1,500 million."
LETTERS_AZERI = (
    "İştirakçılar ARDNF-nin 1,500 milyon dəyərində 12 layihə haqqında hesabatını alqışlayırlar: "
    "ƏLİ, ĞƏNİ, İSMAYIL, ÖMƏR, ÜLVİ, ÇİNGİZ və ŞAHİN adından."
)
UNTRANSLATED_ENGLISH = "The Participants intend to report each year to the Government of ${party_a}."


@dataclass(frozen=True)
class Charter:
    """The draft and the ids of the clauses the tests look at."""

    draft: Draft
    letters: str
    untranslated: str
    bracketed: str


def bilingual_charter(first: str = "b") -> Charter:
    """Return the demo charter's standard clauses with their Azerbaijani working translations.

    The English original names the United States first (`first="b"`) and the Azerbaijani one
    Azerbaijan (the demo's `originals`). One clause has every Azerbaijani letter in a
    confirmed version, one has no Azerbaijani text at all, and one is bracketed.
    """
    library = load_library()
    draft = assemble.new_draft("azerbaijan-us", demo_settings(first=first, marking="RESTRICTED"))
    for clause_id in starting_set(library, "standard"):
        draft, _ = assemble.add_clause(draft, library, clause_id)
    draft, letters = assemble.add_custom(draft, "final", "Letters", LETTERS_ENGLISH)
    draft = versions.set_version(draft, letters.id, "az", LETTERS_AZERI, "Hərflər", confirm=True)
    draft, untranslated = assemble.add_custom(draft, "implementation", "Reporting", UNTRANSLATED_ENGLISH)
    bracketed = next(c for c in draft.clauses() if c.library_id == "energy.methane-reduction")
    draft = assemble.set_status(draft, bracketed.id, Status.BRACKETED)
    draft = draft.model_copy(update={"revision": 4, "draft_id": "0123456789abcdef"})
    return Charter(draft, letters.id, untranslated.id, bracketed.id)
