"""Word signature blocks: one borderless two-column table, a row per kind of line, read back with python-docx."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.table import Table

from charter.drafting import assemble
from charter.drafting.model import Draft
from charter.store import Store
from charter.word import export_bytes, export_docx
from charter.word.blame import Stamp
from charter.word.export import save_document
from charter.word.import_edited import import_docx
from charter.word.redline import build_redline
from charter.word.signatures import ROWS, SIGNATORY, SIGNATURE_LINE, SIGNING

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
LONG_NAME = (
    "the Plurinational Federation of the Northern and Southern Isles, acting through its Ministry of "
    "Foreign Affairs, International Cooperation and Development Partnerships"
)
UNCHANGED = ["the file changes nothing; no revision was saved"]


def charter(first: str = "a", party_a: str = "the Republic of Azerbaijan", party_b: str = "Chile") -> Draft:
    """Return a one-clause draft between `party_a` and `party_b`, the alternat giving `first` the first place."""
    settings = assemble.make_settings(party_a, party_b, party_a_short="A", party_b_short="B", first=first)
    draft = assemble.new_draft("signatures", settings)
    draft, _ = assemble.add_custom(draft, "final", "Entry", "This Charter comes into effect on signature.")
    return draft.model_copy(update={"revision": 1, "draft_id": "0123456789abcdef"})


def document_of(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def signature_table(document: DocxDocument) -> Table:
    """Return the signature table: the document's last table, standing after every paragraph."""
    table = document.tables[-1]
    assert table._tbl.getnext() is None or table._tbl.getnext().tag == f"{{{W}}}sectPr"
    return table


def rows_by_kind(table: Table) -> dict[str, list[str]]:
    """Return each row's cell texts, left then right, keyed by the kind of line the row holds."""
    assert len(table.rows) == len(ROWS)
    return {kind: [cell.text for cell in row.cells] for kind, row in zip(ROWS, table.rows, strict=True)}


def test_the_signature_section_is_one_table_with_a_row_per_kind_of_line_and_two_columns() -> None:
    document = document_of(export_bytes(charter(), revision_time=TIME))
    assert len(document.tables) == 1
    table = signature_table(document)
    assert ROWS == (SIGNATORY, SIGNING)
    assert all(len(row.cells) == 2 and all(len(c.paragraphs) == 1 for c in row.cells) for row in table.rows)
    assert rows_by_kind(table) == {
        SIGNATORY: ["For the Government of the Republic of Azerbaijan", "For the Government of Chile"],
        SIGNING: [SIGNATURE_LINE, SIGNATURE_LINE],
    }


def test_the_signature_table_is_borderless_with_two_equal_fixed_columns_and_rows_that_do_not_split() -> None:
    table = signature_table(document_of(export_bytes(charter(), revision_time=TIME)))
    properties = table._tbl.tblPr
    borders = properties.find(f"{{{W}}}tblBorders")
    assert borders is not None and {edge.get(f"{{{W}}}val") for edge in borders} == {"nil"}
    assert len(borders) == 6
    assert properties.find(f"{{{W}}}tblLayout").get(f"{{{W}}}type") == "fixed"
    widths = [column.width for column in table.columns]
    assert widths[0] == widths[1] and widths[0].cm == pytest.approx(8.0, abs=0.01)
    assert all(row._tr.trPr.find(f"{{{W}}}cantSplit") is not None for row in table.rows)
    # a signatory is kept on the page of the line it signs on
    assert all(p.paragraph_format.keep_with_next for cell in table.rows[0].cells for p in cell.paragraphs)
    look = properties.find(f"{{{W}}}tblLook")
    assert (look.get(f"{{{W}}}firstRow"), look.get(f"{{{W}}}firstColumn")) == ("0", "0")


@pytest.mark.parametrize(("first", "left", "right"), [("a", "Azerbaijan", "Chile"), ("b", "Chile", "Azerbaijan")])
def test_the_party_named_first_signs_on_the_left_in_both_alternat_orders(first: str, left: str, right: str) -> None:
    draft = charter(first)
    document = document_of(export_bytes(draft, revision_time=TIME))
    signatories = rows_by_kind(signature_table(document))[SIGNATORY]
    assert [text.endswith(name) for text, name in zip(signatories, (left, right), strict=True)] == [True, True]
    # the same party the chapeau names first
    chapeau = next(p.text for p in document.paragraphs if p.text.startswith("The Government of"))
    assert chapeau.index(left) < chapeau.index(right)


@pytest.mark.parametrize("first", ["a", "b"])
def test_a_very_long_party_name_wraps_in_its_own_cell_and_leaves_the_signature_lines_on_one_row(first: str) -> None:
    draft = charter(first, party_a=LONG_NAME)
    rows = rows_by_kind(signature_table(document_of(export_bytes(draft, revision_time=TIME))))
    long_side = 0 if first == "a" else 1
    assert rows[SIGNATORY][long_side] == f"For the Government of {LONG_NAME}"
    assert rows[SIGNATORY][1 - long_side] == "For the Government of Chile"
    assert rows[SIGNING] == [SIGNATURE_LINE, SIGNATURE_LINE]


def test_a_redline_tracks_a_renamed_party_in_the_signatory_row_and_leaves_the_signature_lines_alone() -> None:
    old = charter(party_b="Chile")
    new = assemble.update_settings(old, party_b="the Republic of Chile").model_copy(update={"revision": 2})
    buffer = io.BytesIO()
    save_document(build_redline(old, new, Stamp("Reviewer", TIME), revision_time=TIME), buffer)
    table = signature_table(document_of(buffer.getvalue()))
    assert len(table.rows) == len(ROWS)
    right = table.rows[0].cells[1]._tc
    inserted = "".join(right.xpath(".//w:ins//w:t/text()"))
    assert inserted.strip() == "the Republic of"
    assert right.xpath(".//w:del") == []
    assert table.rows[1].cells[1]._tc.xpath(".//w:ins | .//w:del") == []
    assert [cell.text for cell in table.rows[1].cells] == [SIGNATURE_LINE, SIGNATURE_LINE]


@pytest.mark.parametrize("first", ["a", "b"])
def test_an_unchanged_export_with_a_long_party_name_imports_as_no_changes_and_no_warning(
    store: Store, tmp_path: Path, first: str
) -> None:
    saved = store.create(charter(first, party_a=LONG_NAME).model_copy(update={"revision": None}), "Tester")
    path = tmp_path / "signed.docx"
    export_docx(saved, path, revision_time=TIME)
    result = import_docx(store, "signatures", path, author="Reviewer")
    assert result.comparison.changed == [] and result.revision is None and store.head("signatures") == 1
    assert [clause.text for clause in result.draft.clauses()] == ["This Charter comes into effect on signature."]
    assert result.warnings == UNCHANGED
