"""Safe substitution of `${variable}` placeholders in clause text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from charter.compare.tokens import edits, tokenize
from charter.drafting.model import Settings
from charter.drafting.prose import comma_list

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

#: What substitution replaces: `$$` and `${name}`.
PLACEHOLDER = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
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

    return PLACEHOLDER.sub(replace, text)


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


def unknown_variables(text: str, where: str) -> tuple[str, ...]:
    """Return a warning for each ${variable} in `text` that charter does not know (it stays as written)."""
    known = ", ".join("${" + name + "}" for name in KNOWN_VARIABLES)
    return tuple(
        f"{where}: {problem} is kept as written (known: {known})"
        for problem in dict.fromkeys(problems(text))
        if problem.startswith("unknown variable")
    )


def languages_phrase(languages: tuple[str, ...] | list[str]) -> str:
    """Return languages as English prose: 'the Azerbaijani and English languages'."""
    names = [name.strip() for name in languages if name.strip()]
    if not names:
        return "the languages of the Participants"
    return f"the {comma_list(names)} language{'s' if len(names) > 1 else ''}"


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


def escape_dollars(text: str) -> str:
    """Return literal text as stored clause text: a `$` is written `$$` so nothing is substituted."""
    return text.replace("$", "$$")


def restore_variables(template_text: str, values: Mapping[str, str], new_text: str) -> str | None:
    """Return `template_text` with the edits that turned its rendering into `new_text` applied.

    The `${variables}` stay where their filled-in values came back untouched. Returns None when
    an edit touches a filled-in value, or when the result would not render to exactly `new_text`.
    """
    pieces: list[tuple[str, str, bool]] = []  # (stored text, rendered text, is a substituted unit)
    position = 0
    for match in PLACEHOLDER.finditer(template_text):
        if match.start() > position:
            literal = template_text[position : match.start()]
            pieces.append((literal, literal, False))
        token = match.group(0)
        if token == "$$":
            pieces.append((token, "$", True))
        elif match.group(1) in values:
            pieces.append((token, values[match.group(1)], True))
        else:
            pieces.append((token, token, False))
        position = match.end()
    if position < len(template_text):
        pieces.append((template_text[position:], template_text[position:], False))
    starts: list[int] = []
    offset = 0
    for _, shown, _ in pieces:
        starts.append(offset)
        offset += len(shown)
    units = [(start, start + len(shown)) for start, (_, shown, unit) in zip(starts, pieces, strict=True) if unit]

    old_tokens = tokenize("".join(shown for _, shown, _ in pieces))
    token_starts = [0]
    for token in old_tokens:
        token_starts.append(token_starts[-1] + len(token))

    def stored(begin: int, end: int, final: bool = False) -> str:
        out = []
        for start, (text, shown, unit) in zip(starts, pieces, strict=True):
            stop = start + len(shown)
            if start == stop:  # a value that renders as nothing belongs to one side only
                if begin <= start < end or (final and start == end):
                    out.append(text)
            elif begin < stop and start < end:
                out.append(text if unit else text[max(begin, start) - start : min(end, stop) - start])
        return "".join(out)

    result: list[str] = []
    done = 0
    for edit in edits(old_tokens, tokenize(new_text)):
        begin, end = token_starts[edit.start], token_starts[edit.end]
        for low, high in units:
            if (begin < high and low < end) or low < begin < high or low < end < high:
                return None
        result.append(stored(done, begin))
        result.append(escape_dollars("".join(edit.tokens)))
        done = end
    result.append(stored(done, token_starts[-1], final=True))
    candidate = "".join(result)
    return candidate if render(candidate, values) == new_text else None
