"""Text that stays text: control characters refused at input, neutralised in terminal and CSV output."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from charter.errors import UnsafeTextError

#: Bidirectional embeddings, overrides and isolates: they make text display in another order than it is stored.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))

#: First characters that make a spreadsheet read a cell as a formula (or, for tab and CR, shift cells).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_C0_C1 = {chr(code) for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))}


def _any_of(chars: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


_LINE_FORBIDDEN = _any_of(_C0_C1 | BIDI_CONTROLS)
_LINES_FORBIDDEN = _any_of((_C0_C1 | BIDI_CONTROLS) - {"\t", "\n"})
# Characters XML 1.0 cannot hold: a Word export would drop them without a word.
_NOT_IN_XML = _any_of({chr(code) for code in range(0x00, 0x20)} - {"\t", "\n", "\r"})
_BIDI = _any_of(BIDI_CONTROLS)
_CONTROL_NAMES = {"\x00": "NUL", "\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE"}


def describe_character(char: str) -> str:
    """Return 'U+001B (ESCAPE)' for a character, with its Unicode name where it has one."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _refuse(value: str, what: str, forbidden: re.Pattern[str]) -> str:
    found = forbidden.search(value)
    if found is None:
        return value
    char = found.group(0)
    kind = "a bidirectional control" if char in BIDI_CONTROLS else "a control character"
    shown = escape_controls(value[:60]) + ("..." if len(value) > 60 else "")
    raise UnsafeTextError(
        f"{what} '{shown}' contains {kind}, {describe_character(char)}, at character {found.start() + 1}; remove it"
    )


def check_text(value: str, what: str, *, multiline: bool = False) -> str:
    """Return a name, title, author or message unchanged; raise UnsafeTextError if it holds a control character.

    Refused are C0 and C1 control characters (tab and newline too, unless `multiline`) and the
    bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069).
    """
    return _refuse(value, what, _LINES_FORBIDDEN if multiline else _LINE_FORBIDDEN)


def check_clause_text(value: str, what: str = "clause text") -> str:
    """Return a clause text unchanged; raise UnsafeTextError if it holds NUL or another character Word cannot keep.

    Tab, newline and carriage return stay allowed, and so do bidirectional controls, which
    right-to-left wording may need: `bidi_warnings` reports those instead.
    """
    return _refuse(value, what, _NOT_IN_XML)


def bidi_warnings(text: str, what: str = "the text") -> list[str]:
    """Return one warning per kind of bidirectional control in `text`; empty when there is none."""
    found: dict[str, int] = {}
    for match in _BIDI.finditer(text):
        found.setdefault(match.group(0), match.start() + 1)
    return [
        f"{what} contains the bidirectional control {describe_character(char)} at character {where}: "
        "it makes the text display in another order than it is stored; check that it reads as intended"
        for char, where in found.items()
    ]


def escape_controls(text: str, *, multiline: bool = False) -> str:
    """Return text for a terminal: control and bidirectional characters shown as escapes such as \\x1b or \\u202e.

    With `multiline`, newlines and tabs are kept; otherwise they are escaped too, so one value stays on one line.
    """
    return (_LINES_FORBIDDEN if multiline else _LINE_FORBIDDEN).sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_json_text(text: str) -> str:
    """Return JSON text with C1 controls and bidirectional characters written as \\u escapes (still the same JSON)."""
    # json.dumps(ensure_ascii=False) already escapes C0; these can only occur inside strings
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group(0)):04x}", text)


def csv_cell(value: Any) -> Any:
    """Return a table cell safe to open in a spreadsheet: text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return table rows with every cell passed through `csv_cell`, for any table a user can download."""
    return [{key: csv_cell(value) for key, value in row.items()} for row in rows]
