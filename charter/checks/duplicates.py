"""Near-duplicate clauses: the same library clause twice, or two clauses sharing most of their wording."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from charter.checks.findings import Finding, Level, Subject

#: Share of word triples two clauses must have in common to count as near-duplicates.
THRESHOLD = 0.75
#: Words found in more clauses than this share of the draft (or three) do not pick out a pair.
_RARE = 0.02
#: A pair is compared word by word when it shares this share of the rarer words of the clause with fewer.
_RARE_SHARE = 0.6
_MIN_RARE = 3


def _triples(text: str) -> frozenset[tuple[str, str, str]]:
    words = text.lower().split()
    if len(words) < 3:
        return frozenset([(" ".join(words), "", "")]) if words else frozenset()
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def _candidates(lowered: list[str]) -> list[tuple[int, int]]:
    """Return the pairs (earlier, later) worth comparing word by word: those sharing most of their rarer words.

    Comparing every pair of a 300-clause draft by word triples is too slow, and near-duplicates
    share the words that set them apart from the rest of the draft. The sets and counts here
    are built in C. Clauses with almost no such words are left to the word-for-word test.
    """
    words = [frozenset(text.split()) for text in lowered]
    frequency = Counter(chain.from_iterable(words))
    limit = max(3, int(len(lowered) * _RARE))
    rare_vocabulary = {word for word, count in frequency.items() if 1 < count <= limit}
    rare = [clause_words & rare_vocabulary for clause_words in words]
    holders: dict[str, list[int]] = {}
    for position, clause_rare in enumerate(rare):
        for word in clause_rare:
            holders.setdefault(word, []).append(position)
    shared: Counter[tuple[int, int]] = Counter()
    for positions in holders.values():
        for index, a in enumerate(positions):
            for b in positions[index + 1 :]:
                shared[(a, b)] += 1
    pairs = []
    for (a, b), count in shared.items():
        smaller = min(len(rare[a]), len(rare[b]))
        if smaller >= _MIN_RARE and count >= _RARE_SHARE * smaller:
            pairs.append((a, b))
    return sorted(pairs)


def check(subject: Subject) -> list[Finding]:
    """Return a finding on the later clause of each near-duplicate pair."""
    clauses = subject.clauses
    found: list[Finding] = []
    reported: set[str] = set()
    seen_origin: dict[str, int] = {}
    by_id = {clause.id: clause for clause in subject.draft.clauses()}
    seen_text: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        same = seen_text.setdefault(" ".join(clause.text.split()), index)
        if same != index:
            reported.add(clause.id)
            found.append(
                subject.finding(
                    "consistency.duplicate",
                    Level.WARNING,
                    clause,
                    0,
                    len(clause.text),
                    f"This clause repeats {clauses[same].label} ({clauses[same].title}) word for word; keep one.",
                )
            )
            continue
        origin = by_id[clause.id].library_id
        if origin is None:
            continue
        if origin in seen_origin:
            earlier = clauses[seen_origin[origin]]
            reported.add(clause.id)
            found.append(
                subject.finding(
                    "consistency.duplicate",
                    Level.WARNING,
                    clause,
                    0,
                    len(clause.text),
                    f"This clause and {earlier.label} both come from library clause '{origin}'; keep one.",
                )
            )
        else:
            seen_origin[origin] = index
    for a, b in _candidates(subject.lowered):
        if clauses[b].id in reported:
            continue
        first, second = _triples(clauses[a].text), _triples(clauses[b].text)
        union = len(first | second)
        similarity = len(first & second) / union if union else 0.0
        if similarity >= THRESHOLD:
            reported.add(clauses[b].id)
            found.append(
                subject.finding(
                    "consistency.duplicate",
                    Level.WARNING,
                    clauses[b],
                    0,
                    len(clauses[b].text),
                    f"This clause repeats {clauses[a].label} ({clauses[a].title}): "
                    f"{similarity:.0%} of their wording is the same. Merge them or keep one.",
                )
            )
    return found
