"""The reader's view of a draft in any of its languages: versions, localized values, formulas and alternat.

The view in another language is the working language's view of a *projection*: the same
draft whose clause texts, titles, section titles and fixed formulas are those of the language,
variables already filled in with the language's values, and whose alternat names first the
Participant whose original it is. Rendering, comparing and the Word export then work on it
unchanged.

What the language does not have yet shows the working-language words after the language's
"not yet translated" marker, so that an original is never silently mixed: a treaty office
reads a gap at once, and the Word export highlights it. Nothing is ever translated by machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from charter.bilingual.formulas import Formulas, formulas
from charter.bilingual.versions import NAMES, code_of, localized_tags, other_languages, version, working_language
from charter.drafting import template
from charter.drafting.model import AREAS, STANDARD_HEADING, Draft, DraftClause, Party, Section, Settings
from charter.drafting.render import RenderedDraft, render_draft
from charter.errors import DraftError
from charter.negotiation import brackets as notation

#: The marker of a part not yet translated, when the language has no formulas of its own.
UNTRANSLATED = "Not yet translated:"


@dataclass(frozen=True)
class Projection:
    """A draft as it reads in one language, and what still shows the working-language words."""

    draft: Draft
    language: str
    #: The marker written before each part that is not translated yet.
    marker: str
    #: The parts not translated yet, as messages cite them: 'clause II.3', 'the title', ...
    gaps: tuple[str, ...]
    #: The ids of the clauses among them.
    untranslated: frozenset[str]
    #: The signature lines, first signatory (left) first; None keeps the working language's pattern.
    signatories: tuple[str, str] | None
    #: The variables as the original fills them in: the language's values, a value it lacks marked.
    values: Mapping[str, str] = field(default_factory=dict)


def render_in(draft: Draft, language: str | None = None) -> RenderedDraft:
    """Return the reader's view of a draft in `language` (a code or name; None: the working language).

    Raises DraftError for a language that is not one of the draft's.
    """
    if language is None or code_of(language) == working_language(draft.settings):
        return render_draft(draft)
    projection = project(draft, language)
    view = render_draft(projection.draft)
    return view if projection.signatories is None else replace(view, signatories=projection.signatories)


def in_language(draft: Draft, language: str) -> Draft:
    """Return the draft as it reads in `language`: the projection `render_in` renders."""
    return project(draft, language).draft


def localized_values(settings: Settings, language: str) -> dict[str, str]:
    """Return the variables' values in `language`: `Settings.localized` over the working values."""
    values = template.variables(settings)
    if language != working_language(settings):
        given = (settings.localized or {}).get(language, {})
        values.update({name: value for name, value in given.items() if name in template.KNOWN_VARIABLES})
    return values


def first_party(settings: Settings, language: str) -> str:
    """Return 'a' or 'b': the Participant the original in `language` names first and has sign on the left."""
    if language == working_language(settings):
        return settings.first
    return (settings.originals or {}).get(language, settings.first)


def project(draft: Draft, language: str) -> Projection:
    """Return the projection of a draft into `language`; raise DraftError for a language it does not have."""
    settings = draft.settings
    language = code_of(language)
    if language == working_language(settings):
        return Projection(draft, language, _marker(settings, language), (), frozenset(), None)
    if language not in other_languages(settings):
        raise DraftError(f"draft '{draft.name}' is not in {NAMES.get(language, language)}; add it to its languages")
    return _Projector(draft, language).run()


def _marker(settings: Settings, language: str) -> str:
    own = formulas(language)
    return (own.get("untranslated") if own else None) or UNTRANSLATED


class _Projector:
    def __init__(self, draft: Draft, language: str) -> None:
        self.draft = draft
        self.settings = draft.settings
        self.language = language
        self.own: Formulas | None = formulas(language)
        self.working_values = template.variables(self.settings)
        self.working_view = render_draft(draft)
        self.marker = _marker(self.settings, language)
        given = (self.settings.localized or {}).get(language, {})
        #: A value the language lacks shows its working words after the marker, as any gap does.
        self.unlocalized = [name for name in template.KNOWN_VARIABLES if not given.get(name)]
        self.values = localized_values(self.settings, language)
        self.values.update({name: f"{self.marker} {self.values[name]}" for name in self.unlocalized})
        self.used: set[str] = set()
        self.words = (self.settings.translations or {}).get(language, {})
        self.tags = notation.tags(self.settings)
        self.gaps: list[str] = []
        self.untranslated: set[str] = set()
        self.first = first_party(self.settings, language)
        a, b = self._party("a"), self._party("b")
        self.parties = (a, b) if self.first == "a" else (b, a)

    def run(self) -> Projection:
        labels = {clause.id: clause.label for clause in self.working_view.clauses()}
        sections = tuple(
            section.model_copy(
                update={
                    "title": self._section_title(section),
                    "lead_in": self._section_lead_in(section),
                    "clauses": tuple(self._clause(c, labels.get(c.id, c.id)) for c in section.clauses),
                }
            )
            for section in self.draft.sections
        )
        closing = self._formula("testimonium", self.settings.closing, given_as="closing")
        settings = self.settings.model_copy(
            update={
                "first": self.first,
                "party_a": self._party("a"),
                "party_b": self._party("b"),
                "tags": localized_tags(self.settings, self.language),
                "title": self._title(),
                "chapeau": self._formula("chapeau", self.settings.chapeau),
                "lead_in": self._formula("lead_in", self.settings.lead_in),
                "closing": closing,
                "heading": self._heading(),
                "preamble_heading": self._preamble_heading(),
            }
        )
        signatories = self._signatories()
        self.gaps.extend(f"the value of ${{{name}}}" for name in self.unlocalized if name in self.used)
        projected = self.draft.model_copy(update={"settings": settings, "sections": sections})
        return Projection(
            projected,
            self.language,
            self.marker,
            tuple(self.gaps),
            frozenset(self.untranslated),
            signatories,
            self.values,
        )

    # -- the parts -----------------------------------------------------------------------------

    def _fill(self, text: str, values: Mapping[str, str], *, escaped: bool = True) -> str:
        """Return a text with its variables filled in (escaped: as stored text); note the unlocalized ones used."""
        filled = template.render(text, values)
        self.used.update(name for name in self.unlocalized if self.values[name] in filled)
        return template.escape_dollars(filled) if escaped else filled

    def _mark(self, working: str, what: str) -> str:
        """Return the working-language words after the marker, and note the gap."""
        self.gaps.append(what)
        return f"{self.marker} {working}"

    def _party(self, which: str) -> Party:
        party = self.settings.party_a if which == "a" else self.settings.party_b
        key = f"party_{which}"
        return party.model_copy(update={"name": self.values[key], "short": self.values[f"{key}_short"]})

    def _first_values(self) -> dict[str, str]:
        """Return the values with ${party_a} and ${party_b} in the alternat's order, as the formulas name them."""
        first, second = self.parties
        return {**self.values, "party_a": first.name, "party_b": second.name}

    def _title(self) -> str:
        given = self.words.get("title")
        if given:
            return given
        standard = self.own.get("title") if self.own else None
        if self.settings.title is None and standard:
            return self._fill(standard, self._first_values(), escaped=False)
        return self._mark(self.working_view.title, "the title")

    def _formula(self, name: str, working: str | None, given_as: str | None = None) -> str:
        """Return a fixed formula as settings text (rendered again, so escaped): given, standard, or marked."""
        given = self.words.get(given_as or name)
        if given is not None:
            return template.escape_dollars(given)
        if working == "":
            return ""
        standard = self.own.get(name, binding=self.settings.binding) if self.own else None
        if working is None and standard is not None:
            return self._fill(standard, self._first_values())
        view = self.working_view
        shown = {"chapeau": view.chapeau, "lead_in": view.lead_in, "testimonium": view.testimonium}[name]
        return template.escape_dollars(self._mark(shown, f"the {name.replace('_', '-')}"))

    def _heading(self) -> str | None:
        given = self.words.get("heading")
        if given:
            return given
        standard = self.own.get("heading") if self.own else None
        if self.settings.heading in (None, STANDARD_HEADING) and standard:
            return standard
        if self.settings.heading is not None:
            self.gaps.append("the heading pattern")
        return self.settings.heading

    def _preamble_heading(self) -> str | None:
        given = self.words.get("preamble_heading")
        if given or self.settings.preamble_heading is None:
            return given or None
        return self._mark(self.settings.preamble_heading, "the preamble heading")

    def _section_title(self, section: Section) -> str:
        given = self.words.get(f"section:{section.id}")
        if given:
            return given
        if len(section.areas) == 1 and section.title == AREAS.get(section.areas[0]) and self.own:
            standard = self.own.area_title(section.areas[0])
            if standard:
                return standard
        if not section.clauses:
            return section.title
        return self._mark(section.title, f"the title of section '{section.title}'")

    def _section_lead_in(self, section: Section) -> str:
        if not section.lead_in:
            return ""
        shown = template.render(section.lead_in, self.working_values)
        return template.escape_dollars(self._mark(shown, f"the lead-in of section '{section.title}'"))

    def _signatories(self) -> tuple[str, str] | None:
        pattern = self.own.get("signature_for") if self.own else None
        if pattern is None:
            self.gaps.append("the signature lines")
            return None
        return (
            self._fill(pattern, {**self.values, "party_a": self.parties[0].name}, escaped=False),
            self._fill(pattern, {**self.values, "party_a": self.parties[1].name}, escaped=False),
        )

    # -- the clauses ---------------------------------------------------------------------------

    def _clause(self, clause: DraftClause, label: str) -> DraftClause:
        held = version(clause, self.language)
        if held is not None and held.text.strip():
            parsed = notation.parse(held.text, self.tags, untagged=None)
            text, brackets, values = parsed.text, parsed.brackets, self.values
            title = held.title or clause.title
        else:
            self.untranslated.add(clause.id)
            text = self._mark(clause.text, f"clause {label}")
            brackets, values, title = clause.brackets, self.working_values, clause.title
        filled = tuple(
            bracket.model_copy(
                update={
                    "proposals": tuple(
                        p.model_copy(update={"text": self._fill(p.text, values)}) for p in bracket.proposals
                    )
                }
            )
            for bracket in brackets
        )
        return clause.model_copy(
            update={"text": self._fill(text, values), "brackets": filled, "title": title, "versions": ()}
        )
