"""Attributed brackets inside a clause: the notation, the operations, the status rule, merging and Word."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.compare.merge import merge_drafts
from charter.drafting import assemble, template
from charter.drafting.demo import demo_settings
from charter.drafting.model import BRACKET_MARK, Draft, DraftClause, Status
from charter.drafting.render import escape_markdown, render_draft, to_json, to_markdown
from charter.errors import DraftError
from charter.negotiation import brackets
from charter.store import Store
from charter.word import export_docx
from charter.word.import_edited import import_docx, read_import

TIME = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
GAS = "The Participants intend to expand cooperation on natural gas. They will meet each year in Baku."


def one_clause_draft(text: str = GAS) -> tuple[Draft, str]:
    draft = assemble.new_draft("round", demo_settings(place="Baku", date="1 December 2026"))
    draft, clause = assemble.add_custom(draft, "energy", "Gas", text)
    return draft, clause.id


def bracketed_gas() -> DraftClause:
    draft, clause_id = one_clause_draft()
    clause = draft.clause(clause_id)
    return brackets.bracket_phrase(clause, "intend to", [("a", "intend to"), ("b", "will seek to")])


def literal(clause: DraftClause) -> str:
    return brackets.clause_literal(clause, demo_settings())


# -- the notation ---------------------------------------------------------------------------------


def test_a_bracketed_phrase_reads_with_each_delegations_tag_and_makes_the_clause_bracketed() -> None:
    clause = bracketed_gas()
    assert literal(clause) == (
        "The Participants [AZ: intend to / US: will seek to] expand cooperation on natural gas. "
        "They will meet each year in Baku."
    )
    assert clause.status == Status.BRACKETED
    assert clause.text.count(BRACKET_MARK) == 1
    assert [(p.delegation, p.text) for p in clause.brackets[0].proposals] == [("a", "intend to"), ("b", "will seek to")]


def test_the_notation_reads_back_as_the_same_brackets() -> None:
    clause = brackets.add_alternative(bracketed_gas(), 0, "chair", "")
    read = brackets.parse(literal(clause), brackets.tags(demo_settings()))
    assert (read.text, read.brackets, read.warnings) == (clause.text, clause.brackets, ())


def test_tags_come_from_the_party_names_unless_the_settings_give_their_own() -> None:
    assert brackets.tags(demo_settings()) == {"a": "AZ", "b": "US", "chair": "Chair"}
    own = demo_settings().model_copy(update={"tags": {"b": "USA"}})
    assert brackets.tags(own)["b"] == "USA"


def test_resolving_a_bracket_keeps_the_chosen_wording_as_plain_text() -> None:
    clause = brackets.resolve(bracketed_gas(), 0, 1)
    assert clause.text == GAS.replace("intend to", "will seek to")
    assert clause.brackets == ()


def test_resolving_on_a_proposal_to_leave_words_out_leaves_one_space() -> None:
    clause = brackets.add_alternative(bracketed_gas(), 0, "chair", "")
    assert brackets.resolve(clause, 0, 2).text == GAS.replace("intend to ", "")


def test_a_clause_with_an_open_bracket_or_a_reservation_is_bracketed_and_cannot_be_marked_proposed_or_agreed() -> None:
    draft, clause_id = one_clause_draft()
    draft = assemble.set_text(draft, clause_id, "The Participants [US: will seek to] expand cooperation.")
    assert draft.clause(clause_id).status == Status.BRACKETED
    for status in (Status.AGREED, Status.PROPOSED):
        with pytest.raises(DraftError, match=f"has 1 open bracket.*so it is bracketed, not {status.value}"):
            assemble.set_status(draft, clause_id, status)
    draft = assemble.change_clause(draft, clause_id, lambda c: brackets.resolve(c, 0, 0))
    draft = assemble.set_status(draft, clause_id, Status.PROPOSED)
    draft = assemble.change_clause(draft, clause_id, lambda c: brackets.reserve(c, "b", "Ann Lee", "pending", TIME))
    assert draft.clause(clause_id).status == Status.BRACKETED
    with pytest.raises(DraftError, match="has a reservation of the United States, so it is bracketed, not agreed"):
        assemble.set_status(draft, clause_id, Status.AGREED)
    with pytest.raises(ValueError, match="reservation"):
        draft.clause(clause_id).model_validate({**draft.clause(clause_id).model_dump(), "status": Status.AGREED})
    draft = assemble.change_clause(draft, clause_id, lambda c: brackets.withdraw_reservation(c, "b"))
    assert assemble.set_status(draft, clause_id, Status.AGREED).clause(clause_id).status == Status.AGREED


def test_adding_a_wording_to_a_bracket_of_a_clause_stored_as_proposed_makes_it_bracketed() -> None:
    draft, clause_id = one_clause_draft()
    draft = assemble.set_text(draft, clause_id, "The Participants [US: will seek to] expand cooperation.")
    # read back as the store reads a revision saved before the rule held everywhere
    stored = draft.clause(clause_id).model_validate(
        {**draft.clause(clause_id).model_dump(), "status": Status.PROPOSED}, context={"stored": True}
    )
    assert brackets.add_alternative(stored, 0, "a", "intend to").status == Status.BRACKETED


def test_a_phrase_is_found_as_the_clause_reads_and_a_whole_filled_in_value_stays_a_variable_in_its_wording() -> None:
    draft, clause_id = one_clause_draft("Companies of ${party_b} may invest in ${party_a}.")
    values = template.variables(draft.settings)
    clause = draft.clause(clause_id)
    with pytest.raises(DraftError, match="is not in the clause outside its brackets"):
        brackets.bracket_phrase(clause, "of the United States of America", [("a", "x")])  # the stored text has none
    phrase = "Companies of the United States of America"
    bracketed = brackets.bracket_phrase(clause, phrase, [("a", phrase), ("b", "American companies")], 1, values)
    assert [(p.delegation, p.text) for p in bracketed.brackets[0].proposals] == [
        ("a", "Companies of ${party_b}"),
        ("b", "American companies"),
    ]
    assert bracketed.text == f"{BRACKET_MARK} may invest in ${{party_a}}." and bracketed.status == Status.BRACKETED
    assert literal(bracketed) == "[AZ: Companies of ${party_b} / US: American companies] may invest in ${party_a}."


def test_a_phrase_that_takes_only_part_of_a_filled_in_value_is_refused_naming_the_variable() -> None:
    draft, clause_id = one_clause_draft("Companies of ${party_b} may invest in ${party_a}.")
    values = template.variables(draft.settings)
    with pytest.raises(DraftError) as refused:
        brackets.bracket_phrase(draft.clause(clause_id), "States of America may", [("b", "x")], 1, values)
    assert str(refused.value) == (
        "cannot bracket 'States of America may': the words take only part of ${party_b} "
        "('the United States of America'), which the draft settings fill in; take the whole of it, "
        "or only words around it"
    )


def test_editing_the_text_keeps_the_brackets_attributions_and_leaves_untagged_square_brackets_as_text() -> None:
    draft, clause_id = one_clause_draft()
    draft = assemble.set_text(draft, clause_id, "The Participants [AZ: intend to / US: will seek to] expand.")
    first = draft.clause(clause_id).brackets
    draft = assemble.set_text(
        draft, clause_id, "On [date], the Participants [AZ: intend to / US: will seek to] expand."
    )
    clause = draft.clause(clause_id)
    assert clause.brackets == first
    assert clause.text == f"On [date], the Participants {BRACKET_MARK} expand."


def test_a_wording_may_not_hold_the_characters_of_the_notation() -> None:
    with pytest.raises(DraftError, match="may not hold"):
        brackets.bracket_phrase(bracketed_gas(), "Baku", [("a", "Baku / Washington")])


@pytest.mark.parametrize(
    ("typed", "warning"),
    [
        ("The Participants [AZ: intend to expand.", "is not closed"),
        ("The Participants [AZ: intend [to] / US: will] expand.", "nested brackets"),
        ("The Participants [UK: intend to] expand.", "the tag 'UK'"),
        ("The Participants intend] to expand.", "without its '['"),
    ],
)
def test_an_unclear_bracket_is_warned_about_naming_the_clause_and_nothing_is_dropped(typed: str, warning: str) -> None:
    read = brackets.parse(typed, brackets.tags(demo_settings()), untagged="b", where="clause II.1")
    assert any(warning in found and found.startswith("clause II.1") for found in read.warnings), read.warnings
    assert brackets.literal(read.text, read.brackets, brackets.tags(demo_settings())) == typed


@pytest.mark.parametrize("wording", ["/ Washington", "Washington /", "/", "\u2014"])
def test_a_wording_the_notation_would_misread_is_refused(wording: str) -> None:
    with pytest.raises(DraftError, match="may not start or end with '/', nor be '\u2014'"):
        brackets.bracket_phrase(bracketed_gas(), "in Baku", [("a", "in Baku"), ("b", wording)])
    with pytest.raises(DraftError, match="may not start or end with '/'"):
        brackets.add_alternative(bracketed_gas(), 0, "chair", wording)


def test_a_bracket_mixing_tagged_and_untagged_wordings_warns_that_the_untagged_one_goes_to_nobody() -> None:
    read = brackets.parse("The Participants [US: phased / staged] expand.", brackets.tags(demo_settings()))
    assert [(p.delegation, p.text) for p in read.brackets[0].proposals] == [("b", "phased"), (None, "staged")]
    assert read.warnings == (
        "the clause: the wording 'staged' in 'The Participants [US: phased / staged] expand.' has no tag beside "
        "tagged ones; it is kept, attributed to nobody (write its delegation's tag before it)",
    )
    assert brackets.parse("[US: phased / UK: staged]", brackets.tags(demo_settings())).warnings[1:] == ()


def test_text_holding_the_reserved_mark_is_refused() -> None:
    draft, clause_id = one_clause_draft()
    with pytest.raises(DraftError, match="U\\+FFFC"):
        assemble.set_text(draft, clause_id, f"The Participants {BRACKET_MARK} expand.")


# -- readers' views -------------------------------------------------------------------------------


def test_the_rendered_clause_shows_the_notation_and_lists_each_wording_with_its_tag() -> None:
    draft, clause_id = one_clause_draft()
    draft = assemble.set_text(
        draft, clause_id, "${party_a_short} and ${party_b_short} [AZ: intend to / US: will] meet."
    )
    clause = render_draft(draft).clauses()[0]
    assert clause.text == "Azerbaijan and the United States [AZ: intend to / US: will] meet."
    assert not clause.wrapped
    data = to_json(render_draft(draft))["sections"][0]["clauses"][0]
    assert data["brackets"] == [
        [{"delegation": "a", "tag": "AZ", "text": "intend to"}, {"delegation": "b", "tag": "US", "text": "will"}]
    ]
    assert escape_markdown("[AZ: intend to / US: will]") in to_markdown(render_draft(draft))


# -- merging --------------------------------------------------------------------------------------


def test_a_bracket_resolved_on_one_side_merges_with_a_sentence_edited_on_the_other() -> None:
    draft, clause_id = one_clause_draft()
    base = assemble.set_text(draft, clause_id, literal(bracketed_gas()))
    clause = base.clause(clause_id)
    ours = assemble._replace_clause(base, clause_id, **brackets.resolve(clause, 0, 1).model_dump())
    theirs = assemble.set_text(base, clause_id, literal(clause).replace("in Baku", "in Baku or Washington"))
    merged = merge_drafts(base, ours, theirs).clause(clause_id)
    assert literal(merged) == (
        "The Participants will seek to expand cooperation on natural gas. "
        "They will meet each year in Baku or Washington."
    )
    assert merged.brackets == ()


# -- Word export and import -----------------------------------------------------------------------


def test_brackets_typed_by_the_counterpart_in_word_are_read_back_attributed(tmp_path: object) -> None:
    draft, clause_id = one_clause_draft()
    buffer = io.BytesIO()
    export_docx(draft, buffer, revision_time=TIME)
    edited = _replace_in_docx(
        buffer.getvalue(), "will meet each year", "will meet [US: every two years / each year] [in principle]"
    )
    imported, warnings = read_import(draft, io.BytesIO(edited), counterpart="b")
    clause = imported.clause(clause_id)
    assert clause.status == Status.BRACKETED
    assert [[(p.delegation, p.text) for p in b.proposals] for b in clause.brackets] == [
        [("b", "every two years"), (None, "each year")],
        [("b", "in principle")],
    ]
    # the untagged wording beside a tagged one goes to nobody, and says so
    found = [w for w in warnings if "[" in w or "tag" in w]
    assert len(found) == 1 and "the wording 'each year' in" in found[0], found
    assert "has no tag beside tagged ones; it is kept, attributed to nobody" in found[0] and "clause I.1" in found[0]


@pytest.mark.parametrize(
    ("typed", "warning"),
    [
        ("in [UK: London]", "the tag 'UK' in"),
        ("in [AZ: Baku / US: [Washington]]", "nested brackets"),
        ("in [AZ: Baku", "a '[' is not closed"),
    ],
)
def test_an_unknown_tag_a_nested_or_an_unclosed_bracket_typed_in_word_is_warned_about_and_kept(
    typed: str, warning: str
) -> None:
    draft, clause_id = one_clause_draft()
    buffer = io.BytesIO()
    export_docx(draft, buffer, revision_time=TIME)
    edited = _replace_in_docx(buffer.getvalue(), "in Baku", typed)
    imported, warnings = read_import(draft, io.BytesIO(edited), counterpart="b")
    assert typed in render_draft(imported).clauses()[0].text  # nothing dropped
    assert any(warning in w and "clause I.1" in w for w in warnings), warnings


def _replace_in_docx(data: bytes, old: str, new: str) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                out = io.BytesIO()
                document.save(out)
                return out.getvalue()
    raise AssertionError(f"{old!r} is not in one run of the export")


PHRASES = ["intend to", "natural gas", "each year", "in Baku", "expand cooperation", "They will"]
# letters of both languages, the notation's own signs ('/', ':', '—') and punctuation; no '$', so no variables
WORDING = st.text(alphabet="abcdefgh əşğçöüƏŞ/:—,.;()'\"-", min_size=0, max_size=12).map(lambda s: " ".join(s.split()))
OPERATION = st.one_of(
    st.tuples(st.just("bracket"), st.sampled_from(PHRASES), st.sampled_from(["a", "b", "chair", None]), WORDING),
    st.tuples(st.just("alternative"), st.integers(0, 3), st.sampled_from(["a", "b", "chair", None]), WORDING),
    st.tuples(st.just("resolve"), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("reserve"), st.sampled_from(["a", "b"]), WORDING),
    st.tuples(st.just("withdraw"), st.sampled_from(["a", "b"])),
)


def apply(clause: DraftClause, operation: tuple[object, ...]) -> DraftClause:
    """Apply one operation, or return the clause unchanged when it does not apply to it."""
    kind = operation[0]
    try:
        if kind == "bracket":
            _, phrase, delegation, wording = operation
            return brackets.bracket_phrase(clause, str(phrase), [("a", str(phrase)), (delegation, str(wording))])  # type: ignore[list-item]
        if kind == "alternative":
            _, index, delegation, wording = operation
            return brackets.add_alternative(clause, int(index), delegation, str(wording))  # type: ignore[arg-type, call-overload]
        if kind == "resolve":
            return brackets.resolve(clause, int(operation[1]), int(operation[2]))  # type: ignore[call-overload]
        if kind == "reserve":
            return brackets.reserve(clause, str(operation[1]), "Ann Lee", str(operation[2]), TIME)
        return brackets.withdraw_reservation(clause, str(operation[1]))
    except DraftError:
        return clause


@settings(max_examples=80, deadline=None)
@given(st.lists(OPERATION, max_size=8))
def test_any_sequence_of_bracket_operations_reads_back_from_its_notation_unchanged(
    operations: list[tuple[object, ...]],
) -> None:
    """The notation alone (no bracket known beforehand, as a file typed afresh) gives back every bracket."""
    draft, clause_id = one_clause_draft()
    clause = draft.clause(clause_id)
    for operation in operations:
        clause = apply(clause, operation)
    tag_of = brackets.tags(draft.settings)
    read = brackets.parse(brackets.literal(clause.text, clause.brackets, tag_of), tag_of)
    mixed = any(p.delegation is None for b in clause.brackets for p in b.proposals)
    assert (read.text, read.brackets) == (clause.text, clause.brackets)
    assert (read.warnings != ()) == mixed  # only a bracket mixing tagged and untagged wordings is warned about


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(OPERATION, max_size=8))
def test_any_sequence_of_bracket_operations_round_trips_through_word_export_and_import(
    tmp_path_factory: pytest.TempPathFactory, operations: list[tuple[object, ...]]
) -> None:
    draft, clause_id = one_clause_draft()
    clause = draft.clause(clause_id)
    for operation in operations:
        clause = apply(clause, operation)
    draft = assemble._replace_clause(draft, clause_id, **clause.model_dump())
    store = Store(tmp_path_factory.mktemp("round") / "charter.db")
    saved = store.create(draft, "Ann Lee")
    buffer = io.BytesIO()
    export_docx(saved, buffer, revision_time=TIME)
    result = import_docx(store, "round", buffer.getvalue(), author="Ann Lee", counterpart="b")
    back = result.draft.clause(clause_id)
    assert (back.text, back.brackets, back.reservations, back.status) == (
        clause.text,
        clause.brackets,
        clause.reservations,
        clause.status,
    ), result.warnings
    assert result.revision is None  # nothing changed, so nothing was saved
