"""`charter serve` on a database in a read-only folder, run as a user whom permissions bind, in Chromium."""

from __future__ import annotations

import pytest

from charter.drafting.demo import ensure_demo
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, screenshot, serve_process, wait_idle
from tests.unprivileged import environment, prefix, python, shared_folder

pytestmark = pytest.mark.e2e

BANNER = "This database is read-only: you can read and export, not save."


def test_serve_starts_on_a_read_only_database_shows_the_banner_on_every_page_and_exports() -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with shared_folder() as root:
        folder = root / "data"
        folder.mkdir()
        db = folder / "charter.db"
        store = Store(db)
        ensure_demo(store, load_library())
        store.close()
        before = db.read_bytes()
        folder.chmod(0o555)
        home = root / "home"
        home.mkdir()
        home.chmod(0o777)
        env = environment(HOME=str(home))
        with (
            serve_process(db, logs=root, prefix=prefix(), env=env, python=python()) as (url, _process),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
                page.goto(url)
                page.get_by_text(BANNER).first.wait_for(timeout=60_000)
                wait_idle(page)
                assert page.get_by_role("button", name="Save revision").is_disabled()
                screenshot(page, "read-only-draft")
                for title in ("Library", "History", "Compare", "Word", "Overview"):
                    page.get_by_role("link", name=title, exact=True).click()
                    wait_idle(page)
                    page.get_by_text(BANNER).first.wait_for(timeout=30_000)
                    assert page.get_by_text("Traceback").count() == 0, title
                page.get_by_role("link", name="Word", exact=True).click()
                wait_idle(page)
                with page.expect_download(timeout=60_000) as download:
                    page.get_by_role("button", name="Download .docx").click()
                assert download.value.path().read_bytes()[:2] == b"PK"
            finally:
                browser.close()
        assert db.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["charter.db"]
