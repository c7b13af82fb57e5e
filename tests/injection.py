"""The injection corpus: strings that Markdown, Streamlit's extensions or a browser would act on."""

from __future__ import annotations

import re

from charter.drafting import assemble
from charter.drafting.render import WORD_JOINER
from charter.store import Store

CORPUS = [
    "[phish](https://evil.example/x)",
    "**bold**",
    ":red[red]",
    "[link](javascript:alert(1))",
    "{0.__class__}",
    "<script>alert(1)</script>",
    "$x^2$",
    ":smile:",
]
#: All of the corpus in one line, for fields that take one value.
LINE = " ".join(CORPUS)

# The corpus in every field a user can set; each value starts with a tag that tells where it came from.
NAME = "inj __bold__ (x.y)"
TITLE = f"Title {LINE}"
PARTY_A = f"PA {LINE}"
PARTY_B = f"PB {CORPUS[0]} {CORPUS[2]}"
PLACE = f"Place {LINE}"
DATE = f"{CORPUS[3]} {CORPUS[6]}"
MARKING = f"{CORPUS[1]} {CORPUS[5]}"
SECTION = f"S {LINE}"
CLAUSE_TITLE = f"T {LINE}"
CLAUSE_TEXT = f"X {LINE} in ${{place}}"
COMMENT_AUTHOR = f"CA {LINE}"
COMMENT = f"C {LINE}"
AUTHOR = f"A {LINE}"
MESSAGE = f"M {LINE}"
FORMULA_AUTHOR = '=HYPERLINK("https://evil.example/x","click")'
FORMULA_MESSAGE = "=cmd|' /C calc'!A0"


def seed(store: Store) -> None:
    """Save one draft with the corpus in every field, in two revisions (the second by a formula-named author)."""
    settings = assemble.make_settings(
        PARTY_A, PARTY_B, f"pa {LINE}", f"pb {LINE}", title=TITLE, place=PLACE, date=DATE, marking=MARKING
    )
    draft = assemble.new_draft(NAME, settings)
    draft, first = assemble.add_custom(draft, "preamble", CLAUSE_TITLE, CLAUSE_TEXT)
    draft, second = assemble.add_custom(draft, "energy", f"T2 {LINE}", f"X2 {LINE}")
    draft = assemble.add_comment(draft, first.id, COMMENT_AUTHOR, COMMENT)
    draft = assemble.rename_section(draft, "energy", SECTION)
    saved = store.create(draft, AUTHOR, MESSAGE)
    store.save(assemble.set_text(saved, second.id, f"Y {LINE}"), 1, FORMULA_AUTHOR, FORMULA_MESSAGE)


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(source: str) -> str:
    """Return what escaped Markdown reads as: backslash escapes resolved, word joiners dropped."""
    return _ESCAPE.sub(r"\1", source).replace(WORD_JOINER, "")


def unescaped_special(source: str) -> list[str]:
    """Return the Markdown control characters in `source` that no backslash escapes."""
    found = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            index += 2
            continue
        if re.match(r"[!-/:-@\[-`{-~]", char):
            found.append(char)
        index += 1
    return found
