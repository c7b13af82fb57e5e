"""An injection corpus in every user-writable field, opened in real Chromium: shown as text, never run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.drafting import assemble
from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.errors import DraftError
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EDITOR,
    require_chromium,
    screenshot,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.e2e

PAYLOADS = [
    '<script id="inj-script">alert(1)</script>',
    '<img id="inj-img" src="x" onerror="alert(2)">',
    '<a id="inj-link" href="javascript:alert(3)">click</a>',
    '<iframe id="inj-frame" src="javascript:alert(4)"></iframe>',
    '<form id="inj-form" action="https://example.invalid/steal"><input name="q"></form>',
    '<style id="inj-style">body { display: none }</style>',
    "[press here](javascript:alert(5))",
    '<svg id="inj-svg" onload="alert(6)"></svg>',
    "${party_a.__class__} {0} :red[coloured] $x^2$",
]
# The last thing each page renders: once it shows, the page has finished its script run.
LAST = {
    "": "Add a clause written here",
    "history": "as a new revision",
    "compare": "Words inserted",
    "overview": "Revisions by author",
}
INJECTED = ["inj-script", "inj-img", "inj-link", "inj-frame", "inj-form", "inj-style", "inj-svg"]


def seed(store: Store) -> None:
    """Put a payload in each user-writable field: clause text and title, comment, author, message, parties."""
    ensure_demo(store, load_library())
    draft = store.load(DEMO_NAME)
    for index, payload in enumerate(PAYLOADS):
        draft, clause = assemble.add_custom(draft, "final", f"T{index} {payload}", f"X{index} {payload}")
        draft = assemble.add_comment(draft, clause.id, payload, f"C{index} {payload}")
    assert draft.revision is not None
    saved = store.save(draft, draft.revision, PAYLOADS[0], PAYLOADS[1]).draft
    changed = assemble.update_settings(saved, party_a=PAYLOADS[2], party_b=PAYLOADS[6], place=PAYLOADS[3])
    assert saved.revision is not None
    store.save(changed, saved.revision, PAYLOADS[7], PAYLOADS[5])


@pytest.fixture
def page(tmp_path: Path) -> Iterator[tuple[object, list[str], str]]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    store = Store(tmp_path / "inj.db")
    seed(store)
    with streamlit_server(tmp_path / "inj.db") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1200})
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield tab, dialogs, url
        browser.close()


def assert_inert(tab, dialogs: list[str]) -> str:  # type: ignore[no-untyped-def]
    tab.wait_for_timeout(800)
    assert dialogs == [], f"a script ran: {dialogs}"
    for element_id in INJECTED:
        assert tab.locator(f"#{element_id}").count() == 0, element_id
    assert tab.locator('a[href^="javascript:"]').count() == 0
    assert tab.evaluate("getComputedStyle(document.body).display") != "none"
    return " ".join(tab.inner_text("body").split())


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("", ["X0", "X1", "X6", "X8"]),
        ("history", [PAYLOADS[0], PAYLOADS[1], PAYLOADS[5], PAYLOADS[7]]),
        ("compare", ["X0", "X3", "X6", "T2"]),
        ("overview", []),
    ],
)
def test_every_payload_shows_as_text_and_nothing_runs(page, view: str, expected: list[str]) -> None:
    tab, dialogs, url = page
    tab.goto(f"{url}/{view}")
    tab.get_by_text("Charter drafting assistant").first.wait_for(timeout=60_000)
    tab.get_by_text(LAST[view]).first.wait_for(timeout=60_000)
    wait_idle(tab)
    if view == "compare":
        tab.locator(".redline").first.wait_for(timeout=30_000)
        tab.get_by_label("From").click()
        tab.get_by_role("option", name="2", exact=True).click()
        wait_idle(tab)
        tab.locator(".redline").first.wait_for(timeout=30_000)
    text = assert_inert(tab, dialogs)
    for marker in expected:
        if marker in PAYLOADS:
            assert " ".join(marker.split()) in text, marker
        else:
            index = int(marker[1:])
            assert f"{marker} {' '.join(PAYLOADS[index].split())}" in text, marker
    if view == "":
        for payload in PAYLOADS[2:7:4]:
            assert payload in text  # the party names, in the title and chapeau
    screenshot(tab, f"injection-{view or 'draft'}")


def test_the_draft_editor_shows_comments_and_authors_as_text(page) -> None:
    tab, dialogs, url = page
    tab.goto(url)
    tab.get_by_text("Charter drafting assistant").first.wait_for(timeout=60_000)
    wait_idle(tab)
    combo = tab.get_by_label("Go to clause", exact=True)
    combo.click()
    combo.fill("T1")
    tab.get_by_role("option").first.wait_for(timeout=10_000)
    tab.keyboard.press("Enter")
    tab.locator(EDITOR).wait_for(timeout=30_000)
    wait_idle(tab)
    text = assert_inert(tab, dialogs)
    assert f"C1 {PAYLOADS[1]}" in text
    assert PAYLOADS[1] in text  # the comment's author


def test_a_payload_is_refused_as_a_draft_name(tmp_path: Path) -> None:
    store = Store(tmp_path / "names.db")
    draft = assemble.new_draft("x", assemble.make_settings("A", "B"))
    for payload in PAYLOADS:
        with pytest.raises(DraftError, match="invalid draft name"):
            store.create(draft.model_copy(update={"name": payload}), "Ann")
    assert store.drafts() == []
