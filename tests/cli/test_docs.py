"""The README documents every command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from charter.cli import build_parser

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "charter") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found.extend(_commands(sub, f"{prefix} {name}"))
    return found


_ALL = _commands(build_parser())
_LEAVES = [c for c in _ALL if not any(o.startswith(c + " ") for o in _ALL)]


@pytest.mark.parametrize("command", _LEAVES)
def test_every_cli_command_is_documented_in_the_readme_as_a_whole_word(command: str) -> None:
    # `charter draft add` is not documented by `charter draft add-custom`
    assert re.search(re.escape(command) + r"(?![\w-])", README), f"{command} is missing from README.md"


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    lines = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert lines == ["make run", "make test"]
