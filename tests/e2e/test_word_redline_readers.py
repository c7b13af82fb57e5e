"""Acceptance: pandoc and LibreOffice accept and reject the redline's tracked changes into the two revisions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from charter.drafting import assemble
from charter.drafting.model import Draft, Status
from charter.drafting.render import render_draft
from charter.word.export import export_docx
from charter.word.redline import Stamp, build_redline
from tests.e2e.programs import missing, need, run
from tests.word.test_redline import clause, draft_with, insert, replace, revision_pairs

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "word"
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
STAMP = Stamp("Leyla Mammadova", TIME)
SYSTEM_PYTHON = "/usr/bin/python3"

#: Run by Debian's Python, which has the `uno` module: opens each file in one headless LibreOffice,
#: applies Accept All or Reject All (or nothing), and prints each file's paragraphs as JSON.
UNO_SCRIPT = r"""
import json, subprocess, sys, time, uuid
import uno
from com.sun.star.beans import PropertyValue

def hidden():
    option = PropertyValue()
    option.Name, option.Value = "Hidden", True
    return (option,)

def paragraphs(text):
    found = []
    parts = text.createEnumeration()
    while parts.hasMoreElements():
        part = parts.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            found.append(part.getString())
        elif part.supportsService("com.sun.star.text.TextTable"):
            for name in part.getCellNames():
                found.extend(paragraphs(part.getCellByName(name)))
    return found

soffice, profile, jobs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
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
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    results = []
    for path, action in jobs:
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, hidden())
        tracked = document.getRedlines().getCount()
        if action != "none":
            command = ".uno:AcceptAllTrackedChanges" if action == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(document.getCurrentController().getFrame(), command, "", 0, ())
        results.append({"tracked": tracked, "left": document.getRedlines().getCount(),
                        "paragraphs": paragraphs(document.getText())})
        document.close(True)
    print(json.dumps(results))
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


def flat(text: str) -> str:
    """Return text with every run of whitespace (non-breaking spaces included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def pandoc_paragraphs(pandoc: str, path: Path, *options: str) -> list[str]:
    """Return pandoc's plain-text reading of a .docx as whitespace-collapsed paragraphs."""
    text = run([pandoc, *options, "-t", "plain", "--wrap=none", str(path)])
    return [flat(block) for block in re.split(r"\n\s*\n", text) if block.strip()]


def write_three(old: Draft, new: Draft, folder: Path) -> dict[str, Path]:
    """Write the redline and plain draft-mode exports of both revisions; return their paths."""
    files = {"redline": folder / "redline.docx", "old": folder / "old.docx", "new": folder / "new.docx"}
    build_redline(old, new, STAMP, revision_time=TIME).save(str(files["redline"]))
    export_docx(old, files["old"], revision_time=TIME)
    export_docx(new, files["new"], revision_time=TIME)
    return files


@pytest.fixture(scope="module")
def negotiated() -> tuple[Draft, Draft]:
    """Two revisions that differ in every way a redline shows (without comments, which LibreOffice's
    headless Writer cannot open in a view: the nogui package lacks its annotation.ui)."""
    lead = "The Participants intend to cooperate on energy security, including by: (a) gas; (b) power."
    old = draft_with(
        ("preamble", clause(1, "Recalling the friendship between ${party_a} and ${party_b}.")),
        ("energy", clause(2, lead)),
        ("energy", clause(3, "The Participants welcome the Bakı\u2013Tbilisi\u2013Qars railway.", Status.BRACKETED)),
        ("energy", clause(4, "The Participants will meet   annually in ${place}.")),
        ("transit", clause(5, "The \u201cMiddle Corridor\u201d links Азербайджан and \u00a0Казахстан.")),
        ("final", clause(6, "This Charter records political intentions.")),
        revision=3,
    )
    new = replace(old, clause(2, lead.replace(": (a) gas; (b) power.", ":\n(a) gas, and methane;\n(b) power.")))
    new = replace(new, clause(3, "The Participants welcome the Bakı\u2013Tbilisi\u2013Kars railway.", Status.AGREED))
    new = assemble.remove(new, clause(5, "").id)
    new = insert(assemble.remove(new, clause(4, "").id), 1, 0, clause(4, "The Participants will meet annually."))
    new = insert(
        new, 4, 0, clause(7, "The Participants intend to co-invest \u2014 \u201cjointly\u201d \u2014 in şəbəkə.")
    )
    new = assemble.update_settings(new, party_a="the Republic of Azərbaycan", place="Bakı")
    return old, new.model_copy(update={"revision": 5})


# -- pandoc ------------------------------------------------------------------------------------


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(pair=revision_pairs(odd=False))
def test_pandoc_accept_and_reject_give_the_two_revisions(pair: tuple[Draft, Draft], tmp_path_factory) -> None:
    pandoc = need("pandoc")
    files = write_three(*pair, tmp_path_factory.mktemp("pandoc"))
    accepted = pandoc_paragraphs(pandoc, files["redline"], "--track-changes=accept")
    rejected = pandoc_paragraphs(pandoc, files["redline"], "--track-changes=reject")
    assert accepted == pandoc_paragraphs(pandoc, files["new"])
    assert rejected == pandoc_paragraphs(pandoc, files["old"])


def test_pandoc_accept_and_reject_give_the_two_revisions_of_a_negotiation(
    negotiated: tuple[Draft, Draft], tmp_path: Path
) -> None:
    pandoc = need("pandoc")
    files = write_three(*negotiated, tmp_path)
    assert pandoc_paragraphs(pandoc, files["redline"], "--track-changes=accept") == pandoc_paragraphs(
        pandoc, files["new"]
    )
    assert pandoc_paragraphs(pandoc, files["redline"], "--track-changes=reject") == pandoc_paragraphs(
        pandoc, files["old"]
    )


# -- LibreOffice -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def negotiated_files(negotiated: tuple[Draft, Draft], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_three(*negotiated, tmp_path_factory.mktemp("negotiated"))


def test_libreoffice_prints_the_redline_to_pdf_with_both_texts_and_a_first_page_png(
    negotiated: tuple[Draft, Draft], negotiated_files: dict[str, Path], tmp_path: Path
) -> None:
    soffice = need("soffice")
    profile = Path("/tmp") / f"charter-e2e-soffice-{uuid.uuid4().hex}"
    try:
        run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(negotiated_files["redline"])])  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "redline.pdf"
    text = flat(run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"]))
    assert "REDLINE: redline-test, revision 3 to 5" in text and "Page 1 of" in text
    assert "methane" in text and "Kars" in text and "Qars" in text  # inserted and deleted words both show
    for paragraph in render_draft(negotiated[1]).clauses()[-1].paragraphs:
        assert flat(paragraph) in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "redline-page-1"
    run([need("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)])
    assert (ARTIFACTS / "redline-page-1.png").stat().st_size > 1000


def uno_views(jobs: list[tuple[Path, str]], tmp_path: Path) -> list[dict[str, object]]:
    """Return what LibreOffice shows of each file after Accept All, Reject All or nothing ('none')."""
    soffice = need("soffice")
    if not Path(SYSTEM_PYTHON).is_file() or subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], check=False).returncode:
        missing(f"{SYSTEM_PYTHON} cannot import uno (apt-get install python3-uno)")
    script = tmp_path / "uno_views.py"
    script.write_text(UNO_SCRIPT, encoding="utf-8")
    profile = Path("/tmp") / f"charter-e2e-uno-{uuid.uuid4().hex}"
    try:
        output = run(
            [SYSTEM_PYTHON, str(script), soffice, profile.as_uri(), json.dumps([[str(p), a] for p, a in jobs])]
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    results: list[dict[str, object]] = json.loads(output)
    return results


def generated_pairs(count: int) -> list[tuple[Draft, Draft]]:
    """Return `count` generated revision pairs without comments, the same on every run, the busiest first."""
    found: list[tuple[Draft, Draft]] = []

    @settings(max_examples=4 * count, derandomize=True, database=None, phases=[Phase.generate], deadline=None)
    @given(pair=revision_pairs(odd=False, comments=False))
    def collect(pair: tuple[Draft, Draft]) -> None:
        found.append(pair)

    collect()
    found.sort(key=lambda pair: -len(pair[0].clauses()) - len(pair[1].clauses()))
    return found[:count]


def test_libreoffice_accept_all_and_reject_all_give_the_two_revisions(
    negotiated_files: dict[str, Path], tmp_path: Path
) -> None:
    """One LibreOffice session: the negotiation above and two generated pairs, each accepted and rejected."""
    sets = [negotiated_files]
    for index, pair in enumerate(generated_pairs(2)):
        folder = tmp_path / f"pair-{index}"
        folder.mkdir()
        sets.append(write_three(*pair, folder))
    jobs = []
    for files in sets:
        jobs += [
            (files["redline"], "accept"),
            (files["redline"], "reject"),
            (files["new"], "none"),
            (files["old"], "none"),
        ]
    views = uno_views(jobs, tmp_path)
    for offset in range(0, len(views), 4):
        accepted, rejected, new, old = views[offset : offset + 4]
        assert accepted["paragraphs"] == new["paragraphs"]
        assert rejected["paragraphs"] == old["paragraphs"]
        assert accepted["left"] == rejected["left"] == new["tracked"] == old["tracked"] == 0
    assert views[0]["tracked"] > 10
