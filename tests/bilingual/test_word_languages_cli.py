"""`charter export --lang/--bilingual`, `redline --lang`, `import --lang`, `draft translate` and `draft alternat`."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx

from tests.cli import test_cli
from tests.cli.test_cli import ok

# the fixtures of the main CLI tests: a real `charter` subprocess, and a small draft in Azerbaijani and English
run, demo = test_cli.run, test_cli.demo

AZERI = "İştirakçılar ${party_a} ilə Avropa bazarlarını birləşdirən qaz dəhlizini dəstəkləyirlər."


def cell_texts(path: Path) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[0].rows]


def test_the_originals_and_the_table_are_written_and_recorded(demo, tmp_path: Path) -> None:
    ok(demo("draft", "set-text", "demo", "I.1", "--lang", "az", "--text", AZERI, "--confirm"))
    ok(demo("draft", "alternat", "demo", "--lang", "az", "--first", "a"))
    ok(demo("draft", "set", "demo", "--first", "b"))
    said = ok(demo("export", "demo", "--lang", "az", "-o", "az.docx"))
    assert re.search(r"wrote az\.docx \(demo, revision \d+, draft mode, az original\)", said)
    assert "warning: not yet translated into Azerbaijani, shown in the working language:" in said
    assert "clause I.2" in said and "clause I.1" not in said
    azeri = docx.Document(str(tmp_path / "az.docx"))
    assert "İştirakçılar Azərbaycan Respublikası ilə" not in "".join(p.text for p in azeri.paragraphs)
    # the draft gives no Azerbaijani party names: the English ones show, marked as every gap is
    assert "the value of ${party_a}" in said
    marked = "Hələ tərcümə edilməyib: the Republic of Azerbaijan"
    assert any(p.text.startswith(f"1.\tİştirakçılar {marked} ilə") for p in azeri.paragraphs)
    assert azeri.tables[-1].rows[0].cells[0].text == f"{marked} Hökuməti adından"
    ok(demo("export", "demo", "--lang", "en", "-o", "en.docx"))
    english = docx.Document(str(tmp_path / "en.docx"))
    assert english.tables[-1].rows[0].cells[0].text == "For the Government of the United States of America"
    assert "bilingual" in ok(demo("export", "demo", "--bilingual", "-o", "bi.docx"))
    rows = cell_texts(tmp_path / "bi.docx")
    assert rows[0] == ["English (working language)", "Azerbaijani"]
    assert any(row[1].startswith("1.\tİştirakçılar") and "Confirmed" in row[1] for row in rows)
    audit = ok(demo("audit", "--json"))
    assert "az original" in audit and "bilingual" in audit


def test_a_translation_comes_back_confirmed_and_the_numeral_check_finds_its_change(demo, tmp_path: Path) -> None:
    ok(demo("draft", "set-text", "demo", "I.1", "--lang", "az", "--text", AZERI + " 2 dəhliz."))
    ok(demo("export", "demo", "--lang", "az", "-o", "az.docx"))
    document = docx.Document(str(tmp_path / "az.docx"))
    for paragraph in document.paragraphs:
        for run_ in paragraph.runs:
            run_.text = run_.text.replace("2 dəhliz.", "3 dəhliz.")
    document.save(str(tmp_path / "back.docx"))
    dry = json.loads(ok(demo("import", "demo", "back.docx", "--lang", "az", "--dry-run", "--json")))
    assert dry["revision"] is None and dry["changed"] == ["I.1"] and dry["confirmed"] == ["I.1"]
    said = ok(demo("import", "demo", "back.docx", "--lang", "az"))
    assert "Azerbaijani text changed in 1 clause(s): I.1" in said and "saved revision" in said
    result = demo("check", "demo", "--alignment", "--json")
    report = json.loads(result.stdout)
    assert report["versions"]["az"]["confirmed"] == 1
    [finding] = [f for f in report["findings"] if f["clause"] == "I.1"]
    assert finding["rule"] == "alignment.numbers" and "3 only in the Azerbaijani text" in finding["message"]


def test_the_wrong_file_or_language_is_one_clear_line(demo, tmp_path: Path) -> None:
    ok(demo("export", "demo", "--lang", "az", "-o", "az.docx"))
    ok(demo("export", "demo", "--bilingual", "-o", "bi.docx"))
    for args, message in (
        (("import", "demo", "az.docx"), "is the Azerbaijani original of the draft; import it with --lang az"),
        (("import", "demo", "bi.docx", "--lang", "az"), "bilingual table for negotiators"),
        (("import", "demo", "az.docx", "--confirm-all"), "--confirm-all confirms the versions of a translated"),
        (("export", "demo", "--lang", "ru", "-o", "ru.docx"), "is not in Russian"),
        (("export", "demo", "--bilingual", "--clean", "-o", "x.docx"), "no clean mode"),
        (("draft", "translate", "demo", "motto", "--lang", "az", "--text", "Şüar"), "unknown part 'motto'"),
    ):
        result = demo(*args)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_section_title_and_the_redline_in_azerbaijani(demo, tmp_path: Path) -> None:
    ok(demo("draft", "translate", "demo", "I", "--lang", "az", "--text", "Enerji"))
    ok(demo("draft", "set-text", "demo", "I.1", "--lang", "az", "--text", AZERI))
    head = json.loads(ok(demo("draft", "log", "demo", "--json")))[-1]["revision"]
    said = ok(demo("redline", "demo", "--from", str(head - 1), "--lang", "az", "-o", "rl.docx"))
    assert "tracked changes signed by delegation, az original" in said
    body = docx.Document(str(tmp_path / "rl.docx")).element.body
    inserted = "".join(t.text or "" for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
                       if t.getparent().getparent().tag.endswith("}ins"))  # fmt: skip
    assert "İştirakçılar" in inserted
    assert any(
        p.text == "Bölmə I: Enerji" for p in docx.Document(io.BytesIO((tmp_path / "rl.docx").read_bytes())).paragraphs
    )
