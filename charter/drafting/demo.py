"""The demo draft: a charter between the Republic of Azerbaijan and the United States of America."""

from __future__ import annotations

from typing import Any

from charter.bilingual import parts
from charter.drafting import assemble
from charter.drafting.model import Draft, DraftClause, Settings, Status
from charter.drafting.sets import starting_set
from charter.library import Library
from charter.negotiation import brackets
from charter.store import Store

DEMO_NAME = "azerbaijan-us"
DEMO_AUTHOR = "Strategic Working Group"
#: The demo's place of signature, and its date, still to be fixed, with its Azerbaijani form.
DEMO_PLACE = "Washington, D.C."
DEMO_DATE, DEMO_DATE_AZ = "[day] [month] 2026", "[gün] [ay] 2026"


def demo_settings(place: str = DEMO_PLACE, date: str = DEMO_DATE, **other: Any) -> Settings:
    """Return the settings of a charter between the Republic of Azerbaijan and the United States of America.

    `other` sets further settings, such as `marking` or `first`. The Azerbaijani values are
    working translations written for this project, unreviewed; a date other than the demo's has
    none, nor has a place other than the demo's (the Azerbaijani original shows them marked).
    """
    dated = {"date": DEMO_DATE_AZ} if date == DEMO_DATE else {}
    placed = {"place": "Vaşinqton"} if place == DEMO_PLACE else {}
    return assemble.make_settings(
        "the Republic of Azerbaijan",
        "the United States of America",
        party_a_short="Azerbaijan",
        party_b_short="the United States",
        place=place,
        date=date,
        languages=("Azerbaijani", "English"),
        glossary={"SOFAZ": {"az": "ARDNF"}, "Middle Corridor": {"az": "Orta Dəhliz"}},
        localized={
            "az": {
                "party_a": "Azərbaycan Respublikası",
                "party_b": "Amerika Birləşmiş Ştatları",
                "party_a_short": "Azərbaycan",
                "party_b_short": "Amerika Birləşmiş Ştatları",
                "languages": "Azərbaycan və ingilis dillərində",
                **placed,
                **dated,
            }
        },
        # the Azerbaijani original names Azerbaijan first, whatever the English one does
        originals=other.pop("originals", {"az": "a"}),
        **other,
    )


def ensure_demo(store: Store, library: Library) -> bool:
    """Create the demo draft with a few revisions when the store holds no drafts; return True if created."""
    if store.drafts(include_archived=True):
        return False
    # the alternat: each Participant's original names it first and has it sign on the left, so the
    # English original is the United States' (first "b") and the Azerbaijani one Azerbaijan's
    draft = assemble.new_draft(DEMO_NAME, demo_settings(first="b"))
    draft = assemble.merge_sections(draft, "transit", "energy")
    draft = assemble.rename_section(draft, "energy", "Regional Connectivity, Including Energy, Trade and Transit")
    draft = parts.set_part(draft, "energy", "az", "Enerji, ticarət və tranzit daxil olmaqla regional əlaqələr")
    for library_id in starting_set(library, "standard"):
        draft, _ = assemble.add_clause(draft, library, library_id)
    draft = store.create(draft, DEMO_AUTHOR, "First text from the clause library")
    assert draft.revision is not None
    clauses = draft.clauses()
    operative = [c for c in clauses if c.area not in ("preamble", "final")]
    changed = draft
    for clause in operative[1::3]:
        changed = assemble.set_status(changed, clause.id, Status.BRACKETED)
    for clause in clauses[: len(clauses) // 3]:
        changed = assemble.set_status(changed, clause.id, Status.AGREED)
    result = store.save(
        changed, draft.revision, "Azerbaijani delegation", "Statuses after the first round", delegation="a"
    )
    if operative:
        target = operative[1]
        edited = assemble.set_text(
            result.draft,
            target.id,
            target.text + " The Participants also intend to review progress on this work each year.",
        )
        edited = assemble.add_comment(
            edited, target.id, "U.S. delegation", "We can accept an annual review if it is led by the Working Group."
        )
        edited = _negotiating_text(edited, operative)
        store.save(
            edited,
            result.revision,
            "U.S. delegation",
            "Annual review proposed for energy; wording and reservation on two clauses",
            delegation="b",
        )
    return True


def _negotiating_text(draft: Draft, operative: list[DraftClause]) -> Draft:
    """Return the draft with what a counterpart's first answer holds: an attributed bracket and a reservation."""
    wording = next((c for c in operative[2:] if "The Participants intend to" in c.text), None)
    if wording is not None:
        draft = assemble.change_clause(
            draft,
            wording.id,
            lambda c: brackets.bracket_phrase(c, "intend to", [("a", "intend to"), ("b", "will seek to")]),
        )
    finance = next((c for c in operative if c.area == "finance"), None)
    if finance is not None:
        draft = assemble.change_clause(
            draft,
            finance.id,
            lambda c: brackets.reserve(c, "b", "U.S. delegation", "Subject to review of the financing terms."),
        )
    return draft
