"""Markdown and Streamlit syntax in every user field, opened in real Chromium: the page shows the characters typed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from charter.drafting.render import WORD_JOINER
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
from tests.injection import (
    COMMENT_AUTHOR,
    CORPUS,
    LINE,
    PARTY_A,
    PARTY_B,
    PLACE,
    SECTION,
    TITLE,
    seed,
)

pytestmark = pytest.mark.e2e

# Each page, the text that shows it has finished rendering, and the literal strings it must show.
PAGES = {
    "": (
        "Add a clause written here",
        [TITLE, f"Section I: {SECTION}", f"X {LINE} in {PLACE}", f"The Government of {PARTY_A}", COMMENT_AUTHOR],
    ),
    "history": ("as a new revision", []),
    "compare": ("Words inserted", [f"Y {LINE}"]),
    "overview": ("Revisions by author", []),
    "word": ("Start a new draft from a charter .docx", []),
    "library": ("Clause library", []),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    folder = tmp_path_factory.mktemp("markdown-injection")
    seed(Store(folder / "inj.db"))
    with streamlit_server(folder / "inj.db") as url:
        yield url


@pytest.fixture
def tab(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        yield page
        browser.close()


def rendered_text(tab) -> str:  # type: ignore[no-untyped-def]
    # the escaping puts an invisible word joiner into bare URLs; a reader sees the same characters
    return " ".join(tab.inner_text("body").replace(WORD_JOINER, "").split())


@pytest.mark.parametrize("view", list(PAGES))
def test_markdown_in_user_fields_shows_as_the_literal_characters_and_makes_no_link(server, tab, view: str) -> None:
    ready, literals = PAGES[view]
    tab.goto(f"{server}/{view}")
    tab.get_by_text("Charter drafting assistant").first.wait_for(timeout=60_000)
    tab.get_by_text(ready).first.wait_for(timeout=60_000)
    wait_idle(tab)
    if view == "compare":
        tab.locator(".redline").first.wait_for(timeout=30_000)
    if view == "":  # comments show in the clause editor, opened from the clause
        tab.get_by_role("button", name="Edit", exact=True).first.click()
        tab.locator(EDITOR).wait_for(timeout=30_000)
        wait_idle(tab)
    text = rendered_text(tab)
    for literal in literals:
        assert " ".join(literal.split()) in text, f"{literal!r} is not shown literally on /{view}"
    assert tab.locator('a[href*="evil.example"]').count() == 0, "a link to evil.example was rendered"
    assert tab.locator('a[href^="javascript:"]').count() == 0
    assert tab.locator(".katex").count() == 0, "$x^2$ was rendered as maths"
    assert tab.locator("strong", has_text="bold").count() == 0, "**bold** was rendered bold"
    assert tab.locator("#inj-script, script:text('alert(1)')").count() == 0
    screenshot(tab, f"markdown-injection-{view or 'draft'}")


def test_the_alternat_choice_names_the_parties_literally(server, tab) -> None:
    tab.goto(server)
    tab.get_by_text("Charter drafting assistant").first.wait_for(timeout=60_000)
    wait_idle(tab)
    tab.get_by_text("Parties, alternat, place, date and languages").click()
    wait_idle(tab)
    radio = " ".join(tab.locator('[data-testid="stRadio"]').first.inner_text().replace(WORD_JOINER, "").split())
    assert PARTY_A in radio and PARTY_B in radio
    assert CORPUS[0] in radio and tab.locator('[data-testid="stRadio"] a').count() == 0
