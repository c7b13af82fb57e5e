"""Three-way merge of drafts, clause by clause, and sentence by sentence inside a clause.

Two edits of one clause combine only when they change different sentences (or sub-paragraphs);
two edits of the same sentence are a conflict even when their words do not overlap, because
combining them would give a sentence that neither side wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from charter.compare.ordering import kept_in_order
from charter.compare.sentences import split_units
from charter.compare.tokens import merge_tokens
from charter.drafting.model import Draft, DraftClause, Section, Settings, Status, Version
from charter.errors import ConflictError
from charter.negotiation import brackets as notation


class Keep(StrEnum):
    """A resolution that keeps one side's version of a clash."""

    OURS = "ours"
    THEIRS = "theirs"


@dataclass(frozen=True)
class Merged:
    """A resolution that replaces a clashing clause text with the text the user wrote."""

    text: str


#: How the user settles one clash, keyed by `Conflict.key`.
Resolution = Keep | Merged


@dataclass(frozen=True)
class Conflict:
    """One place where both sides changed the same thing differently."""

    clause_id: str | None
    field: str
    base: str | None
    ours: str | None
    theirs: str | None
    title: str = ""

    @property
    def key(self) -> str:
        """Return the key its resolution goes under: the clause id, or 'settings:FIELD'."""
        return self.clause_id if self.clause_id else f"settings:{self.field}"

    def describe(self) -> str:
        """Return one line naming what clashed."""
        where = f"clause {self.clause_id}" if self.clause_id else "draft"
        label = f" ({self.title})" if self.title else ""
        return f"{where}{label}: {self.field} was changed both here and in the revision saved meanwhile"


def merge_sentences(base: str, ours: str, theirs: str) -> str | None:
    """Return the merge of two edits of a clause text, or None when both change one sentence differently."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    merged = merge_tokens(split_units(base), split_units(ours), split_units(theirs))
    return "".join(merged) if merged is not None else None


@dataclass(frozen=True)
class MergeResult:
    """A merged draft and the clauses whose text combined edits from both sides."""

    draft: Draft
    combined: tuple[str, ...]


def merge_drafts(base: Draft, ours: Draft, theirs: Draft, resolutions: Mapping[str, Resolution] | None = None) -> Draft:
    """Return `ours` and `theirs` (both edited from `base`) merged; raise ConflictError on a clash."""
    return merge_detailed(base, ours, theirs, resolutions).draft


def merge_detailed(
    base: Draft, ours: Draft, theirs: Draft, resolutions: Mapping[str, Resolution] | None = None
) -> MergeResult:
    """Return `ours` and `theirs` (both edited from `base`) merged; raise ConflictError on a clash.

    `theirs` is the head saved meanwhile. Clauses changed on one side take that side;
    clauses changed on both sides merge field by field, sentence by sentence for text.
    `resolutions` settles clashes the user has already seen, keyed by `Conflict.key`: Keep.OURS,
    Keep.THEIRS, or for a clause text Merged(text) with the text the user wrote.
    """
    resolutions = resolutions or {}
    conflicts: list[Conflict] = []
    settings = _merge_settings(base.settings, ours.settings, theirs.settings, conflicts, resolutions)
    tag_of = notation.tags(settings)
    b_map = {c.id: c for c in base.clauses()}
    o_map = {c.id: c for c in ours.clauses()}
    t_map = {c.id: c for c in theirs.clauses()}
    merged: dict[str, DraftClause] = {}
    combined: list[str] = []
    for clause_id in list(dict.fromkeys([*t_map, *o_map, *b_map])):
        found: list[Conflict] = []
        b_clause, o_clause, t_clause = b_map.get(clause_id), o_map.get(clause_id), t_map.get(clause_id)
        result = _merge_clause(b_clause, o_clause, t_clause, found, tag_of)
        if (
            not found
            and result is not None
            and b_clause is not None
            and o_clause is not None
            and t_clause is not None
            and len({b_clause.text, o_clause.text, t_clause.text}) == 3
        ):
            combined.append(clause_id)
        if found and clause_id in resolutions:
            result = _resolve(o_map.get(clause_id), t_map.get(clause_id), resolutions[clause_id], tag_of)
        else:
            conflicts.extend(found)
        if result is not None:
            merged[clause_id] = result
    if conflicts:
        raise ConflictError(
            f"{len(conflicts)} conflicting change(s); nothing was saved:\n"
            + "\n".join(c.describe() for c in conflicts),
            conflicts,
            base.revision or 0,
            theirs.revision or 0,
        )
    sections = _merge_structure(base, ours, theirs, merged)
    return MergeResult(theirs.model_copy(update={"settings": settings, "sections": sections}), tuple(combined))


def _resolve(
    ours: DraftClause | None, theirs: DraftClause | None, choice: Resolution, tag_of: dict[str, str]
) -> DraftClause | None:
    if choice is Keep.OURS:
        return ours
    if choice is Keep.THEIRS:
        return theirs
    if not isinstance(choice, Merged):
        raise TypeError(f"a resolution is Keep.OURS, Keep.THEIRS or Merged(text), not {choice!r}")
    kept = ours or theirs
    assert kept is not None
    known = (*(ours.brackets if ours else ()), *(theirs.brackets if theirs else ()))
    read = notation.parse(choice.text, tag_of, keep_untagged=True, known=known)
    return _bracketed(kept.model_copy(update={"text": read.text, "brackets": read.brackets}))


def _bracketed(clause: DraftClause) -> DraftClause:
    """Return the clause bracketed when it has an open bracket or a reservation but says otherwise."""
    if clause.open and clause.status != Status.BRACKETED:
        return clause.model_copy(update={"status": Status.BRACKETED})
    return clause


def _three(base: Any, ours: Any, theirs: Any) -> tuple[bool, Any]:
    if ours == theirs or ours == base:
        return True, theirs
    if theirs == base:
        return True, ours
    return False, None


class _Absent:
    """A key one side of a settings mapping does not have."""

    def __str__(self) -> str:
        return "(not set)"


_ABSENT = _Absent()


def _merge_settings(
    base: Settings, ours: Settings, theirs: Settings, conflicts: list[Conflict], resolutions: Mapping[str, Resolution]
) -> Settings:
    """Merge the settings field by field; a clash is settled by its own Keep resolution, or reported."""
    b, o, t = base.model_dump(), ours.model_dump(), theirs.model_dump()
    out: dict[str, Any] = {}
    clashed = False

    def merge(name: str, old: Any, mine: Any, other: Any) -> Any:
        nonlocal clashed
        ok, value = _three(old, mine, other)
        if ok:
            return value
        choice = resolutions.get(f"settings:{name}")
        if choice is Keep.OURS:
            return mine
        if choice is Keep.THEIRS:
            return other
        conflicts.append(Conflict(None, name, str(old), str(mine), str(other)))
        clashed = True
        return other

    for key in b:
        # a mapping on all three sides merges key by key; one that is None on a side merges whole
        if all(isinstance(side[key], dict) for side in (b, o, t)):
            subs = dict.fromkeys([*b[key], *o[key], *t[key]])
            both = {s: merge(f"{key}.{s}", *(side[key].get(s, _ABSENT) for side in (b, o, t))) for s in subs}
            out[key] = {sub: value for sub, value in both.items() if value is not _ABSENT}
        else:
            out[key] = merge(key, b[key], o[key], t[key])
    return Settings.model_validate(out) if not clashed else theirs


def _merge_clause(
    base: DraftClause | None,
    ours: DraftClause | None,
    theirs: DraftClause | None,
    conflicts: list[Conflict],
    tag_of: dict[str, str],
) -> DraftClause | None:
    ok, value = _three(base, ours, theirs)
    if ok:
        return value  # type: ignore[no-any-return]
    if base is None or ours is None or theirs is None:
        clause = ours or theirs
        assert clause is not None
        side = "removed here" if ours is None else "removed meanwhile"
        conflicts.append(
            Conflict(
                clause.id,
                f"the clause ({side}, edited on the other side)",
                base.text if base else None,
                ours.text if ours else None,
                theirs.text if theirs else None,
                clause.title,
            )
        )
        return None
    fields: dict[str, Any] = {}
    # with brackets, the sentences merge as people read them, brackets written out, and are read back
    bracketed = bool(base.brackets or ours.brackets or theirs.brackets)
    texts = [notation.literal(c.text, c.brackets, tag_of) if bracketed else c.text for c in (base, ours, theirs)]
    text = merge_sentences(*texts)
    if text is None:
        conflicts.append(Conflict(base.id, "text", texts[0], texts[1], texts[2], base.title))
        text = texts[2]
    if bracketed:
        read = notation.parse(
            text, tag_of, keep_untagged=True, known=(*base.brackets, *ours.brackets, *theirs.brackets)
        )
        text, fields["brackets"] = read.text, read.brackets
        same_as_ours = read.text == ours.text and read.brackets == ours.brackets
    else:
        same_as_ours = text == ours.text
    fields["text"] = text
    for name in ("title", "status", "area"):
        ok, value = _three(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        if not ok and name == "title":
            value = merge_sentences(base.title, ours.title, theirs.title)
            ok = value is not None
        if not ok:
            conflicts.append(
                Conflict(
                    base.id,
                    name,
                    str(getattr(base, name)),
                    str(getattr(ours, name)),
                    str(getattr(theirs, name)),
                    base.title,
                )
            )
            value = getattr(theirs, name)
        fields[name] = value
    ok, origin = _three(base.origin, ours.origin, theirs.origin)
    fields["origin"] = origin if ok else (ours.origin if same_as_ours else theirs.origin)
    fields["comments"] = _union(base.comments, ours.comments, theirs.comments)
    fields["versions"] = _merge_versions(base, ours, theirs, conflicts)
    fields["accepted"] = _union(base.accepted, ours.accepted, theirs.accepted)
    # one reservation per delegation: the newest made on either side, unless one side withdrew it
    reservations = _union(base.reservations, ours.reservations, theirs.reservations)
    newest = {r.delegation: r for r in sorted(reservations, key=lambda r: r.time)}
    fields["reservations"] = tuple(r for r in reservations if newest[r.delegation] is r)
    return _bracketed(theirs.model_copy(update=fields))


def _merge_versions(
    base: DraftClause, ours: DraftClause, theirs: DraftClause, conflicts: list[Conflict]
) -> tuple[Version, ...]:
    """Return the clause's versions merged language by language; both sides changing one is a conflict."""
    b, o, t = ({v.language: v for v in c.versions} for c in (base, ours, theirs))
    merged: list[Version] = []
    for language in dict.fromkeys([*t, *o, *b]):
        ok, value = _three(b.get(language), o.get(language), t.get(language))
        if not ok:
            old, mine, other = (side[language].text if language in side else None for side in (b, o, t))
            conflicts.append(Conflict(base.id, f"{language} version", old, mine, other, base.title))
            value = t.get(language)
        if value is not None:
            merged.append(value)
    return tuple(merged)


def _union(base: tuple[Any, ...], ours: tuple[Any, ...], theirs: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return what either side added to `base`, theirs first; what one side removed stays removed."""
    seen = set(base)
    kept = tuple(item for item in base if item in ours and item in theirs)
    return (
        kept
        + tuple(item for item in theirs if item not in seen)
        + tuple(item for item in ours if item not in seen and item not in theirs)
    )


def _placement(draft: Draft) -> dict[str, list[str]]:
    return {s.id: [c.id for c in s.clauses] for s in draft.sections}


def _merge_structure(base: Draft, ours: Draft, theirs: Draft, merged: dict[str, DraftClause]) -> tuple[Section, ...]:
    b_sections = {s.id: s for s in base.sections}
    o_sections = {s.id: s for s in ours.sections}
    t_sections = {s.id: s for s in theirs.sections}
    order = [s.id for s in theirs.sections if not (s.id in b_sections and s.id not in o_sections)]
    for index, section in enumerate(ours.sections):
        if section.id not in b_sections and section.id not in order:
            order.insert(min(index, len(order)), section.id)
    placement: dict[str, list[str]] = {}
    t_place, o_place, b_place = _placement(theirs), _placement(ours), _placement(base)
    for sid in order:
        placement[sid] = [cid for cid in t_place.get(sid, []) if cid in merged]
    b_where = {cid: sid for sid, ids in b_place.items() for cid in ids}
    for sid, ids in o_place.items():
        stable = kept_in_order(b_place.get(sid, []), ids)
        for index, cid in enumerate(ids):
            if cid not in merged:
                continue
            if cid in stable and b_where.get(cid) == sid:
                continue
            for other in placement.values():
                if cid in other:
                    other.remove(cid)
            target = (
                sid if sid in placement else _fallback_section(order, merged[cid], o_sections, t_sections, b_sections)
            )
            row = placement[target]
            position = 0
            for before in reversed(ids[:index]):
                if before in row:
                    position = row.index(before) + 1
                    break
            row.insert(position, cid)
    placed = {cid for ids in placement.values() for cid in ids}
    for cid, clause in merged.items():
        if cid not in placed:  # a clause of theirs whose section ours removed
            placement[_fallback_section(order, clause, o_sections, t_sections, b_sections)].append(cid)
    sections = []
    for sid in order:
        b, o, t = b_sections.get(sid), o_sections.get(sid), t_sections.get(sid)
        shape = t or o
        assert shape is not None
        title, areas, lead_in = shape.title, shape.areas, shape.lead_in
        if b and o and t:
            ok, title = _three(b.title, o.title, t.title)
            title = title if ok else t.title
            ok, areas = _three(b.areas, o.areas, t.areas)
            areas = areas if ok else tuple(dict.fromkeys(t.areas + o.areas))
            ok, lead_in = _three(b.lead_in, o.lead_in, t.lead_in)
            lead_in = lead_in if ok else t.lead_in
        clauses = tuple(merged[c] for c in placement[sid])
        sections.append(Section(id=sid, title=title, areas=areas, clauses=clauses, lead_in=lead_in))
    return tuple(sections)


def _fallback_section(order: list[str], clause: DraftClause, *maps: dict[str, Section]) -> str:
    for sid in order:
        for sections in maps:
            if sid in sections and clause.area in sections[sid].areas:
                return sid
    return order[-1]
