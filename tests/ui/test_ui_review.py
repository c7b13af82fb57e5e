"""The Review page in AppTest: upload a marked-up export, decide each change, save one revision."""

from __future__ import annotations

from charter.drafting.demo import DEMO_NAME
from charter.store import Store
from charter.word import export_bytes
from tests.injection import unescape
from tests.negotiation.markup import US, Markup
from tests.ui.test_ui import app, button

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def marked(db: Store, author: str = US, new: str = "will") -> bytes:
    return (
        Markup(export_bytes(db.load(DEMO_NAME)), author=author)
        .replace("intend to", new, after="The Participants ")
        .replace("", "secure and ", after="support the ")
        .replace("phased ", "", after="operation and ")
        .comment("gas transportation corridor", "Capacity figures to follow.")
        .bytes()
    )


def html_bodies(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [element.proto.body for element in at.get("html")]


def uploaded(db: Store, data: bytes):  # type: ignore[no-untyped-def]
    at = app("review")
    at.file_uploader[0].set_value(("from-washington.docx", data, DOCX)).run()
    assert not at.exception, at.exception
    return at


def test_the_review_page_lists_each_change_in_context_and_saves_the_decisions_as_one_revision(db: Store) -> None:
    at = uploaded(db, marked(db))
    headers = [m.value for m in at.markdown if m.value.startswith("**c")]
    assert len(headers) == 3 and all("U.S. Delegation" in unescape(h) for h in headers)
    bodies = html_bodies(at)
    assert any("<del" in b and "intend to" in b and "<ins" in b and "will" in b for b in bodies)
    assert button(at, "Save review").disabled is False
    button(at, "Accept all in I.1").click().run()
    keys = [r.key for r in at.radio if r.key and r.key.startswith("review-") and r.key != "review-counterpart"]
    assert [at.radio(key=k).value for k in keys] == ["accept", "accept", "accept"]
    at.radio(key=keys[1]).set_value("reject").run()
    at.radio(key=keys[2]).set_value("bracket").run()
    head = db.head(DEMO_NAME)
    button(at, "Save review").click().run()
    assert not at.exception, at.exception
    assert db.head(DEMO_NAME) == head + 1
    assert any(f"revision {head + 1}" in t.value for t in at.toast)
    info = db.revision_info(DEMO_NAME, head + 1)
    assert info.source is not None
    assert (info.source["accepted"], info.source["rejected"], info.source["bracketed"]) == (["c1"], ["c2"], ["c3"])
    corridor = db.load(DEMO_NAME).clauses()[4]
    assert corridor.text.startswith("The Participants will support the reliable operation and ")
    assert [(p.delegation, p.text) for p in corridor.brackets[0].proposals] == [("a", "phased"), ("b", "")]
    assert corridor.comments[-1].text == "Capacity figures to follow."


def test_saving_with_changes_left_open_is_refused_and_saves_nothing(db: Store) -> None:
    at = uploaded(db, marked(db))
    button(at, "Accept all in I.1").click().run()
    keys = [r.key for r in at.radio if r.key and r.key.startswith("review-") and r.key != "review-counterpart"]
    at.radio(key=keys[0]).set_value(None).run()
    head = db.head(DEMO_NAME)
    button(at, "Save review").click().run()
    assert any("Decide every change first: c1 are still open" in e.value for e in at.error)
    assert db.head(DEMO_NAME) == head
    button(at, "Reject all").click().run()
    button(at, "Save review").click().run()
    assert db.head(DEMO_NAME) == head + 1


def test_authors_and_words_from_the_file_are_shown_escaped(db: Store) -> None:
    at = uploaded(db, marked(db, author="**Mallory** :red[x]", new="<b>will</b> <script>alert(1)</script>"))
    headers = [m.value for m in at.markdown if m.value.startswith("**c")]
    assert all("\\*\\*Mallory\\*\\*" in h and "\\:red\\[x\\]" in h for h in headers), headers
    bodies = " ".join(html_bodies(at))
    assert "<script>" not in bodies and "&lt;script&gt;" in bodies and "&lt;b&gt;will&lt;/b&gt;" in bodies


def test_a_file_that_is_not_an_export_of_this_draft_or_not_a_docx_is_refused_with_the_reason(db: Store) -> None:
    other = db.load(DEMO_NAME).model_copy(update={"name": "other", "draft_id": "0123456789abcdef", "revision": 1})
    at = uploaded(db, Markup(export_bytes(other)).replace("intend to", "will", after="The Participants ").bytes())
    assert any(f"not an export of draft '{DEMO_NAME}'" in unescape(e.value) for e in at.error), at.error
    assert not [b for b in at.button if b.label == "Save review"]
    at = uploaded(db, b"PK not really a zip")
    assert any("not a readable .docx file" in unescape(e.value) for e in at.error), at.error
