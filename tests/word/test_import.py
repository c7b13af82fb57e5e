"""Word import: edits made in Word to an exported charter come back as the expected comparison."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from charter.cli import main
from charter.drafting import assemble, template
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft, Reservation, Status
from charter.drafting.template import restore_variables
from charter.errors import ConflictError, WordError
from charter.library import Library, load_library, text_hash
from charter.store import Store
from charter.word import export_docx
from charter.word.import_edited import (
    NO_PROPERTIES,
    ImportResult,
    import_docx,
    read_import,
)
from charter.word.import_foreign import import_new, read_new
from charter.word.matching import area_for
from charter.word.ooxml import bookmark_name
from charter.word.read import read_docx

DATA = Path(__file__).parents[1] / "data"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
WORD_TIME = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
Stored = tuple[Draft, dict[str, str]]
CONSULTATIONS = "The Participants intend to hold annual consultations on energy security."
RESERVED = "The Participants may establish a joint energy fund."


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(DATA / "clauses" / "small")


def build_draft(library: Library, name: str = "demo") -> tuple[Draft, dict[str, str]]:
    """Return an unsaved draft: a recital, four energy clauses (one bracketed, one commented), a final clause."""
    settings = demo_settings(place="Baku", date="1 December 2026")
    draft = assemble.new_draft(name, settings)
    draft, recital = assemble.add_clause(draft, library, "preamble.friendship")
    draft, corridor = assemble.add_clause(draft, library, "energy.gas-corridor")
    draft, methane = assemble.add_clause(draft, library, "energy.methane")
    draft, consultations = assemble.add_custom(draft, "energy", "Consultations", CONSULTATIONS)
    draft, fund = assemble.add_custom(draft, "energy", "Fund", RESERVED)
    draft, status = assemble.add_clause(draft, library, "final.status")
    draft = assemble.set_status(draft, fund.id, Status.BRACKETED)
    draft = assemble.add_comment(draft, corridor.id, "Leyla Mammadova", "Check the corridor wording.", TIME)
    ids = {
        "recital": recital.id,
        "corridor": corridor.id,
        "methane": methane.id,
        "consultations": consultations.id,
        "fund": fund.id,
        "status": status.id,
    }
    return draft, ids


@pytest.fixture
def stored(store: Store, library: Library) -> Stored:
    """Return revision 2 of draft 'demo' (revision 1 is empty) and its clause ids."""
    draft, ids = build_draft(library)
    first = store.create(assemble.new_draft("demo", draft.settings), "Tester")
    saved = store.save(draft.model_copy(update={"draft_id": first.draft_id, "revision": 1}), 1, "Tester", "Clauses")
    return saved.draft, ids


@pytest.fixture
def exported(stored: tuple[Draft, dict[str, str]], tmp_path: Path) -> Path:
    path = tmp_path / "export.docx"
    export_docx(stored[0], path, revision_time=TIME)
    return path


# -- editing an export the way Word would --------------------------------------------------------


def clause_paragraphs(document: DocxDocument, clause_id: str) -> list[Paragraph]:
    """Return the paragraphs of one clause: from its bookmark's start to its end."""
    body = document.element.body
    name = bookmark_name(clause_id)
    found: list[Paragraph] = []
    inside = False
    bookmark_id = None
    for p in body.iter(qn("w:p")):
        for start in p.iter(qn("w:bookmarkStart")):
            if start.get(qn("w:name")) == name:
                inside, bookmark_id = True, start.get(qn("w:id"))
        if inside:
            found.append(Paragraph(p, document._body))
            if any(end.get(qn("w:id")) == bookmark_id for end in p.iter(qn("w:bookmarkEnd"))):
                break
    assert found, f"no paragraphs for clause {clause_id}"
    return found


def edited(path: Path, change: Callable[[DocxDocument], None], target: Path | None = None) -> Path:
    """Return a copy of the .docx at `path` with `change(document)` applied through python-docx."""
    document = docx.Document(str(path))
    change(document)
    target = target or path.with_name(f"edited-{path.name}")
    document.save(str(target))
    return target


def replace_in_runs(paragraph: Paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} not found in {paragraph.text!r}")


def tracked(kind: str, text: str, change_id: int) -> str:
    """Return the XML of a tracked insertion or deletion of `text` by a reviewer."""
    tag = "t" if kind == "ins" else "delText"
    return (
        f'<w:{kind} xmlns:w="{W}" w:id="{change_id}" w:author="Reviewer" w:date="2026-03-02T09:15:00Z">'
        f'<w:r><w:{tag} xml:space="preserve">{text}</w:{tag}></w:r></w:{kind}>'
    )


def run_xml(text: str) -> str:
    return f'<w:r xmlns:w="{W}"><w:t xml:space="preserve">{text}</w:t></w:r>'


def import_file(store: Store, path: Path | bytes, **options: Any) -> ImportResult:
    return import_docx(store, "demo", path, author="Reviewer", **options)


def changes(result: ImportResult) -> list[tuple[str, str]]:
    return [(c.id, c.change) for c in result.comparison.clauses]


def expected(ids: dict[str, str], **kinds: str) -> list[tuple[str, str]]:
    order = ["recital", "corridor", "methane", "consultations", "fund", "status"]
    return [(ids[key], kinds.get(key, "unchanged")) for key in order]


# -- no edits --------------------------------------------------------------------------------------


def test_an_unedited_export_imports_as_no_change_and_saves_nothing(
    store: Store, stored: Stored, exported: Path
) -> None:
    draft, ids = stored
    result = import_file(store, exported)
    assert changes(result) == expected(ids)
    assert result.comparison.changed == []
    assert result.revision is None and result.base == 2
    assert "the file changes nothing; no revision was saved" in result.warnings
    assert store.head("demo") == 2
    assert result.draft.sections == draft.sections


def test_read_import_previews_without_a_store(stored: Stored, exported: Path) -> None:
    draft, _ = stored
    preview, warnings = read_import(draft, exported)
    assert preview.sections == draft.sections
    assert warnings == []


def test_an_export_with_its_own_formulas_and_a_section_lead_in_imports_as_no_change(
    store: Store, stored: Stored, tmp_path: Path
) -> None:
    draft, _ = stored
    energy = next(i for i, s in enumerate(draft.sections) if s.id == "energy")
    sections = list(draft.sections)
    sections[energy] = sections[energy].model_copy(update={"lead_in": "Both Participants share these aims:"})
    own = assemble.update_settings(
        draft.model_copy(update={"sections": tuple(sections)}),
        chapeau="${party_a} and ${party_b}, the Sides:",
        lead_in="",
        closing="",
        heading="{roman}. {title}",
        preamble_heading="PREAMBLE",
    )
    saved = store.save(own, 2, "Tester", "Own formulas").draft
    assert saved.sections[energy].lead_in == "Both Participants share these aims:"
    assert store.load("demo").settings.heading == "{roman}. {title}"
    path = tmp_path / "own.docx"
    export_docx(saved, path, revision_time=TIME)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "PREAMBLE" in texts and "I. Energy Security" in texts and "Have come to" not in " ".join(texts)
    assert texts[texts.index("I. Energy Security") + 1] == "Both Participants share these aims:"
    assert texts[texts.index("I. Energy Security") + 2].startswith("1.\t")
    result = import_docx(store, "demo", path, author="Reviewer", dry_run=True)
    assert result.comparison.changed == [] and result.draft.sections == saved.sections
    assert not [w for w in result.warnings if "section" in w or "heading" in w], result.warnings


# -- simulated edits -------------------------------------------------------------------------------


def test_changed_words_become_a_modified_clause_with_word_ops_and_keep_the_variables(
    store: Store, stored: Stored, exported: Path
) -> None:
    _, ids = stored
    path = edited(
        exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "extension", "expansion")
    )
    result = import_file(store, path)
    assert changes(result) == expected(ids, corridor="modified")
    change = result.comparison.clauses[1]
    assert change.ops == [
        ("=", "The Participants intend to support the "),
        ("-", "extension"),
        ("+", "expansion"),
        ("=", " of the gas corridor linking the Republic of Azerbaijan with new markets."),
    ]
    assert result.revision == 3
    saved = store.load("demo").clause(ids["corridor"])
    assert (
        saved.text
        == "The Participants intend to support the expansion of the gas corridor linking ${party_a} with new markets."
    )
    assert result.warnings == []


def test_a_tracked_insertion_and_deletion_are_accepted_by_default(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        paragraph = clause_paragraphs(document, ids["consultations"])[0]
        text_run = paragraph.runs[-1]._r
        for xml in (
            run_xml("The Participants intend to hold "),
            tracked("del", "annual ", 901),
            tracked("ins", "regular ", 902),
            run_xml("consultations on energy security."),
        ):
            text_run.addprevious(parse_xml(xml))
        text_run.getparent().remove(text_run)

    path = edited(exported, change)
    accepted = import_file(store, path, dry_run=True)
    assert changes(accepted) == expected(ids, consultations="modified")
    assert accepted.comparison.clauses[3].ops == [
        ("=", "The Participants intend to hold "),
        ("-", "annual"),
        ("+", "regular"),
        ("=", " consultations on energy security."),
    ]
    rejected = import_file(store, path, tracked="reject", dry_run=True)
    assert rejected.comparison.changed == []


def test_a_tracked_paragraph_deletion_and_insertion_follow_their_paragraph_marks(
    store: Store, stored: Stored, exported: Path
) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        gone = clause_paragraphs(document, ids["consultations"])[0]._p
        for run in gone.findall(qn("w:r")):
            for t in run.findall(qn("w:t")):
                t.tag = qn("w:delText")
            wrapper = parse_xml(f'<w:del xmlns:w="{W}" w:id="911" w:author="Reviewer" w:date="2026-03-02T09:15:00Z"/>')
            run.addprevious(wrapper)
            wrapper.append(run)
        gone.get_or_add_pPr().append(
            parse_xml(
                f'<w:rPr xmlns:w="{W}"><w:del w:id="912" w:author="Reviewer" w:date="2026-03-02T09:15:00Z"/></w:rPr>'
            )
        )
        new = parse_xml(
            f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="CharterClause"/><w:rPr>'
            f'<w:ins w:id="913" w:author="Reviewer" w:date="2026-03-02T09:15:00Z"/></w:rPr></w:pPr>'
            f"{tracked('ins', '5.' + chr(9) + 'The Participants intend to share methane data.', 914)}</w:p>"
        )
        clause_paragraphs(document, ids["fund"])[0]._p.addnext(new)

    path = edited(exported, change)
    accepted = import_file(store, path, dry_run=True)
    added = [c for c in accepted.comparison.clauses if c.change == "added"]
    assert len(added) == 1 and added[0].new_text == "The Participants intend to share methane data."
    assert [(c.id, c.change) for c in accepted.comparison.clauses if c.change != "added"] == expected(
        ids, consultations="deleted"
    )
    assert any("matched no clause; kept as a new clause" in w for w in accepted.warnings)
    rejected = import_file(store, path, tracked="reject", dry_run=True)
    assert rejected.comparison.changed == []


def test_a_deleted_paragraph_becomes_a_deleted_clause(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        p = clause_paragraphs(document, ids["corridor"])[0]._p
        p.getparent().remove(p)

    result = import_file(store, edited(exported, change))
    assert changes(result) == expected(ids, corridor="deleted")
    assert ids["corridor"] not in {c.id for c in store.load("demo").clauses()}


def test_an_added_paragraph_becomes_a_new_custom_clause_in_place_with_a_warning(
    store: Store, stored: Stored, exported: Path
) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        anchor = clause_paragraphs(document, ids["consultations"])[0]._p
        new = copy.deepcopy(anchor)
        for child in list(new):
            if child.tag != qn("w:pPr"):
                new.remove(child)
        new.append(parse_xml(run_xml("4.\tThe Participants intend to exchange energy experts.")))
        anchor.addnext(new)

    result = import_file(store, edited(exported, change))
    kinds = [c.change for c in result.comparison.clauses]
    assert kinds == ["unchanged", "unchanged", "unchanged", "unchanged", "added", "unchanged", "unchanged"]
    added = result.comparison.clauses[4]
    assert added.new_text == "The Participants intend to exchange energy experts."
    assert added.new_number == "I.4"
    assert result.warnings == [
        "paragraph 11 (\u201c4. The Participants intend to exchange e\u2026\u201d) "
        "matched no clause; kept as a new clause in section I"
    ]
    clause = store.load("demo").clause(added.id)
    assert clause.area == "energy" and clause.origin is None and clause.status == Status.PROPOSED


def test_two_swapped_clause_paragraphs_become_a_move(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        first = clause_paragraphs(document, ids["corridor"])[0]._p
        second = clause_paragraphs(document, ids["consultations"])[0]._p
        second.addnext(first)  # the corridor clause now follows the consultations clause

    result = import_file(store, edited(exported, change))
    order = [c.id for c in result.comparison.clauses]
    assert order == [ids[k] for k in ("recital", "methane", "consultations", "corridor", "fund", "status")]
    moved = [c for c in result.comparison.clauses if c.change == "moved"]
    assert len(moved) == 1 and all(c.change in ("moved", "unchanged") for c in result.comparison.clauses)
    assert result.comparison.summary.by_change["moved"] == 1


def test_removed_brackets_make_a_bracketed_clause_agreed(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        paragraph = clause_paragraphs(document, ids["fund"])[0]
        for run in paragraph.runs:
            if run.text in ("[", "]"):
                run._r.getparent().remove(run._r)

    result = import_file(store, edited(exported, change))
    assert changes(result) == expected(ids, fund="status")
    fund = result.comparison.clauses[4]
    assert (fund.old_status, fund.new_status) == (Status.BRACKETED, Status.AGREED)
    assert store.load("demo").clause(ids["fund"]).text == RESERVED


def test_brackets_added_around_a_whole_clause_make_it_bracketed(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        paragraphs = clause_paragraphs(document, ids["methane"])
        replace_in_runs(paragraphs[0], "The Participants plan", "[The Participants plan")
        replace_in_runs(paragraphs[-1], "flaring.", "flaring.]")

    result = import_file(store, edited(exported, change))
    assert changes(result) == expected(ids, methane="status")
    assert store.load("demo").clause(ids["methane"]).status == Status.BRACKETED


def test_a_clean_export_shows_no_brackets_so_statuses_stay(store: Store, stored: Stored, tmp_path: Path) -> None:
    draft, ids = stored
    path = tmp_path / "clean.docx"
    export_docx(draft, path, clean=True)
    result = import_file(store, path)
    assert result.comparison.changed == []
    assert result.draft.clause(ids["fund"]).status == Status.BRACKETED


def test_a_new_word_comment_becomes_a_clause_comment_with_its_author_and_date(
    store: Store, stored: Stored, exported: Path
) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        runs = clause_paragraphs(document, ids["methane"])[0].runs
        comment = document.add_comment(runs, text="Which flaring data?", author="Rustam Aliyev", initials="RA")
        comment._comment_elm.date = WORD_TIME

    result = import_file(store, edited(exported, change))
    assert changes(result) == expected(ids)
    commented = [c for c in result.comparison.clauses if c.comments_added]
    assert [c.id for c in commented] == [ids["methane"]]
    (comment,) = commented[0].comments_added
    assert (comment.author, comment.text, comment.time) == ("Rustam Aliyev", "Which flaring data?", WORD_TIME)
    assert result.revision == 3
    # the comment exported from the store is not imported a second time
    assert len(store.load("demo").clause(ids["corridor"]).comments) == 1


def test_a_new_sub_paragraph_joins_its_clause(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        last = clause_paragraphs(document, ids["methane"])[-1]._p
        new = parse_xml(
            f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="CharterSubparagraph"/></w:pPr>'
            f"{run_xml('(c) publishing methane data.')}</w:p>"
        )
        last.addnext(new)

    result = import_file(store, edited(exported, change))
    assert changes(result) == expected(ids, methane="modified")
    assert result.comparison.clauses[2].ops[-1] == ("+", "\n(c) publishing methane data.")
    assert (
        store.load("demo")
        .clause(ids["methane"])
        .text.endswith("(b) ending routine flaring.\n(c) publishing methane data.")
    )


def test_editing_a_filled_in_value_stores_the_text_as_written_with_a_warning(
    store: Store, stored: Stored, exported: Path
) -> None:
    _, ids = stored
    path = edited(
        exported,
        lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "the Republic of Azerbaijan", "Azerbaijan"),
    )
    result = import_file(store, path)
    assert changes(result) == expected(ids, corridor="modified")
    text = store.load("demo").clause(ids["corridor"]).text
    assert (
        text
        == "The Participants intend to support the extension of the gas corridor linking Azerbaijan with new markets."
    )
    assert any("edits a value filled in from the draft settings in clause I.1" in w for w in result.warnings)


def test_an_edit_near_variables_and_a_dollar_sign_keeps_them(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored
    path = edited(exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["status"])[0], "political", "shared"))
    import_file(store, path)
    assert store.load("demo").clause(ids["status"]).text == (
        "This Charter records shared intentions, signed in ${languages} at ${place}, and costs $$0 to apply."
    )


# -- base revision and merge -----------------------------------------------------------------------


def test_the_base_is_the_exported_revision_and_a_newer_head_is_merged(
    store: Store, stored: Stored, exported: Path
) -> None:
    draft, ids = stored
    meanwhile = assemble.set_text(draft, ids["consultations"], "The Participants intend to meet twice a year.")
    store.save(meanwhile, 2, "Colleague", "Meanwhile")
    path = edited(
        exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "extension", "expansion")
    )
    result = import_file(store, path)
    assert result.base == 2 and result.revision == 4 and result.merged
    assert changes(result) == expected(ids, corridor="modified")
    head = store.load("demo")
    assert "expansion" in head.clause(ids["corridor"]).text
    assert head.clause(ids["consultations"]).text == "The Participants intend to meet twice a year."


def test_an_overlapping_edit_meanwhile_raises_conflict_and_saves_nothing(
    store: Store, stored: Stored, exported: Path
) -> None:
    draft, ids = stored
    meanwhile = assemble.set_text(
        draft, ids["corridor"], "The Participants intend to support the growth of the gas corridor linking ${party_a}."
    )
    store.save(meanwhile, 2, "Colleague", "Meanwhile")
    path = edited(
        exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "extension", "expansion")
    )
    with pytest.raises(ConflictError):
        import_file(store, path)
    assert store.head("demo") == 3


def test_a_dry_run_reports_changes_and_saves_nothing(store: Store, stored: Stored, exported: Path) -> None:
    _, ids = stored
    path = edited(exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "new", "distant"))
    result = import_file(store, path, dry_run=True)
    assert result.revision is None and changes(result) == expected(ids, corridor="modified")
    assert store.head("demo") == 2


def strip_part(path: Path, *names: str) -> bytes:
    """Return the .docx bytes without the named zip entries (relationships left dangling, as some tools do)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in names:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def strip_clause_bookmarks(document: DocxDocument) -> None:
    body = document.element.body
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for element in list(body.iter(qn(tag))):
            element.getparent().remove(element)


def test_a_file_without_properties_or_bookmarks_is_matched_by_number_with_warnings(
    store: Store, stored: Stored, exported: Path
) -> None:
    draft, ids = stored
    store.save(assemble.set_title(draft, ids["recital"], "Friendship (renamed)"), 2, "Colleague", "Meanwhile")
    path = edited(exported, strip_clause_bookmarks)
    result = import_file(store, strip_part(path, "docProps/custom.xml"), dry_run=True)
    assert result.base == 3
    assert result.warnings[0] == NO_PROPERTIES
    assert (
        "paragraph 3 (\u201c1. Recognizing the friendship between th\u2026\u201d) "
        "matched clause P.1 by number, not by bookmark"
    ) in result.warnings
    assert len(result.warnings) == 1 + 6
    assert result.comparison.changed == []


def test_a_paragraph_moved_to_another_section_without_bookmarks_is_matched_by_similarity(
    store: Store, stored: Stored, exported: Path
) -> None:
    _, ids = stored

    def change(document: DocxDocument) -> None:
        strip_clause_bookmarks(document)
        corridor = [p for p in document.paragraphs if "gas corridor" in p.text][0]._p
        status = [p for p in document.paragraphs if "records political intentions" in p.text][0]._p
        status.addnext(corridor)

    result = import_file(store, edited(exported, change), dry_run=True)
    assert [c.id for c in result.comparison.clauses][-1] == ids["corridor"]
    assert result.comparison.clauses[-1].change == "moved"
    assert any("matched clause I.1 by similarity" in w for w in result.warnings)


# -- restoring variables ---------------------------------------------------------------------------


VALUES = {"party_a": "the Republic of Azerbaijan", "place": "Baku"}


def test_restore_variables_applies_edits_around_values() -> None:
    text = "Linking ${party_a} with markets at ${place}, for $$5."
    new = "Linking the Republic of Azerbaijan with distant markets at Baku, for $5 only."
    assert restore_variables(text, VALUES, new) == "Linking ${party_a} with distant markets at ${place}, for $$5 only."


def test_restore_variables_refuses_an_edit_inside_a_value() -> None:
    assert restore_variables("Linking ${party_a} today.", VALUES, "Linking the Republic of Azerbaijan today.") == (
        "Linking ${party_a} today."
    )
    assert restore_variables("Linking ${party_a} today.", VALUES, "Linking the Republic of Georgia today.") is None


def test_restore_variables_escapes_typed_dollars_and_placeholders() -> None:
    restored = restore_variables("Costs nothing.", VALUES, "Costs $5 or ${party_a}.")
    assert restored == "Costs $$5 or $${party_a}."
    assert template.render(restored, VALUES) == "Costs $5 or ${party_a}."


def test_areas_are_picked_from_heading_keywords() -> None:
    assert area_for("Regional Connectivity, Including Energy, Trade, and Transit") == "transit"
    assert area_for("Energy Security") == "energy"
    assert area_for("Artificial Intelligence and Digital Infrastructure") == "ai-digital"
    assert area_for("Investment and Finance") == "finance"
    assert area_for("Defence Cooperation") == "security"
    assert area_for("Final Provisions") == "final"
    assert area_for("Working Group") == "implementation"
    assert area_for("Miscellaneous") == "implementation"


# -- the reader ------------------------------------------------------------------------------------


def document_bytes(body: str, extra: dict[str, str] | None = None) -> bytes:
    """Return a minimal .docx whose body is `body` (WordprocessingML without the w: namespace declaration)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_reader_takes_fields_hyperlinks_tabs_and_content_controls_but_not_field_codes_or_text_boxes() -> None:
    body = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:tab/><w:t>of</w:t><w:br/><w:t>next</w:t></w:r>"
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>'
        '<w:hyperlink><w:r><w:t xml:space="preserve"> link</w:t></w:r></w:hyperlink>'
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>"
        "</w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In a table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    paragraphs = read_docx(document_bytes(body)).paragraphs
    assert [(p.text, p.in_table) for p in paragraphs] == [
        ("In a content control", False),
        ("Page 7\tof\nnext9 link", False),
        ("In a table", True),
    ]


def test_the_reader_gives_accepted_and_rejected_views_with_moves() -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">A </w:t></w:r>'
        '<w:moveFrom w:id="1" w:author="R"><w:r><w:t>moved </w:t></w:r></w:moveFrom>'
        '<w:ins w:id="2" w:author="R"><w:r><w:t>new </w:t></w:r></w:ins>'
        '<w:del w:id="3" w:author="R"><w:r><w:delText>old </w:delText></w:r></w:del>'
        '<w:moveTo w:id="4" w:author="R"><w:r><w:t>here</w:t></w:r></w:moveTo></w:p>'
        '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="R"/></w:rPr></w:pPr><w:r><w:t>joined </w:t></w:r></w:p>'
        "<w:p><w:r><w:t>to this</w:t></w:r></w:p>"
    )
    data = document_bytes(body)
    assert [p.text for p in read_docx(data).paragraphs] == ["A new here", "joined to this"]
    assert [p.text for p in read_docx(data, "reject").paragraphs] == ["A moved old ", "joined ", "to this"]


def test_the_reader_gives_list_items_their_numbers_and_letters() -> None:
    numbering = (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
        'Target="numbering.xml"/></Relationships>'
    )
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    data = document_bytes(item * 3, {"word/numbering.xml": numbering, "word/_rels/document.xml.rels": rels})
    assert [p.label for p in read_docx(data).paragraphs] == ["(a)", "(b)", "(c)"]


def test_bookmarks_between_paragraphs_go_to_their_neighbours() -> None:
    body = (
        '<w:bookmarkStart w:id="1" w:name="c_0123456789ab"/>'
        "<w:p><w:r><w:t>first</w:t></w:r></w:p>"
        '<w:p><w:bookmarkEnd w:id="1"/><w:r><w:t>second</w:t></w:r>'
        '<w:commentRangeStart w:id="4"/></w:p>'
        '<w:commentReference w:id="5"/>'
    )
    first, second = read_docx(document_bytes(body)).paragraphs
    assert (first.bookmarks, first.bookmark_ends) == (("c_0123456789ab",), ("c_0123456789ab",))
    assert (second.bookmarks, second.bookmark_ends, second.comments) == ((), (), ("4", "5"))


def test_an_unknown_view_of_tracked_changes_is_refused(exported: Path) -> None:
    with pytest.raises(WordError, match="unknown view of tracked changes"):
        read_docx(exported, "ignore")  # type: ignore[arg-type]


# -- charters written in Word ----------------------------------------------------------------------


def foreign_docx(path: Path, paragraphs: list[tuple[str, str]]) -> Path:
    """Write a .docx with python-docx from (style, text) pairs, as someone drafting by hand would."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


def test_import_new_reads_a_hand_written_charter(store: Store, library: Library, tmp_path: Path) -> None:
    corridor = template.render(library.get("energy.gas-corridor").text, {"party_a": "the Republic of Azerbaijan"})
    path = foreign_docx(
        tmp_path / "hand.docx",
        [
            (
                "Title",
                "Charter on Strategic Partnership between the Government of the Republic of Azerbaijan "
                "and the Government of Japan",
            ),
            ("Normal", "The Government of the Republic of Azerbaijan and the Government of Japan (the Participants),"),
            ("Normal", "1. Recognizing their friendship,"),
            ("Normal", "Have reached the following understandings:"),
            ("Heading 1", "Article 1: Energy"),
            ("Normal", "1. " + corridor),
            ("Normal", "2. The Participants intend to cooperate on methane, including by:"),
            ("Normal", "(a) measuring emissions;"),
            ("Heading 1", "Article 2"),
            ("Normal", "This Charter may be amended by mutual consent."),
            ("Normal", "Signed at Tokyo on 3 April 2026 in the Azerbaijani, Japanese and English languages."),
            ("Normal", "For the Government of Japan"),
        ],
    )
    result = import_new(store, "japan", path, author="Tester", library=library)
    assert [row.kind for row in result.classification] == [
        "title", "chapeau", "recital", "lead-in", "heading", "paragraph", "paragraph", "subparagraph",
        "heading", "paragraph", "closing", "signature",
    ]  # fmt: skip
    draft = store.load("japan")
    assert draft.revision == 1
    settings = draft.settings
    assert (settings.party_a.name, settings.party_b.name) == ("the Republic of Azerbaijan", "Japan")
    assert (settings.place, settings.date, settings.languages) == (
        "Tokyo",
        "3 April 2026",
        ("Azerbaijani", "Japanese", "English"),
    )
    sections = [(s.title, s.areas, [c.text for c in s.clauses]) for s in draft.sections if s.clauses]
    assert sections == [
        ("Preamble", ("preamble",), ["Recognizing their friendship,"]),
        ("Energy", ("energy",), [
            library.get("energy.gas-corridor").text,
            "The Participants intend to cooperate on methane, including by:\n(a) measuring emissions;",
        ]),
        ("Final Provisions", ("final",), ["This Charter may be amended by mutual consent."]),
    ]  # fmt: skip
    matched = draft.sections[1].clauses[0]
    assert matched.origin is not None and matched.origin.clause_id == "energy.gas-corridor"
    assert matched.origin.text_hash == text_hash(library.get("energy.gas-corridor").text)
    assert draft.sections[1].clauses[1].origin is None


def test_read_new_refuses_nothing_but_warns_when_participants_are_missing(tmp_path: Path) -> None:
    path = foreign_docx(tmp_path / "bare.docx", [("Heading 1", "Section I: Trade"), ("Normal", "1. Trade grows.")])
    result = read_new("bare", path)
    assert any("no Participants found" in w for w in result.warnings)
    assert [c.text for c in result.draft.sections[1].clauses] == ["Trade grows."]
    assert result.draft.sections[1].areas == ("transit",)


def test_an_imported_clause_with_a_reservation_is_bracketed_even_when_stored_as_proposed(
    store: Store, stored: Stored, tmp_path: Path
) -> None:
    draft, ids = stored
    corridor = draft.clause(ids["corridor"])
    reservation = Reservation(delegation="b", author="Sam", time=TIME)
    reserved = corridor.model_copy(update={"reservations": (reservation,), "status": Status.PROPOSED})
    old = assemble.change_clause(draft, corridor.id, lambda _: reserved)
    old = store.save(old, draft.revision, "Tester", "as saved before the rule").draft
    path = tmp_path / "reserved.docx"
    export_docx(old, path, revision_time=TIME)
    path = edited(path, lambda d: replace_in_runs(clause_paragraphs(d, corridor.id)[0], "extension", "expansion"))
    result = import_docx(store, "demo", path, author="Ann")
    assert result.draft.clause(corridor.id).status == Status.BRACKETED


# -- command line ----------------------------------------------------------------------------------


def test_charter_import_json_prints_base_revision_warnings_and_diff(
    store: Store, stored: Stored, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, ids = stored
    path = edited(
        exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "extension", "expansion")
    )
    code = main(["--db", str(store.path), "--library", str(DATA / "clauses" / "small"), "import", "demo", str(path),
                 "--json", "--dry-run", "--author", "Ann"])  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["base"], data["revision"], data["warnings"]) == (2, None, [])
    assert [c["change"] for c in data["diff"]["clauses"]].count("modified") == 1
    code = main(["--db", str(store.path), "import", "demo", str(path), "--author", "Ann", "-m", "From Word"])
    out = capsys.readouterr().out
    assert code == 0 and "saved revision 3 (based on revision 2)" in out and "[-extension-][+expansion+]" in out
    assert store.history("demo")[-1].message == "From Word"


def test_charter_import_records_the_delegation_of_its_author_and_the_file_as_the_counterparts(
    store: Store, stored: Stored, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, ids = stored
    path = edited(
        exported, lambda d: replace_in_runs(clause_paragraphs(d, ids["corridor"])[0], "extension", "expansion")
    )
    code = main(["--db", str(store.path), "import", "demo", str(path), "--author", "Aziz", "--delegation", "a"])
    assert code == 0, capsys.readouterr().err
    saved = store.history("demo")[-1]
    assert (saved.author, saved.delegation, saved.source) == ("Aziz", "a", {"file": path.name, "delegation": "b"})
    refused = main(["--db", str(store.path), "import", "demo", str(path), "--lang", "az", "--delegation", "a"])
    assert refused == 2 and "leave it out with --lang" in capsys.readouterr().err


def test_charter_import_of_a_broken_file_is_one_line_and_exit_2(
    store: Store, stored: Stored, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    assert main(["--db", str(store.path), "import", "demo", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a .docx file" in err
    assert store.head("demo") == 2


def test_charter_import_new_json_lists_every_paragraph(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = foreign_docx(
        tmp_path / "hand.docx",
        [("Title", "Charter between the Government of Georgia and the Government of Japan"),
         ("Heading 1", "Section I: Digital Technology"), ("Normal", "1. The Participants intend to cooperate.")],
    )  # fmt: skip
    code = main(["--db", str(store.path), "--library", str(DATA / "clauses" / "small"), "import-new", "geo", str(path),
                 "--json", "--author", "Ann"])  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["paragraph"], c["kind"]) for c in data["classification"]] == [
        (1, "title"),
        (2, "heading"),
        (3, "paragraph"),
    ]
    assert data["revision"] == 1 and data["sections"][0]["areas"] == ["ai-digital"]
    assert store.load("geo").settings.party_a.name == "Georgia"


def test_paragraphs_after_the_signature_block_are_named_in_a_warning_not_dropped_silently(
    store: Store, stored: Stored, exported: Path
) -> None:
    def append(document: DocxDocument) -> None:
        for index in range(30):
            document.add_paragraph(f"Annex paragraph {index} with several words of text that follow the signatures.")

    result = import_file(store, edited(exported, append))
    found = [w for w in result.warnings if "after the closing formula and signatures" in w]
    assert len(found) == 1, result.warnings
    assert "29 more paragraph(s)" in found[0] and "not imported" in found[0]


def test_an_unedited_export_warns_of_nothing_after_its_signatures(store: Store, stored: Stored, exported: Path) -> None:
    result = import_file(store, exported)
    assert not [w for w in result.warnings if "after the closing formula" in w], result.warnings
