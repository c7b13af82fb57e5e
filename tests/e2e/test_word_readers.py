"""Acceptance: independent readers (pandoc, LibreOffice, poppler) see what the Word export wrote."""

from __future__ import annotations

import re
import shutil
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft, Status
from charter.drafting.render import render_draft
from charter.library import load_library
from charter.word import export_docx, read_custom_properties
from charter.word.ooxml import bookmark_name, safe_parser
from tests.e2e.programs import need, run

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "word"
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
UNICODE_TEXT = (
    "The Participants welcome the Bakı–Tbilisi–Qars railway, the “Middle Corridor” and the work of "
    "Azərbaycan Dəmir Yolları (ğ ı ş ç ö ü) with Казахстан\u00a0and partners <script>&amp;."
)
LONG_TEXT = (
    "The Participants intend to cooperate on the development of digital infrastructure, including secure "
    "submarine and terrestrial fibre-optic links, data centres powered by renewable energy, and the "
    "training of specialists in artificial intelligence, in accordance with their respective laws."
)


def soffice_convert(docx: Path, target: str, outdir: Path) -> Path:
    """Return the file LibreOffice converted `docx` to, using a private throwaway profile."""
    program = need("soffice")
    profile = Path("/tmp") / f"charter-e2e-soffice-{uuid.uuid4().hex}"
    try:
        run(
            [
                program,
                "--headless",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(docx),
            ]
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / f"{docx.stem}.{target.split(':')[0]}"


def flat(text: str) -> str:
    """Return text with every run of whitespace (non-breaking spaces included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def charter_draft() -> Draft:
    library = load_library(ROOT / "tests" / "data" / "clauses" / "small")
    settings = demo_settings(marking="RESTRICTED")
    draft = assemble.new_draft("azerbaijan-us", settings)
    for clause_id in ("preamble.friendship", "energy.gas-corridor", "energy.methane", "final.status"):
        draft, _ = assemble.add_clause(draft, library, clause_id)
    draft, unicode = assemble.add_custom(draft, "transit", "Middle Corridor", UNICODE_TEXT)
    for index in range(6):
        draft, _ = assemble.add_custom(draft, "ai-digital", f"Digital {index}", LONG_TEXT)
    methane = draft.sections[1].clauses[1]
    draft = assemble.set_status(draft, methane.id, Status.BRACKETED)
    draft = assemble.add_comment(draft, methane.id, "Leyla Mammadova", "Check the flaring wording.", TIME)
    return draft.model_copy(update={"revision": 4, "draft_id": "0123456789abcdef"})


@pytest.fixture(scope="module")
def exports(charter_draft: Draft, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("word-readers")
    files = {"draft": folder / "charter-draft.docx", "clean": folder / "charter-clean.docx"}
    export_docx(charter_draft, files["draft"], revision_time=TIME)
    export_docx(charter_draft, files["clean"], clean=True, revision_time=TIME)
    return files


@pytest.fixture(scope="module")
def pdf(exports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The draft-mode export as LibreOffice prints it (LibreOffice conversion 1 of 2)."""
    return soffice_convert(exports["draft"], "pdf", tmp_path_factory.mktemp("pdf"))


def clause_paragraphs(draft: Draft) -> list[str]:
    return [text for clause in render_draft(draft).clauses() for text in clause.paragraphs]


def test_pandoc_reads_every_clause_text_exactly(charter_draft: Draft, exports: dict[str, Path]) -> None:
    pandoc = need("pandoc")
    clean = run([pandoc, "-t", "plain", "--wrap=none", str(exports["clean"])])
    for text in clause_paragraphs(charter_draft):
        assert text in clean
    drafted = run([pandoc, "-t", "plain", "--wrap=none", str(exports["draft"])])
    assert "[The Participants plan to cooperate on reducing methane emissions" in drafted
    assert "(b) ending routine flaring.]" in drafted
    assert "[" not in clean.replace("[day] [month]", "")


def test_libreoffice_pdf_shows_every_clause_and_page_x_of_y(charter_draft: Draft, pdf: Path) -> None:
    text = run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"])
    assert "Page 1 of" in text
    assert "RESTRICTED" in text and "DRAFT: azerbaijan-us, revision 4, 2026-02-01" in text
    furniture = re.compile(r"^(Page \d+ of \d+|RESTRICTED|DRAFT: .*)$")
    body = flat("\n".join(line for line in text.splitlines() if not furniture.match(line.strip())))
    for paragraph in clause_paragraphs(charter_draft):
        assert flat(paragraph) in body


def test_first_page_is_rendered_to_png_for_a_person_to_look_at(pdf: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("charter-draft-page*.png"):
        old.unlink()
    run([need("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "charter-draft-page")])
    pages = list(ARTIFACTS.glob("charter-draft-page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 1000


def test_libreoffice_round_trip_keeps_clause_bookmarks_and_custom_properties(
    charter_draft: Draft, exports: dict[str, Path], tmp_path: Path
) -> None:
    """Open and save as .docx in LibreOffice (conversion 2 of 2); the markers an import relies on survive."""
    saved = soffice_convert(exports["clean"], "docx:MS Word 2007 XML", tmp_path)
    properties = read_custom_properties(saved)
    assert properties["charter.draft_id"] == "0123456789abcdef"
    assert (properties["charter.revision"], properties["charter.export_mode"]) == ("4", "clean")
    with zipfile.ZipFile(saved) as archive:
        body = etree.fromstring(archive.read("word/document.xml"), safe_parser())
    names = {mark.get(f"{{{W}}}name") for mark in body.iter(f"{{{W}}}bookmarkStart")}
    assert {bookmark_name(clause.id) for clause in charter_draft.clauses()} <= names


LONG_PARTY = (
    "the Plurinational Federation of the Northern and Southern Isles, acting through its Ministry of "
    "Foreign Affairs and International Cooperation"
)


@pytest.mark.parametrize("first", ["a", "b"])
def test_libreoffice_prints_both_signature_blocks_level_whatever_the_length_of_a_name(
    first: str, tmp_path: Path
) -> None:
    """A long name wraps in its own column; both 'For ...' lines and both signature lines stay on one text line."""
    settings = assemble.make_settings(LONG_PARTY, "Chile", party_a_short="Isles", party_b_short="Chile", first=first)
    draft, _ = assemble.add_custom(assemble.new_draft("long-name", settings), "final", "Entry", "This Charter applies.")
    export_docx(draft, tmp_path / "long-name.docx", revision_time=TIME)
    pdf = soffice_convert(tmp_path / "long-name.docx", "pdf", tmp_path)
    lines = run([need("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"]).splitlines()
    (signatories,) = [line for line in lines if line.count("For the Government of") == 2]
    left, right = re.split(r"\s{3,}", signatories.strip())[:2]
    assert ("Plurinational" in left, right.startswith("For the Government of Chile")) == (first == "a", first == "a")
    assert len([line for line in lines if re.fullmatch(r"\s*_{20,}\s{3,}_{20,}\s*", line)]) == 1
    # the long name's other lines stand between the two rows, in its own column only
    start = lines.index(signatories)
    wrapped = lines[start + 1 : start + 4]
    assert all(line.strip() and "For the Government" not in line for line in wrapped)
