"""Sentences and sub-paragraphs: the units a merge inside one clause works with.

A clause splits into units that rebuild it exactly: each line (a sub-paragraph `(a)`, `(b)` ...
is a line) and, within a line, each sentence with the white space after it. A unit ends only
where the text before it says so (a full stop, question or exclamation mark followed by space,
or a line end), never because of what follows, so joining units taken from different versions
splits back into the same units.
"""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (with any closing quotes or brackets) followed by white space,
# unless the word before the full stop is an abbreviation or an initial ("U.S.", "No. 3", "e.g.").
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[ \t]+")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:No|Nos|Art|Arts|para|paras|Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|cf))\.$")


def split_units(text: str) -> list[str]:
    """Return the sentences and lines of `text`, each with its trailing white space; they join to `text`."""
    units: list[str] = []
    for line in text.splitlines(keepends=True):
        start = 0
        for match in _END.finditer(line):
            head = line[start : match.start() + 1]
            if _ABBREVIATION.search(head):
                continue
            units.append(line[start : match.end()])
            start = match.end()
        if start < len(line):
            units.append(line[start:])
    return units


def sentences(text: str) -> list[str]:
    """Return the units of `text` without their surrounding white space (for comparing sentences)."""
    return [unit.strip() for unit in split_units(text) if unit.strip()]
