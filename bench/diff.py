"""Benchmark the comparison on a 300-clause draft against whole-document word diffs."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diff_match_patch import diff_match_patch  # noqa: E402

from bench.corpus import big_draft, median_seconds, sentence  # noqa: E402
from charter.compare.diff import compare  # noqa: E402
from charter.compare.tokens import encode, engine_name, token_diff, tokenize  # noqa: E402
from charter.drafting import assemble  # noqa: E402
from charter.drafting.model import Draft  # noqa: E402
from charter.drafting.render import render_draft  # noqa: E402


def second_revision(draft: Draft, rng: random.Random) -> Draft:
    """Edit words in 5% of clauses, replace the text of 3, move 2, add 3 and delete 3."""
    clauses = draft.clauses()
    for clause in rng.sample(clauses, 3):
        draft = assemble.set_text(draft, clause.id, sentence(rng, 200))
    for clause in rng.sample(clauses, len(clauses) // 20):
        words = clause.text.split(" ")
        for _ in range(3):
            words[rng.randrange(len(words))] = rng.choice(["revised", "enhanced", "joint", "strategic"])
        draft = assemble.set_text(draft, clause.id, " ".join(words))
    for clause in rng.sample(clauses, 2):
        draft = assemble.move(draft, clause.id, 1)
    for index in range(3):
        draft, _ = assemble.add_custom(draft, "finance", f"New {index}", sentence(rng, 200), position=1)
    for clause in rng.sample(clauses, 3):
        draft = assemble.remove(draft, clause.id)
    return draft


def whole_text(draft: Draft) -> str:
    return "\n".join(f"{c.number}. {c.text}" for c in render_draft(draft).clauses())


def exhaustive_changed_tokens(a: list[str], b: list[str]) -> int:
    """Return len(a) + len(b) - 2 * LCS(a, b), by dynamic programming (no heuristics)."""
    previous = [0] * (len(b) + 1)
    for token in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            current[j] = previous[j - 1] + 1 if token == other else max(previous[j], current[j - 1])
        previous = current
    return len(a) + len(b) - 2 * previous[-1]


def main() -> None:
    rng = random.Random(3)
    old = big_draft()
    new = second_revision(old, rng)
    old_text, new_text = whole_text(old), whole_text(new)
    words = len(old_text.split())

    ours = median_seconds(lambda: compare(old, new), 20)
    os.environ["CHARTER_DIFF_ENGINE"] = "python"
    ours_python = median_seconds(lambda: compare(old, new), 3)
    del os.environ["CHARTER_DIFF_ENGINE"]

    def cpp_word_diff() -> object:
        import fast_diff_match_patch

        (a, b), _ = encode(tokenize(old_text), tokenize(new_text))
        return fast_diff_match_patch.diff(a, b, timelimit=0, checklines=False, cleanup="Semantic")

    (enc_a, enc_b), _ = encode(tokenize(old_text), tokenize(new_text))

    def cpp_core() -> object:
        import fast_diff_match_patch

        return fast_diff_match_patch.diff(enc_a, enc_b, timelimit=0, checklines=False, cleanup="Semantic")

    def python_word_diff() -> object:
        engine = diff_match_patch()
        engine.Diff_Timeout = 0
        (a, b), _ = encode(tokenize(old_text), tokenize(new_text))
        diffs = engine.diff_main(a, b, False)
        engine.diff_cleanupSemantic(diffs)
        return diffs

    try:
        cpp = median_seconds(cpp_word_diff, 20)
        cpp_only = median_seconds(cpp_core, 20)
    except ImportError:
        cpp = cpp_only = float("nan")
        print("fast-diff-match-patch is not installed: pip install '.[bench]'")
    python = median_seconds(python_word_diff, 5)

    comparison = compare(old, new)
    ours_changed = exact_changed = 0
    pairs = [c for c in comparison.clauses if c.change == "modified"]
    for change in pairs:
        a, b = tokenize(change.old_text or ""), tokenize(change.new_text or "")
        ours_changed += sum(len(t) for op, t in token_diff(a, b, semantic=False) if op != 0)
        exact_changed += exhaustive_changed_tokens(a, b)
    summary = comparison.summary
    print(f"draft: {len(old.clauses())} clauses, {words} words; changes: {summary.by_change}")
    print(f"ours (clause-aware, incl. rendering both revisions, {engine_name()} engine): {ours * 1000:.1f} ms")
    print(f"ours with the pure-Python engine (the fallback): {ours_python * 1000:.1f} ms")
    print(
        f"fast-diff-match-patch whole document, word tokens (C++, incl. tokenizing): {cpp * 1000:.1f} ms"
        f"  -> ours = {ours / cpp:.2f}x   (target <= 0.5x)"
    )
    print(
        f"fast-diff-match-patch diff call alone (tokens pre-encoded): {cpp_only * 1000:.1f} ms"
        f"  -> ours = {ours / cpp_only:.2f}x"
    )
    print(
        f"pure-Python diff-match-patch whole document, word tokens: {python * 1000:.1f} ms"
        f"  -> ours = {ours / python:.3f}x"
    )
    print(
        f"changed tokens before semantic cleanup on {len(pairs)} modified clauses: ours {ours_changed}, "
        f"exhaustive LCS {exact_changed}  ({'equal' if ours_changed == exact_changed else 'DIFFERENT'})"
    )


if __name__ == "__main__":
    main()
