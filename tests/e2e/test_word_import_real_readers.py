"""Acceptance: charters typed the ways governments write them keep their words through import and re-export.

pandoc reads the words of the file and of its re-export; LibreOffice writes some of the files,
from its own list numbering (.fodt), from plain text, and by saving a Word file again.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from charter.drafting.render import render_draft
from charter.word import export_docx
from charter.word.import_foreign import ImportNewResult, read_new
from tests.charters import CHARTERS, plain_paragraphs, words, write_docx
from tests.e2e.programs import need, run

pytestmark = pytest.mark.e2e

#: A charter as plain text: capitals for headings, typed numbers, a two-line heading, a closing formula.
PLAIN_TEXT = """\
CHARTER ON STRATEGIC PARTNERSHIP BETWEEN THE KINGDOM OF NORWAY AND THE REPUBLIC OF CHILE
PREAMBLE
The Kingdom of Norway and the Republic of Chile, hereinafter the Sides,
Noting the growth of trade between their ports,
Welcoming the new research programme on polar science,
SECTION I: OCEANS
The Sides base their work on shared aims:
1. The Sides will protect fish stocks in their waters.
2. The Sides will share data on ocean currents.
SECTION II
SCIENCE AND EDUCATION
1. The Sides will exchange students and researchers.
Done at Oslo, on 2 March 2026, in duplicate, in the Norwegian, Spanish and English languages, \
each text being equally authentic.
For the Kingdom of Norway:
For the Republic of Chile:
"""

#: The same kind of charter in LibreOffice's own format: centred bold headings, and lists that
#: start again at 1 in each section (the case LibreOffice writes as one list definition per list).
FLAT_ODT = """\
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="Head" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/>
  </style:style>
  <text:list-style style:name="Numbers">
   <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
   <text:list-level-style-number text:level="2" style:num-prefix="(" style:num-suffix=")" style:num-format="a"/>
  </text:list-style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="Head">Charter on Strategic Partnership</text:p>
  <text:p>The Republic of Ghana and the Republic of Korea:</text:p>
  <text:p>Recognising their partnership in trade and development,</text:p>
  <text:p>Desiring to widen cooperation in health,</text:p>
  <text:p text:style-name="Head">Trade and Investment</text:p>
  <text:list text:style-name="Numbers">
   <text:list-item><text:p>The Participants will hold a yearly trade forum.</text:p></text:list-item>
   <text:list-item><text:p>The Participants will study a investment agreement, covering:</text:p>
    <text:list><text:list-item><text:p>the protection of investors;</text:p></text:list-item>
     <text:list-item><text:p>the settlement of disputes.</text:p></text:list-item></text:list></text:list-item>
   <text:list-item><text:p>The Participants will support small businesses.</text:p></text:list-item>
  </text:list>
  <text:p text:style-name="Head">Health</text:p>
  <text:list text:style-name="Numbers">
   <text:list-item><text:p>The Participants will train health workers.</text:p></text:list-item>
   <text:list-item><text:p>The Participants will share research on vaccines.</text:p></text:list-item>
   <text:list-item><text:p>The Participants will cooperate on clinical trials.</text:p></text:list-item>
   <text:list-item><text:p>The Participants will exchange medical students.</text:p></text:list-item>
   <text:list-item><text:p>The Participants will build a joint laboratory.</text:p></text:list-item>
   <text:list-item><text:p>The Participants will review this cooperation each year.</text:p></text:list-item>
  </text:list>
 </office:text></office:body>
</office:document>
"""


def libreoffice_docx(source: Path, outdir: Path) -> Path:
    """Return `source` (.txt, .fodt or .docx) converted to .docx by LibreOffice, with a throwaway profile."""
    program = need("soffice")
    profile = Path("/tmp") / f"charter-e2e-real-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    command = [program, "--headless", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx", "--outdir", str(outdir), str(source)]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = outdir / (source.stem + ".docx")
    assert done.returncode == 0 and target.is_file(), f"LibreOffice failed: {done.stderr}"
    return target


def pandoc_words(path: Path) -> list[str]:
    """Return the words pandoc reads in a .docx (title included), as tests.charters.words counts them."""
    plain = run([need("pandoc"), "-s", "-t", "plain", "--wrap=none", str(path)])
    return words(plain_paragraphs(plain))


def re_exported(result: ImportNewResult, path: Path) -> Path:
    export_docx(result.draft, path, clean=True)
    return path


def outline(result: ImportNewResult) -> list[tuple[str, str, list[int]]]:
    view = render_draft(result.draft)
    return [(s.heading, s.lead_in, [c.number for c in s.clauses]) for s in view.sections if s.number]


@pytest.mark.parametrize("name", sorted(CHARTERS))
def test_pandoc_reads_the_same_words_in_each_charter_and_in_its_re_export(tmp_path: Path, name: str) -> None:
    source = write_docx(tmp_path / f"{name}.docx", CHARTERS[name]())
    assert isinstance(source, Path)
    result = read_new(name, source)
    assert pandoc_words(re_exported(result, tmp_path / "again.docx")) == pandoc_words(source)


@pytest.mark.parametrize("name", sorted(CHARTERS))
def test_each_charter_saved_again_by_libreoffice_reads_the_same(tmp_path: Path, name: str) -> None:
    source = write_docx(tmp_path / f"{name}.docx", CHARTERS[name]())
    assert isinstance(source, Path)
    resaved = libreoffice_docx(source, tmp_path / "lo")
    before, after = read_new(name, source), read_new(name, resaved)
    assert [(r.kind, r.role, r.text) for r in after.classification] == [
        (r.kind, r.role, r.text) for r in before.classification
    ]
    assert after.draft.settings == before.draft.settings
    assert outline(after) == outline(before)


def test_a_charter_typed_as_plain_text_and_saved_by_libreoffice_keeps_its_structure_and_words(tmp_path: Path) -> None:
    text = tmp_path / "norway.txt"
    text.write_text(PLAIN_TEXT, encoding="utf-8")
    result = read_new("norway", libreoffice_docx(text, tmp_path / "lo"))
    settings = result.draft.settings
    assert (settings.party_a.name, settings.party_b.name) == ("the Kingdom of Norway", "the Republic of Chile")
    assert settings.preamble_heading == "PREAMBLE"
    assert len(result.draft.sections[0].clauses) == 2
    assert outline(result) == [
        ("SECTION I: OCEANS", "The Sides base their work on shared aims:", [1, 2]),
        ("SECTION II: SCIENCE AND EDUCATION", "", [1]),
    ]
    assert (settings.place, settings.date) == ("Oslo", "2 March 2026")
    assert settings.languages == ("Norwegian", "Spanish", "English")
    source = libreoffice_docx(text, tmp_path / "lo")
    assert pandoc_words(re_exported(result, tmp_path / "again.docx")) == pandoc_words(source)


def test_libreoffice_list_numbering_that_restarts_per_section_reads_as_libreoffice_shows_it(tmp_path: Path) -> None:
    flat = tmp_path / "ghana.fodt"
    flat.write_text(FLAT_ODT, encoding="utf-8")
    source = libreoffice_docx(flat, tmp_path / "lo")
    result = read_new("ghana", source)
    numbers = [row.text.split()[0] for row in result.classification if row.kind in ("paragraph", "subparagraph")]
    assert numbers == ["1.", "2.", "(a)", "(b)", "3.", "1.", "2.", "3.", "4.", "5.", "6."]
    assert outline(result) == [("Trade and Investment", "", [1, 2, 3]), ("Health", "", [1, 2, 3, 4, 5, 6])]
    assert result.draft.settings.heading == "{title}"
    assert result.warnings == []
    assert pandoc_words(re_exported(result, tmp_path / "again.docx")) == pandoc_words(source)
