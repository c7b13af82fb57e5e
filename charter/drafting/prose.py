"""Lists of names written as English prose: 'a, b and c'."""

from __future__ import annotations

from collections.abc import Sequence


def comma_list(items: Sequence[str], *, most: int | None = None) -> str:
    """Return the items as English prose: 'a', 'a and b', 'a, b and c'; '' for none.

    With `most`, a longer list names its first `most` items and counts the rest: 'a, b and 3 more'.
    """
    if most is not None and len(items) > most:
        return f"{', '.join(items[:most])} and {len(items) - most} more"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
