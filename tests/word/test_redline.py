"""Word redline: tracked changes whose Accept All is the newer revision and Reject All the older, exactly."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from charter.cli import main
from charter.drafting import assemble
from charter.drafting.demo import demo_settings
from charter.drafting.model import AREAS, Comment, Draft, DraftClause, Status
from charter.errors import DraftError, NotFoundError
from charter.store import Store
from charter.word import read_custom_properties, redline_bytes, redline_docx
from charter.word.blame import BLOCK, CLAUSE, NUMBER, STATUS, Change, Stamp, revision_stamps
from charter.word.export import export_bytes, save_document
from charter.word.ooxml import bookmark_name, safe_parser
from charter.word.redline import build_redline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TIME = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
STAMP = Stamp("Redline Tester", TIME)
SECTIONS = list(AREAS)


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# -- an independent reader of the two views ------------------------------------------------


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"), safe_parser()).find("w:body", NS)


def view(data: bytes, accept: bool, join: str = "") -> list[str]:
    """Return the body paragraphs (tables included) as Accept All (or Reject All) leaves them.

    Accepting drops deleted text and joins a paragraph whose mark is deleted to the next one;
    rejecting drops inserted text and joins a paragraph whose mark is inserted. `join` is put
    between joined paragraphs (pandoc puts a space there; Word and LibreOffice nothing).
    """
    dropped = (q("del"), q("moveFrom")) if accept else (q("ins"), q("moveTo"))
    joined = "w:pPr/w:rPr/w:del" if accept else "w:pPr/w:rPr/w:ins"
    paragraphs: list[str] = []
    carried: list[str] = []
    for p in body(data).iter(q("p")):
        text = []
        for node in p.iter(q("t"), q("delText"), q("tab"), q("br"), q("cr")):
            ancestor, keep = node.getparent(), True
            while ancestor is not p:
                keep = keep and ancestor.tag not in dropped
                ancestor = ancestor.getparent()
            if not keep:
                continue
            if node.tag in (q("t"), q("delText")):
                text.append(node.text or "")
            else:
                text.append("\t" if node.tag == q("tab") else "\n")
        carried.append("".join(text))
        if p.find(joined, NS) is not None:
            continue
        paragraphs.append(join.join(carried))
        carried = []
    assert carried == [], "the last paragraph's mark is never tracked"
    return paragraphs


def accepted(data: bytes, join: str = "") -> list[str]:
    return view(data, True, join)


def rejected(data: bytes, join: str = "") -> list[str]:
    return view(data, False, join)


def exported(draft: Draft) -> list[str]:
    """Return the body paragraphs python-docx reads from a plain draft-mode export (tables included)."""
    with zipfile.ZipFile(io.BytesIO(export_bytes(draft, revision_time=TIME))) as archive:
        element = parse_xml(archive.read("word/document.xml"))
    return [Paragraph(p, None).text for p in element.iter(q("p"))]


def redline(old: Draft, new: Draft, changes_by: object = STAMP) -> bytes:
    buffer = io.BytesIO()
    save_document(build_redline(old, new, changes_by, revision_time=TIME), buffer)  # type: ignore[arg-type]
    return buffer.getvalue()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- drafts to compare ----------------------------------------------------------------------

SETTINGS = demo_settings(marking="RESTRICTED")


def clause(number: int, text: str, status: Status = Status.PROPOSED, area: str = "energy") -> DraftClause:
    # read as the store reads old revisions, so the ODD controls that input now refuses still reach the redline
    data = {"id": f"{number:012x}", "area": area, "title": f"Clause {number}", "text": text, "status": status}
    return DraftClause.model_validate(data, context={"stored": True})


def draft_with(*placed: tuple[str, DraftClause], revision: int = 1) -> Draft:
    """Return a draft holding each (section id, clause) in order."""
    draft = assemble.new_draft("redline-test", SETTINGS)
    sections = {section.id: list(section.clauses) for section in draft.sections}
    for section_id, item in placed:
        sections[section_id].append(item)
    return draft.model_copy(
        update={
            "revision": revision,
            "draft_id": "0123456789abcdef",
            "sections": tuple(s.model_copy(update={"clauses": tuple(sections[s.id])}) for s in draft.sections),
        }
    )


def insert(draft: Draft, section_index: int, position: int, item: DraftClause) -> Draft:
    sections = list(draft.sections)
    target = sections[section_index % len(sections)]
    items = list(target.clauses)
    items.insert(position % (len(items) + 1), item)
    sections[section_index % len(sections)] = target.model_copy(update={"clauses": tuple(items)})
    return draft.model_copy(update={"sections": tuple(sections)})


WORDS = [
    "Participants", "intend", "to", "cooperate", "on", "energy", "the", "corridor", "of", "and",
    "Bakı", "şəhərində", "ağ", "ğ", "ı", "ş", "ç", "ö", "ü", "Ə", "Москва", "и", "Баку",
    "\u201ccurly\u201d", "\u2018quotes\u2019", "\u2014", "1\u00a0000\u00a0km", "&amp;", "<b>", "x",
    "${party_a}", "${party_b_short}", "${place}", "$$5", ",", ".", ";", ":", "[day]", "(c)",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", " ", "  ", "\u00a0", " \u2014 ", "\t", ""]
ODD = ["\x01", "\x0b", "\r", "\u2028", "\x1f"]
BREAKS = ["\n", "\n", "\n", " \n", "\n  ", "\n\n", " \n \n "]


@st.composite
def lines(draw: st.DrawFn, odd: bool) -> str:
    words = draw(st.lists(st.sampled_from(WORDS + (ODD if odd else [])), min_size=1, max_size=7))
    out = [words[0]]
    for word in words[1:]:
        out += [draw(st.sampled_from(SEPARATORS)), word]
    return "".join(out)


@st.composite
def clause_texts(draw: st.DrawFn, odd: bool = True) -> str:
    parts = draw(st.lists(lines(odd), min_size=1, max_size=4))
    text = parts[0]
    for index, part in enumerate(parts[1:]):
        prefix = draw(st.sampled_from([f"({'abcd'[index]}) ", ""]))
        text += draw(st.sampled_from(BREAKS)) + prefix + part
    edge = draw(st.sampled_from(["", "", "", " ", "\n", "  \n"]))
    return edge + text + draw(st.sampled_from(["", "", "", " ", "\n"]))


@st.composite
def edited(draw: st.DrawFn, text: str, odd: bool) -> str:
    """Return `text` after a few word-level edits: replace, insert (words or a line break), delete, split, join."""
    tokens = re.findall(r"\w+|\s+|[^\w\s]", text)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "break", "join", "space"]))
        at = draw(st.integers(0, max(len(tokens) - 1, 0)))
        word = draw(st.sampled_from(WORDS + (ODD if odd else [])))
        if kind == "replace" and tokens:
            tokens[at] = word
        elif kind == "insert":
            tokens[at:at] = [word, " "]
        elif kind == "delete" and len(tokens) > 1:
            del tokens[at : at + draw(st.integers(1, 4))]
        elif kind == "break":
            tokens[at:at] = [draw(st.sampled_from(BREAKS)), draw(st.sampled_from(["(a) ", "(b) ", ""]))]
        elif kind == "join":
            tokens = [" " if "\n" in token and draw(st.booleans()) else token for token in tokens]
        elif kind == "space":
            tokens[at:at] = [draw(st.sampled_from(["  ", " ", "\u00a0", " \n"]))]
    result = "".join(tokens)
    return result if result.strip() else text


STATUSES = list(Status)
PARTIES = ["the Republic of Azerbaijan", "the Republic of Azərbaycan", "Україна", "the \u201cFree\u201d State"]


@st.composite
def revision_pairs(draw: st.DrawFn, odd: bool = True, comments: bool = True) -> tuple[Draft, Draft]:
    """Return an older and a newer revision of one random draft: edits, additions, deletions, moves, settings."""
    counter = iter(range(1, 10_000))
    draft = draft_with()
    for _ in range(draw(st.integers(1, 7))):
        item = clause(next(counter), draw(clause_texts(odd)), draw(st.sampled_from(STATUSES)))
        draft = insert(draft, draw(st.integers(0, len(SECTIONS) - 1)), draw(st.integers(0, 9)), item)
    old = draft
    for _ in range(draw(st.integers(1, 6))):
        clauses = draft.clauses()
        kind = draw(st.sampled_from(["text", "text", "add", "delete", "move", "status", "settings", "comment"]))
        pick = clauses[draw(st.integers(0, len(clauses) - 1))] if clauses else None
        if kind == "add" or pick is None:
            item = clause(next(counter), draw(clause_texts(odd)), draw(st.sampled_from(STATUSES)))
            draft = insert(draft, draw(st.integers(0, len(SECTIONS) - 1)), draw(st.integers(0, 9)), item)
        elif kind == "text":
            draft = replace(draft, pick.model_copy(update={"text": draw(edited(pick.text, odd))}))
        elif kind == "delete":
            draft = assemble.remove(draft, pick.id)
        elif kind == "move":
            draft = insert(
                assemble.remove(draft, pick.id),
                draw(st.integers(0, len(SECTIONS) - 1)),
                draw(st.integers(0, 9)),
                pick,
            )
        elif kind == "status":
            draft = replace(draft, pick.model_copy(update={"status": draw(st.sampled_from(STATUSES))}))
        elif kind == "comment" and comments:
            note = Comment(author="Reviewer Ə", time=TIME, text=draw(st.sampled_from(["Check.", "Москва?"])))
            draft = replace(draft, pick.model_copy(update={"comments": pick.comments + (note,)}))
        elif kind == "settings":
            field = draw(st.sampled_from(["party_a", "party_b", "place", "date", "languages", "title", "first"]))
            value: object = {
                "party_a": draw(st.sampled_from(PARTIES)),
                "party_b": draw(st.sampled_from(PARTIES)),
                "place": draw(st.sampled_from(["Bakı", "Washington, D.C.", "Kyiv\u00a0City"])),
                "date": draw(st.sampled_from(["1 May 2027", "[day] May 2027"])),
                "languages": draw(st.sampled_from([("English",), ("Azerbaijani", "Russian", "English")])),
                "title": draw(st.sampled_from(["Charter of Friendship", "Хартия \u2014 of Partnership", ""])),
                "first": draw(st.sampled_from(["a", "b"])),
            }[field]
            draft = assemble.update_settings(draft, **{field: value})
    return old, draft.model_copy(update={"revision": 2})


def replace(draft: Draft, item: DraftClause) -> Draft:
    s_index, c_index = draft.find(item.id)
    sections = list(draft.sections)
    items = list(sections[s_index].clauses)
    items[c_index] = item
    sections[s_index] = sections[s_index].model_copy(update={"clauses": tuple(items)})
    return draft.model_copy(update={"sections": tuple(sections)})


# -- exactness --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=revision_pairs())
def test_accept_all_gives_the_newer_revision_and_reject_all_the_older_paragraph_by_paragraph(
    pair: tuple[Draft, Draft],
) -> None:
    old, new = pair
    data = redline(old, new)
    assert accepted(data) == exported(new)
    assert rejected(data) == exported(old)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=revision_pairs(odd=False))
def test_readers_that_join_paragraphs_with_a_space_still_read_the_same_words(pair: tuple[Draft, Draft]) -> None:
    """pandoc joins the paragraphs around a mark it drops with a space; no word may be split by that."""
    old, new = pair
    data = redline(old, new)
    assert [flat(p) for p in accepted(data, join=" ")] == [flat(p) for p in exported(new)]
    assert [flat(p) for p in rejected(data, join=" ")] == [flat(p) for p in exported(old)]


def test_deleted_text_is_in_del_text_and_every_other_text_in_t() -> None:
    old = draft_with(("energy", clause(1, "Lead:\n(a) one;\n(b) two.")), ("energy", clause(2, "Gone.")))
    new = assemble.remove(replace(old, clause(1, "Lead, now:\n(a) one and more.")), clause(2, "").id)
    for node in body(redline(old, new)).iter(q("t"), q("delText")):
        inside_del = any(a.tag == q("del") for a in node.iterancestors())
        assert (node.tag == q("delText")) == inside_del
        if inside_del:
            assert node.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_identical_revisions_give_a_redline_without_any_revision_mark() -> None:
    old = draft_with(("energy", clause(1, "The Participants intend to cooperate.\n(a) on gas;\n(b) on power.")))
    data = redline(old, old.model_copy(update={"revision": 2}))
    assert [e for e in body(data).iter(q("ins"), q("del"))] == []
    assert accepted(data) == rejected(data) == exported(old)


# -- how each kind of change is written ---------------------------------------------------------


def text_of(element: etree._Element) -> str:
    """Return the text inside an element, deleted text included, tabs as '\t'."""
    return "".join(
        "\t" if node.tag == q("tab") else node.text or "" for node in element.iter(q("t"), q("delText"), q("tab"))
    )


def marks(data: bytes, kind: str) -> list[str]:
    """Return the texts of every w:ins or w:del run container, in document order."""
    return [text_of(e) for e in body(data).iter(q(kind)) if e.getparent().tag != q("rPr")]


def test_a_renumbered_clause_shows_only_its_number_as_changed() -> None:
    first, second = clause(1, "First clause text."), clause(2, "Second clause text.")
    old = draft_with(("energy", first), ("energy", second))
    new = insert(old, SECTIONS.index("energy"), 0, clause(3, "A new first clause."))
    data = redline(old, new)
    assert marks(data, "ins") == ["1.\tA new first clause.", "2.", "3."]
    assert marks(data, "del") == ["1.", "2."]


def test_a_word_edit_is_a_word_level_deletion_and_insertion() -> None:
    old = draft_with(("energy", clause(1, "The Participants intend to cooperate on gas.")))
    new = replace(old, clause(1, "The Participants plan to cooperate on gas and power."))
    data = redline(old, new)
    assert marks(data, "del") == ["intend"]
    assert marks(data, "ins") == ["plan", " and power"]
    deleted = body(data).find(".//w:del/w:r/w:delText", NS)
    assert deleted.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_a_line_break_added_inside_a_clause_is_an_inserted_paragraph_mark() -> None:
    old = draft_with(("energy", clause(1, "The Participants intend, including by: (a) talks; (b) visits.")))
    new = replace(old, clause(1, "The Participants intend, including by:\n(a) talks;\n(b) visits."))
    data = redline(old, new)
    inserted_marks = body(data).findall(".//w:p/w:pPr/w:rPr/w:ins", NS)
    assert len(inserted_marks) == 2
    assert accepted(data) == exported(new) and rejected(data) == exported(old)
    paragraphs = [p for p in body(data).iter(q("p")) if p.find("w:pPr/w:pStyle", NS) is not None]
    styles = [p.find("w:pPr/w:pStyle", NS).get(q("val")) for p in paragraphs]
    assert styles[-3:] == ["CharterClause", "CharterSubparagraph", "CharterSubparagraph"]


def test_subparagraphs_run_into_their_lead_are_deleted_paragraph_marks() -> None:
    old = draft_with(("energy", clause(1, "The Participants intend:\n(a) talks;\n  (b) visits.", Status.BRACKETED)))
    new = replace(old, clause(1, "The Participants intend: (a) talks; (b) visits.", Status.BRACKETED))
    data = redline(old, new)
    assert len(body(data).findall(".//w:p/w:pPr/w:rPr/w:del", NS)) == 2
    assert body(data).findall(".//w:p/w:pPr/w:rPr/w:ins", NS) == []
    assert accepted(data) == exported(new) and rejected(data) == exported(old)
    assert [flat(p) for p in accepted(data, join=" ")] == [flat(p) for p in exported(new)]


def test_a_deleted_clause_has_every_run_and_every_paragraph_mark_deleted() -> None:
    gone = clause(2, "To be removed, including:\n(a) this;\n(b) that.")
    old = draft_with(("energy", clause(1, "Kept.")), ("energy", gone), ("finance", clause(3, "Alone in finance.")))
    new = assemble.remove(assemble.remove(old, gone.id), clause(3, "").id)
    data = redline(old, new)
    deleted = [p for p in body(data).iter(q("p")) if p.find("w:pPr/w:rPr/w:del", NS) is not None]
    texts = [text_of(p) for p in deleted]
    assert texts == [
        "2.\tTo be removed, including:",
        "(a) this;",
        "(b) that.",
        "Section II: Investment and Finance",
        "1.\tAlone in finance.",
    ]
    for p in deleted:
        runs = p.findall(".//w:r", NS)
        assert runs and all(r.getparent().tag == q("del") for r in runs)
        assert p.findall(".//w:t", NS) == []
    assert accepted(data) == exported(new) and rejected(data) == exported(old)


def test_an_added_clause_has_every_run_and_every_paragraph_mark_inserted() -> None:
    old = draft_with(("energy", clause(1, "Kept.")))
    new = insert(old, SECTIONS.index("transit"), 0, clause(2, "New, including:\n(a) this.", Status.BRACKETED))
    data = redline(old, new)
    inserted = [p for p in body(data).iter(q("p")) if p.find("w:pPr/w:rPr/w:ins", NS) is not None]
    assert [text_of(p) for p in inserted] == [
        "Section II: Regional Connectivity, Trade and Transit",
        "1.\t[New, including:",
        "(a) this.]",
    ]
    for p in inserted:
        assert all(r.getparent().tag == q("ins") for r in p.findall(".//w:r", NS))


def test_a_moved_clause_is_deleted_at_its_old_place_and_inserted_at_its_new_place() -> None:
    a, b, c = clause(1, "Alpha."), clause(2, "Bravo."), clause(3, "Charlie.")
    old = draft_with(("energy", a), ("energy", b), ("energy", c))
    new = insert(assemble.remove(old, c.id), SECTIONS.index("energy"), 0, c)
    data = redline(old, new)
    assert body(data).findall(".//w:moveFrom", NS) == body(data).findall(".//w:moveTo", NS) == []
    assert marks(data, "ins")[0] == "1.\tCharlie." and marks(data, "del")[-1] == "3.\tCharlie."
    names = [mark.get(q("name")) for mark in body(data).iter(q("bookmarkStart"))]
    assert names.count(bookmark_name(c.id)) == 1
    start = next(m for m in body(data).iter(q("bookmarkStart")) if m.get(q("name")) == bookmark_name(c.id))
    assert start.getparent().find("w:pPr/w:rPr/w:ins", NS) is not None  # the bookmark marks the new place
    assert accepted(data) == exported(new) and rejected(data) == exported(old)


def test_brackets_of_a_clause_whose_status_changed_are_tracked_and_highlighted() -> None:
    old = draft_with(("energy", clause(1, "Lead:\n(a) one.", Status.BRACKETED)))
    new = replace(old, clause(1, "Lead:\n(a) one.", Status.AGREED))
    data = redline(old, new)
    assert marks(data, "del") == ["[", "]"]
    assert all(e.find("w:r/w:rPr/w:highlight", NS) is not None for e in body(data).iter(q("del")))
    assert accepted(data) == exported(new) and rejected(data) == exported(old)


def test_a_renumbered_section_heading_changes_only_its_numeral() -> None:
    old = draft_with(("energy", clause(1, "Energy.")), ("finance", clause(2, "Finance.")))
    new = insert(old, SECTIONS.index("transit"), 0, clause(3, "Transit."))
    data = redline(old, new)
    heading = [p for p in body(data).iter(q("p")) if "Finance" in text_of(p) and "Section" in text_of(p)][0]
    assert [e.xpath("string()") for e in heading.iter(q("del"))] == ["II"]
    assert [e.xpath("string()") for e in heading.iter(q("ins"))] == ["III"]


def test_settings_changes_are_tracked_word_by_word_in_title_chapeau_testimonium_and_signatures() -> None:
    old = draft_with(("energy", clause(1, "Between ${party_a} and ${party_b_short}.")))
    new = assemble.update_settings(old, party_a="the Republic of Azərbaycan", place="Bakı")
    data = redline(old, new)
    assert set(marks(data, "ins")) == {"Azərbaycan", "Bakı"}
    assert set(marks(data, "del")) == {"Azerbaijan", "Washington, D.C."}
    assert accepted(data) == exported(new) and rejected(data) == exported(old)


def test_one_counter_gives_every_revision_mark_bookmark_and_comment_a_distinct_id() -> None:
    note = Comment(author="Leyla Mammadova", time=TIME, text="Check.")
    old = draft_with(("energy", clause(1, "One.")), ("energy", clause(2, "Two.")))
    new = insert(old, SECTIONS.index("energy"), 0, clause(3, "Zero.").model_copy(update={"comments": (note,)}))
    new = replace(new, clause(2, "Two, changed.\n(a) sub.").model_copy(update={"comments": (note, note)}))
    data = redline(old, new)
    revision_ids = [e.get(q("id")) for e in body(data).iter(q("ins"), q("del"), q("moveFrom"), q("moveTo"))]
    bookmark_ids = [e.get(q("id")) for e in body(data).iter(q("bookmarkStart"))]
    comment_ids = [e.get(q("id")) for e in body(data).iter(q("commentRangeStart"))]
    assert len(revision_ids) > 8 and len(comment_ids) == 3
    everything = revision_ids + bookmark_ids + comment_ids
    assert [i for i, n in Counter(everything).items() if n > 1] == []
    assert all(e.get(q("author")) and e.get(q("date")) for e in body(data).iter(q("ins"), q("del")))


def test_every_clause_keeps_one_bookmark_and_the_custom_properties_say_redline() -> None:
    old = draft_with(("energy", clause(1, "One.")), ("energy", clause(2, "Two.")), revision=3)
    new = assemble.remove(insert(old, 1, 0, clause(3, "Three.")), clause(1, "").id).model_copy(update={"revision": 5})
    data = redline(old, new)
    names = sorted(m.get(q("name")) for m in body(data).iter(q("bookmarkStart")))
    assert names == sorted(bookmark_name(f"{n:012x}") for n in (1, 2, 3))
    properties = read_custom_properties(io.BytesIO(data))
    assert properties["charter.export_mode"] == "redline"
    assert (properties["charter.revision_from"], properties["charter.revision_to"]) == ("3", "5")
    assert properties["charter.revision"] == "5" and properties["charter.brackets_shown"] == "true"
    header = [p.text for p in docx.Document(io.BytesIO(data)).sections[0].header.paragraphs]
    assert header == ["RESTRICTED", "REDLINE: redline-test, revision 3 to 5"]
    assert docx.Document(io.BytesIO(data)).core_properties.subject == "redline-test, revision 3 to 5"


def test_the_redline_has_the_export_layout() -> None:
    old = draft_with(("preamble", clause(1, "Recalling.")), ("energy", clause(2, "Energy.")))
    new = replace(old, clause(2, "Energy, changed."))
    document = docx.Document(io.BytesIO(redline(old, new)))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:6] == ["Title", "Normal", "Charter Clause", "Normal", "Heading 1", "Charter Clause"]
    signatures = document.tables[-1]
    assert [cell.text[:22] for cell in signatures.rows[0].cells] == ["For the Government of "] * 2
    assert all(cell.text.startswith("____") for cell in signatures.rows[-1].cells)
    assert "NUMPAGES" in "".join(document.sections[0].footer._element.itertext())


# -- authorship from the store ------------------------------------------------------------------


@pytest.fixture
def history(tmp_path: Path) -> tuple[Store, dict[str, str]]:
    """A draft saved by Alice, then edited by Bob, Carol and Dan, one revision each."""
    store = Store(tmp_path / "charter.db")
    x, y, z = clause(1, "Clause X says one thing."), clause(2, "Clause Y.", Status.BRACKETED), clause(3, "Clause Z.")
    start = draft_with(("energy", x), ("energy", y), ("finance", z)).model_copy(update={"revision": None})
    store.create(start, "Alice")
    store.edit(
        "redline-test",
        lambda d: replace(d, x.model_copy(update={"text": "Clause X says two things."})),
        "Bob",
        "edit X",
    )
    store.edit(
        "redline-test",
        lambda d: replace(
            insert(d, SECTIONS.index("energy"), 0, clause(4, "New first.")),
            y.model_copy(update={"status": Status.AGREED}),
        ),
        "Carol",
        "add W, agree Y",
    )
    store.edit("redline-test", lambda d: assemble.update_settings(d, party_b="Україна"), "Dan", "rename")
    return store, {"x": x.id, "y": y.id, "z": z.id, "w": clause(4, "").id}


def authors_by_text(data: bytes) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for element in body(data).iter(q("ins"), q("del")):
        if element.getparent().tag == q("rPr"):
            continue
        found.setdefault(text_of(element), set()).add(element.get(q("author")))
    return found


def test_each_change_is_signed_by_the_revision_that_made_it(history: tuple[Store, dict[str, str]]) -> None:
    store, _ = history
    data = redline_bytes(store, "redline-test", 1, 4)
    by_text = authors_by_text(data)
    assert by_text["one thing"] == {"Bob"} and by_text["two things"] == {"Bob"}
    assert by_text["1.\tNew first."] == {"Carol"}
    assert by_text["1."] == by_text["2."] == by_text["3."] == {"Carol"}  # renumbering, by the insertion
    assert by_text["["] == by_text["]"] == {"Carol"}
    assert by_text["Україна"] == {"Dan"} and by_text["the United States of America"] == {"Dan"}
    times = {info.author: info.time for info in store.history("redline-test")}
    for element in body(data).iter(q("ins"), q("del")):
        author = element.get(q("author"))
        assert element.get(q("date")) == times[author].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_clause_changed_twice_signs_each_word_with_the_revision_that_wrote_it(
    history: tuple[Store, dict[str, str]],
) -> None:
    store, ids = history
    store.edit(
        "redline-test",
        lambda d: replace(d, d.clause(ids["x"]).model_copy(update={"text": "Clause X says three things."})),
        "Erin",
        "again",
    )
    by_text = authors_by_text(redline_bytes(store, "redline-test", 1, 5))
    # Bob replaced "one thing" by "two things"; Erin then "two" by "three": "things" stays Bob's
    assert (by_text["one thing"], by_text["three"], by_text[" things"]) == ({"Bob"}, {"Erin"}, {"Bob"})
    stamps = revision_stamps(store, "redline-test", 1, 5)
    assert stamps.revision_of(Change(CLAUSE, ids["x"])) == 5
    assert stamps.revision_of(Change(STATUS, ids["y"])) == 3
    assert stamps.revision_of(Change(NUMBER, ids["x"])) == 3
    assert stamps.revision_of(Change(BLOCK, "chapeau")) == 4
    assert stamps(Change(BLOCK, "signature:1")).author == "Dan"


def test_a_later_range_leaves_out_earlier_changes(history: tuple[Store, dict[str, str]]) -> None:
    store, _ = history
    by_text = authors_by_text(redline_bytes(store, "redline-test", 2, 4))
    assert "two things" not in by_text and "one thing" not in by_text
    assert set().union(*by_text.values()) == {"Carol", "Dan"}


def test_redline_docx_writes_a_file_dated_by_the_newer_revision(
    history: tuple[Store, dict[str, str]], tmp_path: Path
) -> None:
    store, _ = history
    target = tmp_path / "out.docx"
    redline_docx(store, "redline-test", 1, 3, target, author="Protocol Office")
    core = docx.Document(str(target)).core_properties
    saved = store.history("redline-test")[2].time
    assert core.author == "Protocol Office"
    assert abs(core.modified.replace(tzinfo=UTC) - saved) < timedelta(seconds=1)


def test_a_redline_needs_an_older_from_revision_and_existing_revisions(
    history: tuple[Store, dict[str, str]],
) -> None:
    store, _ = history
    with pytest.raises(DraftError, match="older to a newer"):
        redline_bytes(store, "redline-test", 3, 3)
    with pytest.raises(NotFoundError, match="no revision 9"):
        redline_bytes(store, "redline-test", 1, 9)
    with pytest.raises(NotFoundError):
        redline_bytes(store, "no-such-draft", 1, 2)


# -- command line ---------------------------------------------------------------------------


def test_cli_redline_writes_the_tracked_changes_between_two_revisions(
    history: tuple[Store, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ = history
    out = tmp_path / "changes.docx"
    assert main(["--db", str(store.path), "redline", "redline-test", "--from", "1", "--to", "3", "-o", str(out)]) == 0
    assert "revision 1 to 3" in capsys.readouterr().out
    assert read_custom_properties(out)["charter.revision_to"] == "3"
    assert main(["--db", str(store.path), "redline", "redline-test", "--from", "2", "-o", str(out)]) == 0
    assert read_custom_properties(out)["charter.revision_to"] == "4"
    assert accepted(out.read_bytes()) == exported(store.load("redline-test", 4))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "3", "--to", "2", "-o", "{tmp}/x.docx"], "older to a newer revision"),
        (["--from", "1", "--to", "2", "-o", "{tmp}/x.pdf"], "must end in .docx"),
        (["--from", "1", "--to", "2", "-o", "{tmp}/missing/x.docx"], "does not exist"),
        (["--from", "1", "--to", "8", "-o", "{tmp}/x.docx"], "has no revision 8"),
    ],
)
def test_cli_redline_errors_are_one_line_and_exit_2(
    history: tuple[Store, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    store, _ = history
    argv = ["--db", str(store.path), "redline", "redline-test"] + [a.format(tmp=tmp_path) for a in arguments]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not (tmp_path / "x.docx").exists()


def test_a_section_lead_in_and_a_left_out_closing_formula_redline_like_any_other_paragraph() -> None:
    old = draft_with(("energy", clause(1, "The Participants intend to talk.")))
    sections = tuple(
        s.model_copy(update={"lead_in": "Both sides share these aims:"}) if s.id == "energy" else s
        for s in old.sections
    )
    new = assemble.update_settings(old.model_copy(update={"sections": sections}), closing="")
    data = redline(old, new)
    assert accepted(data) == exported(new) and rejected(data) == exported(old)
    assert "Both sides share these aims:" in marks(data, "ins")
