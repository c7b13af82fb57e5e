"""The README documents every command."""

from __future__ import annotations

import argparse
from pathlib import Path

from charter.cli import build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "charter") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found.extend(_commands(sub, f"{prefix} {name}"))
    return found


def test_every_cli_command_is_documented_in_the_readme() -> None:
    leaves = [c for c in _commands(build_parser()) if not any(o.startswith(c + " ") for o in _commands(build_parser()))]
    missing = [command for command in leaves if command not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    lines = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert lines == ["make run", "make test"]
