"""A 300-clause draft in real Chromium: one section at a time, going to a clause, a reload mid-edit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.corpus import big_draft
from charter.drafting import assemble
from charter.drafting.model import Status
from charter.drafting.render import render_draft
from charter.store import Store
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EDITOR,
    fill_editor,
    require_chromium,
    screenshot,
    settled,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.e2e
NAME = "long"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    require_chromium()
    db = tmp_path_factory.mktemp("long") / "long.db"
    store = Store(db)
    draft = big_draft(clauses=300, name=NAME)
    first = draft.sections[0].clauses[0]
    draft = assemble.set_text(draft, first.id, "The Participants recall their long friendship.")
    store.create(assemble.set_status(draft, first.id, Status.BRACKETED), "Ann")
    with streamlit_server(db) as url:
        yield url, store


@pytest.fixture
def page(served):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.goto(served[0] + "/draft")
        tab.get_by_text("Add a clause written here").first.wait_for(timeout=120_000)
        wait_idle(tab)
        name = tab.get_by_label("Your name")
        name.fill("Ann")
        name.press("Enter")
        wait_idle(tab)
        yield tab
        browser.close()


def test_a_long_draft_draws_one_section_with_an_edit_button_on_each_clause_and_shows_brackets(served, page) -> None:
    _, store = served
    first_section = store.load(NAME).sections[0]
    assert page.get_by_role("button", name="Edit", exact=True).count() == len(first_section.clauses)
    assert "[The Participants recall their long friendship.]" in " ".join(page.inner_text("body").split())
    screenshot(page, "long-01-first-section")


def test_going_to_a_clause_in_another_section_opens_its_editor_and_a_reload_keeps_the_edit(served, page) -> None:
    url, store = served
    draft = store.load(NAME)
    target_section = draft.sections[-1]
    target = render_draft(draft).clauses()[-1]
    combo = page.get_by_label("Go to clause", exact=True)
    combo.click()
    combo.fill(f"{target.label} {target.title}")
    page.get_by_role("option").first.wait_for(timeout=30_000)
    page.keyboard.press("Enter")
    wait_idle(page)
    editor = page.locator(EDITOR)
    editor.wait_for(timeout=30_000)
    page.wait_for_function(  # the page brings the editor, far down its section, into view by itself
        "e => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }",
        arg=editor.element_handle(),
        timeout=10_000,
    )
    fill_editor(page, "The Participants will review this charter every year.")
    screenshot(page, "long-02-edited")
    page.reload()
    page.get_by_text("Add a clause written here").first.wait_for(timeout=120_000)
    wait_idle(page)
    body = page.inner_text("body")
    assert "unsaved edits from" in body and "based on revision 1" in body
    page.get_by_label("Show", exact=True).click()
    page.get_by_role("option", name="The whole charter").click()
    # the whole charter is long to draw: wait for the edited clause itself
    page.get_by_text("The Participants will review this charter every year.").first.wait_for(timeout=120_000)
    wait_idle(page)
    name = page.get_by_label("Your name")  # in local mode the name is a field of the browser session
    name.fill("Ann")
    name.press("Enter")
    wait_idle(page)
    box = settled(page, page.get_by_label("Save message"))
    box.fill("Yearly review")
    page.get_by_role("button", name="Save revision").click()
    page.get_by_text("Saved revision 2").first.wait_for(timeout=60_000)
    assert store.load(NAME).clause(target_section.clauses[-1].id).text == (
        "The Participants will review this charter every year."
    )
    screenshot(page, "long-03-saved")


def test_a_save_takes_the_unsaved_mark_off_the_clause_and_the_sidebar_follows(served, page) -> None:
    _, store = served
    head = store.head(NAME)
    row = page.locator('[class*="st-key-row-"]').nth(3)  # each clause is drawn in a fragment of its own
    row.get_by_role("button", name="Edit", exact=True).click()
    fill_editor(page, "The Participants intend to review the fourth clause together.")
    assert "unsaved" in row.inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "You have unsaved edits." in sidebar.inner_text()
    box = settled(page, page.get_by_label("Save message"))
    box.fill("Fourth clause")
    page.get_by_role("button", name="Save revision").click()
    # the result shows beside the button, where the member is looking
    page.locator('[class*="st-key-save-panel"]').get_by_text(f"Saved revision {head + 1}").wait_for(timeout=60_000)
    wait_idle(page)
    assert "unsaved" not in row.inner_text()
    assert "The Participants intend to review the fourth clause together." in row.inner_text()
    assert f"Working from revision {head + 1} (latest is {head + 1})." in sidebar.inner_text()
    assert "unsaved edits" not in sidebar.inner_text()
    screenshot(page, "long-04-saved-in-place")
