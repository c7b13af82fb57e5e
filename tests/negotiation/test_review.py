"""A counterpart's tracked changes reviewed change by change: read, decided, applied and saved as one revision."""

from __future__ import annotations

import io

import docx
import pytest

from charter.access import accounts
from charter.drafting import assemble
from charter.drafting.model import BRACKET_MARK, Draft, Reservation, Status
from charter.errors import ReviewError, WordError
from charter.negotiation.brackets import clause_literal
from charter.negotiation.changes import UNTRACKED
from charter.negotiation.decisions import apply_review, decide, save_review
from charter.negotiation.review import Review, read_review
from charter.store import Store
from charter.word import export_bytes
from tests.negotiating import put
from tests.negotiation.markup import US, WHEN, Markup
from tests.word.test_hostile import body, docx_with


@pytest.fixture
def exported(saved_draft: Draft) -> bytes:
    return export_bytes(saved_draft)


def marked_up(exported: bytes) -> bytes:
    """Return the export with three tracked changes by the U.S. Delegation, and a comment."""
    return (
        Markup(exported)
        .replace("intend to", "will", after="The Participants ")
        .replace("", "significantly ", after="cooperate on ")
        .replace("routine ", "", after="ending ")
        .comment("extension of the gas corridor", "We need a firmer verb here.")
        .bytes()
    )


def review_of(store: Store, draft: Draft, data: bytes) -> Review:
    return read_review(store, draft.name, data, file_name="from-washington.docx")


def text_of(draft: Draft, label: str) -> str:
    from charter.drafting.render import render_draft

    return next(c.text for c in render_draft(draft).clauses() if c.label == label)


def test_every_tracked_change_is_listed_with_its_clause_author_date_words_and_context(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    review = review_of(store, saved_draft, marked_up(exported))
    assert [(c.id, c.clause, c.kind, c.author, c.date) for c in review.changes] == [
        ("c1", "I.1", "replacement", US, WHEN),
        ("c2", "I.2", "insertion", US, WHEN),
        ("c3", "I.2", "deletion", US, WHEN),
    ]
    first = review.changes[0]
    assert (first.before, first.after) == ("intend to", "will")
    assert first.context_before == "The Participants"
    assert first.context_after.startswith("support the extension of the gas")
    assert review.changes[1].after == "significantly "
    assert review.changes[2].before == "routine "
    assert [(c.clause, c.author, c.text) for c in review.comments] == [("I.1", US, "We need a firmer verb here.")]
    assert review.base == saved_draft.revision
    assert review.warnings == ()


def test_accepting_rejecting_and_bracketing_give_the_decided_wordings(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    review = review_of(store, saved_draft, marked_up(exported))
    applied = apply_review(review, {"c1": "accept", "c2": "reject", "c3": "bracket"}, counterpart="b")
    draft = applied.draft
    assert text_of(draft, "I.1").startswith("The Participants will support the extension")
    methane = draft.clauses()[2]
    assert clause_literal(methane, draft.settings) == (
        "The Participants plan to cooperate on reducing methane emissions, including by:\n"
        "(a) measuring emissions at source;\n(b) ending [AZ: routine / US: \u2014] flaring."
    )
    assert [(p.delegation, p.text) for p in methane.brackets[0].proposals] == [("a", "routine"), ("b", "")]
    assert methane.status == Status.BRACKETED
    corridor = draft.clauses()[1]
    assert [(c.author, c.text) for c in corridor.comments] == [(US, "We need a firmer verb here.")]


def test_a_rejected_change_keeps_the_old_words_and_the_stored_variables(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    data = Markup(exported).replace("political intentions", "political commitments").bytes()
    review = review_of(store, saved_draft, data)
    assert [(c.clause, c.before, c.after) for c in review.changes] == [
        ("II.1", "political intentions", "political commitments")
    ]
    final = saved_draft.clauses()[-1]
    rejected = apply_review(review, decide(review, rest="reject"), counterpart="b").draft
    assert rejected.clauses()[-1] == final
    accepted = apply_review(review, decide(review, rest="accept"), counterpart="b").draft.clauses()[-1]
    assert accepted.text == final.text.replace("political intentions", "political commitments")
    assert "${" in accepted.text


def test_a_bracketed_replacement_attributes_the_old_words_to_the_proposer_and_the_new_to_the_counterpart(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    review = review_of(store, saved_draft, marked_up(exported))
    draft = apply_review(review, decide(review, bracket=["c1"], rest="reject"), counterpart="b").draft
    assert text_of(draft, "I.1").startswith("The Participants [AZ: intend to / US: will] support")
    chair = apply_review(review, decide(review, bracket=["c1"], rest="reject"), counterpart="chair", proposer="b")
    assert text_of(chair.draft, "I.1").startswith("The Participants [US: intend to / Chair: will] support")


def test_a_clause_or_rest_decides_many_changes_and_an_id_wins_over_its_clause(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    review = review_of(store, saved_draft, marked_up(exported))
    assert decide(review, accept=["I.2"], rest="reject") == {"c1": "reject", "c2": "accept", "c3": "accept"}
    assert decide(review, bracket=["I.2"], reject=["c3"], accept=["c1"]) == {
        "c1": "accept",
        "c2": "bracket",
        "c3": "reject",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"accept": ["c9"]}, "no change 'c9' (it has c1 to c3)"),
        ({"accept": ["c1"], "reject": ["c1"], "rest": "accept"}, "change c1 is decided twice (accept and reject)"),
        ({"accept": ["c1"]}, "2 change(s) are not decided (c2, c3)"),
        ({"accept": ["I.2"], "bracket": ["I.2"], "rest": "accept"}, "clause I.2 is named twice"),
    ],
)
def test_unknown_twice_decided_and_undecided_changes_are_refused_with_a_clear_message(
    store: Store, saved_draft: Draft, exported: bytes, options: dict[str, object], message: str
) -> None:
    review = review_of(store, saved_draft, marked_up(exported))
    with pytest.raises(ReviewError) as caught:
        decide(review, **options)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_a_saved_review_is_one_revision_that_records_the_counterpart_the_file_and_each_decision(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    data = marked_up(exported)
    review = review_of(store, saved_draft, data)
    head = store.head(saved_draft.name)
    saved = save_review(
        store, review, decide(review, accept=["c1"], reject=["c2"], bracket=["c3"]), author="Leyla", delegation="a"
    )
    assert saved.revision == head + 1 == store.head(saved_draft.name)
    info = store.revision_info(saved_draft.name, saved.revision)
    import hashlib

    assert info.delegation == "a"
    assert info.source == {
        "delegation": "b",
        "file": "from-washington.docx",
        "sha256": hashlib.sha256(data).hexdigest(),
        "accepted": ["c1"],
        "rejected": ["c2"],
        "bracketed": ["c3"],
    }
    assert info.message == "Review of from-washington.docx from the United States: 1 accepted, 1 rejected, 1 bracketed"
    entry = accounts.audit_log(store)[-1]
    assert (entry.action, entry.target, entry.detail) == ("review", saved_draft.name, f"revision {saved.revision}")
    stored = store.load(saved_draft.name)
    assert text_of(stored, "I.1").startswith("The Participants will support")


def test_the_same_file_reviewed_twice_is_warned_about_and_its_comment_is_not_counted_again(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    data = marked_up(exported)
    first = review_of(store, saved_draft, data)
    assert first.warnings == ()
    saved = save_review(store, first, decide(first, rest="accept"), author="Leyla", delegation="a")
    assert saved.comments == 1
    again = review_of(store, saved_draft, data)
    assert again.warnings == (
        f"from-washington.docx: this very file (the same SHA-256) was already reviewed in revision {saved.revision}; "
        "make sure you mean to answer it again",
    )
    twice = save_review(store, again, decide(again, rest="accept"), author="Leyla", delegation="a")
    assert twice.comments == 0  # the merge found the comment there already
    assert [len(c.comments) for c in store.load(saved_draft.name).clauses()] == [0, 1, 0, 0]


def test_a_viewer_may_read_a_review_but_not_save_it(store: Store, saved_draft: Draft, exported: bytes) -> None:
    from charter.access.roles import Role, User
    from charter.errors import PermissionDenied

    review = review_of(store, saved_draft, marked_up(exported))
    viewer = User("vic", Role.VIEWER, delegation="a")
    with pytest.raises(PermissionDenied):
        save_review(store, review, decide(review, rest="accept"), author="vic", actor=viewer)
    assert store.head(saved_draft.name) == saved_draft.revision


def test_an_edit_made_without_tracking_is_listed_as_an_untracked_change_of_its_own(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    document = docx.Document(io.BytesIO(exported))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("new markets", "new and existing markets")
    buffer = io.BytesIO()
    document.save(buffer)
    data = Markup(buffer.getvalue()).replace("intend to", "will", after="The Participants ").bytes()
    review = review_of(store, saved_draft, data)
    assert [(c.id, c.author, c.tracked, c.before, c.after) for c in review.changes] == [
        ("c1", US, True, "intend to", "will"),
        ("c2", UNTRACKED, False, "", "and existing "),
    ]
    kept = apply_review(review, {"c1": "accept", "c2": "reject"}, counterpart="b").draft
    assert text_of(kept, "I.1") == (
        "The Participants will support the extension of the gas corridor linking the Republic of Azerbaijan "
        "with new markets."
    )
    taken = apply_review(review, {"c1": "reject", "c2": "accept"}, counterpart="b").draft
    assert text_of(taken, "I.1").endswith("with new and existing markets.")


def test_a_paragraph_inserted_with_tracking_becomes_a_new_clause_once_accepted(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    data = (
        Markup(exported).insert_paragraph("new markets.", "2.\tThe Participants intend to share market data.").bytes()
    )
    review = review_of(store, saved_draft, data)
    assert [(c.clause, c.kind, c.after) for c in review.changes] == [
        ("I.1", "insertion", "2.\tThe Participants intend to share market data.")
    ]
    accepted = apply_review(review, decide(review, rest="accept"), counterpart="b")
    assert [text_of(accepted.draft, label) for label in ("I.2",)] == ["The Participants intend to share market data."]
    assert len(accepted.draft.clauses()) == len(saved_draft.clauses()) + 1
    bracketed = apply_review(review, decide(review, rest="bracket"), counterpart="b").draft
    assert bracketed.clauses()[2].status == Status.BRACKETED
    rejected = apply_review(review, decide(review, rest="reject"), counterpart="b").draft
    assert rejected.clauses() == saved_draft.clauses()


def test_a_new_paragraph_typing_a_tagged_bracket_becomes_a_bracketed_clause_with_that_bracket(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    typed = "2.\tThe Participants [AZ: intend to / US: will] share market data."
    review = review_of(store, saved_draft, Markup(exported).insert_paragraph("new markets.", typed).bytes())
    added = apply_review(review, decide(review, rest="accept"), counterpart="b").draft.clauses()[2]
    assert added.status == Status.BRACKETED
    assert [(p.delegation, p.text) for p in added.brackets[0].proposals] == [("a", "intend to"), ("b", "will")]


def test_a_clause_stored_as_proposed_with_a_reservation_is_bracketed_once_a_review_rewrites_it(
    store: Store, saved_draft: Draft
) -> None:
    corridor = saved_draft.clauses()[1]
    reserved = corridor.model_copy(update={"reservations": (Reservation(delegation="b", author="Sam", time=WHEN),)})
    old = store.save(put(saved_draft, reserved), saved_draft.revision, "Tester", "as saved before the rule").draft
    assert old.clause(corridor.id).status == Status.PROPOSED
    file = Markup(export_bytes(old)).replace("intend to", "will", after="The Participants ").bytes()
    review = review_of(store, old, file)
    applied = apply_review(review, decide(review, rest="accept"), counterpart="b").draft
    assert applied.clause(corridor.id).status == Status.BRACKETED


def test_accepting_the_deletion_of_a_whole_clause_removes_it(store: Store, saved_draft: Draft, exported: bytes) -> None:
    recital = "Recognizing the friendship between the Republic of Azerbaijan and the United States of America,"
    review = review_of(store, saved_draft, Markup(exported).replace(recital, "").bytes())
    assert [(c.clause, c.kind, c.before) for c in review.changes] == [("P.1", "deletion", recital)]
    applied = apply_review(review, decide(review, rest="accept"), counterpart="b")
    assert [c.id for c in applied.draft.clauses()] == [c.id for c in saved_draft.clauses()[1:]]
    assert "clause P.1 is removed: its deletion was accepted" in applied.warnings


def test_a_change_inside_an_existing_bracket_is_kept_as_a_reservation_when_bracketed(
    store: Store, saved_draft: Draft
) -> None:
    clause = saved_draft.clauses()[1]
    draft = assemble.set_text(
        saved_draft, clause.id, "The Participants [AZ: intend to / US: will seek to] support the extension."
    )
    saved = store.save(draft, saved_draft.revision or 1, "Tester", "bracket")  # type: ignore[arg-type]
    data = Markup(export_bytes(saved.draft)).replace("will seek to", "will").bytes()
    review = review_of(store, saved.draft, data)
    assert [(c.before, c.after) for c in review.changes] == [("will seek to", "will")]
    applied = apply_review(review, decide(review, rest="bracket"), counterpart="b")
    corridor = applied.draft.clauses()[1]
    assert clause_literal(corridor, applied.draft.settings) == clause_literal(saved.draft.clauses()[1], draft.settings)
    assert [(r.delegation, r.note) for r in corridor.reservations] == [
        ("b", "the United States proposes c1: \u201cwill seek to\u201d \u2192 \u201cwill\u201d")
    ]
    accepted = apply_review(review, decide(review, rest="accept"), counterpart="b").draft.clauses()[1]
    assert clause_literal(accepted, draft.settings) == (
        "The Participants [AZ: intend to / US: will] support the extension."
    )


def test_a_file_exported_from_another_draft_is_refused(store: Store, saved_draft: Draft, small_library) -> None:
    from tests.conftest import make_draft

    other = store.create(make_draft(small_library, "other"), "Tester")
    data = Markup(export_bytes(other)).replace("intend to", "will", after="The Participants ").bytes()
    with pytest.raises(ReviewError) as caught:
        review_of(store, saved_draft, data)
    assert f"not an export of draft '{saved_draft.name}' (it was exported from draft id {other.draft_id})" in str(
        caught.value
    )


def test_a_hostile_zip_is_refused_before_any_xml_is_read(store: Store, saved_draft: Draft) -> None:
    bomb = body("<w:p/>").replace("<w:p/>", "<w:p/>" + " " * (20 * 1024 * 1024))
    with pytest.raises(WordError) as caught:
        review_of(store, saved_draft, docx_with(bomb))
    assert "expands" in str(caught.value)
    entity = body("<w:p/>").replace('<?xml version="1.0"?>', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]>')
    with pytest.raises(WordError, match="declares a DOCTYPE"):
        review_of(store, saved_draft, docx_with(entity))
    with pytest.raises(WordError, match="not a .docx file"):
        review_of(store, saved_draft, b"plain text, not a zip")


def test_words_moved_with_tracking_are_listed_as_moves_and_land_where_accepted(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    data = (
        Markup(exported)
        .replace("routine ", "", after="ending ", moved=True)
        .replace("", "routine ", after="measuring ", moved=True)
        .bytes()
    )
    review = review_of(store, saved_draft, data)
    assert [(c.id, c.kind, c.moved, c.before, c.after) for c in review.changes] == [
        ("c1", "insertion", True, "", "routine "),
        ("c2", "deletion", True, "routine ", ""),
    ]
    moved = apply_review(review, decide(review, rest="accept"), counterpart="b").draft
    assert "(a) measuring routine emissions at source;\n(b) ending flaring." in text_of(moved, "I.2")


def test_a_change_inside_a_clause_shown_in_brackets_keeps_the_clause_bracketed(
    store: Store, saved_draft: Draft
) -> None:
    clause = saved_draft.clauses()[1]
    saved = store.save(assemble.set_status(saved_draft, clause.id, "bracketed"), 1, "Tester", "bracket the corridor")
    data = Markup(export_bytes(saved.draft)).replace("intend to", "will", after="The Participants ").bytes()
    review = review_of(store, saved.draft, data)
    assert [(c.clause, c.before, c.after, c.context_before) for c in review.changes] == [
        ("I.1", "intend to", "will", "[The Participants")
    ]
    accepted = apply_review(review, decide(review, rest="accept"), counterpart="b").draft.clauses()[1]
    assert accepted.status == Status.BRACKETED
    assert accepted.text == clause.text.replace("intend to", "will")
    bracketed = apply_review(review, decide(review, rest="bracket"), counterpart="b").draft.clauses()[1]
    assert bracketed.status == Status.BRACKETED
    assert clause_literal(bracketed, saved.draft.settings).startswith("The Participants [AZ: intend to / US: will]")


def test_a_deleted_paragraph_mark_between_two_clauses_is_a_change_that_joins_them_once_accepted(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    file = Markup(exported).delete_paragraph_mark("with new markets.").bytes()
    review = review_of(store, saved_draft, file)
    assert [(c.id, c.clause, c.kind, c.joins, c.before) for c in review.changes] == [
        ("c1", "I.1", "join", "I.2", "\u00b6")
    ]
    corridor, methane = saved_draft.clauses()[1:3]
    joined = apply_review(review, {"c1": "accept"}, counterpart="b")
    assert [c.id for c in joined.draft.clauses()] == [c.id for c in saved_draft.clauses() if c.id != methane.id]
    assert text_of(joined.draft, "I.1") == text_of(saved_draft, "I.1") + " " + text_of(saved_draft, "I.2")
    assert joined.draft.clause(corridor.id).text.startswith(corridor.text + " The Participants plan")  # ${party_a} kept
    assert any("clause I.2 is joined to clause I.1" in w for w in joined.warnings)
    kept = apply_review(review, {"c1": "reject"}, counterpart="b").draft
    assert [c.text for c in kept.clauses()] == [c.text for c in saved_draft.clauses()]
    reserved = apply_review(review, {"c1": "bracket"}, counterpart="b").draft
    assert [c.text for c in reserved.clauses()] == [c.text for c in saved_draft.clauses()]
    assert reserved.clause(corridor.id).reservations[0].note == (
        "the United States proposes c1: to join this clause with the next one"
    )
    assert methane.id in {c.id for c in reserved.clauses()}


def test_a_deleted_paragraph_mark_after_the_last_clause_is_a_warning_naming_it(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    file = Markup(exported).delete_paragraph_mark("costs $0 to apply.").bytes()
    review = review_of(store, saved_draft, file)
    assert review.changes == ()
    assert any(w.startswith("clause II.1: the file deletes the paragraph mark after it") for w in review.warnings)


def test_bracketing_a_change_to_a_filled_in_value_takes_it_whole_and_keeps_every_variable_of_the_clause(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    file = Markup(exported).replace("Baku", "Washington", after="English languages at ").bytes()
    review = review_of(store, saved_draft, file)
    assert [(c.clause, c.before, c.after) for c in review.changes] == [("II.1", "Baku", "Washington")]
    final = saved_draft.clauses()[-1]
    assert "${languages}" in final.text and "${place}" in final.text
    bracketed = apply_review(review, {"c1": "bracket"}, counterpart="b")
    clause = bracketed.draft.clause(final.id)
    assert clause.text == final.text.replace("${place}", BRACKET_MARK)
    assert [(p.delegation, p.text) for p in clause.brackets[0].proposals] == [("a", "${place}"), ("b", "Washington")]
    assert bracketed.warnings == []
    accepted = apply_review(review, {"c1": "accept"}, counterpart="b")
    assert accepted.draft.clause(final.id).text == final.text.replace("${place}", "Washington")
    assert accepted.warnings == [
        "clause II.1: the decided text edits part of a value filled in from the draft settings (${place}); "
        "stored those words as written"
    ]


def test_bracketing_part_of_a_longer_value_widens_the_bracket_to_the_whole_value(
    store: Store, saved_draft: Draft, exported: bytes
) -> None:
    file = Markup(exported).replace("Republic of Azerbaijan", "Azerbaijani Republic", after="linking the ").bytes()
    review = review_of(store, saved_draft, file)
    corridor = saved_draft.clauses()[1]
    clause = apply_review(review, {"c1": "bracket"}, counterpart="b").draft.clause(corridor.id)
    assert clause.text == corridor.text.replace("${party_a}", BRACKET_MARK)
    assert [(p.delegation, p.text) for p in clause.brackets[0].proposals] == [
        ("a", "${party_a}"),
        ("b", "the Azerbaijani Republic"),
    ]
