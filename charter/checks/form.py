"""Form: recitals open with a participle and end with a comma, paragraphs end with a full stop, lists end alike."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Literal

from charter.checks.findings import Finding, Level, Subject
from charter.drafting.render import RenderedClause, is_subparagraph

#: How the last two items of a sub-paragraph list end: "...; and" then "...." ("and"), or ";" then "." ("none").
ListStyle = Literal["and", "none"]

_CLOSERS = "\u201d\u2019\"')]"
_ITEM = re.compile(r"^\((?P<mark>[a-z]{1,3}|[ivx]{1,6})\)\s")
_CONJUNCTION = re.compile(r";\s+(?:and|or)$")
_FORMULA = re.compile(r"^(?:Have (?:agreed|come to|reached|decided)\b[^:]*:|Hereby\b)", re.IGNORECASE)
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def check(subject: Subject, list_style: ListStyle | None = None) -> list[Finding]:
    """Return the form findings; `list_style` defaults to the style most lists of the draft follow."""
    lists = {clause.id: _list_blocks(clause.text) for clause in subject.clauses if "\n(" in clause.text}
    style = list_style or _majority(block for blocks in lists.values() for block in blocks)
    found: list[Finding] = []
    preamble = [clause for clause in subject.clauses if clause.section_number is None]
    for clause in preamble:
        found += _recital(subject, clause, last=clause is preamble[-1])
    for clause in subject.clauses:
        if clause.section_number is not None:
            found += _operative(subject, clause)
        if clause.id in lists:
            found += _lists(subject, clause, lists[clause.id], style)
    return found


def _ending(text: str) -> tuple[int, str]:
    """Return where the final punctuation of `text` sits (before closing quotes and brackets) and what it is."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    return end, text[end - 1] if end else ""


def _recital(subject: Subject, clause: RenderedClause, last: bool) -> list[Finding]:
    text = clause.text
    found: list[Finding] = []
    first = re.match(r"[\w'\u2019-]+", text)
    word = first.group() if first else ""
    if _FORMULA.match(text):
        found.append(
            subject.finding(
                "form.formula",
                Level.WARNING,
                clause,
                0,
                len(text),
                "The draft adds the formula after the recitals itself; remove it from the preamble.",
            )
        )
        return found
    if word and word[0].islower():
        found.append(
            subject.finding(
                "form.capital",
                Level.WARNING,
                clause,
                0,
                len(word),
                "A recital begins with a capital.",
                word.capitalize(),
                True,
            )
        )
    second = re.match(r"[\w'\u2019-]+\s+([\w'\u2019-]+)", text)
    if word and not _participle(word, second.group(1) if second else "", subject.rules.recitals.openers):
        found.append(
            subject.finding(
                "form.recital-opening",
                Level.WARNING,
                clause,
                0,
                len(word),
                f"A recital begins with a participle such as \u201cRecognizing\u201d or \u201cNoting\u201d, "
                f"not \u201c{word}\u201d; an operative sentence belongs in a numbered section.",
            )
        )
    end, mark = _ending(text)
    if mark != ",":
        replace = mark in ".;:"
        found.append(
            subject.finding(
                "form.recital-ending",
                Level.WARNING,
                clause,
                end - 1 if replace else end,
                end,
                "A recital ends with a comma"
                + (", the last one too: the formula that opens the operative part follows it." if last else "."),
                ",",
                certain=True,
            )
        )
    elif last and re.search(r"\band,$", text[:end]):
        start = text.rindex("and,", 0, end)
        found.append(
            subject.finding(
                "form.recital-ending",
                Level.WARNING,
                clause,
                start - 1,
                end,
                "The last recital ends with a plain comma; the formula follows it without 'and'.",
                ",",
                certain=True,
            )
        )
    return found


def _participle(word: str, following: str, openers: frozenset[str]) -> bool:
    if word in openers:
        return True
    if word.endswith("ly") and following:  # "Further recognizing", "Deeply concerned"
        return _participle(following, "", openers) or following in openers
    return len(word) > 4 and (word.endswith("ing") or word.endswith("ed"))


def _operative(subject: Subject, clause: RenderedClause) -> list[Finding]:
    text = clause.text
    found: list[Finding] = []
    if text[:1].islower():
        word = re.match(r"[\w'\u2019-]+", text)
        if word:
            found.append(
                subject.finding(
                    "form.capital",
                    Level.WARNING,
                    clause,
                    0,
                    word.end(),
                    "A paragraph begins with a capital.",
                    word.group().capitalize(),
                    True,
                )
            )
    lines = text.split("\n")
    if len(lines) > 1 and is_subparagraph(lines[-1].strip()):
        return found  # the list check looks after the last item
    end, mark = _ending(text)
    if mark in (".", "!", "?"):
        return found
    if mark == ":":
        message = "The paragraph ends with a colon, but no sub-paragraphs follow."
        return found + [subject.finding("form.paragraph-ending", Level.WARNING, clause, end - 1, end, message)]
    replace = mark in ",;"
    found.append(
        subject.finding(
            "form.paragraph-ending",
            Level.WARNING,
            clause,
            end - 1 if replace else end,
            end,
            "An operative paragraph ends with a full stop.",
            ".",
            certain=True,
        )
    )
    return found


def _list_blocks(text: str) -> list[list[tuple[int, str]]]:
    """Return each run of sub-paragraph lines as (offset in text, line) pairs, the line before the run first."""
    blocks: list[list[tuple[int, str]]] = []
    offset = 0
    previous: tuple[int, str] | None = None
    current: list[tuple[int, str]] = []
    for line in text.split("\n"):
        entry = (offset + len(line) - len(line.lstrip()), line.strip())
        if entry[1] and is_subparagraph(entry[1]):
            if not current:
                current = [previous] if previous else [(0, "")]
            current.append(entry)
        elif entry[1]:
            if current:
                blocks.append(current)
                current = []
            previous = entry
        offset += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def draft_list_style(clauses: list[RenderedClause]) -> ListStyle:
    """Return the list style most lists of the draft follow; "and" when there is no majority."""
    return _majority(block for clause in clauses if "\n(" in clause.text for block in _list_blocks(clause.text))


def _majority(blocks: Iterable[list[tuple[int, str]]]) -> ListStyle:
    votes: Counter[str] = Counter()
    for block in blocks:
        items = block[1:]
        if len(items) >= 2:
            votes["and" if _CONJUNCTION.search(items[-2][1]) else "none"] += 1
    return "none" if votes["none"] > votes["and"] else "and"


def _expected_marks(first: str) -> list[str]:
    if first == "i":
        return _ROMAN
    return [chr(code) for code in range(ord(first), ord("z") + 1)]


def _lists(
    subject: Subject, clause: RenderedClause, blocks: list[list[tuple[int, str]]], style: ListStyle
) -> list[Finding]:
    text = clause.text
    found: list[Finding] = []
    for number, block in enumerate(blocks):
        (lead_at, lead), items = block[0], block[1:]
        # a list that ends an operative paragraph ends with a full stop; one that ends a recital
        # ends with its comma, which the recital check sees to
        closes_clause = number == len(blocks) - 1 and text.rstrip().endswith(items[-1][1])
        closes_paragraph = closes_clause and clause.section_number is not None
        if lead:
            end, mark = _ending(lead)
            if mark != ":":
                replace = mark in ",;."
                at = lead_at + (end - 1 if replace else end)
                found.append(
                    subject.finding(
                        "form.list-lead-in",
                        Level.WARNING,
                        clause,
                        at,
                        lead_at + end,
                        "The words that introduce a list end with a colon.",
                        ":",
                        certain=True,
                    )
                )
        marks = _expected_marks("i" if _ITEM.match(items[0][1]) and items[0][1].startswith("(i)") else "a")
        for position, (at, line) in enumerate(items):
            match = _ITEM.match(line)
            assert match is not None
            if position < len(marks) and match.group("mark") != marks[position]:
                found.append(
                    subject.finding(
                        "form.list-lettering",
                        Level.WARNING,
                        clause,
                        at + 1,
                        at + 1 + len(match.group("mark")),
                        f"Sub-paragraph ({match.group('mark')}) should be ({marks[position]}): the items are "
                        "lettered in order.",
                        marks[position],
                        certain=True,
                    )
                )
            found += _item_ending(subject, clause, at, line, position, len(items), style, closes_paragraph)
    return found


def _item_ending(
    subject: Subject,
    clause: RenderedClause,
    at: int,
    line: str,
    position: int,
    count: int,
    style: ListStyle,
    closes_paragraph: bool,
) -> list[Finding]:
    end, mark = _ending(line)
    conjunction = _CONJUNCTION.search(line[:end] if end else line)
    last, penultimate = position == count - 1, position == count - 2
    if last:
        if not closes_paragraph or mark == ".":
            return []
        replace = mark in ",;:"
        return [
            subject.finding(
                "form.list-ending",
                Level.WARNING,
                clause,
                at + (end - 1 if replace else end),
                at + end,
                "The last sub-paragraph ends the sentence with a full stop.",
                ".",
                certain=True,
            )
        ]
    if conjunction:
        if penultimate and style == "and":
            return []
        start = at + conjunction.start()
        why = (
            "Only the last but one sub-paragraph ends with '; and'."
            if style == "and"
            else "This draft's lists end their items with a semicolon alone, without 'and' or 'or'."
        )
        return [
            subject.finding("form.list-ending", Level.WARNING, clause, start, at + len(line), why, ";", certain=True)
        ]
    if penultimate and style == "and":
        replace = mark in ",;."
        return [
            subject.finding(
                "form.list-ending",
                Level.WARNING,
                clause,
                at + (end - 1 if replace else end),
                at + end,
                "The last but one sub-paragraph ends with '; and' (or '; or'), as the draft's lists do.",
                "; and",
            )
        ]
    if mark == ";":
        return []
    replace = mark in ",.:"
    return [
        subject.finding(
            "form.list-ending",
            Level.WARNING,
            clause,
            at + (end - 1 if replace else end),
            at + end,
            "A sub-paragraph ends with a semicolon.",
            ";",
            certain=True,
        )
    ]
