"""Small charters written the ways governments type them, in our own words, built with python-docx.

Each builder returns the paragraphs of one charter; `write_docx` writes them. Paragraphs marked
`signature` are the signature blocks, which a re-export writes its own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: The list definition the builders number with: '1.' at level 0 and '(a)' at level 1.
_ABSTRACT = f"""<w:abstractNum xmlns:w="{W}" w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>"""


@dataclass(frozen=True)
class Para:
    """One paragraph to write: its text and how it is set."""

    text: str
    style: str = "Normal"
    bold: bool = False
    centred: bool = False
    #: Word list to number the paragraph with (a name; each name is one `w:num`), and its level.
    numbered: str | None = None
    level: int = 0
    signature: bool = False


def write_docx(path: Path | IO[bytes], paragraphs: list[Para], *, restart_lists: bool = True) -> Path | IO[bytes]:
    """Write the paragraphs as a .docx; each named list restarts at 1 unless `restart_lists` is False."""
    document = docx.Document()
    lists: dict[str, int] = {}
    for para in paragraphs:
        paragraph = document.add_paragraph(style=para.style)
        paragraph.add_run(para.text).bold = para.bold or None
        if para.centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if para.numbered is not None:
            key = para.numbered if restart_lists else "one list"
            if key not in lists:
                lists[key] = _new_list(document, restart=restart_lists)
            numpr = parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{para.level}"/><w:numId w:val="{lists[key]}"/></w:numPr>'
            )
            paragraph._p.get_or_add_pPr().append(numpr)
    document.save(str(path) if isinstance(path, Path) else path)
    return path


def _new_list(document: DocxDocument, *, restart: bool) -> int:
    """Return the id of a new list on the builders' definition, restarting at 1 as LibreOffice writes it."""
    numbering = document.part.numbering_part.element
    abstracts = numbering.findall(f"{{{W}}}abstractNum")
    if not any(a.get(f"{{{W}}}abstractNumId") == "90" for a in abstracts):
        abstracts[-1].addnext(parse_xml(_ABSTRACT))
    used = [int(n.get(f"{{{W}}}numId")) for n in numbering.findall(f"{{{W}}}num")]
    num_id = max(used, default=0) + 1
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>')
    )
    return num_id


def heading_styles() -> list[Para]:
    """Georgia-like: Heading styles, a plain opening formula, a section lead-in, no closing formula."""
    return [
        Para("United States\u2013Georgia Charter on Strategic Partnership", style="Title"),
        Para("The United States of America and Georgia:"),
        Para("Recognizing the friendship that has grown between our peoples over three decades,"),
        Para("Reaffirming that every nation is free to choose the partnerships it joins,"),
        Para("noting our shared interest in a stable and prosperous Black Sea region,"),
        Para("Guided by the aims of the joint statements our governments have issued,"),
        Para("Section I: Principles of Partnership", style="Heading 1"),
        Para("This Charter rests on principles that both sides hold:"),
        Para("1. Respect for the sovereignty and territorial integrity of each side."),
        Para("2. The peaceful settlement of disputes through dialogue."),
        Para("3. Support for democratic institutions and the rule of law."),
        Para("Section II: Energy and Trade", style="Heading 1"),
        Para("1. The sides intend to widen trade in goods and services, including by:"),
        Para("(a) lowering barriers to investment;"),
        Para("(b) supporting new transit corridors."),
        Para("2. The sides plan regular talks on the security of energy supply."),
    ]


def bold_centred() -> list[Para]:
    """Armenia-like: everything in Normal, headings bold and centred, British spelling, a closing formula."""
    heading = {"bold": True, "centred": True}
    return [
        Para(
            "CHARTER ON STRATEGIC PARTNERSHIP BETWEEN THE REPUBLIC OF ARMENIA AND THE UNITED STATES OF AMERICA",
            **heading,
        ),
        Para("PREAMBLE", **heading),
        Para("The Republic of Armenia and the United States of America, hereinafter referred to as the Sides,"),
        Para("Recognising the value of a partnership built on common democratic values,"),
        Para("Emphasising their joint wish to deepen cooperation in science and education,"),
        Para("Determined to strengthen the resilience of the South Caucasus,"),
        Para("Have agreed as follows:"),
        Para("I. PRINCIPLES", **heading),
        Para("1. The Sides affirm their respect for international law."),
        Para("2. The Sides commit to regular dialogue at a high level."),
        Para("II. TRADE AND INVESTMENT", **heading),
        Para("1. The Sides intend to expand two-way trade and investment."),
        Para(
            "Done at Yerevan, on 14 May 2026, in duplicate, in the Armenian and English languages, "
            "both texts being equally authentic."
        ),
        Para("For the Republic of Armenia:", signature=True),
        Para("For the United States of America:", signature=True),
    ]


def list_numbered() -> list[Para]:
    """Trilateral: Word's automatic numbering restarting in each part, two-line 'Part One' headings."""
    return [
        Para("Charter on Strategic Partnership", style="Title"),
        Para("Japan, the Republic of Korea and the United States of America, hereinafter the Participants:"),
        Para("Affirming their common commitment to a free and open region,", numbered="recitals"),
        Para("Desiring to coordinate their policies more closely,", numbered="recitals"),
        Para("Part One", style="Heading 1"),
        Para("Security Cooperation", bold=True),
        Para("The Participants will consult promptly on shared threats.", numbered="one"),
        Para("The Participants will hold joint exercises each year.", numbered="one"),
        Para("The Participants will exchange information in the following fields:", numbered="one"),
        Para("maritime awareness;", numbered="one", level=1),
        Para("cyber defence.", numbered="one", level=1),
        Para("Part Two", style="Heading 1"),
        Para("Economic Security", bold=True),
        Para("The Participants will map their supply chains for critical minerals.", numbered="two"),
        Para("The Participants will screen investments in sensitive technologies.", numbered="two"),
        Para("The Participants will review this cooperation every two years.", numbered="two"),
    ]


def articles() -> list[Para]:
    """Ukraine-like: untitled 'Article 1' headings, unnumbered paragraphs, a 'this ... day of' closing."""
    return [
        Para("Charter on Strategic Partnership between the United States and Ukraine", style="Title"),
        Para("The United States and Ukraine:"),
        Para("Recalling the principles of the Charter of the United Nations,"),
        Para("Convinced that a secure Ukraine serves the peace of Europe,"),
        Para("Article 1", style="Heading 2"),
        Para("The sides will deepen their cooperation on defence and security."),
        Para("The sides will consult whenever either faces a threat to its security."),
        Para("Article 2", style="Heading 2"),
        Para("The sides will work together on energy efficiency and nuclear safety."),
        Para(
            "Signed at Kyiv, this fifth day of June, 2026, in duplicate, in the Ukrainian and English languages, "
            "both texts being equally authentic."
        ),
        Para("FOR THE UNITED STATES OF AMERICA:", signature=True),
        Para("FOR UKRAINE:", signature=True),
    ]


CHARTERS = {
    "heading-styles": heading_styles,
    "bold-centred": bold_centred,
    "list-numbered": list_numbered,
    "articles": articles,
}

_LABEL = re.compile(r"^\s*(?:\d{1,4}[.)]|\(?[a-z]{1,3}[.)])\s*")
_SIGNATURE = re.compile(r"^\s*(?:(?:For|FOR)\s.{0,150}|[_\-+=\s]*|\|.*)$")


def words(paragraphs: list[str]) -> list[str]:
    """Return the words of a charter's paragraphs, leaving out numbers, letters and signature lines.

    The labels '1.' and '(a)' that start a line are structure (a re-export numbers every
    paragraph, and Word's automatic numbers are not text); signature blocks are written the
    exporter's own way, in a table (the only table in these charters, '|' rows in pandoc's output).
    """
    found: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            if _SIGNATURE.match(line):
                continue
            found.extend(re.findall(r"\w+", _LABEL.sub("", line, count=1)))
    return found


def plain_paragraphs(plain: str) -> list[str]:
    """Return the paragraphs of `pandoc -t plain --wrap=none` output (blank-line separated)."""
    return [block for block in re.split(r"\n\s*\n", plain) if block.strip()]
