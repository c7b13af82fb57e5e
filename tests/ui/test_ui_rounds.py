"""Delegations, rounds and the negotiation figures in the app, page by page, with AppTest on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from charter.access import accounts
from charter.compare.diff import compare
from charter.drafting import assemble
from charter.drafting.demo import DEMO_NAME
from charter.drafting.model import Draft, DraftClause
from charter.negotiation import brackets
from charter.store import Store
from tests.injection import AUTHOR, LINE, MESSAGE, NAME, seed, unescape
from tests.ui.conftest import APP
from tests.ui.test_ui import app, button, charts, settled, sign_in, text_box
from tests.ui.test_ui_injection import assert_no_live_markdown, markdown_strings

PASSWORD = "admin password 1"


def subheaders(at: AppTest) -> list[str]:
    return [unescape(h.value) for h in at.subheader]


def frames(at: AppTest) -> list:  # type: ignore[type-arg]
    return [frame.value for frame in at.dataframe]


def test_in_local_mode_the_delegation_picked_in_the_sidebar_is_recorded_on_every_save(db) -> None:
    at = app()
    picker = at.selectbox(key="delegation-input")
    assert picker.options == ["None", "Azerbaijan", "the United States", "Chair"]
    picker.select("b").run()
    text_box(at).input("The United States proposes these words.").run()
    at.switch_page("views/history.py").run()  # the choice outlives a change of page
    at.switch_page("views/draft.py").run()
    button(at, "Save revision").click().run()
    assert not at.exception
    assert db.history(DEMO_NAME)[-1].delegation == "b"


def test_a_signed_in_user_saves_for_their_delegation_and_a_change_of_it_asks_them_to_sign_in_again(db) -> None:
    accounts.add_user(db, "sam", "editor", "editor password", delegation="a")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "sam", "editor password")
    assert any("Signed in as sam" in c.value and "Azerbaijan delegation" in unescape(c.value) for c in at.caption)
    assert not [s for s in at.selectbox if s.key == "delegation-input"], "a signed-in user does not pick one"
    accounts.set_delegation(db, "sam", "b")  # an admin moves sam while sam is signed in
    at.run()
    assert at.title[0].value == "Sign in"
    sign_in(at, "sam", "editor password")
    text_box(at).input("Words saved after the move.").run()
    button(at, "Save revision").click().run()
    assert (db.history(DEMO_NAME)[-1].author, db.history(DEMO_NAME)[-1].delegation) == ("sam", "b")


def test_the_history_page_shows_each_revisions_delegation_under_its_round(db) -> None:
    db.mark_round(DEMO_NAME, "Round 1, Baku", 2, author="Secretariat")
    at = app("history")
    assert subheaders(at)[:2] == ["Not yet in a round (revision 3)", "Round 1, Baku (revisions 1 to 2)"]
    latest, first_round = frames(at)[:2]
    assert list(latest["revision"]) == [3] and list(latest["delegation"]) == ["the United States"]
    assert list(first_round["revision"]) == [2, 1] and list(first_round["delegation"]) == ["Azerbaijan", ""]


def test_naming_a_revision_as_a_round_on_the_history_page_records_it_and_groups_the_history(db) -> None:
    at = app("history")
    assert len(frames(at)) == 1, "without rounds the history is one table"
    at.text_input(key="round-name").input("Round 1, Baku")
    next(s for s in at.selectbox if s.label == "Revision").select(2)
    button(at, "Name this revision as a round").click().run()
    assert not at.exception and not at.error
    assert [(r.name, r.revision, r.author) for r in db.rounds(DEMO_NAME)] == [("Round 1, Baku", 2, "Ann")]
    assert "Round 1, Baku (revisions 1 to 2)" in subheaders(at)
    at.text_input(key="round-name").input("Round 2, Washington")
    button(at, "Name this revision as a round").click().run()
    assert [(r.name, r.revision) for r in db.rounds(DEMO_NAME)][-1] == ("Round 2, Washington", 3)
    at.selectbox(key="round-remove").select("Round 1, Baku")
    button(at, "Remove round").click().run()
    assert [r.name for r in db.rounds(DEMO_NAME)] == ["Round 2, Washington"] and db.head(DEMO_NAME) == 3


def test_a_round_needs_a_name_and_an_author(db) -> None:
    at = app("history", author=None)
    at.text_input(key="round-name").input("Round 1")
    button(at, "Name this revision as a round").click().run()
    assert any("Set your name" in e.value for e in at.error) and db.rounds(DEMO_NAME) == []
    at = app("history")
    at.text_input(key="round-name").input("   ")
    button(at, "Name this revision as a round").click().run()
    assert any("a round needs a name" in unescape(e.value) for e in at.error) and db.rounds(DEMO_NAME) == []


def test_the_compare_page_compares_one_round_with_another_and_signs_the_redline_by_delegation(db) -> None:
    db.mark_round(DEMO_NAME, "Round 1, Baku", 1, author="Secretariat")
    db.mark_round(DEMO_NAME, "Round 2, Washington", 3, author="Secretariat")
    at = app("compare")
    at.radio(key="cmp-by").set_value("rounds").run()
    assert at.selectbox(key="cmp-from-round").options == [
        "Round 1, Baku (revision 1)",
        "Round 2, Washington (revision 3)",
    ]
    at.selectbox(key="cmp-from-round").select("Round 1, Baku (revision 1)").run()
    at.selectbox(key="cmp-to-round").select("Round 2, Washington (revision 3)").run()
    changed = {m.label: int(m.value) for m in at.metric}["Clauses changed"]
    assert changed == len(compare(db.load(DEMO_NAME, 1), db.load(DEMO_NAME, 3)).changed) > 0
    assert at.radio(key="cmp-sign-by").value == "delegation"
    button(at, "Prepare the redline .docx (tracked changes)").click().run()
    assert not at.exception and not at.error and at.get("download_button")


def test_comparing_by_rounds_offers_the_latest_revision_after_the_last_round(db) -> None:
    db.mark_round(DEMO_NAME, "Round 1, Baku", 1, author="Secretariat")
    at = app("compare")
    at.radio(key="cmp-by").set_value("rounds").run()
    assert at.selectbox(key="cmp-to-round").options == ["Round 1, Baku (revision 1)", "latest (revision 3)"]
    assert at.selectbox(key="cmp-to-round").value == "latest (revision 3)"


def put(draft: Draft, clause: DraftClause) -> Draft:
    """Return the draft with `clause` in place of the clause of the same id."""
    s, c = draft.find(clause.id)
    section = draft.sections[s]
    clauses = (*section.clauses[:c], clause, *section.clauses[c + 1 :])
    sections = (*draft.sections[:s], section.model_copy(update={"clauses": clauses}), *draft.sections[s + 1 :])
    return draft.model_copy(update={"sections": sections})


def bracketed_demo(db: Store) -> None:
    """Save revision 4 of the demo with two attributed brackets and a reservation in its energy clauses (only)."""
    draft = db.load(DEMO_NAME)
    for clause in draft.clauses():  # the demo's own bracket and reservation are settled first
        draft = assemble.change_clause(draft, clause.id, settled)
    energy = [c for c in draft.clauses() if c.area == "energy"]
    first = brackets.bracket_phrase(energy[0], energy[0].text.split()[1], [("a", "intend to"), ("b", "will seek to")])
    first = brackets.reserve(first, "b", "Sam", "pending the review")
    second = brackets.bracket_phrase(energy[1], energy[1].text.split()[1], [("a", "shall"), ("chair", "should")])
    db.save(put(put(draft, first), second), 3, "Ann", "brackets", delegation="a")


def test_the_overview_counts_open_brackets_per_delegation_and_per_area(db) -> None:
    bracketed_demo(db)
    at = app("overview")
    assert not at.exception
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Open brackets"] == 2 and metrics["Clauses with a bracket or reservation"] == 2
    by_delegation = frames(at)[1]
    assert list(by_delegation["delegation"]) == ["Azerbaijan", "the United States", "Chair"]
    assert list(by_delegation["proposals in open brackets"]) == [2, 1, 1]
    assert list(by_delegation["reservations"]) == [0, 1, 0]
    by_area = frames(at)[2]
    assert by_area["open brackets"].sum() == 2 and by_area["the United States: reservations"].sum() == 1
    colours = charts(at)[1]["encoding"]["color"]["scale"]
    assert colours["domain"][:3] == ["Azerbaijan", "the United States", "Chair"]
    assert len(set(colours["range"])) == len(colours["range"]), "each delegation has a colour of its own"


def test_the_overview_burn_down_by_round_counts_each_rounds_revision(db) -> None:
    at = app("overview")
    assert "Burn-down by round" in subheaders(at)
    assert any("No rounds yet" in c.value for c in at.caption)
    bracketed_demo(db)
    db.mark_round(DEMO_NAME, "Round 1, Baku", 2, author="Secretariat")
    db.mark_round(DEMO_NAME, "Round 2, Washington", 3, author="Secretariat")
    at = app("overview")
    table = next(frame for frame in frames(at) if "round" in frame.columns)
    assert list(table["round"]) == ["Round 1, Baku", "Round 2, Washington", "latest (revision 4)"]
    # the demo's revision 3 already holds one attributed bracket (the U.S. answer)
    assert list(table["revision"]) == [2, 3, 4] and list(table["open brackets"]) == [0, 1, 2]
    for revision, agreed in zip(table["revision"], table["agreed"], strict=True):
        assert agreed == sum(1 for c in db.load(DEMO_NAME, int(revision)).clauses() if c.status == "agreed")


def test_the_tags_brackets_name_the_delegations_by_are_set_on_the_overview(db) -> None:
    at = app("overview")
    assert at.text_input(key="tag-b").value == "US"
    at.text_input(key="tag-b").input("USA")
    at.text_input(key="tag-chair").input("Sec")
    button(at, "Apply tags").click().run()
    assert not at.exception and not at.error
    kept = at.session_state["workspaces"][DEMO_NAME].working
    assert kept.settings.tags == {"b": "USA", "chair": "Sec"}
    at.text_input(key="tag-b").input("AZ")
    button(at, "Apply tags").click().run()
    assert any("each delegation needs its own tag" in unescape(e.value) for e in at.error)


def test_an_admin_sees_and_sets_each_users_delegation(db) -> None:
    accounts.add_user(db, "admin", "admin", PASSWORD)
    accounts.add_user(db, "sam", "editor", "editor password", delegation="b")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    sign_in(at, "admin", PASSWORD)
    at.switch_page("views/admin.py").run()
    assert not at.exception
    users = frames(at)[0]
    assert list(users["delegation"]) == ["none", "the United States (b)"]
    at.selectbox(key="delegation-user").select("sam").run()
    at.selectbox(key="delegation-of-sam").select("chair").run()
    button(at, "Set delegation").click().run()
    assert [u.delegation for u in accounts.users(db) if u.name == "sam"] == ["chair"]
    assert list(frames(at)[0]["delegation"]) == ["none", "Chair (chair)"]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The injection corpus in every field, a revision of each delegation, brackets, and rounds named with it."""
    path = tmp_path / "inj.db"
    monkeypatch.setenv("CHARTER_DB", str(path))
    st.cache_resource.clear()
    store = Store(path)
    seed(store)
    draft = store.load(NAME)
    clause = draft.clauses()[-1]
    bracketed = brackets.bracket_phrase(clause, "Y", [("a", "Y"), ("b", "Z")])
    bracketed = brackets.reserve(bracketed, "b", AUTHOR, f"note {LINE}")
    store.save(put(draft, bracketed), 2, AUTHOR, MESSAGE, delegation="a")
    store.mark_round(NAME, f"R1 {LINE}", 1, author=AUTHOR)
    store.mark_round(NAME, f"R2 {LINE}", 3, author=AUTHOR)
    return store


@pytest.mark.parametrize("page", ["history", "compare", "overview"])
def test_round_and_delegation_names_holding_markdown_show_as_text(hostile, page: str) -> None:
    at = app(page, author=AUTHOR)
    if page == "compare":
        at.radio(key="cmp-by").set_value("rounds").run()
    assert not at.exception, at.exception
    strings = markdown_strings(at)
    assert_no_live_markdown(strings)
    if page == "history":
        assert any(f"R2 {LINE} (revisions 2 to 3)" in unescape(s) for s in strings)
        assert any(f"pa {LINE}" in value for value in frames(at)[0]["delegation"])
