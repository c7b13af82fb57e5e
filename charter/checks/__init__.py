"""Drafting checks, as a proofreader would make them: register, consistency, cross-references and form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from charter.checks import consistency, duplicates, form, references, register
from charter.checks.findings import DRAFT_LABEL, Finding, Level, prepare
from charter.checks.fixes import fix, fix_all
from charter.checks.form import ListStyle
from charter.checks.rules import Rules, load_rules
from charter.drafting.model import Draft

__all__ = [
    "DRAFT_LABEL",
    "Finding",
    "Level",
    "ListStyle",
    "Rules",
    "check_draft",
    "findings_by_clause",
    "fix",
    "fix_all",
    "has_errors",
    "load_rules",
]

_SEVERITY = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}


def check_draft(
    draft: Draft,
    *,
    earlier: Draft | None = None,
    list_style: ListStyle | None = None,
    rules: Rules | None = None,
    include_accepted: bool = False,
) -> list[Finding]:
    """Return the findings on a draft, in document order, read from its rendered text.

    `earlier` is a revision in which the cross-references were right (the one an edit started
    from); references that pointed elsewhere there are reported as moved. `list_style` says how
    sub-paragraph lists end; by default, as most lists of the draft do. Findings on wording a
    clause has accepted are left out unless `include_accepted`, and then carry the reason.
    """
    subject = prepare(draft, rules or load_rules())
    found = (
        register.check(subject)
        + consistency.check(subject)
        + duplicates.check(subject)
        + references.check(subject, earlier)
        + form.check(subject, list_style)
    )
    position = {clause.id: index for index, clause in enumerate(subject.clauses)}
    found.sort(
        key=lambda f: (position.get(f.clause_id or "", len(position)), f.start, f.end, _SEVERITY[f.level], f.rule)
    )
    unique: list[Finding] = []
    seen: set[tuple[str | None, int, int]] = set()
    for finding in found:
        where = (finding.clause_id, finding.start, finding.end)
        if where not in seen:  # two rules on the same words: the more severe one speaks
            seen.add(where)
            unique.append(finding)
    return _accepted(draft, unique, include_accepted)


def _accepted(draft: Draft, findings: list[Finding], include_accepted: bool) -> list[Finding]:
    reasons = {
        (clause.id, acceptance.rule, acceptance.text.casefold()): acceptance.reason
        for clause in draft.clauses()
        for acceptance in clause.accepted
    }
    if not reasons:
        return findings
    out = []
    for finding in findings:
        reason = reasons.get((finding.clause_id or "", finding.rule, finding.text.strip().casefold()))
        if reason is None:
            out.append(finding)
        elif include_accepted:
            out.append(replace(finding, accepted=reason))
    return out


def findings_by_clause(
    draft: Draft,
    *,
    earlier: Draft | None = None,
    list_style: ListStyle | None = None,
    rules: Rules | None = None,
    include_accepted: bool = False,
) -> dict[str, list[Finding]]:
    """Return `check_draft`'s findings keyed by clause id, with every clause present; draft-wide ones under ''."""
    grouped: dict[str, list[Finding]] = {clause.id: [] for clause in draft.clauses()}
    grouped[""] = []
    found = check_draft(draft, earlier=earlier, list_style=list_style, rules=rules, include_accepted=include_accepted)
    for finding in found:
        grouped[finding.clause_id or ""].append(finding)
    return grouped


def has_errors(findings: Iterable[Finding]) -> bool:
    """Return True when a finding of level error stands (is not accepted)."""
    return any(f.level == Level.ERROR and f.accepted is None for f in findings)
