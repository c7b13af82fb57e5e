"""The Word page brings an edited export back (AppTest on the demo database): the revision says who saved it."""

from __future__ import annotations

from charter.drafting.demo import DEMO_NAME
from charter.store import Store
from charter.word import export_bytes
from tests.negotiation.markup import Markup
from tests.ui.test_ui import app, button

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_import_saved_on_the_word_page_records_the_delegation_its_author_speaks_for(db: Store) -> None:
    edited = Markup(export_bytes(db.load(DEMO_NAME))).replace("intend to", "will", after="The Participants ").bytes()
    at = app("word")
    at.selectbox(key="delegation-input").set_value("a").run()
    at.file_uploader(key="upload-0").set_value(("from-washington.docx", edited, DOCX)).run()
    assert not at.exception, at.exception
    head = db.head(DEMO_NAME)
    button(at, "Save as a new revision").click().run()
    assert not at.exception, at.exception
    assert db.head(DEMO_NAME) == head + 1
    saved = db.revision_info(DEMO_NAME, head + 1)
    assert (saved.author, saved.delegation) == ("Ann", "a")
    assert saved.source == {"file": "from-washington.docx", "delegation": "b"}
