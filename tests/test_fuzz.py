"""Fuzzing: random and mutated clause files and .docx files give a CharterError or succeed, nothing else."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.errors import LibraryError, WordError
from charter.library import DEFAULT_DIR, load_library
from charter.store import Store
from charter.word import export_bytes
from charter.word.import_edited import import_docx, read_import
from tests.conftest import make_draft

# duplicated zip entries are one of the mutations; zipfile warns as it writes them
pytestmark = pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")

ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
OUTCOMES: Counter[str] = Counter()
VALID_YAML = (DEFAULT_DIR / "energy.yaml").read_bytes()
SECONDS = 5.0


@pytest.fixture(scope="module", autouse=True)
def report_outcomes():
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fuzz-outcomes.json").write_text(json.dumps(dict(OUTCOMES), indent=2, sort_keys=True))


def _library_outcome(tmp_path: Path, data: bytes, kind: str) -> None:
    folder = tmp_path / f"lib-{time.monotonic_ns()}"
    folder.mkdir()
    (folder / "energy.yaml").write_bytes(data)
    began = time.monotonic()
    try:
        load_library(folder)
    except LibraryError as err:
        assert str(err).strip(), "a LibraryError without a message"
        assert "energy.yaml:" in str(err), str(err)
        OUTCOMES[f"yaml {kind}: LibraryError"] += 1
    else:
        OUTCOMES[f"yaml {kind}: loaded"] += 1
    assert time.monotonic() - began < SECONDS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_random_yaml_text_gives_a_library_error_or_loads(tmp_path, text) -> None:
    _library_outcome(tmp_path, text.encode("utf-8", "surrogatepass"), "random")


@st.composite
def mutated_yaml(draw) -> bytes:
    data = bytearray(VALID_YAML)
    kind = draw(st.sampled_from(["truncate", "flip", "drop-line", "duplicate-line", "swap-chars"]))
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 8))):
            index = draw(st.integers(0, len(data) - 1))
            data[index] = draw(st.integers(0, 255))
        return bytes(data)
    lines = bytes(data).split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    if kind == "drop-line":
        del lines[index]
    elif kind == "duplicate-line":
        lines.insert(index, lines[index])
    else:
        lines[index] = lines[index].replace(b":", b"", 1).replace(b"-", b"", 1)
    return b"\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_yaml())
def test_mutated_clause_files_give_a_library_error_naming_the_file_or_load(tmp_path, data) -> None:
    _library_outcome(tmp_path, data, "mutated")


@pytest.fixture(scope="module")
def exported() -> tuple[bytes, object]:
    library = load_library(Path(__file__).parent / "data" / "clauses" / "small")
    draft = make_draft(library).model_copy(update={"revision": 1, "draft_id": "0" * 16})
    return export_bytes(draft), draft


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries:
            archive.writestr(name, body)
    return buffer.getvalue()


@st.composite
def mutated_docx(draw, data: bytes) -> tuple[str, bytes]:
    kind = draw(
        st.sampled_from(["truncate", "flip", "drop-entry", "duplicate-entry", "xml-flip", "xml-cut", "xml-junk"])
    )
    if kind == "truncate":
        return kind, data[: draw(st.integers(0, len(data)))]
    if kind == "flip":
        body = bytearray(data)
        for _ in range(draw(st.integers(1, 16))):
            body[draw(st.integers(0, len(body) - 1))] = draw(st.integers(0, 255))
        return kind, bytes(body)
    entries = [(info.filename, body) for info, body in _entries(data)]
    index = draw(st.integers(0, len(entries) - 1))
    if kind == "drop-entry":
        del entries[index]
        return kind, _zip(entries)
    if kind == "duplicate-entry":
        entries.insert(index, entries[index])
        return kind, _zip(entries)
    xml_parts = [i for i, (name, _) in enumerate(entries) if name.endswith(".xml")]
    index = draw(st.sampled_from(xml_parts))
    name, body = entries[index]
    text = bytearray(body)
    if kind == "xml-flip":
        for _ in range(draw(st.integers(1, 6))):
            text[draw(st.integers(0, len(text) - 1))] = draw(st.sampled_from(b"<>&\"'/=x \x00\xff"))
    elif kind == "xml-cut":
        start = draw(st.integers(0, len(text) - 1))
        del text[start : start + draw(st.integers(1, 200))]
    else:
        at = draw(st.integers(0, len(text)))
        text[at:at] = draw(
            st.sampled_from(
                [
                    b"<w:p/>" * 50,
                    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                    b"&a;",
                    b"<w:t>",
                    b"<w:bookmarkStart w:name='c_zzz'/>",
                    "ə".encode(),
                ]
            )
        )
    entries[index] = (name, bytes(text))
    return kind, _zip(entries)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_docx_files_give_a_word_error_or_import_and_never_save_partially(tmp_path, exported, data) -> None:
    original, draft = exported
    kind, blob = data.draw(mutated_docx(original))
    began = time.monotonic()
    try:
        read_import(draft, blob)
    except WordError as err:
        assert str(err).strip()
        OUTCOMES[f"docx {kind}: WordError"] += 1
    else:
        OUTCOMES[f"docx {kind}: read"] += 1
    assert time.monotonic() - began < SECONDS


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_refused_import_leaves_the_store_exactly_as_it_was(tmp_path_factory, exported, small_library, data) -> None:
    original, draft = exported
    store = Store(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    store.create(draft, "fuzz")
    kind, blob = data.draw(mutated_docx(original))
    before = (store.head("demo"), store.size_bytes())
    try:
        import_docx(store, "demo", blob, author="fuzz")
    except WordError:
        OUTCOMES[f"docx import {kind}: refused"] += 1
        assert (store.head("demo"), store.size_bytes()) == before
    else:
        OUTCOMES[f"docx import {kind}: imported"] += 1
