"""`charter review`: a counterpart's tracked changes listed as JSON, then accepted, rejected or bracketed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter.cli import main
from charter.drafting.model import Draft
from charter.store import Store
from charter.word import export_bytes
from tests.conftest import DATA
from tests.negotiation.markup import US, Markup

SMALL = str(DATA / "clauses" / "small")


@pytest.fixture
def marked(tmp_path: Path, store: Store, saved_draft: Draft, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHARTER_DB", str(tmp_path / "charter.db"))
    monkeypatch.setenv("CHARTER_AUTHOR", "Leyla")
    path = tmp_path / "from-washington.docx"
    path.write_bytes(
        Markup(export_bytes(saved_draft))
        .replace("intend to", "will", after="The Participants ")
        .replace("", "significantly ", after="cooperate on ")
        .replace("routine ", "", after="ending ")
        .comment("extension of the gas corridor", "A firmer verb, please.")
        .bytes()
    )
    return path


def charter(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(["--library", SMALL, *words])
    out, err = capsys.readouterr()
    return code, out, err


def test_review_json_lists_every_change_with_its_id_clause_author_and_words(marked: Path, capsys) -> None:
    code, out, _ = charter(capsys, "review", "demo", str(marked), "--json")
    assert code == 0
    listed = json.loads(out)
    assert set(listed) == {"draft", "base", "file", "sha256", "changes", "comments", "warnings"}
    assert listed["base"] == 1
    assert [(c["id"], c["clause"], c["kind"], c["author"], c["before"], c["after"]) for c in listed["changes"]] == [
        ("c1", "I.1", "replacement", US, "intend to", "will"),
        ("c2", "I.2", "insertion", US, "", "significantly "),
        ("c3", "I.2", "deletion", US, "routine ", ""),
    ]
    change = listed["changes"][0]
    assert set(change) == {
        "id", "clause", "clause_id", "kind", "tracked", "moved", "author", "date", "before", "after",
        "context_before", "context_after", "joins",
    }  # fmt: skip
    assert change["date"] == "2026-03-02T09:15:00+00:00" and change["tracked"] is True
    assert listed["comments"][0]["author"] == US and listed["comments"][0]["clause"] == "I.1"


def test_review_without_json_prints_each_change_in_context(marked: Path, capsys) -> None:
    code, out, _ = charter(capsys, "review", "demo", str(marked))
    assert code == 0
    assert "c1    I.1     replacement  U.S. Delegation  2026-03-02 09:15" in out
    assert "\u2026The Participants [-intend to-] [+will+] support the extension of the gas\u2026" in out
    assert "3 change(s), 1 comment(s), based on revision 1" in out


def test_review_decisions_save_one_revision_with_the_bracket_and_the_source(marked: Path, store: Store, capsys) -> None:
    code, out, err = charter(
        capsys, "review", "demo", str(marked), "--accept", "c1", "--reject", "c2", "--bracket", "c3", "--json"
    )
    assert code == 0, err
    saved = json.loads(out)
    assert (saved["revision"], saved["base"], saved["counterpart"]) == (2, 1, "b")
    assert (saved["accepted"], saved["rejected"], saved["bracketed"]) == (["c1"], ["c2"], ["c3"])
    draft = store.load("demo")
    assert draft.clauses()[1].text.startswith("The Participants will support")
    assert "significantly" not in draft.clauses()[2].text
    assert [(p.delegation, p.text) for p in draft.clauses()[2].brackets[0].proposals] == [("a", "routine"), ("b", "")]
    assert store.revision_info("demo", 2).source["file"] == "from-washington.docx"  # type: ignore[index]


def test_review_rest_decides_what_is_not_named_and_the_counterpart_can_be_the_chair(
    marked: Path, store: Store, capsys
) -> None:
    code, out, err = charter(capsys, "review", "demo", str(marked), "--bracket", "c1", "--rest", "reject",
                             "--counterpart", "chair", "-m", "Chair's proposal")  # fmt: skip
    assert code == 0, err
    assert "saved revision 2 (review of revision 1): 0 accepted, 2 rejected, 1 bracketed, 1 comment(s) added" in out
    info = store.revision_info("demo", 2)
    assert info.message == "Chair's proposal" and info.source["delegation"] == "chair"  # type: ignore[index]
    proposals = store.load("demo").clauses()[1].brackets[0].proposals
    assert [(p.delegation, p.text) for p in proposals] == [("a", "intend to"), ("chair", "will")]


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--accept", "c7"], "no change 'c7' (it has c1 to c3)"),
        (["--accept", "c1", "--reject", "c1", "--rest", "accept"], "change c1 is decided twice"),
        (["--accept", "c1"], "2 change(s) are not decided (c2, c3); decide them or give a rest decision"),
    ],
)
def test_review_errors_are_one_line_exit_2_and_save_nothing(
    marked: Path, store: Store, capsys, words: list[str], message: str
) -> None:
    code, _, err = charter(capsys, "review", "demo", str(marked), *words)
    assert code == 2
    assert err.count("\n") == 1 and message in err
    assert store.head("demo") == 1


def test_review_of_a_file_that_is_not_a_docx_or_not_there_is_refused(tmp_path: Path, marked: Path, capsys) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    code, _, err = charter(capsys, "review", "demo", str(broken), "--json")
    assert code == 2 and "not a .docx file" in err
    code, _, err = charter(capsys, "review", "demo", str(tmp_path / "missing.docx"))
    assert code == 2 and "no such file" in err
