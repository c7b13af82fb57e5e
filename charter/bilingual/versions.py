"""A clause in each of the draft's languages: which is the working language, and which versions are stale.

A draft records its languages by name ("Azerbaijani", "English"); versions are kept by code
("az", "en"). The working language holds the clause itself (`DraftClause.text`, brackets and
all); every other language holds a `Version` with the text people read, and the working-language
text it was last confirmed against. When the working text changes, the version *needs update*
until a translator confirms it again; a version nobody confirmed yet is *unreviewed*, and
*needs update (unreviewed)* once the working text it was written from (the library's text, say)
has changed since. Nothing is ever translated by machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from charter.drafting import assemble, template
from charter.drafting.model import Draft, DraftClause, Settings, Version
from charter.errors import DraftError
from charter.negotiation import brackets as notation

#: Language names a draft may give, with their codes.
CODES = {
    "English": "en",
    "Azerbaijani": "az",
    "Azərbaycan": "az",
    "Russian": "ru",
    "Turkish": "tr",
    "French": "fr",
    "Kazakh": "kk",
    "Georgian": "ka",
}
#: How the browser and the CLI name each code: the first name `CODES` gives it.
NAMES = {code: next(name for name, same in CODES.items() if same == code) for code in dict.fromkeys(CODES.values())}
_BY_NAME = {name.casefold(): code for name, code in CODES.items()}


class State(StrEnum):
    """Where a clause's version in one language stands against the working text."""

    CONFIRMED = "confirmed"
    NEEDS_UPDATE = "needs update"
    #: Never confirmed, and the working text changed since the version was written from it.
    NEEDS_UPDATE_UNREVIEWED = "needs update (unreviewed)"
    UNREVIEWED = "unreviewed"
    MISSING = "missing"

    @property
    def stale(self) -> bool:
        """Return True when the working text changed since the version was confirmed or written."""
        return self in (State.NEEDS_UPDATE, State.NEEDS_UPDATE_UNREVIEWED)


def code_of(language: str) -> str:
    """Return a language's code: 'Azerbaijani', 'AZ' and 'az' all give 'az'; raise DraftError for one we do not know."""
    code = known_code(language)
    if code is None:
        known = ", ".join(sorted(set(CODES) | set(NAMES)))
        raise DraftError(f"unknown language '{language[:40]}'; known: {known}")
    return code


def known_code(language: str) -> str | None:
    """Return the code of a language named by its name or code in any case, or None when charter does not know it."""
    key = language.strip().casefold()
    return key if key in NAMES else _BY_NAME.get(key)


def unknown_languages(names: tuple[str, ...] | list[str]) -> list[str]:
    """Return a warning for each language a draft names that charter does not know (it holds no versions in it)."""
    known = ", ".join(sorted(NAMES.values()))
    return [
        f"charter does not know the language '{name[:40]}': the closing formula names it, but the draft holds "
        f"no versions in it and exports no original in it (charter knows {known})"
        for name in names
        if known_code(name) is None
    ]


def languages(settings: Settings) -> list[str]:
    """Return the codes of the draft's languages that charter knows, the working language first."""
    codes: list[str] = []
    for name in settings.languages:
        code = known_code(name)
        if code is not None and code not in codes:
            codes.append(code)
    working = working_language(settings)
    return [working] + [code for code in codes if code != working]


def working_language(settings: Settings) -> str:
    """Return the code of the language the draft is negotiated in."""
    if settings.working_language:
        return settings.working_language
    codes = [known_code(name) for name in settings.languages]
    if "en" in codes or not any(codes):
        return "en"
    return next(code for code in codes if code)


def set_working_language(draft: Draft, language: str) -> Draft:
    """Return the draft saying its clause texts are written in `language`, one of its languages.

    This names the language of the texts the draft holds (a charter read from an Azerbaijani Word
    file, say); it moves no text. Raises DraftError for a language the draft does not list, or
    while a clause holds a version in it, which would have to become the clause itself.
    """
    code = code_of(language)
    name = NAMES.get(code, code)
    if code not in languages(draft.settings):
        raise DraftError(f"draft '{draft.name}' is not in {name}; add it to its languages first")
    held = [clause.id for clause in draft.clauses() if (found := version(clause, code)) and found.text.strip()]
    if held:
        labels = ", ".join(assemble.clause_label(draft, clause_id) for clause_id in held[:5])
        more = f" and {len(held) - 5} more" if len(held) > 5 else ""
        raise DraftError(
            f"clause(s) {labels}{more} have a version in {name}: the working language names the language the "
            "clause texts are written in, and charter does not swap texts; it changes only while no clause "
            f"has a version in {name}"
        )
    try:
        settings = Settings.model_validate({**draft.settings.model_dump(), "working_language": code})
    except ValueError as err:  # pydantic's ValidationError is a ValueError
        raise DraftError(str(err)) from None
    return draft.model_copy(update={"settings": settings})


def other_languages(settings: Settings) -> list[str]:
    """Return the codes of the draft's languages other than the working language."""
    return languages(settings)[1:]


def localized_tags(settings: Settings, language: str) -> dict[str, str]:
    """Return the tags brackets name the delegations by in `language`'s original.

    They are made from the parties' short names in that language ("Amerika Birləşmiş Ştatları"
    gives "ABŞ"), unless the settings give tags of their own. A version stores its brackets with
    the working tags; the original shows these.
    """
    given = (settings.localized or {}).get(language, {}) if language != working_language(settings) else {}
    parties = {
        key: party.model_copy(update={"short": given[f"{key}_short"]}) if given.get(f"{key}_short") else party
        for key, party in (("party_a", settings.party_a), ("party_b", settings.party_b))
    }
    return notation.tags(settings.model_copy(update=parties))


def version(clause: DraftClause, language: str) -> Version | None:
    """Return a clause's version in `language`, or None."""
    return next((v for v in clause.versions if v.language == language), None)


def working_text(clause: DraftClause, settings: Settings) -> str:
    """Return the working-language text a version is confirmed against (brackets in the notation)."""
    return notation.clause_literal(clause, settings)


def state(clause: DraftClause, language: str, settings: Settings) -> State:
    """Return whether the clause's version in `language` is confirmed, stale, unreviewed or missing."""
    found = version(clause, language)
    if found is None or not found.text.strip():
        return State.MISSING
    current = working_text(clause, settings)
    if found.basis is None:
        stale = found.made_from is not None and found.made_from != current
        return State.NEEDS_UPDATE_UNREVIEWED if stale else State.UNREVIEWED
    return State.CONFIRMED if found.basis == current else State.NEEDS_UPDATE


@dataclass(frozen=True)
class Standing:
    """One clause's version in one language, and how it stands."""

    clause_id: str
    language: str
    state: State
    #: The working text the version was confirmed against (or, unreviewed, written from), and the
    #: working text now: their difference is what the translator has to carry over.
    basis: str | None
    current: str


def standings(draft: Draft) -> list[Standing]:
    """Return, for every clause and every other language, how its version stands."""
    found = []
    for clause in draft.clauses():
        current = working_text(clause, draft.settings)
        for language in other_languages(draft.settings):
            held = version(clause, language)
            basis = (held.basis if held.basis is not None else held.made_from) if held else None
            found.append(Standing(clause.id, language, state(clause, language, draft.settings), basis, current))
    return found


def counts(draft: Draft) -> dict[str, dict[State, int]]:
    """Return, per other language, how many clauses stand in each state."""
    table = {language: dict.fromkeys(State, 0) for language in other_languages(draft.settings)}
    for standing in standings(draft):
        table[standing.language][standing.state] += 1
    return table


def set_version_checked(
    draft: Draft, clause_id: str, language: str, text: str, title: str | None = None, *, confirm: bool = False
) -> tuple[Draft, tuple[str, ...]]:
    """Return the draft with a clause's text in `language` (as `set_version`), and warnings on what is unclear.

    A bracket not closed, nested or naming no delegation, and a ${variable} charter does not
    know, are kept as written and named. The working language's text is `assemble.set_text_checked`.
    """
    code = code_of(language)
    if code == working_language(draft.settings):
        return assemble.set_text_checked(draft, clause_id, text)
    changed = set_version(draft, clause_id, code, text, title, confirm=confirm)
    held = version(changed.clause(clause_id), code)
    where = f"the {NAMES.get(code, code)} text"
    read = notation.parse(held.text if held else "", notation.tags(draft.settings), keep_untagged=True, where=where)
    return changed, read.warnings + template.unknown_variables(text, where)


def set_version(
    draft: Draft, clause_id: str, language: str, text: str, title: str | None = None, *, confirm: bool = False
) -> Draft:
    """Return the draft with a clause's text (and title) in `language`; `confirm` also confirms it.

    Setting the working language's text is `assemble.set_text`; this is for the other languages.
    """
    language = code_of(language)
    if language == working_language(draft.settings):
        return assemble.set_text(draft, clause_id, text)
    if language not in other_languages(draft.settings):
        raise DraftError(f"draft '{draft.name}' is not in {NAMES.get(language, language)}; add it to its languages")
    if not text.strip():
        raise DraftError("a translation needs some text")
    # a bracket typed with the language's own tags ("ABŞ: ...") is kept with the working ones
    text = notation.retag(text, localized_tags(draft.settings, language), notation.tags(draft.settings))
    clause = _clause(draft, clause_id)
    held = version(clause, language)
    current = working_text(clause, draft.settings)
    basis = current if confirm else (held.basis if held else None)
    new = Version(
        language=language,
        title=(title if title is not None else (held.title if held else "")).strip(),
        text=text.strip(),
        basis=basis,
        # a working translation typed now is written from the working text as it is now
        made_from=None if basis is not None else current,
    )
    return _with_version(draft, clause, new)


def confirm(draft: Draft, clause_id: str, language: str) -> Draft:
    """Return the draft with a clause's version in `language` confirmed against the working text now."""
    language = code_of(language)
    name = NAMES.get(language, language)
    if language == working_language(draft.settings):
        others = ", ".join(other_languages(draft.settings)) or "none"
        raise DraftError(
            f"{name} is the working language of draft '{draft.name}': its text is the clause itself, which "
            f"versions are confirmed against; confirm a version in another language (--lang {others})"
        )
    clause = _clause(draft, clause_id)
    held = version(clause, language)
    if held is None or not held.text.strip():
        raise DraftError(f"clause {assemble.clause_label(draft, clause_id)} has no {name} text to confirm")
    confirmed = held.model_copy(update={"basis": working_text(clause, draft.settings), "made_from": None})
    return _with_version(draft, clause, confirmed)


def _clause(draft: Draft, clause_id: str) -> DraftClause:
    try:
        return draft.clause(clause_id)
    except KeyError:
        raise DraftError(f"draft '{draft.name}' has no clause '{clause_id}'") from None


def _with_version(draft: Draft, clause: DraftClause, new: Version) -> Draft:
    kept = tuple(v for v in clause.versions if v.language != new.language)
    order = {code: index for index, code in enumerate(languages(draft.settings))}
    versions = tuple(sorted((*kept, new), key=lambda v: order.get(v.language, len(order))))
    return assemble.change_clause(draft, clause.id, lambda c: c.model_copy(update={"versions": versions}))
