"""Alignment checks between a clause's versions: the same structure, figures, names and open brackets.

Two authentic texts must say the same thing. These checks cannot read meaning, but they catch what
slips through most often: a sub-paragraph lost, a figure or date changed (however each language
writes it: `charter.bilingual.figures`), a name or acronym not
in its agreed translation, a bracket closed in one language and still open in the other, a
variable dropped. Each finding names the clause and quotes both texts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from charter.bilingual.figures import Figure, figures, percentages
from charter.bilingual.versions import (
    NAMES,
    localized_tags,
    other_languages,
    version,
    working_language,
    working_text,
)
from charter.drafting.model import Draft, DraftClause, Settings
from charter.drafting.render import is_subparagraph, render_draft, split_paragraphs
from charter.negotiation import brackets as notation

_VARIABLE = re.compile(r"\$\{([a-z_]+)\}")
# capitals of English and Azerbaijani; an acronym is two or more of them (digits allowed after the first)
_UPPER = "A-Z\u018f\u011e\u0130\u00d6\u00dc\u00c7\u015e"
_ACRONYM = re.compile(rf"(?<![\w])[{_UPPER}][{_UPPER}0-9]+(?![\w])")


@dataclass(frozen=True)
class AlignmentFinding:
    """One way a clause's version in one language does not line up with the working text."""

    clause_id: str
    label: str
    language: str
    rule: str
    message: str
    working: str
    translated: str

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of `charter check --alignment --json`."""
        return {
            "clause": self.label,
            "clause_id": self.clause_id,
            "language": self.language,
            "rule": self.rule,
            "message": self.message,
            "working": self.working,
            "translated": self.translated,
        }


def check_alignment(draft: Draft) -> list[AlignmentFinding]:
    """Return every alignment finding of the draft, clause by clause in document order."""
    labels = {clause.id: clause.label for clause in render_draft(draft).clauses()}
    found: list[AlignmentFinding] = []
    for clause in draft.clauses():
        for language in other_languages(draft.settings):
            found.extend(_clause_findings(clause, language, draft.settings, labels.get(clause.id, clause.id)))
    return found


def _clause_findings(clause: DraftClause, language: str, settings: Settings, label: str) -> list[AlignmentFinding]:
    held = version(clause, language)
    if held is None or not held.text.strip():
        return []
    working, translated = working_text(clause, settings), held.text
    name = NAMES.get(language, language)
    found: list[AlignmentFinding] = []

    def finding(rule: str, message: str) -> None:
        found.append(AlignmentFinding(clause.id, label, language, rule, f"{label}: {message}", working, translated))

    subs = (_subparagraphs(working), _subparagraphs(translated))
    if subs[0] != subs[1]:
        finding(
            "alignment.subparagraphs",
            f"the working text has {subs[0]} sub-paragraph(s) (a), (b) ..., the {name} text {subs[1]}",
        )
    code = working_language(settings)
    (working_numbers, working_dates), (numbers, dates) = figures(working, code), figures(translated, language)
    for rule, what, ours, theirs in (
        ("alignment.numbers", "the figures differ", working_numbers, numbers),
        ("alignment.dates", "the dates differ", working_dates, dates),
    ):
        differ = _differences(ours, theirs, name)
        if differ:
            finding(rule, f"{what}: {differ}")
    percent = (percentages(working, code), percentages(translated, language))
    if percent[0] != percent[1]:
        finding("alignment.percentages", f"{percent[0]} percentage(s) in the working text, {percent[1]} in {name}")
    variables = (set(_VARIABLE.findall(working)), set(_VARIABLE.findall(translated)))
    if variables[0] != variables[1]:
        missing = sorted(variables[0] - variables[1])
        extra = sorted(variables[1] - variables[0])
        parts = [f"${{{v}}} missing in {name}" for v in missing] + [f"${{{v}}} only in {name}" for v in extra]
        finding("alignment.variables", "the filled-in names differ: " + ", ".join(parts))
    for term, wanted in _names(working, settings, language):
        if not any(candidate in translated for candidate in wanted):
            shown = " or ".join(f"\u201c{w}\u201d" for w in wanted)
            finding("alignment.names", f"\u201c{term}\u201d is not in the {name} text as {shown}")
    tags = notation.tags(settings)
    # both texts are read by the one rule of the editors: a tagged "[...]" is a bracket, "[date]" is text
    open_working = len(notation.parse(working, tags, keep_untagged=True).brackets)
    read = notation.parse(
        notation.retag(translated, localized_tags(settings, language), tags),
        tags,
        keep_untagged=True,
        where=f"the {name} text",
    )
    if open_working != len(read.brackets):
        finding(
            "alignment.brackets",
            f"{open_working} open bracket(s) in the working text, {len(read.brackets)} in the {name} text",
        )
    for warning in read.warnings:
        finding("alignment.brackets", warning)
    return found


def _subparagraphs(text: str) -> int:
    return sum(1 for line in split_paragraphs(text) if is_subparagraph(line))


def _differences(ours: list[Figure], theirs: list[Figure], name: str) -> str:
    """Return which figures only one text states, each as that text writes it; '' when both state the same."""
    counts = (Counter(f.key for f in ours), Counter(f.key for f in theirs))
    said = []
    for extra, figures_of, where in (
        (counts[0] - counts[1], ours, "the working text"),
        (counts[1] - counts[0], theirs, f"the {name} text"),
    ):
        if extra:
            written = {f.key: f.written for f in reversed(figures_of)}
            said.append(f"{', '.join(written[key] for key in sorted(extra.elements()))} only in {where}")
    return "; ".join(said)


def _names(working: str, settings: Settings, language: str) -> list[tuple[str, list[str]]]:
    """Return the glossary terms and acronyms of the working text, each with the forms the translation may use."""
    glossary = settings.glossary or {}
    wanted: dict[str, list[str]] = {}
    for term, translations in glossary.items():
        if re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", working):
            wanted[term] = [translations[language]] if translations.get(language) else [term]
    skipped = _ROMAN | set(notation.tags(settings).values())
    for acronym in _ACRONYM.findall(_VARIABLE.sub(" ", working)):
        if acronym not in wanted and acronym not in skipped:
            wanted[acronym] = [acronym]
    return list(wanted.items())


#: Capitals that are not names (the delegation tags of the bracket notation are not either).
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"})


def working_name(settings: Settings) -> str:
    """Return the name of the draft's working language."""
    return NAMES.get(working_language(settings), working_language(settings))
