"""Where the rendered text of a clause comes from in its stored text, piece by piece."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from charter.drafting import template


@dataclass(frozen=True)
class Segment:
    """A piece of stored text and what the reader sees of it: literal text, or a filled-in variable."""

    stored_start: int
    stored_end: int
    shown_start: int
    shown_end: int
    #: the variable substituted here ("$" for an escaped dollar sign), None for literal text
    variable: str | None


def segments(stored: str, values: Mapping[str, str]) -> list[Segment]:
    """Return the pieces of `stored` in order, as `template.render` fills them in with `values`."""
    out: list[Segment] = []
    position = shown = 0

    def literal(end: int) -> None:
        nonlocal position, shown
        if end > position:
            out.append(Segment(position, end, shown, shown + end - position, None))
            shown += end - position
            position = end

    for match in template.PLACEHOLDER.finditer(stored):
        token, name = match.group(0), match.group(1)
        if token != "$$" and name not in values:
            continue  # an unknown variable stays as written: literal text
        literal(match.start())
        value = "$" if token == "$$" else values[name]
        out.append(Segment(match.start(), match.end(), shown, shown + len(value), "$" if token == "$$" else name))
        shown += len(value)
        position = match.end()
    literal(len(stored))
    return out


def variable_at(pieces: list[Segment], start: int, end: int) -> str | None:
    """Return the variable whose filled-in value overlaps the shown span [start, end), or None."""
    for piece in pieces:
        if piece.variable and piece.shown_start < max(end, start + 1) and start < piece.shown_end:
            return piece.variable
    return None


def stored_span(pieces: list[Segment], start: int, end: int) -> tuple[int, int] | None:
    """Return the stored span that shows as [start, end), or None when it cuts into a filled-in variable.

    An empty span (an insertion point) next to a variable maps to the stored position beside it.
    """
    if start == end:
        for piece in pieces:
            if piece.variable is None and piece.shown_start <= start <= piece.shown_end:
                return (piece.stored_start + start - piece.shown_start,) * 2
        for piece in pieces:
            if piece.shown_end == start:
                return piece.stored_end, piece.stored_end
            if piece.shown_start == start:
                return piece.stored_start, piece.stored_start
        return (0, 0) if not pieces else None
    for piece in pieces:
        if piece.variable is None and piece.shown_start <= start and end <= piece.shown_end:
            offset = piece.stored_start - piece.shown_start
            return start + offset, end + offset
    return None
