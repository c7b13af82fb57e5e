"""Register: treaty words in a political charter, or the words of a political instrument in a binding one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.checks.findings import Finding, Subject
from charter.checks.rules import RegisterRule
from charter.drafting.render import RenderedClause

_NEGATION = re.compile(r"(?i)\b(?:not|no|nor|neither|never|nothing|without)\b")
_SENTENCE_BREAKS = (". ", "; ", ": ", "\n")
_ITEM_MARK = re.compile(r"(?:^|\n)\((?:[a-z]{1,3}|[ivx]{1,6})\)$")
#: How far around a match an exception phrase is looked for, in characters.
_REACH = 80


@dataclass(frozen=True)
class _Compiled:
    rule: RegisterRule
    pattern: re.Pattern[str]
    exceptions: tuple[re.Pattern[str], ...]


_compiled: dict[int, tuple[tuple[RegisterRule, ...], list[_Compiled]]] = {}


def _compile(rules: tuple[RegisterRule, ...]) -> list[_Compiled]:
    cached = _compiled.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    compiled = [
        _Compiled(rule, re.compile(rule.pattern), tuple(re.compile(text, re.IGNORECASE) for text in rule.except_))
        for rule in rules
    ]
    if len(_compiled) > 8:
        _compiled.clear()
    _compiled[id(rules)] = (rules, compiled)
    return compiled


def negated(text: str, start: int) -> bool:
    """Return True when the sentence holding position `start` says 'not', 'no', 'nothing', ... before it."""
    sentence = max(text.rfind(mark, 0, start) for mark in _SENTENCE_BREAKS) + 1
    return _NEGATION.search(text, sentence, start) is not None


def opens_sentence(text: str, start: int) -> bool:
    """Return True when position `start` begins the text, a line, a sentence or a sub-paragraph."""
    before = text[:start].rstrip(" ")
    return not before or before[-1] in ".!?\n:" or bool(_ITEM_MARK.search(before))


def _excepted(exceptions: tuple[re.Pattern[str], ...], text: str, start: int, end: int) -> bool:
    for exception in exceptions:
        for match in exception.finditer(text, max(0, start - _REACH), min(len(text), end + _REACH)):
            if match.start() <= start and end <= match.end():
                return True
    return False


def check(subject: Subject) -> list[Finding]:
    """Return the register findings of every clause; where two rules match the same words, the earlier rule speaks."""
    compiled = _compile(subject.rules.register_rules(subject.binding))
    kind = "political language in a binding text" if subject.binding else "treaty language in a political charter"
    found: list[Finding] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for entry in compiled:
        rule = entry.rule
        # a substring search is far cheaper than running a regular expression over every clause
        for index in subject.holding(*rule.cues):
            clause = subject.clauses[index]
            text = clause.text
            spans = taken.setdefault(index, [])
            for match in entry.pattern.finditer(text):
                start, end = match.span()
                if any(start < other_end and other_start < end for other_start, other_end in spans):
                    continue
                if rule.unless_negated and negated(text, start):
                    continue
                if entry.exceptions and _excepted(entry.exceptions, text, start, end):
                    continue
                spans.append((start, end))
                found.append(_finding(subject, clause, rule, match, kind))
    return found


def _finding(subject: Subject, clause: RenderedClause, rule: RegisterRule, match: re.Match[str], kind: str) -> Finding:
    text = match.string
    suggestion = rule.replacement(match.group(), opens_sentence(text, match.start()))
    choices = [f"\u201c{choice}\u201d" for choice in ([suggestion] if suggestion else []) + list(rule.alternatives)]
    advice = f" Use {' or '.join(choices)}." if choices else ""
    return subject.finding(
        rule.id,
        rule.level,
        clause,
        match.start(),
        match.end(),
        f"\u201c{match.group()}\u201d is {kind}.{advice} {rule.why}",
        suggestion,
        rule.certain,
    )
