"""A live browser session ends when its account is removed, demoted or re-keyed from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    fill_editor,
    require_chromium,
    screenshot,
    settled,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.e2e

EDITOR_PASSWORD = "EditorPass123!"


def charter(db: Path, *args: str, stdin: str | None = None) -> str:
    """Run the real `charter` command on `db` as the local owner; return its output."""
    done = subprocess.run(
        [sys.executable, "-m", "charter", "--db", str(db), *args],
        env={k: v for k, v in os.environ.items() if not k.startswith("CHARTER_")},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    require_chromium()
    db = tmp_path / "sessions.db"
    store = Store(db)
    ensure_demo(store, load_library())
    store.close()
    charter(db, "user", "add", "admin", "--role", "admin", "--password-stdin", stdin="AdminPass123!\n")
    charter(db, "user", "add", "ed", "--role", "editor", "--password-stdin", stdin=f"{EDITOR_PASSWORD}\n")
    with streamlit_server(db) as url:
        yield url, db


def sign_in_as_editor(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.get_by_label("User name").wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_label("User name").fill("ed")
    page.get_by_label("Password", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as ed").first.wait_for(timeout=60_000)
    wait_idle(page)
    return page


def revisions(db: Path) -> list[str]:
    return charter(db, "draft", "log", DEMO_NAME).strip().splitlines()


@pytest.mark.parametrize(
    "change",
    [
        [["user", "remove", "ed"]],
        [["user", "remove", "ed"], ["user", "add", "ed", "--role", "viewer", "--password-stdin"]],
        [["user", "passwd", "ed", "--password-stdin"]],
    ],
    ids=["removed", "demoted-to-viewer", "password-changed"],
)
def test_a_save_after_the_account_changed_on_the_command_line_signs_out_and_saves_nothing(
    served, browser, change, request
) -> None:
    url, db = served
    page = sign_in_as_editor(browser, url)
    before = revisions(db)
    settled(page, page.get_by_role("button", name="Edit", exact=True).first).click()
    fill_editor(page, "An edit typed before the account changed.")
    message = page.get_by_label("Save message")
    settled(page, message).fill("Edit by a changed account")
    message.press("Enter")
    wait_idle(page)
    assert page.get_by_role("button", name="Save revision").is_enabled()

    for command in change:
        charter(db, *command, stdin="AnotherPass123!\n" if "--password-stdin" in command else None)

    page.get_by_role("button", name="Save revision").click()
    wait_idle(page)
    page.get_by_text("Your account was changed or removed; sign in again.").wait_for(timeout=30_000)
    screenshot(page, f"session-ended-{request.node.callspec.id}")
    assert page.get_by_role("heading", name="Sign in").count() == 1
    assert page.get_by_text("Signed in as ed").count() == 0
    assert page.get_by_text("Saved revision").count() == 0
    after = revisions(db)
    assert after == before
    assert not any(" ed " in line for line in after)
