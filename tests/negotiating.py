"""A draft under negotiation for the print tests: brackets from both delegations and the chair, reservations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft, DraftClause, Status
from charter.library import load_library
from charter.negotiation.brackets import add_alternative, bracket_phrase, reserve

SMALL = Path(__file__).parent / "data" / "clauses" / "small"
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)

#: Every wording a delegation proposes in the negotiating draft, as the notation shows it.
ALTERNATIVES = (
    "AZ: intend to support",
    "US: will seek to support",
    "Chair: \u2014",
    "US: will cooperate",
    "AZ: plan to cooperate",
    "AZ: at source",
    "US: at every well",
)
#: Each reservation as its footnote says it.
RESERVATIONS = ("US reserve: pending review in Washington", "AZ reserve")


@dataclass(frozen=True)
class Negotiation:
    """The draft and the ids of its clauses by role."""

    draft: Draft
    ids: dict[str, str]

    def clause(self, role: str) -> DraftClause:
        return self.draft.clause(self.ids[role])


def put(draft: Draft, clause: DraftClause) -> Draft:
    """Return the draft with `clause` in place of the clause of the same id."""
    s_index, c_index = draft.find(clause.id)
    section = draft.sections[s_index]
    clauses = list(section.clauses)
    clauses[c_index] = clause
    sections = list(draft.sections)
    sections[s_index] = section.model_copy(update={"clauses": tuple(clauses)})
    return draft.model_copy(update={"sections": tuple(sections)})


def negotiation(chair: bool = True) -> Negotiation:
    """Return a stored-looking draft: a recital and a final clause agreed, three clauses open, one agreed after them.

    - corridor (I.1): "[AZ: intend to support / US: will seek to support / Chair: —]", a US reservation with a note;
    - methane (I.2): a US and an AZ wording in the lead, an AZ and a US wording in sub-paragraph (a), an AZ
      reservation without a note, and two comments;
    - transit (I.3): bracketed as a whole, no bracket inside;
    - fund (I.4) and the recital (P.1) and final clause (II.1): agreed.
    Without `chair`, the chair proposes nothing.
    """
    library = load_library(SMALL)
    draft = assemble.new_draft("azerbaijan-us", demo_settings(marking="RESTRICTED"))
    ids: dict[str, str] = {}
    for role, clause_id in (
        ("recital", "preamble.friendship"),
        ("corridor", "energy.gas-corridor"),
        ("methane", "energy.methane"),
    ):
        draft, added = assemble.add_clause(draft, library, clause_id)
        ids[role] = added.id
    draft, transit = assemble.add_custom(draft, "energy", "Transit", "The Participants welcome new transit routes.")
    draft, fund = assemble.add_custom(draft, "energy", "Fund", "The Participants intend to set up a joint fund.")
    draft, final = assemble.add_clause(draft, library, "final.status")
    ids.update(transit=transit.id, fund=fund.id, final=final.id)

    proposals: list[tuple[str | None, str]] = [("a", "intend to support"), ("b", "will seek to support")]
    corridor = bracket_phrase(draft.clause(ids["corridor"]), "intend to support", proposals)
    if chair:
        corridor = add_alternative(corridor, 0, "chair", "")
    corridor = reserve(corridor, "b", "Jane Doe", "pending review in Washington", TIME)
    methane = bracket_phrase(draft.clause(ids["methane"]), "plan to cooperate", [("b", "will cooperate")])
    methane = add_alternative(methane, 0, "a", "plan to cooperate")
    methane = bracket_phrase(methane, "at source", [("a", "at source"), ("b", "at every well")])
    methane = reserve(methane, "a", "Leyla Mammadova", time=TIME)
    draft = put(put(draft, corridor), methane)
    draft = assemble.add_comment(draft, ids["methane"], "Leyla Mammadova", "Check the flaring wording.", TIME)
    later = TIME.replace(hour=11)
    draft = assemble.add_comment(draft, ids["methane"], "Jane Doe", "Our capital wants every well.", later)
    draft = assemble.set_status(draft, ids["transit"], Status.BRACKETED)
    for role in ("recital", "fund", "final"):
        draft = assemble.set_status(draft, ids[role], Status.AGREED)
    return Negotiation(draft.model_copy(update={"revision": 4, "draft_id": "0123456789abcdef"}), ids)
