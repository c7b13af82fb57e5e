"""Safe substitution of `${variable}` placeholders in clause text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from charter.compare.tokens import edits, tokenize
from charter.drafting.model import Settings
from charter.drafting.prose import comma_list
from charter.errors import DraftError

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
    candidate, touched = _restore(_pieces(template_text, values), values, new_text)
    return None if touched else candidate


def restore_untouched(
    template_text: str, values: Mapping[str, str], new_text: str
) -> tuple[str, list[str]] | None:
    """Return `template_text` with the edits of `new_text` applied, and the variables they touched.

    As `restore_variables`, but an edit that touches a filled-in value turns that one `${name}`
    into its value as written; every other variable stays. Returns None when the result would
    not render to exactly `new_text`.
    """
    pieces = _pieces(template_text, values)
    candidate, touched = _restore(pieces, values, new_text)
    if not touched:
        return (candidate, []) if candidate is not None else None
    names = [pieces[index][0] for index in sorted(touched)]
    dissolved = [
        (escape_dollars(shown), shown, False) if index in touched else (text, shown, unit)
        for index, (text, shown, unit) in enumerate(pieces)
    ]
    candidate, touched = _restore(dissolved, values, new_text)
    return (candidate, names) if candidate is not None and not touched else None


def _restore(
    pieces: list[tuple[str, str, bool]], values: Mapping[str, str], new_text: str
) -> tuple[str | None, set[int]]:
    """Return the stored text that edits to `new_text` give (None unless it renders so), and the units they touch."""
    starts: list[int] = []
    offset = 0
    for _, shown, _ in pieces:
        starts.append(offset)
        offset += len(shown)
    units = [
        (index, start, start + len(shown))
        for index, (start, (_, shown, unit)) in enumerate(zip(starts, pieces, strict=True))
        if unit
    ]

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
    touched: set[int] = set()
    done = 0
    for edit in edits(old_tokens, tokenize(new_text)):
        begin, end = token_starts[edit.start], token_starts[edit.end]
        for index, low, high in units:
            if (begin < high and low < end) or low < begin < high or low < end < high:
                touched.add(index)
        result.append(stored(done, begin))
        result.append(escape_dollars("".join(edit.tokens)))
        done = end
    result.append(stored(done, token_starts[-1], final=True))
    candidate = "".join(result)
    return (candidate if not touched and render(candidate, values) == new_text else None), touched


def value_spans(template_text: str, values: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Return where each filled-in variable stands in the rendered text: (start, end, its `${name}`)."""
    spans: list[tuple[int, int, str]] = []
    at = 0
    for stored, shown, unit in _pieces(template_text, values):
        if unit and stored != "$$":
            spans.append((at, at + len(shown), stored))
        at += len(shown)
    return spans


def _pieces(template_text: str, values: Mapping[str, str]) -> list[tuple[str, str, bool]]:
    """Return a stored text as (stored, rendered, substituted) pieces: literal runs, and `$$` or `${name}` units."""
    pieces: list[tuple[str, str, bool]] = []
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
    return pieces


def stored_span(template_text: str, values: Mapping[str, str], start: int, end: int) -> tuple[int, int]:
    """Return where the characters [start, end) of the rendered text stand in `template_text`.

    A span that takes a filled-in value whole takes its `${name}`. Raises DraftError for a span
    that cuts into a value, which cannot be mapped back, naming the variable and its value.
    """
    low = high = None
    stored_at = shown_at = 0
    for stored, shown, unit in _pieces(template_text, values):
        first, last = shown_at, shown_at + len(shown)
        if unit and (first < start < last or first < end < last):
            raise DraftError(
                f"the words take only part of {stored} ('{shown[:60]}'), which the draft settings fill in; "
                "take the whole of it, or only words around it"
            )
        if low is None and first <= start < last:
            low = stored_at + (0 if unit else start - first)
        if first < end <= last:
            high = stored_at + (len(stored) if unit else end - first)
        stored_at, shown_at = stored_at + len(stored), last
    if low is None or high is None or high < low:
        raise ValueError(f"no span {start}..{end} in a text of {shown_at} rendered characters")
    return low, high
