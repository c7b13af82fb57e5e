"""The charter body as Word paragraphs: its blocks in reading order, and the paragraphs of one clause.

Export and redline write a clause with `clause_paragraphs`; the import reads it back with
`read_back`, so the three agree on one rule: a numbered lead paragraph ("3.", a tab, then the
text), one sub-paragraph per further line, and a bracketed clause's "[" and "]" around them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter.drafting.render import RenderedClause, RenderedDraft, split_paragraphs
from charter.word.ooxml import xml_safe

#: The kinds of a clause's paragraphs: the numbered lead, and each sub-paragraph after it.
LEAD, SUBPARAGRAPH = "clause", "subparagraph"

#: The brackets around a clause still under negotiation.
OPEN, CLOSE = "[", "]"


@dataclass(frozen=True)
class BodyBlock:
    """One piece of the charter body in reading order: a paragraph, or a whole clause.

    `key` names the piece the same way in every revision ('title', 'heading:<section id>',
    'clause:<clause id>', ...), so two revisions' layouts can be aligned block by block.
    """

    kind: str
    key: str
    text: str = ""
    clause: RenderedClause | None = None


def body_blocks(view: RenderedDraft) -> list[BodyBlock]:
    """Return the body of a charter in reading order: title, chapeau, recitals, lead-in, sections, testimonium.

    The lead-in ("Have come to the following shared understandings:") precedes the first
    operative section; the preamble has a heading only when the draft gives it one, and each
    section's own lead-in follows its heading. Parts the draft leaves out ('' in the view) are
    not blocks. The signature blocks follow the testimonium and are not blocks.
    """
    blocks = [BodyBlock("title", "title", view.title)]
    if view.preamble_heading:
        blocks.append(BodyBlock("heading", "preamble_heading", view.preamble_heading))
    if view.chapeau:
        blocks.append(BodyBlock("chapeau", "chapeau", view.chapeau))
    lead_in_written = False
    for section in view.sections:
        if section.number is not None and not lead_in_written:
            if view.lead_in:
                blocks.append(BodyBlock("lead_in", "lead_in", view.lead_in))
            lead_in_written = True
        if (section.number is not None or lead_in_written) and section.heading:
            blocks.append(BodyBlock("heading", f"heading:{section.id}", section.heading))
        if section.lead_in:
            blocks.append(BodyBlock("section_lead_in", f"lead_in:{section.id}", section.lead_in))
        blocks.extend(BodyBlock("clause", f"clause:{clause.id}", clause=clause) for clause in section.clauses)
    if view.testimonium:
        blocks.append(BodyBlock("testimonium", "testimonium", view.testimonium))
    return blocks


def number_text(number: int) -> str:
    """Return the literal number a clause's lead paragraph opens with, before its tab: '3.'."""
    return f"{number}."


def paragraph_texts(clause: RenderedClause) -> list[str]:
    """Return the text of each of a clause's paragraphs, lead first, without the characters XML cannot hold.

    A clause without text still has its (empty) lead paragraph.
    """
    return [xml_safe(text) for text in clause.paragraphs] or [""]


@dataclass(frozen=True)
class Part:
    """A stretch of a clause paragraph: the number and its tab, a bracket, or the text."""

    text: str
    #: Shown highlighted: the brackets and the text of a bracketed clause (never the number).
    highlight: bool = False


@dataclass(frozen=True)
class ClauseParagraph:
    """One Word paragraph of a clause: LEAD or SUBPARAGRAPH, and its parts in order."""

    kind: str
    parts: tuple[Part, ...]


def clause_paragraphs(clause: RenderedClause, *, brackets_shown: bool) -> list[ClauseParagraph]:
    """Return a clause's Word paragraphs: '3.', a tab, '[' and the lead text; then each sub-paragraph; then ']'.

    The brackets (and the highlight) appear only for a bracketed clause when `brackets_shown`.
    """
    bracketed = brackets_shown and clause.wrapped
    texts = paragraph_texts(clause)
    parts = [[Part(text, bracketed)] for text in texts]
    if bracketed:
        parts[0].insert(0, Part(OPEN, True))
        parts[-1].append(Part(CLOSE, True))
    parts[0].insert(0, Part(number_text(clause.number) + "\t"))
    return [ClauseParagraph(LEAD if index == 0 else SUBPARAGRAPH, tuple(p)) for index, p in enumerate(parts)]


def read_back(text: str) -> str:
    """Return a clause's rendered text as its paragraphs read back from Word: lines stripped, blank ones gone.

    The same text as `paragraph_texts` writes, one line a paragraph, once the import strips each line.
    """
    return "\n".join(split_paragraphs(xml_safe(text)))


def unwrap(text: str) -> str | None:
    """Return the text inside a clause text's outer '[' and ']', or None when it is not wrapped in them."""
    return text[1:-1] if text.startswith(OPEN) and text.endswith(CLOSE) else None
