"""A whole negotiation round in Chromium: delegation A exports, B's tracked changes come back, A reviews them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.library import load_library
from charter.negotiation.brackets import clause_literal
from charter.store import Store
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    open_page,
    require_chromium,
    screenshot,
    streamlit_server,
    wait_idle,
)
from tests.e2e.programs import need, run
from tests.e2e.test_negotiation_prints_readers import pdf_text
from tests.e2e.test_word_readers import flat, soffice_convert
from tests.negotiation.markup import US, Markup

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    require_chromium()
    db = tmp_path / "round.db"
    store = Store(db)
    ensure_demo(store, load_library())
    with streamlit_server(db) as url:
        yield url, store


def decide(page, change_id: str, choice: str) -> None:  # type: ignore[no-untyped-def]
    group = page.get_by_role("radiogroup", name=f"Decision on {change_id}")
    group.get_by_text(choice, exact=True).click()
    wait_idle(page)


def test_delegation_a_accepts_rejects_and_brackets_the_us_delegations_tracked_changes(server, tmp_path) -> None:
    url, store = server
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = open_page(browser, url + "/word", "Leyla Mammadova")

        # Delegation A exports the charter from the Word page.
        page.get_by_role("button", name="Download .docx").wait_for(timeout=30_000)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download .docx").click()
        exported = tmp_path / "for-washington.docx"
        download.value.save_as(exported)

        # Delegation B marks it up in Word with Track Changes on.
        returned = tmp_path / "from-washington.docx"
        returned.write_bytes(
            Markup(exported.read_bytes())
            .replace("intend to", "will", after="The Participants ")
            .replace("", "secure and ", after="support the ")
            .replace("phased ", "", after="operation and ")
            .comment("gas transportation corridor", "Capacity figures to follow.")
            .bytes()
        )
        pandoc = need("pandoc")
        accepted = subprocess.run(
            [pandoc, "--track-changes=accept", "-t", "plain", str(returned)], capture_output=True, text=True, check=True
        ).stdout
        assert "The Participants will support the secure and reliable operation and expansion" in " ".join(
            accepted.split()
        )

        # Delegation A reviews the changes one by one.
        page.get_by_role("link", name="Review", exact=True).click()
        wait_idle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(returned))
        wait_idle(page)
        page.get_by_role("button", name="Save review").wait_for(timeout=30_000)
        page.locator("del").filter(has_text="intend to").first.wait_for(timeout=30_000)
        assert page.locator("del").filter(has_text="intend to").count() == 1
        assert page.locator("ins").filter(has_text="secure and").count() == 1
        assert page.get_by_text("U.S. Delegation").count() >= 3
        screenshot(page, "review-01-changes")
        decide(page, "c1", "Accept")
        decide(page, "c2", "Reject")
        decide(page, "c3", "Bracket both")
        head = store.head(DEMO_NAME)
        page.get_by_role("button", name="Save review").click()
        page.get_by_text(f"Saved the review as revision {head + 1}").first.wait_for(timeout=30_000)
        screenshot(page, "review-02-saved")

        # Delegation A prints the round's result for the next meeting: the joint text and the matrix.
        page.get_by_role("link", name="Word", exact=True).click()
        wait_idle(page)
        prints = {}
        for kind, label in (("joint", "Joint negotiating text"), ("matrix", "Negotiation matrix")):
            page.get_by_role("button", name=label).wait_for(timeout=30_000)
            with page.expect_download() as printed:
                page.get_by_role("button", name=label).click()
            prints[kind] = tmp_path / f"{kind}.docx"
            printed.value.save_as(prints[kind])
        browser.close()

    # pandoc and LibreOffice read the bracket the review made, each wording with its delegation's tag
    for kind, path in prints.items():
        by_pandoc = flat(run([pandoc, "-t", "plain", str(path)]))
        by_libreoffice = flat(pdf_text(soffice_convert(path, "pdf", tmp_path / kind)))
        for text in (by_pandoc, by_libreoffice):
            assert "AZ: phased" in text and "US: —" in text, (kind, text[:400])
            if kind == "joint":  # the matrix wraps a clause's text inside its table cell
                assert "will support the reliable operation" in text

    assert store.head(DEMO_NAME) == head + 1
    draft = store.load(DEMO_NAME)
    corridor = draft.clauses()[4]
    assert clause_literal(corridor, draft.settings).startswith(
        "The Participants will support the reliable operation and [AZ: phased / US: \u2014] expansion of the gas"
    )
    assert [(p.delegation, p.text) for p in corridor.brackets[0].proposals] == [("a", "phased"), ("b", "")]
    assert (corridor.comments[-1].author, corridor.comments[-1].text) == (US, "Capacity figures to follow.")
    info = store.revision_info(DEMO_NAME, head + 1)
    assert info.source is not None and info.source["delegation"] == "b"
    assert (info.source["accepted"], info.source["rejected"], info.source["bracketed"]) == (["c1"], ["c2"], ["c3"])
    assert info.source["file"] == "from-washington.docx"
