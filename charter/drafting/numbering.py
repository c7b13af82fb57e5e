"""Section numbers: Roman numerals and number words."""

from __future__ import annotations

_NUMERALS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """Return `number` (1 or more) as an upper-case Roman numeral."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in _NUMERALS:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def from_roman(text: str) -> int | None:
    """Return the value of an upper- or lower-case Roman numeral, or None if it is not one."""
    text = text.strip().upper()
    if not text or any(ch not in "MDCLXVI" for ch in text):
        return None
    values = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
    total = 0
    for index, ch in enumerate(text):
        value = values[ch]
        if index + 1 < len(text) and values[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return total if roman(total) == text else None


_ONES = (
    "Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen "
    "Sixteen Seventeen Eighteen Nineteen"
).split()
_TENS = "_ _ Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety".split()


def number_word(number: int) -> str:
    """Return 1 to 99 as an English word ('One', 'Twenty-One'); other numbers as figures."""
    if not 0 < number < 100:
        return str(number)
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def from_word(text: str) -> int | None:
    """Return the value of a number word from 'One' to 'Ninety-Nine' in any case, or None."""
    wanted = text.strip().lower()
    return next((n for n in range(1, 100) if number_word(n).lower() == wanted), None)
