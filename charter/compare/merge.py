"""Three-way merge of drafts, clause by clause, with word-level merge inside a clause."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from charter.compare.ordering import kept_in_order
from charter.compare.tokens import merge3
from charter.drafting.model import Draft, DraftClause, Section, Settings
from charter.errors import ConflictError


@dataclass(frozen=True)
class Conflict:
    """One place where both sides changed the same thing differently."""

    clause_id: str | None
    field: str
    base: str | None
    ours: str | None
    theirs: str | None
    title: str = ""

    def describe(self) -> str:
        """Return one line naming what clashed."""
        where = f"clause {self.clause_id}" if self.clause_id else "draft"
        label = f" ({self.title})" if self.title else ""
        return f"{where}{label}: {self.field} was changed both here and in the revision saved meanwhile"


def merge_drafts(base: Draft, ours: Draft, theirs: Draft, resolutions: Mapping[str, str] | None = None) -> Draft:
    """Return `ours` and `theirs` (both edited from `base`) merged; raise ConflictError on a clash.

    `theirs` is the head saved meanwhile. Clauses changed on one side take that side;
    clauses changed on both sides merge field by field, with word-level merge for text.
    `resolutions` settles clashes the user has already seen: clause id (or `settings`) to
    "ours", "theirs", or for a clause the merged text the user wrote.
    """
    resolutions = resolutions or {}
    conflicts: list[Conflict] = []
    settings = _merge_settings(base.settings, ours.settings, theirs.settings, conflicts)
    if conflicts and resolutions.get("settings") in ("ours", "theirs"):
        settings = ours.settings if resolutions["settings"] == "ours" else theirs.settings
        conflicts = []
    b_map = {c.id: c for c in base.clauses()}
    o_map = {c.id: c for c in ours.clauses()}
    t_map = {c.id: c for c in theirs.clauses()}
    merged: dict[str, DraftClause] = {}
    for clause_id in list(dict.fromkeys([*t_map, *o_map, *b_map])):
        found: list[Conflict] = []
        result = _merge_clause(b_map.get(clause_id), o_map.get(clause_id), t_map.get(clause_id), found)
        if found and clause_id in resolutions:
            result = _resolve(o_map.get(clause_id), t_map.get(clause_id), resolutions[clause_id])
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
    return theirs.model_copy(update={"settings": settings, "sections": sections})


def _resolve(ours: DraftClause | None, theirs: DraftClause | None, choice: str) -> DraftClause | None:
    if choice == "ours":
        return ours
    if choice == "theirs":
        return theirs
    kept = ours or theirs
    assert kept is not None
    return kept.model_copy(update={"text": choice})


def _three(base: Any, ours: Any, theirs: Any) -> tuple[bool, Any]:
    if ours == theirs or ours == base:
        return True, theirs
    if theirs == base:
        return True, ours
    return False, None


def _merge_settings(base: Settings, ours: Settings, theirs: Settings, conflicts: list[Conflict]) -> Settings:
    b, o, t = base.model_dump(), ours.model_dump(), theirs.model_dump()
    out: dict[str, Any] = {}
    for key in b:
        if isinstance(b[key], dict):
            out[key] = {}
            for sub in b[key]:
                ok, value = _three(b[key][sub], o[key][sub], t[key][sub])
                if not ok:
                    conflicts.append(Conflict(None, f"{key}.{sub}", b[key][sub], o[key][sub], t[key][sub]))
                out[key][sub] = value
            continue
        ok, value = _three(b[key], o[key], t[key])
        if not ok:
            conflicts.append(Conflict(None, key, str(b[key]), str(o[key]), str(t[key])))
        out[key] = value
    return Settings.model_validate(out) if not conflicts else theirs


def _merge_clause(
    base: DraftClause | None, ours: DraftClause | None, theirs: DraftClause | None, conflicts: list[Conflict]
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
    text = merge3(base.text, ours.text, theirs.text)
    if text is None:
        conflicts.append(Conflict(base.id, "text", base.text, ours.text, theirs.text, base.title))
        text = theirs.text
    fields["text"] = text
    for name in ("title", "status", "area"):
        ok, value = _three(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        if not ok and name == "title":
            value = merge3(base.title, ours.title, theirs.title)
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
    fields["origin"] = origin if ok else (ours.origin if text == ours.text else theirs.origin)
    seen = set(base.comments)
    fields["comments"] = (
        base.comments
        + tuple(c for c in theirs.comments if c not in seen)
        + tuple(c for c in ours.comments if c not in seen and c not in theirs.comments)
    )
    return theirs.model_copy(update=fields)


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
