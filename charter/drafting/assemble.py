"""Building and editing drafts: every function returns a new Draft and leaves its input alone."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from charter.drafting import template
from charter.drafting.library_translations import library_versions
from charter.drafting.model import (
    AREAS,
    PREFERRED,
    Acceptance,
    Comment,
    Draft,
    DraftClause,
    Origin,
    Party,
    Section,
    Settings,
    Status,
)
from charter.drafting.numbering import roman
from charter.errors import DraftError, NotFoundError
from charter.library import Library, text_hash

#: Most clauses one draft may hold.
MAX_CLAUSES = 2_000


def new_draft(name: str, settings: Settings) -> Draft:
    """Return an empty draft with one section per area, in area order."""
    sections = tuple(Section(id=area, title=title, areas=(area,)) for area, title in AREAS.items())
    return Draft(name=name, settings=settings, sections=sections)


def make_settings(
    party_a: str,
    party_b: str,
    party_a_short: str | None = None,
    party_b_short: str | None = None,
    **fields: Any,
) -> Settings:
    """Return draft settings, raising DraftError with a plain message when a value is invalid."""
    try:
        return Settings(
            party_a=Party(name=party_a, short=party_a_short or _short(party_a)),
            party_b=Party(name=party_b, short=party_b_short or _short(party_b)),
            **{k: v for k, v in fields.items() if v is not None},
        )
    except ValidationError as err:
        raise DraftError(_explain(err)) from None


def update_settings(draft: Draft, **changes: Any) -> Draft:
    """Return the draft with the given settings changed (`party_a`, `party_a_short`, `place`, ...)."""
    current = draft.settings
    party_a = current.party_a.model_copy(
        update={
            k: v
            for k, v in {"name": changes.pop("party_a", None), "short": changes.pop("party_a_short", None)}.items()
            if v is not None
        }
    )
    party_b = current.party_b.model_copy(
        update={
            k: v
            for k, v in {"name": changes.pop("party_b", None), "short": changes.pop("party_b_short", None)}.items()
            if v is not None
        }
    )
    data = current.model_dump()
    data.update(party_a=party_a.model_dump(), party_b=party_b.model_dump())
    for key, value in changes.items():
        if key not in Settings.model_fields:
            raise DraftError(f"unknown draft setting '{key}'")
        if value is not None:
            data[key] = value if value != "" or key not in ("title", "marking") else None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as err:
        raise DraftError(_explain(err)) from None
    return draft.model_copy(update={"settings": settings})


def _short(name: str) -> str:
    for prefix in ("the Republic of ", "Republic of ", "the "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _explain(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "value"
    return f"invalid {where}: {first['msg']}"


def new_clause_id(draft: Draft) -> str:
    """Return a fresh 12-hex-digit clause id not used in the draft."""
    used = {clause.id for clause in draft.clauses()}
    while True:
        candidate = secrets.token_hex(6)
        if candidate not in used:
            return candidate


def section_index(draft: Draft, ref: str) -> int:
    """Return the index of the section named by id, Roman numeral, 'preamble' or title."""
    wanted = ref.strip()
    numbered = _section_numbers(draft)
    for index, section in enumerate(draft.sections):
        if wanted in (section.id, section.title) or wanted.upper() == numbered.get(index):
            return index
    for index, section in enumerate(draft.sections):
        if wanted.lower() == section.title.lower() or wanted in section.areas:
            return index
    raise NotFoundError(f"draft '{draft.name}' has no section '{ref}'")


def _section_numbers(draft: Draft) -> dict[int, str]:
    numbers: dict[int, str] = {}
    count = 0
    for index, section in enumerate(draft.sections):
        if not section.is_preamble and section.clauses:
            count += 1
            numbers[index] = roman(count)
    return numbers


def _section_for_area(draft: Draft, area: str) -> int:
    for index, section in enumerate(draft.sections):
        if area in section.areas:
            return index
    raise NotFoundError(f"draft '{draft.name}' has no section for area '{area}'")


def _insert(draft: Draft, s_index: int, clause: DraftClause, position: int | None) -> Draft:
    if len(draft.clauses()) >= MAX_CLAUSES:
        raise DraftError(f"draft '{draft.name}' already holds {MAX_CLAUSES} clauses, the most a draft may hold")
    section = draft.sections[s_index]
    items = list(section.clauses)
    if position is None:
        items.append(clause)
    else:
        if position < 1 or position > len(items) + 1:
            raise DraftError(f"position {position} is outside 1..{len(items) + 1} in section '{section.title}'")
        items.insert(position - 1, clause)
    return _replace_section(draft, s_index, section.model_copy(update={"clauses": tuple(items)}))


def _replace_section(draft: Draft, s_index: int, section: Section) -> Draft:
    sections = list(draft.sections)
    sections[s_index] = section
    return draft.model_copy(update={"sections": tuple(sections)})


def _replace_clause(draft: Draft, clause_id: str, **update: Any) -> Draft:
    try:
        s_index, c_index = draft.find(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    section = draft.sections[s_index]
    items = list(section.clauses)
    try:
        items[c_index] = DraftClause.model_validate({**items[c_index].model_dump(), **update})
    except ValidationError as err:
        raise DraftError(_explain(err)) from None
    return _replace_section(draft, s_index, section.model_copy(update={"clauses": tuple(items)}))


def change_clause(draft: Draft, clause_id: str, change: Callable[[DraftClause], DraftClause]) -> Draft:
    """Return the draft with `change` applied to one clause (e.g. a bracket operation)."""
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    return _replace_clause(draft, clause_id, **change(clause).model_dump())


def add_clause(
    draft: Draft,
    library: Library,
    library_id: str,
    alternative: str = PREFERRED,
    section: str | None = None,
    position: int | None = None,
) -> tuple[Draft, DraftClause]:
    """Return the draft with a library clause added, and the new draft clause."""
    source = library.get(library_id)
    try:
        text = source.wording(alternative)
    except KeyError:
        raise NotFoundError(
            f"clause '{library_id}' has no alternative '{alternative}' (has: {', '.join(source.labels)})"
        ) from None
    clause = DraftClause(
        id=new_clause_id(draft),
        area=source.area,
        title=source.title,
        text=text,
        origin=Origin(clause_id=source.id, alternative=alternative, text_hash=text_hash(text)),
        versions=library_versions(draft, library, source.id, alternative),
    )
    s_index = section_index(draft, section) if section else _section_for_area(draft, source.area)
    return _insert(draft, s_index, clause, position), clause


def add_custom(
    draft: Draft,
    section: str,
    title: str,
    text: str,
    position: int | None = None,
    area: str | None = None,
) -> tuple[Draft, DraftClause]:
    """Return the draft with a clause written by hand added, and the new draft clause."""
    s_index = section_index(draft, section)
    target = draft.sections[s_index]
    if area is not None and area not in AREAS:
        raise DraftError(f"unknown area '{area}'")
    if not text.strip():
        raise DraftError("a clause needs some text")
    from charter.negotiation.brackets import with_literal

    try:
        clause = DraftClause(id=new_clause_id(draft), area=area or target.areas[0], title=title, text="-")
        clause, _ = with_literal(clause, text.strip(), draft.settings)  # brackets typed in the notation
    except ValidationError as err:
        raise DraftError(_explain(err)) from None
    return _insert(draft, s_index, clause, position), clause


def set_text(draft: Draft, clause_id: str, text: str) -> Draft:
    """Return the draft with one clause's text replaced by `text`, as people read it.

    Open brackets are written in the notation ("[AZ: intend to / US: will seek to]"): the clause's
    own brackets keep their attributions, a new tagged bracket becomes one (see `set_text_checked`
    for what was unclear), and "[...]" without a tag stays plain text.
    """
    return set_text_checked(draft, clause_id, text)[0]


def set_text_checked(draft: Draft, clause_id: str, text: str) -> tuple[Draft, tuple[str, ...]]:
    """Return the draft with one clause's text replaced (as `set_text`), and warnings on unclear brackets."""
    from charter.negotiation.brackets import with_literal

    if not text.strip():
        raise DraftError("a clause needs some text; remove the clause instead")
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    changed, warnings = with_literal(clause, text.strip(), draft.settings)
    return (
        _replace_clause(draft, clause_id, text=changed.text, brackets=changed.brackets, status=changed.status),
        warnings + template.unknown_variables(text, "the clause"),
    )


def set_title(draft: Draft, clause_id: str, title: str) -> Draft:
    """Return the draft with one clause's title replaced."""
    return _replace_clause(draft, clause_id, title=title.strip())


def set_status(draft: Draft, clause_id: str, status: Status | str) -> Draft:
    """Return the draft with one clause's status changed.

    Raises DraftError for an unknown status, and for any status but bracketed on a clause with an
    open bracket or a reservation: such a clause is bracketed until each is resolved or withdrawn.
    """
    try:
        value = Status(status)
    except ValueError:
        raise DraftError(f"unknown status '{status}'; use proposed, bracketed or agreed") from None
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    if value != Status.BRACKETED and clause.open:
        from charter.negotiation.brackets import names

        held = [f"{len(clause.brackets)} open bracket(s)"] if clause.brackets else []
        held += [f"a reservation of {names(draft.settings)[r.delegation]}" for r in clause.reservations]
        raise DraftError(
            f"the clause has {' and '.join(held)}, so it is bracketed, not {value.value}; "
            "resolve each bracket and withdraw each reservation first"
        )
    return _replace_clause(draft, clause_id, status=value)


def add_comment(draft: Draft, clause_id: str, author: str, text: str, time: datetime | None = None) -> Draft:
    """Return the draft with a comment appended to one clause."""
    if not text.strip():
        raise DraftError("a comment needs some text")
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    try:
        comment = Comment(author=author, time=time or datetime.now(UTC), text=text.strip())
    except ValidationError as err:
        raise DraftError(_explain(err)) from None
    return _replace_clause(draft, clause_id, comments=clause.comments + (comment,))


def accept_wording(
    draft: Draft, clause_id: str, rule: str, text: str, reason: str, author: str, time: datetime | None = None
) -> Draft:
    """Return the draft with `text` kept on purpose in one clause where drafting check `rule` flags it.

    The acceptance holds for that wording in that clause only, in any letter case; accepting it
    again replaces the earlier reason.
    """
    if not reason.strip():
        raise DraftError("say why the wording is kept: an acceptance needs a reason")
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    try:
        acceptance = Acceptance(
            rule=rule, text=text.strip(), reason=reason.strip(), author=author, time=time or datetime.now(UTC)
        )
    except ValidationError as err:
        raise DraftError(_explain(err)) from None
    kept = tuple(a for a in clause.accepted if not _same_acceptance(a, rule, text))
    return _replace_clause(draft, clause_id, accepted=kept + (acceptance,))


def withdraw_acceptance(draft: Draft, clause_id: str, rule: str, text: str) -> Draft:
    """Return the draft with an acceptance made by `accept_wording` withdrawn; raise NotFoundError when absent."""
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    kept = tuple(a for a in clause.accepted if not _same_acceptance(a, rule, text))
    if len(kept) == len(clause.accepted):
        raise NotFoundError(
            f"clause {clause_label(draft, clause_id)} has no acceptance of '{text}' for rule '{rule}'"
        )
    return _replace_clause(draft, clause_id, accepted=kept)


def _same_acceptance(acceptance: Acceptance, rule: str, text: str) -> bool:
    return acceptance.rule == rule and acceptance.text.casefold() == text.strip().casefold()


def use_alternative(draft: Draft, library: Library, clause_id: str, label: str) -> Draft:
    """Return the draft with a library clause switched to another of its wordings."""
    try:
        clause = draft.clause(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    if clause.origin is None:
        raise DraftError(f"clause {clause_label(draft, clause_id)} was written by hand and has no library alternatives")
    source = library.get(clause.origin.clause_id)
    try:
        text = source.wording(label)
    except KeyError:
        raise NotFoundError(f"clause '{source.id}' has no alternative '{label}'") from None
    origin = Origin(clause_id=source.id, alternative=label, text_hash=text_hash(text))
    versions = library_versions(draft, library, source.id, label) or clause.versions
    return _replace_clause(
        draft,
        clause_id,
        text=text,
        origin=origin.model_dump(),
        brackets=(),
        versions=[v.model_dump() for v in versions],
    )


def move(draft: Draft, clause_id: str, position: int, section: str | None = None) -> Draft:
    """Return the draft with a clause moved to `position` (from 1) in its own or another section."""
    try:
        s_index, c_index = draft.find(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    clause = draft.sections[s_index].clauses[c_index]
    target = section_index(draft, section) if section else s_index
    removed = remove(draft, clause_id)
    return _insert(removed, target, clause, position)


def remove(draft: Draft, clause_id: str) -> Draft:
    """Return the draft without one clause."""
    try:
        s_index, c_index = draft.find(clause_id)
    except KeyError:
        raise NotFoundError(f"draft '{draft.name}' has no clause '{clause_id}'") from None
    section = draft.sections[s_index]
    items = section.clauses[:c_index] + section.clauses[c_index + 1 :]
    return _replace_section(draft, s_index, section.model_copy(update={"clauses": items}))


def rename_section(draft: Draft, section: str, title: str) -> Draft:
    """Return the draft with a section's title changed."""
    if not title.strip():
        raise DraftError("a section needs a title")
    s_index = section_index(draft, section)
    current = draft.sections[s_index]
    try:
        # built anew, not model_copy'd, so the title's checks (length, control characters) run
        renamed = Section(id=current.id, title=title.strip(), areas=current.areas, clauses=current.clauses)
    except ValidationError as err:
        raise DraftError(_explain(err)) from None
    return _replace_section(draft, s_index, renamed)


def merge_sections(draft: Draft, section: str, into: str) -> Draft:
    """Return the draft with `section`'s areas and clauses appended to `into`, and `section` gone."""
    source_index = section_index(draft, section)
    target_index = section_index(draft, into)
    if source_index == target_index:
        raise DraftError("cannot merge a section into itself")
    source, target = draft.sections[source_index], draft.sections[target_index]
    if source.is_preamble or target.is_preamble:
        raise DraftError("the preamble cannot be merged with an operative section")
    merged = target.model_copy(
        update={"areas": target.areas + source.areas, "clauses": target.clauses + source.clauses}
    )
    sections = list(draft.sections)
    sections[target_index] = merged
    del sections[source_index]
    return draft.model_copy(update={"sections": tuple(sections)})


def clause_label(draft: Draft, clause_id: str) -> str:
    """Return the label a clause is known by ('I.1'), or its id when the draft does not number it."""
    from charter.drafting.render import render_draft

    return next((c.label for c in render_draft(draft).clauses() if c.id == clause_id), clause_id)


def resolve_clause(draft: Draft, ref: str) -> str:
    """Return the id of the clause named by its id, a unique id prefix, or a number like 'II.3' or 'P.2'."""
    ref = ref.strip()
    ids = [clause.id for clause in draft.clauses()]
    if ref in ids:
        return ref
    if "." in ref:
        from charter.drafting.render import render_draft  # the one rule for labels such as 'II.3'

        section_ref, _, number = ref.rpartition(".")
        wanted = f"{section_ref.upper()}.{number.lstrip('0') or '0'}"
        for clause in render_draft(draft).clauses():
            if clause.label == wanted:
                return clause.id
    if len(ref) >= 4:
        matches = [clause_id for clause_id in ids if clause_id.startswith(ref.lower())]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise DraftError(f"clause id '{ref}' is ambiguous in draft '{draft.name}'")
    raise NotFoundError(f"draft '{draft.name}' has no clause '{ref}'")
