"""Word-token diffs: diff-match-patch run on words, one character per distinct token.

The engine is fast-diff-match-patch (the same algorithm in C++) when it is installed, and the
pure-Python diff-match-patch otherwise; both give identical diffs (tests/compare/test_diff.py checks
this), so results never depend on the machine. CHARTER_DIFF_ENGINE=python forces the fallback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the installation
    _fast = None

_OPS = {"=": 0, "-": -1, "+": 1}

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

EQUAL, DELETE, INSERT = 0, -1, 1


def tokenize(text: str) -> list[str]:
    """Return `text` split into words, runs of white space, and single other characters."""
    return _TOKEN.findall(text)


def _code_point(index: int) -> str:
    # Skip the surrogate block, which a Python str can hold but no text should.
    return chr(index + 1 if index + 1 < 0xD800 else index + 1 + 0x800)


def encode(*token_lists: list[str]) -> tuple[list[str], list[str]]:
    """Return each token list as a string of one character per token, and the token table."""
    table: list[str] = []
    index: dict[str, str] = {}
    encoded = []
    for tokens in token_lists:
        chars = []
        for token in tokens:
            char = index.get(token)
            if char is None:
                char = _code_point(len(table))
                index[token] = char
                table.append(token)
            chars.append(char)
        encoded.append("".join(chars))
    return encoded, table


def _token_index(char: str) -> int:
    point = ord(char)
    return point - 1 if point < 0xE000 else point - 1 - 0x800


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # the default one-second cut-off gives near-total rewrites on long texts
    return engine


def engine_name() -> str:
    """Return which diff engine runs: 'c++' (fast-diff-match-patch) or 'python'."""
    return "c++" if _fast is not None and os.environ.get("CHARTER_DIFF_ENGINE") != "python" else "python"


def char_diff(a: str, b: str, semantic: bool = True, engine: str | None = None) -> list[tuple[int, str]]:
    """Return diff-match-patch's character diff of a and b (no time limit), semantic cleanup optional."""
    if (engine or engine_name()) == "c++" and _fast is not None:
        found: Any = _fast.diff(a, b, timelimit=0, checklines=False, cleanup="Semantic" if semantic else "No",
                                counts_only=False)  # fmt: skip
        return [(_OPS[op], text) for op, text in found]
    python = _engine()
    diffs = python.diff_main(a, b, False)
    if semantic:
        python.diff_cleanupSemantic(diffs)
    return [(op, text) for op, text in diffs]


def token_diff(
    old: list[str], new: list[str], semantic: bool = True, engine: str | None = None
) -> list[tuple[int, list[str]]]:
    """Return the diff of two token lists as (op, tokens) pairs; op is EQUAL, DELETE or INSERT."""
    (a, b), table = encode(old, new)
    diffs = char_diff(a, b, semantic, engine)
    result: list[tuple[int, list[str]]] = []
    for op, chars in diffs:
        tokens = [table[_token_index(c)] for c in chars]
        if tokens:
            result.append((op, tokens))
    return result


def word_diff(old: str, new: str, semantic: bool = True) -> list[tuple[int, str]]:
    """Return a word-level diff of two texts as (op, text) pairs that rebuild both texts exactly."""
    if old == new:
        return [(EQUAL, old)] if old else []
    return [(op, "".join(tokens)) for op, tokens in token_diff(tokenize(old), tokenize(new), semantic)]


@dataclass(frozen=True)
class Edit:
    """Replace old tokens [start, end) with `tokens`."""

    start: int
    end: int
    tokens: tuple[str, ...]


def edits(old: list[str], new: list[str]) -> list[Edit]:
    """Return the minimal edits that turn `old` into `new`, in old-token coordinates."""
    found: list[Edit] = []
    position = 0
    pending_start: int | None = None
    pending_end = 0
    pending_tokens: list[str] = []
    for op, tokens in token_diff(old, new, semantic=False):
        if op == EQUAL:
            if pending_start is not None:
                found.append(Edit(pending_start, pending_end, tuple(pending_tokens)))
                pending_start, pending_tokens = None, []
            position += len(tokens)
            continue
        if pending_start is None:
            pending_start, pending_end = position, position
        if op == DELETE:
            position += len(tokens)
            pending_end = position
        else:
            pending_tokens.extend(tokens)
    if pending_start is not None:
        found.append(Edit(pending_start, pending_end, tuple(pending_tokens)))
    return found


def merge_tokens(base_tokens: list[str], our_tokens: list[str], their_tokens: list[str]) -> list[str] | None:
    """Return the three-way merge of two edited token lists, or None when their edits touch."""
    mine = edits(base_tokens, our_tokens)
    other = edits(base_tokens, their_tokens)
    combined: list[Edit] = []
    for edit in mine:
        for their in other:
            if edit == their:
                continue
            if _clash(edit, their):
                return None
        combined.append(edit)
    combined.extend(e for e in other if e not in mine)
    combined.sort(key=lambda e: (e.start, e.end))
    out: list[str] = []
    position = 0
    for edit in combined:
        out.extend(base_tokens[position : edit.start])
        out.extend(edit.tokens)
        position = edit.end
    out.extend(base_tokens[position:])
    return out


def _clash(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True  # the replaced ranges overlap
    a_insert, b_insert = a.start == a.end, b.start == b.end
    if a_insert and b.start <= a.start <= b.end:
        return True  # an insertion inside or at the edge of the other's change
    if b_insert and a.start <= b.start <= a.end:
        return True
    return False
