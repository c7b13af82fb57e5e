"""Brackets inside a clause, each wording attributed to a delegation: "[AZ: intend to / US: will seek to]".

A clause stores its open brackets structurally (`DraftClause.brackets`, one BRACKET_MARK in the
text for each). People read and type them in the bracket notation: a "[", the wordings separated
by " / ", each after its delegation's tag and a colon, and a "]". `literal` writes a clause in that
notation and `parse` reads it back; the two are inverse for every clause the model allows, which
is what lets brackets survive the browser, the Word export and the Word import.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from charter.drafting import template
from charter.drafting.model import (
    BRACKET_MARK,
    DELEGATIONS,
    Bracket,
    DraftClause,
    Proposal,
    Reservation,
    Settings,
    Status,
)
from charter.errors import DraftError

#: Between two wordings of one bracket.
SEPARATOR = " / "
#: How the notation writes a wording a delegation proposes to leave out.
OMITTED = "\u2014"
#: The tag and name of the neutral chair or secretariat when the settings give none.
CHAIR_TAG, CHAIR_NAME = "Chair", "Chair"

_TAGGED = re.compile(r"^([^\W\d_][\w.]{0,11}):(?: |$)")


def tags(settings: Settings) -> dict[str, str]:
    """Return the tag of each delegation: the settings' own, else one made from the party's short name.

    "Azerbaijan" gives "AZ", "United States" gives "US", a short name of up to four capitals stays.
    """
    own = settings.tags or {}
    found = {
        "a": own.get("a") or _tag_of(settings.party_a.short),
        "b": own.get("b") or _tag_of(settings.party_b.short),
        "chair": own.get("chair") or CHAIR_TAG,
    }
    if found["a"].casefold() == found["b"].casefold():
        found["a"], found["b"] = found["a"] + "1", found["b"] + "2"
    return found


def _tag_of(short: str) -> str:
    letters = re.sub(r"[^\w ]", "", short).strip()
    if re.fullmatch(r"[A-Z]{2,4}", letters.replace(" ", "")) and len(letters.split()) == 1:
        return letters
    words = [word for word in letters.split() if word[:1].isupper()] or letters.split()
    if len(words) > 1:
        return "".join(word[0] for word in words).upper()[:6]
    return (words[0][:2] if words else "X").upper()


def names(settings: Settings) -> dict[str, str]:
    """Return the name each delegation is shown by: the parties' short names, and the chair."""
    return {"a": settings.party_a.short, "b": settings.party_b.short, "chair": CHAIR_NAME}


# -- writing ------------------------------------------------------------------------------------


def proposal_literal(proposal: Proposal, tag_of: Mapping[str, str]) -> str:
    """Return one wording as the notation writes it: 'US: will seek to' (or the bare text)."""
    text = proposal.text or OMITTED
    return f"{tag_of[proposal.delegation]}: {text}" if proposal.delegation else text


def bracket_literal(bracket: Bracket, tag_of: Mapping[str, str]) -> str:
    """Return a bracket in the notation: '[AZ: intend to / US: will seek to]'."""
    return "[" + SEPARATOR.join(proposal_literal(p, tag_of) for p in bracket.proposals) + "]"


def segments(text: str, brackets: Sequence[Bracket]) -> list[str | Bracket]:
    """Return a stored clause text as its pieces in order: plain strings and the brackets between them."""
    pieces: list[str | Bracket] = []
    parts = text.split(BRACKET_MARK)
    for index, part in enumerate(parts):
        if part:
            pieces.append(part)
        if index < len(brackets) and index < len(parts) - 1:
            pieces.append(brackets[index])
    return pieces


def literal(text: str, brackets: Sequence[Bracket], tag_of: Mapping[str, str]) -> str:
    """Return a stored clause text with each bracket written in the notation."""
    return "".join(p if isinstance(p, str) else bracket_literal(p, tag_of) for p in segments(text, brackets))


def clause_literal(clause: DraftClause, settings: Settings) -> str:
    """Return a clause's text as people read and edit it, brackets in the notation."""
    return literal(clause.text, clause.brackets, tags(settings))


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """A text read from the notation: the stored text (with marks), its brackets, and what was unclear."""

    text: str
    brackets: tuple[Bracket, ...]
    warnings: tuple[str, ...] = field(default=())


def parse(
    text: str,
    tag_of: Mapping[str, str],
    *,
    untagged: str | None = None,
    keep_untagged: bool = False,
    known: Sequence[Bracket] = (),
    plain: Collection[str] = (),
    where: str = "the clause",
) -> Parsed:
    """Read the brackets of a text in the notation; nothing is ever dropped.

    A bracket whose wordings carry no tag is attributed to `untagged` (a delegation, or None for
    nobody), or left as plain text when `keep_untagged` ("[date]" typed in an editor). A bracket
    written exactly as one of `known` is that bracket, so re-reading a clause keeps its
    attributions, and one written exactly as one of `plain` stays plain text (a "[date]" the
    clause held as text before). An unclosed or nested bracket, or an unknown tag, is kept as written and
    reported in the warnings, which name `where`.
    """
    if BRACKET_MARK in text:
        raise DraftError(f"{where} contains U+FFFC (OBJECT REPLACEMENT CHARACTER), which charter reserves; remove it")
    by_tag = {tag.casefold(): delegation for delegation, tag in tag_of.items()}
    by_literal = {bracket_literal(b, tag_of): b for b in known}
    out: list[str] = []
    found: list[Bracket] = []
    warnings: list[str] = []
    position = 0
    while position < len(text):
        start = text.find("[", position)
        stray = text.find("]", position)
        if stray != -1 and (start == -1 or stray < start):
            warnings.append(f"{where}: a ']' without its '[' ({_context(text, stray)}) is kept as written")
        if start == -1:
            out.append(text[position:])
            break
        out.append(text[position:start])
        end = _closing(text, start)
        if end is None:
            warnings.append(f"{where}: a '[' is not closed ({_context(text, start)}); it is kept as written")
            out.append(text[start])
            position = start + 1
            continue
        inner = text[start + 1 : end]
        whole = text[start : end + 1]
        if "[" in inner:
            warnings.append(f"{where}: nested brackets ({_context(text, start)}) are kept as written")
            out.append(whole)
            position = end + 1
            continue
        if whole in plain and whole not in by_literal:
            out.append(whole)
            position = end + 1
            continue
        if whole in by_literal:
            found.append(by_literal[whole])
            out.append(BRACKET_MARK)
            position = end + 1
            continue
        proposals, tagged, unknown = _proposals(inner, by_tag)
        for tag in unknown:
            warnings.append(
                f"{where}: the tag '{tag}' in {_context(text, start)} names no delegation "
                f"(known: {', '.join(tag_of.values())}); the wording is kept with its tag, attributed to nobody"
            )
        bare = [p.text or OMITTED for p in proposals if tagged and p.delegation is None]
        bare = [part for part in bare if not any(part.startswith(f"{tag}:") for tag in unknown)]
        if bare:
            warnings.append(
                f"{where}: the wording '{bare[0][:40]}' in {_context(text, start)} has no tag beside tagged ones; "
                "it is kept, attributed to nobody (write its delegation's tag before it)"
            )
        if not tagged and keep_untagged:
            out.append(whole)
        else:
            if not tagged and not unknown:
                proposals = [Proposal(delegation=untagged, text=p.text) for p in proposals]  # type: ignore[arg-type]
            found.append(Bracket(proposals=tuple(proposals)))
            out.append(BRACKET_MARK)
        position = end + 1
    return Parsed("".join(out), tuple(found), tuple(warnings))


def plain_brackets(text: str, brackets: Sequence[Bracket]) -> set[str]:
    """Return the "[...]" spans a stored clause holds as plain text, outside its open brackets."""
    return {hit for piece in segments(text, brackets) if isinstance(piece, str) for hit in _PLAIN.findall(piece)}


_PLAIN = re.compile(r"\[[^\[\]\n]*\]")


def retag(text: str, tag_of: Mapping[str, str], to: Mapping[str, str]) -> str:
    """Return a text in the notation with each wording tagged as `tag_of` names a delegation tagged as `to` does.

    "[AZ: x / ABŞ: y]" read with the Azerbaijani original's tags gives "[AZ: x / US: y]" with the
    working ones; everything else, a tag neither knows included, stays as written.
    """
    delegation_of = {tag.casefold(): delegation for delegation, tag in tag_of.items()}

    def one(match: re.Match[str]) -> str:
        wordings = []
        for part in match.group(0)[1:-1].split(SEPARATOR):
            tagged = _TAGGED.match(part)
            delegation = delegation_of.get(tagged.group(1).casefold(), "") if tagged else ""
            wordings.append(to[delegation] + part[tagged.end(1) :] if tagged and delegation in to else part)
        return "[" + SEPARATOR.join(wordings) + "]"

    return _PLAIN.sub(one, text)


def wraps_whole(text: str, tag_of: Mapping[str, str]) -> str | None:
    """Return the text inside a '[' opening `text` and the ']' closing it at its very end, else None.

    "[The Participants [AZ: x / US: y] expand.]" is wrapped whole; "[AZ: x / US: y] expand [...]"
    is not (its first bracket closes early), nor is one bracket of tagged wordings, "[AZ: x / US: y]".
    """
    if not (text.startswith("[") and text.endswith("]")):
        return None
    depth = 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return None
    inner = text[1:-1]
    match = _TAGGED.match(inner)
    if match and match.group(1).casefold() in {tag.casefold() for tag in tag_of.values()} and "[" not in inner:
        return None
    return inner


def _closing(text: str, start: int) -> int | None:
    """Return the index of the ']' closing the '[' at `start` on the same line, or None."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "\n":
            return None
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    return None


def _proposals(inner: str, by_tag: Mapping[str, str]) -> tuple[list[Proposal], bool, list[str]]:
    proposals: list[Proposal] = []
    tagged, unknown = False, []
    for part in inner.split(SEPARATOR):
        match = _TAGGED.match(part)
        delegation = by_tag.get(match.group(1).casefold()) if match else None
        if match and delegation:
            tagged = True
            wording = part[match.end() :]
            proposals.append(Proposal(delegation=delegation, text="" if wording == OMITTED else wording))  # type: ignore[arg-type]
            continue
        if match and match.group(1).isupper():
            unknown.append(match.group(1))
        proposals.append(Proposal(text="" if part == OMITTED else part))
    return proposals, tagged, unknown


def _context(text: str, index: int) -> str:
    left, right = max(0, index - 20), min(len(text), index + 30)
    return "'" + ("..." if left else "") + text[left:right] + ("..." if right < len(text) else "") + "'"


# -- operations ---------------------------------------------------------------------------------


def with_literal(
    clause: DraftClause, text: str, settings: Settings, where: str = "the clause"
) -> tuple[DraftClause, tuple[str, ...]]:
    """Return the clause with its text set from the notation (as typed in an editor), and the warnings.

    Tagged brackets become attributed brackets; "[...]" without a tag stays plain text unless it
    is one of the clause's brackets already. A clause with an open bracket (or a reservation) is bracketed.
    """
    read = parse(text, tags(settings), keep_untagged=True, known=clause.brackets, where=where)
    return _with(clause, text=read.text, brackets=read.brackets), read.warnings


def bracket_phrase(
    clause: DraftClause,
    phrase: str,
    proposals: Sequence[tuple[str | None, str]],
    occurrence: int = 1,
    values: Mapping[str, str] | None = None,
) -> DraftClause:
    """Return the clause with the `occurrence`-th `phrase` (outside brackets) bracketed as `proposals`.

    `proposals` are (delegation, wording) pairs; the phrase itself is one of them only if listed.
    With `values` (the draft's variables) the phrase is found as readers see the clause, variables
    filled in, and a wording that repeats the phrase keeps its `${variables}`. Raises DraftError
    when the phrase is not there, or cuts into a value filled in from the settings.
    """
    if not phrase.strip():
        raise DraftError("say which words to bracket")
    if not proposals:
        raise DraftError("a bracket needs at least one wording")
    shown = template.render(clause.text, values or {})
    found, at = 0, -1
    while True:
        at = shown.find(phrase, at + 1)
        if at == -1:
            raise DraftError(f"'{phrase[:60]}' is not in the clause outside its brackets" + (
                f" {occurrence} times" if occurrence > 1 else ""))  # fmt: skip
        found += 1
        if found == occurrence:
            break
    lead, size = len(phrase) - len(phrase.lstrip()), len(phrase.strip())
    try:
        start, end = template.stored_span(clause.text, values or {}, at, at + len(phrase))
        words = clause.text[slice(*template.stored_span(clause.text, values or {}, at + lead, at + lead + size))]
    except DraftError as err:
        raise DraftError(f"cannot bracket '{phrase[:60]}': {err}") from None
    stored = [(d, t, words if t.strip() == phrase.strip() else None) for d, t in proposals]
    bracket = Bracket(proposals=tuple(_proposal(*proposal) for proposal in stored))
    brackets = list(clause.brackets)
    brackets.insert(clause.text[:start].count(BRACKET_MARK), bracket)
    text = clause.text[:start] + BRACKET_MARK + clause.text[end:]
    return _with(clause, text=text, brackets=tuple(brackets))


def add_alternative(clause: DraftClause, index: int, delegation: str | None, text: str) -> DraftClause:
    """Return the clause with one more wording in its bracket `index` (0 for the first)."""
    bracket = _bracket(clause, index)
    proposals = (*bracket.proposals, _proposal(delegation, text))
    brackets = list(clause.brackets)
    brackets[index] = Bracket(proposals=proposals)
    return _with(clause, brackets=tuple(brackets))


def resolve(clause: DraftClause, index: int, choice: int) -> DraftClause:
    """Return the clause with bracket `index` closed on its wording `choice`, which becomes plain text."""
    bracket = _bracket(clause, index)
    if not 0 <= choice < len(bracket.proposals):
        raise DraftError(f"bracket {index + 1} has {len(bracket.proposals)} wordings, not {choice + 1}")
    parts = clause.text.split(BRACKET_MARK)
    text = _join_resolved(parts, index, bracket.proposals[choice].text)
    if not bracket.proposals[choice].text:
        text = re.sub(r"(?<=\S)  (?=\S)", " ", text)  # leaving a phrase out leaves one space, not two
    brackets = clause.brackets[:index] + clause.brackets[index + 1 :]
    return _with(clause, text=text, brackets=brackets)


def _join_resolved(parts: list[str], index: int, chosen: str) -> str:
    """Return the stored text with the mark between parts[index] and parts[index + 1] replaced by `chosen`."""
    head = BRACKET_MARK.join(parts[: index + 1])
    tail = BRACKET_MARK.join(parts[index + 1 :])
    return head + chosen + tail


def reserve(
    clause: DraftClause, delegation: str, author: str, note: str = "", time: datetime | None = None
) -> DraftClause:
    """Return the clause with a general reservation of `delegation` on it (replacing an earlier one)."""
    if delegation not in DELEGATIONS:
        raise DraftError(f"unknown delegation '{delegation[:40]}'; expected one of {', '.join(DELEGATIONS)}")
    kept = tuple(r for r in clause.reservations if r.delegation != delegation)
    reservation = Reservation(delegation=delegation, note=note.strip(), author=author, time=time or datetime.now(UTC))  # type: ignore[arg-type]
    return _with(clause, reservations=(*kept, reservation))


def withdraw_reservation(clause: DraftClause, delegation: str) -> DraftClause:
    """Return the clause without `delegation`'s reservation; raise DraftError when it has none."""
    kept = tuple(r for r in clause.reservations if r.delegation != delegation)
    if len(kept) == len(clause.reservations):
        raise DraftError(f"the clause has no reservation of delegation '{delegation[:40]}'")
    return _with(clause, reservations=kept)


def _proposal(delegation: str | None, text: str, stored: str | None = None) -> Proposal:
    """Return one wording, checked; `stored` is its text as stored (variables kept) when it repeats the phrase."""
    if delegation is not None and delegation not in DELEGATIONS:
        raise DraftError(f"unknown delegation '{delegation[:40]}'; expected one of {', '.join(DELEGATIONS)}")
    for bad, said in (("[", "'['"), ("]", "']'"), ("\n", "a line break"), (SEPARATOR, "' / '")):
        if bad in text:
            raise DraftError(f"a bracketed wording may not hold {said}: '{text[:60]}'")
    if text.strip()[:1] == "/" or text.strip()[-1:] == "/" or text.strip() == OMITTED:  # the notation misreads them
        raise DraftError(f"a bracketed wording may not start or end with '/', nor be '{OMITTED}' (no words) alone")
    return Proposal(delegation=delegation, text=stored if stored is not None else text.strip())  # type: ignore[arg-type]


def _bracket(clause: DraftClause, index: int) -> Bracket:
    if not 0 <= index < len(clause.brackets):
        raise DraftError(f"the clause has {len(clause.brackets)} open brackets, not {index + 1}")
    return clause.brackets[index]


def _with(clause: DraftClause, **update: object) -> DraftClause:
    """Return the clause updated and checked; one left with an open bracket or a reservation is bracketed."""
    from pydantic import ValidationError

    fields = {**clause.model_dump(), **update}
    if "status" not in update and (fields["brackets"] or fields["reservations"]):
        fields["status"] = Status.BRACKETED
    try:
        return DraftClause.model_validate(fields)
    except ValidationError as err:
        raise DraftError("; ".join(str(e["msg"]).removeprefix("Value error, ") for e in err.errors())) from None
