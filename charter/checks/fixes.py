"""One-click fixes: apply a finding's certain suggestion to the stored text of its clause."""

from __future__ import annotations

from collections.abc import Iterable

from charter.checks import spans
from charter.checks.findings import Finding
from charter.drafting import assemble, template
from charter.drafting.model import Draft
from charter.drafting.render import render_draft
from charter.errors import DraftError
from charter.negotiation import brackets as notation


def fix(draft: Draft, finding: Finding) -> Draft:
    """Return the draft with `finding`'s suggestion in place of the flagged text.

    Raises DraftError when the suggestion is not certain, when the clause no longer reads as it
    did when checked, or when the flagged text is (part of) a variable filled in from the settings.
    """
    if not finding.certain or finding.suggestion is None or finding.clause_id is None:
        raise DraftError(f"{finding.label}: {finding.rule} has no certain fix; edit the clause instead")
    return _apply(draft, [finding], strict=True)


def fix_all(draft: Draft, findings: Iterable[Finding]) -> Draft:
    """Return the draft with every certain suggestion applied; others, and any that overlap one applied, are left."""
    return _apply(draft, [f for f in findings if f.certain and f.suggestion is not None and f.clause_id], strict=False)


def _replacement(suggestion: str) -> str:
    match = template.PLACEHOLDER.fullmatch(suggestion)
    if match and match.group(1) in template.KNOWN_VARIABLES:
        return suggestion  # a variable to fill in, as for a Participant's name written out
    return template.escape_dollars(suggestion)


def _apply(draft: Draft, findings: list[Finding], strict: bool) -> Draft:
    if not findings:
        return draft
    shown = {clause.id: clause.text for clause in render_draft(draft).clauses()}
    values = template.variables(draft.settings)
    by_clause: dict[str, list[Finding]] = {}
    for finding in findings:
        assert finding.clause_id is not None
        by_clause.setdefault(finding.clause_id, []).append(finding)
    for clause_id, items in by_clause.items():
        text = shown.get(clause_id)
        if text is None:
            if strict:
                raise DraftError(f"{items[0].label}: the clause is no longer in the draft")
            continue
        stored = notation.clause_literal(draft.clause(clause_id), draft.settings)
        pieces = spans.segments(stored, values)
        edited = stored
        limit = len(text) + 1
        for finding in sorted(items, key=lambda f: (f.start, f.end), reverse=True):
            if text[finding.start : finding.end] != finding.text:
                if strict:
                    raise DraftError(f"{finding.label}: the clause changed since it was checked; check it again")
                continue
            where = spans.stored_span(pieces, finding.start, finding.end)
            if where is None:
                if strict:
                    raise DraftError(
                        f"{finding.label}: \u201c{finding.text}\u201d comes from the draft settings; change it there"
                    )
                continue
            if finding.end > limit or finding.start == finding.end == limit:
                continue  # overlaps a fix already made in this clause, or inserts at the same place
            assert finding.suggestion is not None
            edited = edited[: where[0]] + _replacement(finding.suggestion) + edited[where[1] :]
            limit = finding.start
        if edited != stored:
            draft = assemble.set_text(draft, clause_id, edited)
    return draft
