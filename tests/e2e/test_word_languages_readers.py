"""Acceptance: pandoc, LibreOffice and poppler read each language's original and the bilingual table as written."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import html

from charter.bilingual import versions
from charter.bilingual.render import render_in
from charter.drafting.model import Draft
from charter.word import export_docx
from charter.word.bilingual import bilingual_docx
from charter.word.blame import Stamp
from charter.word.import_translation import read_translation
from charter.word.read import read_docx
from charter.word.redline import build_redline
from tests.bilingual.drafts import AZERBAIJANI_LETTERS, Charter, bilingual_charter
from tests.e2e.programs import need, run
from tests.e2e.test_word_readers import TIME, soffice_convert

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def charter() -> Charter:
    return bilingual_charter()


@pytest.fixture(scope="module")
def files(charter: Charter, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("languages")
    found = {"az": folder / "charter-az.docx", "en": folder / "charter-en.docx", "bilingual": folder / "table.docx"}
    export_docx(charter.draft, found["az"], language="az", revision_time=TIME)
    export_docx(charter.draft, found["en"], language="en", revision_time=TIME)
    bilingual_docx(charter.draft, found["bilingual"], revision_time=TIME)
    return found


def squeeze(text: str) -> str:
    """Return text without any whitespace, so that line breaks a reader adds do not matter."""
    return re.sub(r"\s+", "", text)


def in_order(haystack: str, needles: list[str]) -> None:
    """Assert every needle stands in the haystack, each after the one before."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"{needle[:60]!r} is missing or out of place"
        position = found + len(needle)


def paragraphs(draft: Draft, language: str) -> list[str]:
    return [text for clause in render_in(draft, language).clauses() for text in clause.paragraphs]


def test_pandoc_reads_the_azerbaijani_original_every_clause_in_azerbaijani_in_its_place(
    charter: Charter, files: dict[str, Path]
) -> None:
    text = run([need("pandoc"), "-t", "plain", "--wrap=none", str(files["az"])])
    in_order(text, paragraphs(charter.draft, "az"))
    assert all(letter in text for letter in AZERBAIJANI_LETTERS)
    chapeau = next(line for line in text.splitlines() if "İştirakçılar»" in line)
    assert chapeau.index("Azərbaycan Respublikası") < chapeau.index("Amerika Birləşmiş Ştatları")
    signatures = next(line for line in text.splitlines() if "Hökuməti adından" in line)
    assert signatures.index("Azərbaycan Respublikası Hökuməti adından") < signatures.index("Amerika")
    assert "Hələ tərcümə edilməyib: The Participants intend to report each year" in text


def test_pandoc_reads_the_english_original_naming_the_united_states_first(
    charter: Charter, files: dict[str, Path]
) -> None:
    text = run([need("pandoc"), "-t", "plain", "--wrap=none", str(files["en"])])
    in_order(text, paragraphs(charter.draft, "en"))
    signatures = next(line for line in text.splitlines() if "For the Government of" in line)
    assert signatures.index("United States") < signatures.index("Azerbaijan")


def table_rows(markup: str) -> list[list[str]]:
    """Return the text of each table cell, row by row, of an HTML page."""
    page = html.fromstring(markup)
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td|./th")]
        for row in page.xpath("//table[.//td]//tr")
    ]


def clause_rows(rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if len(row) == 2 and re.match(r"\d+\. ", row[0])]


def check_table(charter: Charter, rows: list[list[str]]) -> None:
    english = render_in(charter.draft, "en").clauses()
    azeri = render_in(charter.draft, "az").clauses()
    numbered = clause_rows(rows)
    assert len(numbered) == len(english)
    for (left, right), working, translated in zip(numbered, english, azeri, strict=True):
        assert left.split(" ")[0] == right.split(" ")[0] == f"{working.number}."
        assert " ".join(working.paragraphs[0].split())[:50] in left
        assert " ".join(translated.paragraphs[0].split())[:50] in right
        state = versions.state(charter.draft.clause(working.id), "az", charter.draft.settings)
        said = {
            "confirmed": "Confirmed",
            "needs update": "Needs update:",
            "needs update (unreviewed)": "Needs update, unreviewed:",
            "unreviewed": "Unreviewed",
            "missing": "Missing",
        }
        assert said[state.value] in right


def test_pandoc_reads_the_bilingual_table_with_numbers_level(charter: Charter, files: dict[str, Path]) -> None:
    check_table(charter, table_rows(run([need("pandoc"), "-t", "html", str(files["bilingual"])])))


def test_libreoffice_reads_the_bilingual_table_with_numbers_level(
    charter: Charter, files: dict[str, Path], tmp_path: Path
) -> None:
    page = soffice_convert(files["bilingual"], "html", tmp_path)
    check_table(charter, table_rows(page.read_text(encoding="utf-8")))


def test_libreoffice_prints_the_azerbaijani_original_with_fonts_holding_every_letter(
    charter: Charter, files: dict[str, Path], tmp_path: Path
) -> None:
    pdf = soffice_convert(files["az"], "pdf", tmp_path)
    fonts = [line.split() for line in run([need("pdffonts"), str(pdf)]).splitlines()[2:] if line.strip()]
    assert fonts and all(row[-5] == "yes" for row in fonts), "every font is embedded"
    embedded = {squeeze(row[0].split("+", 1)[-1]).split("-")[0].lower() for row in fonts}
    for letter in ("ə", "Ə"):
        having = run([need("fc-list"), f":charset={ord(letter):x}", "family"])
        families = {squeeze(name).lower() for line in having.splitlines() for name in line.split(",")}
        assert embedded & families, f"no embedded font has {letter}: {embedded}"
    text = run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"])
    assert all(letter in text for letter in AZERBAIJANI_LETTERS)
    furniture = re.compile(r"^(Səhifə \d+ / \d+|RESTRICTED|LAYİHƏ: .*)$")
    body = squeeze("\n".join(line for line in text.splitlines() if not furniture.match(line.strip())))
    # pdftotext puts a word or two of a justified line out of order where a letter comes from the
    # fallback font, so the body is checked letter for letter, and the clauses' order by their openings
    # (and joins a word broken at its hyphen at a line end, dropping the hyphen)
    wanted = Counter(squeeze("".join(paragraphs(charter.draft, "az"))).replace("-", ""))
    assert not (lost := wanted - Counter(body)), f"letters of the clauses missing from the PDF: {lost}"
    in_order(body, [squeeze(clause.paragraphs[0])[:12] for clause in render_in(charter.draft, "az").clauses()])


def test_an_original_saved_by_libreoffice_imports_by_its_bookmarks_as_no_change(
    charter: Charter, files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "saved"
    out.mkdir()
    saved = soffice_convert(files["az"], "docx:MS Word 2007 XML", out)
    document = read_docx(saved)
    assert document.properties["charter.language"] == "az"
    draft, warnings, changed, _ = read_translation(charter.draft, document, "az")
    assert changed == [], "LibreOffice kept every clause and letter"
    assert warnings == ["1 clause(s) still not translated, left as they were: VI.3"]
    assert not [w for w in warnings if "matched clause" in w], "matched by bookmark, not by number or text"


def test_pandoc_accepts_and_rejects_the_azerbaijani_redline(charter: Charter, tmp_path: Path) -> None:
    old = charter.draft
    target = next(c for c in old.clauses() if c.library_id == "energy.oil-pipelines")
    held = versions.version(target, "az")
    assert held is not None
    new = versions.set_version(old, target.id, "az", held.text.replace("Xəzər regionundan", "Xəzər çayı regionundan"))
    path = tmp_path / "redline-az.docx"
    buffer = io.BytesIO()
    build_redline(old, new, Stamp("Tərcüməçi", TIME), language="az").save(buffer)
    path.write_bytes(buffer.getvalue())
    accepted = run([need("pandoc"), "--track-changes=accept", "-t", "plain", "--wrap=none", str(path)])
    rejected = run([need("pandoc"), "--track-changes=reject", "-t", "plain", "--wrap=none", str(path)])
    in_order(accepted, paragraphs(new, "az"))
    in_order(rejected, paragraphs(old, "az"))
    assert "Xəzər çayı regionundan" in accepted and "Xəzər çayı" not in rejected
