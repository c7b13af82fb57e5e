"""Text, HTML and JSON renderings of a comparison."""

from __future__ import annotations

from charter.compare import report
from charter.compare.diff import compare
from charter.drafting import assemble
from charter.negotiation.brackets import reserve
from tests.conftest import make_draft


def _comparison(small_library, new_text: str):
    old = make_draft(small_library)
    clause = old.sections[1].clauses[0]
    return compare(old, assemble.set_text(old, clause.id, new_text))


def test_html_escapes_script_tags_and_entities_in_clause_text(small_library) -> None:
    html = report.to_html(_comparison(small_library, "Text <script>alert(1)</script> &amp; more"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html


def test_html_marks_insertions_and_deletions_inline_and_side_by_side(small_library) -> None:
    comparison = _comparison(small_library, "The Participants intend to welcome the gas corridor.")
    inline = report.to_html(comparison)
    assert "<ins>" in inline and "<del>" in inline
    side = report.to_html(comparison, side_by_side=True)
    assert side.count("<table") == 1 and "<ins>" in side and "<del>" in side


def test_html_marks_moved_clauses_and_anchors_each_clause(small_library) -> None:
    old = make_draft(small_library)
    second = old.sections[1].clauses[1]
    html = report.to_html(compare(old, assemble.move(old, second.id, 1)))
    assert f'id="c-{second.id}"' in html and "moved from I.2" in html


def test_text_uses_plus_and_minus_brackets(small_library) -> None:
    text = report.to_text(_comparison(small_library, "The Participants intend to welcome the gas corridor."))
    assert "[+" in text and "[-" in text and "MODIFIED" in text


def test_json_has_the_documented_shape(small_library) -> None:
    data = _comparison(small_library, "Short.").to_json()
    assert set(data) >= {"from", "to", "summary", "clauses"}
    assert set(data["summary"]) >= {"by_change", "by_area", "words_inserted", "words_deleted"}
    clause = data["clauses"][1]
    for key in (
        "id",
        "library_id",
        "area",
        "change",
        "moved",
        "text_changed",
        "status_changed",
        "old_number",
        "new_number",
        "old_status",
        "new_status",
        "old_text",
        "new_text",
        "ops",
    ):
        assert key in clause


def test_a_reservation_change_is_in_the_text_and_the_escaped_html(small_library) -> None:
    old = make_draft(small_library)
    clause = old.sections[1].clauses[0]
    note = "Only <script>alert(1)</script> & after review"
    new = assemble.change_clause(old, clause.id, lambda c: reserve(c, "b", "Sam", note))
    comparison = compare(old, new)
    text = report.to_text(comparison)
    assert text.startswith("Comparing 0 with 0: 1 status changed, 1 reservation changed")  # proposed -> bracketed
    assert f"> US reservation placed: {note}" in text
    for html in (report.to_html(comparison), report.to_html(comparison, side_by_side=True)):
        assert "<script>" not in html
        assert "US reservation placed: <ins>Only &lt;script&gt;alert(1)&lt;/script&gt; &amp; after review</ins>" in html
    gone = report.to_text(compare(new, old))
    assert f"> US reservation withdrawn (was: {note})" in gone
