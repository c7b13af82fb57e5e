"""Shared benchmark pieces: a large synthetic draft (300 clauses, about 60,000 words) and a median timer."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from charter.drafting import assemble
from charter.drafting.model import AREAS, Draft, Status

_WORDS = (
    "participants intend cooperation energy corridor transit investment digital infrastructure security "
    "development regional partnership trade customs rail port capacity supply chain resilience methane "
    "renewable interconnector minerals semiconductors data centres cybersecurity skills finance export "
    "credit platform delegation tourism review working group roadmap sovereign fund co-investment "
    "facilitation modernization logistics market connectivity sustainable innovation research exchange"
).split()


def sentence(rng: random.Random, words: int) -> str:
    """Return a pseudo-sentence of about `words` words."""
    body = " ".join(rng.choice(_WORDS) for _ in range(words - 3))
    return f"The Participants intend {body}."


def _with_subparagraphs(text: str) -> str:
    split = text.index(" ", len(text) // 2)
    return f"{text[:split]}, including by:\n(a) {text[split + 1 :]}\n(b) reviewing progress each year."


def big_draft(
    clauses: int = 300, words: int = 200, seed: int = 7, name: str = "bench", dressed: bool = False
) -> Draft:
    """Return an unsaved draft with `clauses` clauses of about `words` words, spread over the areas.

    A `dressed` draft also has what a Word export draws: a header marking, (a)/(b) sub-paragraphs
    in about a fifth of the clauses, every tenth clause bracketed and every fifteenth commented.
    """
    rng = random.Random(seed)
    settings = assemble.make_settings(
        "the Republic of Azerbaijan",
        "the United States of America",
        place="Baku",
        date="1 May 2027",
        languages=("Azerbaijani", "English"),
        marking="RESTRICTED" if dressed else None,
    )
    draft = assemble.new_draft(name, settings)
    areas = list(AREAS)
    for index in range(clauses):
        area = areas[index % len(areas)]
        text = sentence(rng, words)
        if dressed and rng.random() < 0.2:
            text = _with_subparagraphs(text)
        draft, clause = assemble.add_custom(draft, area, f"Clause {index}", text)
        if dressed and index % 10 == 3:
            draft = assemble.set_status(draft, clause.id, Status.BRACKETED)
        if dressed and index % 15 == 7:
            draft = assemble.add_comment(draft, clause.id, "Benchmark Reviewer", "Please check.", datetime.now(UTC))
    return draft


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Return the median wall-clock time of `repeat` runs of `action`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
