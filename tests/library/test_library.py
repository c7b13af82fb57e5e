"""The clause library loader and the bundled library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from charter.errors import LibraryError, NotFoundError
from charter.library import DEFAULT_DIR, load_library

BROKEN = Path(__file__).parents[1] / "data" / "clauses"


def test_bundled_library_loads_and_meets_the_minimum_counts() -> None:
    library = load_library()
    counts = {area: len(library.search(area=area)) for area in library.areas()}
    for area in ("energy", "transit", "ai-digital", "finance"):
        assert counts[area] >= 10, area
    for area in ("preamble", "security", "implementation", "final"):
        assert counts[area] >= 4, area
    with_alternatives = [c for c in library if c.alternatives]
    assert len(with_alternatives) * 3 >= len(library)


def test_bundled_library_keeps_the_non_binding_register() -> None:
    for clause in load_library():
        for label in clause.labels:
            text = clause.wording(label).lower()
            assert not re.search(r"\bshall\b", text), clause.id
            assert "agreement" not in text, clause.id


def test_bundled_library_has_one_file_per_area() -> None:
    names = sorted(path.stem for path in DEFAULT_DIR.glob("*.yaml"))
    assert names == sorted(
        ["preamble", "energy", "transit", "ai-digital", "finance", "security", "implementation", "final"]
    )


def test_some_bundled_clauses_hold_sub_paragraphs() -> None:
    assert any("\n(a) " in clause.text for clause in load_library())


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("syntax-error", r"energy\.yaml:7: YAML syntax error: .*line 5"),
        ("missing-text", r"energy\.yaml:6: clause 'energy\.methane' is missing 'text'"),
        ("empty-text", r"finance\.yaml:5: clause 'finance\.export-credit': 'text' must not be empty"),
        ("unknown-area", r"space\.yaml:1: unknown area 'space'"),
        ("unknown-variable", r"transit\.yaml:5: clause 'transit\.ports' \(preferred\): unknown variable \$\{party_c\}"),
        ("stray-dollar", r"finance\.yaml:5: clause 'finance\.fund' \(preferred\): stray '\$'"),
        (
            "duplicate-id",
            r"energy\.yaml:3: clause 'energy\.gas' duplicates the id defined at .*energy-supplement\.yaml:3",
        ),
    ],
)
def test_each_broken_library_file_is_reported_with_file_line_and_clause(case: str, expected: str) -> None:
    with pytest.raises(LibraryError) as caught:
        load_library(BROKEN / case)
    assert re.search(expected, str(caught.value)), str(caught.value)


def test_a_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "energy.yaml").write_text("area: energy\nclauses: []\n" + "#" * 1_100_000)
    with pytest.raises(LibraryError, match="larger than"):
        load_library(tmp_path)


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    (tmp_path / "energy.yaml").write_text("area: !!python/object/apply:os.system ['true']\nclauses: []\n")
    with pytest.raises(LibraryError, match="energy.yaml:1"):
        load_library(tmp_path)


def test_search_matches_words_in_any_order_and_filters_by_area_and_tag(small_library) -> None:
    assert [c.id for c in small_library.search("flaring methane")] == ["energy.methane"]
    assert [c.id for c in small_library.search(area="preamble")] == ["preamble.friendship"]
    assert [c.id for c in small_library.search(tag="corridor")] == ["energy.gas-corridor"]


def test_asking_for_an_unknown_clause_names_it(small_library) -> None:
    with pytest.raises(NotFoundError, match="energy.nothing"):
        small_library.get("energy.nothing")
