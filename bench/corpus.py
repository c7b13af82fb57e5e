"""A large synthetic draft for the benchmarks: 300 clauses, about 60,000 words."""

from __future__ import annotations

import random

from charter import assemble
from charter.model import AREAS, Draft

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


def big_draft(clauses: int = 300, words: int = 200, seed: int = 7, name: str = "bench") -> Draft:
    """Return an unsaved draft with `clauses` clauses of about `words` words, spread over the areas."""
    rng = random.Random(seed)
    settings = assemble.make_settings(
        "the Republic of Azerbaijan",
        "the United States of America",
        place="Baku",
        date="1 May 2027",
        languages=("Azerbaijani", "English"),
    )
    draft = assemble.new_draft(name, settings)
    areas = list(AREAS)
    for index in range(clauses):
        area = areas[index % len(areas)]
        draft, _ = assemble.add_custom(draft, area, f"Clause {index}", sentence(rng, words))
    return draft
