"""The figures of a text in its language: numbers (as digits or small number words), scales, dates, percentages.

Two versions of a clause must state the same figures, however each language writes them: "three"
and "üç" are 3, "1.5 billion" and "1,5 milyard" are 1.5 billion, "1 March 2027" and "1 mart 2027"
are the same day. Each figure is read as a key both languages share ("3", "1.5 billion",
"2027-03-01") and the words the text wrote it in, which a finding quotes. A language without
word tables here is read by its digits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Month names by language code, January first. English ones count only when capitalized ("may" is a verb).
MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "az": (
        "yanvar", "fevral", "mart", "aprel", "may", "iyun",
        "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr",
    ),
}  # fmt: skip
#: The small numbers written as words; one and two are left out (they are also articles and pronouns).
NUMBER_WORDS = {
    "en": {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10},
    "az": {"üç": 3, "dörd": 4, "beş": 5, "altı": 6, "yeddi": 7, "səkkiz": 8, "doqquz": 9, "on": 10},
}
#: Scale words after a number, by language, with the English name both share.
SCALES = {
    "en": {"thousand": "thousand", "million": "million", "billion": "billion", "trillion": "trillion"},
    "az": {"min": "thousand", "milyon": "million", "milyard": "billion", "trilyon": "trillion"},
}
#: Words saying "per cent" after a number, by language (besides the sign %).
PERCENT_WORDS = {"en": ("per cent", "percent"), "az": ("faiz",)}

_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")
_VARIABLE = re.compile(r"\$\{([a-z_]+)\}")
_ORDINAL = r"(?:st|nd|rd|th|-?(?:i|ı|u|ü|si|sı|su|sü|ci|cı|cu|cü))?"
#: The case endings an Azerbaijani month name may take ("martın", "aprelə"; not the "e" of "maye").
_MONTH_ENDINGS = {"en": r"(?!\w)", "az": r"(?:-?(?:ın|in|un|ün|nın|nin|da|də|dan|dən|dək|a|ə))?(?!\w)"}
#: A year before the day and month, as Azerbaijani may write it: "2028-ci ilin 1 iyun", "2028-ci il iyun".
_YEAR_FIRST = {"az": r"(?:(?<!\d)(\d{4})(?:-?\w+)?\s+il\w*\s+)?"}


@dataclass(frozen=True)
class Figure:
    """One figure of a text: the key both languages share, and the words this text wrote it in."""

    key: str
    written: str


def figures(text: str, language: str) -> tuple[list[Figure], list[Figure]]:
    """Return the numbers and the dates of a text written in `language` (a code).

    The day and year of a date are part of the date, not numbers of their own.
    """
    plain = _VARIABLE.sub(" ", text)
    dates, plain = _dates(plain, language)
    return _numbers(plain, language), dates


def percentages(text: str, language: str) -> int:
    """Return how many percentages a text states: each '%', and each number followed by a per-cent word."""
    words = "|".join(re.escape(word) for word in PERCENT_WORDS.get(language, ()))
    worded = len(re.findall(rf"\d\s*(?:{words})", text, re.IGNORECASE)) if words else 0  # "faizə" too
    return text.count("%") + worded


def _numbers(text: str, language: str) -> list[Figure]:
    words = NUMBER_WORDS.get(language, {})
    scales = SCALES.get(language, {})
    alternatives = [_NUMBER.pattern] + [rf"(?<!\w){re.escape(word)}(?!\w)" for word in words]
    # a long scale word takes endings ("milyonlarla"); a short one must stand alone ("min", not "minimum")
    scale = "|".join(re.escape(word) + (r"\w*" if len(word) >= 5 else r"(?!\w)") for word in scales)
    pattern = re.compile(f"({'|'.join(alternatives)})" + (rf"(?:\s+({scale}))?" if scale else ""), re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        number = match.group(1)
        if number.casefold() in words:
            key = str(words[number.casefold()])
        else:
            key = re.sub(r"[.,\u00a0 ](?=\d{3}\b)", "", number).replace(",", ".")
        named = match.group(2) if scale else None
        if named:
            key += " " + next(shared for word, shared in scales.items() if named.casefold().startswith(word))
        found.append(Figure(key, match.group(0)))
    return found


def _dates(text: str, language: str) -> tuple[list[Figure], str]:
    """Return the dates of a text (a month name with its day and year where given), and the text without them."""
    months = MONTHS.get(language)
    if not months:
        return [], text
    flags = 0 if language == "en" else re.IGNORECASE
    names = "|".join(months)
    pattern = re.compile(
        _YEAR_FIRST.get(language, "()")
        + rf"(?:(?<!\d)(\d{{1,2}}){_ORDINAL}\s+)?(?<!\w)({names}){_MONTH_ENDINGS.get(language, '')}"
        rf"(?:\s+(\d{{1,2}}){_ORDINAL}(?!\d)(?:,)?)?(?:\s*,?\s+(\d{{4}})(?!\d))?",
        flags,
    )
    found: list[Figure] = []

    def take(match: re.Match[str]) -> str:
        month = next(i for i, name in enumerate(months, 1) if match.group(3).casefold() == name.casefold())
        day = match.group(2) or match.group(4)
        year = match.group(5) or match.group(1)
        key = f"{year or '?'}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        found.append(Figure(key, match.group(0).strip()))
        return " "

    return found, pattern.sub(take, text)
