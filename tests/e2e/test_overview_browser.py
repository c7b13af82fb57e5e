"""The Overview's pictures in real Chromium: the burn-down's points and the timeline's time zone, read off the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from charter.drafting import assemble
from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.drafting.model import Status
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, screenshot, streamlit_server, wait_idle

pytestmark = pytest.mark.e2e

#: Vega labels each point of a chart for screen readers: "revision: 2; clauses: 5; status: bracketed".
POINT = re.compile(r"^revision: (\d+); clauses: (\d+); status: (\w+)$")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    require_chromium()
    db = tmp_path_factory.mktemp("overview") / "overview.db"
    store = Store(db)
    ensure_demo(store, load_library())
    # a fourth revision that agrees two more clauses, so the burn-down has a step of its own
    draft = store.load(DEMO_NAME)
    proposed = [c for c in draft.clauses() if c.status == Status.PROPOSED and not c.brackets][:2]
    for clause in proposed:
        draft = assemble.set_status(draft, clause.id, Status.AGREED)
    store.save(draft, store.head(DEMO_NAME), "Ann", "Two more agreed")
    with streamlit_server(db) as url:
        yield url, store


def open_overview(url: str, timezone: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=timezone).new_page()
    page.goto(f"{url}/overview")
    page.get_by_text("Revisions by author").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.locator(".vega-embed svg").last.wait_for(timeout=30_000)
    return playwright, browser, page


def chart_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    script = "marks => marks.map(m => m.getAttribute('aria-label'))"
    return page.eval_on_selector_all(".vega-embed [aria-label]", script)


def test_the_burn_down_draws_each_revisions_proposed_bracketed_and_agreed_clauses(served) -> None:
    url, store = served
    playwright, browser, page = open_overview(url, "UTC")
    try:
        drawn: dict[tuple[int, str], int] = {}
        for label in chart_labels(page):
            if match := POINT.match(label):
                drawn[(int(match[1]), match[3])] = int(match[2])
        screenshot(page, "overview-burn-down")
    finally:
        browser.close()
        playwright.stop()
    history = store.history(DEMO_NAME)
    assert {revision for revision, _ in drawn} == {info.revision for info in history}, "every revision is a point"
    for info in history:
        clauses = store.load(DEMO_NAME, info.revision).clauses()
        for status in Status:
            assert drawn[(info.revision, status.value)] == sum(1 for c in clauses if c.status == status), (
                info.revision,
                status,
            )
    last = history[-1].revision
    assert drawn[(last, "agreed")] == drawn[(last - 1, "agreed")] + 2, "the step the last revision made is drawn"


def test_the_revision_timeline_is_drawn_in_the_viewers_time_zone_and_says_so(served) -> None:
    url, store = served
    playwright, browser, page = open_overview(url, "Asia/Baku")
    try:
        labels = chart_labels(page)
        screenshot(page, "overview-timeline-baku")
    finally:
        browser.close()
        playwright.stop()
    saved = [label for label in labels if label.startswith("saved at (Asia/Baku)")]
    assert len(saved) == len(store.history(DEMO_NAME)), labels
    first = store.history(DEMO_NAME)[0]
    baku = first.time.astimezone(ZoneInfo("Asia/Baku"))
    assert f"time (Asia/Baku): {baku:%Y-%m-%d %H:%M}" in " ".join(saved)
    assert baku.utcoffset() != datetime.now(ZoneInfo("UTC")).utcoffset(), "the zone differs from the server's"
