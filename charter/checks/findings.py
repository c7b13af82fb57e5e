"""What a drafting check reports, and the rendered draft the checks read."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from charter.checks import spans
from charter.checks.rules import Rules
from charter.drafting import template
from charter.drafting.model import Draft
from charter.drafting.render import RenderedClause, RenderedDraft, render_draft
from charter.negotiation import brackets as notation

#: The label of findings about the draft as a whole: its settings and the formulas built from them.
DRAFT_LABEL = "draft"


class Level(StrEnum):
    """How much a finding matters: an error stops the draft from reading as what it is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing a check found: where (clause and span of its rendered text), what, and the usual fix."""

    rule: str
    level: Level
    clause_id: str | None
    label: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    #: the suggestion can replace the span with one click, without reading the sentence
    certain: bool = False
    #: the reason given when the clause keeps this wording on purpose
    accepted: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        """Return (start, end) of the flagged text in the clause's rendered text."""
        return self.start, self.end

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of `charter check --json`."""
        return {
            "rule": self.rule,
            "level": self.level.value,
            "clause": self.clause_id,
            "label": self.label,
            "span": [self.start, self.end],
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
            "certain": self.certain,
            "accepted": self.accepted,
        }

    def describe(self) -> str:
        """Return one line for a reader: '  II.3 12-17 error register.shall: ... -> will'."""
        where = f"{self.label} {self.start}-{self.end}"
        fix = f" -> {self.suggestion!r}" if self.suggestion is not None else ""
        kept = f" (accepted: {self.accepted})" if self.accepted else ""
        return f"{where} {self.level.value} {self.rule}: {self.message}{fix}{kept}"


@dataclass
class Subject:
    """A draft as the checks read it: rendered once, with the stored text behind each clause."""

    draft: Draft
    view: RenderedDraft
    rules: Rules
    clauses: list[RenderedClause]
    stored: dict[str, str]
    values: dict[str, str]
    _segments: dict[str, list[spans.Segment]] = field(default_factory=dict, repr=False)
    _lowered: list[str] | None = field(default=None, repr=False)
    _document: str = field(default="", repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _holding: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def binding(self) -> bool:
        """Return True when the draft is marked as a binding (treaty) text."""
        return self.draft.settings.binding

    def segments(self, clause_id: str) -> list[spans.Segment]:
        """Return the stored and rendered pieces of a clause's text."""
        found = self._segments.get(clause_id)
        if found is None:
            found = self._segments[clause_id] = spans.segments(self.stored[clause_id], self.values)
        return found

    @property
    def lowered(self) -> list[str]:
        """Return the rendered text of each clause in lower case, in document order."""
        if self._lowered is None:
            self._lowered = [clause.text.lower() for clause in self.clauses]
            # one document, clauses apart by a character no cue holds, for whole-draft searches
            self._document = "\0".join(self._lowered)
            position = 0
            for text in self._lowered:
                self._starts.append(position)
                position += len(text) + 1
        return self._lowered

    def holding(self, *cues: str) -> list[int]:
        """Return the indices (in document order) of the clauses whose lower-case text holds any of `cues`.

        One substring search over the whole draft per cue, instead of one per clause, keeps the
        cheap test ahead of each regular expression cheap too.
        """
        found: set[int] = set()
        _ = self.lowered  # joins the clauses into one document on first use
        starts, document = self._starts, self._document
        for cue in cues:
            hits = self._holding.get(cue)
            if hits is None:
                hits = []
                at = document.find(cue)
                while at != -1:
                    index = bisect_right(starts, at) - 1
                    hits.append(index)
                    # go on from the next clause: one hit per clause is all a cue test needs
                    at = document.find(cue, starts[index + 1]) if index + 1 < len(starts) else -1
                self._holding[cue] = hits
            found.update(hits)
        return sorted(found)

    def finding(
        self,
        rule: str,
        level: Level | str,
        clause: RenderedClause,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        certain: bool = False,
    ) -> Finding:
        """Return a finding on the span [start, end) of a clause's rendered text."""
        return Finding(
            rule=rule,
            level=Level(level),
            clause_id=clause.id,
            label=clause.label,
            start=start,
            end=end,
            text=clause.text[start:end],
            message=message,
            suggestion=suggestion,
            certain=certain and suggestion is not None,
        )


def prepare(draft: Draft, rules: Rules) -> Subject:
    """Return the draft rendered for checking."""
    view = render_draft(draft)
    return Subject(
        draft=draft,
        view=view,
        rules=rules,
        clauses=view.clauses(),
        # as people read and edit it: brackets in the notation, variables as written
        stored={clause.id: notation.clause_literal(clause, draft.settings) for clause in draft.clauses()},
        values=template.variables(draft.settings),
    )
