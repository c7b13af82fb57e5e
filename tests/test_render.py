"""The reader's view: numbering, filled variables, text and Markdown."""

from __future__ import annotations

from charter.drafting import assemble
from charter.drafting.model import Status
from charter.drafting.render import escape_markdown, render_draft, to_json, to_markdown, to_text
from tests.conftest import make_draft
from tests.injection import CORPUS, LINE, unescape, unescaped_special


def test_the_preamble_is_unnumbered_and_operative_sections_get_roman_numerals(small_library) -> None:
    view = render_draft(make_draft(small_library))
    assert [s.number for s in view.sections] == [None, "I", "II"]
    assert [c.number for c in view.sections[1].clauses] == [1, 2]


def test_empty_sections_are_skipped_and_do_not_use_up_a_numeral(small_library) -> None:
    draft = make_draft(small_library)
    draft = assemble.remove(draft, draft.sections[1].clauses[0].id)
    draft = assemble.remove(draft, draft.sections[1].clauses[0].id)
    view = render_draft(draft)
    assert [(s.id, s.number) for s in view.sections] == [("preamble", None), ("final", "I")]


def test_variables_are_filled_with_the_draft_settings(small_library) -> None:
    view = render_draft(make_draft(small_library))
    texts = " ".join(c.text for c in view.clauses())
    assert "${" not in texts
    assert "the Azerbaijani and English languages at Baku" in texts
    assert "costs $0" in texts


def test_the_alternat_decides_which_party_is_named_first(small_library) -> None:
    draft = assemble.update_settings(make_draft(small_library), first="b")
    view = render_draft(draft)
    assert view.title.endswith(
        "Government of the United States of America and the Government of the Republic of Azerbaijan"
    )
    assert view.signatories[0] == "For the Government of the United States of America"


def test_text_view_brackets_a_bracketed_clause_around_all_its_sub_paragraphs(small_library) -> None:
    draft = make_draft(small_library)
    methane = next(c for c in draft.clauses() if c.library_id == "energy.methane")
    text = to_text(render_draft(assemble.set_status(draft, methane.id, Status.BRACKETED)))
    assert "2. [The Participants plan to cooperate" in text
    assert "(b) ending routine flaring.]" in text


def test_markdown_escapes_user_text(small_library) -> None:
    draft, _ = assemble.add_custom(make_draft(small_library), "final", "x", "See [link](javascript:alert(1)) <b>")
    markdown = to_markdown(render_draft(draft))
    assert "\\[link\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>" in markdown


def test_json_view_has_the_documented_fields(small_library) -> None:
    data = to_json(render_draft(make_draft(small_library)))
    assert {"name", "revision", "title", "parties", "sections"} <= set(data)
    clause = data["sections"][1]["clauses"][0]
    assert {"id", "number", "area", "library_id", "text", "status", "comments"} <= set(clause)
    assert data["sections"][0]["number"] is None and data["sections"][1]["number"] == "I"


def test_escaped_markdown_reads_back_as_the_literal_text_and_leaves_no_control_character_unescaped() -> None:
    for payload in [*CORPUS, LINE, ":smile: ~~x~~ `y` _z_ # h &amp; | a |"]:
        escaped = escape_markdown(payload)
        assert unescape(escaped) == payload
        assert unescaped_special(escaped) == [], payload


def test_bare_urls_and_email_addresses_are_broken_by_an_invisible_joiner_so_they_cannot_become_links() -> None:
    escaped = escape_markdown("see https://evil.example/x, HTTP://evil.example, www.evil.example and a@evil.example")
    shown = escaped.replace("\\", "")
    for link in ("https://", "HTTP://", "www.", "a@evil"):
        assert link not in shown, link
    assert unescape(escaped) == "see https://evil.example/x, HTTP://evil.example, www.evil.example and a@evil.example"
