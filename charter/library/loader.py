"""Loading and validating the YAML clause library."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from charter.drafting import template
from charter.drafting.model import AREAS, PREFERRED, Clause
from charter.errors import LibraryError, NotFoundError
from charter.library.translations import Translation, load_translations

#: Largest clause file the loader reads, in bytes.
MAX_FILE_BYTES = 1_000_000

#: The library bundled with the package: the project's clauses/ folder, linked here and shipped
#: in the wheel as package data.
DEFAULT_DIR = Path(__file__).resolve().parent / "clauses"


@dataclass
class Library:
    """The clause library: clauses by id, in area order and then file order."""

    clauses: dict[str, Clause] = field(default_factory=dict)
    version: str = ""
    #: Working translations by language code and clause id (see `charter.library.translations`).
    translations: dict[str, dict[str, Translation]] = field(default_factory=dict)

    def translation(self, language: str, clause_id: str, label: str = PREFERRED) -> tuple[str, str] | None:
        """Return the title and text of a clause's wording in `language`, or None when it has none."""
        found = self.translations.get(language, {}).get(clause_id)
        if found is None or label not in found[1]:
            return None
        return found[0], found[1][label]

    def get(self, clause_id: str) -> Clause:
        """Return the clause with `clause_id`; raise NotFoundError when there is none."""
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise NotFoundError(f"no library clause '{clause_id}'") from None

    def __iter__(self) -> Iterable[Clause]:  # type: ignore[override]
        return iter(self.clauses.values())

    def __len__(self) -> int:
        return len(self.clauses)

    def areas(self) -> list[str]:
        """Return the areas that hold at least one clause, in area order."""
        present = {clause.area for clause in self.clauses.values()}
        return [area for area in AREAS if area in present]

    def tags(self) -> list[str]:
        """Return every tag used in the library, sorted."""
        return sorted({tag for clause in self.clauses.values() for tag in clause.tags})

    def search(self, text: str | None = None, area: str | None = None, tag: str | None = None) -> list[Clause]:
        """Return clauses matching every given filter; `text` matches id, title, tags and wordings."""
        words = (text or "").lower().split()
        found = []
        for clause in self.clauses.values():
            if area and clause.area != area:
                continue
            if tag and tag not in clause.tags:
                continue
            haystack = " ".join(
                [clause.id, clause.title, " ".join(clause.tags), clause.text]
                + [alt.text for alt in clause.alternatives]
            ).lower()
            if all(word in haystack for word in words):
                found.append(clause)
        return found


def text_hash(text: str) -> str:
    """Return the short hash that records which library wording a draft clause came from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_library(directory: Path | str | None = None) -> Library:
    """Return the library read from every `*.yaml` file in `directory`.

    Raises LibraryError listing every problem, one per line, each naming file, line and clause.
    """
    root = Path(directory) if directory is not None else DEFAULT_DIR
    if not root.is_dir():
        raise LibraryError(f"{root}: clause library folder not found")
    errors: list[str] = []
    clauses: list[tuple[Clause, str]] = []
    for path in sorted(root.glob("*.yaml")):
        clauses.extend(_load_file(path, errors))
    seen: dict[str, str] = {}
    for clause, where in clauses:
        if clause.id in seen:
            errors.append(f"{where}: clause '{clause.id}' duplicates the id defined at {seen[clause.id]}")
        else:
            seen[clause.id] = where
    translations = load_translations(root, set(seen), errors)
    if errors:
        raise LibraryError("\n".join(errors))
    order = {area: index for index, area in enumerate(AREAS)}
    ordered = sorted((c for c, _ in clauses), key=lambda c: order[c.area])
    digest = hashlib.sha256()
    for clause in ordered:
        digest.update(clause.model_dump_json().encode("utf-8"))
    return Library({c.id: c for c in ordered}, digest.hexdigest()[:12], translations)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load_file(path: Path, errors: list[str]) -> list[tuple[Clause, str]]:
    name = _display(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        errors.append(f"{name}:1: file is larger than {MAX_FILE_BYTES} bytes")
        return []
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        errors.append(f"{name}:1: file is not UTF-8 ({err.reason})")
        return []
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(err, "problem", None) or str(err)
        context = getattr(err, "context", None)
        context_mark = getattr(err, "context_mark", None)
        if context and context_mark:
            problem += f" ({context} that starts on line {context_mark.line + 1})"
        errors.append(f"{name}:{line}: YAML syntax error: {problem}")
        return []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        errors.append(f"{name}:1: expected a mapping with 'area' and 'clauses'")
        return []
    area = data.get("area")
    if area not in AREAS:
        errors.append(f"{name}:{_key_line(node, 'area')}: unknown area {area!r}; expected one of {', '.join(AREAS)}")
        return []
    items = data.get("clauses")
    items_node = _value_node(node, "clauses")
    if not isinstance(items, list) or not isinstance(items_node, yaml.SequenceNode):
        errors.append(f"{name}:{_key_line(node, 'clauses')}: 'clauses' must be a list")
        return []
    loaded: list[tuple[Clause, str]] = []
    for item, item_node in zip(items, items_node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            errors.append(f"{name}:{line}: each clause must be a mapping")
            continue
        clause_id = item.get("id")
        label = f"clause '{clause_id}'" if clause_id else "a clause without 'id'"
        before = len(errors)
        clause = _build_clause(item, area, item_node, name, label, errors)
        if clause is None or len(errors) > before:
            continue
        loaded.append((clause, f"{name}:{line}"))
    return loaded


def _build_clause(
    item: dict[str, Any], area: str, node: yaml.Node, name: str, label: str, errors: list[str]
) -> Clause | None:
    if "area" in item and item["area"] != area:
        errors.append(
            f"{name}:{_key_line(node, 'area')}: {label} has unknown area {item['area']!r} for a file of area '{area}'"
        )
        return None
    for required in ("id", "title", "text"):
        if required not in item or item[required] is None:
            errors.append(f"{name}:{node.start_mark.line + 1}: {label} is missing '{required}'")
            return None
    fields = dict(item)
    fields["area"] = area
    fields.setdefault("tags", [])
    if fields["tags"] is None:
        fields["tags"] = []
    try:
        clause = Clause.model_validate(fields)
    except ValidationError as err:
        for problem in err.errors():
            key = str(problem["loc"][0]) if problem["loc"] else "id"
            line = _key_line(node, key)
            what = problem["msg"]
            if problem["type"] in ("string_too_short", "value_error") and key in ("text", "title"):
                what = "must not be empty"
            where = ".".join(str(part) for part in problem["loc"])
            errors.append(f"{name}:{line}: {label}: '{where}' {what}")
        return None
    if not clause.id.startswith(f"{area}."):
        errors.append(f"{name}:{_key_line(node, 'id')}: {label} must start with '{area}.'")
    labels = clause.labels
    if len(set(labels)) != len(labels) or labels.count(PREFERRED) > 1:
        errors.append(f"{name}:{_key_line(node, 'alternatives')}: {label} repeats an alternative label")
    for wording_label in labels:
        for trouble in template.problems(clause.wording(wording_label)):
            key = "text" if wording_label == PREFERRED else "alternatives"
            errors.append(f"{name}:{_key_line(node, key)}: {label} ({wording_label}): {trouble}")
    return clause


def _value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node
    return None


def _key_line(node: yaml.Node, key: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if getattr(key_node, "value", None) == key:
                return int(key_node.start_mark.line) + 1
    return int(node.start_mark.line) + 1
