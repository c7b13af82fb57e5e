"""The injection corpus: strings that Markdown, Streamlit's extensions or a browser would act on."""

from __future__ import annotations

import re

from charter.drafting.render import WORD_JOINER

CORPUS = [
    "[phish](https://evil.example/x)",
    "**bold**",
    ":red[red]",
    "[link](javascript:alert(1))",
    "{0.__class__}",
    "<script>alert(1)</script>",
    "$x^2$",
]
#: All of the corpus in one line, for fields that take one value.
LINE = " ".join(CORPUS)

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
