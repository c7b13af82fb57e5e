"""Check the Azerbaijani working translations in clauses/az/ against the English library.

Run from anywhere: python3 clauses/az/check.py   (standard library + PyYAML only)

For every English file clauses/<name>.yaml there must be clauses/az/<name>.yaml with the same
area and, one-to-one, the same clause ids and alternative labels. For each title, main text and
alternative the translation must keep: the ${...}/$$ placeholders (same multiset), the (a)-style
sub-paragraph markers (same sequence) and line layout, the digit sequence, and the uppercase
Latin acronyms. clauses/az/formulas.yaml is checked for its keys and placeholders.
Prints OK, or each mismatch on its own line (exit status 1).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ENGLISH_DIR = HERE.parent

#: Mirrors charter.drafting.template.KNOWN_VARIABLES.
KNOWN_VARIABLES = {"party_a", "party_b", "party_a_short", "party_b_short", "place", "date", "languages"}
#: The fixed formulas of a charter, named as in charter/drafting/render.py (RenderedDraft fields).
FORMULA_KEYS = ("title", "chapeau", "lead_in", "testimonium", "signature_for")
#: The same for a binding draft, where the Azerbaijani says "Tərəflər" (the Parties).
BINDING_KEYS = ("chapeau_binding", "lead_in_binding", "testimonium_binding")
#: The furniture of each original, with {fields} in braces instead of ${variables}.
FURNITURE_KEYS = ("heading", "untranslated", "page_of", "draft_line")
#: The standard section titles, one per area (charter.drafting.model.AREAS).
AREA_KEYS = tuple(
    f"area.{area}"
    for area in ("preamble", "energy", "transit", "ai-digital", "finance", "security", "implementation", "final")
)
ALL_FORMULA_KEYS = FORMULA_KEYS + BINDING_KEYS + FURNITURE_KEYS + AREA_KEYS
BRACE_FIELD = re.compile(r"\{[A-Za-z]+\}")

# `$$`, `${name}`, `$name` and any stray `$`, as written.
DOLLAR = re.compile(r"\$\$|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$")
MARKER = re.compile(r"\((?:[a-z]|[ivx]{1,6})\)")
DIGITS = re.compile(r"\d+")
UPPER = "A-ZƏĞİÖÜÇŞ"
ACRONYM = re.compile(rf"(?<![\w])[{UPPER}][{UPPER}0-9]*[{UPPER}0-9](?![\w])")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
#: Letters that do not belong to the Azerbaijani Latin alphabet (outside acronyms).
FOREIGN_LETTERS = re.compile(r"[wWâêîôûäßñéèàÄÊÎÔÛÑÉÈÀ]")

problems: list[str] = []


def report(where: str, what: str) -> None:
    problems.append(f"{where}: {what}")


def load(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as err:
        report(str(path.relative_to(ENGLISH_DIR.parent)), f"cannot read: {err}")
        return None


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def compare_text(where: str, english: str, azeri: object, *, title: bool = False, binding: bool = False) -> None:
    if not isinstance(azeri, str) or not azeri.strip():
        report(where, "missing or empty translation")
        return
    if azeri.strip() == english.strip():
        report(where, "translation is identical to the English text")
    found, wanted = Counter(DOLLAR.findall(azeri)), Counter(DOLLAR.findall(english))
    if found != wanted:
        report(where, f"placeholders differ: English {sorted(wanted.elements())}, az {sorted(found.elements())}")
    for token in found:
        if token.startswith("${") and token[2:-1] not in KNOWN_VARIABLES:
            report(where, f"unknown variable {token}")
    if MARKER.findall(azeri) != MARKER.findall(english):
        report(where, f"sub-paragraph markers differ: English {MARKER.findall(english)}, az {MARKER.findall(azeri)}")
    if len(lines(azeri)) != len(lines(english)):
        report(where, f"line count differs: English {len(lines(english))}, az {len(lines(azeri))}")
    else:
        for number, (en_line, az_line) in enumerate(zip(lines(english), lines(azeri), strict=True), start=1):
            en_start, az_start = MARKER.match(en_line), MARKER.match(az_line)
            if (en_start and en_start.group(0)) != (az_start and az_start.group(0)):
                report(where, f"line {number} does not start with the same marker as the English")
    if DIGITS.findall(azeri) != DIGITS.findall(english):
        report(where, f"digits differ: English {DIGITS.findall(english)}, az {DIGITS.findall(azeri)}")
    bare_en, bare_az = DOLLAR.sub(" ", english), DOLLAR.sub(" ", azeri)
    if Counter(ACRONYM.findall(bare_az)) != Counter(ACRONYM.findall(bare_en)):
        report(
            where,
            f"acronyms differ: English {sorted(ACRONYM.findall(bare_en))}, az {sorted(ACRONYM.findall(bare_az))}",
        )
    if CYRILLIC.search(azeri):
        report(where, "contains Cyrillic letters")
    prose = ACRONYM.sub(" ", bare_az)
    if FOREIGN_LETTERS.search(prose):
        report(where, f"letters outside the Azerbaijani alphabet: {sorted(set(FOREIGN_LETTERS.findall(prose)))}")
    if not binding and re.search(r"\bParticipant|\bTərəflər", azeri):
        report(where, "uses 'Participant'/'Tərəflər' instead of 'İştirakçılar'")
    if not title and "Participants" in english and "İştirakçı" not in azeri:
        report(where, "English names the Participants but the translation has no 'İştirakçı...'")


def check_file(english_path: Path) -> int:
    name = english_path.name
    en = load(english_path)
    az_path = HERE / name
    if not az_path.exists():
        report(f"clauses/az/{name}", "file missing")
        return 0
    az = load(az_path)
    if not isinstance(en, dict) or not isinstance(az, dict):
        report(f"clauses/az/{name}", "not a mapping")
        return 0
    where_file = f"clauses/az/{name}"
    if set(az) != {"language", "area", "clauses"}:
        report(where_file, f"top-level keys should be language, area, clauses; found {sorted(az)}")
    if az.get("language") != "az":
        report(where_file, "language must be 'az'")
    if az.get("area") != en.get("area"):
        report(where_file, f"area {az.get('area')!r} differs from English {en.get('area')!r}")
    en_clauses = en.get("clauses") or []
    az_clauses = az.get("clauses") or []
    if not isinstance(az_clauses, list):
        report(where_file, "'clauses' must be a list")
        return 0
    az_by_id: dict[str, dict[str, Any]] = {}
    for item in az_clauses:
        if not isinstance(item, dict) or "id" not in item:
            report(where_file, f"clause without id: {item!r:.60}")
            continue
        if item["id"] in az_by_id:
            report(where_file, f"clause '{item['id']}' appears more than once")
        az_by_id[item["id"]] = item
    en_ids = [clause["id"] for clause in en_clauses]
    for extra in sorted(set(az_by_id) - set(en_ids)):
        report(where_file, f"clause '{extra}' is not in the English file")
    missing = [clause_id for clause_id in en_ids if clause_id not in az_by_id]
    for clause_id in missing:
        report(where_file, f"clause '{clause_id}' is missing")
    if not missing and [clause_id for clause_id in az_by_id if clause_id in en_ids] != en_ids:
        report(where_file, "clauses are not in the English order")
    for clause in en_clauses:
        item = az_by_id.get(clause["id"])
        if item is None:
            continue
        where = f"{where_file} {clause['id']}"
        if set(item) - {"id", "title", "text", "alternatives"}:
            report(where, f"unexpected keys {sorted(set(item) - {'id', 'title', 'text', 'alternatives'})}")
        compare_text(f"{where} title", clause["title"], item.get("title"), title=True)
        compare_text(f"{where} text", clause["text"], item.get("text"))
        en_alts = {alt["label"]: alt["text"] for alt in clause.get("alternatives") or []}
        az_alt_list = item.get("alternatives") or []
        az_labels = [alt.get("label") for alt in az_alt_list if isinstance(alt, dict)]
        if az_labels != list(en_alts):
            report(where, f"alternative labels differ: English {list(en_alts)}, az {az_labels}")
        for alt in az_alt_list:
            if not isinstance(alt, dict):
                report(where, "alternative is not a mapping")
                continue
            if set(alt) != {"label", "text"}:
                report(where, f"alternative keys should be label, text; found {sorted(alt)}")
            if alt.get("label") in en_alts:
                compare_text(f"{where} ({alt['label']})", en_alts[alt["label"]], alt.get("text"))
    return len(en_clauses)


def check_formulas() -> None:
    path = HERE / "formulas.yaml"
    where = "clauses/az/formulas.yaml"
    if not path.exists():
        report(where, "file missing")
        return
    data = load(path)
    if not isinstance(data, dict):
        report(where, "not a mapping")
        return
    if list(data) != list(ALL_FORMULA_KEYS):
        report(where, f"keys should be {list(ALL_FORMULA_KEYS)}; found {list(data)}")
    for key, value in data.items():
        if not isinstance(value, dict) or set(value) != {"en", "az"}:
            report(f"{where} {key}", "must be a mapping with exactly 'en' and 'az'")
            continue
        if not isinstance(value["en"], str) or not value["en"].strip():
            report(f"{where} {key}", "empty English formula")
            continue
        if key in FURNITURE_KEYS:
            if not isinstance(value["az"], str) or not value["az"].strip():
                report(f"{where} {key}", "missing or empty translation")
            elif sorted(BRACE_FIELD.findall(value["az"])) != sorted(BRACE_FIELD.findall(value["en"])):
                report(f"{where} {key}", "the {fields} differ from the English")
            continue
        compare_text(f"{where} {key}", value["en"], value["az"], title=True, binding=key in BINDING_KEYS)


def main() -> int:
    english_files = sorted(ENGLISH_DIR.glob("*.yaml"))
    total = sum(check_file(path) for path in english_files)
    expected = {path.name for path in english_files} | {"formulas.yaml"}
    for path in sorted(HERE.glob("*.yaml")):
        if path.name not in expected:
            report(f"clauses/az/{path.name}", "no English file of that name")
    check_formulas()
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s)")
        return 1
    print(f"OK ({len(english_files)} files, {total} clauses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
