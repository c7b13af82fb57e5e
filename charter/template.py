"""Safe substitution of `${variable}` placeholders in clause text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from charter.model import Settings

#: The variables a clause text may use.
KNOWN_VARIABLES: tuple[str, ...] = (
    "party_a",
    "party_b",
    "party_a_short",
    "party_b_short",
    "place",
    "date",
    "languages",
)

_PLACEHOLDER = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ANY_DOLLAR = re.compile(r"\$\$|\$\{[^{}]*\}|\$")


def render(text: str, values: Mapping[str, str]) -> str:
    """Return `text` with `$$` as `$` and each known `${name}` replaced by its value.

    Substitution is a single pass over the text, so a value that itself holds `${...}`
    is never expanded again, and nothing in the text can reach attributes or format specs.
    Unknown placeholders and stray `$` signs are left exactly as written.
    """

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1)
        if name in values:
            return values[name]
        return match.group(0)

    return _PLACEHOLDER.sub(replace, text)


def problems(text: str) -> list[str]:
    """Return what is wrong with the placeholders in a library text (empty when all is well)."""
    found: list[str] = []
    for match in _ANY_DOLLAR.finditer(text):
        token = match.group(0)
        if token == "$$":
            continue
        if token.startswith("${"):
            name = token[2:-1]
            if name not in KNOWN_VARIABLES:
                found.append(f"unknown variable {token}")
        else:
            found.append("stray '$' (write '$$' for a dollar sign)")
    return found


def languages_phrase(languages: tuple[str, ...] | list[str]) -> str:
    """Return languages as English prose: 'the Azerbaijani and English languages'."""
    names = [name.strip() for name in languages if name.strip()]
    if not names:
        return "the languages of the Participants"
    if len(names) == 1:
        return f"the {names[0]} language"
    return f"the {', '.join(names[:-1])} and {names[-1]} languages"


def variables(settings: Settings) -> dict[str, str]:
    """Return the values of every known variable for a draft's settings."""
    return {
        "party_a": settings.party_a.name,
        "party_b": settings.party_b.name,
        "party_a_short": settings.party_a.short,
        "party_b_short": settings.party_b.short,
        "place": settings.place or "[place]",
        "date": settings.date or "[date]",
        "languages": languages_phrase(settings.languages),
    }
