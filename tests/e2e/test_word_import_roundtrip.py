"""Acceptance: Word files saved by LibreOffice and written with pandoc come back through the importer."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument

from charter.drafting import template
from charter.drafting.model import Draft, Status
from charter.library import load_library, text_hash
from charter.store import Store
from charter.word import export_docx
from charter.word.import_edited import NO_PROPERTIES, import_docx
from charter.word.import_foreign import import_new
from tests.e2e.programs import need
from tests.word.test_import import (
    TIME,
    WORD_TIME,
    build_draft,
    clause_paragraphs,
    edited,
    expected,
    replace_in_runs,
    strip_clause_bookmarks,
    strip_part,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def libreoffice_resave(source: Path, outdir: Path) -> Path:
    """Return `source` opened and saved again as .docx by LibreOffice, with a throwaway profile."""
    program = need("soffice")
    profile = Path("/tmp") / f"charter-e2e-import-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    command = [program, "--headless", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx", "--outdir", str(outdir), str(source)]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = outdir / source.name
    assert done.returncode == 0 and target.is_file(), f"LibreOffice failed: {done.stderr}"
    return target


@pytest.fixture
def stored(store: Store) -> tuple[Draft, dict[str, str]]:
    library = load_library(ROOT / "tests" / "data" / "clauses" / "small")
    draft, ids = build_draft(library)
    return store.create(draft, "Tester"), ids


def snapshot(draft: Draft) -> list[tuple[str, str, str, Status]]:
    return [(s.id, c.id, c.text, c.status) for s in draft.sections for c in s.clauses]


def test_a_libreoffice_round_trip_changes_nothing(
    store: Store, stored: tuple[Draft, dict[str, str]], tmp_path: Path
) -> None:
    draft, ids = stored
    export_docx(draft, tmp_path / "charter.docx", revision_time=TIME)
    resaved = libreoffice_resave(tmp_path / "charter.docx", tmp_path / "lo")

    result = import_docx(store, "demo", resaved, author="Reviewer")
    assert [c.change for c in result.comparison.clauses] == ["unchanged"] * 6
    assert result.comparison.changed == []
    assert snapshot(result.draft) == snapshot(draft)
    assert result.revision is None and store.head("demo") == 1
    assert result.warnings == ["the file changes nothing; no revision was saved"]

    # Without its custom properties the file is based on the head, with a warning; bookmarks still match.
    bare = import_docx(store, "demo", strip_part(resaved, "docProps/custom.xml"), author="Reviewer", dry_run=True)
    assert bare.warnings == [NO_PROPERTIES]
    assert snapshot(bare.draft) == snapshot(draft) and bare.comparison.changed == []

    # Without bookmarks as well, every clause is matched by its number, each with a warning.
    unmarked = edited(resaved, strip_clause_bookmarks, tmp_path / "unmarked.docx")
    blind = import_docx(store, "demo", strip_part(unmarked, "docProps/custom.xml"), author="Reviewer", dry_run=True)
    assert blind.warnings[0] == NO_PROPERTIES
    assert sum("by number, not by bookmark" in w for w in blind.warnings) == 6
    assert snapshot(blind.draft) == snapshot(draft) and blind.comparison.changed == []


def test_edits_saved_by_libreoffice_come_back_as_the_same_changes(
    store: Store, stored: tuple[Draft, dict[str, str]], tmp_path: Path
) -> None:
    draft, ids = stored

    def change(document: DocxDocument) -> None:
        replace_in_runs(clause_paragraphs(document, ids["corridor"])[0], "extension", "expansion")
        for run in clause_paragraphs(document, ids["fund"])[0].runs:
            if run.text in ("[", "]"):
                run._r.getparent().remove(run._r)
        runs = clause_paragraphs(document, ids["methane"])[0].runs
        comment = document.add_comment(runs, text="Which flaring data?", author="Rustam Aliyev", initials="RA")
        comment._comment_elm.date = WORD_TIME

    export_docx(draft, tmp_path / "charter.docx", revision_time=TIME)
    edited(tmp_path / "charter.docx", change, tmp_path / "edited.docx")
    resaved = libreoffice_resave(tmp_path / "edited.docx", tmp_path / "lo")

    result = import_docx(store, "demo", resaved, author="Reviewer")
    assert [(c.id, c.change) for c in result.comparison.clauses] == expected(ids, corridor="modified", fund="status")
    assert result.comparison.clauses[1].ops[1:3] == [("-", "extension"), ("+", "expansion")]
    (comment,) = [c for change in result.comparison.clauses for c in change.comments_added]
    assert (comment.author, comment.text, comment.time) == ("Rustam Aliyev", "Which flaring data?", WORD_TIME)
    head = store.load("demo")
    assert head.revision == 2 and head.clause(ids["fund"]).status == Status.AGREED
    assert "${party_a}" in head.clause(ids["corridor"]).text


def test_a_charter_written_in_markdown_with_pandoc_imports_as_a_new_draft(store: Store, tmp_path: Path) -> None:
    pandoc = need("pandoc")
    library = load_library()
    values = {"party_a": "the Republic of Azerbaijan", "party_b": "Japan"}
    recital = library.get("preamble.friendship-shared-values")
    corridor = library.get("transit.middle-corridor")
    markdown = f"""---
title: Charter on Strategic Partnership between the Government of the Republic of Azerbaijan and the Government of Japan
---

The Government of the Republic of Azerbaijan and the Government of Japan (hereinafter "the Participants"),

1. {template.render(recital.text, values)}
2. Noting the importance of energy security for both Participants,

Have reached the following understandings:

# Section I: Regional Connectivity, Including Energy, Trade, and Transit

1\\. {corridor.text}

2\\. The Participants intend to cooperate on ports, including by:

(a) building ports;

(b) training port staff.

# Section II: Digital Technology

1\\. The Participants intend to cooperate on artificial intelligence research.

# Section III: Final Provisions

1\\. This Charter may be amended by mutual written consent of the Participants.

Done at Baku on 12 March 2026 in two originals, each in the Azerbaijani, Japanese and English languages.

For the Government of the Republic of Azerbaijan

For the Government of Japan
"""
    source = tmp_path / "charter.md"
    source.write_text(markdown, encoding="utf-8")
    target = tmp_path / "charter.docx"
    subprocess.run([pandoc, "-f", "markdown", "-o", str(target), str(source)], check=True, timeout=120)

    result = import_new(store, "japan", target, author="Tester", library=library)
    kinds = [row.kind for row in result.classification]
    assert kinds == [
        "title", "chapeau", "recital", "recital", "lead-in",
        "heading", "paragraph", "paragraph", "subparagraph", "subparagraph",
        "heading", "paragraph", "heading", "paragraph", "closing", "signature", "signature",
    ]  # fmt: skip
    assert result.warnings == []
    draft = store.load("japan")
    settings = draft.settings
    assert (settings.party_a.name, settings.party_b.name) == ("the Republic of Azerbaijan", "Japan")
    assert (settings.place, settings.date) == ("Baku", "12 March 2026")
    assert settings.languages == ("Azerbaijani", "Japanese", "English")
    sections = [(s.title, s.areas, len(s.clauses)) for s in draft.sections if s.clauses]
    assert sections == [
        ("Preamble", ("preamble",), 2),
        ("Regional Connectivity, Including Energy, Trade, and Transit", ("transit",), 2),
        ("Digital Technology", ("ai-digital",), 1),
        ("Final Provisions", ("final",), 1),
    ]
    first, noting = draft.sections[0].clauses
    assert first.origin is not None and first.origin.clause_id == recital.id
    assert first.text == recital.text  # the variables are kept, as the library wrote them
    assert first.origin.text_hash == text_hash(recital.text)
    assert noting.origin is None and noting.text == "Noting the importance of energy security for both Participants,"
    middle, ports = draft.sections[1].clauses
    assert middle.origin is not None and middle.origin.clause_id == corridor.id
    assert (
        ports.text
        == "The Participants intend to cooperate on ports, including by:\n(a) building ports;\n(b) training port staff."
    )
