"""The reader's view: numbering, filled variables, text and Markdown."""

from __future__ import annotations

import pytest

from charter.drafting import assemble
from charter.drafting.model import Status
from charter.drafting.render import escape_markdown, render_draft, section_heading, to_json, to_markdown, to_text
from charter.errors import DraftError
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


def test_a_clause_label_names_its_section_numeral_or_p_for_the_preamble(small_library) -> None:
    draft = make_draft(small_library)
    view = render_draft(draft)
    assert [c.label for c in view.clauses()] == ["P.1", "I.1", "I.2", "II.1"]
    assert assemble.resolve_clause(draft, "I.2") == view.clauses()[2].id


def test_a_binding_draft_uses_the_treaty_formulas(small_library) -> None:
    plain = render_draft(make_draft(small_library))
    binding = render_draft(assemble.update_settings(make_draft(small_library), binding=True))
    assert "\u201cthe Participants\u201d" in plain.chapeau and "\u201cthe Parties\u201d" in binding.chapeau
    assert binding.lead_in == "Have agreed as follows:" != plain.lead_in
    assert binding.testimonium.endswith("all texts being equally authentic.")


def test_status_by_area_counts_each_status_in_area_order(small_library) -> None:
    from charter.drafting.model import AREAS
    from charter.drafting.progress import status_by_area, status_totals

    draft = make_draft(small_library)
    first = draft.clauses()[0]
    draft = assemble.set_status(draft, first.id, Status.AGREED)
    rows = status_by_area(draft)
    order = list(AREAS)
    assert [row.area for row in rows] == sorted((row.area for row in rows), key=order.index)
    assert sum(row.total for row in rows) == len(draft.clauses())
    assert status_totals(draft)["agreed"] == 1
    assert next(row for row in rows if row.area == first.area).counts["agreed"] == 1


def written_as_imported(small_library):
    """Return the small draft worded the way a charter written elsewhere words its fixed parts."""
    draft = assemble.update_settings(
        make_draft(small_library),
        chapeau="${party_a} and ${party_b}:",
        lead_in="Have decided as follows:",
        closing="",
        heading="Article {number}: {title}",
        preamble_heading="PREAMBLE",
    )
    sections = list(draft.sections)
    index = next(i for i, s in enumerate(sections) if s.clauses and not s.is_preamble)
    sections[index] = sections[index].model_copy(update={"lead_in": "The side of ${party_b} notes:"})
    return draft.model_copy(update={"sections": tuple(sections)})


def test_a_draft_can_word_its_opening_lead_in_and_headings_its_own_way(small_library) -> None:
    view = render_draft(written_as_imported(small_library))
    assert view.chapeau == "The Republic of Azerbaijan and the United States of America:"
    assert view.lead_in == "Have decided as follows:"
    assert view.preamble_heading == "PREAMBLE"
    headings = ["Preamble", "Article 1: Energy Security", "Article 2: Final Provisions"]
    assert [s.heading for s in view.sections] == headings
    assert view.sections[1].lead_in == "The side of the United States of America notes:"
    assert [c.number for c in view.sections[1].clauses] == [1, 2]  # the lead-in takes no number


def test_a_left_out_closing_formula_invents_no_place_or_date(small_library) -> None:
    text = to_text(render_draft(written_as_imported(small_library)), with_ids=False)
    assert "[place]" not in text and "[date]" not in text and "Signed at" not in text
    assert text.index("PREAMBLE") < text.index("The Republic of Azerbaijan and") < text.index("Have decided")
    after_heading = text[text.index("Article 1: Energy Security") :].split("\n\n")
    assert after_heading[1] == "The side of the United States of America notes:" and after_heading[2].startswith("1. ")
    standard = to_text(render_draft(make_draft(small_library)), with_ids=False)
    assert "Signed at Baku on 1 December 2026" in standard and "Section I: Energy Security" in standard


def test_heading_patterns_number_in_figures_words_or_numerals() -> None:
    assert section_heading(None, 4, "Trade") == "Section IV: Trade"
    assert section_heading("PART {WORD}: {title}", 21, "Trade") == "PART TWENTY-ONE: Trade"
    assert section_heading("Part {word}", 3, "Trade") == "Part Three"
    assert section_heading("{roman}. {title}", 2, "Braces {title} stay") == "II. Braces {title} stay"


def test_a_heading_pattern_with_an_unknown_field_is_refused(small_library) -> None:
    with pytest.raises(DraftError, match="heading pattern may only use"):
        assemble.update_settings(make_draft(small_library), heading="Section {title.__class__}")


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
