"""A clause as the Draft page reads it, in HTML: its text escaped, open brackets in each delegation's colour, badges.

The Draft page draws each clause with `st.html` rather than Markdown: a browser shows a 38-clause
section about a quarter of a second sooner, because it need not parse Markdown for each clause.
Every piece of user text goes through `html.escape`, so it shows as written and nothing in it runs.
"""

from __future__ import annotations

from html import escape
from typing import NamedTuple

from charter.drafting.render import RenderedBracket, RenderedClause, escape_markdown

#: Background and text colour of each badge colour, and of each delegation's wordings in a bracket.
PALETTE = {
    "gray": ("#f1f5f9", "#475569"),
    "orange": ("#fff7ed", "#c2410c"),
    "green": ("#f0fdf4", "#15803d"),
    "blue": ("#eff6ff", "#1d4ed8"),
    "violet": ("#f5f3ff", "#6d28d9"),
    "red": ("#fef2f2", "#b91c1c"),
}
#: Each delegation's colour in a bracket (party A, party B, the chair).
DELEGATION_COLOURS = {"a": "blue", "b": "violet", "chair": "gray"}

#: The page's styles for clauses, brackets and badges, drawn once per page (`st.html` of styles takes no space).
STYLE = (
    "<style>"
    ".charter-clause p{margin:0 0 .25rem 0}"
    ".charter-clause .badges{margin:.1rem 0 .4rem 0}"
    ".charter-badge{display:inline-block;border-radius:.25rem;padding:0 .35rem;margin:0 .3rem .2rem 0;"
    "font-size:.8rem;font-family:sans-serif;line-height:1.5}"
    + "".join(
        f".charter-badge.{name}{{background:{back};color:{fore}}}"
        f".charter-wording.{name}{{background:{back};border-radius:.2rem;padding:0 .15rem}}"
        for name, (back, fore) in PALETTE.items()
    )
    + "</style>"
)


class Badge(NamedTuple):
    """A small coloured label under a clause: its status, an unsaved edit, a drafting check."""

    colour: str
    text: str

    def html(self) -> str:
        """Return the badge as HTML, its text escaped."""
        return f'<span class="charter-badge {self.colour}">{escape(self.text)}</span>'

    def markdown(self) -> str:
        """Return the badge as Streamlit Markdown, its text escaped."""
        return f":{self.colour}-badge[{escape_markdown(self.text)}]"


def clause_html(clause: RenderedClause, badges: list[Badge]) -> str:
    """Return a rendered clause as the Draft page shows it: number, paragraphs, brackets, then its badges."""
    written = "".join(escape(p) if isinstance(p, str) else _bracket_html(p) for p in clause.pieces)
    paragraphs = [line.strip() for line in written.split("\n") if line.strip()] or [""]
    if clause.wrapped:
        # a clause not agreed as a whole reads inside one pair of brackets
        paragraphs[0] = "[" + paragraphs[0]
        paragraphs[-1] = paragraphs[-1] + "]"
    first, *rest = paragraphs
    body = f"<p><b>{clause.number}.</b> {first}</p>" + "".join(f"<p>&emsp;{p}</p>" for p in rest)
    tags = "".join(badge.html() for badge in badges)
    return f'<div class="charter-clause">{body}<div class="badges">{tags}</div></div>'


def _bracket_html(bracket: RenderedBracket) -> str:
    shown = []
    for proposal in bracket.proposals:
        words = escape(proposal.text) if proposal.text else "<i>(leave out)</i>"
        if proposal.delegation is None:
            shown.append(words)
            continue
        colour = DELEGATION_COLOURS[proposal.delegation]
        tag = escape(proposal.tag or "")
        shown.append(f'<span class="charter-wording {colour}"><b>{tag}:</b> {words}</span>')
    return "[" + " / ".join(shown) + "]"
