"""A draft's variables and glossary in its other languages: party names, place, date, agreed terms.

The working language's values are the draft's settings (`${party_a}` is `party_a.name`, ...).
Each other language gives its own in `Settings.localized` ("Azərbaycan Respublikası", "Bakı",
"Azərbaycan və ingilis dillərində"); a value it does not give shows, marked untranslated, the
working one. The glossary pairs a working-language term or acronym with its agreed translation
per language ("SOFAZ" is "ARDNF" in Azerbaijani), for the alignment checks. Nothing is
translated by machine: every value here is typed by someone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from charter.bilingual.parts import other_language, with_settings
from charter.bilingual.versions import NAMES, code_of
from charter.drafting import template
from charter.drafting.model import Draft, Settings
from charter.errors import DraftError
from charter.textsafety import check_text


@dataclass(frozen=True)
class Value:
    """One variable in one other language: the working value, and the language's own (None: not given)."""

    name: str
    working: str
    given: str | None


def values(draft: Draft, language: str) -> list[Value]:
    """Return every variable with its working value and its value in `language`, in the template's order."""
    language = other_language(draft, language)
    working = template.variables(draft.settings)
    given = (draft.settings.localized or {}).get(language, {})
    return [Value(name, working[name], given.get(name)) for name in template.KNOWN_VARIABLES]


def missing(settings: Settings, language: str) -> list[str]:
    """Return the variables `language` gives no value of (their working value shows, marked)."""
    given = (settings.localized or {}).get(language, {})
    return [name for name in template.KNOWN_VARIABLES if not given.get(name)]


def set_values(draft: Draft, language: str, changes: Mapping[str, str | None]) -> Draft:
    """Return the draft with variables given in `language`; None or '' takes a value away.

    Raises DraftError for a language the draft does not have as another language, a variable
    charter does not know, or a value that cannot stand in a text (a control character, say).
    """
    language = other_language(draft, language)
    localized = {code: dict(table) for code, table in (draft.settings.localized or {}).items()}
    table = localized.setdefault(language, {})
    for name, value in changes.items():
        if name not in template.KNOWN_VARIABLES:
            known = ", ".join(template.KNOWN_VARIABLES)
            raise DraftError(f"unknown variable '{name[:40]}'; give one of {known}")
        if value is None or not value.strip():
            table.pop(name, None)
        else:
            table[name] = check_text(value.strip(), f"the {NAMES.get(language, language)} value of ${{{name}}}")
    return with_settings(draft, {"localized": {code: t for code, t in localized.items() if t} or None})


def parse_assignments(items: list[str]) -> dict[str, str | None]:
    """Return 'party_a=Azərbaycan Respublikası' items as a mapping; 'place=' takes the value away.

    Raises DraftError for an item without '='.
    """
    found: dict[str, str | None] = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals:
            raise DraftError(f"'{item[:60]}' is not NAME=VALUE (e.g. party_a=\"Azərbaycan Respublikası\")")
        found[name.strip()] = value.strip() or None
    return found


def glossary(draft: Draft) -> dict[str, dict[str, str]]:
    """Return the draft's glossary: each term with its agreed translation by language code."""
    return {term: dict(table) for term, table in (draft.settings.glossary or {}).items()}


def add_term(draft: Draft, term: str, language: str, translation: str) -> Draft:
    """Return the draft with `term` agreed as `translation` in `language` (replacing an earlier one).

    Raises DraftError for an empty term or translation, or a language that is not another of the draft's.
    """
    language = other_language(draft, language)
    term, translation = term.strip(), translation.strip()
    if not term or not translation:
        raise DraftError("a glossary entry needs a term and its translation")
    table = glossary(draft)
    table.setdefault(check_text(term, "glossary term"), {})[language] = check_text(translation, "translation")
    return with_settings(draft, {"glossary": table})


def remove_term(draft: Draft, term: str, language: str | None = None) -> Draft:
    """Return the draft without `term` in the glossary (only its `language` translation when given).

    Raises DraftError when the glossary has no such term (or no translation of it in `language`).
    """
    table = glossary(draft)
    term = term.strip()
    if term not in table:
        raise DraftError(f"the glossary of draft '{draft.name}' has no term '{term[:60]}'")
    if language is None:
        del table[term]
    else:
        code = code_of(language)
        if table[term].pop(code, None) is None:
            raise DraftError(f"the glossary gives '{term[:60]}' no {NAMES.get(code, code)} translation")
        if not table[term]:
            del table[term]
    return with_settings(draft, {"glossary": table or None})
