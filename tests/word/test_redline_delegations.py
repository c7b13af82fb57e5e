"""A round's redline signs each tracked change with the delegation that made it, as pandoc and LibreOffice read it."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from charter.drafting import assemble
from charter.errors import DraftError
from charter.library import Library
from charter.negotiation.brackets import bracket_phrase, reserve, withdraw_reservation
from charter.negotiation.decisions import save_review
from charter.negotiation.review import read_review
from charter.negotiation.rounds import round_revision
from charter.store import Store
from charter.word import export_bytes, redline_bytes
from charter.word.blame import CLAUSE, Change, revision_stamps
from charter.word.ooxml import safe_parser
from tests.conftest import make_draft
from tests.e2e.programs import need, run
from tests.negotiation.markup import Markup

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture
def negotiated(tmp_path: Path, small_library: Library) -> tuple[Store, dict[str, str]]:
    """Round 1 at revision 1; then Azerbaijan, the United States and an author of no delegation edit; Round 2."""
    store = Store(tmp_path / "charter.db")
    draft = store.create(make_draft(small_library), "Secretariat")
    store.mark_round("demo", "Round 1, Baku", author="Secretariat")
    clauses = {c.area: c.id for c in reversed(draft.clauses())}
    edits = [
        ("energy", "The Participants intend to build the Azerbaijani pipeline.", "Aziz", "a"),
        ("final", "This Charter is a statement of the United States' intent.", "Sam", "b"),
        ("preamble", "Recalling the words the working group agreed.", "Dana", None),
    ]
    for area, text, author, delegation in edits:
        store.edit(
            "demo", lambda d, cid=clauses[area], t=text: assemble.set_text(d, cid, t), author, area,
            delegation=delegation,
        )  # fmt: skip
    store.mark_round("demo", "Round 2, Washington", author="Secretariat")
    return store, clauses


def round_redline(store: Store, sign_by: str = "delegation") -> bytes:
    older = round_revision(store, "demo", "Round 1, Baku")
    newer = round_revision(store, "demo", "Round 2, Washington")
    return redline_bytes(store, "demo", older, newer, sign_by=sign_by)


def authors_of(data: bytes) -> dict[str, set[str]]:
    """Return, for each inserted or deleted stretch of text, who signed it (read from the XML itself)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"), safe_parser())
    found: dict[str, set[str]] = {}
    for mark in body.iter(f"{W}ins", f"{W}del"):
        if mark.getparent().tag == f"{W}rPr":
            continue
        text = "".join(mark.itertext())
        found.setdefault(text, set()).add(mark.get(f"{W}author"))
    return found


def test_each_change_of_a_round_is_signed_by_its_delegation_or_its_authors_name(negotiated) -> None:
    store, _ = negotiated
    by_text = authors_of(round_redline(store))
    signed = {author for authors in by_text.values() for author in authors}
    assert signed == {"Azerbaijan", "the United States", "Dana"}
    assert any("Azerbaijani pipeline" in text and authors == {"Azerbaijan"} for text, authors in by_text.items())
    assert any(
        "United States' intent" in text and authors == {"the United States"} for text, authors in by_text.items()
    )
    assert any("working group agreed" in text and authors == {"Dana"} for text, authors in by_text.items())


def test_signed_by_author_the_same_redline_carries_the_authors_names(negotiated) -> None:
    store, _ = negotiated
    signed = {a for authors in authors_of(round_redline(store, "author")).values() for a in authors}
    assert signed == {"Aziz", "Sam", "Dana"}
    with pytest.raises(DraftError, match="a redline is signed by delegation or author, not 'party'"):
        revision_stamps(store, "demo", 1, 4, "party")


def test_a_delegation_is_signed_with_the_name_the_newer_revision_gives_it(negotiated) -> None:
    store, clauses = negotiated
    store.edit(
        "demo", lambda d: assemble.update_settings(d, party_a_short="the Republic"), "Aziz", "rename", delegation="a"
    )
    stamps = revision_stamps(store, "demo", 1, 5)
    assert stamps(Change(CLAUSE, clauses["energy"])).author == "the Republic"
    assert stamps(Change(CLAUSE, clauses["preamble"])).author == "Dana"


def test_two_delegations_editing_one_clause_in_turn_each_sign_their_own_words(negotiated) -> None:
    store, clauses = negotiated
    energy = clauses["energy"]
    us_bracket = [("a", "intend to"), ("b", "will seek to")]
    store.edit(
        "demo", lambda d: assemble.change_clause(d, energy, lambda c: bracket_phrase(c, "intend to", us_bracket)),
        "Sam", "bracket", delegation="b",
    )  # fmt: skip
    az_bracket = [("a", "Azerbaijani pipeline"), ("b", "pipeline")]
    store.edit(
        "demo",
        lambda d: assemble.change_clause(d, energy, lambda c: bracket_phrase(c, "Azerbaijani pipeline", az_bracket)),
        "Aziz", "bracket", delegation="a",
    )  # fmt: skip
    by_text = authors_of(redline_bytes(store, "demo", 4, 6))
    us_words = [authors for text, authors in by_text.items() if "[AZ: intend to / US: will seek to]" in text]
    az_words = [authors for text, authors in by_text.items() if "[AZ: Azerbaijani pipeline / US: pipeline]" in text]
    assert us_words == [{"the United States"}]
    assert az_words == [{"Azerbaijan"}]


def test_a_review_signs_accepted_words_with_the_counterpart_and_its_own_brackets_with_the_reviewer(
    store: Store, saved_draft
) -> None:
    file = (
        Markup(export_bytes(saved_draft))
        .replace("intend to", "will", after="The Participants ")
        .replace("routine ", "", after="ending ")
        .bytes()
    )
    review = read_review(store, "demo", file, file_name="from-washington.docx")
    assert [(c.id, c.before, c.after) for c in review.changes] == [("c1", "intend to", "will"), ("c2", "routine ", "")]
    saved = save_review(store, review, {"c1": "accept", "c2": "bracket"}, author="Aziz", delegation="a")
    by_text = authors_of(redline_bytes(store, "demo", 1, saved.revision))
    assert by_text["will"] == {"the United States"}
    assert by_text["intend to"] == {"the United States"}
    assert {a for text, authors in by_text.items() if "routine" in text for a in authors} == {"Azerbaijan"}


def comments_of(data: bytes) -> list[tuple[str, str]]:
    """Return each Word comment of a file as (author, text)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/comments.xml" not in archive.namelist():
            return []
        part = etree.fromstring(archive.read("word/comments.xml"), safe_parser())
    return [(c.get(f"{W}author"), "".join(c.itertext())) for c in part.iter(f"{W}comment")]


def test_a_reservation_placed_or_withdrawn_is_a_comment_signed_by_the_delegation_that_did_it(negotiated) -> None:
    store, clauses = negotiated
    final = clauses["final"]
    store.edit(
        "demo", lambda d: assemble.change_clause(d, final, lambda c: reserve(c, "b", "Sam", "pending <review> & more")),
        "Sam", "reserve", delegation="b",
    )  # fmt: skip
    store.edit(
        "demo", lambda d: assemble.change_clause(d, final, lambda c: withdraw_reservation(c, "b")), "Sam", "withdraw",
        delegation="b",
    )  # fmt: skip
    placed = redline_bytes(store, "demo", 4, 5)
    assert comments_of(placed) == [("the United States", "US reservation placed: pending <review> & more")]
    assert set(authors_of(placed)) == {"[", "]"}  # no word changed; the clause is bracketed by the reservation
    assert comments_of(redline_bytes(store, "demo", 5, 6)) == [
        ("the United States", "US reservation withdrawn (was: pending <review> & more)")
    ]
    assert comments_of(redline_bytes(store, "demo", 4, 6)) == []


def test_pandoc_reads_each_change_with_its_delegation_as_author(negotiated) -> None:
    need("pandoc")
    store, _ = negotiated
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.docx"
        path.write_bytes(round_redline(store))
        marked = run(["pandoc", "--track-changes=all", "-t", "markdown", "--wrap=none", str(path)])
    authors = set(re.findall(r'\{\.(?:insertion|deletion) author="([^"]+)"', marked))
    assert authors == {"Azerbaijan", "the United States", "Dana"}
    assert re.search(r'\[[^\]]*Azerbaijani[^\]]*\]\{\.insertion author="Azerbaijan"', marked), marked


def test_libreoffice_keeps_each_changes_delegation_as_its_author(negotiated) -> None:
    soffice = need("soffice")
    store, _ = negotiated
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.docx"
        path.write_bytes(round_redline(store))
        profile = Path(folder, "profile").as_uri()
        command = [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "fodt"]
        subprocess.run([*command, "--outdir", folder, str(path)], capture_output=True, timeout=180, check=True)
        flat = etree.parse(str(Path(folder) / "round.fodt"), safe_parser())
    regions = flat.findall(".//text:tracked-changes/text:changed-region", ODF)
    creators = [region.findtext(".//office:change-info/dc:creator", namespaces=ODF) for region in regions]
    assert regions and set(creators) == {"Azerbaijan", "the United States", "Dana"}
