"""Data models: library clauses, drafts, sections and draft clauses."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from charter.textsafety import check_clause_text, check_text

#: The working-group areas, in the order a charter presents them, with their default titles.
AREAS: dict[str, str] = {
    "preamble": "Preamble",
    "energy": "Energy Security",
    "transit": "Regional Connectivity, Trade and Transit",
    "ai-digital": "Artificial Intelligence and Digital Infrastructure",
    "finance": "Investment and Finance",
    "security": "Defence and Security Cooperation",
    "implementation": "Implementation",
    "final": "Final Provisions",
}

#: The delegations of a negotiation: the draft's two parties and a neutral chair or secretariat.
DELEGATIONS = ("a", "b", "chair")

#: Area used for clauses written by hand that do not say otherwise.
CUSTOM_AREA = "implementation"

#: The label of a clause's main (preferred) wording.
PREFERRED = "preferred"

#: What a heading pattern may hold: the section's number as a Roman numeral, a figure, a word
#: ("One") or a word in capitals ("ONE"), and its title.
HEADING_FIELDS = ("{roman}", "{number}", "{word}", "{WORD}", "{title}")

#: The heading pattern of a draft that does not set one.
STANDARD_HEADING = "Section {roman}: {title}"


class Status(StrEnum):
    """Negotiation status of a clause in a draft."""

    PROPOSED = "proposed"
    BRACKETED = "bracketed"
    AGREED = "agreed"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _from_store(info: ValidationInfo) -> bool:
    # A store may read back what it holds with context={"stored": True}, so that a revision saved
    # before these checks existed still opens; everything new is checked on the way in.
    return bool(info.context and info.context.get("stored"))


def _line(value: str, info: ValidationInfo, what: str) -> str:
    """Return a one-line value unchanged; raise UnsafeTextError when it holds a control character."""
    return value if _from_store(info) else check_text(value, what)


class Alternative(Frozen):
    """One labelled wording of a library clause."""

    label: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9-]*$")
    text: str = Field(min_length=1)


class Clause(Frozen):
    """A clause of the library, with its preferred wording and alternatives."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")
    area: str
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    tags: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    notes: str | None = None

    @field_validator("text", "title")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @property
    def labels(self) -> list[str]:
        """Return the labels of all wordings, the preferred one first."""
        return [PREFERRED] + [alt.label for alt in self.alternatives]

    def wording(self, label: str = PREFERRED) -> str:
        """Return the text of the wording with `label`; raise KeyError when there is none."""
        if label == PREFERRED:
            return self.text
        for alt in self.alternatives:
            if alt.label == label:
                return alt.text
        raise KeyError(label)


class Comment(Frozen):
    """A remark on a draft clause."""

    author: str = Field(min_length=1, max_length=200)
    time: datetime
    text: str = Field(min_length=1, max_length=20_000)

    @field_validator("author")
    @classmethod
    def _safe_author(cls, value: str, info: ValidationInfo) -> str:
        return _line(value, info, "comment author")

    @field_validator("text")
    @classmethod
    def _safe_text(cls, value: str, info: ValidationInfo) -> str:
        return value if _from_store(info) else check_text(value, "comment", multiline=True)


class Origin(Frozen):
    """Where a draft clause came from in the library."""

    clause_id: str
    alternative: str = PREFERRED
    text_hash: str


class Acceptance(Frozen):
    """A wording a drafting check flags that a clause keeps on purpose, with the reason."""

    rule: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=2_000)
    author: str = Field(min_length=1, max_length=200)
    time: datetime


#: Where an open bracket stands in a clause's stored text: the object replacement character, one
#: per bracket, in the order of `DraftClause.brackets`. Readers see "[AZ: ... / US: ...]" instead.
BRACKET_MARK = "\ufffc"


class Proposal(Frozen):
    """One wording of a disputed phrase, and the delegation that proposes it (None: nobody named)."""

    delegation: Literal["a", "b", "chair"] | None = None
    #: The wording as written (variables allowed); empty when the delegation proposes to leave it out.
    text: str = Field(default="", max_length=20_000)

    @field_validator("text")
    @classmethod
    def _safe_text(cls, value: str, info: ValidationInfo) -> str:
        if BRACKET_MARK in value or "\n" in value:
            raise ValueError("a bracketed wording must be one line without another bracket in it")
        return value if _from_store(info) else check_clause_text(value, "bracketed wording")


class Bracket(Frozen):
    """An open bracket inside a clause: the alternative wordings of one disputed phrase."""

    proposals: tuple[Proposal, ...] = Field(min_length=1, max_length=20)


class Reservation(Frozen):
    """A delegation's general reservation on a whole clause ("US reserve"), with an optional note."""

    delegation: Literal["a", "b", "chair"]
    note: str = Field(default="", max_length=2_000)
    author: str = Field(min_length=1, max_length=200)
    time: datetime

    @field_validator("note")
    @classmethod
    def _safe_note(cls, value: str, info: ValidationInfo) -> str:
        return value if _from_store(info) else check_text(value, "reservation note", multiline=True)


class Version(Frozen):
    """A clause in one more language than the draft's working language: its title and text as people read them.

    `basis` is the working-language text (as people read it, brackets in the notation) this
    version was last confirmed against; None for a working translation nobody has reviewed yet.
    `made_from` is the working-language text such an unreviewed version was written from (for
    a library translation, the library's text), so that a later change to it shows too.
    """

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    title: str = Field(default="", max_length=500)
    text: str = Field(default="", max_length=100_000)
    basis: str | None = Field(default=None, max_length=100_000)
    made_from: str | None = Field(default=None, max_length=100_000)

    @field_validator("title")
    @classmethod
    def _safe_title(cls, value: str, info: ValidationInfo) -> str:
        return _line(value, info, "translated clause title")

    @field_validator("text")
    @classmethod
    def _safe_text(cls, value: str, info: ValidationInfo) -> str:
        if BRACKET_MARK in value:
            raise ValueError("a translation holds U+FFFC (OBJECT REPLACEMENT CHARACTER), which charter reserves")
        return value if _from_store(info) else check_clause_text(value, "translated clause text")


class DraftClause(Frozen):
    """A clause as it stands in one draft; `text` is stored as written, variables included.

    Each open bracket inside the clause stands in `text` as one BRACKET_MARK, its wordings in
    `brackets` in the same order. A clause with an open bracket or a reservation is not agreed.
    """

    id: str = Field(pattern=r"^[0-9a-f]{12}$")
    area: str
    title: str = Field(max_length=500)
    text: str = Field(max_length=100_000)
    status: Status = Status.PROPOSED
    origin: Origin | None = None
    comments: tuple[Comment, ...] = ()
    accepted: tuple[Acceptance, ...] = ()
    brackets: tuple[Bracket, ...] = ()
    reservations: tuple[Reservation, ...] = ()
    #: The clause in the draft's other languages, one version each (see `charter.bilingual`).
    versions: tuple[Version, ...] = ()

    @field_validator("title")
    @classmethod
    def _safe_title(cls, value: str, info: ValidationInfo) -> str:
        return _line(value, info, "clause title")

    @model_validator(mode="after")
    def _brackets_in_place(self, info: ValidationInfo) -> DraftClause:
        marks = self.text.count(BRACKET_MARK)
        if marks != len(self.brackets):
            raise ValueError(f"the clause text holds {marks} bracket marks for {len(self.brackets)} brackets")
        if self.status == Status.AGREED and self.open and not _from_store(info):
            raise ValueError("a clause with an open bracket or a reservation cannot be agreed")
        return self

    @property
    def open(self) -> bool:
        """Return True while the clause has an open bracket or a reservation."""
        return bool(self.brackets or self.reservations)

    @field_validator("text")
    @classmethod
    def _safe_text(cls, value: str, info: ValidationInfo) -> str:
        return value if _from_store(info) else check_clause_text(value)

    @property
    def library_id(self) -> str | None:
        """Return the library clause id this clause came from, or None for a custom clause."""
        return self.origin.clause_id if self.origin else None


class Section(Frozen):
    """An ordered group of clauses covering one or more areas."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1, max_length=500)
    areas: tuple[str, ...]
    clauses: tuple[DraftClause, ...] = ()
    #: Unnumbered words between the heading and paragraph 1, as written (variables allowed).
    lead_in: str = Field(default="", max_length=20_000)

    @field_validator("title")
    @classmethod
    def _safe_title(cls, value: str, info: ValidationInfo) -> str:
        return _line(value, info, "section title")

    @property
    def is_preamble(self) -> bool:
        """Return True for the unnumbered preamble section."""
        return self.areas == ("preamble",)


class Party(Frozen):
    """One Participant: the full name used in formal text, and a short name."""

    name: str = Field(min_length=1, max_length=300)
    short: str = Field(min_length=1, max_length=200)

    @field_validator("name", "short")
    @classmethod
    def _safe_name(cls, value: str, info: ValidationInfo) -> str:
        return _line(value, info, "Participant name" if info.field_name == "name" else "Participant short name")


_Code = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
_Part = Annotated[str, Field(pattern=r"^(title|chapeau|lead_in|closing|heading|preamble_heading|section:[a-z0-9-]+)$")]


class Settings(Frozen):
    """Everything about a draft that is not its clauses."""

    title: str | None = Field(default=None, max_length=500)
    party_a: Party
    party_b: Party
    first: Literal["a", "b"] = "a"
    place: str = Field(default="", max_length=200)
    date: str = Field(default="", max_length=100)
    languages: tuple[str, ...] = ("English",)
    marking: str | None = Field(default=None, max_length=100)
    #: A binding draft is a treaty text: the drafting checks then expect treaty language.
    binding: bool = False
    # How a charter written elsewhere words its fixed parts, kept so that its re-export says what
    # it said. None keeps the standard wording; "" leaves the part out. Variables are allowed.
    #: The opening formula naming the Participants.
    chapeau: str | None = Field(default=None, max_length=5_000)
    #: The words between the preamble and the first section.
    lead_in: str | None = Field(default=None, max_length=5_000)
    #: The closing formula (testimonium) before the signatures.
    closing: str | None = Field(default=None, max_length=5_000)
    #: How section headings read, e.g. "Article {number}: {title}" (see HEADING_FIELDS).
    heading: str | None = Field(default=None, max_length=200)
    #: A heading above the preamble, as written ("PREAMBLE"); None for none.
    preamble_heading: str | None = Field(default=None, max_length=200)
    #: The short tags brackets name the delegations by ({"a": "AZ", "b": "US", "chair": "Chair"});
    #: None, or a delegation left out, takes the tag `charter.negotiation.brackets.tags` derives.
    tags: dict[str, str] | None = None
    #: The language the draft is negotiated in (a code, "en"); None: English when it is one of
    #: `languages`, else the first of them. The other languages hold versions of each clause.
    working_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    #: Names and acronyms with their agreed translations: {"SOFAZ": {"az": "ARDNF"}, ...}.
    glossary: dict[str, dict[str, str]] | None = None
    #: The variables in each other language: {"az": {"party_a": "Azərbaycan Respublikası", "place": "Bakı",
    #: "languages": "Azərbaycan və ingilis dillərində", ...}}; a variable left out keeps its working value.
    localized: dict[str, dict[str, str]] | None = None
    #: The draft's own words in other languages, by code then part (`charter.bilingual.parts`): {"az": {"title": ...}}.
    translations: dict[_Code, dict[_Part, Annotated[str, Field(max_length=5_000)]]] | None = None
    #: Whose original each other language's text is ({"az": "a"}): it names that Participant first and
    #: has it sign on the left. A language left out follows `first`, as the working text does.
    originals: dict[_Code, Literal["a", "b"]] | None = None

    @field_validator("tags")
    @classmethod
    def _known_tags(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return None
        for key, tag in value.items():
            if key not in DELEGATIONS:
                raise ValueError(f"unknown delegation '{key[:40]}'; expected one of {', '.join(DELEGATIONS)}")
            if not re.fullmatch(r"[^\W\d_][\w.]{0,11}", tag):
                raise ValueError(f"the tag '{tag[:40]}' must be a letter then up to 11 letters, digits or dots")
        if len({tag.casefold() for tag in value.values()}) != len(value):
            raise ValueError("each delegation needs its own tag")
        return value

    @field_validator("heading")
    @classmethod
    def _known_fields(cls, value: str | None) -> str | None:
        if value is not None and re.search(r"[{}]", re.sub("|".join(map(re.escape, HEADING_FIELDS)), "", value)):
            raise ValueError(f"a heading pattern may only use {', '.join(HEADING_FIELDS)}")
        return value

    @field_validator("title", "place", "date", "marking")
    @classmethod
    def _safe_line(cls, value: str | None, info: ValidationInfo) -> str | None:
        what = {"title": "draft title", "place": "place of signature", "date": "date of signature"}
        return None if value is None else _line(value, info, what.get(info.field_name or "", "header marking"))

    @field_validator("languages")
    @classmethod
    def _safe_languages(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        for language in value:
            _line(language, info, "language")
        return value


class Draft(Frozen):
    """One revision of a draft charter: settings and ordered sections."""

    name: str
    draft_id: str = ""
    revision: int | None = None
    settings: Settings
    sections: tuple[Section, ...]

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str, info: ValidationInfo) -> str:
        return _line(value, info, "draft name")

    def clauses(self) -> list[DraftClause]:
        """Return every clause in document order."""
        return [clause for section in self.sections for clause in section.clauses]

    def find(self, clause_id: str) -> tuple[int, int]:
        """Return (section index, clause index) of a clause; raise KeyError when absent."""
        for s_index, section in enumerate(self.sections):
            for c_index, clause in enumerate(section.clauses):
                if clause.id == clause_id:
                    return s_index, c_index
        raise KeyError(clause_id)

    def clause(self, clause_id: str) -> DraftClause:
        """Return the clause with `clause_id`; raise KeyError when absent."""
        s_index, c_index = self.find(clause_id)
        return self.sections[s_index].clauses[c_index]
