"""The Word page offers the negotiation prints beside the charter download (AppTest on the demo database)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from charter.store import Store
from tests.ui.conftest import APP


def test_the_word_page_offers_the_joint_text_the_matrix_and_the_agreed_text(db: Store) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/word.py").run()
    assert not at.exception, at.exception
    assert not any(e.value for e in at.error)
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels[0] == "Download .docx"
    assert labels[-3:] == ["Joint negotiating text", "Negotiation matrix", "Agreed text"]
    assert "Print for the negotiation" in [header.value for header in at.subheader]
