"""Drafting checks: register, consistency, cross-references and form, each with the finding and its absence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from charter.checks import (
    DRAFT_LABEL,
    Finding,
    Level,
    check_draft,
    findings_by_clause,
    fix,
    fix_all,
    has_errors,
    load_rules,
)
from charter.checks.form import draft_list_style
from charter.checks.spans import segments, stored_span
from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import Draft
from charter.drafting.render import render_draft
from charter.errors import CheckError, DraftError
from charter.library import load_library
from charter.negotiation import brackets

RULES = load_rules()


def draft_with(*operative: str, recitals: tuple[str, ...] = (), binding: bool = False, **settings: str) -> Draft:
    """Return a draft with the given recitals and operative paragraphs (all in the energy section)."""
    values = {"place": "Baku", "date": "1 December 2026", **settings}
    draft = assemble.new_draft("test", demo_settings(**values))
    for text in recitals:
        draft, _ = assemble.add_custom(draft, "preamble", "Recital", text)
    for text in operative:
        draft, _ = assemble.add_custom(draft, "energy", "Paragraph", text)
    return assemble.update_settings(draft, binding=True) if binding else draft


def found(draft: Draft, rule: str, **options: object) -> list[Finding]:
    return [f for f in check_draft(draft, **options) if f.rule == rule]  # type: ignore[arg-type]


def only(draft: Draft, rule: str, **options: object) -> Finding:
    hits = found(draft, rule, **options)
    assert len(hits) == 1, hits
    return hits[0]


# ---- register ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [(rule, False) for rule in RULES.register_words.non_binding]
    + [(rule, True) for rule in RULES.register_words.binding],
    ids=lambda pair: pair[0].id,
)
def test_every_register_rule_flags_its_example_and_its_replacement_clears_it(rule) -> None:
    rule, binding = rule
    draft = draft_with(rule.example + ".", binding=binding)
    finding = only(draft, rule.id)
    assert finding.level == Level(rule.level)
    assert finding.message.endswith(rule.why)
    if finding.suggestion is None:
        return
    text = draft.clauses()[0].text
    replaced = text[: finding.start] + finding.suggestion + text[finding.end :]
    assert found(assemble.set_text(draft, draft.clauses()[0].id, replaced), rule.id) == []


def test_treaty_words_a_sentence_denies_are_not_flagged() -> None:
    draft = draft_with(
        "This Charter is not legally binding and does not create obligations or rights under international law."
    )
    assert [f.rule for f in check_draft(draft) if f.rule.startswith("register.")] == []
    assert found(draft_with("This Charter creates legally binding commitments."), "register.binding")


def test_a_non_binding_charter_may_say_so_without_a_finding() -> None:
    assert found(draft_with("This Charter is a non-binding statement of intent."), "register.binding") == []


def test_rights_that_exist_already_keep_their_name() -> None:
    text = "The Participants intend to respect human rights and the rights of the littoral States."
    assert found(draft_with(text), "register.rights") == []
    assert found(draft_with("Each Participant has the right to request consultations."), "register.rights")


def test_articles_of_another_instrument_keep_their_name() -> None:
    recalled = "The Participants recall Article 2 of the Charter of the United Nations."
    assert found(draft_with(recalled), "register.article") == []
    assert only(draft_with("As set out in Article 4, the Participants intend to meet."), "register.article")


def test_a_replacement_starts_with_a_capital_only_where_a_sentence_starts() -> None:
    draft = draft_with("The Participants recall paragraph 1. Article 3 applies; see also Article 4.")
    suggestions = [f.suggestion for f in found(draft, "register.article")]
    assert suggestions == ["Paragraph", "paragraph"]


def test_where_two_register_rules_match_the_same_words_the_earlier_rule_speaks() -> None:
    draft = draft_with("This Agreement is signed by the Participants.")
    assert [f.rule for f in check_draft(draft) if f.rule.startswith("register.")] == ["register.this-treaty"]


def test_a_binding_draft_reverses_the_register_check() -> None:
    text = "The Participants intend to cooperate."
    assert [f.rule for f in check_draft(draft_with(text)) if f.rule.startswith("register.")] == []
    binding = [f.rule for f in check_draft(draft_with(text, binding=True)) if f.rule.startswith("register.")]
    assert binding == ["register.participants", "register.intend"]
    assert found(draft_with("The Parties shall cooperate.", binding=True), "register.shall") == []


def test_the_bundled_library_passes_its_own_register_check_with_no_error() -> None:
    library = load_library()
    draft = assemble.new_draft("library", demo_settings(place="Baku", date="1 December 2026"))
    for clause in library:
        for label in clause.labels:
            draft, _ = assemble.add_clause(draft, library, clause.id, label)
    findings = check_draft(draft)
    assert [f.describe() for f in findings if f.rule.startswith("register.")] == []
    assert not has_errors(findings)


def test_the_bundled_library_reads_as_political_text_when_the_draft_is_binding() -> None:
    library = load_library()
    draft = assemble.new_draft("library", demo_settings(place="Baku", date="1 December 2026"))
    draft, _ = assemble.add_clause(draft, library, "final.non-binding-status")
    rules = {f.rule for f in check_draft(assemble.update_settings(draft, binding=True))}
    assert {"register.participants", "register.non-binding-status"} <= rules


# ---- accepting a flagged wording -------------------------------------------------------------------


def test_an_accepted_wording_stands_no_more_and_keeps_its_reason() -> None:
    draft = draft_with("The Participants shall meet each year.")
    clause_id = draft.clauses()[0].id
    accepted = assemble.accept_wording(draft, clause_id, "register.shall", "shall", "agreed with legal advisers", "Ann")
    assert found(accepted, "register.shall") == []
    assert not has_errors(check_draft(accepted))
    (kept,) = found(accepted, "register.shall", include_accepted=True)
    assert kept.accepted == "agreed with legal advisers"
    assert has_errors(check_draft(draft))


def test_an_acceptance_holds_in_its_own_clause_only() -> None:
    draft = draft_with("The Participants shall meet.", "The Participants shall report.")
    first = draft.clauses()[0].id
    accepted = assemble.accept_wording(draft, first, "register.shall", "shall", "quoted", "Ann")
    assert [f.clause_id for f in found(accepted, "register.shall")] == [draft.clauses()[1].id]


# ---- consistency -----------------------------------------------------------------------------------


def test_the_defined_term_written_in_lower_case_is_flagged_with_a_certain_fix() -> None:
    hits = found(draft_with("Each participant intends to report to the participants."), "consistency.defined-term")
    assert [(f.text, f.suggestion, f.certain) for f in hits] == [
        ("participant", "Participant", True),
        ("participants", "Participants", True),
    ]
    assert (
        found(draft_with("Training participants from both Participants will meet."), "consistency.defined-term") == []
    )


def test_another_name_for_the_signatories_is_flagged() -> None:
    finding = only(draft_with("Both Sides intend to meet."), "consistency.defined-term")
    assert (finding.text, finding.suggestion, finding.certain) == ("Both Sides", "Both Participants", False)
    assert found(draft_with("Both Participants intend to meet."), "consistency.defined-term") == []


def test_a_binding_draft_takes_its_defined_term_from_its_own_chapeau() -> None:
    assert only(draft_with("Each party intends to report.", binding=True), "consistency.defined-term").suggestion == (
        "Party"
    )


def test_a_participant_name_written_out_should_be_its_variable() -> None:
    draft = draft_with("The Participants welcome investment from the Republic of Azerbaijan in Azerbaijan.")
    hits = found(draft, "consistency.party-variable")
    assert [(f.text, f.suggestion, f.certain) for f in hits] == [
        ("the Republic of Azerbaijan", "${party_a}", True),
        ("Azerbaijan", "${party_a_short}", True),
    ]
    assert found(draft_with("The Participants welcome investment from ${party_a}."), "consistency.party-variable") == []


def test_fixing_a_written_out_name_puts_the_variable_in_the_stored_text() -> None:
    draft = draft_with("The Participants welcome investment from the Republic of Azerbaijan.")
    fixed = fix(draft, only(draft, "consistency.party-variable"))
    assert fixed.clauses()[0].text == "The Participants welcome investment from ${party_a}."
    assert render_draft(fixed).clauses()[0].text == render_draft(draft).clauses()[0].text


def test_a_misspelt_participant_name_is_flagged_but_its_adjective_is_not() -> None:
    hits = found(draft_with("The Participants support Azerbajan and the Amerika fund."), "consistency.party-name")
    assert [(f.text, f.suggestion) for f in hits] == [("Azerbajan", "Azerbaijan"), ("Amerika", "America")]
    assert found(draft_with("The Participants support Azerbaijani exports."), "consistency.party-name") == []


def test_an_acronym_used_before_its_definition_is_flagged_and_told_where_it_is_defined() -> None:
    draft = draft_with(
        "The Participants support LNG terminals.", "They intend to trade liquefied natural gas (LNG) widely."
    )
    finding = only(draft, "consistency.acronym")
    assert (finding.label, finding.text, finding.level) == ("I.1", "LNG", Level.WARNING)
    assert "defined later, in I.2" in finding.message
    defined = draft_with("The Participants support liquefied natural gas (LNG) terminals.", "LNG trade grows.")
    assert found(defined, "consistency.acronym") == []
    assert found(draft_with("The Participants support UN reform in Section I."), "consistency.acronym") == []


def test_a_placeholder_is_flagged_and_one_from_the_settings_says_so() -> None:
    finding = only(draft_with("The Participants intend to meet on [date] at the ministry."), "consistency.placeholder")
    assert finding.text == "[date]" and "setting" not in finding.message
    from_settings = found(draft_with("The Participants intend to meet on ${date}.", date=""), "consistency.placeholder")
    assert [(f.label, f.text) for f in from_settings] == [("I.1", "[date]"), (DRAFT_LABEL, "[date]")]
    assert "draft setting 'date'" in from_settings[0].message
    assert found(draft_with("The Participants intend to meet on ${date}."), "consistency.placeholder") == []


def test_negotiating_brackets_are_not_placeholders() -> None:
    assert found(draft_with("The Participants [intend] [plan] to meet."), "consistency.placeholder") == []


def test_an_unknown_variable_is_an_error_but_an_escaped_dollar_is_not() -> None:
    assert only(draft_with("The Participants meet on ${day}."), "consistency.unknown-variable").level == Level.ERROR
    assert found(draft_with("The template syntax is $${day}."), "consistency.unknown-variable") == []


def test_near_duplicate_clauses_are_flagged_on_the_later_one() -> None:
    text = (
        "The Participants intend to support the modernization of rail links between the Caspian ports and "
        "the Black Sea, including through joint feasibility studies and the harmonization of tariffs."
    )
    other = "The Participants intend to cooperate on methane emissions through measurement and reporting."
    draft = draft_with(text, other, text.replace("joint", "shared"))
    finding = only(draft, "consistency.duplicate")
    assert finding.label == "I.3" and "I.1" in finding.message
    assert found(draft_with(text, other), "consistency.duplicate") == []


def test_the_same_library_clause_twice_is_a_duplicate_even_in_another_wording() -> None:
    library = load_library()
    draft = draft_with()
    draft, _ = assemble.add_clause(draft, library, "energy.gas-corridor-expansion")
    assert found(draft, "consistency.duplicate") == []
    draft, _ = assemble.add_clause(draft, library, "energy.gas-corridor-expansion", "minimal")
    assert "energy.gas-corridor-expansion" in only(draft, "consistency.duplicate").message


# ---- cross-references ------------------------------------------------------------------------------


def test_a_reference_to_a_section_or_paragraph_that_does_not_exist_is_an_error() -> None:
    draft = draft_with("The Participants recall Section III.", "They recall paragraph 4 of Section I.")
    assert [(f.label, f.text, f.level) for f in found(draft, "references.missing")] == [
        ("I.1", "Section III", Level.ERROR),
        ("I.2", "paragraph 4 of Section I", Level.ERROR),
    ]
    assert found(draft_with("The Participants recall paragraph 2 of Section I.", "Second."), "references.missing") == []


def test_a_reference_whose_target_moved_since_the_earlier_revision_is_given_its_new_words() -> None:
    draft = draft_with("First.", "Second.", "As set out in paragraph 2 of this Section, they intend to meet.")
    second = draft.clauses()[1].id
    moved = assemble.move(draft, second, 1)
    assert found(moved, "references.moved") == []  # without the earlier revision, paragraph 2 still exists
    finding = only(moved, "references.moved", earlier=draft)
    assert (finding.text, finding.suggestion, finding.certain) == (
        "paragraph 2 of this Section",
        "paragraph 1 of this Section",
        True,
    )
    assert found(draft, "references.moved", earlier=draft) == []
    assert "paragraph 1 of this Section" in fix(moved, finding).clauses()[2].text


def test_a_reference_to_a_removed_clause_is_an_error_without_a_suggestion() -> None:
    draft = draft_with("First.", "Second.", "They recall paragraph 2 of Section I.")
    removed = assemble.remove(draft, draft.clauses()[1].id)
    finding = only(removed, "references.moved", earlier=draft)
    assert finding.suggestion is None and "no longer in the draft" in finding.message


def test_a_section_named_with_the_wrong_title_points_to_the_right_numeral() -> None:
    draft = draft_with("The Participants recall Section I (Final Provisions).")
    draft, _ = assemble.add_custom(draft, "final", "Final", "This Charter comes into effect on signature.")
    finding = only(draft, "references.title")
    assert (finding.text, finding.suggestion, finding.certain) == ("Section I", "Section II", True)
    right = draft_with("The Participants recall Section I (Energy Security).")
    assert found(right, "references.title") == []


# ---- form ------------------------------------------------------------------------------------------


def test_a_recital_must_open_with_a_participle() -> None:
    finding = only(draft_with(recitals=("The Participants recognize the friendship,",)), "form.recital-opening")
    assert finding.text == "The"
    for opening in ("Recognizing the friendship,", "Guided by the law,", "Mindful of history,", "Further noting it,"):
        assert found(draft_with(recitals=(opening,)), "form.recital-opening") == [], opening


def test_every_recital_ends_with_a_comma_the_last_one_too() -> None:
    draft = draft_with(recitals=("Recognizing the friendship;", "Noting the progress."))
    hits = found(draft, "form.recital-ending")
    assert [(f.label, f.text, f.suggestion, f.certain) for f in hits] == [
        ("P.1", ";", ",", True),
        ("P.2", ".", ",", True),
    ]
    assert "the last one too" in hits[1].message
    assert (
        found(draft_with(recitals=("Recognizing the friendship,", "Noting the progress,")), "form.recital-ending") == []
    )


def test_the_last_recital_takes_no_and_before_the_formula() -> None:
    draft = draft_with(recitals=("Recognizing the friendship,", "Noting the progress, and,"))
    assert only(draft, "form.recital-ending").label == "P.2"


def test_the_closing_formula_typed_into_the_preamble_is_flagged() -> None:
    draft = draft_with(recitals=("Recognizing the friendship,", "Have come to the following shared understandings:"))
    assert only(draft, "form.formula").label == "P.2"
    assert found(draft_with(recitals=("Recognizing the friendship,",)), "form.formula") == []


def test_an_operative_paragraph_ends_with_a_full_stop() -> None:
    hits = found(draft_with("The Participants intend to meet;", "They intend to report"), "form.paragraph-ending")
    assert [(f.text, f.span, f.suggestion) for f in hits] == [(";", (31, 32), "."), ("", (21, 21), ".")]
    assert (
        found(draft_with("The Participants intend to meet \u201cin good faith.\u201d"), "form.paragraph-ending") == []
    )


def test_a_paragraph_starting_in_lower_case_is_flagged() -> None:
    assert only(draft_with("the Participants intend to meet."), "form.capital").suggestion == "The"
    assert found(draft_with("The Participants intend to meet."), "form.capital") == []


LIST_NONE = "The Participants intend to:\n(a) meet;\n(b) report;\n(c) review."
LIST_AND = "The Participants intend to:\n(a) meet;\n(b) report; and\n(c) review."


def test_the_list_style_is_the_one_most_lists_of_the_draft_follow() -> None:
    assert draft_list_style(render_draft(draft_with(LIST_NONE, LIST_NONE, LIST_AND)).clauses()) == "none"
    assert draft_list_style(render_draft(draft_with(LIST_NONE, LIST_AND)).clauses()) == "and"


def test_a_list_that_breaks_the_draft_style_is_flagged() -> None:
    finding = only(draft_with(LIST_NONE, LIST_NONE, LIST_AND), "form.list-ending")
    assert (finding.label, finding.text, finding.suggestion, finding.certain) == ("I.3", "; and", ";", True)
    missing = only(draft_with(LIST_NONE), "form.list-ending", list_style="and")
    assert (missing.text, missing.suggestion, missing.certain) == (";", "; and", False)
    assert found(draft_with(LIST_AND, LIST_AND), "form.list-ending") == []


def test_list_items_end_with_semicolons_and_the_last_with_a_full_stop() -> None:
    text = "The Participants intend to:\n(a) meet,\n(b) report;\n(c) review;"
    hits = found(draft_with(text), "form.list-ending", list_style="none")
    assert [(f.text, f.suggestion) for f in hits] == [(",", ";"), (";", ".")]


def test_a_list_needs_a_colon_before_it_and_letters_in_order() -> None:
    draft = draft_with("The Participants intend to\n(a) meet;\n(c) report.")
    assert only(draft, "form.list-lead-in").suggestion == ":"
    lettering = only(draft, "form.list-lettering")
    assert (lettering.text, lettering.suggestion) == ("c", "b")
    assert found(draft_with("They intend to:\n(i) meet;\n(ii) report."), "form.list-lettering") == []


# ---- the whole draft, fixes and the UI's view ------------------------------------------------------


def test_findings_come_in_document_order_with_clause_labels_and_spans_in_the_rendered_text() -> None:
    draft = draft_with("The Parties shall meet.", recitals=("Recognizing ${party_a} and its Parties,",))
    findings = check_draft(draft)
    view = render_draft(draft)
    assert [f.label for f in findings] == ["P.1", "I.1", "I.1"]
    for finding in findings:
        clause = next(c for c in view.clauses() if c.id == finding.clause_id)
        assert clause.text[finding.start : finding.end] == finding.text


def test_findings_by_clause_lists_every_clause_even_a_clean_one() -> None:
    draft = draft_with("The Parties meet.", "The Participants meet.")
    grouped = findings_by_clause(draft)
    first, second = (c.id for c in draft.clauses())
    assert [f.rule for f in grouped[first]] == ["register.parties"]
    assert grouped[second] == [] and grouped[""] == []


def test_a_certain_fix_replaces_the_words_in_the_stored_text_and_the_finding_is_gone() -> None:
    draft = draft_with("The Parties shall meet in ${place}.")
    fixed = fix(draft, only(draft, "register.shall"))
    assert fixed.clauses()[0].text == "The Parties will meet in ${place}."
    assert found(fixed, "register.shall") == []
    assert fix_all(draft, check_draft(draft)).clauses()[0].text == "The Participants will meet in ${place}."


def test_a_fix_in_a_clause_with_an_open_bracket_keeps_the_bracket_and_its_attributions() -> None:
    draft = draft_with("The Parties shall [AZ: meet / US: gather] in ${place}.")
    fixed = fix(draft, only(draft, "register.shall")).clauses()[0]
    assert brackets.clause_literal(fixed, draft.settings) == "The Parties will [AZ: meet / US: gather] in ${place}."
    assert fixed.brackets == draft.clauses()[0].brackets


def test_a_fix_that_is_not_certain_or_no_longer_fits_the_text_is_refused() -> None:
    draft = draft_with("The Participants agree to meet.")
    with pytest.raises(DraftError, match="no certain fix"):
        fix(draft, only(draft, "register.agree"))
    shall = draft_with("The Participants shall meet.")
    finding = only(shall, "register.shall")
    edited = assemble.set_text(shall, shall.clauses()[0].id, "Today the Participants shall meet.")
    with pytest.raises(DraftError, match="changed since it was checked"):
        fix(edited, finding)


def test_a_fix_inside_a_value_from_the_settings_is_refused() -> None:
    draft = draft_with("The Participants meet on ${date}.", date="[date]")
    finding = Finding("form.test", Level.WARNING, draft.clauses()[0].id, "I.1", 25, 31, "[date]", "m", "1 May", True)
    with pytest.raises(DraftError, match="draft settings"):
        fix(draft, finding)


def test_a_rendered_span_maps_back_to_the_stored_text_around_variables() -> None:
    values = {"party_a": "the Republic of Azerbaijan"}
    pieces = segments("From ${party_a} costs $$5 here.", values)
    shown = "From the Republic of Azerbaijan costs $5 here."
    assert stored_span(pieces, shown.index("here"), shown.index("here") + 4) == (26, 30)
    assert stored_span(pieces, 5, 10) is None  # inside the filled-in name
    assert stored_span(pieces, 0, 4) == (0, 4)


def test_a_malformed_rules_file_is_refused_with_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "rules.yaml"
    broken.write_text("register: [unclosed\n", encoding="utf-8")
    with pytest.raises(CheckError, match=r"rules\.yaml:\d+: not valid YAML"):
        load_rules(broken)
    broken.write_text("register: {non-binding: [], binding: []}\n", encoding="utf-8")
    with pytest.raises(CheckError, match="terms"):
        load_rules(broken)


def test_a_list_that_ends_a_recital_ends_with_the_recital_comma() -> None:
    recital = "Recognizing the value of:\n(a) trade;\n(b) investment,"
    assert [f.rule for f in check_draft(draft_with(recitals=(recital,))) if f.rule.startswith("form.")] == []
    wrong = [f.rule for f in check_draft(draft_with(recitals=(recital[:-1] + ".",)))]
    assert "form.recital-ending" in wrong and "form.list-ending" not in wrong


def test_a_written_out_name_that_opens_a_sentence_is_flagged_but_not_fixed_in_one_click() -> None:
    draft = draft_with("The Republic of Azerbaijan intends to host the meeting.")
    finding = only(draft, "consistency.party-variable")
    assert (finding.text, finding.certain) == ("The Republic of Azerbaijan", False)


def test_fixing_every_certain_finding_at_once_leaves_none_to_fix() -> None:
    draft = draft_with("The Parties shall meet;")
    fixed = fix_all(draft, check_draft(draft))
    assert fixed.clauses()[0].text == "The Participants will meet."
    assert [f for f in check_draft(fixed) if f.certain] == []


def test_of_two_overlapping_fixes_only_the_later_in_the_text_is_made() -> None:
    draft = draft_with("The Parties shall meet.")
    clause_id = draft.clauses()[0].id
    later = Finding("test.a", Level.WARNING, clause_id, "I.1", 12, 17, "shall", "m", "will", True)
    overlapping = Finding("test.b", Level.WARNING, clause_id, "I.1", 4, 17, "Parties shall", "m", "Sides may", True)
    assert fix_all(draft, [overlapping, later]).clauses()[0].text == "The Parties will meet."


# ---- the command line ------------------------------------------------------------------------------


@pytest.fixture
def charter(tmp_path: Path):
    env = dict(os.environ, CHARTER_DB=str(tmp_path / "cli.db"), CHARTER_AUTHOR="Ann")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "charter", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )

    new = run("draft", "new", "demo", "--party-a", "the Republic of Azerbaijan", "--party-b", "the United States")
    assert new.returncode == 0, new.stderr
    for place, text in (("energy", "The Participants intend to meet each year."), ("final", "They intend to report.")):
        added = run("draft", "add-custom", "demo", "--section", place, "--title", "T", "--text", text)
        assert added.returncode == 0, added.stderr
    return run


def test_the_check_command_exits_0_when_no_error_stands_and_says_what_it_found(charter) -> None:
    result = charter("check", "demo")
    assert result.returncode == 0, result.stderr
    assert "consistency.placeholder" in result.stdout  # no place or date set yet: warnings only
    assert result.stdout.rstrip().endswith("0 errors, 2 warnings, 0 info")


def test_the_check_command_exits_1_on_an_error_and_reports_it_as_json(charter) -> None:
    edited = charter("draft", "set-text", "demo", "I.1", "--text", "The Parties shall meet each year.")
    assert edited.returncode == 0, edited.stderr
    result = charter("check", "demo", "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["revision"], report["since"], report["counts"]["error"]) == (4, 3, 2)
    shall = next(f for f in report["findings"] if f["rule"] == "register.shall")
    assert (shall["label"], shall["span"], shall["suggestion"], shall["certain"]) == ("I.1", [12, 17], "will", True)
    assert charter("check", "demo", "--rev", "3").returncode == 0


def test_the_check_command_catches_a_reference_a_move_broke_against_the_revision_before(charter) -> None:
    for text in ("First.", "As in paragraph 1 of Section I, they meet."):
        assert (
            charter("draft", "add-custom", "demo", "--section", "energy", "--title", "T", "--text", text).returncode
            == 0
        )
    assert charter("check", "demo").returncode == 0
    assert charter("draft", "move", "demo", "I.2", "--to", "1").returncode == 0
    result = charter("check", "demo")
    assert result.returncode == 1
    assert "references.moved" in result.stdout and "paragraph 2 of Section I" in result.stdout


def test_the_check_command_reads_a_binding_draft_the_other_way_round(charter) -> None:
    assert charter("draft", "set", "demo", "--binding", "yes").returncode == 0
    result = charter("check", "demo")
    assert result.returncode == 1 and "register.participants" in result.stdout
