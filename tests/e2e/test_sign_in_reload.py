"""A reload keeps the sign-in and the author's name: Chromium against one real `charter serve`.

The page writes the cookies itself (Streamlit cannot set one), so only a real browser shows that
the script runs, that the cookie has the intended attributes, and that a reload or a new tab
sends it back. The tests share one server; the local-mode test runs while no users exist.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from charter.drafting.demo import ensure_demo
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, screenshot, streamlit_server, wait_idle
from tests.e2e.test_session_revocation import charter

pytestmark = pytest.mark.e2e

PASSWORDS = {"admin": "AdminPass123!", "ed": "EditorPass123!", "rem": "RemovedPass123!"}
ROLES = {"admin": "admin", "ed": "editor", "rem": "editor"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Yield the URL of one `charter serve` on the demo draft, and its database (no users yet)."""
    require_chromium()
    folder = tmp_path_factory.mktemp("sign-in-reload")
    db = folder / "reload.db"
    store = Store(db)
    ensure_demo(store, load_library())
    store.close()
    with streamlit_server(db) as url:
        yield url, db


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def users(server: tuple[str, Path]) -> tuple[str, Path]:
    """Return the server once its users exist (adding those that are missing)."""
    url, db = server
    present = charter(db, "user", "list")
    for name, password in PASSWORDS.items():
        if not any(line.split()[:1] == [name] for line in present.splitlines()):
            charter(db, "user", "add", name, "--role", ROLES[name], "--password-stdin", stdin=password + "\n")
    return url, db


def new_browser(chromium: Any) -> Any:
    return chromium.new_context(viewport={"width": 1400, "height": 1000})


def open_page(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    wait_idle(page)
    return page


def sign_in(page: Any, name: str) -> None:
    page.get_by_label("User name").wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {name}").first.wait_for(timeout=60_000)
    wait_idle(page)


def cookie(context: Any, name: str, present: bool = True, timeout: float = 30.0) -> dict[str, Any] | None:
    """Return the browser's cookie `name` once it is there (or None once it is gone, with present=False)."""
    deadline = time.monotonic() + timeout
    while True:
        found = next((c for c in context.cookies() if c["name"] == name), None)
        if (found is not None) == present or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def signed_in(page: Any, name: str) -> bool:
    page.get_by_text(f"Signed in as {name}").first.wait_for(timeout=60_000)
    wait_idle(page)
    return page.get_by_role("heading", name="Sign in").count() == 0


def on_sign_in_page(page: Any) -> bool:
    page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
    wait_idle(page)
    return page.get_by_text("Signed in as").count() == 0


def test_in_local_mode_the_authors_name_survives_a_reload(server, chromium) -> None:
    url, db = server
    for line in charter(db, "user", "list").splitlines():
        if line.split()[:1] and line.split()[0] in PASSWORDS:
            charter(db, "user", "remove", line.split()[0])
    context = new_browser(chromium)
    page = open_page(context, url + "/history")
    name_box = page.get_by_label("Your name")
    name_box.fill("Aysel Məmmədova")
    name_box.press("Enter")
    wait_idle(page)
    kept = cookie(context, "charter_author")
    assert kept is not None and kept["sameSite"] == "Strict" and kept["path"] == "/"
    page.reload()
    wait_idle(page)
    page.get_by_label("Your name").wait_for(timeout=60_000)
    assert page.get_by_label("Your name").input_value() == "Aysel Məmmədova"
    assert page.url.endswith("/history")
    screenshot(page, "reload-local-mode-name-kept")
    context.close()


def test_a_password_sign_in_survives_a_reload_and_a_second_tab_and_ends_with_sign_out(
    users, chromium, tmp_path
) -> None:
    url, db = users
    context = new_browser(chromium)
    page = open_page(context, url + "/history")
    assert page.get_by_role("checkbox", name="Stay signed in on this browser for 12 hours").is_checked()
    sign_in(page, "ed")
    kept = cookie(context, "charter_session")
    assert kept is not None, "the page wrote the cookie"
    assert (kept["path"], kept["sameSite"], kept["secure"]) == ("/", "Strict", False)
    assert 11.9 * 3600 < kept["expires"] - time.time() <= 12 * 3600 + 5
    token = kept["value"]
    assert token not in page.content() and token not in page.url
    assert page.get_by_role("heading", name="History").count() == 1

    page.reload()
    assert signed_in(page, "ed")
    assert page.url.endswith("/history") and page.get_by_role("heading", name="History").count() == 1
    screenshot(page, "reload-still-signed-in")
    tab = open_page(context, url + "/compare")
    assert signed_in(tab, "ed")
    screenshot(tab, "reload-second-tab-signed-in")
    assert token not in tab.content()

    tab.get_by_role("button", name="Sign out").click()
    assert on_sign_in_page(tab)
    assert cookie(context, "charter_session", present=False) is None
    page.reload()
    assert on_sign_in_page(page)
    screenshot(page, "reload-after-sign-out")
    logs = "".join(path.read_text(errors="replace") for path in db.parent.glob("streamlit-*.log"))
    assert token not in logs
    assert token not in charter(db, "audit")
    context.close()


def test_an_admin_reloading_the_users_page_stays_there(users, chromium) -> None:
    url, _db = users
    context = new_browser(chromium)
    page = open_page(context, url)
    sign_in(page, "admin")
    cookie(context, "charter_session")
    page.goto(url + "/admin")
    page.get_by_role("heading", name="Users and audit log").wait_for(timeout=60_000)
    page.reload()
    assert signed_in(page, "admin")
    page.get_by_role("heading", name="Users and audit log").wait_for(timeout=60_000)
    assert page.url.endswith("/admin")
    context.close()


def test_a_user_removed_on_the_command_line_meets_the_sign_in_page_after_a_reload(users, chromium) -> None:
    url, db = users
    context = new_browser(chromium)
    page = open_page(context, url)
    sign_in(page, "rem")
    assert cookie(context, "charter_session") is not None
    charter(db, "user", "remove", "rem")
    page.reload()
    assert on_sign_in_page(page)
    screenshot(page, "reload-after-user-removed")
    assert cookie(context, "charter_session", present=False) is None, "the dead token is deleted from the browser"
    context.close()
