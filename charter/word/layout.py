"""The charter body as Word paragraphs: its blocks in reading order, and the paragraphs of one clause.

Export and redline write a clause with `clause_paragraphs`; the import reads it back with
`read_back`, so the three agree on one rule: a numbered lead paragraph ("3.", a tab, then the
text), one sub-paragraph per further line, and a bracketed clause's "[" and "]" around them all.
An open bracket inside a clause is written in the notation, exactly as `RenderedClause.text`
has it, and only its parts say whose each tag and wording is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from charter.drafting.render import RenderedBracket, RenderedClause, RenderedDraft, split_paragraphs
from charter.negotiation.brackets import OMITTED, SEPARATOR
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
    #: Shown highlighted: the brackets and the text of a bracketed clause, and every part of an
    #: open bracket inside a clause (never the number).
    highlight: bool = False
    #: Inside an open bracket, the delegation whose tag or wording this is ('a', 'b', 'chair');
    #: None for the brackets and separators, a wording nobody is named for, and all other text.
    delegation: str | None = None
    #: True for a delegation's tag before its wording ("US: "), which the export writes in bold.
    tag: bool = False
    #: True for the clause's number and the tab after it.
    number: bool = False


@dataclass(frozen=True)
class ClauseParagraph:
    """One Word paragraph of a clause: LEAD or SUBPARAGRAPH, and its parts in order."""

    kind: str
    parts: tuple[Part, ...]


def clause_paragraphs(clause: RenderedClause, *, brackets_shown: bool) -> list[ClauseParagraph]:
    """Return a clause's Word paragraphs: '3.', a tab, '[' and the lead text; then each sub-paragraph; then ']'.

    The outer brackets (and the highlight) appear only for a wrapped clause when
    `brackets_shown`. An open bracket inside the clause is in the text either way, in the
    notation; when `brackets_shown` its parts carry the highlight, and each tag and wording its
    delegation. The parts of each paragraph spell exactly `paragraph_texts(clause)`.
    """
    bracketed = brackets_shown and clause.wrapped
    parts = [list(line) for line in _lines(text_parts(clause, attributed=brackets_shown))]
    if bracketed:
        parts = [[Part(part.text, True) for part in line] for line in parts]
        parts[0].insert(0, Part(OPEN, True))
        parts[-1].append(Part(CLOSE, True))
    parts[0].insert(0, Part(number_text(clause.number) + "\t", number=True))
    return [ClauseParagraph(LEAD if index == 0 else SUBPARAGRAPH, tuple(p)) for index, p in enumerate(parts)]


def text_parts(clause: RenderedClause, *, attributed: bool = True) -> list[Part]:
    """Return a clause's rendered text as parts in order; with `attributed`, each bracket's tags and wordings marked.

    The parts join to exactly `clause.text`. Should a bracket's notation ever differ from what
    the parts would spell, the whole text is one plain part rather than a wrong attribution.
    """
    if not attributed or not clause.brackets:
        return [Part(clause.text)]
    parts: list[Part] = []
    for piece in clause.pieces:
        if isinstance(piece, RenderedBracket):
            parts.extend(bracket_parts(piece))
        else:
            parts.append(Part(piece))
    if "".join(part.text for part in parts) != clause.text:
        return [Part(clause.text)]
    return parts


def bracket_parts(bracket: RenderedBracket) -> list[Part]:
    """Return one open bracket as highlighted parts: '[', each tag and wording (separated by ' / '), ']'."""
    parts = [Part(OPEN, True)]
    for index, proposal in enumerate(bracket.proposals):
        if index:
            parts.append(Part(SEPARATOR, True))
        if proposal.tag:
            parts.append(Part(f"{proposal.tag}: ", True, proposal.delegation, tag=True))
        parts.append(Part(proposal.text or OMITTED, True, proposal.delegation))
    parts.append(Part(CLOSE, True))
    return parts


def _lines(parts: list[Part]) -> list[list[Part]]:
    """Return the parts cut into a clause's paragraphs as `paragraph_texts` cuts its text.

    Lines are split at "\n", stripped, blank ones dropped, and the characters XML cannot hold
    removed; each part keeps its attributes, and neighbours alike are joined. A clause without
    text still has its (empty) lead paragraph.
    """
    text = "".join(part.text for part in parts)
    owners: list[int] = []
    for index, part in enumerate(parts):
        owners.extend([index] * len(part.text))
    lines: list[list[Part]] = []
    offset = 0
    for line in text.split("\n"):
        first, end = offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())
        offset += len(line) + 1
        if end <= first:
            continue
        found: list[Part] = []
        position = first
        while position < end:
            owner = owners[position]
            stop = position
            while stop < end and owners[stop] == owner:
                stop += 1
            source = parts[owner]
            piece = xml_safe(text[position:stop])
            if piece:
                if found and replace(found[-1], text="") == replace(source, text=""):
                    found[-1] = replace(source, text=found[-1].text + piece)
                else:
                    found.append(replace(source, text=piece))
            position = stop
        lines.append(found)
    return lines or [[Part("")]]


def read_back(text: str) -> str:
    """Return a clause's rendered text as its paragraphs read back from Word: lines stripped, blank ones gone.

    The same text as `paragraph_texts` writes, one line a paragraph, once the import strips each line.
    """
    return "\n".join(split_paragraphs(xml_safe(text)))


def unwrap(text: str) -> str | None:
    """Return the text inside a clause text's outer '[' and ']', or None when it is not wrapped in them."""
    return text[1:-1] if text.startswith(OPEN) and text.endswith(CLOSE) else None
