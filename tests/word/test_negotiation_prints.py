"""What negotiators print, and brackets in the ordinary export, read back with python-docx, lxml and the Word reader."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from lxml import etree

from charter.access import accounts
from charter.cli import main
from charter.compare.diff import compare
from charter.drafting.model import DraftClause, Status
from charter.drafting.render import RenderedDraft, render_draft
from charter.errors import WordError
from charter.negotiation.brackets import reserve
from charter.store import Store
from charter.word import export_bytes, read_custom_properties
from charter.word.blame import Stamp
from charter.word.export import save_document
from charter.word.import_edited import read_import
from charter.word.layout import clause_paragraphs, paragraph_texts, read_back
from charter.word.negotiation import agreed_note, print_bytes
from charter.word.ooxml import bookmark_name, safe_parser
from charter.word.read import read_docx
from charter.word.redline import build_redline
from charter.word.typography import highlight_of
from tests.negotiating import TIME, Negotiation, negotiation, put

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name), safe_parser())


def members(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return set(archive.namelist())


def paragraph_text(p: etree._Element) -> str:
    return "".join(node.text or "" if node.tag == q("t") else "\t" for node in p.iter(q("t"), q("tab")))


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    return negotiation()


@pytest.fixture(scope="module")
def prints(talks: Negotiation) -> dict[str, bytes]:
    files = {kind: print_bytes(talks.draft, kind, revision_time=TIME) for kind in ("joint", "matrix", "agreed")}
    files["draft"] = export_bytes(talks.draft, revision_time=TIME)
    files["clean"] = export_bytes(talks.draft, clean=True, revision_time=TIME)
    return files


# -- brackets in the ordinary export ---------------------------------------------------------------


def test_the_parts_of_every_clause_paragraph_spell_exactly_the_rendered_text(talks: Negotiation) -> None:
    for clause in render_draft(talks.draft).clauses():
        for shown in (True, False):
            layout = clause_paragraphs(clause, brackets_shown=shown)
            texts = ["".join(p.text for p in paragraph.parts if not p.number) for paragraph in layout]
            if shown and clause.wrapped:
                texts[0] = texts[0].removeprefix("[")
                texts[-1] = texts[-1].removesuffix("]")
            assert texts == paragraph_texts(clause), (clause.label, shown)


def test_the_export_reads_back_as_the_rendered_text_in_the_notation_clause_by_clause(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    document = read_docx(prints["draft"])
    for clause in render_draft(talks.draft).clauses():
        start = next(i for i, p in enumerate(document.paragraphs) if bookmark_name(clause.id) in p.bookmarks)
        end = next(i for i, p in enumerate(document.paragraphs) if bookmark_name(clause.id) in p.bookmark_ends)
        lines = [p.text.strip() for p in document.paragraphs[start : end + 1]]
        lines[0] = lines[0].split("\t", 1)[1]
        expected = f"[{clause.text}]" if clause.wrapped else clause.text
        assert "\n".join(lines) == read_back(expected), clause.label


def runs_of(data: bytes, clause_id: str) -> list[tuple[str, str | None, bool]]:
    """Return (text, highlight, bold) of every run in a clause's lead paragraph."""
    body = part(data, "word/document.xml")
    start = next(b for b in body.iter(q("bookmarkStart")) if b.get(q("name")) == bookmark_name(clause_id))
    found = []
    for run in start.getparent().iter(q("r")):
        highlight = run.find("w:rPr/w:highlight", NS)
        bold = run.find("w:rPr/w:b", NS) is not None
        text = "".join(t.text or "" for t in run.iter(q("t")))
        found.append((text, None if highlight is None else highlight.get(q("val")), bold))
    return found


def test_each_delegations_tag_is_bold_and_its_wording_in_its_own_colour(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    runs = runs_of(prints["draft"], talks.ids["corridor"])
    assert ("AZ: ", "cyan", True) in runs and ("intend to support", "cyan", False) in runs
    assert ("US: ", "green", True) in runs and ("will seek to support", "green", False) in runs
    assert ("Chair: ", "lightGray", True) in runs and ("\u2014", "lightGray", False) in runs
    assert ("[", "yellow", False) in runs and (" / ", "yellow", False) in runs and ("]", "yellow", False) in runs
    assert ("The Participants ", None, False) in runs


def test_the_clean_export_keeps_the_bracket_notation_without_highlights(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    assert all(highlight is None and not bold for _, highlight, bold in runs_of(prints["clean"], talks.ids["corridor"]))
    texts = [p.text for p in read_docx(prints["clean"]).paragraphs]
    assert any("[AZ: intend to support / US: will seek to support / Chair: \u2014]" in t for t in texts)


def test_the_ordinary_export_with_brackets_comes_back_through_the_import_unchanged(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    back, warnings = read_import(talks.draft, prints["draft"])
    assert warnings == []
    assert not compare(talks.draft, back).changed
    assert [c.brackets for c in back.clauses()] == [c.brackets for c in talks.draft.clauses()]


def tracked_view(data: bytes, accept: bool) -> list[str]:
    """Return the body paragraphs' text as Accept All (or Reject All) leaves it; no paragraph mark is tracked here."""
    dropped = q("del") if accept else q("ins")
    paragraphs = []
    for p in part(data, "word/document.xml").iter(q("p")):
        kept = [n for n in p.iter(q("t"), q("delText"), q("tab")) if dropped not in {a.tag for a in n.iterancestors()}]
        paragraphs.append("".join("\t" if n.tag == q("tab") else n.text or "" for n in kept))
    return paragraphs


def test_a_redline_to_a_newly_bracketed_revision_accepts_to_the_notation_and_rejects_to_the_old_text(
    talks: Negotiation,
) -> None:
    before = negotiation(chair=False).draft
    after = talks.draft.model_copy(update={"revision": 5})
    buffer = io.BytesIO()
    save_document(build_redline(before, after, Stamp("U.S. Delegation", TIME), revision_time=TIME), buffer)
    old, new = (render_draft(d).clauses()[1] for d in (before, after))
    assert f"1.\t{new.text}" in tracked_view(buffer.getvalue(), accept=True)
    assert f"1.\t{old.text}" in tracked_view(buffer.getvalue(), accept=False)
    assert "Chair: \u2014" not in old.text


# -- the joint negotiating text --------------------------------------------------------------------


def test_the_joint_text_holds_a_footnotes_part_with_separators_relationship_and_content_type(
    prints: dict[str, bytes],
) -> None:
    data = prints["joint"]
    assert "word/footnotes.xml" in members(data)
    notes = part(data, "word/footnotes.xml")
    special = [(n.get(q("type")), n.get(q("id"))) for n in notes.iter(q("footnote"))][:2]
    assert special == [("separator", "-1"), ("continuationSeparator", "0")]
    rels = part(data, "word/_rels/document.xml.rels")
    targets = [r.get("Target") for r in rels if r.get("Type", "").endswith("/footnotes")]
    assert targets == ["footnotes.xml"]
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    settings = part(data, "word/settings.xml")
    listed = [f.get(q("id")) for f in settings.findall("w:footnotePr/w:footnote", NS)]
    assert listed == ["-1", "0"]
    order = [child.tag for child in settings]
    assert order.index(q("footnotePr")) < order.index(q("compat"))


def test_each_reservation_is_a_footnote_at_the_end_of_its_clause(talks: Negotiation, prints: dict[str, bytes]) -> None:
    data = prints["joint"]
    notes = {
        n.get(q("id")): "".join(t.text or "" for t in n.iter(q("t"))).strip()
        for n in part(data, "word/footnotes.xml").iter(q("footnote"))
        if n.get(q("type")) is None
    }
    assert sorted(notes.values()) == ["AZ reserve", "US reserve: pending review in Washington"]
    body = part(data, "word/document.xml")
    ends = {b.get(q("id")): b for b in body.iter(q("bookmarkEnd"))}
    for role, said in (("corridor", "US reserve: pending review in Washington"), ("methane", "AZ reserve")):
        start = next(b for b in body.iter(q("bookmarkStart")) if b.get(q("name")) == bookmark_name(talks.ids[role]))
        last = ends[start.get(q("id"))].getparent()
        (reference,) = last.iter(q("footnoteReference"))
        assert notes[reference.get(q("id"))] == said
        after = list(last)[list(last).index(reference.getparent()) + 1 :]
        assert [child.tag for child in after] == [q("bookmarkEnd")], "the mark ends the clause, inside its bookmark"
    assert len(list(body.iter(q("footnoteReference")))) == 2


def test_the_joint_text_says_what_it_is_and_leaves_the_comments_out(prints: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(prints["joint"]))
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "RESTRICTED"
    assert header[1] == "JOINT NEGOTIATING TEXT: azerbaijan-us, revision 4, 2026-02-01"
    assert header[2] == "Brackets: AZ = Azerbaijan; US = the United States; Chair. Reservations are footnotes."
    assert "word/comments.xml" not in members(prints["joint"]) or not list(
        part(prints["joint"], "word/comments.xml").iter(q("comment"))
    )
    assert document.core_properties.category == "Joint negotiating text"
    properties = read_custom_properties(io.BytesIO(prints["joint"]))
    assert (properties["charter.export_mode"], properties["charter.brackets_shown"]) == ("joint", "true")


def test_the_joint_text_writes_the_body_exactly_as_the_draft_export_does(prints: dict[str, bytes]) -> None:
    assert [p.text for p in read_docx(prints["joint"]).paragraphs] == [
        p.text for p in read_docx(prints["draft"]).paragraphs
    ]


def test_a_draft_without_reservations_gets_no_footnotes_part(talks: Negotiation) -> None:
    def unreserved(clause: DraftClause) -> DraftClause:
        return clause.model_copy(update={"reservations": ()})

    sections = tuple(
        s.model_copy(update={"clauses": tuple(unreserved(c) for c in s.clauses)}) for s in talks.draft.sections
    )
    data = print_bytes(talks.draft.model_copy(update={"sections": sections}), "joint", revision_time=TIME)
    assert "word/footnotes.xml" not in members(data)


# -- the negotiation matrix ------------------------------------------------------------------------


def matrix_rows(data: bytes) -> list[list[str]]:
    body = part(data, "word/document.xml")
    (table,) = body.iter(q("tbl"))
    return [
        ["\n".join(paragraph_text(p) for p in cell.iter(q("p"))) for cell in row.iter(q("tc"))]
        for row in table.iter(q("tr"))
    ]


def test_the_matrix_is_a_landscape_a4_page(prints: dict[str, bytes]) -> None:
    section = docx.Document(io.BytesIO(prints["matrix"])).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)


def test_the_matrix_has_a_repeated_header_row_and_one_row_per_clause(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    rows = matrix_rows(prints["matrix"])
    assert rows[0] == [
        "Clause", "Current text", "Azerbaijan (AZ)", "The United States (US)", "Chair", "Status", "Last comment"
    ]  # fmt: skip
    body = part(prints["matrix"], "word/document.xml")
    trs = list(next(body.iter(q("tbl"))).iter(q("tr")))
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
    view = render_draft(talks.draft)
    assert [row[0].split("\n")[0] for row in rows[1:]] == [c.label for c in view.clauses()]
    assert [row[0].split("\n")[1] for row in rows[1:]] == [c.title for c in view.clauses()]


def test_each_delegations_column_holds_its_wordings_and_its_reservation(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    rows = {row[0].split("\n")[0]: row for row in matrix_rows(prints["matrix"])[1:]}
    corridor, methane, fund = rows["I.1"], rows["I.2"], rows["I.4"]
    assert corridor[1] == render_draft(talks.draft).clauses()[1].text
    assert corridor[2:5] == [
        "[1] intend to support",
        "[1] will seek to support\nReserve: pending review in Washington",
        "[1] (leave out)",
    ]
    assert methane[2:4] == ["[1] plan to cooperate\n[2] at source\nReserve", "[1] will cooperate\n[2] at every well"]
    assert methane[5] == "bracketed\n2 open brackets\nAZ reserve"
    assert methane[6] == "Jane Doe: Our capital wants every well."
    assert fund[2:7] == ["", "", "", "agreed", ""]


def test_the_chairs_column_appears_only_when_the_chair_proposes_something() -> None:
    data = print_bytes(negotiation(chair=False).draft, "matrix", revision_time=TIME)
    assert matrix_rows(data)[0] == [
        "Clause", "Current text", "Azerbaijan (AZ)", "The United States (US)", "Status", "Last comment"
    ]  # fmt: skip


def test_the_matrix_colours_each_delegations_wordings(prints: dict[str, bytes]) -> None:
    body = part(prints["matrix"], "word/document.xml")
    coloured = {
        "".join(t.text or "" for t in r.iter(q("t"))): r.find("w:rPr/w:highlight", NS).get(q("val"))
        for r in body.iter(q("r"))
        if r.find("w:rPr/w:highlight", NS) is not None
    }
    assert coloured["will seek to support"] == "green" and coloured["plan to cooperate"] == "cyan"
    assert coloured["(leave out)"] == "lightGray"


# -- the agreed text ad referendum -----------------------------------------------------------------


def test_the_agreed_text_holds_only_the_agreed_clauses_numbered_as_in_the_full_draft(
    talks: Negotiation, prints: dict[str, bytes]
) -> None:
    texts = [p.text for p in read_docx(prints["agreed"]).paragraphs]
    view = render_draft(talks.draft)
    by_label = {c.label: c for c in view.clauses()}
    for label in ("P.1", "I.4", "II.1"):
        assert f"{by_label[label].number}.\t{by_label[label].text}" in texts
    assert "4.\tThe Participants intend to set up a joint fund." in texts
    for label in ("I.1", "I.2", "I.3"):
        assert not any(by_label[label].paragraphs[0] in t for t in texts), label
    assert not any(t.startswith("For the Government of") or t.startswith("Signed at") for t in texts)


def test_the_agreed_text_says_it_is_ad_referendum_and_names_the_open_clauses(prints: dict[str, bytes]) -> None:
    texts = [p.text for p in read_docx(prints["agreed"]).paragraphs]
    assert texts[1] == (
        "Agreed text ad referendum of azerbaijan-us, revision 4: only the paragraphs agreed so far, numbered as in "
        "the full draft. Still open, and not shown: paragraphs I.1, I.2 and I.3."
    )
    header = [p.text for p in docx.Document(io.BytesIO(prints["agreed"])).sections[0].header.paragraphs]
    assert header == ["RESTRICTED", "AGREED TEXT AD REFERENDUM: azerbaijan-us, revision 4, 2026-02-01"]


def test_the_agreed_text_is_clean(prints: dict[str, bytes]) -> None:
    body = part(prints["agreed"], "word/document.xml")
    assert not list(body.iter(q("highlight")))
    assert "[" not in "".join(t.text or "" for t in body.iter(q("t"))).replace("[day] [month]", "")
    assert read_custom_properties(io.BytesIO(prints["agreed"]))["charter.brackets_shown"] == "false"


def test_the_agreed_note_says_when_nothing_or_everything_is_agreed(talks: Negotiation) -> None:
    view = render_draft(talks.draft)

    def keeping(agreed: bool) -> RenderedDraft:
        sections = view.sections
        kept = [replace(s, clauses=[c for c in s.clauses if (c.status == Status.AGREED) == agreed]) for s in sections]
        return replace(view, sections=kept)

    assert agreed_note(keeping(False)).endswith("No paragraph is agreed yet.")
    assert agreed_note(keeping(True)).endswith("Every paragraph of the draft is agreed.")


def test_an_unknown_print_is_a_clear_error(talks: Negotiation) -> None:
    with pytest.raises(WordError, match="unknown print 'poster'; expected one of joint, matrix, agreed"):
        print_bytes(talks.draft, "poster")


# -- command line ----------------------------------------------------------------------------------


@pytest.fixture
def stored(talks: Negotiation, tmp_path: Path) -> Path:
    db = tmp_path / "charter.db"
    store = Store(db)
    store.create(talks.draft.model_copy(update={"revision": None, "draft_id": ""}), "Leyla Mammadova", "New draft")
    store.close()
    return db


@pytest.mark.parametrize("kind", ["joint", "matrix", "agreed"])
def test_cli_export_writes_each_print_and_audits_it(kind: str, stored: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / f"{kind}.docx"
    assert main(["--db", str(stored), "export", "azerbaijan-us", f"--{kind}", "-o", str(out)]) == 0
    said = {"joint": "joint negotiating text", "matrix": "negotiation matrix", "agreed": "agreed text ad referendum"}
    assert capsys.readouterr().out.strip() == f"wrote {out} (azerbaijan-us, revision 1, {said[kind]})"
    assert read_custom_properties(out)["charter.export_mode"] == kind
    store = Store(stored)
    entry = accounts.audit_log(store)[-1]
    store.close()
    assert (entry.action, entry.target, entry.detail) == (
        "export",
        "azerbaijan-us",
        f"revision 1, {said[kind]}, {kind}.docx",
    )


def test_cli_export_without_output_writes_next_to_where_it_runs(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(stored), "export", "azerbaijan-us", "--joint"]) == 0
    assert main(["--db", str(stored), "export", "azerbaijan-us"]) == 0
    assert (tmp_path / "azerbaijan-us-r1-joint.docx").is_file() and (tmp_path / "azerbaijan-us-r1.docx").is_file()


def test_cli_export_takes_one_layout_at_a_time(stored: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(stored), "export", "azerbaijan-us", "--joint", "--clean", "-o", str(tmp_path / "x.docx")])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_highlight_colours_are_word_palette_colours() -> None:
    assert {highlight_of(d) for d in ("a", "b", "chair", None)} == {
        WD_COLOR_INDEX.TURQUOISE, WD_COLOR_INDEX.BRIGHT_GREEN, WD_COLOR_INDEX.GRAY_25, WD_COLOR_INDEX.YELLOW
    }  # fmt: skip


def test_a_reservation_note_keeps_its_markup_as_text_and_its_line_breaks(talks: Negotiation) -> None:
    noted = reserve(talks.clause("transit"), "b", "Jane Doe", "Review <b>&amp;</b> first\nthen decide", TIME)
    data = print_bytes(put(talks.draft, noted), "joint", revision_time=TIME)
    notes = [n for n in part(data, "word/footnotes.xml").iter(q("footnote")) if n.get(q("type")) is None]
    texts = ["|".join(t.text or "" for t in n.iter(q("t"))) for n in notes]
    assert " US reserve: Review <b>&amp;</b> first|then decide" in texts
    assert any(n.find(".//w:br", NS) is not None for n in notes)
    styles = part(data, "word/styles.xml")
    for style_id, kind in (("FootnoteText", "paragraph"), ("FootnoteReference", "character")):
        (style,) = [s for s in styles.iter(q("style")) if s.get(q("styleId")) == style_id]
        assert (style.get(q("type")), style.get(q("customStyle"))) == (kind, None)
