"""A draft's own words in its other languages (title, formulas, headings) and each original's alternat.

A draft that keeps the standard formulas needs none of this: each language's formulas come
from `charter.bilingual.formulas`. A draft with a title, formula or section title of its own
gives that part in each other language here (`Settings.translations`); until it does, the
original shows the working-language words, marked untranslated.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from charter.bilingual.versions import NAMES, code_of, other_languages
from charter.drafting import assemble
from charter.drafting.model import Draft, Settings
from charter.errors import DraftError, NotFoundError
from charter.textsafety import check_text

#: The parts a draft may give in another language, as the CLI names them, with the key they are kept under.
PARTS = {
    "title": "title",
    "chapeau": "chapeau",
    "lead-in": "lead_in",
    "closing": "closing",
    "heading": "heading",
    "preamble-heading": "preamble_heading",
}


def part_key(draft: Draft, part: str) -> str:
    """Return the key a part is kept under: 'lead-in' gives 'lead_in', a section ('II', 'energy') 'section:energy'.

    Raises DraftError for a part that is neither a known part nor a section of the draft.
    """
    wanted = part.strip()
    if wanted in PARTS:
        return PARTS[wanted]
    if wanted in PARTS.values():
        return wanted
    try:
        index = assemble.section_index(draft, wanted)
    except NotFoundError:
        known = ", ".join(PARTS)
        raise DraftError(f"unknown part '{wanted[:60]}'; give one of {known}, or a section") from None
    return f"section:{draft.sections[index].id}"


def set_part(draft: Draft, part: str, language: str, text: str | None) -> Draft:
    """Return the draft with one of its own parts given in `language`; None or '' takes the given one away.

    Raises DraftError for a language the draft does not have, an unknown part, or a text that
    cannot stand there (a control character, a heading pattern with unknown fields).
    """
    language = other_language(draft, language)
    key = part_key(draft, part)
    given = {code: dict(parts) for code, parts in (draft.settings.translations or {}).items()}
    words = given.setdefault(language, {})
    if text is None or not text.strip():
        words.pop(key, None)
    else:
        words[key] = check_text(text.strip(), f"{NAMES.get(language, language)} {part}")
    update: dict[str, Any] = {"translations": {code: parts for code, parts in given.items() if parts} or None}
    if key == "heading" and words.get(key):
        with_settings(draft, {"heading": words[key]})  # a translated heading pattern follows a heading's rules
    return with_settings(draft, update)


def set_original_first(draft: Draft, language: str, first: str) -> Draft:
    """Return the draft with the original in `language` naming Participant `first` ('a' or 'b') first."""
    language = other_language(draft, language)
    if first not in ("a", "b"):
        raise DraftError(f"the first Participant is a or b, not '{first[:20]}'")
    originals = {**(draft.settings.originals or {}), language: first}
    return with_settings(draft, {"originals": originals})


def other_language(draft: Draft, language: str) -> str:
    """Return the code of `language`; raise DraftError unless it is one of the draft's other languages."""
    code = code_of(language)
    if code not in other_languages(draft.settings):
        name = NAMES.get(code, code)
        raise DraftError(
            f"draft '{draft.name}' has no other language {name}; its working language keeps its own settings"
        )
    return code


def with_settings(draft: Draft, update: dict[str, Any]) -> Draft:
    """Return the draft with settings fields replaced; raise DraftError naming the field a value does not fit."""
    try:
        settings = Settings.model_validate({**draft.settings.model_dump(), **update})
    except ValidationError as err:
        first = err.errors()[0]
        raise DraftError(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
    return draft.model_copy(update={"settings": settings})
