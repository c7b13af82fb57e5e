"""The browser editor in real Chromium, driven by Playwright, against `streamlit run`."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    fill_editor,
    open_page,
    require_chromium,
    screenshot,
    settled,
    streamlit_server,
    wait_idle,
)
from tests.e2e.programs import need

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    require_chromium()
    db = tmp_path / "browser.db"
    store = Store(db)
    ensure_demo(store, load_library())
    with streamlit_server(db) as url:
        yield url, store


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def go(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name=title, exact=True).click()
    wait_idle(page)


def save(page, message: str) -> None:  # type: ignore[no-untyped-def]
    wait_idle(page)
    box = settled(page, page.get_by_label("Save message"))
    box.fill(message)
    box.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save revision").click()
    # what the page says once the save is done: the revision saved, or the clash to resolve
    page.get_by_text(re.compile(r"Saved revision \d+|clash")).first.wait_for(timeout=60_000)
    wait_idle(page)


def edit_first_clause(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open the first clause's editor from its own Edit button, type the text, and close it with Done."""
    wait_idle(page)
    settled(page, page.get_by_role("button", name="Edit", exact=True).first).click()
    fill_editor(page, text)


def test_a_member_builds_edits_compares_and_exports_a_draft_in_the_browser(server, browser, tmp_path) -> None:
    url, store = server
    page = open_page(browser, url, "Ann Member")
    screenshot(page, "01-draft-demo")

    page.get_by_text("Start a new draft").click()
    page.get_by_label("Short name (letters, digits, - and _)").fill("kz-us")
    page.get_by_label("Participant A", exact=True).fill("the Republic of Kazakhstan")
    page.get_by_label("Participant B", exact=True).fill("the United States of America")
    page.get_by_text("Empty: add clauses from the Library").click()
    page.get_by_role("button", name="Create draft").click()
    page.get_by_text("Created draft kz-us").first.wait_for(timeout=60_000)
    assert store.head("kz-us") == 1

    go(page, "Library")
    page.get_by_label("Search").fill("methane")
    page.get_by_label("Search").press("Enter")
    wait_idle(page)
    page.get_by_text("(energy.methane-reduction)").click()
    wait_idle(page)
    page.get_by_role("button", name="Add to the draft").first.click()
    page.get_by_text("to the draft; save it on the Draft page").wait_for(timeout=30_000)
    wait_idle(page)
    screenshot(page, "02-library")

    go(page, "Draft")
    save(page, "Methane clause from the library")
    assert store.head("kz-us") == 2
    assert store.load("kz-us").clauses()[0].library_id == "energy.methane-reduction"

    edit_first_clause(page, "The Participants intend to cut methane emissions from oil and gas.")
    save(page, "Shorter methane clause")
    edit_first_clause(page, "The Participants intend to cut methane emissions from oil, gas and coal.")
    save(page, "Coal added")
    assert [h.message for h in store.history("kz-us")][-2:] == ["Shorter methane clause", "Coal added"]
    assert store.history("kz-us")[-1].author == "Ann Member"
    screenshot(page, "03-draft-edited")

    go(page, "Compare")
    page.locator(".redline ins").first.wait_for(timeout=30_000)
    assert page.locator(".redline ins").count() >= 1
    assert page.locator(".redline del").count() >= 1
    assert "coal" in " ".join(page.locator(".redline ins").all_inner_texts())
    screenshot(page, "04-compare")
    page.get_by_role("button", name="Prepare the redline .docx (tracked changes)").click()
    wait_idle(page)
    page.get_by_role("button", name="Download the redline .docx").wait_for(timeout=30_000)
    with page.expect_download() as redline_download:
        page.get_by_role("button", name="Download the redline .docx").click()
    redline = tmp_path / "redline.docx"
    redline_download.value.save_as(redline)
    pandoc = need("pandoc")
    if pandoc:
        accepted = subprocess.run(
            [pandoc, "--track-changes=accept", "-t", "plain", str(redline)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rejected = subprocess.run(
            [pandoc, "--track-changes=reject", "-t", "plain", str(redline)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "from oil, gas and coal." in " ".join(accepted.split())
        assert "from oil and gas." in " ".join(rejected.split())

    go(page, "History")
    screenshot(page, "05-history")
    go(page, "Overview")
    screenshot(page, "06-overview")

    go(page, "Word")
    page.get_by_role("button", name="Download .docx").wait_for(timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .docx").click()
    target = tmp_path / "downloaded.docx"
    download.value.save_as(target)
    screenshot(page, "07-word")
    assert target.read_bytes()[:2] == b"PK"
    if pandoc:
        text = subprocess.run([pandoc, "-t", "plain", str(target)], capture_output=True, text=True, check=True).stdout
        assert "cut methane emissions from oil, gas and coal" in " ".join(text.split())

    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip file")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
    uploader.set_input_files(str(broken))
    wait_idle(page)
    page.get_by_text("not a zip", exact=False).first.wait_for(timeout=30_000)
    assert store.head("kz-us") == 4
    screenshot(page, "08-bad-upload")

    edited = tmp_path / "edited.docx"
    document = docx.Document(str(target))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if "coal" in run.text:
                run.text = run.text.replace("coal", "lignite")
    document.save(str(edited))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(edited))
    wait_idle(page)
    page.get_by_role("button", name="Save as a new revision").wait_for(timeout=30_000)
    assert page.locator(".redline ins").count() >= 1
    screenshot(page, "09-upload-preview")
    page.get_by_role("button", name="Save as a new revision").click()
    page.get_by_text("as revision 5").first.wait_for(timeout=60_000)  # what the page says once it has saved
    assert store.head("kz-us") == 5
    assert "lignite" in store.load("kz-us").clauses()[0].text


def choose_clause(page, number: str) -> None:  # type: ignore[no-untyped-def]
    """Open a clause's editor by typing its number into "Go to clause"."""
    combo = page.get_by_label("Go to clause", exact=True)
    combo.click()
    combo.fill(number)
    page.get_by_role("option").first.wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    wait_idle(page)


def test_every_page_has_its_own_address_and_the_draft_page_opens_at_slash_draft(server, browser) -> None:
    url, _ = server
    page = open_page(browser, url, "Ann")
    assert page.url.rstrip("/").endswith("/draft"), page.url
    for path, ready in [("draft", "Add a clause written here"), ("overview", "Revisions by author")]:
        page.goto(f"{url}/{path}")
        page.get_by_text(ready).first.wait_for(timeout=60_000)
        assert "Page not found" not in page.inner_text("body")


def test_two_members_editing_at_once_lose_neither_edit(server, browser) -> None:
    url, store = server
    ann = open_page(browser, url, "Ann")
    bob = open_page(browser, url, "Bob")
    edit_first_clause(ann, "Ann's recital about friendship,")
    choose_clause(bob, "P.4")
    fill_editor(bob, "Bob's recital about cooperation,")
    save(ann, "Ann's edit")
    save(bob, "Bob's edit")
    texts = [c.text for c in store.load(DEMO_NAME).clauses()]
    assert "Ann's recital about friendship," in texts
    assert "Bob's recital about cooperation," in texts
    assert "merged onto revision" in bob.inner_text("body")
    screenshot(bob, "10-merged")


def test_a_clash_shows_both_texts_and_keeps_the_members_choice(server, browser) -> None:
    url, store = server
    ann = open_page(browser, url, "Ann")
    bob = open_page(browser, url, "Bob")
    edit_first_clause(ann, "Ann's wording,")
    edit_first_clause(bob, "Bob's wording,")
    save(ann, "Ann first")
    save(bob, "Bob second")
    body = bob.inner_text("body")
    assert "clash" in body and "Ann's wording," in body and "Bob's wording," in body
    screenshot(bob, "11-conflict")
    bob.get_by_role("button", name="Save with these choices").click()
    bob.get_by_text(re.compile(r"Saved revision \d+")).first.wait_for(timeout=60_000)
    history = store.history(DEMO_NAME)
    assert [h.author for h in history][-2:] == ["Ann", "Bob"]
    assert "Bob's wording," in [c.text for c in store.load(DEMO_NAME).clauses()]
    assert "Ann's wording," in [c.text for c in store.load(DEMO_NAME, history[-2].revision).clauses()]


def test_two_app_instances_on_one_postgresql_database_merge_and_show_the_clash(browser, tmp_path) -> None:
    from tests.conftest import postgres_database

    require_chromium()
    databases = postgres_database()
    url = next(databases)
    try:
        store = Store(url)
        ensure_demo(store, load_library())
        with streamlit_server(url, tmp_path) as first, streamlit_server(url, tmp_path) as second:
            ann = open_page(browser, first, "Ann")
            bob = open_page(browser, second, "Bob")
            edit_first_clause(ann, "Ann's recital about friendship,")
            choose_clause(bob, "P.4")
            fill_editor(bob, "Bob's recital about cooperation,")
            save(ann, "Ann on the first instance")
            save(bob, "Bob on the second instance")
            texts = [c.text for c in store.load(DEMO_NAME).clauses()]
            assert "Ann's recital about friendship," in texts and "Bob's recital about cooperation," in texts
            # now both edit the same sentence of one clause, each on their own instance, in new sessions
            ann = open_page(browser, first, "Ann")
            bob = open_page(browser, second, "Bob")
            edit_first_clause(ann, "Ann's second wording,")
            edit_first_clause(bob, "Bob's second wording,")
            save(ann, "Ann again")
            save(bob, "Bob again")
            body = bob.inner_text("body")
            assert "clash" in body and "Ann" in body
            screenshot(bob, "12-two-instances-clash")
            assert [h.message for h in store.history(DEMO_NAME)][-1] == "Ann again"
    finally:
        next(databases, None)


def test_a_charter_written_in_word_shows_how_each_paragraph_was_read_before_it_becomes_a_draft(
    server, browser, tmp_path
) -> None:
    from tests.charters import bold_centred, write_docx

    url, store = server
    page = open_page(browser, url, "Ann Member")
    go(page, "Word")
    source = write_docx(tmp_path / "armenia.docx", bold_centred())
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(1).set_input_files(str(source))
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    screenshot(page, "12-classification")
    # The grid draws its cells on a canvas; its rows are classification_rows(), tested without a browser.
    assert grid.is_visible()
    assert not store.exists("armenia")
    page.get_by_label("Name of the new draft").fill("armenia")
    page.get_by_label("Name of the new draft").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Create draft from file").click()
    wait_idle(page)
    deadline = time.monotonic() + 30
    while not store.exists("armenia") and time.monotonic() < deadline:  # the rerun may still be saving
        page.wait_for_timeout(200)
    draft = store.load("armenia")
    assert draft.settings.party_a.name == "the Republic of Armenia"
    assert draft.settings.preamble_heading == "PREAMBLE"
