"""Text that stays text: control characters refused at input, terminal output escaped, formula cells neutralised."""

from __future__ import annotations

import pytest

from charter import textsafety
from charter.drafting import assemble
from charter.errors import CharterError, UnsafeTextError
from tests.conftest import make_draft

ESCAPES = ["\x1b[2J", "\x1b]0;pwned\x07", "\x9b31m", "\x00", "\r", "\x7f"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("bad", ESCAPES + BIDI + ["\n", "\t"])
def test_a_one_line_value_with_a_control_or_bidi_character_is_refused_naming_field_and_character(bad: str) -> None:
    with pytest.raises(UnsafeTextError) as caught:
        textsafety.check_text(f"Energy{bad}Security", "section title")
    message = str(caught.value)
    assert message.startswith("section title 'Energy") and f"U+{ord(bad[0]):04X}" in message
    assert "at character 7" in message and "\n" not in message and "\x1b" not in message
    assert isinstance(caught.value, CharterError)


def test_a_message_may_hold_tabs_and_newlines_but_not_other_controls() -> None:
    assert textsafety.check_text("line one\n\tline two", "save message", multiline=True) == "line one\n\tline two"
    for bad in ESCAPES + BIDI:
        with pytest.raises(UnsafeTextError, match="save message"):
            textsafety.check_text(f"fine{bad}", "save message", multiline=True)


def test_plain_and_non_latin_text_passes_unchanged() -> None:
    for good in ["Energy Security", "Azərbaycan Respublikası", "Соединённые Штаты", "الطاقة", "中华人民共和国", "é—ü"]:
        assert textsafety.check_text(good, "title") == good


def test_clause_text_refuses_nul_and_the_controls_word_would_drop_but_keeps_bidi_and_line_breaks() -> None:
    with pytest.raises(UnsafeTextError, match=r"clause text .* U\+0000 \(NUL\)"):
        textsafety.check_clause_text("The Participants\x00 intend")
    with pytest.raises(UnsafeTextError, match="U\\+001B"):
        textsafety.check_clause_text("The Participants\x1b[2J intend")
    kept = "The Participants intend:\n\t(a) \u202bالطاقة\u202c;\r\n"
    assert textsafety.check_clause_text(kept) == kept


def test_bidi_controls_in_a_text_give_one_warning_per_kind_naming_the_character() -> None:
    warnings = textsafety.bidi_warnings("pay \u202eSU 01\u202e x \u2066y\u2069", "clause 'Payments'")
    assert len(warnings) == 3
    assert warnings[0].startswith("clause 'Payments' contains the bidirectional control U+202E (RIGHT-TO-LEFT")
    assert "at character 5" in warnings[0]
    assert textsafety.bidi_warnings("plain text") == []


def test_terminal_output_shows_control_and_bidi_characters_as_escapes() -> None:
    raw = "Ann\x1b[2J\x1b]0;title\x07\x9b\u202e\nnext\tcol"
    shown = textsafety.escape_controls(raw)
    assert shown == "Ann\\x1b[2J\\x1b]0;title\\x07\\x9b\\u202e\\x0anext\\x09col"
    assert textsafety.escape_controls(raw, multiline=True).endswith("\\u202e\nnext\tcol")
    assert textsafety.escape_controls("Azərbaycan — ok") == "Azərbaycan — ok"


def test_json_output_escapes_c1_and_bidi_characters_and_stays_the_same_json() -> None:
    import json

    data = {"author": "a\x9b\u202eb", "message": "ok"}
    text = textsafety.escape_json_text(json.dumps(data, ensure_ascii=False))
    assert "\x9b" not in text and "\u202e" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize(
    "cell",
    ["=cmd|' /C calc'!A0", '=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_a_table_cell_that_starts_like_a_formula_gets_a_leading_quote(cell: str) -> None:
    assert textsafety.csv_cell(cell) == "'" + cell
    assert textsafety.csv_rows([{"message": cell, "revision": 3}]) == [{"message": "'" + cell, "revision": 3}]


def test_ordinary_cells_and_numbers_are_left_alone() -> None:
    assert [textsafety.csv_cell(v) for v in ["Ann", "a=b", "1", 5, -5, None]] == ["Ann", "a=b", "1", 5, -5, None]


def test_renaming_a_section_with_an_escape_sequence_is_refused_in_one_line(small_library) -> None:
    draft = make_draft(small_library)
    with pytest.raises(UnsafeTextError, match=r"^section title 'Energy\\x1b\[2J' contains a control character"):
        assemble.rename_section(draft, "energy", "Energy\x1b[2J")


def test_renaming_a_section_still_applies_the_title_length_limit(small_library) -> None:
    with pytest.raises(CharterError, match="title"):
        assemble.rename_section(make_draft(small_library), "energy", "x" * 501)


def test_nul_in_a_clause_text_is_refused_when_set_and_when_added(small_library) -> None:
    draft = make_draft(small_library)
    clause = draft.clauses()[0]
    with pytest.raises(UnsafeTextError, match=r"clause text .*U\+0000 \(NUL\)"):
        assemble.set_text(draft, clause.id, "The Participants\x00 intend.")
    with pytest.raises(UnsafeTextError, match="NUL"):
        assemble.add_custom(draft, "final", "Title", "Text with a \x00 byte.")


def test_a_clause_text_with_a_bidi_override_is_kept(small_library) -> None:
    draft = make_draft(small_library)
    clause = draft.clauses()[0]
    edited = assemble.set_text(draft, clause.id, "Pay \u202eSU 01\u202c now.")
    assert edited.clause(clause.id).text == "Pay \u202eSU 01\u202c now."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Charter \u202etxt.exe"}, "draft title"),
        ({"party_a": "Ruritania\x1b[2J"}, "Participant name"),
        ({"party_b_short": "Elbonia\x07"}, "Participant short name"),
        ({"place": "Baku\r"}, "place of signature"),
        ({"date": "1 May\x9b"}, "date of signature"),
        ({"marking": "SECRET\u2066"}, "header marking"),
        ({"languages": ("English", "Azeri\x1b")}, "language"),
    ],
)
def test_a_setting_with_a_control_character_is_refused_naming_the_setting(small_library, change, field) -> None:
    with pytest.raises(UnsafeTextError, match=f"^{field} "):
        assemble.update_settings(make_draft(small_library), **change)


def test_clause_titles_comment_authors_and_comments_with_controls_are_refused(small_library) -> None:
    draft = make_draft(small_library)
    clause = draft.clauses()[0]
    with pytest.raises(UnsafeTextError, match="^clause title"):
        assemble.set_title(draft, clause.id, "Title\x1b[2J")
    with pytest.raises(UnsafeTextError, match="^clause title"):
        assemble.add_custom(draft, "final", "Title\u202e", "Text.")
    with pytest.raises(UnsafeTextError, match="^comment author"):
        assemble.add_comment(draft, clause.id, "Ann\x1b]0;x\x07", "Fine.")
    with pytest.raises(UnsafeTextError, match="^comment "):
        assemble.add_comment(draft, clause.id, "Ann", "Looks \x1b[31mred")
    commented = assemble.add_comment(draft, clause.id, "Ann", "Two\nlines")
    assert commented.clause(clause.id).comments[-1].text == "Two\nlines"


def test_a_draft_name_with_a_control_character_is_refused() -> None:
    with pytest.raises(UnsafeTextError, match="^draft name"):
        assemble.new_draft("demo\x1b", assemble.make_settings("A", "B"))


def test_values_read_back_from_a_store_marked_stored_skip_the_input_checks(small_library) -> None:
    from charter.drafting.model import Section

    data = {"id": "energy", "title": "Old\x1btitle", "areas": ["energy"], "clauses": []}
    assert Section.model_validate(data, context={"stored": True}).title == "Old\x1btitle"
    with pytest.raises(UnsafeTextError):
        Section.model_validate(data)
