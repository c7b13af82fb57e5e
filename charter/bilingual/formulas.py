"""The fixed formulas of a charter in each language, read from `clauses/<code>/formulas.yaml`.

Each file maps a formula's name ('title', 'chapeau', 'lead_in', 'testimonium', 'signature_for',
their '_binding' forms, 'heading', 'untranslated', 'page_of', 'draft_line', 'area.<area>') to its
wording by language code: `{"en": "...", "az": "..."}`. The files are part of the bundled
library and are read once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from charter.errors import LibraryError
from charter.library.loader import DEFAULT_DIR, MAX_FILE_BYTES

#: The formulas a charter is built from; the others are headings, furniture and section titles.
FORMULA_NAMES = ("title", "chapeau", "lead_in", "testimonium", "signature_for")


@dataclass(frozen=True)
class Formulas:
    """The fixed wordings of one language, by name (see the module docstring)."""

    language: str
    texts: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str, *, binding: bool = False) -> str | None:
        """Return the wording of formula `name` (its treaty form when `binding` and there is one), or None."""
        if binding and f"{name}_binding" in self.texts:
            return self.texts[f"{name}_binding"]
        return self.texts.get(name)

    def area_title(self, area: str) -> str | None:
        """Return the standard title of an area's section in this language, or None."""
        return self.texts.get(f"area.{area}")


def formulas(language: str, root: Path | None = None) -> Formulas | None:
    """Return the formulas of `language`, or None when no formulas file gives them.

    Raises LibraryError, naming the file, when a formulas file cannot be read.
    """
    return _load(root or DEFAULT_DIR).get(language)


@functools.lru_cache(maxsize=8)
def _load(root: Path) -> dict[str, Formulas]:
    texts: dict[str, dict[str, str]] = {}
    for path in sorted(root.glob("*/formulas.yaml")):
        for name, wordings in _read(path).items():
            for language, text in wordings.items():
                texts.setdefault(language, {})[name] = text
    return {language: Formulas(language, table) for language, table in texts.items()}


def _read(path: Path) -> dict[str, dict[str, str]]:
    where = f"{path.parent.name}/{path.name}"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LibraryError(f"{where}: larger than {MAX_FILE_BYTES:,} bytes")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise LibraryError(f"{where}: cannot read the formulas ({err})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise LibraryError(f"{where}:{mark.line + 1 if mark else 1}: YAML syntax error") from None
    if not isinstance(data, dict):
        raise LibraryError(f"{where}:1: expected a mapping of formula names to their wordings by language")
    found: dict[str, dict[str, str]] = {}
    for name, wordings in data.items():
        if not isinstance(wordings, dict) or not all(
            isinstance(code, str) and isinstance(text, str) and text.strip() for code, text in wordings.items()
        ):
            raise LibraryError(f"{where}: formula '{name}' needs a non-empty wording per language code")
        found[str(name)] = {code: text.strip() for code, text in wordings.items()}
    return found
