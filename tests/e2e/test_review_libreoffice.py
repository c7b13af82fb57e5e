"""Tracked changes made by LibreOffice's own document compare (through UNO), reviewed change by change."""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from pathlib import Path

import docx
import pytest

from charter.drafting.model import Draft
from charter.drafting.render import render_draft
from charter.negotiation.brackets import clause_literal
from charter.negotiation.decisions import apply_review, decide
from charter.negotiation.review import read_review
from charter.store import Store
from charter.word import export_bytes
from tests.e2e.programs import missing, need, run
from tests.negotiation.markup import US

pytestmark = pytest.mark.e2e
SYSTEM_PYTHON = "/usr/bin/python3"

#: Run by Debian's Python, which has the `uno` module: opens the edited file in a headless LibreOffice,
#: compares it with the original (Edit > Track Changes > Compare Document) and saves the result as .docx.
COMPARE_SCRIPT = r"""
import subprocess, sys, time, uuid
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    option = PropertyValue()
    option.Name, option.Value = name, value
    return option

soffice, profile, original, edited, out = sys.argv[1:6]
pipe = "charter" + uuid.uuid4().hex
office = subprocess.Popen(
    [soffice, "--headless", "--norestore", "-env:UserInstallation=" + profile, "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    else:
        sys.exit("LibreOffice did not answer on its pipe")
    manager = context.ServiceManager
    desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(edited), "_blank", 0, (prop("Hidden", True),))
    frame = document.getCurrentController().getFrame()
    against = (prop("URL", uno.systemPathToFileUrl(original)), prop("NoAcceptDialog", True))
    dispatcher.executeDispatch(frame, ".uno:CompareDocuments", "", 0, against)
    print(document.getRedlines().getCount())
    document.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "MS Word 2007 XML"),))
    document.close(True)
finally:
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:
            pass
    try:
        office.wait(timeout=60)
    except subprocess.TimeoutExpired:
        office.kill()
"""


def compared_by_libreoffice(original: bytes, edited: bytes, folder: Path) -> tuple[bytes, int]:
    """Return LibreOffice's comparison of `edited` against `original` saved as .docx, and how many changes it marked."""
    soffice = need("soffice")
    if not Path(SYSTEM_PYTHON).is_file() or subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], check=False).returncode:
        missing(f"{SYSTEM_PYTHON} cannot import uno (apt-get install python3-uno)")
    (folder / "original.docx").write_bytes(original)
    (folder / "edited.docx").write_bytes(edited)
    script = folder / "compare.py"
    script.write_text(COMPARE_SCRIPT, encoding="utf-8")
    profile = Path("/tmp") / f"charter-e2e-compare-{uuid.uuid4().hex}"
    try:
        output = run([SYSTEM_PYTHON, str(script), soffice, profile.as_uri(), str(folder / "original.docx"),
                      str(folder / "edited.docx"), str(folder / "compared.docx")])  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return (folder / "compared.docx").read_bytes(), int(output.split()[-1])


def edited_by_the_us_delegation(exported: bytes) -> bytes:
    """Return the export edited without tracking, saved under the U.S. Delegation's name (LibreOffice signs with it)."""
    document = docx.Document(io.BytesIO(exported))
    for paragraph in document.paragraphs:
        for run_ in paragraph.runs:
            run_.text = (
                run_.text.replace("The Participants intend to support", "The Participants will support")
                .replace("ending routine flaring", "ending flaring")
                .replace("cooperate on reducing", "cooperate on significantly reducing")
            )
    document.core_properties.author = document.core_properties.last_modified_by = US
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def texts(draft: Draft) -> list[str]:
    return [clause.text for clause in render_draft(draft).clauses()]


def test_changes_marked_by_libreoffice_compare_are_reviewed_one_by_one(
    store: Store, saved_draft: Draft, tmp_path: Path
) -> None:
    # LibreOffice without its GUI (Debian's libreoffice-writer-nogui) aborts when it opens a file with
    # comments through UNO, so this draft has none.
    assert not any(clause.comments for clause in saved_draft.clauses())
    exported = export_bytes(saved_draft)
    compared, marked = compared_by_libreoffice(exported, edited_by_the_us_delegation(exported), tmp_path)
    assert marked >= 3
    review = read_review(store, saved_draft.name, compared, file_name="compared.docx")
    assert review.warnings == ()
    assert {change.author for change in review.changes} == {US}
    assert {change.clause for change in review.changes} == {"I.1", "I.2"}
    assert all(change.tracked and change.date is not None for change in review.changes)

    accepted = apply_review(review, decide(review, rest="accept"), counterpart="b").draft
    assert texts(accepted)[1].startswith("The Participants will support the extension")
    assert "cooperate on significantly reducing" in texts(accepted)[2]
    assert "(b) ending flaring." in texts(accepted)[2]
    rejected = apply_review(review, decide(review, rest="reject"), counterpart="b").draft
    assert rejected.clauses() == saved_draft.clauses()

    first = review.changes[0]
    bracketed = apply_review(review, decide(review, bracket=[first.id], rest="reject"), counterpart="b").draft
    corridor = bracketed.clauses()[1]
    assert [p.delegation for p in corridor.brackets[0].proposals] == ["a", "b"]
    literal = clause_literal(corridor, bracketed.settings)
    assert literal.startswith("The Participants [AZ: ") and "/ US: will" in literal


def test_a_file_compared_by_libreoffice_is_reviewed_in_the_browser_and_accepted_whole(
    store: Store, saved_draft: Draft, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import (
        CHROMIUM,
        CHROMIUM_ARGS,
        open_page,
        require_chromium,
        screenshot,
        streamlit_server,
        wait_idle,
    )

    require_chromium()
    exported = export_bytes(saved_draft)
    compared, marked = compared_by_libreoffice(exported, edited_by_the_us_delegation(exported), tmp_path)
    assert marked >= 3
    returned = tmp_path / "compared-by-libreoffice.docx"
    returned.write_bytes(compared)
    head = store.head(saved_draft.name)
    with streamlit_server(store.path) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = open_page(browser, url + "/review", "Leyla Mammadova")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(returned))
        page.get_by_role("button", name="Save review").wait_for(timeout=60_000)
        assert page.get_by_text(US).count() >= 3, "each change names LibreOffice's author"
        page.get_by_role("radiogroup", name="Whose changes are these?").get_by_text("(US)").click()
        wait_idle(page)
        page.get_by_role("button", name="Accept all", exact=True).click()
        wait_idle(page)
        screenshot(page, "review-libreoffice-compare")
        page.get_by_role("button", name="Save review").click()
        page.get_by_text(f"Saved the review as revision {head + 1}").first.wait_for(timeout=60_000)
        browser.close()
    saved = store.load(saved_draft.name)
    assert texts(saved)[1].startswith("The Participants will support the extension")
    assert "cooperate on significantly reducing" in texts(saved)[2]
    source = store.revision_info(saved_draft.name, head + 1).source
    assert source is not None and source["delegation"] == "b" and source["file"] == "compared-by-libreoffice.docx"
