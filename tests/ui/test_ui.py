"""The Streamlit app, page by page, with AppTest on a real temporary database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from charter.drafting import assemble
from charter.drafting.demo import DEMO_NAME
from charter.drafting.model import DraftClause, Status
from charter.library import load_library
from charter.negotiation import brackets
from tests.injection import unescape
from tests.ui.conftest import APP, badge_shown, drawn_clauses, reading


def app(page: str | None = None, author: str | None = "Ann") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if author:
        next(t for t in at.text_input if t.label == "Your name").input(author).run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def text_key(at: AppTest, clause_id: str | None = None) -> str:
    """Return the key of a clause's text box (the first clause's by default), opening its editor if needed."""
    prefix = f"text-{clause_id or ''}"
    found = [t.key for t in at.text_area if t.key and t.key.startswith(prefix)]
    if not found:
        edit = next(b for b in at.button if b.key and b.key.startswith(f"edit-{clause_id or ''}"))
        edit.click().run()
        found = [t.key for t in at.text_area if t.key and t.key.startswith(prefix)]
    return found[0]


def text_box(at: AppTest, clause_id: str | None = None):  # type: ignore[no-untyped-def]
    """Return a clause's text box, opening its editor if needed."""
    key = text_key(at, clause_id)
    return at.text_area(key=key)


def test_the_draft_page_shows_the_demo_charter_numbered_by_section(db) -> None:
    at = app()
    # the English original is the United States' (the alternat): it names them first
    assert at.title[0].value.startswith("Charter on Strategic Partnership between the Government of the United States")
    headings = [unescape(h.value) for h in at.subheader]
    assert "Preamble" in headings and any(h.startswith("Section I: ") for h in headings)
    assert badge_shown(at, "orange", "bracketed")


def test_editing_a_clause_marks_it_unsaved_and_saving_records_author_and_message(db) -> None:
    at = app()
    key = text_key(at)
    at.text_area(key=key).input("The Participants intend to meet every spring.").run()
    assert badge_shown(at, "blue", "unsaved")
    at.text_input(key="save-message").input("Spring meetings").run()
    button(at, "Save revision").click().run()
    assert not at.exception
    history = db.history(DEMO_NAME)
    assert (history[-1].author, history[-1].message) == ("Ann", "Spring meetings")
    texts = [c.text for c in db.load(DEMO_NAME).clauses()]
    assert "The Participants intend to meet every spring." in texts
    assert any("Saved revision 4" in s.value for s in at.success)


def test_saving_without_an_author_is_refused_and_keeps_the_edit(db) -> None:
    at = app(author=None)
    key = text_key(at)
    at.text_area(key=key).input("Edited without a name.").run()
    button(at, "Save revision").click().run()
    assert any("Set your name" in e.value for e in at.error)
    assert db.head(DEMO_NAME) == 3
    at.run()  # the refusal redrew only the save bar; the whole page still marks the edit unsaved
    assert badge_shown(at, "blue", "unsaved")


def test_a_save_after_someone_else_saved_another_clause_merges_and_says_so(db) -> None:
    at = app()
    key = text_key(at)
    at.text_area(key=key).input("My edit of the first clause.").run()
    draft = db.load(DEMO_NAME)
    other = draft.clauses()[-1]
    db.save(assemble.set_text(draft, other.id, "Their edit of the last clause."), 3, "Bob", "meanwhile")
    button(at, "Save revision").click().run()
    assert any("merged onto revision 4, clause by clause" in s.value.replace("\\", "") for s in at.success)
    texts = [c.text for c in db.load(DEMO_NAME).clauses()]
    assert "My edit of the first clause." in texts and "Their edit of the last clause." in texts


def test_a_conflicting_save_opens_a_dialog_with_both_texts_and_keeps_mine_when_chosen(db) -> None:
    at = app()
    key = text_key(at)
    clause_id = key.split("-")[1]
    at.text_area(key=key).input("Mine.").run()
    draft = db.load(DEMO_NAME)
    db.save(assemble.set_text(draft, clause_id, "Theirs."), 3, "Bob", "meanwhile")
    button(at, "Save revision").click().run()
    assert db.head(DEMO_NAME) == 4
    shown = " ".join(str(m.value) for m in at.markdown)
    assert ":red-background[Mine]" in shown and ":green-background[Theirs]" in shown
    button(at, "Save with these choices").click().run()
    assert db.load(DEMO_NAME).clause(clause_id).text == "Mine."
    assert [h.author for h in db.history(DEMO_NAME)][-2:] == ["Bob", "Ann"]


def test_the_library_page_filters_and_adds_a_clause_to_the_working_copy(db) -> None:
    at = app("library")
    everything = len(at.main.expander)
    at.text_input[0].input("methane").run()
    assert 0 < len(at.main.expander) < everything
    for expander in at.main.expander:
        shown = expander.label.replace("\\", "") + " " + " ".join(str(m.value) for m in expander.markdown)
        assert "methane" in shown.lower(), shown
    from charter.drafting.render import library_placements

    absent = next(c for c in load_library().clauses.values() if c.id not in library_placements(db.load(DEMO_NAME)))
    at.text_input[0].input(absent.id).run()
    count = len(db.load(DEMO_NAME).clauses())
    next(b for b in at.button if b.key == f"add-{absent.id}").click().run()
    assert not at.exception
    at.switch_page("views/draft.py").run()
    button(at, "Save revision").click().run()
    assert len(db.load(DEMO_NAME).clauses()) == count + 1


def test_the_history_page_lists_revisions_and_restores_one(db) -> None:
    at = app("history")
    assert len(at.dataframe[0].value) == 3
    at.selectbox(key="history-rev").select(1).run()
    button(at, "Restore revision 1 as a new revision").click().run()
    assert db.head(DEMO_NAME) == 4 and db.history(DEMO_NAME)[-1].author == "Ann"
    assert db.load(DEMO_NAME).sections == db.load(DEMO_NAME, 1).sections


def test_the_compare_page_shows_an_escaped_redline(db) -> None:
    draft = db.load(DEMO_NAME)
    clause = draft.clauses()[0]
    db.save(assemble.set_text(draft, clause.id, "Recognizing <script>alert(1)</script> friendship,"), 3, "Bob", "x")
    at = app("compare")
    html = "".join(h.proto.body for h in at.get("html"))
    assert "<ins>" in html and "<del>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_compare_page_prepares_a_redline_docx_download(db) -> None:
    at = app("compare")
    button(at, "Prepare the redline .docx (tracked changes)").click().run()
    assert not at.exception and not at.error
    assert at.get("download_button")


def test_the_overview_page_counts_statuses(db) -> None:
    at = app("overview")
    labels = {m.label: int(m.value) for m in at.metric}
    clauses = db.load(DEMO_NAME).clauses()
    expected = {status.value.capitalize(): sum(1 for c in clauses if c.status == status) for status in Status}
    assert {label: labels[label] for label in expected} == expected
    assert labels["Open brackets"] == sum(len(c.brackets) for c in clauses)
    assert labels["Clauses with a bracket or reservation"] == sum(1 for c in clauses if c.open)
    assert len(set(expected.values())) > 1, "the demo should hold different counts per status"


def charts(at: AppTest) -> list[dict]:  # type: ignore[type-arg]
    import json

    return [json.loads(n.proto.spec) for n in at.main if getattr(n, "type", None) == "vega_lite_chart"]


def chart_rows(at: AppTest, index: int) -> dict[str, list]:  # type: ignore[type-arg]
    """Return the data Streamlit sends with a chart (Arrow), column by column."""
    import pyarrow

    node = [n for n in at.main if getattr(n, "type", None) == "vega_lite_chart"][index]
    return pyarrow.ipc.open_stream(node.proto.data.data).read_all().to_pydict()


def test_the_overview_shows_areas_in_charter_order_with_full_names(db) -> None:
    from charter.drafting.progress import status_by_area

    at = app("overview")
    areas = [a.name for a in status_by_area(db.load(DEMO_NAME))]
    assert list(at.dataframe[0].value["area"]) == areas
    spec = charts(at)[0]
    assert spec["encoding"]["y"]["sort"] == areas
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0, "area names are never cut"


def settled(clause: DraftClause) -> DraftClause:
    """Return a clause with its open brackets closed on their first wording and its reservations withdrawn."""
    while clause.brackets:
        clause = brackets.resolve(clause, 0, 0)
    for reservation in clause.reservations:
        clause = brackets.withdraw_reservation(clause, reservation.delegation)
    return clause


def test_the_overview_burn_down_counts_each_revisions_statuses(db) -> None:
    draft = db.load(DEMO_NAME)
    for clause in draft.clauses():
        draft = assemble.change_clause(draft, clause.id, settled)
        draft = assemble.set_status(draft, clause.id, Status.AGREED)
    db.save(draft, 3, "Ann", "all agreed")
    at = app("overview")
    table = at.dataframe[1].value
    assert list(table["revision"]) == [1, 2, 3, 4]
    for revision, agreed, bracketed, proposed in zip(
        table["revision"], table["agreed"], table["bracketed"], table["proposed"], strict=True
    ):
        clauses = db.load(DEMO_NAME, int(revision)).clauses()
        order = (Status.AGREED, Status.BRACKETED, Status.PROPOSED)
        assert [agreed, bracketed, proposed] == [sum(1 for c in clauses if c.status == status) for status in order]
    assert table["bracketed"].iloc[-1] == 0 and table["proposed"].iloc[-1] == 0


def test_the_revision_timeline_names_the_viewers_time_zone_and_shows_whole_revision_numbers(db) -> None:
    at = app("overview")
    index = next(i for i, c in enumerate(charts(at)) if str(c["encoding"]["x"].get("title", "")).startswith("saved at"))
    spec = charts(at)[index]
    assert spec["encoding"]["x"]["title"] == "saved at (UTC)"  # AppTest has no browser time zone
    assert spec["encoding"]["y"]["axis"]["format"] == "d"
    assert "%H:%M" in spec["encoding"]["x"]["axis"]["format"], "24-hour times, never 12-hour without AM/PM"
    assert chart_rows(at, index)["revision"] == [h.revision for h in db.history(DEMO_NAME)], "every revision is a point"


def test_the_word_page_offers_the_charter_download(db) -> None:
    at = app("word")
    assert not at.exception
    assert at.get("download_button")


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    fields = {t.label: t for t in at.text_input}
    fields["User name"].input(name)
    fields["Password"].input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    return at


def test_with_users_every_page_asks_for_sign_in_and_refuses_a_wrong_password(db) -> None:
    from charter.access import accounts

    accounts.add_user(db, "vic", "viewer", "viewer password")
    for page in ("draft", "library", "history", "compare", "word", "overview"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page != "draft":
            at.switch_page(f"views/{page}.py").run()
        assert at.title[0].value == "Sign in", page
        assert not any(h.value.startswith("Section") for h in at.subheader)
    sign_in(at, "vic", "wrong password")
    assert any("wrong name or password" in e.value for e in at.error)


def test_a_signed_in_viewer_reads_but_cannot_save_and_signing_out_clears_the_session(db) -> None:
    from charter.access import accounts

    accounts.add_user(db, "vic", "viewer", "viewer password")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "vic", "viewer password")
    assert at.title[0].value.startswith("Charter on Strategic Partnership")
    assert any("Signed in as vic" in c.value and "viewer" in c.value for c in at.caption)
    assert button(at, "Save revision").disabled
    assert text_box(at).disabled, "a viewer's clause editor shows the text but takes no edits"
    assert button(at, "Save revision").disabled
    at.run()  # opening the editor drew its clause alone; a browser keeps the sidebar, AppTest draws it again
    button(at, "Sign out").click().run()
    assert "user" not in at.session_state
    assert db.head(DEMO_NAME) == 3
    assert [e.action for e in accounts.audit_log(db)][-3:] == ["login", "session-keep", "logout"]


def test_switching_drafts_keeps_the_unsaved_edits_of_each(db) -> None:
    db.copy(DEMO_NAME, "second")
    at = app()
    text_box(at).input("Unsaved edit in the demo.").run()
    at.selectbox(key="draft-input").select("second").run()
    assert not badge_shown(at, "blue", "unsaved")
    at.selectbox(key="draft-input").select(DEMO_NAME).run()
    assert badge_shown(at, "blue", "unsaved")


def test_the_conflict_panel_shows_rendered_text_with_the_differing_words_marked(db) -> None:
    at = app()
    key = text_key(at)
    clause_id = key.split("-")[1]
    at.text_area(key=key).input("${party_a} will host the first meeting.").run()
    draft = db.load(DEMO_NAME)
    db.save(assemble.set_text(draft, clause_id, "${party_b} will host the first meeting."), 3, "Bob", "meanwhile")
    button(at, "Save revision").click().run()
    shown = " ".join(str(m.value) for m in at.markdown)
    assert "${party_a}" not in shown and "party\\_a" not in shown
    assert "Azerbaijan" in shown and "United States" in shown
    assert ":red-background[" in shown and ":green-background[" in shown
    radios = [r for r in at.radio if r.label == "Keep"]
    assert len({r.key for r in radios}) == len(radios) == 1
    assert radios[0].options == ["mine", "theirs", "merged text"]


@pytest.mark.parametrize(
    "change",
    [
        lambda db, admin: accounts_module().remove_user(db, "ed", by=admin),
        lambda db, admin: (
            accounts_module().remove_user(db, "ed", by=admin),
            accounts_module().add_user(db, "ed", "viewer", "editor password", by=admin),
        ),
        lambda db, admin: accounts_module().set_password(db, "ed", "another password!", by=admin),
    ],
    ids=["removed", "demoted", "password-changed"],
)
def test_a_changed_account_ends_its_live_session_before_the_next_save(db, change) -> None:
    from charter.access.roles import Role, User

    accounts = accounts_module()
    accounts.add_user(db, "admin", "admin", "admin password")
    accounts.add_user(db, "ed", "editor", "editor password")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "ed", "editor password")
    text_box(at).input("An edit typed before the change.").run()
    change(db, User("root", Role.ADMIN, ()))
    button(at, "Save revision").click().run()
    assert db.head(DEMO_NAME) == 3
    assert at.title[0].value == "Sign in"
    assert any("sign in again" in e.value for e in at.error)


def accounts_module():  # type: ignore[no-untyped-def]
    from charter.access import accounts

    return accounts


def test_a_bracketed_one_paragraph_clause_shows_both_brackets(db) -> None:
    from charter.drafting.model import Status as ClauseStatus
    from charter.drafting.render import render_draft

    draft = db.load(DEMO_NAME)
    single = next(c for c in render_draft(draft).clauses() if len(c.paragraphs) == 1)
    db.save(assemble.set_status(draft, single.id, ClauseStatus.BRACKETED), 3, "Ann", "bracket")
    at = app()
    shown = [reading(clause) for clause in drawn_clauses(at) if ">bracketed<" in clause]
    number = f"{single.number}. "
    # the opening bracket follows the number, the closing one ends the text (the Markdown escape once lost it)
    assert any(text.startswith(number + "[" + single.paragraphs[0][:30]) and "]" in text for text in shown), shown


def test_the_library_marks_clauses_already_in_the_draft_and_asks_before_adding_one_again(db) -> None:
    from charter.drafting.render import render_draft

    held = next(c for c in render_draft(db.load(DEMO_NAME)).clauses() if c.library_id)
    at = app("library")
    expander = next(e for e in at.main.expander if f"({held.library_id})" in e.label.replace("\\", ""))
    assert expander.label.replace("\\", "").endswith(f"in the draft as {held.label}")
    add = next(b for b in at.button if b.key == f"add-{held.library_id}")
    assert add.disabled
    next(c for c in at.checkbox if c.key == f"again-{held.library_id}").check().run()
    add = next(b for b in at.button if b.key == f"add-{held.library_id}")
    assert not add.disabled
    count = len(db.load(DEMO_NAME).clauses())
    add.click().run()
    assert not at.exception
    assert any("Added" in str(t.value) for t in at.toast), "the confirmation shows where the user is"
    assert count == len(db.load(DEMO_NAME).clauses()), "adding changes the working copy, not the store"


def test_a_reload_brings_back_unsaved_edits_and_saving_them_clears_the_kept_copy(db) -> None:
    at = app()
    key = text_key(at)
    at.text_area(key=key).input("An edit that must survive a reload.").run()
    assert db.head(DEMO_NAME) == 3
    reloaded = app()  # a new browser session: nothing carried over in session state
    assert text_box(reloaded).value == "An edit that must survive a reload."
    shown = " ".join(str(w.value) for w in reloaded.warning)
    assert "unsaved edits from" in shown and "based on revision 3" in shown
    button(reloaded, "Save revision").click().run()
    assert "An edit that must survive a reload." in [c.text for c in db.load(DEMO_NAME).clauses()]
    assert db.working_copy("(local owner)", DEMO_NAME) is None


def test_a_clause_with_treaty_language_shows_a_check_badge_and_a_one_click_fix(db) -> None:
    draft = db.load(DEMO_NAME)
    first = draft.clauses()[0]
    db.save(assemble.set_text(draft, first.id, "The Parties shall cooperate closely,"), 3, "Ann", "treaty words")
    at = app()
    assert any("drafting check" in clause for clause in drawn_clauses(at))
    text_key(at, first.id)  # opens the clause's editor, where the checks are listed
    fixes = [b for b in at.button if b.key and b.key.startswith(f"fix-{first.id}-")]
    assert fixes, [c.value for c in at.caption]
    fixes[0].click().run()
    assert not at.exception
    edited = text_box(at).value
    assert edited != "The Parties shall cooperate closely,"


def new_draft(at: AppTest, name: str, start: str, other: str | None = None) -> None:
    next(b for b in at.button if b.key == "new-draft-open").click().run()
    form = {t.label: t for t in at.text_input}
    form["Short name (letters, digits, - and _)"].input(name)
    form["Participant A"].input("the Republic of Kazakhstan")
    form["Participant B"].input("the United States of America")
    next(r for r in at.radio if r.label == "Start from").set_value(start)
    if other:
        next(s for s in at.selectbox if s.label.startswith("Which draft")).set_value(other)
    next(b for b in at.button if b.label == "Create draft").click().run()
    assert not at.exception, at.exception


def test_a_new_draft_starts_from_the_standard_set_and_the_sidebar_shows_it(db) -> None:
    from charter.drafting.sets import starting_set

    at = app()
    at.text_input(key="save-message").input("typed for the demo")
    new_draft(at, "kz-us", "standard")
    held = [c.library_id for c in db.load("kz-us").clauses()]
    assert held == starting_set(load_library(), "standard")
    assert at.selectbox(key="draft-input").value == "kz-us"
    assert at.text_input(key="save-message").value == "", "a save message typed for one draft does not carry over"
    assert any(f"with {len(held)} clauses" in s.value for s in at.success)


def test_a_new_draft_can_take_another_drafts_structure_as_a_fresh_proposal(db) -> None:
    at = app()
    new_draft(at, "kz-us", "draft", DEMO_NAME)
    demo, new = db.load(DEMO_NAME), db.load("kz-us")
    assert [s.title for s in new.sections] == [s.title for s in demo.sections]
    assert [c.text for c in new.clauses()] == [c.text for c in demo.clauses()]
    assert {c.status for c in new.clauses()} == {Status.PROPOSED}
    assert not any(c.comments for c in new.clauses())
    assert new.settings.party_a.name == "the Republic of Kazakhstan"
