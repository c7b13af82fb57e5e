"""Word export: layout, draft and clean modes, markers and properties, read back with python-docx and lxml."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Cm
from lxml import etree

from charter.access import accounts
from charter.cli import main
from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft, Status
from charter.drafting.render import render_draft
from charter.errors import WordError
from charter.library import Library, load_library
from charter.store import Store
from charter.word import export_bytes, export_docx
from charter.word.ooxml import bookmark_name, clause_id_from_bookmark, read_custom_properties, safe_parser
from charter.word.record import record_export, record_redline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
UNICODE_TEXT = (
    "Bakı şəhərində ağ ğ ı ş ç ö ü Ə — Москва и Баку \u201ccurly\u201d \u2018quotes\u2019 "
    "1\u00a0000\u00a0km <script>alert(1)</script> &amp; &lt; 5 > 3"
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(Path(__file__).parents[1] / "data" / "clauses" / "small")


def build_draft(library: Library, marking: str | None = "RESTRICTED", first: str = "a") -> tuple[Draft, dict[str, str]]:
    """Return a stored-looking draft with a recital, a bracketed commented clause, Unicode text and a final clause."""
    settings = demo_settings(marking=marking, first=first)
    draft = assemble.new_draft("azerbaijan-us", settings)
    draft, recital = assemble.add_clause(draft, library, "preamble.friendship")
    draft, corridor = assemble.add_clause(draft, library, "energy.gas-corridor")
    draft, methane = assemble.add_clause(draft, library, "energy.methane")
    draft, unicode = assemble.add_custom(draft, "energy", "Unicode", UNICODE_TEXT)
    draft, status = assemble.add_clause(draft, library, "final.status")
    draft = assemble.set_status(draft, methane.id, Status.BRACKETED)
    draft = assemble.add_comment(draft, methane.id, "Leyla Mammadova", "Check the flaring wording.", TIME)
    draft = assemble.add_comment(draft, methane.id, "John Smith", "Agreed <b>in principle</b>.", TIME)
    draft = draft.model_copy(update={"revision": 7, "draft_id": "0123456789abcdef"})
    ids = {"recital": recital.id, "corridor": corridor.id, "methane": methane.id}
    ids.update(unicode=unicode.id, status=status.id)
    return draft, ids


@pytest.fixture(scope="module")
def sample(library: Library) -> tuple[Draft, dict[str, str]]:
    return build_draft(library)


@pytest.fixture(scope="module")
def draft_file(sample: tuple[Draft, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("word") / "draft.docx"
    export_docx(sample[0], path, revision_time=TIME)
    return path


@pytest.fixture(scope="module")
def clean_file(sample: tuple[Draft, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("word") / "clean.docx"
    export_docx(sample[0], path, clean=True, revision_time=TIME, author="Protocol Office")
    return path


def part(path: Path | bytes, name: str) -> etree._Element:
    """Return one part of a .docx parsed with a safe parser."""
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as archive:
        return etree.fromstring(archive.read(name), safe_parser())


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def body_paragraph_text(p: etree._Element) -> str:
    return "".join(node.text or "\t" for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab"))


# -- layout ----------------------------------------------------------------------------


def test_title_is_the_first_paragraph_centered_bold_in_the_title_style(draft_file: Path, sample) -> None:
    first = docx.Document(str(draft_file)).paragraphs[0]
    assert first.text == render_draft(sample[0]).title
    assert first.style.name == "Title"
    assert first.style.font.bold is True
    assert first.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_chapeau_recitals_lead_in_and_sections_come_in_formal_order(draft_file: Path, sample) -> None:
    view = render_draft(sample[0])
    lines = texts(draft_file)
    assert lines[1] == view.chapeau
    assert lines[2].startswith("1.\tRecognizing the friendship")
    assert lines[3] == view.lead_in
    assert lines[4] == "Section I: Energy Security"
    assert "Section II: Final Provisions" in lines
    assert lines.index(view.testimonium) > lines.index("Section II: Final Provisions")


def test_clause_numbers_are_literal_text_not_word_numbering(draft_file: Path) -> None:
    body = part(draft_file, "word/document.xml")
    assert body.findall(".//w:numPr", NS) == []
    numbered = [t for t in texts(draft_file) if re.match(r"^\d+\.\t", t)]
    assert [t.split("\t")[0] for t in numbered] == ["1.", "1.", "2.", "3.", "1."]


def test_numbered_paragraphs_hang_from_a_tab_stop(draft_file: Path) -> None:
    style = docx.Document(str(draft_file)).styles["Charter Clause"]
    assert style.paragraph_format.left_indent == Cm(1.27)
    assert style.paragraph_format.first_line_indent == -Cm(1.27)
    assert [stop.position for stop in style.paragraph_format.tab_stops] == [Cm(1.27)]


def test_section_headings_are_heading_1_with_roman_numbers(draft_file: Path) -> None:
    headings = [p.text for p in docx.Document(str(draft_file)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Section I: Energy Security", "Section II: Final Provisions"]


def test_subparagraphs_are_separate_indented_paragraphs_of_their_clause(clean_file: Path) -> None:
    paragraphs = docx.Document(str(clean_file)).paragraphs
    index = next(i for i, p in enumerate(paragraphs) if "methane emissions" in p.text)
    lead = "The Participants plan to cooperate on reducing methane emissions, including by:"
    assert paragraphs[index].text == f"2.\t{lead}"
    subs = paragraphs[index + 1 : index + 3]
    assert [p.text for p in subs] == ["(a) measuring emissions at source;", "(b) ending routine flaring."]
    assert all(p.style.name == "Charter Subparagraph" and p.style.paragraph_format.left_indent > 0 for p in subs)


def test_page_is_a4_with_serif_fonts_for_every_script(draft_file: Path) -> None:
    document = docx.Document(str(draft_file))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.5
    styles = part(draft_file, "word/styles.xml")
    for style_id in ("Normal", "Title", "Heading1"):
        fonts = styles.find(f".//w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
        assert {fonts.get(f"{{{W}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    assert document.styles["Normal"].font.size.pt == 12


def test_headings_are_black_and_bold(draft_file: Path) -> None:
    styles = part(draft_file, "word/styles.xml")
    for style_id in ("Title", "Heading1"):
        rpr = styles.find(f".//w:style[@w:styleId='{style_id}']/w:rPr", NS)
        assert rpr.find("w:color", NS).attrib == {f"{{{W}}}val": "000000"}
        assert rpr.find("w:b", NS) is not None
    assert styles.find(".//w:style[@w:styleId='Title']/w:pPr/w:pBdr", NS) is None


# -- draft and clean modes ---------------------------------------------------------------


def test_bracketed_clause_is_wrapped_in_brackets_only_in_draft_mode(draft_file: Path, clean_file: Path) -> None:
    drafted, cleaned = texts(draft_file), texts(clean_file)
    assert "2.\t[The Participants plan to cooperate on reducing methane emissions, including by:" in drafted
    assert "(b) ending routine flaring.]" in drafted
    assert not any("[The Participants" in t or t.endswith("flaring.]") for t in cleaned)
    assert "1.\tThe Participants intend to support the extension" in "\n".join(drafted)


def test_bracketed_clause_runs_are_highlighted_only_in_draft_mode(draft_file: Path, clean_file: Path) -> None:
    def highlighted(path: Path) -> list[str]:
        return [
            r.text
            for p in docx.Document(str(path)).paragraphs
            for r in p.runs
            if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
        ]

    marked = highlighted(draft_file)
    assert marked[0] == "[" and marked[-1] == "]"
    assert "(a) measuring emissions at source;" in marked
    assert not any(text.startswith("2.") for text in marked)
    assert not any("gas corridor" in text for text in marked)
    assert highlighted(clean_file) == []


def test_comments_are_anchored_on_the_clause_first_paragraph_in_draft_mode(draft_file: Path) -> None:
    comments = part(draft_file, "word/comments.xml").findall("w:comment", NS)
    assert [c.get(f"{{{W}}}author") for c in comments] == ["Leyla Mammadova", "John Smith"]
    assert [c.get(f"{{{W}}}initials") for c in comments] == ["LM", "JS"]
    assert comments[0].get(f"{{{W}}}date") == "2026-02-01T10:30:00Z"
    assert "".join(comments[1].itertext()) == "Agreed <b>in principle</b>."
    body = part(draft_file, "word/document.xml")
    for comment in comments:
        start = body.find(f".//w:commentRangeStart[@w:id='{comment.get(f'{{{W}}}id')}']", NS)
        assert "methane emissions" in body_paragraph_text(start.getparent())


def test_clean_mode_has_no_comments(clean_file: Path) -> None:
    assert "word/comments.xml" not in names(clean_file)
    assert part(clean_file, "word/document.xml").findall(".//w:commentRangeStart", NS) == []


def test_header_shows_the_marking_in_both_modes_and_the_draft_line_only_in_draft_mode(
    draft_file: Path, clean_file: Path
) -> None:
    def header(path: Path) -> list[str]:
        return [p.text for p in docx.Document(str(path)).sections[0].header.paragraphs]

    assert header(draft_file) == ["RESTRICTED", "DRAFT: azerbaijan-us, revision 7, 2026-02-01"]
    assert header(clean_file) == ["RESTRICTED"]


def test_clean_export_without_marking_has_an_empty_header(library: Library, tmp_path: Path) -> None:
    draft, _ = build_draft(library, marking=None)
    path = tmp_path / "plain.docx"
    export_docx(draft, path, clean=True)
    assert "".join(p.text for p in docx.Document(str(path)).sections[0].header.paragraphs) == ""


def test_draft_header_of_an_unsaved_draft_says_unsaved_and_today(library: Library) -> None:
    draft, _ = build_draft(library, marking=None)
    data = export_bytes(draft.model_copy(update={"revision": None}))
    header = docx.Document(io.BytesIO(data)).sections[0].header
    today = datetime.now(UTC).date().isoformat()
    assert [p.text for p in header.paragraphs] == [f"DRAFT: azerbaijan-us, unsaved, {today}"]


def test_footer_has_page_and_numpages_fields_in_both_modes(draft_file: Path, clean_file: Path) -> None:
    for path in (draft_file, clean_file):
        footer_name = next(n for n in names(path) if n.startswith("word/footer"))
        footer = part(path, footer_name)
        kinds = [f.get(f"{{{W}}}fldCharType") for f in footer.iter(f"{{{W}}}fldChar")]
        assert kinds == ["begin", "separate", "end"] * 2
        assert [i.text.strip() for i in footer.iter(f"{{{W}}}instrText")] == ["PAGE", "NUMPAGES"]
        words = "".join(t.text for t in footer.iter(f"{{{W}}}t"))
        assert words.startswith("Page ") and " of " in words


# -- markers and properties ----------------------------------------------------------------


def test_every_clause_is_wrapped_in_one_bookmark_named_after_its_id(draft_file: Path, sample) -> None:
    draft, ids = sample
    body = part(draft_file, "word/document.xml").find("w:body", NS)
    starts = body.findall(".//w:bookmarkStart", NS)
    assert [s.get(f"{{{W}}}name") for s in starts] == [bookmark_name(c.id) for c in draft.clauses()]
    comment_ids = {c.get(f"{{{W}}}id") for c in part(draft_file, "word/comments.xml").findall("w:comment", NS)}
    assert len({s.get(f"{{{W}}}id") for s in starts} - comment_ids) == len(starts)  # unique, also among comments
    paragraphs = body.findall("w:p", NS)
    for start in starts:
        name, mark = start.get(f"{{{W}}}name"), start.get(f"{{{W}}}id")
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name)
        ends = body.findall(f".//w:bookmarkEnd[@w:id='{mark}']", NS)
        assert len(ends) == 1
        first, last = paragraphs.index(start.getparent()), paragraphs.index(ends[0].getparent())
        assert re.match(r"^\d+\.\t", body_paragraph_text(paragraphs[first]))
        assert ends[0].getparent()[-1] is ends[0]
        if clause_id_from_bookmark(name) == ids["methane"]:
            assert body_paragraph_text(paragraphs[last]).startswith("(b) ending routine flaring.")
        else:
            assert first == last


def test_bookmark_name_round_trips_and_refuses_foreign_names() -> None:
    assert bookmark_name("0123456789ab") == "c_0123456789ab"
    assert clause_id_from_bookmark("c_0123456789ab") == "0123456789ab"
    assert clause_id_from_bookmark("_GoBack") is None
    assert clause_id_from_bookmark("c_0123456789abc") is None
    with pytest.raises(ValueError):
        bookmark_name("energy.methane")


def test_custom_properties_record_draft_revision_and_mode(draft_file: Path, clean_file: Path) -> None:
    assert read_custom_properties(draft_file) == {
        "charter.draft_name": "azerbaijan-us",
        "charter.draft_id": "0123456789abcdef",
        "charter.revision": "7",
        "charter.export_mode": "draft",
        "charter.brackets_shown": "true",
    }
    clean = read_custom_properties(clean_file)
    assert (clean["charter.export_mode"], clean["charter.brackets_shown"]) == ("clean", "false")


def test_custom_properties_part_is_declared_like_word_declares_it_without_duplicate_entries(draft_file: Path) -> None:
    custom = part(draft_file, "docProps/custom.xml")
    props = custom.findall("{*}property")
    assert [p.get("pid") for p in props] == ["2", "3", "4", "5", "6"]
    assert {p.get("fmtid") for p in props} == {"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"}
    assert all(etree.QName(p[0]).localname == "lpwstr" for p in props)
    types = part(draft_file, "[Content_Types].xml")
    override = types.find("{*}Override[@PartName='/docProps/custom.xml']")
    assert override.get("ContentType") == "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    rels = part(draft_file, "_rels/.rels")
    targets = [r.get("Target") for r in rels if r.get("Type").endswith("/relationships/custom-properties")]
    assert targets == ["docProps/custom.xml"]
    assert [name for name, count in Counter(names(draft_file)).items() if count > 1] == []  # no duplicate entries


def test_core_properties_are_set_and_never_mention_python_docx(draft_file: Path, clean_file: Path, sample) -> None:
    core = docx.Document(str(draft_file)).core_properties
    assert core.title == render_draft(sample[0]).title
    assert (core.author, core.last_modified_by, core.revision) == ("Strategic Working Group",) * 2 + (7,)
    assert core.created == core.modified == TIME
    assert docx.Document(str(clean_file)).core_properties.author == "Protocol Office"
    for path in (draft_file, clean_file):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("docProps/") and name.endswith(".xml"):
                    assert b"python-docx" not in archive.read(name).lower(), name


# -- text safety ---------------------------------------------------------------------------


def test_unicode_text_round_trips_exactly(draft_file: Path) -> None:
    assert f"3.\t{UNICODE_TEXT}" in texts(draft_file)
    assert any(UNICODE_TEXT == "".join(t.itertext()) for t in part(draft_file, "word/document.xml").iter(f"{{{W}}}t"))


def test_invalid_control_characters_are_dropped(sample) -> None:
    draft, ids = sample
    # Input refuses these characters now; a revision saved before that comes back from the store like this.
    data = draft.model_dump()
    clause = next(c for s in data["sections"] for c in s["clauses"] if c["id"] == ids["corridor"])
    clause["text"] = "Bad\x00 \x01chars\x08\x0e\x1f stay\ttabbed\ufffe out."
    clause["comments"] = [*clause["comments"], {"author": "Ops\x07", "time": TIME, "text": "Note\x00\x0b\x0c this."}]
    data["settings"]["title"] = "Charter\x0b\x0c\x1b of \x02Friendship"
    data["name"] = "azerbaijan-us\x01"
    dirty = Draft.model_validate(data, context={"stored": True})
    data = export_bytes(dirty, revision_time=TIME)
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Charter of Friendship"
    assert "1.\tBad chars stay\ttabbed out." in lines
    assert "Note this." in "".join(part(data, "word/comments.xml").itertext())
    assert document.sections[0].header.paragraphs[1].text.startswith("DRAFT: azerbaijan-us, ")
    assert read_custom_properties(io.BytesIO(data))["charter.draft_name"] == "azerbaijan-us"


def test_export_bytes_is_a_docx_that_python_docx_opens(sample) -> None:
    data = export_bytes(sample[0], clean=True, revision_time=TIME)
    assert data[:2] == b"PK"
    assert docx.Document(io.BytesIO(data)).paragraphs[0].style.name == "Title"


def test_export_to_a_missing_folder_raises_word_error(sample, tmp_path: Path) -> None:
    with pytest.raises(WordError, match="cannot write"):
        export_docx(sample[0], tmp_path / "missing" / "x.docx")


# -- command line --------------------------------------------------------------------------


@pytest.fixture
def stored(sample, tmp_path: Path) -> Path:
    db = tmp_path / "charter.db"
    store = Store(db)
    store.create(sample[0].model_copy(update={"revision": None, "draft_id": ""}), "Leyla Mammadova", "New draft")
    store.close()
    return db


def test_cli_export_writes_the_stored_revision(stored: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "charter.docx"
    assert main(["--db", str(stored), "export", "azerbaijan-us", "--rev", "1", "-o", str(out)]) == 0
    assert "revision 1, draft mode" in capsys.readouterr().out
    props = read_custom_properties(out)
    assert (props["charter.revision"], props["charter.export_mode"]) == ("1", "draft")
    assert len(props["charter.draft_id"]) > 0
    header = docx.Document(str(out)).sections[0].header
    assert header.paragraphs[1].text.startswith("DRAFT: azerbaijan-us, revision 1, ")


def test_every_export_is_audited_with_the_revision_the_mode_and_the_file(stored: Path, tmp_path: Path) -> None:
    store = Store(stored)
    record_export(store, "ann", "azerbaijan-us", 1, clean=True)
    record_redline(store, "ann", "azerbaijan-us", 1, 2, file_name="r.docx")
    assert main(["--db", str(stored), "export", "azerbaijan-us", "-o", str(tmp_path / "c.docx")]) == 0
    entries = [(e.action, e.target, e.detail) for e in accounts.audit_log(store)][-3:]
    store.close()
    assert entries == [
        ("export", "azerbaijan-us", "revision 1, clean mode"),
        ("export", "azerbaijan-us", "redline 1 to 2, r.docx"),
        ("export", "azerbaijan-us", "revision 1, draft mode, c.docx"),
    ]


def test_cli_clean_export_has_no_brackets(stored: Path, tmp_path: Path) -> None:
    out = tmp_path / "clean.docx"
    assert main(["--db", str(stored), "export", "azerbaijan-us", "--clean", "-o", str(out)]) == 0
    assert read_custom_properties(out)["charter.export_mode"] == "clean"
    assert not any("[The Participants" in t for t in texts(out))


def test_cli_export_refuses_an_output_folder_that_does_not_exist(stored: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "nowhere" / "charter.docx"
    assert main(["--db", str(stored), "export", "azerbaijan-us", "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not out.parent.exists()


def test_cli_export_refuses_a_name_that_is_not_docx(stored: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(stored), "export", "azerbaijan-us", "-o", str(tmp_path / "charter.pdf")]) == 2
    assert "must end in .docx" in capsys.readouterr().err


def test_cli_pdf_without_libreoffice_is_a_clear_error(stored: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("charter.cli.word.shutil.which", lambda name: None)
    out = tmp_path / "charter.docx"
    assert main(["--db", str(stored), "export", "azerbaijan-us", "--pdf", "-o", str(out)]) == 2
    assert "--pdf needs LibreOffice (soffice)" in capsys.readouterr().err
    assert not out.exists()
