"""Names the Word writers and readers agree on: the charter.* custom properties and the charter's styles."""

from __future__ import annotations

#: The charter.* custom properties an export carries in docProps/custom.xml.
DRAFT_NAME = "charter.draft_name"
DRAFT_ID = "charter.draft_id"
REVISION = "charter.revision"
EXPORT_MODE = "charter.export_mode"
BRACKETS_SHOWN = "charter.brackets_shown"
#: The language code of the text a file holds ("az"); absent: the draft's working language.
LANGUAGE = "charter.language"
#: The export mode of the bilingual table for negotiators, which is read, never imported.
BILINGUAL_MODE = "bilingual"
#: A redline's revisions, older and newer.
REVISION_FROM = "charter.revision_from"
REVISION_TO = "charter.revision_to"

#: The paragraph styles of a clause: its numbered lead paragraph, then its sub-paragraphs.
CLAUSE_STYLE = "Charter Clause"
SUBPARAGRAPH_STYLE = "Charter Subparagraph"


def style_key(name: str) -> str:
    """Return a style name or id as readers compare it: no spaces, lower case ('Charter Clause' -> 'charterclause')."""
    return name.replace(" ", "").lower()


#: The keys readers compare a paragraph's style with.
CLAUSE_KEY = style_key(CLAUSE_STYLE)
SUBPARAGRAPH_KEY = style_key(SUBPARAGRAPH_STYLE)
