"""Consistency: the defined term, the Participants' names, acronyms and placeholders left in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charter.checks import spans
from charter.checks.findings import DRAFT_LABEL, Finding, Level, Subject
from charter.drafting.model import Party
from charter.drafting.numbering import from_roman
from charter.drafting.render import RenderedClause

_DEFINED = re.compile(r"referred to as \u201c(?:the )?([^\u201d]+)\u201d")
_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{2,8})s?(?![\w-])")
_DETERMINERS = tuple(
    word + " " for base in ("the", "both", "each", "either", "neither", "other", "one") for word in (base, base.title())
)
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z]")  # a cheap test before the full search
_UNKNOWN_VARIABLE = re.compile(r"\$\{[^{}\n]*\}")


def check(subject: Subject) -> list[Finding]:
    """Return the consistency findings: terms, names, acronyms and placeholders."""
    return defined_term(subject) + party_names(subject) + acronyms(subject) + placeholders(subject)


def _singular(plural: str) -> str:
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-1] if plural.endswith("s") else plural


def _after_determiner(text: str, start: int) -> bool:
    """Return True when the word before `start` is 'the', 'each', 'both', ... (so a noun there is the term)."""
    window = text[max(0, start - 9) : start]
    if not window.endswith(_DETERMINERS):  # one C call rules out almost every position
        return False
    word = window[:-1].rsplit(" ", 1)[-1]
    at = start - len(word) - 1
    return (at == 0 or not text[at - 1].isalnum()) and word + " " in _DETERMINERS


def defined_term(subject: Subject) -> list[Finding]:
    """Return uses of another name for the signatories than the term the chapeau defines."""
    match = _DEFINED.search(subject.view.chapeau)
    if match is None:
        return []
    plural = match.group(1)
    singular = _singular(plural)
    forms = {plural.lower(): plural, singular.lower(): singular}
    # longest form first, and a literal start, so the search runs at C speed
    noun = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)) + r"\b")
    found: list[Finding] = []
    for index in subject.holding(singular.lower()[:5]):
        clause = subject.clauses[index]
        text = clause.text
        for hit in noun.finditer(text):
            if not _after_determiner(text, hit.start()):
                continue
            if hit.start() and text[hit.start() - 1].isalnum():
                continue
            found.append(
                subject.finding(
                    "consistency.defined-term",
                    Level.WARNING,
                    clause,
                    hit.start(),
                    hit.end(),
                    f"The chapeau defines \u201c{plural}\u201d with a capital; write the defined term as defined.",
                    forms[hit.group()],
                    certain=True,
                )
            )
    for variant in subject.rules.terms.variants:
        pattern = re.compile(variant.pattern)
        for index in subject.holding(variant.cue):
            clause = subject.clauses[index]
            for hit in pattern.finditer(clause.text):
                words = hit.group().split()
                lead = "both" if words[0].lower() == "both" else "the"
                if words[0][:1].isupper():
                    lead = lead.capitalize()
                found.append(
                    subject.finding(
                        "consistency.defined-term",
                        Level.WARNING,
                        clause,
                        hit.start(),
                        hit.end(),
                        f"The chapeau names the signatories \u201cthe {plural}\u201d; use that term throughout.",
                        f"{lead} {plural}",
                    )
                )
    return found


@dataclass(frozen=True)
class _Name:
    variable: str
    text: str
    core: str  # the name without a leading "the", which a sentence may capitalise
    pattern: re.Pattern[str]


def _name_patterns(subject: Subject) -> list[_Name]:
    settings = subject.draft.settings
    names = [
        ("party_a", settings.party_a.name),
        ("party_b", settings.party_b.name),
        ("party_a_short", settings.party_a.short),
        ("party_b_short", settings.party_b.short),
    ]
    out = []
    for variable, text in sorted(names, key=lambda item: -len(item[1])):
        body = re.escape(text[4:]) if text.startswith("the ") else re.escape(text)
        lead = "[Tt]he " if text.startswith("the ") else ""
        core = text[4:] if text.startswith("the ") else text
        out.append(_Name(variable, text, core, re.compile(rf"(?<!\w){lead}{body}(?!\w)")))
    return out


def party_names(subject: Subject) -> list[Finding]:
    """Return Participants' names written out where a variable belongs, and near-misses of their spelling."""
    names = _name_patterns(subject)
    close = _NameSpelling(subject.draft.settings.party_a, subject.draft.settings.party_b, subject)
    found: list[Finding] = []
    for clause in subject.clauses:
        stored = subject.stored[clause.id]
        if any(name.core in clause.text for name in names):
            found += _written_out(subject, clause, stored, names)
        found += close.check(clause)
    return found


def _written_out(subject: Subject, clause: RenderedClause, stored: str, names: list[_Name]) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for piece in subject.segments(clause.id):
        if piece.variable is not None:
            continue
        for name in names:
            for hit in name.pattern.finditer(stored, piece.stored_start, piece.stored_end):
                if any(hit.start() < end and start < hit.end() for start, end in taken):
                    continue
                taken.append(hit.span())
                start = hit.start() - piece.stored_start + piece.shown_start
                exact = hit.group() == name.text
                found.append(
                    subject.finding(
                        "consistency.party-variable",
                        Level.WARNING,
                        clause,
                        start,
                        start + len(hit.group()),
                        f"\u201c{hit.group()}\u201d is written out; the variable ${{{name.variable}}} keeps it "
                        "in step with the draft settings"
                        + ("." if exact else ", but starts in lower case, so rephrase the sentence first."),
                        f"${{{name.variable}}}",
                        certain=exact,
                    )
                )
    return found


class _NameSpelling:
    """Finds words one or two letters away from a distinctive word of a Participant's name."""

    def __init__(self, party_a: Party, party_b: Party, subject: Subject) -> None:
        generic = subject.rules.terms.generic_name_words
        words = {
            word
            for party in (party_a, party_b)
            for word in f"{party.name} {party.short}".split()
            if len(word) >= 5 and word[:1].isupper()
        }
        self.known = words
        self.targets = sorted(words - generic)
        # a misspelling keeps the first letter (nearest() insists on it), so each target's capital
        # opens a fast literal search; words that start with two capitals are acronyms, not names
        initials = sorted({target[0] for target in self.targets})
        self.prefixes = [(initial, re.compile(rf"{initial}[a-z]+(?:['\u2019][a-z]+)?\b")) for initial in initials]
        self._verdicts: dict[str, str | None] = {}
        self.subject = subject

    def nearest(self, word: str) -> str | None:
        """Return the name word that `word` misspells, or None."""
        if word in self._verdicts:
            return self._verdicts[word]
        verdict = None
        if word not in self.known:
            for target in self.targets:
                limit = 1 if len(target) <= 8 else 2
                if word.startswith(target) or word[:1] != target[:1] or abs(len(word) - len(target)) > limit:
                    continue
                if _distance(word, target, limit) <= limit:
                    verdict = target
                    break
        self._verdicts[word] = verdict
        return verdict

    def check(self, clause: RenderedClause) -> list[Finding]:
        text = clause.text
        found: list[Finding] = []
        for prefix, pattern in self.prefixes:
            if prefix not in text:
                continue
            for hit in pattern.finditer(text):
                if hit.start() and (text[hit.start() - 1].isalnum() or text[hit.start() - 1] == "-"):
                    continue
                target = self.nearest(hit.group())
                if target is None:
                    continue
                found.append(
                    self.subject.finding(
                        "consistency.party-name",
                        Level.WARNING,
                        clause,
                        hit.start(),
                        hit.end(),
                        f"\u201c{hit.group()}\u201d looks like a misspelling of \u201c{target}\u201d, "
                        "as the draft settings spell the Participant's name.",
                        target,
                    )
                )
        return found


def _distance(a: str, b: str, limit: int) -> int:
    """Return the Levenshtein distance of two words, or limit + 1 once it is certain to exceed `limit`."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _is_definition(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip("\u201c\"'\u2018")
    after = text[end:].lstrip("\u201d\"'\u2019")
    if before.endswith("(") and after.startswith(")"):
        return True
    return bool(re.match(r" \([A-Za-z][^()]{3,}\)", text[end:]))


def acronyms(subject: Subject) -> list[Finding]:
    """Return acronyms used before they are defined in brackets, and acronyms defined twice."""
    known = subject.rules.acronyms.known
    first: dict[str, tuple[RenderedClause, int, int, bool]] = {}
    definitions: dict[str, list[RenderedClause]] = {}
    found: list[Finding] = []
    for clause in subject.clauses:
        text = clause.text
        if _TWO_CAPITALS.search(text) is None:
            continue
        for hit in _ACRONYM.finditer(text):
            word = hit.group(1)
            if word in known or from_roman(word) is not None:
                continue
            defined = _is_definition(text, hit.start(), hit.end())
            if defined:
                definitions.setdefault(word, []).append(clause)
                if len(definitions[word]) == 2:
                    found.append(
                        subject.finding(
                            "consistency.acronym",
                            Level.INFO,
                            clause,
                            hit.start(1),
                            hit.end(1),
                            f"{word} is defined again; it was first defined in {definitions[word][0].label}.",
                        )
                    )
            first.setdefault(word, (clause, hit.start(1), hit.end(1), defined))
    for word, (clause, start, end, defined) in first.items():
        if defined:
            continue
        later = definitions.get(word)
        where = f" It is defined later, in {later[0].label}; define it here instead." if later else ""
        found.append(
            subject.finding(
                "consistency.acronym",
                Level.WARNING,
                clause,
                start,
                end,
                f"{word} is used before it is defined: write it out at first use, with {word} in brackets.{where}",
            )
        )
    return found


def placeholders(subject: Subject) -> list[Finding]:
    """Return placeholders such as '[date]' left in the clauses and the testimonium, and unknown variables."""
    words = "|".join(subject.rules.placeholders.words)
    pattern = re.compile(rf"\[(?:{words})\]", re.IGNORECASE)
    found: list[Finding] = []
    for clause in subject.clauses:
        text = clause.text
        if "[" in text:
            for hit in pattern.finditer(text):
                variable = spans.variable_at(subject.segments(clause.id), hit.start(), hit.end())
                found.append(
                    subject.finding(
                        "consistency.placeholder", Level.WARNING, clause, hit.start(), hit.end(), _left(hit, variable)
                    )
                )
        if "${" in text:
            for hit in _UNKNOWN_VARIABLE.finditer(text):
                if spans.variable_at(subject.segments(clause.id), hit.start(), hit.end()) == "$":
                    continue  # written as $${...}: literal text on purpose
                found.append(
                    subject.finding(
                        "consistency.unknown-variable",
                        Level.ERROR,
                        clause,
                        hit.start(),
                        hit.end(),
                        f"{hit.group()} is not a variable the draft fills in, so readers see it as written.",
                    )
                )
    for hit in pattern.finditer(subject.view.testimonium):
        found.append(
            Finding(
                "consistency.placeholder",
                Level.WARNING,
                None,
                DRAFT_LABEL,
                hit.start(),
                hit.end(),
                hit.group(),
                f"The signature line still reads {hit.group()}; set the place and date in the draft settings.",
            )
        )
    return found


def _left(hit: re.Match[str], variable: str | None) -> str:
    if variable and variable not in ("$",):
        return f"{hit.group()} is still a placeholder; it comes from the draft setting '{variable}', so set it there."
    return f"{hit.group()} is still a placeholder; fill it in before the text is final."
