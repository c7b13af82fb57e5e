"""The versions a translator has to carry a working-text change over to, each with the change since."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from charter.bilingual.versions import NAMES, State, standings
from charter.compare.tokens import DELETE, INSERT, word_diff
from charter.drafting.model import Draft
from charter.drafting.render import render_draft

#: How many words of unchanged text a change keeps on each side of an edit.
CONTEXT_WORDS = 6


@dataclass(frozen=True)
class StaleVersion:
    """A clause's version in one language whose working text changed since it was confirmed or written."""

    clause_id: str
    label: str
    language: str
    state: State
    #: The working text the version was confirmed against (or written from), and the working text now.
    since: str
    current: str

    def changes(self) -> str:
        """Return the working-text change since then: '[-removed-]', '{+added+}', long unchanged runs cut."""
        return changes(self.since, self.current)

    def describe(self) -> str:
        """Return one line for `charter check --alignment`."""
        name = NAMES.get(self.language, self.language)
        done = "confirmed" if self.state == State.NEEDS_UPDATE else "written"
        return f"{self.label}: the {name} text {self.state}; the working text since it was {done}: {self.changes()}"

    def to_json(self) -> dict[str, Any]:
        """Return the stable JSON shape of a stale version in `charter check --alignment --json`."""
        return {
            "clause": self.label,
            "clause_id": self.clause_id,
            "language": self.language,
            "state": self.state.value,
            "since": self.since,
            "current": self.current,
            "changes": self.changes(),
        }


def stale_versions(draft: Draft) -> list[StaleVersion]:
    """Return every version that needs update (reviewed or not), clause by clause in document order."""
    labels = {clause.id: clause.label for clause in render_draft(draft).clauses()}
    return [
        StaleVersion(s.clause_id, labels.get(s.clause_id, s.clause_id), s.language, s.state, s.basis, s.current)
        for s in standings(draft)
        if s.state.stale and s.basis is not None
    ]


def changes(old: str, new: str) -> str:
    """Return the word changes from `old` to `new` as one line: '[-removed-]{+added+}', unchanged runs shortened."""
    pieces = word_diff(old, new)
    out = []
    for index, (op, text) in enumerate(pieces):
        if op == DELETE:
            out.append(f"[-{text}-]")
        elif op == INSERT:
            out.append(f"{{+{text}+}}")
        else:
            out.append(_shortened(text, first=index == 0, last=index == len(pieces) - 1))
    return " ".join("".join(out).split())


def _shortened(text: str, *, first: bool, last: bool) -> str:
    words = text.split(" ")
    keep = CONTEXT_WORDS
    head = [] if first else words[:keep]
    tail = [] if last else words[-keep:]
    if len(words) <= len(head) + len(tail) + 1 or (first and last):
        return text
    return " ".join([*head, "...", *tail])
