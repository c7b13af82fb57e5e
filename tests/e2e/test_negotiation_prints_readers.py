"""Acceptance: pandoc and LibreOffice read the joint negotiating text, the matrix and the agreed text as written."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from charter.drafting.render import RenderedDraft, render_draft
from charter.word import export_docx
from charter.word.negotiation import print_docx
from charter.word.ooxml import safe_parser
from tests.e2e.programs import need, run
from tests.e2e.test_word_readers import flat, soffice_convert
from tests.negotiating import ALTERNATIVES, RESERVATIONS, TIME, Negotiation, negotiation

pytestmark = pytest.mark.e2e

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    return negotiation()


@pytest.fixture(scope="module")
def view(talks: Negotiation) -> RenderedDraft:
    return render_draft(talks.draft)


@pytest.fixture(scope="module")
def files(talks: Negotiation, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("prints")
    written = {kind: folder / f"charter-{kind}.docx" for kind in ("joint", "matrix", "agreed")}
    for kind, path in written.items():
        print_docx(talks.draft, kind, path, revision_time=TIME)
    written["draft"] = folder / "charter-draft.docx"
    export_docx(talks.draft, written["draft"], revision_time=TIME)
    return written


def pandoc(path: Path, to: str) -> str:
    return run([need("pandoc"), "-t", to, "--wrap=none", str(path)])


def text_of(node: Any) -> str:
    """Return the words of a pandoc JSON node, Str and spaces only."""
    if isinstance(node, list):
        return "".join(text_of(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("t")
    if kind == "Str":
        return str(node["c"])
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Para", "Plain"):
        return text_of(node.get("c")) + "\n"
    return text_of(node.get("c"))


def nodes(node: Any, kind: str) -> list[Any]:
    """Return every pandoc JSON node of type `kind` under `node`."""
    found = []
    if isinstance(node, list):
        for item in node:
            found.extend(nodes(item, kind))
    elif isinstance(node, dict):
        if node.get("t") == kind:
            found.append(node)
        found.extend(nodes(node.get("c"), kind))
    return found


def pdf_text(pdf: Path) -> str:
    return run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"])


# -- the joint negotiating text --------------------------------------------------------------------


def test_pandoc_reads_every_alternative_with_its_tag_and_every_clause_of_the_joint_text(
    view: RenderedDraft, files: dict[str, Path]
) -> None:
    plain = pandoc(files["joint"], "plain")
    for alternative in ALTERNATIVES:
        assert alternative in plain, alternative
    for clause in view.clauses():
        for paragraph in clause.paragraphs:
            assert paragraph in plain, clause.label
    assert "[The Participants welcome new transit routes.]" in plain


def test_pandoc_reads_each_reservation_as_a_footnote(files: dict[str, Path]) -> None:
    document = json.loads(pandoc(files["joint"], "json"))
    notes = sorted(text_of(note).strip() for note in nodes(document["blocks"], "Note"))
    assert notes == sorted(RESERVATIONS)
    body_without_notes = pandoc(files["joint"], "plain").split("\n[1]")[0]
    assert "reserve" not in body_without_notes, "a reservation is only a footnote, not body text"


def test_libreoffice_prints_the_joint_text_with_its_header_legend_alternatives_and_footnotes(
    files: dict[str, Path], tmp_path: Path
) -> None:
    text = pdf_text(soffice_convert(files["joint"], "pdf", tmp_path))
    assert "JOINT NEGOTIATING TEXT: azerbaijan-us, revision 4, 2026-02-01" in text
    assert "Brackets: AZ = Azerbaijan; US = the United States; Chair. Reservations are footnotes." in text
    flattened = flat(text)
    for alternative in ALTERNATIVES:
        assert alternative in flattened, alternative
    lines = [line.strip() for line in text.splitlines()]
    foot = max(index for index, line in enumerate(lines) if "For the Government of" in line)
    for reservation in RESERVATIONS:
        assert reservation in lines[foot:], f"{reservation} is a note at the foot of the page"


def test_libreoffice_keeps_the_footnotes_when_it_saves_the_joint_text_as_docx(
    files: dict[str, Path], tmp_path: Path
) -> None:
    saved = soffice_convert(files["joint"], "docx:MS Word 2007 XML", tmp_path)
    with zipfile.ZipFile(saved) as archive:
        notes = etree.fromstring(archive.read("word/footnotes.xml"), safe_parser())
        body = etree.fromstring(archive.read("word/document.xml"), safe_parser())
    texts = [
        "".join(t.text or "" for t in note.iter(f"{{{W}}}t")).strip()
        for note in notes.iter(f"{{{W}}}footnote")
        if note.get(f"{{{W}}}type") in (None, "normal")
    ]
    assert sorted(texts) == sorted(RESERVATIONS)
    assert len(list(body.iter(f"{{{W}}}footnoteReference"))) == len(RESERVATIONS)


# -- the negotiation matrix ------------------------------------------------------------------------


def test_pandoc_reads_the_matrix_as_one_table_with_one_row_per_clause(
    view: RenderedDraft, files: dict[str, Path]
) -> None:
    document = json.loads(pandoc(files["matrix"], "json"))
    (table,) = nodes(document["blocks"], "Table")
    head, bodies = table["c"][3], table["c"][4]
    headings = [text_of(cell[4]).strip() for row in head[1] for cell in row[1]]
    assert headings == [
        "Clause", "Current text", "Azerbaijan (AZ)", "The United States (US)", "Chair", "Status", "Last comment"
    ]  # fmt: skip
    rows = [[text_of(cell[4]).strip() for cell in row[1]] for body in bodies for row in body[3]]
    assert [row[0].split("\n")[0] for row in rows] == [c.label for c in view.clauses()]
    for row, clause in zip(rows, view.clauses(), strict=True):
        assert flat(row[1]) == flat(clause.text if not clause.wrapped else f"[{clause.text}]")
    corridor = rows[1]
    assert corridor[2:5] == [
        "[1] intend to support",
        "[1] will seek to support\nReserve: pending review in Washington",
        "[1] (leave out)",
    ]


def test_libreoffice_prints_the_matrix_on_landscape_a4_with_every_alternative(
    files: dict[str, Path], tmp_path: Path
) -> None:
    pdf = soffice_convert(files["matrix"], "pdf", tmp_path)
    info = run([need("pdfinfo"), str(pdf)])
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())  # type: ignore[union-attr]
    assert (round(width), round(height)) == (842, 595), "A4 landscape"
    text = flat(pdf_text(pdf))
    assert "NEGOTIATION MATRIX: azerbaijan-us, revision 4, 2026-02-01" in text
    for wording in ("intend to support", "will seek to support", "(leave out)", "at every well", "at source"):
        assert wording in text, wording
    assert "Jane Doe: Our capital wants every well." in text
    assert "Reserve: pending review in Washington" in text


# -- the agreed text ad referendum -----------------------------------------------------------------


def test_pandoc_and_libreoffice_read_only_the_agreed_clauses_and_the_note(
    view: RenderedDraft, files: dict[str, Path], tmp_path: Path
) -> None:
    plain = pandoc(files["agreed"], "plain")
    text = soffice_convert(files["agreed"], "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig")
    for reader in (plain, text):
        assert "Still open, and not shown: paragraphs I.1, I.2 and I.3." in flat(reader)
        for clause in view.clauses():
            agreed = clause.label in ("P.1", "I.4", "II.1")
            assert (clause.paragraphs[0] in reader) == agreed, clause.label
        assert "[" not in reader and "For the Government of" not in reader
    assert "4.\tThe Participants intend to set up a joint fund." in text, "numbered as in the full draft"
