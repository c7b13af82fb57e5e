"""Starting a draft from charters typed the ways governments write them (our own wording, see tests/charters.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter.cli import main
from charter.drafting.numbering import number_word, roman
from charter.drafting.render import render_draft
from charter.errors import CharterError
from charter.store import Store
from charter.word import export_bytes
from charter.word.formulas import closing_settings, opening_parties
from charter.word.import_foreign import ImportNewResult, read_new
from tests.charters import CHARTERS, Para, articles, bold_centred, heading_styles, list_numbered, words, write_docx


def imported(tmp_path: Path, paragraphs: list[Para], *, restart_lists: bool = True) -> ImportNewResult:
    path = write_docx(tmp_path / "charter.docx", paragraphs, restart_lists=restart_lists)
    return read_new("charter", path)


def kinds(result: ImportNewResult) -> list[str]:
    return [row.kind for row in result.classification]


def parties(result: ImportNewResult) -> tuple[str, str]:
    return result.draft.settings.party_a.name, result.draft.settings.party_b.name


def outline(result: ImportNewResult) -> list[tuple[str, str, list[int]]]:
    """Return each operative section's heading line, lead-in and paragraph numbers, as the draft shows them."""
    view = render_draft(result.draft)
    return [(s.heading, s.lead_in, [c.number for c in s.clauses]) for s in view.sections if s.number]


def recitals(result: ImportNewResult) -> list[str]:
    return [clause.text for clause in result.draft.sections[0].clauses]


def export_paragraphs(result: ImportNewResult) -> list[str]:
    """Return the body paragraphs of the clean re-export, read by python-docx (signature table aside)."""
    return [p.text for p in docx.Document(io.BytesIO(export_bytes(result.draft, clean=True))).paragraphs]


# -- opening formulas -------------------------------------------------------------------------------

OPENINGS = [
    ("The United States of America and Georgia:", ["the United States of America", "Georgia"]),
    ("The United States and Ukraine:", ["the United States", "Ukraine"]),
    ("The Republic of Armenia and the United States of America:",
     ["the Republic of Armenia", "the United States of America"]),
    ("The Government of Japan and the Government of the Republic of Azerbaijan (the Participants),",
     ["Japan", "the Republic of Azerbaijan"]),
    ("The Kingdom of Norway and the Republic of Chile, hereinafter the Sides,",
     ["the Kingdom of Norway", "the Republic of Chile"]),
    ("The Republic of Chile and the Kingdom of Norway, the Parties,",
     ["the Republic of Chile", "the Kingdom of Norway"]),
    ("The Government of Canada and the Government of Mongolia, hereinafter referred to as the Participants:",
     ["Canada", "Mongolia"]),
    ("Japan, the Republic of Korea and the United States of America, hereinafter the Participants:",
     ["Japan", "the Republic of Korea", "the United States of America"]),
    ("The United Kingdom of Great Britain and Northern Ireland and Trinidad and Tobago:",
     ["the United Kingdom of Great Britain and Northern Ireland", "Trinidad and Tobago"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names"), OPENINGS)
def test_an_opening_formula_names_its_participants(text: str, names: list[str]) -> None:
    found = opening_parties(text)
    assert found is not None and [named.name for named in found] == names


@pytest.mark.parametrize(
    "text",
    [
        "The Participants intend to cooperate and consult:",
        "Recognizing the ties between Georgia and Japan,",
        "The sides will meet in Tbilisi and Washington.",
    ],
)
def test_a_sentence_that_only_mentions_states_is_not_an_opening_formula(text: str) -> None:
    assert opening_parties(text) is None


@pytest.mark.parametrize(("text", "names"), [pair for pair in OPENINGS if len(pair[1]) == 2])
def test_the_opening_formula_fills_the_participants_and_is_not_recital_1(
    tmp_path: Path, text: str, names: list[str]
) -> None:
    result = imported(
        tmp_path,
        [Para("Charter on Strategic Partnership", style="Title"), Para(text),
         Para("Recalling their long friendship,"), Para("Section I: Trade", style="Heading 1"),
         Para("1. Trade will grow.")],
    )  # fmt: skip
    assert kinds(result) == ["title", "chapeau", "recital", "heading", "paragraph"]
    assert list(parties(result)) == names
    assert recitals(result) == ["Recalling their long friendship,"]
    assert result.warnings == []
    exported = export_paragraphs(result)
    assert text in exported and not any("[Participant" in p for p in exported)


def test_an_opening_formula_that_names_no_state_is_kept_as_the_opening_not_as_a_recital(tmp_path: Path) -> None:
    result = imported(
        tmp_path,
        [Para("Joint Charter", style="Title"), Para("The undersigned states, meeting in Geneva,"),
         Para("Recalling their earlier meetings,"), Para("Section I: Trade", style="Heading 1"),
         Para("1. Trade grows.")],
    )  # fmt: skip
    assert kinds(result) == ["title", "chapeau", "recital", "heading", "paragraph"]
    assert "could not be read" in result.classification[1].reason
    assert recitals(result) == ["Recalling their earlier meetings,"]
    assert any("no Participants found" in warning for warning in result.warnings)
    assert "The undersigned states, meeting in Geneva," in export_paragraphs(result)


# -- recitals and the preamble --------------------------------------------------------------------


@pytest.mark.parametrize(
    "opener",
    ["Recognizing", "Recognising", "recognising", "Reaffirming", "reaffirming", "Noting", "Affirming", "Determined",
     "Desiring", "Guided by", "Emphasizing", "Emphasising", "Mindful of"],
)  # fmt: skip
def test_a_paragraph_opening_like_a_recital_is_a_recital_even_without_headings(tmp_path: Path, opener: str) -> None:
    result = imported(
        tmp_path,
        [Para("Charter on Strategic Partnership", style="Title"), Para(f"{opener} the first concern,"),
         Para(f"{opener} the second concern,"), Para("The Participants will meet each year.")],
    )  # fmt: skip
    assert kinds(result) == ["title", "recital", "recital", "paragraph"]
    assert len(recitals(result)) == 2


@pytest.mark.parametrize(
    "marker",
    [Para("Preamble", bold=True), Para("PREAMBLE"), Para("Preamble", style="Heading 1"),
     Para("PREAMBLE", centred=True, bold=True)],
)  # fmt: skip
def test_a_preamble_marker_in_any_style_is_a_heading_not_a_recital(tmp_path: Path, marker: Para) -> None:
    result = imported(
        tmp_path,
        [Para("Charter on Strategic Partnership", style="Title"), marker,
         Para("The Kingdom of Norway and the Republic of Chile:"), Para("Noting their trade,"),
         Para("Welcoming their new air link,"), Para("Section I: Trade", style="Heading 1"), Para("1. Trade grows.")],
    )  # fmt: skip
    assert kinds(result) == ["title", "heading", "chapeau", "recital", "recital", "heading", "paragraph"]
    assert result.classification[1].role == "preamble"
    assert len(recitals(result)) == 2
    assert result.draft.settings.preamble_heading == marker.text
    assert export_paragraphs(result)[1] == marker.text


# -- the charters, one per way of typing them -----------------------------------------------------------


def test_a_charter_in_heading_styles_keeps_its_section_lead_in_out_of_the_paragraph_numbers(tmp_path: Path) -> None:
    result = imported(tmp_path, heading_styles())
    assert parties(result) == ("the United States of America", "Georgia")
    assert len(recitals(result)) == 4
    assert outline(result) == [
        ("Section I: Principles of Partnership", "This Charter rests on principles that both sides hold:", [1, 2, 3]),
        ("Section II: Energy and Trade", "", [1, 2]),
    ]
    assert result.classification[7].kind == "lead-in" and result.classification[7].role == "section"
    first_trade = result.draft.sections[[s.title for s in result.draft.sections].index("Energy and Trade")].clauses[0]
    assert first_trade.text.split("\n")[1:] == [
        "(a) lowering barriers to investment;",
        "(b) supporting new transit corridors.",
    ]
    assert result.warnings == []


def test_an_absent_closing_formula_stays_absent_in_the_export(tmp_path: Path) -> None:
    result = imported(tmp_path, heading_styles())
    assert result.draft.settings.closing == "" and "closing" not in kinds(result)
    text = "\n".join(export_paragraphs(result))
    assert "[place]" not in text and "[date]" not in text and "Signed at" not in text
    assert "Have come to the following" not in text  # nor a lead-in the file did not have


def test_a_charter_in_bold_centred_normal_paragraphs_reads_its_headings_preamble_and_closing(tmp_path: Path) -> None:
    result = imported(tmp_path, bold_centred())
    assert kinds(result) == [
        "title", "heading", "chapeau", "recital", "recital", "recital", "lead-in",
        "heading", "paragraph", "paragraph", "heading", "paragraph", "closing", "signature", "signature",
    ]  # fmt: skip
    assert parties(result) == ("the Republic of Armenia", "the United States of America")
    assert outline(result) == [("I. PRINCIPLES", "", [1, 2]), ("II. TRADE AND INVESTMENT", "", [1])]
    assert result.draft.settings.preamble_heading == "PREAMBLE"
    assert result.draft.settings.lead_in == "Have agreed as follows:"


def test_a_present_closing_formula_fills_place_date_and_languages_and_keeps_its_wording(tmp_path: Path) -> None:
    result = imported(tmp_path, bold_centred())
    saved = result.draft.settings
    assert (saved.place, saved.date, saved.languages) == ("Yerevan", "14 May 2026", ("Armenian", "English"))
    assert (
        saved.closing
        == "Done at ${place}, on ${date}, in duplicate, in ${languages}, both texts being equally authentic."
    )
    assert render_draft(result.draft).testimonium == bold_centred()[12].text


def test_word_list_numbering_that_restarts_in_each_part_numbers_each_part_from_one(tmp_path: Path) -> None:
    result = imported(tmp_path, list_numbered())
    labels = [row.text.split()[0] for row in result.classification if row.kind in ("paragraph", "subparagraph")]
    assert labels == ["1.", "2.", "3.", "(a)", "(b)", "1.", "2.", "3."]
    assert outline(result) == [
        ("Part One: Security Cooperation", "", [1, 2, 3]),
        ("Part Two: Economic Security", "", [1, 2, 3]),
    ]
    assert [row.role for row in result.classification if row.kind == "heading"] == ["section", "title"] * 2
    assert len(recitals(result)) == 2 and recitals(result)[0].startswith("Affirming")


def test_more_than_two_partners_are_all_named_and_the_opening_reads_as_typed(tmp_path: Path) -> None:
    result = imported(tmp_path, list_numbered())
    assert parties(result) == ("Japan", "the Republic of Korea and the United States of America")
    assert any("names 3 Participants" in warning for warning in result.warnings)
    assert render_draft(result.draft).chapeau == list_numbered()[1].text


def test_word_list_numbering_that_runs_on_across_sections_is_reported(tmp_path: Path) -> None:
    result = imported(tmp_path, list_numbered(), restart_lists=False)
    numbers = [row.text.split()[0] for row in result.classification if row.kind == "paragraph"]
    assert numbers == ["3.", "4.", "5.", "6.", "7.", "8."]  # the recitals took 1 and 2
    assert outline(result)[1][2] == [1, 2, 3]
    assert any("numbers its paragraphs 6, 7, 8; the draft numbers them 1 to 3" in w for w in result.warnings)


def test_untitled_article_headings_are_written_as_the_file_writes_them(tmp_path: Path) -> None:
    result = imported(tmp_path, articles())
    assert parties(result) == ("the United States", "Ukraine")
    assert result.draft.settings.heading == "Article {number}"
    assert outline(result) == [("Article 1", "", [1, 2]), ("Article 2", "", [1])]
    saved = result.draft.settings
    assert (saved.place, saved.date, saved.languages) == ("Kyiv", "fifth day of June, 2026", ("Ukrainian", "English"))
    assert kinds(result)[-3:] == ["closing", "signature", "signature"]


def test_an_untitled_heading_does_not_take_the_next_heading_as_its_title(tmp_path: Path) -> None:
    result = imported(
        tmp_path,
        [Para("Charter", style="Title"), Para("The United States and Ukraine:"), Para("Noting our ties,"),
         Para("SECTION I", bold=True), Para("SECTION II", bold=True), Para("1. Trade grows."),
         Para("SECTION III", bold=True), Para("OCEANS", bold=True), Para("1. Fish stocks recover.")],
    )  # fmt: skip
    roles = [row.role for row in result.classification if row.kind == "heading"]
    assert roles == ["section", "section", "section", "title"]
    titles = [s.title for s in result.draft.sections if s.clauses and not s.is_preamble]
    assert titles == ["Regional Connectivity, Trade and Transit", "OCEANS"]  # the empty SECTION I has no clauses
    assert any("headings without a title take the name of their area" in w for w in result.warnings)


@pytest.mark.parametrize("name", sorted(CHARTERS))
def test_every_word_of_each_charter_comes_back_in_its_re_export(tmp_path: Path, name: str) -> None:
    paragraphs = CHARTERS[name]()
    result = imported(tmp_path, paragraphs)
    typed = [para.text for para in paragraphs if not para.signature]
    assert words(export_paragraphs(result)) == words(typed)


def test_the_closing_formula_reader_finds_place_date_and_languages() -> None:
    found, _ = closing_settings(
        "Done in duplicate at Baku on 12 March 2026 in the Azerbaijani, Japanese and English languages."
    )
    assert found == {"place": "Baku", "date": "12 March 2026", "languages": ("Azerbaijani", "Japanese", "English")}


# -- the command line -----------------------------------------------------------------------------------


def test_import_new_json_reports_the_kind_and_the_reason_of_every_paragraph(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_docx(tmp_path / "armenia.docx", bold_centred())
    assert main(["--db", str(store.path), "import-new", "armenia", str(path), "--json", "--author", "Ann"]) == 0
    rows = json.loads(capsys.readouterr().out)["classification"]
    assert [row["paragraph"] for row in rows] == list(range(1, 16))
    assert {row["kind"] for row in rows} == {
        "title",
        "heading",
        "chapeau",
        "recital",
        "lead-in",
        "paragraph",
        "closing",
        "signature",
    }
    assert rows[1]["reason"] == "'PREAMBLE' marks the preamble (in bold)"
    assert rows[3]["reason"] == "opens with 'Recognising', as a recital does"
    assert all(row["reason"] and row["text"] for row in rows)
    assert store.load("armenia").settings.party_a.name == "the Republic of Armenia"


# -- property: importing and re-exporting keeps every word -------------------------------------------------

STATES = ["the United States of America", "Georgia", "Ukraine", "the Republic of Armenia", "Japan",
          "the Kingdom of Norway", "Trinidad and Tobago", "the Republic of Korea"]  # fmt: skip
OPENERS = ["Recognizing", "Recognising", "reaffirming", "Noting", "Affirming", "Determined", "Desiring", "Guided by"]
VOCABULARY = (
    "cooperation partners region security energy trade growth people future values law peace dialogue "
    "science culture ports rail digital markets Europe Asia Baku Tbilisi water climate health"
).split()
HEADINGS = ["Section {roman}: {title}", "SECTION {roman}: {TITLE}", "{roman}. {TITLE}", "Part {word}: {title}",
            "Article {number}", "SECTION {roman}\n{TITLE}"]  # fmt: skip

phrases = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join)
titles = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(
    lambda ws: " ".join(w.capitalize() for w in ws)
)


@st.composite
def charters(draw: st.DrawFn) -> list[Para]:
    """Return a charter in one of the ways of typing them: formula, recitals, headed sections, closing."""
    names = draw(st.lists(st.sampled_from(STATES), min_size=2, max_size=3, unique=True))
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    listed = listed[0].upper() + listed[1:]
    opening = draw(st.sampled_from([f"{listed}:", f"{listed}, hereinafter the Sides,", f"{listed}, the Parties,"]))
    heading_style = draw(st.sampled_from(["Heading 1", "bold"]))
    numbering = draw(st.sampled_from(["typed", "none", "word"]))
    pattern = draw(st.sampled_from(HEADINGS))
    out = [Para(f"Charter on Strategic Partnership between {names[0]} and {names[1]}", style="Title")]
    if draw(st.booleans()):
        out.append(Para("PREAMBLE", bold=True, centred=True))
    out.append(Para(opening))
    for _ in range(draw(st.integers(1, 3))):
        out.append(Para(f"{draw(st.sampled_from(OPENERS))} {draw(phrases)},"))
    if draw(st.booleans()):
        out.append(Para("Have decided as follows:"))
    for section in range(1, draw(st.integers(1, 3)) + 1):
        title = draw(titles)
        values = {"roman": roman(section), "number": str(section), "word": number_word(section), "title": title}
        values["TITLE"] = title.upper()
        for line in pattern.format(**values).split("\n"):
            out.append(
                Para(line, style="Heading 1") if heading_style == "Heading 1" else Para(line, bold=True, centred=True)
            )
        if numbering != "none" and draw(st.booleans()):
            out.append(Para(f"The Participants share these {draw(phrases)} aims:"))
        for number in range(1, draw(st.integers(1, 3)) + 1):
            text = f"The Participants will {draw(phrases)}."
            if numbering == "typed":
                out.append(Para(f"{number}. {text}"))
            else:
                out.append(Para(text, numbered=f"s{section}" if numbering == "word" else None))
            for letter in "ab"[: draw(st.integers(0, 2))]:
                sub = f"{draw(phrases)};"
                out.append(
                    Para(sub, numbered=f"s{section}", level=1) if numbering == "word" else Para(f"({letter}) {sub}")
                )
    if draw(st.booleans()):
        out.append(Para(f"Done at {draw(st.sampled_from(['Baku', 'Tbilisi', 'Kyiv']))}, on 3 May 2026, in duplicate, "
                        "in the English and Georgian languages, both texts being equally authentic."))  # fmt: skip
        out.extend(Para(f"For {name}:", signature=True) for name in names)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(charters())
def test_importing_and_re_exporting_any_such_charter_keeps_every_word(paragraphs: list[Para]) -> None:
    source = io.BytesIO()
    write_docx(source, paragraphs)
    result = read_new("generated", source.getvalue())
    typed = [para.text for para in paragraphs if not para.signature]
    assert words(export_paragraphs(result)) == words(typed)
    assert not any(p.startswith("[Participant") for p in export_paragraphs(result))


FRAGMENTS = ["Done at Baku, on 1 May 2026", "Section IV", "PREAMBLE", "The Republic of Chile and Japan:", "Noting",
             "Have decided as follows:", "1.", "(a)", "For Japan:", "Article 2", "in the English language", "$",
             "${party_a}", "Part Seven", "II.", "hereinafter the Sides", ",", ":", ";", "."]  # fmt: skip
odd_paragraphs = st.lists(
    st.builds(
        Para,
        st.lists(
            st.sampled_from(FRAGMENTS)
            | st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30),
            min_size=1,
            max_size=8,
        ).map(" ".join),
        style=st.sampled_from(["Normal", "Title", "Heading 1", "Heading 2", "List Number"]),
        bold=st.booleans(),
        centred=st.booleans(),
        numbered=st.sampled_from([None, "x", "y"]),
        level=st.integers(0, 1),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_paragraphs)
def test_any_mix_of_formula_fragments_gives_a_draft_that_exports_or_a_one_line_error(paragraphs: list[Para]) -> None:
    source = io.BytesIO()
    write_docx(source, paragraphs)
    try:
        result = read_new("odd", source.getvalue())
    except CharterError as err:
        assert "\n" not in str(err)
        return
    written = {index for index, para in enumerate(paragraphs, start=1) if para.text.strip()}
    assert written <= {row.paragraph for row in result.classification}
    assert export_bytes(result.draft, clean=True)[:2] == b"PK"


def test_paragraphs_after_the_signatures_are_named_in_a_warning(tmp_path: Path) -> None:
    annex = [Para(f"Annex paragraph {n} adds several sentences of text below the signatures.") for n in range(20)]
    result = imported(tmp_path, [*bold_centred(), *annex])
    found = [w for w in result.warnings if "after the closing formula" in w]
    assert len(found) == 1 and found[0].startswith("20 paragraph(s)"), result.warnings
    assert not [w for w in imported(tmp_path, bold_centred()).warnings if "after the closing formula" in w]
