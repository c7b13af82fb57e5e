"""The drafting-check rules, read and validated from the one data file `rules.yaml`."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from charter.errors import CheckError

#: The rules bundled with the package.
DEFAULT_RULES = Path(__file__).resolve().parent / "rules.yaml"

#: Largest rules file read, in bytes.
MAX_RULES_BYTES = 500_000

Level = Literal["error", "warning", "info"]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _compiles(pattern: str) -> str:
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        raise ValueError(f"pattern {pattern!r} is not a regular expression: {err}") from None
    if compiled.groups:
        raise ValueError(f"pattern {pattern!r} has a capturing group; write (?:...) instead")
    return pattern


class RegisterRule(_Data):
    """One word or phrase of the wrong register, with its usual replacement and the reason."""

    id: str = Field(pattern=r"^register\.[a-z][a-z-]*$")
    pattern: str
    cues: tuple[str, ...] = Field(min_length=1)
    example: str = Field(min_length=1)
    level: Level
    why: str = Field(min_length=1)
    suggest: str | dict[str, str] | None = None
    alternatives: tuple[str, ...] = ()
    certain: bool = False
    unless_negated: bool = False
    except_: tuple[str, ...] = Field(default=(), alias="except")

    @field_validator("pattern")
    @classmethod
    def _check_pattern(cls, value: str) -> str:
        return _compiles(value)

    @field_validator("cues")
    @classmethod
    def _lower_case_cues(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if any(value != value.lower() or not value for value in values):
            raise ValueError("cues are written in lower case")
        return values

    @field_validator("except_")
    @classmethod
    def _check_exceptions(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_compiles(value) for value in values)

    def replacement(self, matched: str, opens_sentence: bool = False) -> str | None:
        """Return the usual replacement for `matched`, or None when there is none.

        The replacement keeps the letter case written in the rules, and starts with a capital
        when the words it replaces open a sentence.
        """
        if isinstance(self.suggest, dict):
            found = self.suggest.get(" ".join(matched.lower().split()))
        else:
            found = self.suggest
        if found and opens_sentence:
            return found[:1].upper() + found[1:]
        return found


class Register(_Data):
    non_binding: tuple[RegisterRule, ...] = Field(alias="non-binding")
    binding: tuple[RegisterRule, ...]


class Variant(_Data):
    """Another name for the signatories than the defined term; `cue` is lower-case text every match holds."""

    pattern: str
    cue: str = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _check_pattern(cls, value: str) -> str:
        return _compiles(value)


class Terms(_Data):
    variants: tuple[Variant, ...] = ()
    generic_name_words: frozenset[str] = frozenset()


class Acronyms(_Data):
    known: frozenset[str] = frozenset()


class Placeholders(_Data):
    words: tuple[str, ...]

    @field_validator("words")
    @classmethod
    def _check_words(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_compiles(value) for value in values)


class Recitals(_Data):
    openers: frozenset[str] = frozenset()


class Rules(_Data):
    """Everything the checks read from the rules file."""

    register_words: Register = Field(alias="register")
    terms: Terms
    acronyms: Acronyms
    placeholders: Placeholders
    recitals: Recitals

    def register_rules(self, binding: bool) -> tuple[RegisterRule, ...]:
        """Return the register rules for a binding draft, or for a political (non-binding) one."""
        return self.register_words.binding if binding else self.register_words.non_binding

    def rule(self, rule_id: str) -> RegisterRule:
        """Return the register rule with `rule_id`; raise KeyError when there is none."""
        for rule in self.register_words.non_binding + self.register_words.binding:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def load_rules(path: Path | str | None = None) -> Rules:
    """Return the rules read from `path` (default: the bundled file); raise CheckError when it is malformed."""
    if path is None:
        return _default_rules()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    return _read(DEFAULT_RULES)


def _read(path: Path) -> Rules:
    try:
        if path.stat().st_size > MAX_RULES_BYTES:
            raise CheckError(f"{path}: larger than {MAX_RULES_BYTES} bytes; not read")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise CheckError(f"{path}: cannot read the rules: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise CheckError(f"{path}{where}: not valid YAML") from None
    try:
        rules = Rules.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CheckError(f"{path}: {where}: {first['msg']}") from None
    ids = [rule.id for rule in rules.register_words.non_binding + rules.register_words.binding]
    repeated = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if repeated:
        raise CheckError(f"{path}: rule id '{repeated[0]}' is used twice")
    return rules
