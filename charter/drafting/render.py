"""The one reader's view of a draft: numbered sections and clauses with variables filled."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from charter.drafting import template
from charter.drafting.model import STANDARD_HEADING, Comment, Draft, Party, Reservation, Settings, Status
from charter.drafting.numbering import number_word, roman
from charter.negotiation import brackets as notation
from charter.negotiation.rendered import RenderedBracket, clause_pieces, negotiation_json

_SUBPARAGRAPH = re.compile(r"^\(([a-z]{1,3}|[ivx]{1,6})\)\s")
_HEADING_FIELD = re.compile(r"\{(roman|number|word|WORD|title)\}")

#: The standard wording of the fixed parts, for a draft whose settings do not give its own.
STANDARD_LEAD_IN = "Have come to the following shared understandings:"


@dataclass(frozen=True)
class RenderedClause:
    """A clause as a reader sees it: number, filled-in text and sub-paragraphs."""

    id: str
    area: str
    library_id: str | None
    title: str
    number: int
    section_id: str
    section_number: str | None
    text: str
    status: Status
    comments: tuple[Comment, ...] = ()
    #: The text in order: plain strings and the open brackets between them (`text` writes them out).
    pieces: tuple[str | RenderedBracket, ...] = ()
    reservations: tuple[Reservation, ...] = ()

    @property
    def brackets(self) -> list[RenderedBracket]:
        """Return the clause's open brackets in order."""
        return [piece for piece in self.pieces if isinstance(piece, RenderedBracket)]

    @property
    def wrapped(self) -> bool:
        """Return True when the whole clause is shown in brackets: bracketed, with no open bracket inside."""
        return self.status == Status.BRACKETED and not any(isinstance(p, RenderedBracket) for p in self.pieces)

    @property
    def label(self) -> str:
        """Return how the clause is cited: 'II.3' (section II, paragraph 3), or 'P.2' for a recital."""
        return f"{self.section_number or 'P'}.{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        """Return the lead paragraph followed by any sub-paragraphs, one string each."""
        return split_paragraphs(self.text)


@dataclass(frozen=True)
class RenderedSection:
    """A section with its Roman numeral (None for the preamble), heading line, lead-in and clauses.

    `heading` is the line the charter shows, e.g. 'Section II: Energy Security' ('' when the
    draft writes no headings); `lead_in` the unnumbered words before paragraph 1 ('' for none).
    """

    id: str
    number: str | None
    title: str
    areas: tuple[str, ...]
    clauses: list[RenderedClause] = field(default_factory=list)
    heading: str = ""
    lead_in: str = ""


@dataclass(frozen=True)
class RenderedDraft:
    """A whole charter ready for text, Markdown, Word or comparison."""

    name: str
    draft_id: str
    revision: int | None
    title: str
    participants: tuple[Party, Party]
    chapeau: str
    lead_in: str
    sections: list[RenderedSection]
    testimonium: str
    signatories: tuple[str, str]
    marking: str | None
    #: A heading above the preamble ('' for none); chapeau, lead_in and testimonium are '' when left out.
    preamble_heading: str = ""
    #: The tag of each delegation in the bracket notation ({"a": "AZ", "b": "US", "chair": "Chair"}).
    tags: dict[str, str] = field(default_factory=dict)

    def clauses(self) -> list[RenderedClause]:
        """Return every rendered clause in document order."""
        return [clause for section in self.sections for clause in section.clauses]


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of a clause text: the lead, then its (a), (b), ... sub-paragraphs."""
    # split on "\n" only: str.splitlines() also breaks at form feeds and Unicode separators
    return [line.strip() for line in text.split("\n") if line.strip()]


def is_subparagraph(line: str) -> bool:
    """Return True when a line starts like '(a) ' or '(iv) '."""
    return bool(_SUBPARAGRAPH.match(line))


def charter_title(draft: Draft) -> str:
    """Return the draft's title, or the formal default built from the Participants."""
    if draft.settings.title:
        return draft.settings.title
    first, second = ordered_parties(draft)
    return (
        f"Charter on Strategic Partnership between the Government of {first.name} and the Government of {second.name}"
    )


def ordered_parties(draft: Draft) -> tuple[Party, Party]:
    """Return the Participants in the order the alternat gives."""
    a, b = draft.settings.party_a, draft.settings.party_b
    return (a, b) if draft.settings.first == "a" else (b, a)


def section_heading(pattern: str | None, number: int, title: str) -> str:
    """Return the heading of operative section `number` (1 for the first) under a heading pattern.

    The pattern names its parts in braces (see HEADING_FIELDS); None is the standard
    'Section {roman}: {title}'. Substitution is one pass, so a title holding braces stays as written.
    """
    values = {"roman": roman(number), "number": str(number), "word": number_word(number), "title": title}
    values["WORD"] = values["word"].upper()
    return _HEADING_FIELD.sub(lambda m: values[m.group(1)], STANDARD_HEADING if pattern is None else pattern)


def fill_formula(written: str, values: dict[str, str]) -> str:
    """Return a fixed part as a draft words it: variables filled, and a capital to start the sentence."""
    text = template.render(written, values).strip()
    return text[:1].upper() + text[1:]


def _formula(written: str | None, standard: str, values: dict[str, str]) -> str:
    return standard if written is None else fill_formula(written, values)


def _testimonium(settings: Settings) -> str:
    standing = (
        "all texts being equally authentic" if settings.binding else "the texts in each language having equal standing"
    )
    return (
        f"Signed at {settings.place or '[place]'} on {settings.date or '[date]'} in two original copies, "
        f"each in {template.languages_phrase(settings.languages)}, {standing}."
    )


def render_draft(draft: Draft) -> RenderedDraft:
    """Return the reader's view of a draft: numbers derived, variables filled."""
    settings = draft.settings
    values = template.variables(settings)
    tag_of = notation.tags(settings)
    sections: list[RenderedSection] = []
    operative = 0
    for section in draft.sections:
        if not section.clauses:
            continue
        number = None
        if not section.is_preamble:
            operative += 1
            number = roman(operative)
        clauses = [
            RenderedClause(
                id=clause.id,
                area=clause.area,
                library_id=clause.library_id,
                title=clause.title,
                number=index,
                section_id=section.id,
                section_number=number,
                text=text,
                status=clause.status,
                comments=clause.comments,
                pieces=pieces,
                reservations=clause.reservations,
            )
            for index, clause in enumerate(section.clauses, start=1)
            for pieces, text in (clause_pieces(clause, values, tag_of),)
        ]
        heading = section.title if number is None else section_heading(settings.heading, operative, section.title)
        sections.append(
            RenderedSection(
                section.id,
                number,
                section.title,
                section.areas,
                clauses,
                heading=heading,
                lead_in=template.render(section.lead_in, values).strip(),
            )
        )
    first, second = ordered_parties(draft)
    # a binding draft is a treaty text, and its standard formulas say so
    term, standard_lead_in = (
        ("the Parties", "Have agreed as follows:")
        if settings.binding
        else (
            "the Participants",
            STANDARD_LEAD_IN,
        )
    )
    chapeau = (
        f"The Government of {first.name} and the Government of {second.name}, "
        f"together referred to as \u201c{term}\u201d,"
    )
    return RenderedDraft(
        name=draft.name,
        draft_id=draft.draft_id,
        revision=draft.revision,
        title=charter_title(draft),
        participants=(first, second),
        chapeau=_formula(settings.chapeau, chapeau, values),
        lead_in=_formula(settings.lead_in, standard_lead_in, values),
        sections=sections,
        testimonium=_formula(settings.closing, _testimonium(settings), values),
        signatories=(f"For the Government of {first.name}", f"For the Government of {second.name}"),
        marking=settings.marking,
        preamble_heading=settings.preamble_heading or "",
        tags=tag_of,
    )


def _bracket(text: str, wrapped: bool) -> str:
    return f"[{text}]" if wrapped else text


def to_text(view: RenderedDraft, with_ids: bool = True) -> str:
    """Return the charter as plain text, with clause ids in the margin when `with_ids`."""
    lines = [view.title.upper(), ""]
    lines += [part for text in (view.preamble_heading, view.chapeau) if text for part in (text, "")]
    for section in view.sections:
        if section.number is not None and not any(
            s.number is not None for s in view.sections[: view.sections.index(section)]
        ):
            lines += [view.lead_in, ""] if view.lead_in else []
        heading = "" if section.number is None and view.preamble_heading else section.heading
        lines += [part for text in (heading, section.lead_in) if text for part in (text, "")]
        for clause in section.clauses:
            paragraphs = clause.paragraphs
            first = (
                _bracket(paragraphs[0], clause.wrapped)
                if len(paragraphs) == 1
                else ("[" + paragraphs[0] if clause.wrapped else paragraphs[0])
            )
            tail = f"   {{{clause.id}}}" if with_ids else ""
            lines.append(f"{clause.number}. {first}{tail}")
            for index, sub in enumerate(paragraphs[1:], start=2):
                closing = "]" if clause.wrapped and index == len(paragraphs) else ""
                lines.append(f"    {sub}{closing}")
            for comment in clause.comments:
                lines.append(f"    > {comment.author} ({comment.time:%Y-%m-%d %H:%M} UTC): {comment.text}")
            lines.append("")
    lines += [view.testimonium, ""] if view.testimonium else []
    lines += [f"{view.signatories[0]}        {view.signatories[1]}", ""]
    return "\n".join(lines)


# CommonMark lets a backslash escape any ASCII punctuation; escaping all of it also stops
# Streamlit's extensions ($math$, :colour[...] directives, :emoji: short codes).
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured Markdown links bare URLs and e-mail addresses in the text after escapes are
# resolved, so no backslash stops it; an invisible word joiner after "http:", "www" and "@" does.
_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Return text with every Markdown control character escaped, so it displays literally.

    Bare URLs and e-mail addresses get an invisible word joiner (U+2060) so they show as text, not links.
    """
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, text))


_md = escape_markdown


def to_markdown(view: RenderedDraft) -> str:
    """Return the charter as Markdown, with every piece of user text escaped."""
    lines = [f"# {_md(view.title)}", ""]
    lines += [f"{_md(view.chapeau)}", ""] if view.chapeau else []
    for section in view.sections:
        lines += [f"## {_md(section.heading or section.title)}", ""]
        lines += [_md(section.lead_in), ""] if section.lead_in else []
        for clause in section.clauses:
            paragraphs = [_md(p) for p in clause.paragraphs]
            if clause.wrapped:
                paragraphs[0] = "\\[" + paragraphs[0]
                paragraphs[-1] = paragraphs[-1] + "\\]"
            lines.append(f"{clause.number}\\. {paragraphs[0]}")
            lines.append("")
            for sub in paragraphs[1:]:
                lines += [f"> {sub}", ""]
    lines += [_md(view.testimonium), ""] if view.testimonium else []
    lines += [_md(view.signatories[0]), "", _md(view.signatories[1]), ""]
    return "\n".join(lines)


def to_json(view: RenderedDraft) -> dict[str, Any]:
    """Return the charter as the stable JSON shape of `charter draft show --format json`."""
    return {
        "name": view.name,
        "draft_id": view.draft_id,
        "revision": view.revision,
        "title": view.title,
        "parties": [{"name": p.name, "short": p.short} for p in view.participants],
        "sections": [
            {
                "id": section.id,
                "number": section.number,
                "title": section.title,
                "heading": section.heading,
                "lead_in": section.lead_in,
                "areas": list(section.areas),
                "clauses": [
                    {
                        "id": clause.id,
                        "number": clause.number,
                        "area": clause.area,
                        "library_id": clause.library_id,
                        "title": clause.title,
                        "text": clause.text,
                        "status": clause.status.value,
                        **negotiation_json(clause, view.tags),
                        "comments": [
                            {"author": c.author, "time": c.time.isoformat(), "text": c.text} for c in clause.comments
                        ],
                    }
                    for clause in section.clauses
                ],
            }
            for section in view.sections
        ],
    }


def dumps(data: Any) -> str:
    """Return JSON text in the project's stable layout."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def library_placements(draft: Draft) -> dict[str, list[str]]:
    """Return, for each library clause the draft holds, the numbers it stands at ('II.3', 'P.1')."""
    placed: dict[str, list[str]] = {}
    for clause in render_draft(draft).clauses():
        if clause.library_id:
            placed.setdefault(clause.library_id, []).append(clause.label)
    return placed
