"""Safe variable substitution."""

from __future__ import annotations

from charter.drafting import template


def test_known_variables_are_filled_and_double_dollar_is_a_dollar() -> None:
    assert template.render("${party_a} pays $$5", {"party_a": "Azerbaijan"}) == "Azerbaijan pays $5"


def test_unknown_variables_and_stray_dollars_stay_literal_in_user_text() -> None:
    text = "Costs $5 and ${party_c} and ${ x } and $"
    assert template.render(text, {"party_a": "A"}) == text


def test_a_value_holding_a_placeholder_is_not_expanded_again() -> None:
    assert template.render("${party_a}", {"party_a": "${party_b}", "party_b": "X"}) == "${party_b}"


def test_format_style_payloads_evaluate_nothing() -> None:
    payloads = ["{party_a.__class__}", "{0}", "${party_a.__init__.__globals__}", "{x:>200000000}"]
    for payload in payloads:
        assert template.render(payload, {"party_a": "A"}) == payload


def test_problems_name_unknown_variables_and_stray_dollars() -> None:
    assert template.problems("${party_a} $$") == []
    assert template.problems("${nope}") == ["unknown variable ${nope}"]
    assert template.problems("USD $5") == ["stray '$' (write '$$' for a dollar sign)"]


def test_languages_read_as_natural_english() -> None:
    assert template.languages_phrase(("Azerbaijani", "English")) == "the Azerbaijani and English languages"
    assert template.languages_phrase(("English",)) == "the English language"
    assert template.languages_phrase(("A", "B", "C")) == "the A, B and C languages"
