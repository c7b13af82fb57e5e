"""Working translations of the clause library: `clauses/<language code>/*.yaml`, one file per area.

Each file says its `language` and `area` and lists clauses by the id of the English clause they
translate, with a `title`, the preferred `text` and, by label, its `alternatives`. A clause added
to a draft brings the translation of the wording it was added with, marked unreviewed.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

#: A translation of one library clause: its title, and its text by wording label ("preferred", ...).
Translation = tuple[str, dict[str, str]]

_CODE = re.compile(r"[a-z]{2,3}")


def load_translations(root: Path, known: set[str], errors: list[str]) -> dict[str, dict[str, Translation]]:
    """Return the translations under `root`, by language code and clause id; add problems to `errors`.

    Each problem names the file and line, and the clause where there is one.
    """
    found: dict[str, dict[str, Translation]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and _CODE.fullmatch(p.name)):
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "formulas.yaml":
                continue
            _load(path, folder.name, known, found.setdefault(folder.name, {}), errors)
    return {code: clauses for code, clauses in found.items() if clauses}


def _load(path: Path, code: str, known: set[str], into: dict[str, Translation], errors: list[str]) -> None:
    name = f"{path.parent.name}/{path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        errors.append(f"{name}:1: cannot read the translation file ({err})")
        return
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        errors.append(f"{name}:{mark.line + 1 if mark else 1}: YAML syntax error: {getattr(err, 'problem', err)}")
        return
    if not isinstance(data, dict) or not isinstance(data.get("clauses"), list):
        errors.append(f"{name}:1: expected a mapping with 'language', 'area' and 'clauses'")
        return
    if data.get("language") not in (None, code):
        errors.append(f"{name}:1: says language {data.get('language')!r} but lies in the folder {code}/")
        return
    for item in data["clauses"]:
        clause_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not clause_id:
            errors.append(f"{name}: clause {clause_id or '(no id)'}: a translation needs an 'id' and a 'text'")
            continue
        if clause_id not in known:
            errors.append(f"{name}: clause '{clause_id}': translates no clause of the library")
            continue
        texts = {"preferred": item["text"].strip()}
        for alternative in item.get("alternatives") or []:
            if isinstance(alternative, dict) and alternative.get("label") and isinstance(alternative.get("text"), str):
                texts[str(alternative["label"])] = alternative["text"].strip()
        into[clause_id] = (str(item.get("title") or "").strip(), texts)
