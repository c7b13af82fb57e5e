"""Each language's original, the bilingual table, the redline per language and the import of a translation."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from lxml import etree

from charter.bilingual import parts, versions
from charter.bilingual.alignment import check_alignment
from charter.bilingual.render import project, render_in
from charter.bilingual.versions import State
from charter.compare.merge import merge_drafts
from charter.drafting import assemble
from charter.drafting.model import Draft
from charter.errors import ConflictError, DraftError, WordError
from charter.store import Store
from charter.word import export_bytes
from charter.word.bilingual import bilingual_bytes
from charter.word.blame import Stamp
from charter.word.import_edited import import_docx
from charter.word.import_translation import import_translation, with_variables
from charter.word.ooxml import bookmark_name, read_custom_properties
from charter.word.read import read_docx
from charter.word.redline import build_redline
from tests.bilingual.drafts import AZERBAIJANI_LETTERS, LETTERS_AZERI, Charter, bilingual_charter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def charter() -> Charter:
    return bilingual_charter()


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def texts(element: etree._Element) -> str:
    return "".join(element.itertext())


def clause_runs(body: etree._Element, clause_id: str) -> list[etree._Element]:
    """Return the runs of a clause's paragraphs (its bookmark's range) in a document body."""
    [start] = [b for b in body.iter(f"{{{W}}}bookmarkStart") if b.get(f"{{{W}}}name") == bookmark_name(clause_id)]
    mark_id, found, inside = start.get(f"{{{W}}}id"), [], False
    for paragraph in body.iter(f"{{{W}}}p"):
        inside = inside or start in paragraph.iter(f"{{{W}}}bookmarkStart")
        if inside:
            found.extend(paragraph.iter(f"{{{W}}}r"))
            if any(end.get(f"{{{W}}}id") == mark_id for end in paragraph.iter(f"{{{W}}}bookmarkEnd")):
                break
    return found


# -- the reader's view in each language ------------------------------------------------------------


def test_the_azerbaijani_original_names_azerbaijan_first_and_the_english_one_follows_the_alternat(
    charter: Charter,
) -> None:
    azeri, english = render_in(charter.draft, "az"), render_in(charter.draft, "en")
    assert azeri.participants[0].name == "Azərbaycan Respublikası"
    assert azeri.chapeau.startswith("Azərbaycan Respublikası Hökuməti və Amerika Birləşmiş Ştatları Hökuməti")
    assert azeri.signatories == (
        "Azərbaycan Respublikası Hökuməti adından",
        "Amerika Birləşmiş Ştatları Hökuməti adından",
    )
    assert english.participants[0].name == "the United States of America"
    assert english.signatories[0] == "For the Government of the United States of America"
    assert azeri.lead_in == "Aşağıdakı ümumi anlaşmalara gəlmişlər:"
    assert "Vaşinqton şəhərində" in azeri.testimonium and "Azərbaycan və ingilis dillərində" in azeri.testimonium


def test_each_clause_reads_its_version_with_the_variables_in_azerbaijani(charter: Charter) -> None:
    view = render_in(charter.draft, "az")
    by_id = {clause.id: clause for clause in view.clauses()}
    assert by_id[charter.letters].text == LETTERS_AZERI
    friendship = view.clauses()[0]
    assert friendship.text.startswith("Azərbaycan Respublikası və Amerika Birləşmiş Ştatları xalqları")
    assert "${" not in "".join(clause.text for clause in view.clauses())
    assert [s.heading for s in view.sections if s.number][:2] == ["Bölmə I: Enerji təhlükəsizliyi", (
        "Bölmə II: Regional əlaqələr, ticarət və tranzit"
    )]  # fmt: skip
    assert [c.label for c in view.clauses()] == [c.label for c in render_in(charter.draft).clauses()]


def test_a_clause_without_a_translation_shows_its_working_text_after_the_marker(charter: Charter) -> None:
    projection = project(charter.draft, "az")
    assert projection.untranslated == {charter.untranslated}
    [clause] = [c for c in render_in(charter.draft, "az").clauses() if c.id == charter.untranslated]
    assert clause.text == (
        "Hələ tərcümə edilməyib: The Participants intend to report each year to the Government of "
        "the Republic of Azerbaijan."
    )
    assert projection.gaps == (f"clause {clause.label}",)


def test_a_renamed_section_and_an_own_title_are_marked_until_translated(charter: Charter) -> None:
    draft = assemble.rename_section(charter.draft, "energy", "Energy and Connectivity")
    draft = assemble.update_settings(draft, title="Joint Charter")
    view = render_in(draft, "az")
    assert view.title == "Hələ tərcümə edilməyib: Joint Charter"
    assert view.sections[1].heading == "Bölmə I: Hələ tərcümə edilməyib: Energy and Connectivity"
    draft = parts.set_part(draft, "energy", "az", "Enerji və əlaqələr")
    draft = parts.set_part(draft, "title", "az", "Birgə Xartiya")
    view = render_in(draft, "az")
    assert view.title == "Birgə Xartiya" and view.sections[1].heading == "Bölmə I: Enerji və əlaqələr"
    assert render_in(parts.set_part(draft, "title", "az", None), "az").title.startswith("Hələ tərcümə edilməyib")


def test_a_part_or_language_the_draft_cannot_take_is_one_clear_error(charter: Charter) -> None:
    with pytest.raises(DraftError, match="unknown part 'motto'"):
        parts.set_part(charter.draft, "motto", "az", "Şüar")
    with pytest.raises(DraftError, match="no other language English"):
        parts.set_part(charter.draft, "title", "en", "Title")
    with pytest.raises(DraftError, match="heading"):
        parts.set_part(charter.draft, "heading", "az", "Bölmə {nömrə}: {title}")
    with pytest.raises(DraftError, match="not in Russian"):
        render_in(charter.draft, "ru")


def test_a_binding_draft_takes_the_azerbaijani_treaty_formulas(charter: Charter) -> None:
    view = render_in(assemble.update_settings(charter.draft, binding=True), "az")
    assert "«Tərəflər»" in view.chapeau and view.lead_in == "Aşağıdakılar barədə razılığa gəlmişlər:"
    assert view.testimonium.endswith("bütün mətnlər eyni dərəcədə autentikdir.")


# -- the Word originals ----------------------------------------------------------------------------


def test_the_azerbaijani_original_is_tagged_azerbaijani_and_its_gap_grey_and_english(charter: Charter) -> None:
    data = export_bytes(charter.draft, language="az")
    styles = part(data, "word/styles.xml")
    [default] = styles.findall("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default.get(f"{{{W}}}val") == "az-Latn-AZ"
    assert read_custom_properties(io.BytesIO(data))["charter.language"] == "az"
    body = part(data, "word/document.xml").find("w:body", NS)
    gap = clause_runs(body, charter.untranslated)
    number, rest = gap[0], gap[1:]
    assert number.find("w:rPr/w:highlight", NS) is None, "the clause number is not part of the gap"
    assert rest and all(r.find("w:rPr/w:highlight", NS).get(f"{{{W}}}val") == "lightGray" for r in rest)
    assert all(r.find("w:rPr/w:lang", NS).get(f"{{{W}}}val") == "en-GB" for r in rest)
    translated = clause_runs(body, charter.letters)
    assert all(r.find("w:rPr/w:highlight", NS) is None for r in translated)
    assert LETTERS_AZERI in texts(body)


def test_the_azerbaijani_original_writes_its_footer_draft_line_and_signature_blocks_in_azerbaijani(
    charter: Charter,
) -> None:
    document = docx.Document(io.BytesIO(export_bytes(charter.draft, language="az")))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs][1].startswith("LAYİHƏ: azerbaijan-us, redaksiya 4, ")
    assert section.footer.paragraphs[0].text.replace("1", "") == "Səhifə  / "
    left, right = document.tables[-1].rows[0].cells
    assert left.text == "Azərbaycan Respublikası Hökuməti adından"
    assert right.text == "Amerika Birləşmiş Ştatları Hökuməti adından"


def test_the_english_original_is_todays_export_with_its_language_named(charter: Charter) -> None:
    plain = docx.Document(io.BytesIO(export_bytes(charter.draft)))
    english = docx.Document(io.BytesIO(export_bytes(charter.draft, language="en")))
    assert [p.text for p in plain.paragraphs] == [p.text for p in english.paragraphs]
    assert english.tables[-1].rows[0].cells[0].text == "For the Government of the United States of America"


def test_the_bilingual_table_has_a_row_per_paragraph_with_numbers_level_and_each_state(charter: Charter) -> None:
    draft = charter.draft
    energy = next(c for c in draft.clauses() if c.library_id == "energy.gas-corridor-expansion")
    draft = versions.confirm(draft, energy.id, "az")
    draft = assemble.set_text(draft, energy.id, energy.text.replace("Caspian", "Caspian Sea"))
    document = docx.Document(io.BytesIO(bilingual_bytes(draft)))
    [table] = document.tables
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["English (working language)", "Azerbaijani"]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    numbered = [row for row in rows if row[0][:1].isdigit()]
    assert len(numbered) == len(draft.clauses())
    for left, right in numbered:
        assert left.split("\t")[0] == right.split("\t")[0], (left[:40], right[:40])
    states = "\n".join(row[1] for row in numbered)
    assert states.count("Unreviewed working translation.") == len(draft.clauses()) - 3
    assert "Needs update: the English text changed since this translation was confirmed." in states
    assert "Confirmed against the current English text." in states
    assert "Missing: not yet translated; the English text is shown." in states
    underlined = [texts(r) for r in table._tbl.iter(f"{{{W}}}r") if r.find("w:rPr/w:u", NS) is not None]
    assert any("Sea" in text for text in underlined), "the words added since the confirmation are underlined"
    assert read_custom_properties(io.BytesIO(bilingual_bytes(draft)))["charter.export_mode"] == "bilingual"


def test_the_redline_in_azerbaijani_marks_the_change_to_the_azerbaijani_text(charter: Charter) -> None:
    old = charter.draft
    target = next(c for c in old.clauses() if c.library_id == "transit.middle-corridor")
    held = versions.version(target, "az")
    assert held is not None
    new = versions.set_version(old, target.id, "az", held.text.replace("Orta Dəhliz", "Orta Dəhliz (TMTM)"))
    buffer = io.BytesIO()
    build_redline(old, new, Stamp("Tərcüməçi", TIME), language="az").save(buffer)
    accepted = read_docx(buffer.getvalue(), "accept")
    rejected = read_docx(buffer.getvalue(), "reject")
    assert any("Orta Dəhliz (TMTM)" in p.text for p in accepted.paragraphs)
    assert not any("TMTM" in p.text for p in rejected.paragraphs)
    assert any("Orta Dəhliz" in p.text for p in rejected.paragraphs)
    inserted = part(buffer.getvalue(), "word/document.xml").findall(".//w:ins", NS)
    assert inserted and all(i.get(f"{{{W}}}author") == "Tərcüməçi" for i in inserted)


# -- the import of a translation -------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path, charter: Charter) -> tuple[Store, Draft]:
    store = Store(tmp_path / "charter.db")
    draft = store.create(charter.draft.model_copy(update={"revision": None, "draft_id": ""}), "Ann", "start")
    return store, draft


def edit_docx(data: bytes, old: str, new: str) -> bytes:
    """Return a Word file with `old` replaced by `new` in the first run holding it, as a translator would type."""
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new, 1)
                buffer = io.BytesIO()
                document.save(buffer)
                return buffer.getvalue()
    raise AssertionError(f"{old!r} is not in the file")


def test_a_returned_translation_confirms_the_clause_it_changed_and_a_changed_numeral_is_then_found(
    stored: tuple[Store, Draft], charter: Charter
) -> None:
    store, draft = stored
    returned = edit_docx(export_bytes(draft, language="az"), "12 layihə", "13 layihə")
    result = import_translation(store, draft.name, returned, "az", author="Tərcüməçi", source_name="az.docx")
    assert result.revision == 2 and result.base == 1
    assert result.warnings[0] == "1 clause(s) still not translated, left as they were: VI.3"
    assert result.warnings[1].startswith("clause VII.4 is confirmed but does not line up with the working text:")
    saved = store.load(draft.name)
    letters = saved.clause(charter.letters)
    assert versions.version(letters, "az").text == LETTERS_AZERI.replace("12 layihə", "13 layihə")
    counts = versions.counts(saved)["az"]
    assert counts[State.CONFIRMED] == 1, "only the clause the file changed is confirmed"
    assert counts[State.UNREVIEWED] == versions.counts(draft)["az"][State.UNREVIEWED]
    assert counts[State.MISSING] == 1, "the untranslated clause came back unchanged and stays missing"
    [finding] = check_alignment(saved)
    assert finding.clause_id == charter.letters and finding.rule == "alignment.numbers"
    assert "13 only in the Azerbaijani text" in finding.message
    info = store.revision_info(draft.name, 2)
    assert info.author == "Tərcüməçi" and (info.source or {}).get("language") == "az"


def test_a_filled_in_value_goes_back_to_its_variable(stored: tuple[Store, Draft]) -> None:
    store, draft = stored
    friendship = draft.clauses()[0]
    data = export_bytes(draft, language="az")
    returned = edit_docx(data, "köklü dostluğu", "dərin və köklü dostluğu")
    import_translation(store, draft.name, returned, "az", author="Tərcüməçi")
    text = versions.version(store.load(draft.name).clause(friendship.id), "az").text
    assert text.startswith("${party_a} və ${party_b} xalqları arasındakı dərin və köklü dostluğu")


def test_a_translated_gap_becomes_the_version_with_its_variables(stored: tuple[Store, Draft], charter: Charter) -> None:
    store, draft = stored
    shown = (
        "Hələ tərcümə edilməyib: The Participants intend to report each year to the Government of "
        "the Republic of Azerbaijan."
    )
    azeri = "İştirakçılar hər il Azərbaycan Respublikası Hökumətinə hesabat vermək niyyətindədirlər."
    returned = edit_docx(export_bytes(draft, language="az"), shown, azeri)
    result = import_translation(store, draft.name, returned, "az", author="Tərcüməçi")
    held = versions.version(store.load(draft.name).clause(charter.untranslated), "az")
    assert (
        held is not None and held.text == "İştirakçılar hər il ${party_a} Hökumətinə hesabat vermək niyyətindədirlər."
    )
    # the clauses returned unchanged are no news: only the translated gap is confirmed
    assert len(result.changed) == 1 and result.confirmed == result.changed
    assert not check_alignment(store.load(draft.name))


def test_the_import_confirms_against_the_working_text_the_file_was_exported_with(
    stored: tuple[Store, Draft], charter: Charter
) -> None:
    store, draft = stored
    data = export_bytes(draft, language="az")
    changed = store.save(
        assemble.set_text(draft, charter.letters, "The Participants welcome the report of SOFAZ on 14 projects."),
        1,
        "Ann",
        "English moves on",
    ).draft
    result = import_translation(store, draft.name, data, "az", author="Tərcüməçi", confirm_all=True)
    assert result.base == 1 and result.revision == 3 and result.merged
    after = store.load(draft.name)
    assert versions.state(after.clause(charter.letters), "az", after.settings) == State.NEEDS_UPDATE
    assert versions.state(after.clauses()[0], "az", after.settings) == State.CONFIRMED
    assert changed.clause(charter.letters).text == after.clause(charter.letters).text


def test_what_the_import_cannot_place_is_named_and_nothing_is_dropped(stored: tuple[Store, Draft]) -> None:
    store, draft = stored
    document = docx.Document(io.BytesIO(export_bytes(draft, language="az")))
    clause_paragraphs = [p for p in document.paragraphs if p.style.name == "Charter Clause"]
    gone = clause_paragraphs[1]
    gone._p.getparent().remove(gone._p)
    clause_paragraphs[5].insert_paragraph_before("Yeni bənd, heç bir maddəyə uyğun gəlmir və əlavə edilib.")
    buffer = io.BytesIO()
    document.save(buffer)
    result = import_translation(store, draft.name, buffer.getvalue(), "az", author="Tərcüməçi", dry_run=True)
    assert result.revision is None
    assert any("matches no clause of the draft; not imported" in w and "Yeni bənd" in w for w in result.warnings)
    assert any("clause P.2 is not in the file; its Azerbaijani text is unchanged" in w for w in result.warnings)
    assert len(result.draft.clauses()) == len(draft.clauses())


def test_the_imports_refuse_a_file_of_another_language_and_the_bilingual_table(stored: tuple[Store, Draft]) -> None:
    store, draft = stored
    with pytest.raises(WordError, match="is the Azerbaijani original of the draft; import it with --lang az"):
        import_docx(store, draft.name, export_bytes(draft, language="az"), author="Ann")
    with pytest.raises(WordError, match="bilingual table for negotiators, which is not imported"):
        import_docx(store, draft.name, bilingual_bytes(draft), author="Ann")
    with pytest.raises(WordError, match="is not the Azerbaijani original"):
        import_translation(store, draft.name, export_bytes(draft), "az", author="Ann")
    with pytest.raises(WordError, match="working language"):
        import_translation(store, draft.name, export_bytes(draft), "en", author="Ann")
    assert store.head(draft.name) == 1


def test_values_are_written_back_as_variables_longest_first() -> None:
    values = {"party_a": "Azərbaycan Respublikası", "party_a_short": "Azərbaycan"}
    assert with_variables("Azərbaycan Respublikası və Azərbaycan $5", values) == "${party_a} və ${party_a_short} $$5"


# -- merging -----------------------------------------------------------------------------------------


def test_a_merge_keeps_a_translation_made_while_the_working_text_changed(charter: Charter) -> None:
    base = charter.draft
    ours = versions.set_version(base, charter.letters, "az", LETTERS_AZERI + " Əlavə.", confirm=True)
    theirs = assemble.set_text(base, charter.untranslated, "The Participants intend to report twice a year.")
    merged = merge_drafts(base, ours, theirs)
    assert versions.version(merged.clause(charter.letters), "az").text.endswith("Əlavə.")
    both = versions.set_version(base, charter.letters, "az", "İştirakçılar başqa mətn yazırlar.")
    with pytest.raises(ConflictError, match="az version"):
        merge_drafts(base, ours, both)


def test_a_merge_takes_settings_mappings_one_side_left_unset(charter: Charter) -> None:
    base = charter.draft
    ours = base.model_copy(update={"settings": base.settings.model_copy(update={"glossary": None})})
    theirs = parts.set_part(base, "title", "az", "Xartiya")
    merged = merge_drafts(base, ours, theirs)
    assert merged.settings.glossary is None and merged.settings.translations == {"az": {"title": "Xartiya"}}


def test_the_letters_survive_the_originals_and_the_table(charter: Charter) -> None:
    for data in (export_bytes(charter.draft, language="az"), bilingual_bytes(charter.draft)):
        body = texts(part(data, "word/document.xml"))
        assert all(letter in body for letter in AZERBAIJANI_LETTERS)
