"""The Azerbaijani working translations in clauses/az/ stay aligned with the English library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = Path(__file__).parents[2] / "clauses" / "az" / "check.py"


def test_every_clause_has_an_aligned_azerbaijani_translation() -> None:
    done = subprocess.run([sys.executable, str(CHECK)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK (8 files")


def test_the_alignment_check_finds_a_changed_numeral(tmp_path: Path) -> None:
    copy = tmp_path / "clauses"
    (copy / "az").mkdir(parents=True)
    for path in CHECK.parent.parent.glob("*.yaml"):
        (copy / path.name).write_bytes(path.read_bytes())
    for path in CHECK.parent.iterdir():
        (copy / "az" / path.name).write_bytes(path.read_bytes())
    energy = copy / "az" / "energy.yaml"
    text = energy.read_text(encoding="utf-8")
    digits = [ch for ch in text if ch.isdigit()]
    assert digits, "the energy translations hold numerals"
    index = next(i for i, ch in enumerate(text) if ch.isdigit())
    energy.write_text(text[:index] + str((int(text[index]) + 1) % 10) + text[index + 1 :], encoding="utf-8")
    done = subprocess.run([sys.executable, str(copy / "az" / "check.py")], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "digit" in done.stdout.lower(), done.stdout
