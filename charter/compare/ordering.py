"""Which items of a reordered sequence kept their relative order, and which clauses moved."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from collections.abc import Set as AbstractSet


def kept_in_order(old_order: list[str], new_order: list[str]) -> set[str]:
    """Return the ids of a longest run, common to both sequences, that keeps its relative order."""
    old_position = {item: index for index, item in enumerate(old_order)}
    common = [item for item in new_order if item in old_position]
    values = [old_position[item] for item in common]
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_at.append(index)
        else:
            tails[slot] = value
            tail_at[slot] = index
        previous[index] = tail_at[slot - 1] if slot else -1
    keep: set[str] = set()
    cursor = tail_at[-1] if tail_at else -1
    while cursor >= 0:
        keep.add(common[cursor])
        cursor = previous[cursor]
    return keep


def moved_ids(old_order: list[str], new_order: list[str]) -> set[str]:
    """Return the ids present in both sequences that fall outside the longest run kept in order."""
    present = set(old_order)
    return {item for item in new_order if item in present} - kept_in_order(old_order, new_order)


def moved_clauses(old: Mapping[str, str], new: Mapping[str, str], new_sections: AbstractSet[str]) -> set[str]:
    """Return the ids of the clauses that moved between two revisions.

    `old` and `new` map each clause id to its section id, in document order; `new_sections` holds
    the newer revision's section ids. A clause on both sides moved when it falls outside the
    longest run both orders keep, or when it went to another section, unless its old section is
    gone (merged away, so its clauses had to go somewhere). Diffs, redlines, blame and the area
    limits of editors all use this one rule.
    """
    moved = moved_ids(list(old), list(new))
    moved |= {
        clause_id
        for clause_id, section in new.items()
        if clause_id in old and old[clause_id] != section and old[clause_id] in new_sections
    }
    return moved
